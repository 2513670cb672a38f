// The audience form: only the sections that apply to the chosen kind are shown, and the reach
// (who it reaches, who it leaves out and why) follows every change before the form is saved.
// Without JavaScript every section shows and the reach is shown once saved.
(function () {
  var script = document.getElementById("audience-form-script");
  var form = document.getElementById("audience_form");
  if (!script || !form) return;
  var kind = form.querySelector("[name=kind]");
  function showSections() {
    ["supporters", "parliamentarians", "registrants"].forEach(function (name) {
      form.querySelectorAll(".audience-kind-" + name).forEach(function (section) {
        section.hidden = kind && kind.value !== name;
      });
    });
  }
  var pending = null;
  function refreshReach() {
    clearTimeout(pending);
    pending = setTimeout(function () {
      // Posted, not in the address: an audience of hundreds of chosen people outgrows a URL.
      fetch(script.dataset.reachUrl, {method: "POST", body: new FormData(form), credentials: "same-origin"})
        .then(function (response) { return response.ok ? response.text() : null; })
        .then(function (html) {
          var box = document.getElementById("audience-reach");
          if (html !== null && box) box.innerHTML = html;  // rendered and escaped by our server
        });
    }, 300);
  }
  showSections();
  // Autocomplete widgets announce changes through jQuery, which native listeners do not hear.
  var $ = window.django && window.django.jQuery;
  if ($) { $(form).on("change", function () { showSections(); refreshReach(); }); }
  else { form.addEventListener("change", function () { showSections(); refreshReach(); }); }
})();
