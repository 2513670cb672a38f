// Live progress on a mailing's admin page while it is being sent. Without JavaScript, reloading
// the page shows the same figures.
(function () {
  var box = document.getElementById("mailing-progress");
  if (!box || ["sending", "scheduled"].indexOf(box.dataset.status) < 0) return;
  function refresh() {
    fetch(box.dataset.progressUrl, {credentials: "same-origin"}).then(function (r) { return r.json(); }).then(function (p) {
      ["sent", "failed", "pending", "skipped", "total", "status_display"].forEach(function (k) {
        var el = box.querySelector('[data-field="' + k + '"]');
        // Counts in the page's language, as the server wrote them (Persian digits in the Persian admin).
        if (el) el.textContent = typeof p[k] === "number" ? p[k].toLocaleString(document.documentElement.lang || undefined) : p[k];
      });
      box.querySelector('[data-field="bar"]').style.width = p.percent_done + "%";
      if (p.status === "sending" || p.status === "scheduled") setTimeout(refresh, 2000);
    });
  }
  setTimeout(refresh, 2000);
})();
