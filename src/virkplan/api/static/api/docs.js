/* Swagger UI for the API docs page, from the page's own settings (no inline script).
   A signed-in user's writes carry Django's CSRF token, as the site's forms do. */
(function () {
  "use strict";
  var holder = document.getElementById("swagger-ui");
  var settings = JSON.parse(document.getElementById("swagger-settings").textContent);
  var csrfToken = holder.dataset.csrfToken;
  settings.dom_id = "#swagger-ui";
  settings.presets = [SwaggerUIBundle.presets.apis];
  settings.requestInterceptor = function (request) {
    if (csrfToken && ["GET", "HEAD", "OPTIONS"].indexOf(String(request.method).toUpperCase()) < 0) {
      request.headers["X-CSRFToken"] = csrfToken;
    }
    return request;
  };
  window.ui = SwaggerUIBundle(settings);
})();
