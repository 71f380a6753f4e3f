/*
 * Charts of the goal follow-up pages (Chart.js from static/vendor/chart.js).
 *
 * Each <canvas data-chart="ID"> reads its data from the JSON script element ID that
 * Django's json_script filter wrote: {type, title, labels, series: [{label, axis, data}],
 * axes: {count, money}}. Efforts are bars on the left axis, SEK awarded a line on the
 * right one. The canvas has role="img" and an aria-label, and the same figures are in
 * the table beside it. No inline script or style: the site's CSP forbids them.
 */
(function () {
  "use strict";

  var COLOURS = {
    count: { fill: "rgba(11, 83, 148, 0.75)", line: "#0b5394" },
    money: { fill: "rgba(138, 75, 0, 0.15)", line: "#8a4b00" },
  };

  function language() {
    return document.documentElement.lang || "sv";
  }

  function formatter(maximumFractionDigits) {
    try {
      return new Intl.NumberFormat(language(), { maximumFractionDigits: maximumFractionDigits });
    } catch (error) {
      return new Intl.NumberFormat("sv", { maximumFractionDigits: maximumFractionDigits });
    }
  }

  function dataset(series) {
    var money = series.axis === "money";
    var colour = COLOURS[money ? "money" : "count"];
    return {
      type: money ? "line" : "bar",
      label: series.label,
      data: series.data,
      yAxisID: series.axis,
      backgroundColor: colour.fill,
      borderColor: colour.line,
      borderWidth: 2,
      pointStyle: money ? "rectRot" : "circle",
      pointRadius: money ? 5 : 3,
      order: money ? 0 : 1,
    };
  }

  function draw(canvas) {
    var source = document.getElementById(canvas.getAttribute("data-chart"));
    if (!source || typeof window.Chart === "undefined") {
      return;
    }
    var data = JSON.parse(source.textContent);
    var whole = formatter(0);
    var reduceMotion = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    new window.Chart(canvas, {
      type: "bar",
      data: { labels: data.labels, datasets: data.series.map(dataset) },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: reduceMotion ? false : { duration: 400 },
        interaction: { mode: "index", intersect: false },
        scales: {
          count: {
            type: "linear",
            position: "left",
            beginAtZero: true,
            title: { display: true, text: data.axes.count },
            ticks: { precision: 0, callback: function (value) { return whole.format(value); } },
          },
          money: {
            type: "linear",
            position: "right",
            beginAtZero: true,
            grid: { drawOnChartArea: false },
            title: { display: true, text: data.axes.money },
            ticks: { callback: function (value) { return whole.format(value); } },
          },
        },
        plugins: {
          legend: { position: "bottom" },
          tooltip: {
            callbacks: {
              label: function (context) {
                return context.dataset.label + ": " + whole.format(context.parsed.y);
              },
            },
          },
        },
      },
    });
  }

  function init() {
    var canvases = document.querySelectorAll("canvas[data-chart]");
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
