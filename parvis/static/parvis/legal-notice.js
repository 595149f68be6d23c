// The privacy notice folds the register's long lists in <details>. A link to one of them (from the table of
// contents, or from elsewhere) opens it, and printing opens them all, then folds back those that were closed.
(function () {
  "use strict";
  function openTarget() {
    var id = decodeURIComponent(window.location.hash.slice(1));
    var target = id && document.getElementById(id);
    if (!target) return;
    var details = target.closest("details") || (target.tagName === "DETAILS" ? target : null);
    if (details && !details.open) {
      details.open = true;
      target.scrollIntoView();
    }
  }
  var folded = [];
  window.addEventListener("beforeprint", function () {
    folded = Array.prototype.filter.call(document.querySelectorAll("details.legal-register"), function (d) {
      return !d.open;
    });
    folded.forEach(function (d) { d.open = true; });
  });
  window.addEventListener("afterprint", function () {
    folded.forEach(function (d) { d.open = false; });
    folded = [];
  });
  window.addEventListener("hashchange", openTarget);
  document.addEventListener("DOMContentLoaded", openTarget);
})();
