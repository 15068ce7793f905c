/* Statistics charts: read the JSON the page embeds (json_script "stats-data") and draw them
   with ECharts. Suppressed public cells (cases null) are left out of the charts. */
(function () {
  "use strict";
  var charts = [];
  function short(text) {
    return text.length > 10 ? text.slice(0, 9) + "…" : text;
  }
  function shown(items) {
    return items.filter(function (i) { return i.cases !== null; });
  }
  function make(id, option) {
    var node = document.getElementById(id);
    if (!node) { return; }
    var chart = window.echarts.init(node, "lianxi");
    chart.setOption(option);
    charts.push(chart);
  }
  function bars(id, items, color) {
    items = shown(items);
    if (!items.length) { return; }
    make(id, {
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
      grid: { left: 8, right: 24, top: 8, bottom: 8, containLabel: true },
      xAxis: { type: "value", minInterval: 1 },
      yAxis: { type: "category", inverse: true, data: items.map(function (i) { return short(i.name); }) },
      series: [{ type: "bar", data: items.map(function (i) { return i.cases; }), itemStyle: { color: color } }]
    });
  }
  function pie(id, items) {
    items = shown(items);
    var node = document.getElementById(id);
    if (!items.length || !node) { return; }
    // Every legend entry shown (no "1/5" pages): the chart grows by the legend's rows.
    var perRow = Math.max(1, Math.floor(node.clientWidth / 96));
    var legendHeight = Math.ceil(items.length / perRow) * 22;
    node.style.height = (node.clientHeight + legendHeight) + "px";
    make(id, {
      tooltip: { trigger: "item" },
      legend: { type: "plain", bottom: 0, itemGap: 8, itemWidth: 12, itemHeight: 10 },
      series: [{
        type: "pie", radius: ["35%", "65%"], top: 0, bottom: legendHeight + 8,
        label: { show: false },
        data: items.map(function (i) { return { name: i.name, value: i.cases }; })
      }]
    });
  }
  function narrow(id) {
    var node = document.getElementById(id);
    return node !== null && node.clientWidth < 560;
  }
  // Deputies' suggestions and bills (json_script "stats-proposals-data"): horizontal bars, one
  // row per unit / deputy / category; the chart grows with its rows.
  function legendRows(node, series) {
    // ECharts wraps a plain legend: about 12 px a character plus the swatch and the gap.
    var width = node.clientWidth - 16, rows = 1, used = 0;
    series.forEach(function (s) {
      var item = String(s.name).length * 12 + 36;
      if (used && used + item > width) { rows += 1; used = item; } else { used += item; }
    });
    return rows;
  }
  function percent(part, whole) {
    return whole ? Math.round(1000 * part / whole) / 10 : null;
  }
  function horizontal(id, names, series, axis) {
    var node = document.getElementById(id);
    if (!node) { return; }
    var legend = legendRows(node, series) * 24 + 16;
    node.style.height = (names.length * 34 + legend + 32) + "px";
    make(id, {
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
      legend: { bottom: 0 },
      grid: { left: 8, right: 24, top: 8, bottom: legend, containLabel: true },
      xAxis: axis || { type: "value", minInterval: 1 },
      yAxis: { type: "category", inverse: true, data: names.map(short) },
      series: series
    });
  }
  function results(labels, items, palette) {
    var colors = [palette.good, palette.series[1], palette.fair, palette.poor];
    return labels.results.map(function (name, index) {
      var key = "result_" + name.toLowerCase();
      return {
        name: name, type: "bar", stack: "result", itemStyle: { color: colors[index] },
        data: items.map(function (i) { return i[key]; })
      };
    });
  }
  function proposals(palette) {
    var node = document.getElementById("stats-proposals-data");
    if (!node) { return; }
    var data = JSON.parse(node.textContent);
    var labels = data.labels;
    var names = function (items) { return items.map(function (i) { return i.name; }); };
    var column = function (items, key) { return items.map(function (i) { return i[key]; }); };
    var items = { name: labels.items, type: "bar", itemStyle: { color: palette.muted } };
    if (data.units.length) {
      horizontal("stats-proposal-results", names(data.units),
        [Object.assign({}, items, { data: column(data.units, "items") })]
          .concat(results(labels, data.units, palette)));
      horizontal("stats-proposal-rates", names(data.units), [
        { name: labels.on_time, type: "bar", itemStyle: { color: palette.series[1] },
          data: data.units.map(function (u) { return percent(u.on_time, u.replied); }) },
        { name: labels.satisfied, type: "bar", itemStyle: { color: palette.good },
          data: data.units.map(function (u) { return percent(u.satisfied, u.rated); }) },
        { name: labels.rehandled, type: "bar", itemStyle: { color: palette.poor },
          data: data.units.map(function (u) { return percent(u.rehandled, u.items); }) }
      ], { type: "value", min: 0, max: 100, interval: narrow("stats-proposal-rates") ? 50 : 20,
        axisLabel: { formatter: "{value}%" } });
    }
    if (data.deputies.length) {
      horizontal("stats-proposal-deputies", names(data.deputies), [
        { name: labels.filed, type: "bar", data: column(data.deputies, "filed"), itemStyle: { color: palette.series[0] } },
        { name: labels.accepted, type: "bar", data: column(data.deputies, "accepted"), itemStyle: { color: palette.series[3] } },
        { name: labels.cosigned, type: "bar", data: column(data.deputies, "cosigned"), itemStyle: { color: palette.series[2] } }
      ]);
    }
    if (data.categories.length) {
      horizontal("stats-proposal-categories", names(data.categories),
        [Object.assign({}, items, { data: column(data.categories, "items") })]
          .concat(results(labels, data.categories, palette)));
    }
  }
  function draw() {
    var node = document.getElementById("stats-data");
    if (!window.echarts || !node) { return; }
    var data = JSON.parse(node.textContent);
    var palette = window.lianxiPalette;
    make("stats-trend", {
      tooltip: { trigger: "axis" },
      legend: { bottom: 0 },
      // On a phone the legend takes two rows: room for it below the axis labels.
      grid: { left: 40, right: 40, top: 16, bottom: narrow("stats-trend") ? 76 : 48 },
      xAxis: { type: "category", data: data.trend.months },
      yAxis: [{ type: "value", minInterval: 1 }, { type: "value", min: 0, max: 100, axisLabel: { formatter: "{value}%" } }],
      series: [
        { name: data.labels.cases, type: "bar", data: data.trend.cases },
        { name: data.labels.answered, type: "bar", data: data.trend.answered },
        { name: data.labels.in_time, type: "line", yAxisIndex: 1,
          data: data.trend.in_time_share.map(function (v) { return v === null ? null : Math.round(v * 1000) / 10; }) }
      ]
    });
    make("stats-response", {
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
      grid: { left: 8, right: 12, top: 8, bottom: 8, containLabel: true },
      xAxis: { type: "category", data: data.response.labels, axisLabel: { interval: 0, rotate: 30 } },
      yAxis: { type: "value", minInterval: 1 },
      series: [{ type: "bar", data: data.response.cases, itemStyle: { color: palette.series[1] } }]
    });
    bars("stats-categories", data.categories, palette.series[0]);
    bars("stats-areas", data.areas, palette.series[2]);
    pie("stats-statuses", data.statuses);
    pie("stats-channels", data.channels);
    make("stats-satisfaction", {
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
      legend: { bottom: 0 },
      grid: { left: 8, right: 12, top: 8, bottom: 32, containLabel: true },
      xAxis: { type: "category", data: [data.labels.deputy, data.labels.department] },
      yAxis: { type: "value", minInterval: 1 },
      series: data.satisfaction.labels.map(function (label, index) {
        return {
          name: label, type: "bar", stack: "rating",
          itemStyle: { color: [palette.good, palette.fair, palette.poor][index] },
          data: [data.satisfaction.deputy[index], data.satisfaction.department[index]]
        };
      })
    });
    proposals(palette);
    window.addEventListener("resize", function () {
      charts.forEach(function (c) { c.resize(); });
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
