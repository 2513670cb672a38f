// Live state on a mailing's admin page: the true numbers while anything can still change (sending,
// scheduled, or paused with messages still on their way), then the final state, and the actions
// that apply to it, without a reload. Without JavaScript, reloading the page shows the same.
(function () {
  var box = document.getElementById("mailing-progress");
  if (!box) return;
  var fields = ["sent", "failed", "pending", "in_flight", "skipped", "total", "status_display", "status_note"];
  function show(p) {
    fields.forEach(function (k) {
      var el = box.querySelector('[data-field="' + k + '"]');
      // Counts in the page's language, as the server wrote them (Persian digits in the Persian admin).
      if (el) el.textContent = typeof p[k] === "number" ? p[k].toLocaleString(document.documentElement.lang || undefined) : p[k];
    });
    var bar = box.querySelector('[data-field="bar"]');
    if (bar) bar.style.width = p.percent_done + "%";
    box.querySelectorAll("[data-show-when]").forEach(function (el) {
      el.hidden = el.dataset.showWhen.split(" ").indexOf(p.status) < 0;
    });
  }
  function stillChanging(p) {
    return p.status === "sending" || p.status === "scheduled" || (p.status === "paused" && p.in_flight > 0);
  }
  function refresh() {
    fetch(box.dataset.progressUrl, {credentials: "same-origin"})
      .then(function (r) { return r.json(); })
      .then(function (p) {
        show(p);
        if (stillChanging(p)) setTimeout(refresh, 1500);
      });
  }
  if (["sending", "scheduled", "paused"].indexOf(box.dataset.status) >= 0) setTimeout(refresh, 1500);
})();
