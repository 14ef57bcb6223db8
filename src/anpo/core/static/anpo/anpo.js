/* anpo: progressive enhancement only. Every control also works as a plain form without JavaScript. */
(function () {
  "use strict";

  function announce(text) {
    var region = document.getElementById("sr-announcer");
    if (region) { region.textContent = ""; window.setTimeout(function () { region.textContent = text; }, 50); }
  }

  // Reading aids: apply font size / contrast at once and save in the background.
  function setupPreferences() {
    var form = document.querySelector("[data-prefs-form]");
    if (!form || !window.fetch) { return; }
    form.addEventListener("click", function (event) {
      var button = event.target.closest("button[data-pref]");
      if (!button) { return; }
      var pref = button.getAttribute("data-pref");
      if (pref === "furigana") { return; } // furigana is rendered by the server: let the form reload the page
      event.preventDefault();
      var data = new FormData(form);
      data.set(pref, button.value);
      fetch(form.action, { method: "POST", body: data, headers: { "Accept": "application/json" }, credentials: "same-origin" })
        .then(function (response) { if (!response.ok) { throw new Error(response.status); } return response.json(); })
        .then(function (prefs) {
          var root = document.documentElement;
          root.className = root.className.replace(/\bfont-\S+/g, "").replace(/\bcontrast-\S+/g, "").trim();
          root.classList.add("font-" + prefs.font_size, "contrast-" + prefs.contrast);
          form.querySelectorAll("button[data-pref='" + pref + "']").forEach(function (other) {
            other.setAttribute("aria-pressed", other === button ? "true" : "false");
          });
          announce(button.textContent.trim());
        })
        .catch(function () { form.submit(); });
    });
  }

  // Read aloud with the browser's speech synthesis.
  function setupSpeech() {
    var start = document.querySelector("[data-speech='start']");
    var stop = document.querySelector("[data-speech='stop']");
    var status = document.querySelector("[data-speech-status]");
    if (!start || !status) { return; }
    var lang = document.documentElement.lang || "ja";
    function say(key) { status.textContent = status.getAttribute("data-msg-" + key) || ""; }
    function voiceFor(language) {
      var voices = window.speechSynthesis.getVoices();
      return voices.find(function (v) { return v.lang && v.lang.toLowerCase().indexOf(language) === 0; }) || null;
    }
    function mainText() {
      var main = document.getElementById("main");
      if (!main) { return ""; }
      var clone = main.cloneNode(true);
      clone.querySelectorAll("rt, rp, script, style, [aria-hidden='true'], .visually-hidden").forEach(function (n) { n.remove(); });
      return clone.textContent.replace(/\s+/g, " ").trim();
    }
    start.addEventListener("click", function () {
      if (!("speechSynthesis" in window) || typeof window.SpeechSynthesisUtterance !== "function") { say("unsupported"); return; }
      var speak = function () {
        var voice = voiceFor(lang);
        if (!voice) { say("novoice"); return; }
        window.speechSynthesis.cancel();
        var utterance = new SpeechSynthesisUtterance(mainText());
        utterance.lang = voice.lang;
        try { utterance.voice = voice; } catch (error) { /* lang alone picks a voice */ }
        utterance.onend = function () { say("done"); stop.hidden = true; };
        utterance.onerror = function () { say("novoice"); stop.hidden = true; };
        say("reading"); stop.hidden = false;
        window.speechSynthesis.speak(utterance);
      };
      if (window.speechSynthesis.getVoices().length) { speak(); return; }
      // Voices load asynchronously; wait briefly, then decide.
      var done = false;
      window.speechSynthesis.addEventListener("voiceschanged", function () { if (!done) { done = true; speak(); } }, { once: true });
      window.setTimeout(function () { if (!done) { done = true; speak(); } }, 800);
    });
    if (stop) {
      stop.addEventListener("click", function () { window.speechSynthesis.cancel(); stop.hidden = true; say("done"); start.focus(); });
    }
  }

  // Buttons that print the page (no inline onclick: the Content-Security-Policy refuses it).
  function setupPrint() {
    document.querySelectorAll("button[data-print]").forEach(function (button) {
      button.addEventListener("click", function () { window.print(); });
    });
  }

  document.addEventListener("DOMContentLoaded", function () { setupPreferences(); setupSpeech(); setupPrint(); });
})();
