"""Logo files made by the tests themselves: good ones, hostile ones and broken ones."""

import io
import struct
import zlib

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from virkplan.organisation.models import Unit

SVG_OPEN = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"'


def png(width: int = 240, height: int = 80, colour: str = "#004d99") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(buffer, "PNG")
    return buffer.getvalue()


def svg(inside: str = "", attributes: str = "") -> bytes:
    """An SVG drawing 120 × 40 with a blue box, and `inside` after it."""
    return (
        f'{SVG_OPEN} width="120" height="40" viewBox="0 0 120 40"{attributes}>'
        f'<rect width="120" height="40" fill="#004d99"/>{inside}</svg>'
    ).encode()


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_bomb(side: int = 20_000) -> bytes:
    """A real PNG of side × side black and white pixels, all white: 50 kB that unpack to
    hundreds of megabytes of pixels."""
    compressor = zlib.compressobj(9)
    row = b"\x00" + b"\xff" * (side // 8)
    data = b"".join(compressor.compress(row) for _ in range(side)) + compressor.flush()
    header = struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", data)
        + _chunk(b"IEND", b"")
    )


def with_logo(unit: Unit, name: str, data: bytes) -> Unit:
    """The unit with the file uploaded as its logo, checked and saved."""
    unit.logo = SimpleUploadedFile(name, data)
    unit.full_clean()
    unit.save()
    return unit
