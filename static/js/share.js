// Share buttons (templates/includes/share_buttons.html): the phone's share sheet where the browser has
// one, and a copy button. Without this script the links and the link box still work.
(function () {
  "use strict";
  document.querySelectorAll("[data-share]").forEach(function (box) {
    var url = box.getAttribute("data-share-url");
    var title = box.getAttribute("data-share-title");
    var native = box.querySelector("[data-share-native]");
    if (native && navigator.share) {
      native.hidden = false;
      native.addEventListener("click", function () {
        navigator.share({ title: title, url: url }).catch(function () {});
      });
    }
    var copy = box.querySelector("[data-share-copy]");
    var input = box.querySelector("input[readonly]");
    var said = box.querySelector("[data-share-copied]");
    if (copy && input) {
      copy.hidden = false;
      copy.addEventListener("click", function () {
        var done = function () { said.textContent = said.getAttribute("data-text"); };
        input.select();
        if (navigator.clipboard && window.isSecureContext) {
          navigator.clipboard.writeText(url).then(done, function () { document.execCommand("copy"); done(); });
        } else {
          document.execCommand("copy");
          done();
        }
      });
    }
  });
})();
