// steerco's only script besides htmx. No inline script anywhere (the CSP
// forbids it); behaviour that progressive enhancement adds lives here.
document.addEventListener("DOMContentLoaded", function () {
  // Move focus to a form's error summary so keyboard and screen-reader
  // users hear what went wrong first.
  var summary = document.getElementById("error-summary");
  if (summary) { summary.focus(); }

  // Give every POST form a one-time token, made when the page loads and
  // put into the form's action as it is submitted: a second submit of the
  // same form (a double click, a repeated POST) then shows the first one's
  // result instead of doing it again (see web/once.go). getRandomValues
  // works on plain http too, unlike randomUUID.
  var forms = document.querySelectorAll("form");
  for (var i = 0; i < forms.length; i++) {
    var f = forms[i];
    if ((f.getAttribute("method") || "get").toLowerCase() !== "post") { continue; }
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    f.dataset.once = Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
    f.addEventListener("submit", function (e) {
      var form = e.currentTarget;
      var url = new URL(form.getAttribute("action") || window.location.href, window.location.href);
      url.searchParams.set("_once", form.dataset.once);
      form.setAttribute("action", url.pathname + url.search + url.hash);
    });
  }
});
