// A minimal SCORM 1.2 (window.API) and SCORM 2004 (window.API_1484_11) runtime.
// Values live in memory and are posted to anpo on Commit/Finish/Terminate; anpo
// records completion, success and score per learner. Written for anpo (AGPL-3.0-or-later).
(function () {
  "use strict";
  var frame, commitUrl, data = {}, lastError = "0", initialized = false, finished = false;

  function csrfToken() {
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    if (match) { return decodeURIComponent(match[1]); }
    var input = document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }
  function announce(text) {
    var status = document.getElementById("scorm-status");
    if (status && text) { status.textContent = text; }
  }
  function post() {
    if (!commitUrl) { return "false"; }
    var body = JSON.stringify(data);
    fetch(commitUrl, { method: "POST", credentials: "same-origin", keepalive: true,
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken() }, body: body })
      .then(function (r) { return r.json(); })
      .then(function (result) { if (result && result.complete) { announce(document.documentElement.lang === "en" ? "Module completed and recorded." : "このモジュールの修了を記録しました。"); } })
      .catch(function () { announce(document.documentElement.lang === "en" ? "Progress could not be saved; it will be retried." : "進捗を保存できませんでした。再試行します。"); });
    return "true";
  }
  function getValue(key) {
    if (key === "cmi.core.student_id" || key === "cmi.learner_id") { return "anpo"; }
    if ((key === "cmi.core.lesson_status") && !data[key]) { return "not attempted"; }
    if ((key === "cmi.completion_status") && !data[key]) { return "unknown"; }
    if (key === "cmi.core.entry" || key === "cmi.entry") { return Object.keys(data).length ? "resume" : "ab-initio"; }
    lastError = "0";
    return Object.prototype.hasOwnProperty.call(data, key) ? String(data[key]) : "";
  }
  function setValue(key, value) { data[key] = String(value); lastError = "0"; return "true"; }
  function init() { initialized = true; finished = false; lastError = "0"; return "true"; }
  function finish() { if (!initialized || finished) { return "false"; } finished = true; return post(); }
  var errors = { "0": "No error", "101": "General exception", "301": "Not initialized" };

  window.API = {
    LMSInitialize: init, LMSFinish: finish, LMSGetValue: getValue, LMSSetValue: setValue,
    LMSCommit: function () { return post(); }, LMSGetLastError: function () { return lastError; },
    LMSGetErrorString: function (code) { return errors[code] || ""; }, LMSGetDiagnostic: function (code) { return errors[code] || ""; }
  };
  window.API_1484_11 = {
    Initialize: init, Terminate: finish, GetValue: getValue, SetValue: setValue,
    Commit: function () { return post(); }, GetLastError: function () { return lastError; },
    GetErrorString: function (code) { return errors[code] || ""; }, GetDiagnostic: function (code) { return errors[code] || ""; }
  };
  document.addEventListener("DOMContentLoaded", function () {
    frame = document.querySelector(".scorm-frame");
    if (!frame) { return; }
    commitUrl = frame.getAttribute("data-commit-url");
    var state = document.getElementById("scorm-state");
    if (state) { try { data = JSON.parse(state.textContent) || {}; } catch (e) { data = {}; } }
    window.addEventListener("pagehide", function () { if (initialized && !finished) { post(); } });
  });
})();
