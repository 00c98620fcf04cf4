/* Marks the page as one with JavaScript before it is drawn: virkplan.css shows the mobile
   menu open under the header, and the goals' accordions open, only on pages without it. */
document.documentElement.classList.replace("no-js", "js");
