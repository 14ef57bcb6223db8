// Interactive transcript: a cue button seeks the video; the current cue is marked while it plays.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var video = document.getElementById("lesson-video");
    var cues = Array.prototype.slice.call(document.querySelectorAll(".transcript__cue"));
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
      var now = video.currentTime, current = null;
      cues.forEach(function (button) { if (parseFloat(button.getAttribute("data-start")) <= now) { current = button; } });
      cues.forEach(function (button) {
        if (button === current) { button.setAttribute("aria-current", "true"); } else { button.removeAttribute("aria-current"); }
      });
    });
  });
})();
