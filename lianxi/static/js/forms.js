// Forms, made easier where JavaScript runs (the server still validates everything):
// 1. A field the server marked invalid (.is-invalid) loses its red border and its message as
//    soon as the person changes it into something the browser accepts; changing it back to
//    the refused value shows the message again.
// 2. 获取验证码 buttons (data-countdown): after a code is sent they are disabled and count the
//    seconds down ("{n} 秒后可重新获取"), so a second code is not asked for within the minute.
//    data-countdown-start: seconds still to wait when the page is drawn (from the server).
//    With htmx, the status the server swaps in carries data-wait (seconds to wait from now).
(function () {
  "use strict";

  // ---- 1. validation messages that clear once the field is corrected ----
  // Its messages: those named by aria-describedby, and the .invalid-feedback siblings that
  // follow it (or its input group / check box row) before the next field.
  function messagesFor(el) {
    var found = [];
    (el.getAttribute("aria-describedby") || "").split(/\s+/).forEach(function (id) {
      var node = id && document.getElementById(id);
      if (node && node.classList.contains("invalid-feedback")) { found.push(node); }
    });
    var node = (el.closest(".input-group, .form-check") || el).nextElementSibling;
    while (node) {
      if (node.classList.contains("invalid-feedback")) {
        if (found.indexOf(node) < 0) { found.push(node); }
      } else if (!node.classList.contains("ts-wrapper")) {  // a picker's own box is part of it
        var other = node.matches("input, select, textarea") ? node : node.querySelector("input, select, textarea");
        if (other && other.name !== el.name) { break; }
      }
      node = node.nextElementSibling;
    }
    return found;
  }

  function valueOf(el) {
    if (el.type === "checkbox" || el.type === "radio") {
      var group = el.form && el.name ? el.form.querySelectorAll("input[name='" + el.name + "']") : [el];
      return Array.prototype.filter.call(group, function (x) { return x.checked; })
        .map(function (x) { return x.value; }).join(",");
    }
    if (el.type === "file") { return String(el.files ? el.files.length : 0); }
    if (el.multiple && el.options) {
      return Array.prototype.filter.call(el.options, function (o) { return o.selected; })
        .map(function (o) { return o.value; }).join(",");
    }
    return el.value;
  }

  var refused = new WeakMap();  // field -> [value refused, its messages]
  document.querySelectorAll(".is-invalid").forEach(function (el) {
    if (!("value" in el)) { return; }
    refused.set(el, [valueOf(el), messagesFor(el)]);
  });

  function recheck(event) {
    var el = event.target;
    var group = el.type === "radio" || el.type === "checkbox"
      ? el.form && el.name && el.form.querySelector("input[name='" + el.name + "'].is-invalid")
      : null;
    var marked = refused.has(el) ? el : group;
    if (!marked || !refused.has(marked)) { return; }
    var state = refused.get(marked);
    var changed = valueOf(marked) !== state[0];
    var fine = changed && (typeof marked.checkValidity !== "function" || marked.checkValidity());
    marked.classList.toggle("is-invalid", !fine);
    if (fine) { marked.setAttribute("aria-invalid", "false"); } else { marked.setAttribute("aria-invalid", "true"); }
    state[1].forEach(function (node) {  // inline !important: beats Bootstrap's d-block
      if (fine) { node.style.setProperty("display", "none", "important"); } else { node.style.removeProperty("display"); }
    });
    // A searchable picker (Tom Select) draws its own box beside the select.
    var wrapper = marked.nextElementSibling;
    if (wrapper && wrapper.classList.contains("ts-wrapper")) { wrapper.classList.toggle("is-invalid", !fine); }
  }
  document.addEventListener("input", recheck);
  document.addEventListener("change", recheck);

  // ---- 2. 获取验证码 with a countdown ----
  function countdown(button, seconds) {
    if (!button || !(seconds > 0)) { return; }
    if (!button.hasAttribute("data-countdown-text")) {
      button.setAttribute("data-countdown-text", button.textContent);
    }
    if (button._lxTimer) { clearInterval(button._lxTimer); }
    var label = button.getAttribute("data-countdown-label") || "{n}";
    var until = Date.now() + seconds * 1000;
    button.disabled = true;
    function tick() {
      var left = Math.ceil((until - Date.now()) / 1000);
      if (left <= 0) {
        clearInterval(button._lxTimer);
        button._lxTimer = null;
        button.disabled = false;
        button.textContent = button.getAttribute("data-countdown-text");
        return;
      }
      button.textContent = label.replace("{n}", String(left));
    }
    tick();
    button._lxTimer = setInterval(tick, 1000);
  }

  document.querySelectorAll("button[data-countdown]").forEach(function (button) {
    countdown(button, parseInt(button.getAttribute("data-countdown-start") || "0", 10));
  });

  // htmx: the answer to a code request says how long to wait (0 when nothing was sent).
  document.body.addEventListener("htmx:afterSwap", function (event) {
    var source = event.detail && event.detail.requestConfig && event.detail.requestConfig.elt;
    if (!source || !source.hasAttribute || !source.hasAttribute("data-countdown")) { return; }
    var status = event.detail.target && event.detail.target.querySelector("[data-wait]");
    var wait = status ? parseInt(status.getAttribute("data-wait") || "0", 10) : 0;
    countdown(source, wait);
  });
})();
