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

// On the pipeline, a card may be dragged onto another column: its own move form is filled in and sent, so the
// same route and rules apply. A move that needs more (a reason, a value, a date) shows that field to fill in
// and waits for the Move button; a column the lead cannot move to takes nothing.
document.addEventListener("DOMContentLoaded", function () {
  var dragged = null;
  document.querySelectorAll(".board .card").forEach(function (card) {
    if (!card.querySelector("form.move")) return;
    card.draggable = true;
    card.addEventListener("dragstart", function (event) {
      dragged = card;
      event.dataTransfer.effectAllowed = "move";
      event.dataTransfer.setData("text/plain", card.id);
      card.classList.add("dragging");
    });
    card.addEventListener("dragend", function () {
      card.classList.remove("dragging");
      dragged = null;
    });
  });
  function option(card, status) {
    var select = card.querySelector("form.move select[name=status]");
    if (!select) return null;
    for (var i = 0; i < select.options.length; i++) {
      if (select.options[i].value === status) return select;
    }
    return null;
  }
  document.querySelectorAll(".board .column").forEach(function (column) {
    var status = column.getAttribute("data-status");
    column.addEventListener("dragover", function (event) {
      if (dragged && option(dragged, status)) {
        event.preventDefault();
        column.classList.add("drop-target");
      }
    });
    column.addEventListener("dragleave", function () { column.classList.remove("drop-target"); });
    column.addEventListener("drop", function (event) {
      event.preventDefault();
      column.classList.remove("drop-target");
      var card = document.getElementById(event.dataTransfer.getData("text/plain")) || dragged;
      var select = card && option(card, status);
      if (!select) return;
      var form = select.form;
      select.value = status;
      select.dispatchEvent(new Event("change"));
      var needed = form.querySelector("[data-for='" + status + "']");
      if (needed) {
        card.classList.add("needs-input");
        needed.focus();
        return;
      }
      form.submit();
    });
  });
});

// Live pages (issue 25): on the work list, the leads list, a lead and the pipeline, a note appears when leads
// changed elsewhere (another host recorded mail, a colleague acted), with a link that loads the page again; the
// page itself is never changed under the reader's hands. `/events` answers 204 on a store that cannot tell
// (SQLite): the browser then stops asking, and the page stays as it is.
document.addEventListener("DOMContentLoaded", function () {
  if (!window.EventSource) return;
  if (!/^\/($|leads(\/\d+)?$|pipeline$)/.test(location.pathname)) return;
  var source = new EventSource("/events");
  var shown = false;
  source.addEventListener("changed", function () {
    if (shown) return;
    shown = true;
    var note = document.createElement("p");
    note.className = "live-note";
    note.setAttribute("role", "status");
    var link = document.createElement("a");
    link.href = location.href;
    link.textContent = "Leads changed since this page was loaded: show the changes";
    note.appendChild(link);
    var main = document.querySelector("main") || document.body;
    main.insertBefore(note, main.firstChild);
  });
});
