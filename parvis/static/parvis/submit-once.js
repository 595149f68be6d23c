// A form that creates something (it carries a submit_key) is sent once: its buttons are disabled while it is being
// sent, so that a double click or a second tap does not send it again. The server holds the same rule with the key
// (parvis/core/submission.py) when this script does not run.
(function () {
  "use strict";

  function buttons(form) {
    return form.querySelectorAll('button[type="submit"], button:not([type]), input[type="submit"]');
  }

  function setBusy(form, busy) {
    buttons(form).forEach(function (button) {
      button.disabled = busy;
      if (busy) {
        button.setAttribute("aria-busy", "true");
      } else {
        button.removeAttribute("aria-busy");
      }
    });
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.querySelector('input[name="submit_key"]')) {
      return;
    }
    if (form.dataset.sending === "1") {
      event.preventDefault();
      return;
    }
    form.dataset.sending = "1";
    // After this turn of the event loop: the browser has already read the form, the clicked button's value included.
    window.setTimeout(function () { setBusy(form, true); }, 0);
  });

  function release(form) {
    delete form.dataset.sending;
    setBusy(form, false);
  }

  // htmx answered (the form may stay on the page), or the page comes back from the browser's history.
  document.addEventListener("htmx:afterRequest", function (event) {
    var form = event.target instanceof HTMLFormElement ? event.target : event.target.closest && event.target.closest("form");
    if (form) {
      release(form);
    }
  });
  window.addEventListener("pageshow", function () {
    document.querySelectorAll('form[data-sending="1"]').forEach(release);
  });
})();
