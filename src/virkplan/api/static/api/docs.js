/* Swagger UI for the API docs page (no inline script: the page gives its data as attributes).
   A signed-in user's writes carry Django's CSRF token, as the site's forms do. Swagger UI
   leaves its copy buttons and some fields without a name and its scrolling code boxes out of
   the tab order; they are mended as they appear, so keyboard and screen-reader users can use
   them. Swagger UI speaks English (its container says so), and so do these names. */
(function () {
  "use strict";
  var holder = document.getElementById("swagger-ui");
  var csrfToken = holder.dataset.csrfToken;
  var settings = {
    url: holder.dataset.openapiUrl,
    dom_id: "#swagger-ui",
    presets: [SwaggerUIBundle.presets.apis],
    layout: "BaseLayout",
    // Deep links would put a link inside each operation's button (nested controls).
    deepLinking: false,
    // Never ask another server to validate the schema.
    validatorUrl: null
  };
  settings.requestInterceptor = function (request) {
    if (csrfToken && ["GET", "HEAD", "OPTIONS"].indexOf(String(request.method).toUpperCase()) < 0) {
      request.headers["X-CSRFToken"] = csrfToken;
    }
    return request;
  };

  function mend(root) {
    root.querySelectorAll(".copy-to-clipboard button:not([aria-label])").forEach(function (button) {
      button.setAttribute("aria-label", "Copy");
    });
    root.querySelectorAll("pre.microlight:not([tabindex]), .highlight-code pre:not([tabindex])")
      .forEach(function (code) { code.setAttribute("tabindex", "0"); });
    root.querySelectorAll("tr[data-param-name] :is(select, input, textarea):not([aria-label])")
      .forEach(function (field) {
        field.setAttribute("aria-label", field.closest("tr").dataset.paramName);
      });
    root.querySelectorAll("textarea.body-param__text:not([aria-label])").forEach(function (field) {
      field.setAttribute("aria-label", "Request body (JSON)");
    });
  }
  new MutationObserver(function () { mend(holder); })
    .observe(holder, { childList: true, subtree: true });

  window.ui = SwaggerUIBundle(settings);
})();
