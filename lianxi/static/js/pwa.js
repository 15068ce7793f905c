// The phone app: registers the service worker (/sw.js, scope "/"), and keeps a citizen's
// draft of a matter on the phone. A form marked data-draft="NAME" is saved to localStorage as
// it is typed; sent while offline, it is kept as "waiting" and sent when the connection comes
// back, with the form's one-time token (form_token), so the server files it once however often
// it arrives. Attached files are kept beside it in IndexedDB (localStorage holds text only),
// put back in the file field when the page opens again, and sent with the draft; a browser
// without IndexedDB keeps the text only.
(function () {
  "use strict";
  var me = document.currentScript;
  var text = function (name) { return me.getAttribute("data-" + name) || ""; };

  if ("serviceWorker" in navigator && me.getAttribute("data-worker")) {
    navigator.serviceWorker.register(me.getAttribute("data-worker"), { scope: "/" }).catch(function () {});
  }

  var SKIP = { csrfmiddlewaretoken: 1, send_code: 1 };

  function key(form) { return "lianxi:draft:" + form.getAttribute("data-draft"); }

  function read(form) {
    var data = {};
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || SKIP[el.name] || el.type === "file" || el.type === "submit") { return; }
      if ((el.type === "checkbox" || el.type === "radio") && !el.checked) { return; }
      data[el.name] = el.value;
    });
    return data;
  }

  function load(form) {
    try { return JSON.parse(localStorage.getItem(key(form)) || "null"); } catch (e) { return null; }
  }

  function save(form, waiting) {
    var draft = {
      fields: read(form), waiting: !!waiting, action: form.action,
      next: form.getAttribute("data-draft-next"), saved: Date.now()
    };
    try { localStorage.setItem(key(form), JSON.stringify(draft)); } catch (e) { /* full or private */ }
    return draft;
  }

  function banner(message, id) {
    var old = document.getElementById(id);
    if (old) { old.textContent = message; return; }
    var div = document.createElement("div");
    div.className = "alert alert-info";
    div.id = id;
    div.setAttribute("role", "status");
    div.textContent = message;
    var form = document.querySelector("form[data-draft]");
    (form ? form.parentNode : document.body).insertBefore(div, form);
  }

  function restore(form, draft) {
    var restored = false;
    Object.keys(draft.fields).forEach(function (name) {
      var el = form.elements[name];
      if (!el || el.type === "hidden" && name !== "form_token") { return; }
      if (el.type === "checkbox") { el.checked = true; restored = true; return; }
      if (name === "form_token") {  // a draft waiting to be sent keeps its token: filed once
        if (draft.waiting) { el.value = draft.fields[name]; }
        return;
      }
      if (!el.value) { el.value = draft.fields[name]; restored = true; }
    });
    if (restored) { banner(text("restored"), "draft-restored"); }
  }

  // ---- files of the draft, in IndexedDB: {field name: [File, …]} under the draft's key ----
  var FILES_MAX = 25 * 1024 * 1024;  // 5 files of at most 5 MB (cases/attachments.py)
  function store(mode, work) {
    return new Promise(function (resolve) {
      if (!window.indexedDB) { resolve(null); return; }
      var opened;
      try { opened = indexedDB.open("lianxi-drafts", 1); } catch (e) { resolve(null); return; }
      opened.onupgradeneeded = function () { opened.result.createObjectStore("files"); };
      opened.onerror = function () { resolve(null); };
      opened.onsuccess = function () {
        var db = opened.result;
        try {
          var tx = db.transaction("files", mode);
          var request = work(tx.objectStore("files"));
          tx.oncomplete = function () { db.close(); resolve(request ? request.result : null); };
          tx.onerror = tx.onabort = function () { db.close(); resolve(null); };
        } catch (e) { db.close(); resolve(null); }
      };
    });
  }
  function saveFiles(form) {
    var kept = {}, size = 0;
    Array.prototype.forEach.call(form.querySelectorAll("input[type=file]"), function (input) {
      if (!input.name || !input.files) { return; }
      kept[input.name] = Array.prototype.slice.call(input.files);
      kept[input.name].forEach(function (f) { size += f.size; });
    });
    if (size > FILES_MAX) { return Promise.resolve(null); }
    return store("readwrite", function (os) { return os.put(kept, key(form)); });
  }
  function loadFiles(form) { return store("readonly", function (os) { return os.get(key(form)); }); }
  function dropFiles(name) { return store("readwrite", function (os) { return os.delete(name); }); }
  function putBack(form, kept) {  // the files into their fields again (where the field is empty)
    var restored = false;
    Object.keys(kept || {}).forEach(function (name) {
      var input = form.querySelector("input[type=file][name='" + name + "']");
      if (!input || (input.files && input.files.length) || !kept[name].length) { return; }
      try {
        var list = new DataTransfer();
        kept[name].forEach(function (f) { list.items.add(f); });
        input.files = list.files;
        restored = true;
      } catch (e) { /* an older browser: the person attaches them again */ }
    });
    return restored;
  }

  var sending = false;
  function send(form, draft) {
    if (sending || !navigator.onLine) { return; }
    sending = true;
    loadFiles(form).then(function (kept) { post(form, draft, kept || {}); });
  }
  function post(form, draft, kept) {
    var body = new FormData();
    Object.keys(draft.fields).forEach(function (name) { body.append(name, draft.fields[name]); });
    Object.keys(kept).forEach(function (name) {
      kept[name].forEach(function (f) { body.append(name, f, f.name); });
    });
    var csrf = form && form.elements.csrfmiddlewaretoken;
    if (csrf) { body.append("csrfmiddlewaretoken", csrf.value); }
    // redirect "manual": the receipt is shown once, so the browser, not fetch, must open it.
    fetch(draft.action, { method: "POST", body: body, credentials: "same-origin", redirect: "manual" })
      .then(function (response) {
        if (response.type === "opaqueredirect" || (response.status >= 300 && response.status < 400)) {
          localStorage.removeItem(key(form));  // filed (or filed before): its receipt
          dropFiles(key(form)).then(function () { window.location.assign(draft.next || draft.action); });
          return;
        }
        // Not filed (a field to correct): the draft stays, to be looked at and sent by hand.
        draft.waiting = false;
        localStorage.setItem(key(form), JSON.stringify(draft));
        banner(text("check"), "draft-waiting");
        sending = false;
      })
      .catch(function () { sending = false; });
  }

  document.querySelectorAll("form[data-draft]").forEach(function (form) {
    var draft = load(form);
    if (draft) {
      restore(form, draft);
      loadFiles(form).then(function (kept) {
        if (putBack(form, kept)) { banner(text("restored"), "draft-restored"); }
      });
    }
    form.addEventListener("input", function () { save(form, false); });
    form.addEventListener("change", function (event) {
      save(form, false);
      if (event.target && event.target.type === "file") { saveFiles(form); }
    });
    form.addEventListener("submit", function (event) {
      if (event.submitter && event.submitter.name === "send_code") { return; }
      if (navigator.onLine) {
        // Sent now: keep no copy once the server has it (the receipt page clears it too).
        save(form, false);
        return;
      }
      event.preventDefault();
      save(form, true);
      saveFiles(form);
      banner(text("waiting"), "draft-waiting");
    });
    if (draft && draft.waiting) {
      banner(text("waiting"), "draft-waiting");
      send(form, draft);
    }
    window.addEventListener("online", function () {
      var current = load(form);
      if (current && current.waiting) { send(form, current); }
    });
  });

  // The receipt page (data-draft-done="NAME"): that draft has been filed.
  document.querySelectorAll("[data-draft-done]").forEach(function (el) {
    localStorage.removeItem("lianxi:draft:" + el.getAttribute("data-draft-done"));
    dropFiles("lianxi:draft:" + el.getAttribute("data-draft-done"));
  });

  // Offline banner on every page.
  function offlineBanner() {
    var old = document.getElementById("offline-banner");
    if (navigator.onLine) { if (old) { old.remove(); } return; }
    if (old) { return; }
    var div = document.createElement("div");
    div.id = "offline-banner";
    div.className = "lx-offline-banner";
    div.setAttribute("role", "status");
    div.textContent = text("offline");
    document.body.insertBefore(div, document.body.firstChild);
  }
  window.addEventListener("online", offlineBanner);
  window.addEventListener("offline", offlineBanner);
  offlineBanner();
})();
