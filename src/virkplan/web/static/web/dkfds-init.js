/* Starts Det Fælles Designsystem's components (DKFDS.init: accordions, the mobile menu, the
   language menu), after folding the accordions a page asks to be folded.

   Without JavaScript every accordion is drawn open, so nothing is hidden from a reader whose
   browser does not run this file. An accordion marked data-vp-fold starts folded here, except
   the item holding the part of the page the address points at (plan/…#goal-…), which opens,
   also when a link on the page points into a folded item.

   The design system writes its "Åbn alle"/"Luk alle" on the bulk button in Danish; the
   page's own words for them (data-vp-open-all, data-vp-close-all) are put back, so an
   English page stays English. */
(function () {
  "use strict";

  function itemButton(item) {
    return item.querySelector(":scope > :is(h2, h3, h4, h5, h6) > .accordion-button");
  }

  function fold() {
    document.querySelectorAll(".accordion[data-vp-fold] > li").forEach(function (item) {
      var button = itemButton(item);
      var content = button && document.getElementById(button.getAttribute("aria-controls"));
      if (button && content) {
        button.setAttribute("aria-expanded", "false");
        content.setAttribute("aria-hidden", "true");
      }
    });
  }

  /* Opens every folded accordion item around the element with the address's fragment. */
  function reveal(id) {
    var target = id && document.getElementById(id);
    var opened = false;
    var own = target && target.matches(".accordion > li") ? itemButton(target) : null;
    if (own && own.getAttribute("aria-expanded") === "false") {
      own.click();
      opened = true;
    }
    for (var node = target; node; node = node.parentElement) {
      if (node.classList && node.classList.contains("accordion-content") && node.getAttribute("aria-hidden") === "true") {
        var button = document.querySelector('.accordion-button[aria-controls="' + node.id + '"]');
        if (button) {
          button.click();
          opened = true;
        }
      }
    }
    if (opened) {
      target.scrollIntoView();
    }
  }

  /* The bulk button says what it will do next: open all while its attribute is "true". */
  function keepBulkWords() {
    document.querySelectorAll(".accordion-bulk-button[data-vp-open-all]").forEach(function (button) {
      function relabel() {
        var words = button.getAttribute("data-accordion-bulk-expand") === "false"
          ? button.getAttribute("data-vp-close-all")
          : button.getAttribute("data-vp-open-all");
        if (button.textContent !== words) {
          button.textContent = words;
        }
      }
      relabel();
      new MutationObserver(relabel).observe(button, { attributes: true, childList: true, characterData: true, subtree: true });
    });
  }

  function fragment() {
    try {
      return decodeURIComponent(window.location.hash.slice(1));
    } catch (error) {
      return "";
    }
  }

  function start() {
    fold();
    if (window.DKFDS) {
      window.DKFDS.init();
    }
    keepBulkWords();
    reveal(fragment());
    window.addEventListener("hashchange", function () {
      reveal(fragment());
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
