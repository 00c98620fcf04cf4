"""A unit's logo: a PNG or SVG uploaded by an administrator, refused with a Danish message
naming the logo when it is not a plain, self-contained picture."""

from html import unescape
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from tests.factories import UnitFactory
from virkplan.organisation import logos
from virkplan.organisation.models import Unit

from .logo_files import png, png_bomb, svg, with_logo

pytestmark = pytest.mark.django_db


def refusal(name: str, data: bytes) -> list[str]:
    """The messages the logo field gets, in Danish, when the file is uploaded as a logo."""
    unit = UnitFactory()
    unit.logo = SimpleUploadedFile(name, data)
    with translation.override("da"), pytest.raises(ValidationError) as refused:
        unit.full_clean()
    with translation.override("da"):
        return refused.value.message_dict["logo"]


def danish(message, **values) -> str:
    with translation.override("da"):
        return str(message) % values if values else str(message)


def test_a_png_logo_is_stored_under_media_root(media_root) -> None:
    unit = with_logo(UnitFactory(), "Albertslund logo.png", png())

    stored = Path(media_root) / unit.logo.name
    assert stored.read_bytes() == png()
    assert Unit.objects.get(pk=unit.pk).logo.name.startswith("logos/")


def test_an_svg_logo_with_a_gradient_and_an_embedded_png_is_accepted(media_root) -> None:
    inside = (
        '<defs><linearGradient id="g"><stop offset="0" stop-color="#fff"/></linearGradient>'
        '</defs><rect width="10" height="10" fill="url(#g)"/><use href="#g"/>'
        '<image width="4" height="4" xlink:href="data:image/png;base64,iVBORw0KGgo="/>'
        "<style>rect { fill: url(#g); }</style>"
    )
    unit = with_logo(UnitFactory(), "logo.svg", svg(inside))

    assert (Path(media_root) / unit.logo.name).read_bytes() == svg(inside)


@pytest.mark.parametrize(
    "inside, attributes",
    [
        ("<script>alert(1)</script>", ""),
        ('<foreignObject><div xmlns="http://www.w3.org/1999/xhtml">x</div></foreignObject>', ""),
        ("", ' onload="alert(1)"'),
        ('<rect width="1" height="1" onclick="alert(1)"/>', ""),
    ],
    ids=["script", "foreignObject", "onload", "onclick"],
)
def test_an_svg_logo_with_a_script_is_refused(inside, attributes) -> None:
    assert refusal("logo.svg", svg(inside, attributes)) == [danish(logos.MSG_SVG_SCRIPT)]


@pytest.mark.parametrize(
    "inside, reference",
    [
        (
            '<image href="https://example.org/x.png" width="1" height="1"/>',
            "https://example.org/x.png",
        ),
        ('<image xlink:href="file:///etc/passwd" width="1" height="1"/>', "file:///etc/passwd"),
        ('<use href="other.svg#a"/>', "other.svg#a"),
        ('<rect width="1" height="1" fill="url(https://example.org/p)"/>', "https://example.org/p"),
        ("<style>@import 'https://example.org/s.css';</style>", "https://example.org/s.css"),
        ('<set attributeName="href" to="https://example.org"/>', "href"),
        (
            '<image href="data:image/svg+xml;base64,PHN2Zy8+" width="1" height="1"/>',
            "data:image/svg+xml;base64,PHN2Zy8+",
        ),
    ],
    ids=["href", "xlink-href", "use", "css-url", "css-import", "animated-href", "svg-in-svg"],
)
def test_an_svg_logo_that_refers_outside_itself_is_refused(inside, reference) -> None:
    expected = danish(logos.MSG_SVG_EXTERNAL, reference=reference)
    assert refusal("logo.svg", svg(inside)) == [expected]


@pytest.mark.parametrize(
    "data",
    [
        b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        + svg("<text>&x;</text>"),
        b'<!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        + svg("<text>&b;</text>"),
        b'<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" '
        b'"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">' + svg(),
    ],
    ids=["external-entity", "entity-expansion", "doctype"],
)
def test_an_svg_logo_with_a_document_type_or_entities_is_refused(data) -> None:
    assert refusal("logo.svg", data) == [danish(logos.MSG_SVG_DTD)]


@pytest.mark.parametrize(
    "data",
    [b"<html><body>not a drawing</body></html>", b"<svg><rect/></svg>", b"\x89PNG not xml"],
    ids=["html", "no-namespace", "binary"],
)
def test_an_svg_logo_that_is_not_an_svg_drawing_is_refused(data) -> None:
    assert refusal("logo.svg", data) == [danish(logos.MSG_NOT_SVG)]


def test_a_png_decompression_bomb_is_refused() -> None:
    bomb = png_bomb()
    assert len(bomb) < 100_000  # small on disk; 400 million pixels once unpacked

    expected = danish(logos.MSG_PNG_SIZE, side="5.000", pixels="10.000.000")
    assert refusal("logo.png", bomb) == [expected]


@pytest.mark.parametrize("size", [(5001, 10), (4000, 3000)], ids=["too-wide", "too-many-pixels"])
def test_a_png_logo_larger_than_the_limits_is_refused(size) -> None:
    expected = danish(logos.MSG_PNG_SIZE, side="5.000", pixels="10.000.000")
    assert refusal("logo.png", png(*size)) == [expected]


@pytest.mark.parametrize(
    "data",
    [b"GIF89a not a png at all", svg(), png()[:60]],
    ids=["gif-renamed", "svg-renamed", "truncated"],
)
def test_a_logo_named_png_that_is_no_readable_png_is_refused(data) -> None:
    assert refusal("logo.png", data) == [danish(logos.MSG_NOT_PNG)]


def test_a_logo_of_another_kind_is_refused() -> None:
    assert refusal("logo.gif", b"GIF89a") == [danish(logos.MSG_KIND)]


def test_a_logo_over_one_megabyte_is_refused() -> None:
    padded = svg("<!--" + "x" * logos.MAX_BYTES + "-->")
    assert refusal("logo.svg", padded) == [danish(logos.MSG_TOO_BIG)]


def test_every_message_is_in_danish() -> None:
    messages = [
        logos.MSG_KIND,
        logos.MSG_TOO_BIG,
        logos.MSG_NOT_PNG,
        logos.MSG_PNG_SIZE,
        logos.MSG_NOT_SVG,
        logos.MSG_SVG_DTD,
        logos.MSG_SVG_SCRIPT,
        logos.MSG_SVG_EXTERNAL,
    ]
    for message in messages:
        with translation.override("en"):
            english = str(message)
        assert danish(message) != english, english
        assert "logo" in danish(message).lower(), message


# The admin: where administrators set a logo -------------------------------------------------


def _admin_form(unit: Unit, logo: SimpleUploadedFile) -> dict:
    return {
        "key": unit.key,
        "name": unit.name,
        "kind": unit.kind,
        "position": 0,
        "logo": logo,
        "facts-TOTAL_FORMS": 0,
        "facts-INITIAL_FORMS": 0,
    }


def test_the_admin_stores_a_good_logo(admin_client, media_root) -> None:
    unit = UnitFactory(key="albertslund", name="Albertslund Kommune", kind="municipality")
    url = reverse("admin:organisation_unit_change", args=[unit.pk])

    response = admin_client.post(url, _admin_form(unit, SimpleUploadedFile("logo.svg", svg())))

    assert response.status_code == 302
    unit.refresh_from_db()
    assert (Path(media_root) / unit.logo.name).read_bytes() == svg()


def test_the_admin_shows_why_a_logo_is_refused_and_keeps_the_old_one(
    admin_client, media_root
) -> None:
    unit = with_logo(UnitFactory(kind="municipality"), "logo.png", png())
    url = reverse("admin:organisation_unit_change", args=[unit.pk])
    hostile = SimpleUploadedFile("logo.svg", svg("<script>alert(1)</script>"))

    response = admin_client.post(url, _admin_form(unit, hostile), HTTP_ACCEPT_LANGUAGE="da")

    assert response.status_code == 200
    assert danish(logos.MSG_SVG_SCRIPT) in unescape(response.content.decode())
    assert Unit.objects.get(pk=unit.pk).logo.name == unit.logo.name
