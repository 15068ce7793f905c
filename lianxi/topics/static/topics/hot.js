/* Hot-issue charts: read the JSON the page embeds (json_script) and draw with ECharts. */
(function () {
  "use strict";
  function data(id) {
    var node = document.getElementById(id);
    return node ? JSON.parse(node.textContent) : null;
  }
  function short(text) {
    return text.length > 14 ? text.slice(0, 13) + "…" : text;
  }
  function draw() {
    if (!window.echarts) { return; }
    var chart = data("topics-chart-data");
    if (!chart) { return; }
    var trend = document.getElementById("topics-trend");
    if (trend && chart.weeks.length) {
      var t = window.echarts.init(trend, "lianxi");
      t.setOption({
        tooltip: { trigger: "axis" },
        legend: { type: "scroll", bottom: 0, formatter: short },
        grid: { left: 36, right: 12, top: 16, bottom: 48 },
        xAxis: { type: "category", data: chart.weeks },
        yAxis: { type: "value", minInterval: 1 },
        series: chart.series.map(function (s) {
          return { name: s.name, type: "line", data: s.data };
        })
      });
      window.addEventListener("resize", function () { t.resize(); });
    }
    var sizes = document.getElementById("topics-sizes");
    if (sizes && chart.labels.length) {
      var b = window.echarts.init(sizes, "lianxi");
      b.setOption({
        tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
        grid: { left: 8, right: 24, top: 8, bottom: 8, containLabel: true },
        xAxis: { type: "value", minInterval: 1 },
        yAxis: { type: "category", inverse: true, data: chart.labels.map(short) },
        series: [{ type: "bar", data: chart.sizes }]
      });
      window.addEventListener("resize", function () { b.resize(); });
    }
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
