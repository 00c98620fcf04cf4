// The review page of a document being imported: keep the document's text beside the block
// being corrected (or just corrected) by scrolling the source to its lines and marking them.
// Without JavaScript the "page N, line M" links do the same by hand.
(function () {
  "use strict";
  function showSource() {
    var form = document.querySelector(".vp-import-fix");
    var block = form ? form.closest(".vp-import-block") : document.querySelector(".vp-import-changed");
    var box = document.querySelector(".vp-source-scroll");
    if (!block || !box || !block.dataset.line) return;
    var first = Number(block.dataset.line);
    var last = Math.max(first, Number(block.dataset.endLine || first));
    for (var number = first; number <= last; number++) {
      var line = document.getElementById("linje-" + number);
      if (line) line.classList.add("vp-source-current");
    }
    var start = document.getElementById("linje-" + first);
    if (start) box.scrollTop = Math.max(0, start.offsetTop - box.clientHeight / 3);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", showSource);
  } else {
    showSource();
  }
})();
