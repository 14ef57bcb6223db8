// Interactive transcript: a cue button seeks the video; the current cue is marked while it plays.
// The transcript language switch (links that also work without JavaScript) swaps the shown
// transcript in place, so the video keeps playing where it is.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var video = document.getElementById("lesson-video");
    var cues = Array.prototype.slice.call(document.querySelectorAll(".transcript__cue"));
    var switches = Array.prototype.slice.call(document.querySelectorAll(".transcript-switch a[data-transcript]"));
    switches.forEach(function (link) {
      link.addEventListener("click", function (event) {
        event.preventDefault();
        var code = link.getAttribute("data-transcript");
        Array.prototype.forEach.call(document.querySelectorAll("ol.transcript"), function (list) {
          list.hidden = list.id !== "transcript-" + code;
        });
        switches.forEach(function (other) {
          if (other === link) { other.setAttribute("aria-current", "true"); } else { other.removeAttribute("aria-current"); }
        });
        if (window.history && window.history.replaceState) {
          var url = new URL(window.location.href);
          url.searchParams.set("transcript", code);
          window.history.replaceState(null, "", url.toString());
        }
      });
    });
    if (!video || !cues.length) { return; }
    cues.forEach(function (button) {
      button.addEventListener("click", function () {
        video.currentTime = parseFloat(button.getAttribute("data-start")) || 0;
        video.focus();
        var played = video.play();
        if (played && played.catch) { played.catch(function () {}); }
      });
    });
    video.addEventListener("timeupdate", function () {
      var now = video.currentTime;
      Array.prototype.forEach.call(document.querySelectorAll("ol.transcript"), function (list) {
        var current = null;
        Array.prototype.forEach.call(list.querySelectorAll(".transcript__cue"), function (button) {
          if (parseFloat(button.getAttribute("data-start")) <= now) { current = button; }
        });
        Array.prototype.forEach.call(list.querySelectorAll(".transcript__cue"), function (button) {
          if (button === current) { button.setAttribute("aria-current", "true"); } else { button.removeAttribute("aria-current"); }
        });
      });
    });
  });
})();
