"""The language users' texts are written in, beside the language of the interface."""

from django.conf import settings
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language


def content_language() -> str:
    """The language plans are written in: the site's own language (Danish)."""
    return settings.VIRKPLAN_CONTENT_LANGUAGE


def content_lang_attribute() -> SafeString:
    """A `lang` attribute for an element holding users' text, when the page is in another language.

    The plans are written in Danish; when a reader picks English, the
    interface is English but the plans are not, and screen readers must
    read them with a Danish voice (WCAG 3.1.2, language of parts).
    """
    language = content_language()
    if (get_language() or "").split("-")[0] == language:
        return mark_safe("")
    return format_html(' lang="{}"', language)
