// The "Print" button of a letter to post (templates/letters/print.html).
document.querySelectorAll("[data-print]").forEach((button) => button.addEventListener("click", () => window.print()));
