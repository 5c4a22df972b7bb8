// Progressive enhancement only: every page works without this file.
// Copy buttons next to feed URLs (shown only where the clipboard can be used).
document.querySelectorAll("button.copy").forEach(function (button) {
  var input = button.parentElement.querySelector("input.url");
  if (!input || !navigator.clipboard) { return; }
  button.hidden = false;
  button.addEventListener("click", function () {
    navigator.clipboard.writeText(input.value).then(function () {
      button.textContent = button.dataset.copied;
    }, function () { input.select(); });
  });
});
