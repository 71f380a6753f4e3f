// Search-as-you-type for organisation names: the WAI-ARIA 1.2 combobox pattern with a
// listbox popup, "list autocomplete with manual selection". Progressive enhancement:
// without this file the field is the plain search field of a plain GET form.
//
// The template marks the field's container with data-autocomplete (the URL of the
// suggestions, registry:organisation-suggestions) and gives the texts, already
// translated: data-autocomplete-label (the list's name, "Suggestions"), -none ("No
// suggestions"), -one and -many ("{count} suggestion", "{count} suggestions"; both site
// languages have the plural rule n != 1).
(function () {
  "use strict";

  var DEBOUNCE_MS = 150;
  var MIN_LENGTH = 2; // as registry.suggestions.MIN_QUERY_LENGTH

  function enhance(container) {
    var input = container.querySelector("input[name=q]");
    var url = container.getAttribute("data-autocomplete");
    if (!input || !url || !input.id || !window.fetch || !window.AbortController) {
      return;
    }
    var texts = {
      none: container.getAttribute("data-autocomplete-none") || "",
      one: container.getAttribute("data-autocomplete-one") || "",
      many: container.getAttribute("data-autocomplete-many") || "",
    };

    var listbox = document.createElement("ul");
    listbox.id = input.id + "-listbox";
    listbox.className = "autocomplete-listbox";
    listbox.setAttribute("role", "listbox");
    listbox.setAttribute("aria-label", container.getAttribute("data-autocomplete-label") || "");
    listbox.hidden = true;
    // Right after the field (or its input group): an absolutely positioned list without
    // top or left sits where it would be in the flow, just below the field.
    (input.closest(".input-group") || input).insertAdjacentElement("afterend", listbox);

    var status = document.createElement("div");
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");
    status.setAttribute("aria-atomic", "true");
    container.appendChild(status);

    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", listbox.id);
    input.setAttribute("autocomplete", "off");

    var suggestions = []; // what the listbox shows: [{name, url, place}]
    var shownFor = null; // the query they answer
    var active = -1; // the highlighted option, or -1
    var timer = null;
    var controller = null;
    var askedFor = null; // the query the request in flight asks about
    var highlightOnArrival = null; // "first" or "last": an arrow key pressed while asking

    function query() {
      return input.value.trim().replace(/\s+/g, " ");
    }

    function isOpen() {
      return !listbox.hidden;
    }

    function open() {
      if (suggestions.length) {
        listbox.hidden = false;
        input.setAttribute("aria-expanded", "true");
      }
    }

    function close() {
      setActive(-1);
      listbox.hidden = true;
      input.setAttribute("aria-expanded", "false");
    }

    function announce(text) {
      status.textContent = text;
    }

    function countText(count) {
      if (count === 0) {
        return texts.none;
      }
      return (count === 1 ? texts.one : texts.many).replace("{count}", String(count));
    }

    function setActive(index) {
      active = index;
      var options = listbox.children;
      for (var i = 0; i < options.length; i++) {
        options[i].setAttribute("aria-selected", i === index ? "true" : "false");
      }
      if (index < 0) {
        input.removeAttribute("aria-activedescendant");
        return;
      }
      input.setAttribute("aria-activedescendant", options[index].id);
      options[index].scrollIntoView({ block: "nearest" });
    }

    function render(items, forQuery) {
      suggestions = items;
      shownFor = forQuery;
      active = -1;
      input.removeAttribute("aria-activedescendant");
      listbox.replaceChildren();
      items.forEach(function (item, index) {
        var option = document.createElement("li");
        option.id = listbox.id + "-" + index;
        option.className = "autocomplete-option";
        option.setAttribute("role", "option");
        option.setAttribute("aria-selected", "false");
        var name = document.createElement("span");
        name.className = "autocomplete-name";
        name.textContent = item.name;
        option.appendChild(name);
        if (item.place) {
          // Read as "Motala Idrottsförening, Motala", not as one run of words. (Not an
          // aria-label: the name must contain the visible text, WCAG 2.5.3.)
          var comma = document.createElement("span");
          comma.className = "visually-hidden";
          comma.textContent = ", ";
          var place = document.createElement("span");
          place.className = "autocomplete-place";
          place.textContent = item.place;
          option.appendChild(comma);
          option.appendChild(place);
        }
        listbox.appendChild(option);
      });
    }

    function cancel() {
      highlightOnArrival = null;
      window.clearTimeout(timer);
      if (controller) {
        controller.abort();
        controller = null;
      }
    }

    function forget() {
      cancel();
      render([], null);
      close();
      announce("");
    }

    function fetchSuggestions() {
      var q = query();
      if (q.length < MIN_LENGTH) {
        forget();
        return;
      }
      if (controller) {
        controller.abort(); // a stale answer never replaces a newer one
      }
      var own = new AbortController();
      controller = own;
      askedFor = q;
      window
        .fetch(url + "?" + new URLSearchParams({ q: q }).toString(), {
          headers: { Accept: "application/json" },
          signal: own.signal,
        })
        .then(function (response) {
          if (!response.ok) {
            throw new Error("suggestions answered " + response.status);
          }
          return response.json();
        })
        .then(function (data) {
          if (controller !== own) {
            return; // a newer request replaced this one, or the list was dismissed
          }
          controller = null;
          if (query() !== q) {
            return; // typed on since: the pause timer asks again
          }
          render(Array.isArray(data.suggestions) ? data.suggestions : [], q);
          if (document.activeElement !== input) {
            return;
          }
          announce(countText(suggestions.length));
          if (suggestions.length) {
            open();
            if (highlightOnArrival) {
              setActive(highlightOnArrival === "last" ? suggestions.length - 1 : 0);
            }
          } else {
            close();
          }
          highlightOnArrival = null;
        })
        .catch(function () {
          // Aborted, offline or refused: the plain search still works.
          if (controller === own) {
            controller = null;
            render([], null);
            close();
          }
        });
    }

    function go(index) {
      var item = suggestions[index];
      if (item && item.url) {
        close();
        window.location.assign(item.url);
      }
    }

    // Arrow keys (APG): Down opens the list on its first option and moves on, wrapping
    // round; Up likewise from the last; Alt+Down opens it without a highlight, Alt+Up
    // closes it. When the list is not yet for what is typed, ask at once and highlight
    // when the answer comes.
    function move(down, alt) {
      var q = query();
      if (alt) {
        if (down && shownFor === q) {
          open();
        } else if (!down) {
          close();
        }
        return;
      }
      if (shownFor !== q) {
        if (q.length >= MIN_LENGTH) {
          highlightOnArrival = down ? "first" : "last";
          if (!(controller && askedFor === q)) {
            window.clearTimeout(timer);
            fetchSuggestions();
          }
        }
        return;
      }
      var count = suggestions.length;
      if (!count) {
        return;
      }
      if (!isOpen()) {
        open();
        setActive(down ? 0 : count - 1);
      } else if (down) {
        setActive((active + 1) % count);
      } else {
        setActive(active <= 0 ? count - 1 : active - 1);
      }
    }

    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      highlightOnArrival = null;
      setActive(-1);
      if (query().length < MIN_LENGTH) {
        forget();
        return;
      }
      timer = window.setTimeout(fetchSuggestions, DEBOUNCE_MS);
    });

    input.addEventListener("keydown", function (event) {
      if (event.isComposing || event.ctrlKey || event.metaKey) {
        return;
      }
      switch (event.key) {
        case "ArrowDown":
        case "ArrowUp":
          event.preventDefault();
          move(event.key === "ArrowDown", event.altKey);
          break;
        case "Enter":
          if (isOpen() && active >= 0) {
            event.preventDefault(); // site.js's Enter handler skips a prevented event
            go(active);
          } else {
            cancel();
            close(); // and the form is sent as usual
          }
          break;
        case "Escape":
          if (isOpen()) {
            event.preventDefault(); // a search field would clear itself on Escape
            cancel();
            close();
            announce("");
          } else if (input.value) {
            event.preventDefault();
            input.value = "";
            forget();
          }
          break;
        case "Tab":
          cancel();
          close();
          break;
        case "Home":
        case "End":
        case "ArrowLeft":
        case "ArrowRight":
          setActive(-1); // the caret moves in the text, as in any text field
          break;
      }
    });

    input.addEventListener("blur", close);

    // Keep focus in the field while an option is pressed, so the list stays open to
    // take the click.
    listbox.addEventListener("mousedown", function (event) {
      event.preventDefault();
    });
    listbox.addEventListener("click", function (event) {
      var option = event.target.closest("[role=option]");
      if (option) {
        go(Array.prototype.indexOf.call(listbox.children, option));
      }
    });

    if (input.form) {
      input.form.addEventListener("submit", function () {
        cancel();
        close();
      });
    }

    // Back from an organisation's page, the page may come back from the browser's cache
    // as it was left: with the list open.
    window.addEventListener("pageshow", function (event) {
      if (event.persisted) {
        close();
        announce("");
      }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var containers = document.querySelectorAll("[data-autocomplete]");
    for (var i = 0; i < containers.length; i++) {
      enhance(containers[i]);
    }
  });
})();
