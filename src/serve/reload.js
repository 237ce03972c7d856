// Added by `dossier serve` to every page it sends (never written to disk).
// Reloads the page after each rebuild and shows a failed build's error.
(function () {
  "use strict";
  var first = null;
  var overlay = null;
  function showError(message) {
    if (!overlay) {
      overlay = document.createElement("div");
      overlay.id = "dossier-error-overlay";
      overlay.setAttribute("role", "alert");
      overlay.style.cssText = "position:fixed;inset:auto 1rem 1rem 1rem;z-index:2147483647;" +
        "background:#3b0d0d;color:#fff;border:2px solid #ff6b6b;border-radius:6px;" +
        "padding:1rem;font:14px/1.4 ui-monospace,monospace;max-height:50vh;overflow:auto;" +
        "box-shadow:0 8px 30px rgba(0,0,0,.4)";
      var title = document.createElement("strong");
      title.textContent = "The last change did not build. Still showing the last good version.";
      var pre = document.createElement("pre");
      pre.style.cssText = "white-space:pre-wrap;margin:.5rem 0 0";
      overlay.appendChild(title);
      overlay.appendChild(pre);
      document.body.appendChild(overlay);
    }
    overlay.querySelector("pre").textContent = message;
  }
  // "Rebuilding…" while a build runs: a large dossier takes seconds.
  var badge = null;
  function showBuilding(on) {
    if (on && !badge) {
      badge = document.createElement("div");
      badge.id = "dossier-building";
      badge.setAttribute("role", "status");
      badge.style.cssText = "position:fixed;right:1rem;bottom:1rem;z-index:2147483647;" +
        "background:#10243e;color:#fff;border-radius:6px;padding:.4rem .8rem;" +
        "font:14px/1.4 system-ui,sans-serif;box-shadow:0 4px 16px rgba(0,0,0,.3)";
      badge.textContent = "Rebuilding…";
      document.body.appendChild(badge);
    } else if (!on && badge) {
      badge.remove();
      badge = null;
    }
  }
  var events = new EventSource("/__dossier/events");
  events.addEventListener("state", function (e) {
    var state = JSON.parse(e.data);
    if (first === null) { first = state.version; }
    showBuilding(state.building === true);
    if (state.building) { return; }
    if (state.error) {
      showError(state.error);
    } else if (state.version !== first) {
      window.location.reload();
    } else if (overlay) {
      overlay.remove();
      overlay = null;
    }
  });
})();
