/*
 * The report editor's "Add a block of data" form (partnerships/reports/answer_form.html).
 *
 * Without this script the form shows every setting of every kind of block, each in a
 * fieldset named for the kinds that use it, and the server says what a kind misses.
 * With it, only the fieldsets the chosen kind needs are shown; nothing is sent or
 * checked differently. No inline script or style: the site's CSP forbids them.
 */
(function () {
  "use strict";

  // The fields whose fieldsets each kind of block uses.
  var NEEDS = {
    indicator: ["id_first_year", "id_indicator"],
    goal: ["id_first_year", "id_goal"],
    timeline: ["id_organisation"],
    efforts: ["block-filters"],
  };

  function fieldset(id) {
    var element = document.getElementById(id);
    return element ? (element.tagName === "FIELDSET" ? element : element.closest("fieldset")) : null;
  }

  function init() {
    var form = document.querySelector("form.report-block-form");
    if (!form) {
      return;
    }
    var all = [];
    Object.keys(NEEDS).forEach(function (kind) {
      NEEDS[kind].forEach(function (id) {
        var set = fieldset(id);
        if (set && all.indexOf(set) === -1) {
          all.push(set);
        }
      });
    });
    function update() {
      var chosen = form.querySelector("input[name=kind]:checked");
      var wanted = chosen ? NEEDS[chosen.value] || [] : null;
      all.forEach(function (set) {
        set.hidden = wanted !== null && !wanted.some(function (id) { return fieldset(id) === set; });
      });
    }
    form.addEventListener("change", function (event) {
      if (event.target.name === "kind") {
        update();
      }
    });
    update();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
