// A page that comes back with form errors: move focus to the error summary, so a screen
// reader reads it first and a keyboard user starts from its links to each field. The
// summary also has `autofocus`; this covers browsers that ignore it on a non-field.
(function () {
  "use strict";
  var summary = document.getElementById("error-summary");
  if (summary && document.activeElement !== summary) {
    summary.focus();
  }
})();
