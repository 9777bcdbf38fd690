/* G40's repairs to Django's admin: every autocomplete field (select2) is named by its
   label, also when nothing is chosen yet. */
"use strict";
(function () {
  function nameAutocompletes(root) {
    root.querySelectorAll("select.admin-autocomplete").forEach(function (select) {
      var label = document.querySelector('label[for="' + select.id + '"]');
      var container = select.nextElementSibling;
      if (!label || !container || !container.classList.contains("select2")) {
        return;
      }
      if (!label.id) {
        label.id = select.id + "-label";
      }
      // The box that opens the list: its label, then what is chosen.
      container.querySelectorAll('[role="combobox"]').forEach(function (box) {
        var shown = box.querySelector(".select2-selection__rendered");
        setName(box, label.id + (shown && shown.id ? " " + shown.id : ""));
      });
      // What is chosen (a read-only text box): named by the label too.
      container.querySelectorAll('[role="textbox"]').forEach(function (text) {
        setName(text, label.id);
      });
    });
  }
  // select2 builds its boxes when jQuery is ready (which may come after "load") and
  // again for rows an inline adds: name whatever it has built, whenever it builds.
  function setName(el, value) {
    if (el.getAttribute("aria-labelledby") !== value) {
      el.setAttribute("aria-labelledby", value);
    }
  }
  nameAutocompletes(document);
  new MutationObserver(function () {
    nameAutocompletes(document);
  }).observe(document.documentElement, { childList: true, subtree: true });
})();
