// The one palette of every ECharts chart (statistics, hot issues, the station map), the same
// colours as the CSS variables in css/identity.css. Load after echarts.min.js; charts call
// echarts.init(node, "lianxi").
(function () {
  "use strict";
  if (!window.echarts) { return; }
  var palette = ["#b3261e", "#2f5d8a", "#a8792a", "#2f7d6d", "#6b6f76", "#7a4a7f", "#c0652b", "#5f7a2f"];
  window.lianxiPalette = {
    series: palette,
    good: "#2f7d6d", fair: "#a8792a", poor: "#b3261e",
    muted: "#6b6f76", land: "#f4efe6"
  };
  var axis = {
    axisLine: { lineStyle: { color: "#8a8f96" } },
    axisLabel: { color: "#41464b" },
    splitLine: { lineStyle: { color: "#e6e1e0" } }
  };
  window.echarts.registerTheme("lianxi", {
    color: palette,
    textStyle: { fontFamily: getComputedStyle(document.body).fontFamily, color: "#212529" },
    legend: { textStyle: { color: "#41464b" } },
    categoryAxis: axis,
    valueAxis: axis,
    line: { symbolSize: 6, lineStyle: { width: 2 } },
    bar: { barMaxWidth: 28 }
  });
})();
