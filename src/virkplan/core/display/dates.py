"""Dates in words, as Django's `date:"DATE_FORMAT"` filter writes them ("1. juli 2014")."""

import datetime
from functools import lru_cache

from django.utils import formats
from django.utils.translation import get_language


def long_date(value: datetime.date | None) -> str:
    """A calendar date in the active language's long format; "" for none.

    The same few dates recur on a page (a round's follow-ups share theirs), and Django's
    formatter looks the format up and walks it for every call, so each date is formatted
    once per language and kept.
    """
    if value is None:
        return ""
    return _long_date(value, get_language())


@lru_cache(maxsize=2048)
def _long_date(value: datetime.date, language: str | None) -> str:
    return formats.date_format(value, "DATE_FORMAT")
