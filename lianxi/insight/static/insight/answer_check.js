// Answer checks: under each answer box of the case page, warnings fetched (htmx, debounced)
// while the deputy or department types. Warnings only: sending is never blocked.
(function () {
  "use strict";
  var NAMES = ["reply-text", "report_back-text", "dept_answer-answer"];

  function wire() {
    var config = document.getElementById("insight-answer-check");
    if (!config || !window.htmx) return;
    NAMES.forEach(function (name) {
      document.querySelectorAll('textarea[name="' + name + '"]').forEach(function (box) {
        if (box.dataset.answerCheck) return;
        box.dataset.answerCheck = "1";
        var out = document.createElement("div");
        out.id = "answer-check-" + name;
        out.setAttribute("aria-live", "polite");
        box.insertAdjacentElement("afterend", out);
        box.setAttribute("hx-post", config.dataset.url);
        box.setAttribute("hx-trigger", "input changed delay:700ms, load");
        box.setAttribute("hx-target", "#" + out.id);
        box.setAttribute("hx-swap", "innerHTML");
        box.setAttribute("hx-sync", "this:replace");
        window.htmx.process(box);
      });
    });
  }

  document.addEventListener("DOMContentLoaded", wire);
  // the reply box is swapped when a template is chosen: wire the new one
  document.addEventListener("htmx:afterSwap", wire);
})();
