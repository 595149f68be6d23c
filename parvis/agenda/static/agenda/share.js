// The "copy the link" button of the event page: the address stays selectable in its field without JavaScript.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var button = document.getElementById("share-copy");
    var field = document.getElementById("share-url");
    var status = document.getElementById("share-copy-status");
    if (!button || !field || !navigator.clipboard) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(field.value).then(function () {
        status.textContent = button.dataset.done;
      });
    });
  });
})();
