// Counts the summary's characters as one types (knowledge product form). No library.
(function () {
  "use strict";
  var field = document.querySelector("textarea[data-count-max]");
  var out = document.getElementById("summary-count");
  if (!field || !out) return;
  var max = parseInt(field.getAttribute("data-count-max"), 10);
  var template = out.getAttribute("data-template");
  function update() {
    var used = field.value.length;
    out.textContent = template.replace("NUMBER", String(used)).replace("MAX", String(max));
    out.classList.toggle("text-danger", used > max);
  }
  field.addEventListener("input", update);
  update();
})();
