/* Background jobs (list import, party import): poll the status endpoint and reload when finished.
   Without JavaScript the page shows the same state on every reload. */
(function () {
  "use strict";
  var box = document.querySelector("[data-job-status]");
  if (!box || box.getAttribute("data-finished") === "true" || !window.fetch) { return; }
  var text = document.getElementById("job-status-text");
  function poll() {
    fetch(box.getAttribute("data-job-status"), { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (response) { return response.json(); })
      .then(function (data) {
        if (data.finished) { window.location.reload(); return; }
        text.textContent = data.status_label + (data.stage ? ": " + data.stage : "");
        window.setTimeout(poll, 1500);
      })
      .catch(function () { window.setTimeout(poll, 5000); });
  }
  window.setTimeout(poll, 1000);
}());
