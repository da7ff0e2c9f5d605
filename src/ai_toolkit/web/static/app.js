// The one small script: follow the facilitator, keep what was typed, make the dot-vote's − and + work in place.
// Every form also works without it (plain posts and redirects).
(function () {
  "use strict";
  var body = document.body;
  var stateUrl = body.getAttribute("data-state");
  var version = body.getAttribute("data-version");
  var eventsUrl = body.getAttribute("data-events");
  var POLL_MS = 2500;
  var store = window.sessionStorage;

  function dirty() {
    var fields = document.querySelectorAll("form[data-keep] textarea, form[data-keep] input[type=text], form[data-keep] input[type=date]");
    for (var i = 0; i < fields.length; i++) {
      if (fields[i].value.trim() !== fields[i].defaultValue.trim()) return true;
    }
    return false;
  }

  function showMoved(withLink) {
    var note = document.getElementById("moved");
    if (!note) return;
    note.hidden = false;
    var keep = note.querySelector(".moved-keep");
    if (keep) keep.hidden = !withLink;
  }

  // -- following the facilitator ------------------------------------------------------------------------
  // The server pushes the page's version when it changes (Server-Sent Events, one connection per visible page);
  // a browser without EventSource asks every 2.5 s instead. A locked phone closes its stream (the server's
  // connections are for the phones in use) and, when it is looked at again, the stream's first message says
  // whether the room moved on meanwhile.
  var followed = function (v) {
    if (v === version || v === undefined || v === null) return;
    if (dirty()) { showMoved(true); return; }  // never throw away what someone is typing
    try { store.setItem("aitk-moved", "1"); } catch (e) { /* ignore */ }
    window.location.replace(window.location.pathname);
  };
  if (stateUrl && version !== null) {
    try {
      if (store.getItem("aitk-moved")) { store.removeItem("aitk-moved"); showMoved(false); }
    } catch (e) { /* storage may be off: the note is a nicety */ }
    var waiting = false;
    var poll = function () {
      if (waiting || document.hidden) return;
      waiting = true;
      fetch(stateUrl, { cache: "no-store", credentials: "same-origin" })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (data) { waiting = false; if (data) followed(data.v); })
        .catch(function () { waiting = false; });  // the Wi-Fi dropped for a moment: try again next time
    };
    if (eventsUrl && window.EventSource) {
      var source = null;
      var listen = function () {
        if (source || document.hidden) return;
        source = new window.EventSource(eventsUrl);
        source.onmessage = function (event) { followed(event.data); };
      };
      var pause = function () { if (source) { source.close(); source = null; } };
      document.addEventListener("visibilitychange", function () { if (document.hidden) pause(); else listen(); });
      window.addEventListener("pagehide", pause);
      window.addEventListener("pageshow", listen);
      listen();
    } else {
      window.setInterval(poll, POLL_MS);
      document.addEventListener("visibilitychange", poll);
    }
  }

  // -- drafts survive a reload (the page follows the facilitator, a phone locks...) ----------------------
  var forms = document.querySelectorAll("form[data-keep]");
  Array.prototype.forEach.call(forms, function (form) {
    var prefix = "aitk-draft:" + window.location.pathname + ":" + form.getAttribute("data-keep") + ":";
    Array.prototype.forEach.call(form.querySelectorAll("textarea, input[type=text], input[type=date]"), function (field) {
      try {
        var saved = store.getItem(prefix + field.name);
        if (saved && !field.value) field.value = saved;
      } catch (e) { /* ignore */ }
      field.addEventListener("input", function () {
        try { store.setItem(prefix + field.name, field.value); } catch (e) { /* ignore */ }
      });
    });
    form.addEventListener("submit", function () {
      try {
        Object.keys(store).forEach(function (k) { if (k.indexOf(prefix) === 0) store.removeItem(k); });
      } catch (e) { /* ignore */ }
    });
  });

  // -- the dot-vote ---------------------------------------------------------------------------------------
  var vote = document.querySelector("form.vote");
  if (vote) {
    var allowance = parseInt(vote.getAttribute("data-dots"), 10) || 0;
    var inputs = vote.querySelectorAll("input[type=number]");
    var left = vote.querySelector(".left");
    var template = left ? left.getAttribute("data-template") : null;
    var over = left ? left.getAttribute("data-over") : null;
    var value = function (input) {
      var n = parseInt(input.value, 10);
      return isNaN(n) || n < 0 ? 0 : n;
    };
    var update = function () {
      var used = 0;
      Array.prototype.forEach.call(inputs, function (input) { used += value(input); });
      var remaining = allowance - used;
      if (left && template) {
        // Typed numbers can pass the allowance: "2 too many" now, not "0 left" and a refusal after sending.
        var text = remaining < 0 && over ? over.replace("{over}", String(-remaining)) : template.replace("{left}", String(remaining));
        left.textContent = text.replace("{dots}", String(allowance));
        left.classList.toggle("over", remaining < 0);
      }
      Array.prototype.forEach.call(vote.querySelectorAll(".step-btn"), function (btn) {
        var input = document.getElementById(btn.getAttribute("data-for"));
        btn.disabled = btn.getAttribute("data-step") === "1" ? remaining <= 0 : value(input) <= 0;
      });
    };
    vote.addEventListener("click", function (event) {
      var btn = event.target.closest ? event.target.closest(".step-btn") : null;
      if (!btn) return;
      event.preventDefault();
      var input = document.getElementById(btn.getAttribute("data-for"));
      var n = value(input) + parseInt(btn.getAttribute("data-step"), 10);
      input.value = String(Math.max(0, Math.min(allowance, n)));
      update();
    });
    vote.addEventListener("input", update);
    update();
  }
})();
