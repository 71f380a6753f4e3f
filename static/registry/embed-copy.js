/* The officers' embed page: a "Copy" button beside each snippet copies its text.
 * Without JavaScript the buttons stay hidden and the read-only text can be selected. */
(function () {
  "use strict";

  var status = document.getElementById("copy-status");

  function say(message) {
    if (!status) {
      return;
    }
    status.textContent = "";
    window.setTimeout(function () {
      status.textContent = message;
    }, 50);
  }

  function copy(button) {
    var field = document.getElementById(button.getAttribute("data-copy-target"));
    if (!field) {
      return;
    }
    var done = function () {
      say(button.getAttribute("data-copied"));
    };
    var fallback = function () {
      field.focus();
      field.select();
      try {
        if (document.execCommand("copy")) {
          done();
          return;
        }
      } catch (error) {
        // fall through: the text stays selected for Ctrl+C
      }
      say(button.getAttribute("data-select"));
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(field.value).then(done, fallback);
    } else {
      fallback();
    }
  }

  var buttons = document.querySelectorAll("[data-copy-target]");
  for (var i = 0; i < buttons.length; i += 1) {
    buttons[i].hidden = false;
    buttons[i].addEventListener("click", function (event) {
      copy(event.currentTarget);
    });
  }
})();
