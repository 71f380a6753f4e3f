// The organisations' map (Leaflet, static/vendor/leaflet). Progressive enhancement only:
// the directory's list and the detail page's address say everything the map shows.
//
// [data-map="directory"]: the directory's search in the view, from data-map-data-url
//   (registry:map-data) plus bbox and zoom: clusters with their count, and organisations
//   one by one with a link to their page. Shown by its toggle button ([data-map-toggle]).
// [data-map="place"]: one organisation at data-lat, data-lon, named data-name.
// Both: data-tile-url (empty: no tiles, a plain background), data-tile-attribution,
//   data-max-zoom.
(function () {
  "use strict";

  var SWEDEN = [[55.2, 10.9], [69.1, 24.2]];
  var STORAGE_KEY = "registry.map.shown";

  function baseMap(element, options) {
    var maxZoom = parseInt(element.dataset.maxZoom, 10) || 18;
    var map = L.map(element, Object.assign({ maxZoom: maxZoom, minZoom: 3 }, options || {}));
    map.attributionControl.setPrefix(
      '<a href="https://leafletjs.com">Leaflet</a>'
    );
    var url = element.dataset.tileUrl;
    if (url) {
      L.tileLayer(url, {
        maxZoom: maxZoom,
        attribution: element.dataset.tileAttribution || "",
      }).addTo(map);
    } else {
      element.classList.add("organisation-map-plain");
    }
    return map;
  }

  function format(template, value) {
    return template.replace("{count}", Number(value).toLocaleString(document.documentElement.lang || "sv"));
  }

  function popupFor(organisation) {
    var box = document.createElement("div");
    var link = document.createElement("a");
    link.href = organisation.url;
    link.textContent = organisation.name;
    var kind = document.createElement("div");
    kind.className = "small text-body-secondary";
    kind.textContent = organisation.kind_label;
    box.appendChild(link);
    box.appendChild(kind);
    return box;
  }

  function clusterIcon(count) {
    var size = count < 10 ? "small" : count < 100 ? "medium" : "large";
    var label = document.createElement("span");
    label.textContent = Number(count).toLocaleString(document.documentElement.lang || "sv");
    return L.divIcon({
      className: "map-cluster map-cluster-" + size,
      html: label.outerHTML,
      iconSize: null,
    });
  }

  function directoryMap(element) {
    var status = document.querySelector(element.dataset.statusFor ? "#" + element.dataset.statusFor : "[data-map-status]");
    var map = baseMap(element);
    var layer = L.layerGroup().addTo(map);
    var request = 0;
    var fitted = false;
    var timer = null;

    function say(text) {
      if (status) {
        status.textContent = text;
      }
    }

    function show(data) {
      layer.clearLayers();
      var bounds = L.latLngBounds([]);
      data.clusters.forEach(function (cluster) {
        var where = L.latLng(cluster.lat, cluster.lon);
        bounds.extend(where);
        var label = format(element.dataset.textCluster, cluster.count);
        L.marker(where, {
          icon: clusterIcon(cluster.count),
          title: label,
          alt: label,
          keyboard: true,
        })
          .on("click", function () {
            if (map.getZoom() < map.getMaxZoom()) {
              map.setView(where, Math.min(map.getZoom() + 2, map.getMaxZoom()));
            }
          })
          .addTo(layer);
      });
      data.organisations.forEach(function (organisation) {
        var where = L.latLng(organisation.lat, organisation.lon);
        bounds.extend(where);
        L.marker(where, { title: organisation.name, alt: organisation.name, keyboard: true })
          .bindPopup(popupFor(organisation))
          .addTo(layer);
      });
      var template = data.total === 1 ? element.dataset.textOne : element.dataset.textMany;
      say(data.total ? format(template, data.total) : element.dataset.textNone);
      element.dataset.mapTotal = String(data.total);
      element.dataset.mapZoom = String(data.zoom);
      if (!fitted) {
        fitted = true;
        if (data.total && bounds.isValid()) {
          map.fitBounds(bounds.pad(0.1), { maxZoom: 12 });
        }
      }
    }

    function load() {
      var box = map.getBounds();
      var query = new URLSearchParams(element.dataset.mapQuery || "");
      query.set(
        "bbox",
        [box.getWest(), box.getSouth(), box.getEast(), box.getNorth()]
          .map(function (value) { return value.toFixed(5); })
          .join(",")
      );
      query.set("zoom", String(map.getZoom()));
      var mine = ++request;
      element.setAttribute("aria-busy", "true");
      fetch(element.dataset.mapDataUrl + "?" + query.toString(), {
        headers: { Accept: "application/json" },
        credentials: "same-origin",
      })
        .then(function (response) {
          if (!response.ok) {
            throw new Error(String(response.status));
          }
          return response.json();
        })
        .then(function (data) {
          if (mine === request) {
            show(data);
          }
        })
        .catch(function () {
          if (mine === request) {
            say(element.dataset.textError);
          }
        })
        .finally(function () {
          if (mine === request) {
            element.removeAttribute("aria-busy");
          }
        });
    }

    map.on("moveend", function () {
      clearTimeout(timer);
      timer = setTimeout(load, 150);
    });
    map.fitBounds(SWEDEN);
    return map;
  }

  function placeMap(element) {
    var where = L.latLng(parseFloat(element.dataset.lat), parseFloat(element.dataset.lon));
    var map = baseMap(element);
    map.setView(where, Math.min(14, map.getMaxZoom()));
    L.marker(where, { title: element.dataset.name, alt: element.dataset.name, keyboard: false }).addTo(map);
    return map;
  }

  function remember(shown) {
    try {
      window.sessionStorage.setItem(STORAGE_KEY, shown ? "1" : "0");
    } catch (error) {
      // Storage refused (private mode): the map is simply not remembered.
    }
  }

  function remembered() {
    try {
      return window.sessionStorage.getItem(STORAGE_KEY) === "1";
    } catch (error) {
      return false;
    }
  }

  function setUpToggle(button) {
    var panel = document.getElementById(button.getAttribute("aria-controls"));
    var element = panel.querySelector("[data-map]");
    var map = null;

    function set(shown) {
      panel.hidden = !shown;
      button.setAttribute("aria-expanded", shown ? "true" : "false");
      button.textContent = shown ? button.dataset.hideLabel : button.dataset.showLabel;
      if (shown) {
        if (!map) {
          map = directoryMap(element);
        } else {
          map.invalidateSize();
        }
      }
    }

    button.closest("[data-map-controls]").hidden = false;
    button.addEventListener("click", function () {
      var shown = button.getAttribute("aria-expanded") !== "true";
      set(shown);
      remember(shown);
    });
    if (remembered()) {
      set(true);
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    if (typeof L === "undefined") {
      return;
    }
    document.querySelectorAll("[data-map-toggle]").forEach(setUpToggle);
    document.querySelectorAll('[data-map="place"]').forEach(placeMap);
  });
})();
