/* Rankings and distributions of performance scores: the grade distribution, the histogram of
   scores and the grades and mean score of each group, drawn with ECharts from the JSON the
   page embeds (the tables beside them hold the same numbers). */
(function () {
  "use strict";

  function short(text) { return text.length > 10 ? text.slice(0, 9) + "…" : text; }

  function draw(id, option) {
    var el = document.getElementById(id);
    if (!el) { return; }
    var chart = window.echarts.init(el, "lianxi");
    chart.setOption(option);
    window.addEventListener("resize", function () { chart.resize(); });
  }

  function start() {
    var node = document.getElementById("performance-charts");
    if (!node || !window.echarts) { return; }
    var data = JSON.parse(node.textContent);
    var palette = window.lianxiPalette || {};
    var gradeColours = [palette.good, palette.series && palette.series[1], palette.fair, palette.poor];
    draw("chart-grades", {
      tooltip: { trigger: "item", formatter: "{b}：{c}（{d}%）" },
      legend: { bottom: 0 },
      series: [{
        type: "pie", radius: ["35%", "65%"], center: ["50%", "45%"], label: { formatter: "{c}" },
        data: data.grades.labels.map(function (label, i) {
          return { name: label, value: data.grades.counts[i], itemStyle: { color: gradeColours[i] } };
        })
      }]
    });
    draw("chart-histogram", {
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
      grid: { left: 8, right: 16, top: 16, bottom: 8, containLabel: true },
      xAxis: { type: "category", data: data.histogram.map(function (b) { return b[0]; }), axisLabel: { rotate: 35 } },
      yAxis: { type: "value", minInterval: 1 },
      series: [{ type: "bar", data: data.histogram.map(function (b) { return b[1]; }) }]
    });
    var groups = data.groups;
    draw("chart-groups", {
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
      legend: { type: "scroll", bottom: 0 },
      grid: { left: 8, right: 40, top: 24, bottom: 40, containLabel: true },
      xAxis: [{ type: "value", minInterval: 1 }, { type: "value", position: "top", splitLine: { show: false } }],
      yAxis: { type: "category", inverse: true, data: groups.labels.map(short) },
      series: groups.grades.map(function (g, i) {
        return { name: g[0], type: "bar", stack: "grades", data: g[1], itemStyle: { color: gradeColours[i] } };
      }).concat([{
        name: data.mean_label, type: "line", xAxisIndex: 1, data: groups.mean,
        symbolSize: 7, lineStyle: { width: 0 }, itemStyle: { color: palette.muted }
      }])
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
