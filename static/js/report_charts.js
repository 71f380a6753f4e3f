/*
 * Charts of the reports (partnerships/templates/partnerships/reports/_report_table.html).
 *
 * Each <canvas data-report-chart="ID"> reads a Chart.js config from the JSON script
 * element ID (written by Django's json_script from the report's table) and draws it
 * with Chart.js from static/vendor/chart.js. Bars for categories (drawn horizontally,
 * as tall as their categories need), bars and a line over time; the figures are in the
 * table beside every chart.
 *
 * For print, every chart is also kept as an image (<img class="report-chart-image">),
 * updated each time the chart is drawn: the print stylesheet shows the image, sized to
 * the page, instead of the canvas, so charts print whatever the window's size was.
 *
 * No inline script or style: the site's CSP forbids them.
 */
(function () {
  "use strict";

  var LINE_HEIGHT = 18; // px per category of a horizontal chart
  var FRAME = 140; // px for the axes, their titles and the legend

  function formatter() {
    try {
      return new Intl.NumberFormat(document.documentElement.lang || "sv", { maximumFractionDigits: 0 });
    } catch (error) {
      return new Intl.NumberFormat("sv", { maximumFractionDigits: 0 });
    }
  }

  function keepImage(chart, image) {
    try {
      image.src = chart.toBase64Image("image/png", 1);
    } catch (error) {
      // A chart that cannot be read back prints as the canvas itself.
    }
  }

  function draw(canvas) {
    var source = document.getElementById(canvas.getAttribute("data-report-chart"));
    if (!source || typeof window.Chart === "undefined") {
      return;
    }
    var config = JSON.parse(source.textContent);
    var options = config.options || {};
    var whole = formatter();
    var horizontal = options.indexAxis === "y";
    var box = canvas.parentNode;
    if (horizontal && box) {
      var count = (config.data && config.data.labels ? config.data.labels.length : 1);
      box.style.height = Math.max(260, FRAME + 2 * LINE_HEIGHT * count) + "px";
    }
    options.responsive = true;
    options.maintainAspectRatio = false;
    options.animation = false;
    options.plugins = options.plugins || {};
    options.plugins.legend = options.plugins.legend || { position: "bottom" };
    var scales = options.scales || {};
    Object.keys(scales).forEach(function (key) {
      if (scales[key].type === "linear") {
        scales[key].ticks = scales[key].ticks || {};
        scales[key].ticks.callback = function (value) { return whole.format(value); };
      }
    });
    var image = document.createElement("img");
    image.className = "report-chart-image";
    image.alt = canvas.getAttribute("aria-label") || "";
    box.parentNode.appendChild(image);
    config.plugins = [{ id: "keepImage", afterRender: function (chart) { keepImage(chart, image); } }];
    config.options = options;
    new window.Chart(canvas, config);
  }

  function init() {
    var canvases = document.querySelectorAll("canvas[data-report-chart]");
    for (var i = 0; i < canvases.length; i += 1) {
      draw(canvases[i]);
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
