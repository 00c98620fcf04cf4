"""Pictures in the documents: the front page's logo, and SVG drawn as PNG for Word.

A logo was checked when it was uploaded (organisation.logos); it is read
again here with the same size limit and drawn only as what its first bytes
say it is, so a file put into MEDIA_ROOT some other way cannot be more than
a broken picture. In the PDF it is an image from a `data:` URL, which the
document's URL fetcher allows and nothing inside it can reach out of.
"""

import base64
import io
import logging
from dataclasses import dataclass

from django.utils.html import format_html
from django.utils.safestring import SafeString
from PIL import Image

from virkplan.organisation.logos import MAX_BYTES, PNG_SIGNATURE, logo_kind
from virkplan.organisation.models import Unit

logger = logging.getLogger(__name__)

LOGO_PIXELS = 600  # an SVG logo's width when drawn for Word: sharp at 40 mm when printed


@dataclass(frozen=True)
class Logo:
    """A unit's logo as stored: its bytes, 'png' or 'svg', and its text alternative."""

    data: bytes
    kind: str
    alt: str

    @property
    def media_type(self) -> str:
        return "image/png" if self.kind == "png" else "image/svg+xml"

    @property
    def data_url(self) -> str:
        return f"data:{self.media_type};base64,{base64.b64encode(self.data).decode()}"


def unit_logo(unit: Unit | None) -> Logo | None:
    """The unit's logo, its text alternative the unit's name; None without a logo, and when its
    file cannot be read or is not what its name says."""
    if unit is None or not unit.logo:
        return None
    try:
        with unit.logo.open("rb") as file:
            data = file.read(MAX_BYTES + 1)
    except OSError:
        logger.warning("The logo of %s (%s) cannot be read.", unit.key, unit.logo.name)
        return None
    kind = "png" if data.startswith(PNG_SIGNATURE) else "svg"
    if len(data) > MAX_BYTES or kind != logo_kind(unit.logo.name or ""):
        logger.warning("The logo of %s (%s) is not a logo.", unit.key, unit.logo.name)
        return None
    return Logo(data=data, kind=kind, alt=unit.name)


def logo_image(logo: Logo | None) -> SafeString:
    """The logo as an image for the printed front page, or nothing."""
    if logo is None:
        return SafeString("")
    return format_html('<img class="vp-front-logo" src="{}" alt="{}">', logo.data_url, logo.alt)


def png_size(data: bytes) -> tuple[int, int] | None:
    """A PNG's width and height in pixels; None for bytes that are no PNG."""
    try:
        with Image.open(io.BytesIO(data), formats=["PNG"]) as image:
            return image.size
    except (OSError, ValueError, Image.DecompressionBombError):
        return None


def svg_png(svg: bytes, *, width: int) -> bytes | None:
    """An SVG drawn as a PNG `width` pixels wide; None when it cannot be drawn.

    CairoSVG refuses entities and, without a URL fetcher of ours, fetches
    nothing but `data:` URLs, so a drawing cannot read files or call out. It is
    imported here, when a picture is made: the site's pages never need it.
    """
    import cairosvg

    try:
        png = cairosvg.svg2png(bytestring=svg, output_width=width)
    except Exception:  # CairoSVG raises many kinds of errors on a broken drawing.
        logger.warning("An SVG picture could not be drawn for Word.", exc_info=True)
        return None
    return png if isinstance(png, bytes) else None


@dataclass(frozen=True)
class Picture:
    """A PNG for Word, with the size it is shown at and its text alternative."""

    png: bytes
    width_mm: float
    height_mm: float
    alt: str


def fitted(png: bytes, *, width_mm: float, height_mm: float, alt: str) -> Picture | None:
    """The PNG at the largest size inside width_mm × height_mm that keeps its proportions."""
    size = png_size(png)
    if size is None or not all(size):
        return None
    scale = min(width_mm / size[0], height_mm / size[1])
    return Picture(png, round(size[0] * scale, 1), round(size[1] * scale, 1), alt)


def logo_picture(logo: Logo | None, *, width_mm: float, height_mm: float) -> Picture | None:
    """The logo for Word, drawn as PNG when it is an SVG; None when there is none to show."""
    if logo is None:
        return None
    png = logo.data if logo.kind == "png" else svg_png(logo.data, width=LOGO_PIXELS)
    if png is None:
        return None
    return fitted(png, width_mm=width_mm, height_mm=height_mm, alt=logo.alt)
