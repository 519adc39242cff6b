// The console's live updates: every second, ask /_console/version whether anything changed
// (in the database); if so, fetch this page's live part again and swap it in. A page that takes
// long to render is fetched less often (at most a twentieth of the time), so an open console
// never weighs much on the emulator. Everything else works without this script.
(function () {
  "use strict";
  var live = document.getElementById("live");
  var note = document.getElementById("live-status");
  if (!live || !live.getAttribute("data-live") || !window.fetch) { return; }
  var base = document.querySelector("link[rel=stylesheet]").getAttribute("href").replace(/\/static\/.*$/, "");
  var version = null;
  var busy = false;
  var nextRefresh = 0;

  function partialUrl() {
    var url = new URL(live.getAttribute("data-live"), window.location.href);
    url.searchParams.set("partial", "1");
    return url.toString();
  }

  function editing() {
    // Leave the page alone while someone types in a form inside it, or reads an open detail.
    var active = document.activeElement;
    return active && live.contains(active) && /^(INPUT|TEXTAREA|SELECT)$/.test(active.tagName);
  }

  function refresh() {
    var started = Date.now();
    return fetch(partialUrl(), { credentials: "same-origin", cache: "no-store" })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) {
        nextRefresh = Date.now() + 20 * (Date.now() - started);
        if (html === null) { return; }
        var open = Array.prototype.map.call(live.querySelectorAll("details[open]"), function (d) {
          return d.closest("[id]") ? d.closest("[id]").id + "/" + d.querySelector("summary").textContent : "";
        });
        live.innerHTML = html;
        Array.prototype.forEach.call(live.querySelectorAll("details"), function (d) {
          var key = d.closest("[id]") ? d.closest("[id]").id + "/" + d.querySelector("summary").textContent : "";
          if (key && open.indexOf(key) >= 0) { d.open = true; }
        });
      });
  }

  function tick() {
    if (busy || document.hidden) { return; }
    busy = true;
    fetch(base + "/version", { credentials: "same-origin", cache: "no-store" })
      .then(function (response) { return response.json(); })
      .then(function (data) {
        var changed = version !== null && data.version !== version;
        if (changed && Date.now() < nextRefresh) { changed = false; } else { version = data.version; }
        var clock = document.getElementById("clock");
        if (clock && data.now) { clock.textContent = data.now; }
        if (note) { note.textContent = "Updates live."; }
        return changed && !editing() ? refresh() : null;
      })
      .catch(function () { if (note) { note.textContent = "Live updates paused: the emulator does not answer."; } })
      .then(function () { busy = false; });
  }

  tick();
  window.setInterval(tick, 1000);
})();
