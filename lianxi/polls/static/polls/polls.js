/* Polls: on the answer page, hide the questions the branching skips (the server checks the
   same rules); on the results page, draw each question's chart with ECharts from the JSON the
   page embeds; on the paper version, the print button. */
(function () {
  "use strict";

  function answerOf(fieldset) {
    var kind = fieldset.getAttribute("data-kind");
    if (kind !== "single" && kind !== "scale") { return null; }
    var checked = fieldset.querySelector("input:checked");
    return checked ? checked.value : null;
  }

  function branch() {
    var form = document.getElementById("poll-form");
    if (!form) { return; }
    var sets = Array.prototype.slice.call(form.querySelectorAll(".poll-question"));
    var byNumber = {};
    sets.forEach(function (s) { byNumber[s.getAttribute("data-number")] = s; });
    var next = sets.length ? Number(sets[0].getAttribute("data-number")) : 0;
    var onPath = {};
    while (byNumber[next]) {
      var set = byNumber[next];
      onPath[next] = true;
      var value = answerOf(set);
      var rules = JSON.parse(set.getAttribute("data-branches") || "[]");
      var goto = null;
      rules.forEach(function (r) { if (value !== null && String(r.answer) === value) { goto = r.goto; } });
      if (goto === 0) { break; }
      next = goto !== null ? goto : next + 1;
    }
    sets.forEach(function (s) {
      var shown = !!onPath[s.getAttribute("data-number")];
      s.hidden = !shown;
      s.querySelectorAll("input, select, textarea").forEach(function (i) {
        if (!i.hasAttribute("data-was-disabled")) { i.setAttribute("data-was-disabled", i.disabled ? "1" : "0"); }
        i.disabled = !shown || i.getAttribute("data-was-disabled") === "1";
      });
    });
  }

  function short(text) { return text.length > 12 ? text.slice(0, 11) + "…" : text; }

  function charts() {
    var node = document.getElementById("poll-results-data");
    if (!node || !window.echarts) { return; }
    var data = JSON.parse(node.textContent);
    document.querySelectorAll(".poll-chart").forEach(function (el) {
      var q = data.questions[Number(el.getAttribute("data-question"))];
      if (!q) { return; }
      var split = el.getAttribute("data-split");
      var chart = window.echarts.init(el, "lianxi");
      var option;
      if (split) {
        var part = q[split];
        option = {
          tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
          legend: { type: "scroll", bottom: 0, formatter: short },
          grid: { left: 8, right: 16, top: 8, bottom: 40, containLabel: true },
          xAxis: { type: "value", minInterval: 1 },
          yAxis: { type: "category", data: part.groups },
          series: q.labels.map(function (label, i) {
            return { name: label, type: "bar", stack: "all", data: part.rows.map(function (r) { return r[i]; }) };
          })
        };
      } else if (q.kind === "single" && q.labels.length <= 6) {
        option = {
          tooltip: { trigger: "item", formatter: "{b}：{c}（{d}%）" },
          legend: { type: "scroll", bottom: 0, formatter: short },
          series: [{ type: "pie", radius: ["35%", "65%"], center: ["50%", "45%"],
            label: { formatter: "{c}" },
            data: q.labels.map(function (label, i) { return { name: label, value: q.counts[i] }; }) }]
        };
      } else if (q.kind === "scale") {
        option = {
          tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
          grid: { left: 8, right: 16, top: 16, bottom: 8, containLabel: true },
          xAxis: { type: "category", data: q.labels },
          yAxis: { type: "value", minInterval: 1 },
          series: [{ type: "bar", data: q.counts, label: { show: true, position: "top" } }]
        };
      } else {
        option = {
          tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
          grid: { left: 8, right: 32, top: 8, bottom: 8, containLabel: true },
          xAxis: { type: "value", minInterval: 1 },
          yAxis: { type: "category", inverse: true, data: q.labels.map(short) },
          series: [{ type: "bar", data: q.counts, label: { show: true, position: "right" } }]
        };
      }
      chart.setOption(option);
      window.addEventListener("resize", function () { chart.resize(); });
    });
  }

  function start() {
    var form = document.getElementById("poll-form");
    if (form) {
      form.addEventListener("change", branch);
      branch();
    }
    charts();
    var print = document.getElementById("print-poll");
    if (print) { print.addEventListener("click", function () { window.print(); }); }
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
