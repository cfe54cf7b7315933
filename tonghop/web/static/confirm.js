// Forms with data-confirm="..." ask first, in a <dialog>, saying what will happen
// (publishing, locking, sending reminders, deleting, submitting).  A static file, so a
// Content-Security-Policy without inline scripts allows it.  Forms with data-once
// disable their buttons once sent, against double clicks.
(function () {
  "use strict";
  var dialog = null;
  var pending = null; // [form, submitter] waiting for the answer

  function build() {
    dialog = document.createElement("dialog");
    dialog.className = "confirm";
    dialog.setAttribute("aria-labelledby", "confirm-text");
    var form = document.createElement("form");
    form.method = "dialog";
    var text = document.createElement("p");
    text.id = "confirm-text";
    var detail = document.createElement("ul");
    detail.id = "confirm-detail";
    var actions = document.createElement("p");
    actions.className = "actions";
    var ok = document.createElement("button");
    ok.value = "ok";
    ok.className = "primary";
    var cancel = document.createElement("button");
    cancel.value = "cancel";
    cancel.textContent = "Hủy";
    actions.append(ok, " ", cancel);
    form.append(text, detail, actions);
    dialog.append(form);
    document.body.append(dialog);
    dialog.addEventListener("close", function () {
      var waiting = pending;
      pending = null;
      if (!waiting || dialog.returnValue !== "ok") return;
      var target = waiting[0];
      target.dataset.confirmed = "1";
      if (waiting[1] && waiting[1].form === target) target.requestSubmit(waiting[1]);
      else target.requestSubmit();
    });
  }

  // Capture phase: before htmx's own listener on the form, which must not run until
  // the answer is yes.
  document.addEventListener(
    "submit",
    function (event) {
      var form = event.target;
      if (!(form instanceof HTMLFormElement) || !form.dataset.confirm) return;
      if (form.dataset.confirmed === "1") {
        delete form.dataset.confirmed;
        return;
      }
      event.preventDefault();
      event.stopPropagation();
      if (!dialog) build();
      dialog.querySelector("#confirm-text").textContent = form.dataset.confirm;
      var list = dialog.querySelector("#confirm-detail");
      list.replaceChildren();
      (form.dataset.confirmDetail || "").split("\n").forEach(function (line) {
        if (!line.trim()) return;
        var li = document.createElement("li");
        li.textContent = line;
        list.append(li);
      });
      list.hidden = !list.children.length;
      dialog.querySelector("button[value=ok]").textContent =
        form.dataset.confirmButton || "Đồng ý";
      pending = [form, event.submitter];
      dialog.returnValue = "";
      dialog.showModal();
    },
    true,
  );

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (event.defaultPrevented || !form.hasAttribute || !form.hasAttribute("data-once")) return;
    // After the browser has taken the submission: a disabled button sends nothing.
    window.setTimeout(function () {
      form.querySelectorAll("button").forEach(function (b) {
        b.disabled = true;
      });
    }, 0);
  });

  // <select data-autosubmit> sends its form when changed (no inline onchange).
  document.addEventListener("change", function (event) {
    var el = event.target;
    if (el instanceof HTMLSelectElement && el.hasAttribute("data-autosubmit") && el.form) {
      el.form.requestSubmit();
    }
  });
})();
