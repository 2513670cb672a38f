// The signing form's helpers; the form works without them. No inline script: the CSP forbids it.
(function () {
  "use strict";

  // After a failed submit: the summary of mistakes takes the focus (where autofocus did not), and
  // its links put the focus in the field they name, not only scroll to it.
  var summary = document.querySelector("[data-error-summary]");
  if (summary) {
    if (document.activeElement !== summary) summary.focus();
    summary.addEventListener("click", function (event) {
      var link = event.target.closest("a[href^='#']");
      var field = link && document.getElementById(link.getAttribute("href").slice(1));
      if (!field || !field.matches("input, select, textarea")) return;
      event.preventDefault();
      var label = document.querySelector("label[for='" + field.id + "']");
      (label || field).scrollIntoView({ block: "start" });
      field.focus({ preventScroll: true });
    });
  }

  // A fresh form's country starts at the site's default; the browser's language may name a better
  // one (en-US, fa-IR, de-AT). Never overrides a choice the signer made.
  var form = document.querySelector("form[data-fresh-form]");
  var country = form && form.querySelector("select[data-browser-default]");
  if (country) {
    var initial = country.value;
    var languages = navigator.languages || [navigator.language || ""];
    for (var i = 0; i < languages.length; i++) {
      var region = (languages[i].split("-")[1] || "").toUpperCase();
      if (/^[A-Z]{2}$/.test(region) && country.querySelector("option[value='" + region + "']")) {
        if (country.value === initial) country.value = region;
        break;
      }
    }
  }
})();
