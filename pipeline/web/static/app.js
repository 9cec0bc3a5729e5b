// press serve: live progress of the releases (server-sent events) and small conveniences.
// No inline scripts anywhere: the Content-Security-Policy allows only files from this server.
"use strict";

function watchJobs(table) {
  var source = new EventSource(table.getAttribute("data-events"));
  source.addEventListener("jobs", function (event) {
    var jobs = JSON.parse(event.data);
    var refresh = false;
    jobs.forEach(function (job) {
      var row = table.querySelector('tr[data-job="' + job.id + '"]');
      if (!row) { refresh = table.hasAttribute("data-rows"); return; }
      if (row.getAttribute("data-state") !== job.state) { refresh = true; }
      var bar = row.querySelector("progress");
      if (bar) { bar.max = job.total || 1; bar.value = job.state === "done" ? bar.max : job.done; }
      var count = row.querySelector(".count");
      if (count) { count.textContent = job.total ? job.done + "/" + job.total : ""; }
      var seconds = row.querySelector(".seconds");
      if (seconds) { seconds.textContent = job.seconds + " s"; }
    });
    if (!refresh) { return; }
    var reload = table.getAttribute("data-reload");
    if (reload) {
      var mine = jobs.filter(function (job) { return job.id === reload; })[0];
      if (mine && (mine.state === "done" || mine.state === "failed")) { source.close(); window.location.reload(); }
      return;
    }
    fetch(table.getAttribute("data-rows"), {credentials: "same-origin"})
      .then(function (response) { return response.text(); })
      .then(function (html) { table.querySelector("tbody").innerHTML = html; });
  });
}

document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("table[data-events]").forEach(watchJobs);
  document.querySelectorAll("a[data-back]").forEach(function (link) {
    link.addEventListener("click", function (event) {
      if (window.history.length > 1) { event.preventDefault(); window.history.back(); }
    });
  });
});
