"""The authority the site speaks for, as the header and footer of every page show it.

The municipality (the root unit of the kind municipality) gives the name in the
header and the contact lines in the footer. Every page draws them, so they are
kept in the cache under the public data version (core.data_version): a page
costs no query for them, and a change to the municipality shows at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.cache import caches
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _

from virkplan.core import data_version
from virkplan.organisation.selectors import municipality

CACHE = "default"
KEY = "virkplan:authority"


@dataclass(frozen=True)
class Authority:
    """The name and contact details of the municipality, as the header and footer show them."""

    name: str
    address: str = ""
    web: str = ""
    email: str = ""
    phone: str = ""
    logo: str = ""
    """The stored name of the municipality's logo file; empty without one. It changes with the
    file, so the header's address of the logo (web:authority-logo) can be kept for long."""

    @property
    def web_url(self) -> str:
        """The website as a link: "albertslund.dk" becomes "https://albertslund.dk"."""
        if not self.web or "://" in self.web:
            return self.web
        return f"https://{self.web}"

    @property
    def has_contact(self) -> bool:
        return any((self.address, self.web, self.email, self.phone))


def current_authority() -> Authority | None:
    """The municipality's name and contact details, or None when there is no municipality."""
    version = data_version.current(data_version.PUBLIC_KEY)
    found = caches[CACHE].get(KEY)
    if found is not None and found[0] == version:
        return found[1]
    unit = municipality()
    authority = (
        Authority(
            name=unit.display_formal_name,
            address=unit.address,
            web=unit.web,
            email=unit.email,
            phone=unit.phone,
            logo=unit.logo.name or "",
        )
        if unit
        else None
    )
    caches[CACHE].set(KEY, (version, authority), settings.VIRKPLAN_PAGE_CACHE_SECONDS)
    return authority


def authority(request: HttpRequest) -> dict[str, Any]:
    """Context processor: `authority`, read only when a template uses it."""
    return {"authority": SimpleLazyObject(current_authority)}


# The accessibility statement's standard texts -------------------------------------------------
# A municipality that has not written its own text shows these, in the reader's language; the
# settings page offers them to start from, and stores nothing while they are left as they are.


def standard_compliance_text() -> str:
    """Why the site partly meets the requirements, as the site ships."""
    return str(
        _(
            "Our automatic tests find no errors on the pages they check (see below), but "
            "automatic tests find only some kinds of error. Until a person has gone through the "
            "site with a screen reader and with the keyboard alone, we do not claim that it meets "
            "every requirement."
        )
    )


def standard_non_accessible() -> str:
    """The limits of the site's accessibility known when it ships, as Markdown."""
    items = (
        _(
            "The plans' own texts are written by the departments. We check that headings, "
            "lists and links are marked up correctly, but not that each text is written plainly."
        ),
        _(
            "The charts of goals by status are pictures. Each chart has a table beside it with "
            "the same numbers."
        ),
        _(
            "Plans imported from older Word and PDF documents may lack headings where the "
            "original documents lacked them."
        ),
    )
    return "\n\n".join(
        (
            str(
                _(
                    "We know of no content on the site that breaks the requirements. "
                    "These are the limits we know of:"
                )
            ),
            "\n".join(f"- {item}" for item in items),
            str(
                _(
                    "No content is exempted from the requirements because making it accessible "
                    "would be a disproportionate burden."
                )
            ),
        )
    )
