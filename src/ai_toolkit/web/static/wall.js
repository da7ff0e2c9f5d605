// The room's screen follows the facilitator by itself: the server pushes the session's version (Server-Sent
// Events); on a change the page fetches the new screen and swaps it in, without a reload (nothing flashes on the
// projector). It also counts the activity's time down each second, from the end time the server gave.
// Left open for hours it holds one stream and one screen: nothing accumulates. After the laptop sleeps, or if the
// stream dies quietly, a look at state.json every 20 s (and on waking) brings it back.
(function () {
  "use strict";
  var main = document.getElementById("wall");
  var base = document.body.getAttribute("data-base");
  if (!main || !base) return;
  var MIN_GAP_MS = 250;   // at most four new screens a second, however fast the phones post
  var CHECK_MS = 20000;   // the watchdog's look at state.json
  var SLEPT_MS = 15000;   // a second-tick that comes this late means the machine slept
  var version = null;
  var offset = 0;         // server clock minus this browser's clock, from the last screen
  var fetching = false, again = false, lastFetch = 0, timer = null;
  var source = null;

  function screen() { return main.querySelector(".screen"); }

  function adopt() {
    var s = screen();
    if (!s) return;
    version = s.getAttribute("data-version");
    var now = parseInt(s.getAttribute("data-now"), 10);
    if (!isNaN(now)) offset = now - Date.now();
    tick();
  }

  function update() {
    if (fetching) { again = true; return; }
    var wait = lastFetch + MIN_GAP_MS - Date.now();
    if (wait > 0) {
      if (!timer) timer = window.setTimeout(function () { timer = null; update(); }, wait);
      return;
    }
    fetching = true; again = false; lastFetch = Date.now();
    fetch(base + "/screen" + window.location.search, { cache: "no-store", credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.text() : null; })
      .then(function (html) {
        if (html) { main.innerHTML = html; adopt(); }
      })
      .catch(function () { /* the server restarts, or the network dropped: the watchdog tries again */ })
      .then(function () { fetching = false; if (again) update(); });
  }

  function changed(v) {
    if (v !== null && v !== undefined && v !== version) update();
  }

  function listen() {
    if (!window.EventSource) return;
    if (source && source.readyState !== 2) return;  // 2: CLOSED
    if (source) source.close();
    source = new window.EventSource(base + "/events");
    source.onmessage = function (event) { changed(event.data); };
  }

  function check() {
    if (!window.EventSource || !source || source.readyState === 2) listen();
    fetch(base + "/state.json", { cache: "no-store", credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) { if (data) changed(data.v); })
      .catch(function () { /* next time */ });
  }

  // -- the countdown, the same as on the facilitator's screen ---------------------------------------------
  function mmss(seconds) {
    var whole = Math.floor(Math.abs(seconds));
    var s = whole % 60;
    return Math.floor(whole / 60) + ":" + (s < 10 ? "0" : "") + s;
  }

  function tick() {
    var el = main.querySelector(".timer[data-ends]");
    if (!el) return;
    var left = (parseInt(el.getAttribute("data-ends"), 10) - (Date.now() + offset)) / 1000;
    var warn = parseInt(el.getAttribute("data-warn"), 10) || 0;
    var template = el.getAttribute(left >= 0 ? "data-left" : "data-over") || "{time}";
    el.textContent = template.replace("{time}", mmss(left));
    el.classList.toggle("over", left < 0);
    el.classList.toggle("warn", left >= 0 && left <= warn);
  }

  var lastTick = Date.now();
  window.setInterval(function () {
    var now = Date.now();
    if (now - lastTick > SLEPT_MS) {  // woke up: the stream may be dead without knowing it
      if (source) { source.close(); source = null; }
      check();
    }
    lastTick = now;
    tick();
  }, 1000);
  window.setInterval(check, CHECK_MS);
  document.addEventListener("visibilitychange", function () { if (!document.hidden) check(); });
  window.addEventListener("online", check);

  adopt();
  if (window.EventSource) listen();
  else window.setInterval(check, 2500);  // an old browser: ask, as the phones do
})();
