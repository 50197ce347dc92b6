// Progressive enhancement only: every form works without this file.
// In a status form, show only the fields the chosen status needs (reason, value and close date, nurture date).
document.documentElement.classList.add("js");
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("form.status-form").forEach(function (form) {
    var select = form.querySelector("select[name=status]");
    if (!select) return;
    function update() {
      form.querySelectorAll("[data-for]").forEach(function (field) {
        field.hidden = field.getAttribute("data-for") !== select.value;
      });
    }
    select.addEventListener("change", update);
    update();
  });
});
