/* 年轮 Nianlun: the projector pages' keys and the lightning-talk timer. No library, nothing
   from the internet: a venue without a connection runs it. The place is kept in the address
   (?at=3, and ?left=95 when paused part-way), so a reload comes back where it was. */
(function () {
  "use strict";

  var NEXT_KEYS = ["ArrowRight", "PageDown"];  // presenter clickers send PageDown / PageUp
  var BACK_KEYS = ["ArrowLeft", "PageUp"];

  function typing(event) {
    var tag = event.target && event.target.tagName;
    return tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || event.altKey || event.ctrlKey || event.metaKey;
  }

  function clamp(value, low, high) { return Math.min(high, Math.max(low, value)); }

  function clock(seconds) {
    var whole = Math.max(0, Math.ceil(seconds));
    var m = Math.floor(whole / 60), s = whole % 60;
    return (m < 10 ? "0" : "") + m + ":" + (s < 10 ? "0" : "") + s;
  }

  /* Slides: <a rel="next"> and <a rel="prev"> links, followed with → and ←. */
  function slides() {
    document.addEventListener("keydown", function (event) {
      if (typing(event)) { return; }
      var rel = NEXT_KEYS.indexOf(event.key) >= 0 ? "next" : BACK_KEYS.indexOf(event.key) >= 0 ? "prev" : null;
      var link = rel && document.querySelector("a[rel=" + rel + "][href]:not([aria-disabled=true])");
      if (link) { event.preventDefault(); window.location.href = link.href; }
    });
  }

  /* The lightning talks: <div data-talks data-seconds="120"> with the agenda as <li data-zh data-en>. */
  function talks(root) {
    var items = Array.prototype.slice.call(root.querySelectorAll("[data-talk-list] li"));
    var list = items.map(function (li) { return {zh: li.getAttribute("data-zh"), en: li.getAttribute("data-en") || ""}; });
    if (!list.length) { return; }
    var text = function (name) { return root.getAttribute("data-text-" + name) || ""; };
    var seconds = parseInt(root.getAttribute("data-seconds"), 10) || 120;
    var params = new URLSearchParams(window.location.search);
    var at = clamp(parseInt(params.get("at") || "1", 10) || 1, 1, list.length);
    var left = params.has("left") ? clamp(parseFloat(params.get("left")) || 0, 0, seconds) : seconds;
    var endsAt = null;  // while running: when the talk's time is up (ms since the epoch)
    var ticking = null;
    var timer = root.querySelector("[data-timer]");
    var state = root.querySelector("[data-timer-state]");
    var toggle = root.querySelector("[data-toggle]");
    var skip = root.querySelector("[data-skip]");
    var back = root.querySelector("[data-back]");

    function remaining() { return endsAt === null ? left : Math.max(0, (endsAt - Date.now()) / 1000); }
    function running() { return endsAt !== null; }

    function remember() {
      var query = "?at=" + at;
      if (!running() && left < seconds) { query += "&left=" + Math.ceil(left); }
      window.history.replaceState(null, "", window.location.pathname + query);
    }

    function show() {
      var now = list[at - 1], next = list[at];
      var speaker = root.querySelector("[data-now]");
      speaker.textContent = now.zh;
      speaker.classList.toggle("long", now.zh.length > 14);
      root.querySelector("[data-now-en]").textContent = now.en;
      root.querySelector("[data-next-name]").textContent = next ? next.zh : text("last");
      root.querySelector("[data-position]").textContent =
        text("position").replace("{n}", String(at)).replace("{total}", String(list.length));
      back.setAttribute("aria-disabled", at <= 1 ? "true" : "false");
      skip.setAttribute("aria-disabled", at >= list.length ? "true" : "false");
      back.setAttribute("href", "?at=" + Math.max(1, at - 1));
      skip.setAttribute("href", "?at=" + Math.min(list.length, at + 1));
      draw();
    }

    function draw() {
      var rest = remaining();
      if (running() && rest <= 0) { stop(); left = 0; remember(); }
      timer.textContent = clock(rest);
      var over = rest <= 0;
      timer.classList.toggle("over", over);
      timer.classList.toggle("warning", !over && rest <= 30);
      root.setAttribute("data-state", over ? "over" : running() ? "running" : left < seconds ? "paused" : "ready");
      state.textContent = over ? text("over") : running() ? text("running") : left < seconds ? text("paused") : text("ready");
      toggle.textContent = running() ? text("pause") : over ? text("again") : left < seconds ? text("resume") : text("start");
    }

    function stop() {
      if (ticking !== null) { window.clearInterval(ticking); ticking = null; }
      left = remaining();
      endsAt = null;
    }

    function start() {
      if (left <= 0) { left = seconds; }
      endsAt = Date.now() + left * 1000;
      ticking = window.setInterval(draw, 200);
    }

    function startOrPause() {
      if (running()) { stop(); } else { start(); }
      remember();
      draw();
    }

    function go(step) {
      var to = clamp(at + step, 1, list.length);
      if (to === at) { return; }
      stop();
      at = to;
      left = seconds;  // the next speaker starts with the whole time, when Start is pressed
      remember();
      show();
    }

    toggle.disabled = false;
    toggle.addEventListener("click", startOrPause);
    skip.addEventListener("click", function (event) { event.preventDefault(); go(1); });
    back.addEventListener("click", function (event) { event.preventDefault(); go(-1); });
    document.addEventListener("keydown", function (event) {
      if (typing(event)) { return; }
      if (event.key === " " || event.key === "Spacebar") {
        event.preventDefault();  // no page scroll, and a focused button is not pressed twice
        if (!event.repeat) { startOrPause(); }
      } else if (NEXT_KEYS.indexOf(event.key) >= 0) { event.preventDefault(); go(1); }
      else if (BACK_KEYS.indexOf(event.key) >= 0) { event.preventDefault(); go(-1); }
    });
    document.addEventListener("keyup", function (event) {
      if ((event.key === " " || event.key === "Spacebar") && !typing(event)) { event.preventDefault(); }
    });
    show();
  }

  document.addEventListener("DOMContentLoaded", function () {
    var root = document.querySelector("[data-talks]");
    if (root) { talks(root); } else if (document.querySelector("[data-slides]")) { slides(); }
  });
})();
