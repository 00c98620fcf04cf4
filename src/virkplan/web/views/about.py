"""Pages about the site itself: the accessibility statement every Danish public site links to."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from virkplan.organisation.selectors import accessibility_statement_of, municipality
from virkplan.reports.pictures import unit_logo

from ..caching import anonymous_page_cache
from ..identity import standard_compliance_text, standard_non_accessible


@anonymous_page_cache
def accessibility_statement(request: HttpRequest) -> HttpResponse:
    """The accessibility statement, in the parts of Digitaliseringsstyrelsen's template, as
    the municipality's administrators wrote it (the settings page), the site's standard texts
    where they wrote none."""
    unit = municipality()
    if unit is None:
        return render(request, "web/accessibility.html", {"statement": None})
    statement = accessibility_statement_of(unit=unit)
    context = {
        "statement": statement,
        "compliance_text": statement.compliance_text or standard_compliance_text(),
        "non_accessible": statement.non_accessible or standard_non_accessible(),
        "feedback_email": statement.feedback_email or unit.email,
        "feedback_phone": statement.feedback_phone or unit.phone,
        # The address as people say it: digst.dk/… without https:// or the last slash.
        "complaints_label": statement.complaints_url.split("://", 1)[-1].rstrip("/"),
    }
    return render(request, "web/accessibility.html", context)


# An SVG shown on its own may run nothing and fetch nothing: it is a picture, not a page.
PICTURE_POLICY = "default-src 'none'; style-src 'unsafe-inline'; sandbox"
LOGO_MAX_AGE = 60 * 60 * 24 * 365
"""The header asks for the logo with its file name in the address, so a new logo is a new
address and the old one may be kept for a year."""


@require_safe
def authority_logo(request: HttpRequest) -> HttpResponse:
    """The municipality's logo for the header, read and checked as the printed plans read it
    (reports.pictures): a file that is not what its name says is not served."""
    logo = unit_logo(municipality())
    if logo is None:
        raise Http404(_("The municipality has no logo."))
    response = HttpResponse(logo.data, content_type=logo.media_type)
    response["Content-Security-Policy"] = PICTURE_POLICY
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = f"public, max-age={LOGO_MAX_AGE}, immutable"
    return response


urlpatterns = [
    path("tilgaengelighed/", accessibility_statement, name="accessibility"),
    path("logo/", authority_logo, name="authority-logo"),
]
