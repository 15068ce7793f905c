// Intake and tracking pages: a live character count, and copy buttons. No inline scripts (CSP).
(function () {
  "use strict";
  function counter(el) {
    var target = document.getElementById(el.getAttribute("data-count-for"));
    if (!target) return;
    var max = parseInt(target.getAttribute("data-count") || target.getAttribute("maxlength") || "0", 10);
    function update() {
      var n = Array.from(target.value).length;
      el.textContent = max ? n + " / " + max : String(n);
      el.classList.toggle("text-danger", (max && n > max) || (n > 0 && n < 10));
    }
    target.addEventListener("input", update);
    update();
  }
  function copier(button) {
    button.addEventListener("click", function () {
      var source = document.getElementById(button.getAttribute("data-copy"));
      if (!source) return;
      var text = source.textContent.trim();
      var done = function () {
        var label = button.getAttribute("data-copied");
        if (label) button.textContent = label;
      };
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(text).then(done, function () {});
      } else {
        var range = document.createRange();
        range.selectNodeContents(source);
        var sel = window.getSelection();
        sel.removeAllRanges();
        sel.addRange(range);
        try { document.execCommand("copy"); done(); } catch (e) { /* selected for manual copy */ }
      }
    });
  }
  document.querySelectorAll("[data-count-for]").forEach(counter);
  document.querySelectorAll("[data-copy]").forEach(copier);
})();
