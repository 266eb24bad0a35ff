// Keyboard shortcuts on a case page: each decision button names its key in data-key;
// "n" opens the next open case. Off while typing in a field or with a modifier held.
(function () {
  "use strict";
  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey || event.repeat) return;
    var t = event.target;
    if (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))) return;
    var key = event.key.toLowerCase();
    if (key === "n") {
      var next = document.getElementById("next-case");
      if (next) { event.preventDefault(); window.location.href = next.href; }
      return;
    }
    var button = document.querySelector('form.decide button[data-key="' + key + '"]');
    if (button) { event.preventDefault(); button.click(); }
  });
})();
