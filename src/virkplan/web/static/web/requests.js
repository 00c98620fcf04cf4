// What a page does when a request made in place (htmx) fails, and before leaving with unsaved text.
//
// htmx swaps only successful answers, so without this a refused, failed or lost request leaves
// the page as it was with no word said. Here such a request gets a message beside its form
// (role="alert", read out by screen readers) and the form keeps what was typed. A session that
// has run out answers with the sign-in page; that is caught too, and the text stays.
// The messages are the page's own (translated in the template, #vp-request-messages), never
// written here.
//
// Forms marked data-vp-unsaved-warning ask before the page is left while they hold text that is
// not saved: text typed since the page showed them, or a form shown again with its messages.
(function () {
  "use strict";

  function messages() {
    return document.getElementById("vp-request-messages");
  }

  function text(name) {
    var holder = messages();
    return (holder && holder.dataset[name]) || "";
  }

  function isSignInPage(url) {
    var loginPath = text("loginPath");
    if (!url || !loginPath) return false;
    try {
      return new URL(url, window.location.href).pathname === loginPath;
    } catch (error) {
      return false;
    }
  }

  // The place for the message: the form the request came from (or the element's own block).
  function anchorOf(element) {
    if (!element || !element.isConnected) return null;
    return element.closest("form") || element;
  }

  function clearMessage(anchor) {
    var previous = anchor && anchor.previousElementSibling;
    if (previous && previous.classList.contains("vp-request-error")) previous.remove();
  }

  function showMessage(element, message, reason) {
    var anchor = anchorOf(element);
    if (!anchor || !message) return;
    clearMessage(anchor);
    var alert = document.createElement("div");
    alert.className = "alert alert-error vp-request-error";
    alert.setAttribute("role", "alert");
    var body = document.createElement("div");
    body.className = "alert-body";
    var heading = document.createElement("p");
    heading.className = "alert-text";
    heading.textContent = message;
    body.appendChild(heading);
    if (reason) {
      var why = document.createElement("p");
      why.className = "alert-text";
      why.textContent = reason;
      body.appendChild(why);
    }
    var kept = document.createElement("p");
    kept.className = "alert-text";
    kept.textContent = text("kept");
    body.appendChild(kept);
    alert.appendChild(body);
    anchor.parentNode.insertBefore(alert, anchor);
  }

  // The reason an error page of this site gives (a refusal's own words), if it gives one.
  function reasonIn(xhr) {
    var type = (xhr && xhr.getResponseHeader("Content-Type")) || "";
    if (type.indexOf("text/html") !== 0 || !xhr.responseText) return "";
    var page = new DOMParser().parseFromString(xhr.responseText, "text/html");
    var reason = page.querySelector("[data-vp-reason]");
    return reason ? reason.textContent.trim() : "";
  }

  function messageFor(status) {
    if (status === 401) return text("session");
    if (status === 403) return text("forbidden");
    if (status === 404) return text("notFound");
    if (status === 409) return text("conflict");
    if (status >= 500) return text("server");
    return text("failed");
  }

  // A session that ran out: the answer sends the browser to the sign-in page (HX-Redirect from
  // views that know htmx, or a redirect the browser followed). Stay, keep the text, say so.
  document.addEventListener("htmx:beforeOnLoad", function (event) {
    var xhr = event.detail.xhr;
    if (isSignInPage(xhr.getResponseHeader("HX-Redirect")) || isSignInPage(xhr.responseURL)) {
      event.preventDefault();
      showMessage(event.detail.elt, text("session"), "");
    }
  });

  document.addEventListener("htmx:responseError", function (event) {
    var xhr = event.detail.xhr;
    showMessage(event.detail.elt, messageFor(xhr.status), reasonIn(xhr));
  });

  document.addEventListener("htmx:sendError", function (event) {
    showMessage(event.detail.elt, text("network"), "");
  });

  document.addEventListener("htmx:beforeRequest", function (event) {
    clearMessage(anchorOf(event.detail.elt));
  });

  // --- unsaved text --------------------------------------------------------------------------

  var submitted = null;

  function fieldChanged(field) {
    if (field.type === "checkbox" || field.type === "radio") {
      return field.checked !== field.defaultChecked;
    }
    if (field.tagName === "SELECT") {
      for (var i = 0; i < field.options.length; i++) {
        if (field.options[i].selected !== field.options[i].defaultSelected) return true;
      }
      return false;
    }
    if (field.type === "hidden" || field.type === "submit" || field.type === "button") return false;
    return field.value !== field.defaultValue;
  }

  function holdsUnsavedText(form) {
    if (form === submitted) return false;
    if (form.dataset.vpUnsavedWarning === "bound") return true;
    for (var i = 0; i < form.elements.length; i++) {
      if (fieldChanged(form.elements[i])) return true;
    }
    return false;
  }

  document.addEventListener("submit", function (event) {
    submitted = event.target;
  });

  document.addEventListener("htmx:afterRequest", function (event) {
    // The request is over: whatever the form holds now counts again.
    if (submitted && submitted.contains(event.detail.elt)) submitted = null;
  });

  window.addEventListener("beforeunload", function (event) {
    var forms = document.querySelectorAll("form[data-vp-unsaved-warning]");
    for (var i = 0; i < forms.length; i++) {
      if (holdsUnsavedText(forms[i])) {
        event.preventDefault();
        event.returnValue = "";
        return "";
      }
    }
    return undefined;
  });
})();
