/*
 * Charts and wide tables of the goal follow-up pages.
 *
 * Charts (Chart.js from static/vendor/chart.js, when the page loads it): each
 * <canvas data-chart="ID"> reads its data from the JSON script element ID that Django's
 * json_script filter wrote (partnerships.followup.chart): {over, title, labels,
 * series: [{type, label, axis, data}], axes: {count, money}}.
 *   - over "years": time runs left to right; efforts are bars on the left axis, SEK
 *     awarded a line on the right one.
 *   - over "categories" (kinds, units, goals): bars only, never a line from one
 *     unrelated category to the next. Drawn horizontally, each label (already split
 *     into lines of words) beside its bars, with efforts on the bottom axis and SEK on
 *     the top one; the chart is as tall as its categories need, so no label is dropped
 *     or cut off on a narrow screen.
 * The canvas has role="img" and an aria-label, and the same figures are in the table
 * beside it.
 *
 * Print: every chart is also kept as an image (<img class="chart-print-image"> after
 * its box), redrawn each time the chart is; the print stylesheet shows the image, as
 * wide as the page, instead of the canvas, so charts print at any window size.
 *
 * Wide tables: a scrolling box (.table-responsive[data-scroll-hint]) shows its hint
 * ("swipe to see more columns") and gets the class is-scrollable only while its table is
 * wider than the box; CSS draws a shadow at the edge that has more to see.
 *
 * No inline script or style: the site's CSP forbids them.
 */
(function () {
  "use strict";

  var COLOURS = {
    count: { fill: "rgba(11, 83, 148, 0.75)", line: "#0b5394" },
    money: { fill: "rgba(138, 75, 0, 0.55)", line: "#8a4b00" },
  };
  // Further series on the same axis (the indicators' tables: several lines or bars of
  // counts), in colours that keep a 3:1 contrast against white.
  var PALETTE = [
    { fill: "rgba(11, 83, 148, 0.75)", line: "#0b5394" },
    { fill: "rgba(138, 75, 0, 0.55)", line: "#8a4b00" },
    { fill: "rgba(46, 125, 50, 0.6)", line: "#2e7d32" },
    { fill: "rgba(123, 31, 162, 0.55)", line: "#7b1fa2" },
    { fill: "rgba(84, 84, 84, 0.6)", line: "#545454" },
  ];
  var LINE_HEIGHT = 16; // px per line of a category's label
  var BAR_ROOM = 30; // px for a category's two bars
  var FRAME = 130; // px for the axes, their titles and the legend

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

  function dataset(series, horizontal, index, several) {
    var money = series.axis === "money";
    var colour = several ? PALETTE[index % PALETTE.length] : COLOURS[money ? "money" : "count"];
    var line = series.type === "line";
    var result = {
      type: line ? "line" : "bar",
      label: series.label,
      data: series.data,
      backgroundColor: line ? colour.line : colour.fill,
      borderColor: colour.line,
      borderWidth: 2,
      order: line ? 0 : 1,
    };
    if (line) {
      result.pointStyle = "rectRot";
      result.pointRadius = 5;
    }
    result[horizontal ? "xAxisID" : "yAxisID"] = series.axis;
    return result;
  }

  function lines(label) {
    return Array.isArray(label) ? label.length : 1;
  }

  function valueAxis(position, title, whole, onChartArea) {
    return {
      type: "linear",
      position: position,
      beginAtZero: true,
      grid: { drawOnChartArea: onChartArea },
      title: { display: true, text: title },
      ticks: { callback: function (value) { return whole.format(value); } },
    };
  }

  function draw(canvas) {
    var source = document.getElementById(canvas.getAttribute("data-chart"));
    if (!source || typeof window.Chart === "undefined") {
      return;
    }
    var data = JSON.parse(source.textContent);
    var horizontal = data.over === "categories";
    var whole = formatter(0);
    var reduceMotion = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    var count = valueAxis(horizontal ? "bottom" : "left", data.axes.count, whole, true);
    count.ticks.precision = 0;
    var category = { type: "category", ticks: { autoSkip: false } };
    var scales = horizontal ? { y: category, count: count } : { x: category, count: count };
    if (data.axes.money) {
      scales.money = valueAxis(horizontal ? "top" : "right", data.axes.money, whole, false);
    }
    // Without a money axis every series is a count: each gets a colour of its own.
    var several = !data.axes.money && data.series.length > 1;
    if (horizontal && canvas.parentNode) {
      // Every category gets the same band, so each band must hold the longest label.
      var most = 1;
      for (var i = 0; i < data.labels.length; i += 1) {
        most = Math.max(most, lines(data.labels[i]));
      }
      var band = Math.max(most * LINE_HEIGHT, BAR_ROOM) + 16;
      canvas.parentNode.classList.add("is-horizontal");
      canvas.parentNode.style.height = Math.max(256, FRAME + band * data.labels.length) + "px";
    }
    var image = printImage(canvas);
    new window.Chart(canvas, {
      type: "bar",
      plugins: [{ id: "printImage", afterRender: function (chart) { keepImage(chart, image); } }],
      data: {
        labels: data.labels,
        datasets: data.series.map(function (series, index) {
          return dataset(series, horizontal, index, several);
        }),
      },
      options: {
        indexAxis: horizontal ? "y" : "x",
        responsive: true,
        maintainAspectRatio: false,
        animation: reduceMotion ? false : { duration: 400 },
        interaction: { mode: "index", axis: horizontal ? "y" : "x", intersect: false },
        scales: scales,
        plugins: {
          legend: { position: "bottom" },
          tooltip: {
            callbacks: {
              label: function (context) {
                var value = horizontal ? context.parsed.x : context.parsed.y;
                return context.dataset.label + ": " + whole.format(value);
              },
            },
          },
        },
      },
    });
  }

  function printImage(canvas) {
    var box = canvas.parentNode;
    var image = document.createElement("img");
    image.className = "chart-print-image";
    image.alt = canvas.getAttribute("aria-label") || "";
    box.parentNode.insertBefore(image, box.nextSibling);
    return image;
  }

  function keepImage(chart, image) {
    try {
      image.src = chart.toBase64Image("image/png", 1);
    } catch (error) {
      image.removeAttribute("src"); // the canvas itself prints then
    }
  }

  function watchScrolling(box) {
    var hint = document.getElementById(box.getAttribute("data-scroll-hint"));
    function update() {
      var scrollable = box.scrollWidth > box.clientWidth + 1;
      box.classList.toggle("is-scrollable", scrollable);
      if (hint) {
        hint.hidden = !scrollable;
      }
    }
    update();
    if (typeof window.ResizeObserver !== "undefined") {
      new window.ResizeObserver(update).observe(box);
    } else {
      window.addEventListener("resize", update);
    }
  }

  function init() {
    var canvases = document.querySelectorAll("canvas[data-chart]");
    for (var i = 0; i < canvases.length; i += 1) {
      draw(canvases[i]);
    }
    var boxes = document.querySelectorAll(".table-responsive[data-scroll-hint]");
    for (var j = 0; j < boxes.length; j += 1) {
      watchScrolling(boxes[j]);
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
