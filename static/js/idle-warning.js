// Two minutes before the idle timeout, warn and offer to stay signed in (a request to a light
// page renews the session). Pages work the same without this script.
(function () {
  "use strict";
  var box = document.getElementById("idle-warning");
  if (!box) {
    return;
  }
  var button = box.querySelector("button");
  var warnBefore = 120;
  var timer;

  function arm(seconds) {
    window.clearTimeout(timer);
    timer = window.setTimeout(function () {
      box.hidden = false;
      button.focus();
    }, Math.max(seconds - warnBefore, 0) * 1000);
  }

  button.addEventListener("click", function () {
    fetch(box.dataset.keepAlive, { credentials: "same-origin", cache: "no-store" }).then(
      function (response) {
        if (response.ok && !response.redirected) {
          box.hidden = true;
          arm(Number(box.dataset.idleTotal));
        }
      }
    );
  });
  arm(Number(box.dataset.idleSeconds));
})();
