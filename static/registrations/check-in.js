// The check-in page: filter the list as staff type, and tick arrivals without reloading the page.
// Without this script the page still works: search submits the form, a tick posts and comes back.
(function () {
  "use strict";
  var list = document.querySelector(".check-in-list");
  if (!list) return;
  var search = document.getElementById("check-in-search");
  var none = document.querySelector(".check-in-none");

  // Arabic and Persian keyboards write ye and kaf differently; a search should not care.
  function normalise(text) {
    return (text || "").toLocaleLowerCase().replace(/\u064a/g, "\u06cc").replace(/\u0643/g, "\u06a9")
      .normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/\s+/g, " ").trim();
  }

  var rows = Array.prototype.slice.call(list.querySelectorAll(".check-in-row"));
  rows.forEach(function (row) { row.dataset.searchNormalised = normalise(row.dataset.search); });

  function filter() {
    var words = normalise(search.value).split(" ").filter(Boolean);
    var shown = 0;
    rows.forEach(function (row) {
      var match = words.every(function (word) { return row.dataset.searchNormalised.indexOf(word) !== -1; });
      row.hidden = !match;
      if (match) shown += 1;
    });
    none.hidden = shown > 0;
  }
  if (search) {
    search.addEventListener("input", filter);
    search.form.addEventListener("submit", function (event) { event.preventDefault(); filter(); });
  }

  function show(row, arrived) {
    var button = row.querySelector(".check-in-button");
    row.classList.toggle("is-arrived", arrived);
    button.classList.toggle("btn-success", arrived);
    button.classList.toggle("btn-outline-dark", !arrived);
    button.setAttribute("aria-pressed", arrived ? "true" : "false");
    button.textContent = arrived ? list.dataset.labelArrived : list.dataset.labelAbsent;
    row.querySelector("input[name=arrived]").value = arrived ? "0" : "1";
  }

  list.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.classList.contains("check-in-form")) return;
    event.preventDefault();
    var row = form.closest(".check-in-row");
    var button = form.querySelector("button");
    button.disabled = true;
    fetch(form.action || window.location.pathname, {
      method: "POST",
      body: new FormData(form),
      headers: { "X-Requested-With": "fetch" },
      credentials: "same-origin",
    }).then(function (response) {
      if (!response.ok) throw new Error(response.status);
      return response.json();
    }).then(function (data) {
      show(row, data.arrived);
      Object.keys(data.shown_counts || {}).forEach(function (name) {
        var counter = document.querySelector("[data-count=" + name + "]");
        if (counter) counter.textContent = data.shown_counts[name];
      });
    }).catch(function () {
      window.alert(list.dataset.error);
    }).then(function () {
      button.disabled = false;
    });
  });
})();
