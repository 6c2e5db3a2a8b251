/* 年轮 Nianlun: the little JavaScript the pages use. Every page works without it, less conveniently. */
(function () {
  "use strict";

  /* Another service's part of a page: <section data-fragment="/diagnosis/o/panel" data-refresh="3">. */
  function loadFragment(element, attempt) {
    var url = element.getAttribute("data-fragment");
    var joiner = url.indexOf("?") < 0 ? "?" : "&";
    var next = encodeURIComponent(window.location.pathname);
    return fetch(url + joiner + "fragment=1&next=" + next, {credentials: "same-origin", headers: {"X-Fragment": "1"}})
      .then(function (response) {
        if (!response.ok && response.status !== 404) { throw new Error(response.status); }
        return response.text();
      })
      .then(function (html) {
        if (element.contains(document.activeElement) && document.activeElement.tagName !== "BODY") { return; }
        element.innerHTML = html;
        element.setAttribute("data-loaded", "1");
        wire(element);
      })
      .catch(function () {
        // A token just given (opening a workshop) reaches the other services within a second
        // or two: a first part that fails is asked for again before it is given up.
        attempt = attempt || 0;
        if (!element.getAttribute("data-loaded") && attempt < 3) {
          setTimeout(function () { loadFragment(element, attempt + 1); }, 1000 * (attempt + 1));
          return;
        }
        var failed = element.getAttribute("data-error-text") || "…";
        if (!element.getAttribute("data-loaded")) { element.innerHTML = '<p class="fragment-error"></p>'; element.firstChild.textContent = failed; }
      });
  }

  function startFragments(root) {
    // One service's parts load one after another: the first answer sets that service's session
    // cookie (its forms' CSRF secret), which the next then shares. Asked for at once, each
    // would start a session of its own and the last cookie would void the others' forms.
    var chains = {};
    root.querySelectorAll("[data-fragment]").forEach(function (element) {
      var service = element.getAttribute("data-fragment").split("/")[1];
      chains[service] = (chains[service] || Promise.resolve()).then(function () { return loadFragment(element); });
      var seconds = parseFloat(element.getAttribute("data-refresh") || "0");
      if (seconds > 0) {
        setInterval(function () { if (!document.hidden) { loadFragment(element); } }, seconds * 1000);
      }
    });
  }

  /* Drafts save themselves: <form data-autosave> posts its fields a moment after each change. */
  function autosave(form) {
    var status = form.querySelector("[data-autosave-status]");
    var timer = null;
    function say(key) { if (status) { status.textContent = status.getAttribute("data-" + key) || ""; } }
    function save() {
      say("saving");
      fetch(form.action, {method: "POST", body: new FormData(form), credentials: "same-origin",
                          headers: {"X-Autosave": "1"}})
        .then(function (response) {
          say(response.ok ? "saved" : "failed");
          return response.json().then(function (body) { showAnswer(form, body); }, function () {});
        })
        .catch(function () { say("failed"); });
    }
    form.addEventListener("change", function () { clearTimeout(timer); timer = setTimeout(save, 400); });
    form.addEventListener("input", function (event) {
      if (event.target.type === "radio" || event.target.type === "checkbox") { return; }
      clearTimeout(timer); timer = setTimeout(save, 1200);
    });
  }

  /* What the server understood of each field ("= 35,000 元") and what it refused, all at once:
     the JSON an autosave answers with, {"echo": {name: text}, "errors": {name: message}}. */
  function showAnswer(form, body) {
    var echo = body.echo || {}, errors = body.errors || {};
    form.querySelectorAll("[data-echo]").forEach(function (element) {
      var name = element.getAttribute("data-echo");
      element.textContent = echo[name] || "";
      var id = name.replace(/\./g, "-") + "-error";
      var shown = document.getElementById(id);
      var input = form.querySelector('[name="' + name + '"]');
      if (errors[name]) {
        if (!shown) {
          shown = document.createElement("p");
          shown.className = "field-error"; shown.id = id; shown.setAttribute("role", "alert");
          element.parentNode.insertBefore(shown, element.nextSibling);
        }
        shown.textContent = errors[name];
        if (input) { input.setAttribute("aria-invalid", "true"); input.setAttribute("aria-describedby", id); }
      } else {
        if (shown) { shown.parentNode.removeChild(shown); }
        if (input) { input.removeAttribute("aria-invalid"); input.removeAttribute("aria-describedby"); }
      }
    });
  }

  /* Copy a link: <button data-copy="input-id">. */
  function copyButton(button) {
    button.addEventListener("click", function () {
      var input = document.getElementById(button.getAttribute("data-copy"));
      input.select();
      var done = function () { button.textContent = button.getAttribute("data-copied") || button.textContent; };
      if (navigator.clipboard && window.isSecureContext) { navigator.clipboard.writeText(input.value).then(done, done); }
      else { try { document.execCommand("copy"); } catch (e) { /* the text stays selected */ } done(); }
    });
  }

  /* Ask before doing what cannot be undone: <form data-confirm="…">. */
  function confirmForm(form) {
    form.addEventListener("submit", function (event) {
      if (!window.confirm(form.getAttribute("data-confirm"))) { event.preventDefault(); }
    });
  }

  /* Sent once: <form data-once> disables its buttons as it is sent (the server refuses a
     second send all the same; this spares the facilitator the page that says so). */
  function onceForm(form) {
    form.addEventListener("submit", function () {
      window.setTimeout(function () {
        form.querySelectorAll("button[type=submit], button:not([type])").forEach(function (b) { b.disabled = true; });
      }, 0);
    });
  }

  /* One tap per answer: once a level is chosen, the next unanswered question comes into view. */
  function nextQuestion(form) {
    form.addEventListener("change", function (event) {
      if (event.target.type !== "radio") { return; }
      var groups = Array.prototype.slice.call(form.querySelectorAll("fieldset.rubric"));
      var here = groups.indexOf(event.target.closest("fieldset.rubric"));
      var next = groups.slice(here + 1).filter(function (g) { return !g.querySelector("input:checked"); })[0];
      if (!next) { return; }
      var still = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
      next.scrollIntoView({block: "start", behavior: still ? "auto" : "smooth"});
    });
  }

  function wire(root) {
    root.querySelectorAll("form[data-autosave]").forEach(autosave);
    root.querySelectorAll("form[data-autosave]").forEach(nextQuestion);
    root.querySelectorAll("button[data-copy]").forEach(copyButton);
    root.querySelectorAll("form[data-confirm]").forEach(confirmForm);
    root.querySelectorAll("form[data-once]").forEach(onceForm);
    startFragments(root);
  }

  document.addEventListener("DOMContentLoaded", function () { wire(document); });
})();
