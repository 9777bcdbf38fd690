// Check-in on a phone: put the cursor in the search field, so that the next name can
// be typed at once. No inline scripts (a strict Content Security Policy is planned).
document.addEventListener("DOMContentLoaded", function () {
  var field = document.querySelector("[data-autofocus]");
  if (field && !field.value) {
    field.focus();
  }
});
