// The template editor's check as one types: the text is posted to /templates/check (with the page's CSRF
// token) half a second after the last key, and each problem is listed with its line and column, as
// `leadmail templates check` writes them; a click on one puts the cursor there. Without this file the Check
// button does the same through the form.
document.addEventListener("DOMContentLoaded", function () {
  var form = document.getElementById("template-form");
  if (!form) return;
  var text = form.querySelector("textarea[name=text]");
  var list = document.getElementById("problems");
  var fileName = form.querySelector("input[name=name]").value;
  var timer = null;
  var asked = 0;

  function offset(line, column) {
    var lines = text.value.split("\n");
    var at = 0;
    for (var i = 0; i < line - 1 && i < lines.length; i++) at += lines[i].length + 1;
    return at + Math.max(0, (column || 1) - 1);
  }

  function show(problems) {
    list.textContent = "";
    text.setAttribute("aria-invalid", problems.length ? "true" : "false");
    if (!problems.length) {
      var ok = document.createElement("p");
      ok.className = "ok";
      ok.textContent = "No problems: this text may be saved.";
      list.appendChild(ok);
      return;
    }
    var ul = document.createElement("ul");
    problems.forEach(function (problem) {
      var li = document.createElement("li");
      li.setAttribute("data-line", problem.line);
      if (problem.column) li.setAttribute("data-column", problem.column);
      var where = document.createElement("span");
      where.className = "where";
      var file = problem.file === fileName ? "" : problem.file + " ";
      where.textContent = file + "line " + problem.line + (problem.column ? ", column " + problem.column : "");
      li.appendChild(where);
      li.appendChild(document.createTextNode(" " + problem.message));
      if (!file && problem.line > 0) {
        li.tabIndex = 0;
        li.addEventListener("click", function () {
          var at = offset(problem.line, problem.column);
          text.focus();
          text.setSelectionRange(at, at + 1);
        });
      }
      ul.appendChild(li);
    });
    list.appendChild(ul);
  }

  function check() {
    var mine = ++asked;
    var body = new URLSearchParams();
    body.set("csrf", form.querySelector("input[name=csrf]").value);
    body.set("name", fileName);
    body.set("text", text.value);
    fetch(form.getAttribute("data-check"), { method: "POST", body: body, credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) throw new Error("the check answered " + response.status);
        return response.json();
      })
      .then(function (answer) { if (mine === asked) show(answer.problems); })
      .catch(function (error) {
        if (mine !== asked) return;
        list.textContent = "Could not check as you type (" + error.message + "); use the Check button.";
      });
  }

  text.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(check, 500);
  });
  list.querySelectorAll("li[data-line]").forEach(function (li) {
    li.addEventListener("click", function () {
      var at = offset(+li.getAttribute("data-line"), +li.getAttribute("data-column"));
      text.focus();
      text.setSelectionRange(at, at + 1);
    });
  });
});
