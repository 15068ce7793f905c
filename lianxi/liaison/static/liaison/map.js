// Offline map of stations: area outlines (GeoJSON) and station points, drawn by ECharts.
(function () {
  "use strict";
  var el = document.getElementById("station-map");
  if (!el || !window.echarts) { return; }
  fetch(el.dataset.src, { credentials: "same-origin" })
    .then(function (r) { return r.json(); })
    .then(function (data) {
      window.echarts.registerMap("lianxi-area", data.outlines);
      var chart = window.echarts.init(el, "lianxi");
      chart.setOption({
        tooltip: { trigger: "item", formatter: function (p) { return p.name; } },
        geo: { map: "lianxi-area", roam: true, label: { show: true, fontSize: 11 },
               itemStyle: { areaColor: window.lianxiPalette.land, borderColor: window.lianxiPalette.series[0] } },
        series: [{
          type: "scatter", coordinateSystem: "geo", symbolSize: 9,
          itemStyle: { color: window.lianxiPalette.series[0] },
          data: data.stations.map(function (s) {
            return { name: s.name, value: [s.lng, s.lat], url: s.url };
          })
        }]
      });
      chart.on("click", function (p) { if (p.data && p.data.url) { window.location.href = p.data.url; } });
      window.addEventListener("resize", function () { chart.resize(); });
    });
})();
