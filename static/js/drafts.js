// Save a long text form's draft on the server as the person types (a second and a half after
// they stop), so a closed tab or an ended session loses nothing. The page restores the draft
// itself; without this script the form works the same (see mentoring/core/drafts.py).
(function () {
  "use strict";
  var form = document.querySelector("form[data-draft-key]");
  if (!form) {
    return;
  }
  var names = form.dataset.draftFields.split(" ");
  var status = form.querySelector(".draft-status");
  var token = form.querySelector("input[name$='csrf_token']");
  var timer;
  var sending = false;

  function values() {
    return names.map(function (name) {
      var field = form.elements.namedItem(name);
      return field ? field.value : "";
    });
  }

  var saved = values().join("\u0000");

  function save() {
    var now = values();
    if (sending || now.join("\u0000") === saved) {
      return;
    }
    var body = new FormData();
    body.append("form_key", form.dataset.draftKey);
    names.forEach(function (name, index) {
      body.append(name, now[index]);
    });
    sending = true;
    fetch(form.dataset.draftUrl, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "X-CSRFToken": token ? token.value : "" },
    })
      .then(function (response) {
        if (response.status === 401) {
          // Signed out for inactivity: the server kept the text; say so and stop saving.
          return response.json().then(function (answer) {
            saved = now.join("\u0000");
            status.textContent = answer.error;
            return null;
          });
        }
        if (!response.ok || response.redirected) {
          throw new Error("not saved");
        }
        return response.json();
      })
      .then(function (answer) {
        if (answer === null) {
          return;
        }
        saved = now.join("\u0000");
        status.textContent = answer.saved_at
          ? "Draft saved at " + answer.saved_at + "."
          : "Your text is kept as a draft while you type.";
      })
      .catch(function () {
        status.textContent = "The draft could not be saved just now; your text is still here.";
      })
      .finally(function () {
        sending = false;
      });
  }

  form.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(save, 1500);
  });
  form.addEventListener("submit", function () {
    window.clearTimeout(timer);
  });
})();
