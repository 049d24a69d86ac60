// steerco's only script besides htmx. No inline script anywhere (the CSP
// forbids it); behaviour that progressive enhancement adds lives here.
document.addEventListener("DOMContentLoaded", function () {
  // Move focus to a form's error summary so keyboard and screen-reader
  // users hear what went wrong first.
  var summary = document.getElementById("error-summary");
  if (summary) { summary.focus(); }
});
