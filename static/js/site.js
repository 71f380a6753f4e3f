// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    // GOV.UK pattern: move focus to the error summary so it is read out first.
    var summary = document.querySelector("[data-error-summary]");
    if (summary) {
      summary.focus();
      return;
    }
    var autofocus = document.querySelector("[data-focus-on-load]");
    if (autofocus) {
      autofocus.focus();
    }
  });
  // Enter in a field sends a form with its main button ([data-default-submit]), not with
  // the first button in it (on the registration form, "Add another contact person").
  document.addEventListener("keydown", function (event) {
    var field = event.target;
    if (event.key !== "Enter" || event.isComposing || event.defaultPrevented) {
      return;
    }
    if (field.tagName !== "INPUT" || !field.form) {
      return;
    }
    if (/^(submit|button|image|reset|file)$/.test(field.type)) {
      return;
    }
    var main = field.form.querySelector("[data-default-submit]");
    if (main && field.form.requestSubmit) {
      event.preventDefault();
      field.form.requestSubmit(main);
    }
  });
  // A link in the error summary moves focus to its field, not only the scroll position.
  document.addEventListener("click", function (event) {
    var link = event.target.closest("[data-error-summary] a[href^='#']");
    if (!link) {
      return;
    }
    var field = document.getElementById(link.getAttribute("href").slice(1));
    if (field) {
      event.preventDefault();
      field.focus();
      field.scrollIntoView({ block: "center" });
    }
  });
})();
