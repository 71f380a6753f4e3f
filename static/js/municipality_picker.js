// The municipality picker, enhanced: a search field that filters the counties'
// checkboxes, and the chosen municipalities as chips that remove them. Without this file
// the picker is the checkboxes grouped by county (registry/widgets.py MunicipalityPicker).
// The checkboxes stay the form's real inputs; this only shows, hides and unticks them.
(function () {
  "use strict";

  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase().trim();
  }

  function counted(one, many, count) {
    return (count === 1 ? one : many).replace("{count}", String(count));
  }

  function enhance(picker, number) {
    var texts = picker.dataset;
    var counties = Array.prototype.slice.call(picker.querySelectorAll("details.county"));
    var boxes = Array.prototype.slice.call(picker.querySelectorAll("input[type=checkbox]"));
    var base = (boxes[0] && boxes[0].name ? boxes[0].name : "picker" + number).replace(/\W/g, "-");

    var tools = document.createElement("div");
    tools.className = "picker-tools";

    var chosenLabel = document.createElement("p");
    chosenLabel.className = "form-label mb-0";
    chosenLabel.id = base + "-chosen-label";
    chosenLabel.textContent = texts.chosenLabel;
    var chips = document.createElement("ul");
    chips.className = "picker-chips";
    chips.setAttribute("aria-labelledby", chosenLabel.id);
    var none = document.createElement("p");
    none.className = "form-text mt-0";
    none.textContent = texts.noneChosen;

    var search = document.createElement("div");
    search.className = "picker-search";
    var label = document.createElement("label");
    label.className = "form-label";
    label.htmlFor = base + "-search";
    label.textContent = texts.searchLabel;
    var hint = document.createElement("div");
    hint.className = "form-text";
    hint.id = base + "-search-hint";
    hint.textContent = texts.searchHint;
    var input = document.createElement("input");
    input.type = "search";
    input.id = base + "-search";
    input.className = "form-control";
    input.autocomplete = "off";
    input.spellcheck = false;
    var status = document.createElement("p");
    status.className = "form-text";
    status.id = base + "-search-status";
    status.setAttribute("role", "status");
    input.setAttribute("aria-describedby", hint.id + " " + status.id);
    search.appendChild(label);
    search.appendChild(hint);
    search.appendChild(input);
    search.appendChild(status);

    tools.appendChild(chosenLabel);
    tools.appendChild(chips);
    tools.appendChild(none);
    tools.appendChild(search);
    picker.insertBefore(tools, picker.firstChild);

    function labelOf(box) {
      var found = picker.querySelector("label[for='" + box.id + "']");
      return found ? found.textContent.trim() : box.value;
    }

    function updateCounts() {
      counties.forEach(function (county) {
        var count = county.querySelectorAll("input[type=checkbox]:checked").length;
        var place = county.querySelector("[data-chosen-count]");
        if (place) {
          place.textContent = count ? "(" + counted(texts.oneChosen, texts.manyChosen, count) + ")" : "";
        }
      });
    }

    function renderChips(focusAfter) {
      chips.textContent = "";
      var chosen = boxes.filter(function (box) { return box.checked; });
      chosen.sort(function (a, b) { return labelOf(a).localeCompare(labelOf(b), "sv"); });
      chosen.forEach(function (box) {
        var item = document.createElement("li");
        var button = document.createElement("button");
        button.type = "button";
        button.className = "btn btn-sm btn-outline-secondary";
        button.dataset.value = box.value;
        var hidden = document.createElement("span");
        hidden.className = "visually-hidden";
        hidden.textContent = texts.remove + " ";
        button.appendChild(hidden);
        button.appendChild(document.createTextNode(labelOf(box) + " "));
        var cross = document.createElement("span");
        cross.setAttribute("aria-hidden", "true");
        cross.textContent = "\u00d7";
        button.appendChild(cross);
        item.appendChild(button);
        chips.appendChild(item);
      });
      chips.hidden = chosen.length === 0;
      none.hidden = chosen.length !== 0;
      updateCounts();
      if (focusAfter !== undefined) {
        var buttons = chips.querySelectorAll("button");
        var target = buttons[Math.min(focusAfter, buttons.length - 1)];
        (target || input).focus();
      }
    }

    function filter() {
      var query = fold(input.value);
      var matches = 0;
      counties.forEach(function (county) {
        var countyMatches = query !== "" && fold(county.querySelector(".county-name").textContent).indexOf(query) !== -1;
        var shown = 0;
        county.querySelectorAll(".form-check").forEach(function (row) {
          var box = row.querySelector("input");
          var visible = query === "" || countyMatches || fold(labelOf(box)).indexOf(query) !== -1;
          row.hidden = !visible;
          if (visible) {
            shown += 1;
          }
        });
        matches += shown;
        county.hidden = shown === 0;
        if (query === "") {
          county.open = county.querySelector("input:checked") !== null;
        } else if (shown > 0) {
          county.open = true;
        }
      });
      if (query === "") {
        status.textContent = "";
      } else if (matches === 0) {
        status.textContent = texts.noMatch;
      } else {
        status.textContent = counted(texts.oneMatch, texts.manyMatch, matches);
      }
      return matches;
    }

    var timer = null;
    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(filter, 150);
    });
    input.addEventListener("keydown", function (event) {
      if (event.key === "Enter") {
        // Enter in the search field never sends the form. With one match, it ticks it.
        event.preventDefault();
        event.stopPropagation();
        filter();
        var visible = boxes.filter(function (box) {
          return !box.closest(".form-check").hidden && !box.closest("details").hidden;
        });
        if (visible.length === 1 && !visible[0].checked) {
          visible[0].checked = true;
          renderChips();
          input.value = "";
          filter();
        }
      } else if (event.key === "Escape" && input.value !== "") {
        event.preventDefault();
        input.value = "";
        filter();
      }
    });
    picker.addEventListener("change", function (event) {
      if (event.target.type === "checkbox") {
        renderChips();
      }
    });
    chips.addEventListener("click", function (event) {
      var button = event.target.closest("button");
      if (!button) {
        return;
      }
      var index = Array.prototype.indexOf.call(chips.querySelectorAll("button"), button);
      boxes.forEach(function (box) {
        if (box.value === button.dataset.value) {
          box.checked = false;
        }
      });
      renderChips(index);
    });
    renderChips();
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-municipality-picker]").forEach(enhance);
  });
})();
