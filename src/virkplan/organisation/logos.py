"""A unit's logo: an uploaded PNG or SVG file, checked before it is stored.

A logo comes from an administrator's computer and ends up in every printed
plan of the units below, so it is read as hostile: a PNG must be a real PNG
of a sensible size (Pillow, with its guard against images that unpack to
gigabytes), and an SVG must be a plain drawing, with no document type
declaration or entities (defusedxml), no script, no embedded HTML, no event
handlers and nothing fetched from elsewhere.
"""

import io
import re
import warnings
from collections.abc import Iterator
from typing import IO, Any
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from PIL import Image, UnidentifiedImageError

from virkplan.core.display import number

MAX_BYTES = 1024 * 1024
MAX_SIDE = 5000  # pixels, either way
MAX_PIXELS = 10_000_000
SVG_NAMESPACE = "http://www.w3.org/2000/svg"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"

# Error messages, shared with the tests.
MSG_KIND = _("The logo must be a PNG or SVG file (a name ending in .png or .svg).")
MSG_TOO_BIG = _("The logo file is larger than 1 MB. Save it smaller and upload it again.")
MSG_NOT_PNG = _("The logo is not a PNG picture that can be read. Save it as PNG again.")
MSG_PNG_SIZE = _(
    "The logo is too large a picture: at most %(side)s pixels wide and high, and at most "
    "%(pixels)s pixels in all."
)
MSG_NOT_SVG = _(
    "The logo is not an SVG drawing that can be read: its outermost element must be <svg>."
)
MSG_SVG_DTD = _(
    "The logo's SVG file has a document type declaration or entities (<!DOCTYPE, <!ENTITY), "
    "which are not allowed. Save it as plain SVG."
)
MSG_SVG_SCRIPT = _(
    "The logo's SVG file contains a script, embedded HTML (foreignObject) or event handlers "
    "(on… attributes), which are not allowed."
)
MSG_SVG_EXTERNAL = _(
    "The logo's SVG file refers to something outside itself (%(reference)s). A logo must "
    "contain everything it shows."
)

_FORBIDDEN_ELEMENTS = {"script", "foreignObject"}
_ANIMATIONS = {"set", "animate"}
_CSS_REFERENCE = re.compile(r"""url\(\s*['"]?\s*([^'")\s]*)|@import\s+['"]?([^'";\s]*)""", re.I)


def logo_kind(name: str) -> str:
    """'png' or 'svg' by the file's name; '' for anything else."""
    lowered = name.lower()
    return next((kind for kind in ("png", "svg") if lowered.endswith(f".{kind}")), "")


def validate_logo(value: Any) -> None:
    """Refuse a newly uploaded logo that is not a safe PNG or SVG; a stored one was checked."""
    if not value or getattr(value, "_committed", False):
        return
    kind = logo_kind(value.name or "")
    if not kind:
        raise ValidationError(MSG_KIND, code="logo_kind")
    data = _read(value.file if hasattr(value, "file") else value)
    if kind == "png":
        check_png(data)
    else:
        check_svg(data)


def _read(file: IO[bytes]) -> bytes:
    """At most one byte more than allowed: enough to tell that a file is too large."""
    file.seek(0)
    data = file.read(MAX_BYTES + 1)
    file.seek(0)
    if len(data) > MAX_BYTES:
        raise ValidationError(MSG_TOO_BIG, code="logo_too_big")
    return data


def check_png(data: bytes) -> None:
    """Refuse bytes that are not one readable PNG of at most MAX_SIDE and MAX_PIXELS."""
    if not data.startswith(PNG_SIGNATURE):
        raise ValidationError(MSG_NOT_PNG, code="logo_not_png")
    size_error = ValidationError(
        MSG_PNG_SIZE,
        code="logo_png_size",
        params={"side": number(MAX_SIDE), "pixels": number(MAX_PIXELS)},
    )
    try:
        with warnings.catch_warnings():
            # Pillow warns above its own limit and refuses above twice that; both are refusals.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=["PNG"]) as image:
                width, height = image.size
                if max(width, height) > MAX_SIDE or width * height > MAX_PIXELS:
                    raise size_error
                image.verify()
            with Image.open(io.BytesIO(data), formats=["PNG"]) as image:
                image.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise size_error from exc
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise ValidationError(MSG_NOT_PNG, code="logo_not_png") from exc


def check_svg(data: bytes) -> None:
    """Refuse bytes that are not a self-contained SVG drawing without scripts."""
    try:
        root = fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as exc:
        raise ValidationError(MSG_SVG_DTD, code="logo_svg_dtd") from exc
    except (ParseError, ValueError) as exc:
        raise ValidationError(MSG_NOT_SVG, code="logo_not_svg") from exc
    if root.tag != f"{{{SVG_NAMESPACE}}}svg":
        raise ValidationError(MSG_NOT_SVG, code="logo_not_svg")
    if b"<?xml-stylesheet" in data:
        _refuse_reference("xml-stylesheet")
    for element in root.iter():
        _check_element(element)


def _local(name: str) -> str:
    return name.rsplit("}", 1)[-1]


def _check_element(element: Element) -> None:
    tag = _local(str(element.tag))
    if tag in _FORBIDDEN_ELEMENTS:
        raise ValidationError(MSG_SVG_SCRIPT, code="logo_svg_script")
    for name, value in element.attrib.items():
        local = _local(name)
        if local.lower().startswith("on"):
            raise ValidationError(MSG_SVG_SCRIPT, code="logo_svg_script")
        if local == "href" and not _internal(value):
            _refuse_reference(value)
        if tag in _ANIMATIONS and local == "attributeName" and _local(value).lower() == "href":
            _refuse_reference(value)
        for reference in _css_references(value):
            _refuse_reference(reference)
    if tag == "style":
        for reference in _css_references(element.text or ""):
            _refuse_reference(reference)


def _internal(reference: str) -> bool:
    """Whether a reference stays inside the file: a fragment, or an embedded PNG."""
    reference = reference.strip()
    return reference.startswith("#") or reference.startswith("data:image/png")


def _css_references(text: str) -> Iterator[str]:
    """Style references (url(…), @import) in `text` that leave the file."""
    for match in _CSS_REFERENCE.finditer(text):
        reference = match.group(1) if match.group(1) is not None else match.group(2)
        if match.group(2) is not None or not _internal(reference):
            yield reference or "@import"


def _refuse_reference(reference: str) -> None:
    raise ValidationError(
        MSG_SVG_EXTERNAL, code="logo_svg_external", params={"reference": reference[:80]}
    )
