// A people import's progress: the bar and the row count move while the worker reads or writes the
// file; when it is done the page reloads once to show what it did. Without JavaScript the page's
// Refresh header reloads it every few seconds instead.
(function () {
  var box = document.getElementById("import-progress");
  if (!box || box.dataset.working !== "1") return;
  function show(p) {
    ["rows_done", "total_rows", "status_display"].forEach(function (k) {
      var el = box.querySelector('[data-field="' + k + '"]');
      if (el) el.textContent = typeof p[k] === "number" ? p[k].toLocaleString(document.documentElement.lang || undefined) : p[k];
    });
    var bar = box.querySelector('[data-field="bar"]');
    if (bar) {
      bar.value = p.percent_done;
      bar.textContent = p.percent_done + "%";
    }
  }
  function refresh() {
    fetch(box.dataset.progressUrl, {credentials: "same-origin"})
      .then(function (r) { return r.json(); })
      .then(function (p) {
        show(p);
        if (p.working) setTimeout(refresh, 1000);
        else window.location.reload();
      })
      .catch(function () { setTimeout(refresh, 3000); });
  }
  setTimeout(refresh, 1000);
})();
