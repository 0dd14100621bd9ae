// The receipt page's "Copy the receipt" button: shown only when the browser can copy.
// Without JavaScript the receipt can still be selected, written down or downloaded.
(function () {
  "use strict";
  var button = document.getElementById("copy-receipt");
  var status = document.getElementById("copy-status");
  if (!button || !navigator.clipboard || !window.isSecureContext) {
    return;
  }
  button.hidden = false;
  button.addEventListener("click", function () {
    navigator.clipboard.writeText(button.getAttribute("data-copy")).then(
      function () {
        status.textContent = "The receipt is copied. Paste it somewhere you keep safe.";
      },
      function () {
        status.textContent = "Copying did not work here. Select the receipt and copy it, or download it.";
      }
    );
  });
})();
