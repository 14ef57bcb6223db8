/* Batch screening progress: poll the status endpoint; without JavaScript the page works by reloading. */
(function () {
  "use strict";
  var box = document.querySelector("[data-batch-status]");
  if (!box || box.getAttribute("data-finished") === "true" || !window.fetch) { return; }
  var bar = document.getElementById("batch-progress");
  var text = document.getElementById("batch-status-text");
  function poll() {
    fetch(box.getAttribute("data-batch-status"), { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (response) { return response.json(); })
      .then(function (data) {
        bar.max = data.total; bar.value = data.processed;
        text.textContent = data.status_label + ": " + data.processed + " / " + data.total + " (" + data.percent + "%)";
        if (data.finished) { window.location.reload(); } else { window.setTimeout(poll, 1500); }
      })
      .catch(function () { window.setTimeout(poll, 5000); });
  }
  window.setTimeout(poll, 1000);
}());
