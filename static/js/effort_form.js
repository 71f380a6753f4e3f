/*
 * The effort form: which policy goals fit the chosen unit and dates.
 *
 * Each goal checkbox (data-goal-check) carries the codes of the municipalities its
 * document applies to (data-municipalities), the document's validity (data-valid-from,
 * data-valid-to) and the goal's retirement date (data-retired-on); each unit option its
 * municipality (data-municipality). A goal that does not fit is disabled (its note too,
 * and hidden), with the reason beside it, and updated as the unit and the dates change. A goal that is ticked is never
 * disabled (that would drop it from the form without a word): it keeps its tick and says
 * why it does not fit, and the server refuses it with the same rules
 * (partnerships.services.goal_errors). Without this script every goal is offered and the
 * server decides. The same rules as the server:
 *   - the document applies to the unit's municipality;
 *   - it is in force on some day of the effort (from the start date to the end date,
 *     or open when there is none);
 *   - the goal was not retired on or before the start date.
 * Dates are compared as ISO strings (YYYY-MM-DD), which sort as dates.
 */
(function () {
  "use strict";

  function byName(form, name) {
    return form.querySelector("[name='" + name + "']");
  }

  function describe(element, id, on) {
    var ids = (element.getAttribute("aria-describedby") || "").split(/\s+/).filter(Boolean);
    var at = ids.indexOf(id);
    if (on && at === -1) {
      ids.push(id);
    } else if (!on && at !== -1) {
      ids.splice(at, 1);
    }
    if (ids.length) {
      element.setAttribute("aria-describedby", ids.join(" "));
    } else {
      element.removeAttribute("aria-describedby");
    }
  }

  function reason(check, municipality, start, end) {
    var codes = (check.getAttribute("data-municipalities") || "").split(/\s+/).filter(Boolean);
    if (municipality && codes.indexOf(municipality) === -1) {
      return "municipality";
    }
    if (!start) {
      return "";
    }
    var from = check.getAttribute("data-valid-from") || "";
    var to = check.getAttribute("data-valid-to") || "";
    var retired = check.getAttribute("data-retired-on") || "";
    var last = end && end >= start ? end : "";
    if ((last && from > last) || (to && to < start)) {
      return "period";
    }
    if (retired && retired <= start) {
      return "retired";
    }
    return "";
  }

  function init() {
    var form = document.getElementById("effort-form");
    var goals = document.getElementById("goals");
    if (!form || !goals) {
      return;
    }
    var unit = byName(form, "responsible_unit");
    var start = byName(form, "start_date");
    var end = byName(form, "end_date");
    var status = goals.querySelector("[data-goal-status]");
    var checks = goals.querySelectorAll("input[data-goal-check]");
    var messages = {
      municipality: goals.getAttribute("data-unfit-municipality"),
      period: goals.getAttribute("data-unfit-period"),
      retired: goals.getAttribute("data-unfit-retired"),
    };

    function municipality() {
      if (!unit || unit.selectedIndex < 0) {
        return "";
      }
      return unit.options[unit.selectedIndex].getAttribute("data-municipality") || "";
    }

    // settle: also disable (or enable) the goals; false while a checkbox is being used,
    // so that the one with focus is never disabled under the keyboard.
    function update(settle) {
      var where = municipality();
      var from = start ? start.value : "";
      var to = end ? end.value : "";
      var unfit = 0;
      for (var i = 0; i < checks.length; i += 1) {
        var check = checks[i];
        var row = check.closest(".goal-row");
        var note = byName(form, check.name + "_note");
        var explanation = document.getElementById(check.id + "_unfit");
        var why = reason(check, where, from, to);
        if (why) {
          unfit += 1;
        }
        if (explanation) {
          explanation.textContent = why
            ? messages[why] + (check.checked ? " " + goals.getAttribute("data-unfit-ticked") : "")
            : "";
          explanation.hidden = !why;
          describe(check, explanation.id, Boolean(why));
        }
        if (row) {
          row.classList.toggle("is-unfit", Boolean(why));
          row.classList.toggle("is-unfit-ticked", Boolean(why) && check.checked);
        }
        if (settle) {
          var off = Boolean(why) && !check.checked;
          check.disabled = off;
          if (note) {
            note.disabled = off;
            var noteBox = note.closest(".goal-note");
            if (noteBox) {
              noteBox.hidden = off;
            }
          }
        }
      }
      if (status) {
        var text = unfit ? goals.getAttribute("data-unfit-count") + " " + unfit : "";
        if (status.textContent !== text) {
          status.textContent = text;
        }
      }
    }

    function settle() {
      update(true);
    }
    [unit, start, end].forEach(function (field) {
      if (field) {
        field.addEventListener("change", settle);
        field.addEventListener("input", settle);
      }
    });
    for (var i = 0; i < checks.length; i += 1) {
      checks[i].addEventListener("change", function () {
        update(false);
      });
    }
    settle();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
