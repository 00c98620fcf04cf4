"""Field types for the API's input: bounded so that nothing a caller sends reaches the
database as something it cannot store (a number past 64 bits, a NUL, half a character)."""

from typing import Annotated

from django.utils.translation import gettext as _
from pydantic import AfterValidator, Field, StringConstraints

MAX_ID = 2**63 - 1
MAX_OFFSET = 10**9
MAX_TEXT = 20_000  # as the follow-up form on the pages


def storable(text: str) -> str:
    """Refuse NUL characters and lone surrogates: no database stores them."""
    if "\x00" in text:
        raise ValueError(_("may not contain NUL characters."))
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError(_("contains characters that are not valid Unicode.")) from None
    return text


Key = Annotated[
    str,
    StringConstraints(min_length=1, max_length=100, pattern=r"^[-a-zA-Z0-9_]+$"),
    Field(description="A key, such as mt-2014 or mt-2014-g02."),
]
Id = Annotated[int, Field(ge=1, le=MAX_ID)]
Year = Annotated[int, Field(ge=1, le=9999)]
Version = Annotated[int, Field(ge=0, le=2**31 - 1)]
Text = Annotated[str, StringConstraints(max_length=MAX_TEXT), AfterValidator(storable)]
