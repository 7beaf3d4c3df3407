// A form sent with htmx that comes back with errors (status 400) replaces its part of the
// page like a success would, so that the errors show next to the fields.
document.addEventListener("htmx:beforeSwap", function (event) {
  if (event.detail.xhr.status === 400) {
    event.detail.shouldSwap = true;
    event.detail.isError = false;
  }
});
// After a part is swapped, move the focus to its message or first error, for screen readers.
document.addEventListener("htmx:afterSwap", function (event) {
  var target = event.detail.target;
  if (!target) { return; }
  var focus = target.querySelector("[data-programme-focus]");
  if (focus) { focus.focus(); }
});
