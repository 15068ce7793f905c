// Searchable pickers: a <select data-picker> becomes a Tom Select box (typing filters, a
// multi-select shows removable chips instead of Ctrl-click). `data-picker="auto"` (set on
// every form select by BootstrapMixin) enhances only lists longer than PICKER_MIN; any other
// value always enhances. Tom Select is loaded only on pages that have such a select.
// Strings come from this script tag's data- attributes (translated by the template).
(function () {
  "use strict";
  var PICKER_MIN = 15;
  var me = document.currentScript;
  var text = function (name) { return me.getAttribute("data-" + name) || ""; };
  var loading = null;

  function load() {
    if (window.TomSelect) return Promise.resolve();
    if (loading) return loading;
    var css = document.createElement("link");
    css.rel = "stylesheet";
    css.href = text("css");
    document.head.appendChild(css);
    loading = new Promise(function (resolve, reject) {
      var js = document.createElement("script");
      js.src = text("js");
      if (me.nonce) js.nonce = me.nonce;
      js.onload = resolve;
      js.onerror = reject;
      document.head.appendChild(js);
    });
    return loading;
  }

  function wanted(select) {
    if (select.tomselect || select.disabled) return false;
    if (select.getAttribute("data-picker") !== "auto") return true;
    return select.options.length > PICKER_MIN;
  }

  function esc(s) {
    return String(s).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }

  function enhance(select) {
    if (select.tomselect) return;  // two scans may race while the library loads
    var blank = select.querySelector("option[value='']");
    var placeholder = select.getAttribute("data-placeholder") ||
      (blank && !/^-+$/.test(blank.textContent.trim()) ? blank.textContent.trim() : text("placeholder"));
    if (blank && /^-+$/.test(blank.textContent.trim())) blank.textContent = placeholder;
    var multiple = select.multiple;
    var options = {
      create: false,
      maxOptions: null,
      allowEmptyOption: !!blank && !select.required,
      placeholder: placeholder,
      hidePlaceholder: true,
      // Keep the server's order (likely choices first, then pinyin) until the person types.
      sortField: [{ field: "$order" }, { field: "$score" }],
      plugins: multiple ? { remove_button: { title: text("remove") }, checkbox_options: {} } : {},
      render: {
        no_results: function (data) {
          return '<div class="no-results">' + esc(text("no-results")) + "</div>";
        },
      },
    };
    // Tom Select points the label at its own input; the hidden original keeps a name too.
    var label = select.id && document.querySelector("label[for='" + select.id + "']");
    if (label && !select.hasAttribute("aria-label")) {
      select.setAttribute("aria-label", label.textContent.trim());
    }
    if (multiple) options.closeAfterSelect = false;
    else options.onChange = function () { this.blur(); };
    /* global TomSelect */
    new TomSelect(select, options);
  }

  function scan(root) {
    var selects = Array.prototype.filter.call(
      (root || document).querySelectorAll("select[data-picker]"), wanted
    );
    if (!selects.length) return;
    load().then(function () { selects.forEach(enhance); });
  }

  scan(document);
  // Content swapped in by htmx (filter results, step forms) gets its pickers too.
  document.addEventListener("htmx:load", function (event) { scan(event.target); });
})();
