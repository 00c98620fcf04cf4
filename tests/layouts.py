"""WeasyPrint's layouts, each made once per test session for the same input.

Laying out a plan's pages is most of the time a PDF or Word document takes (Word lays out
the PDF for the page numbers of its contents), and the tests of the downloads, the task
queue and the export command have the demo's documents made again and again, end to end.
WeasyPrint's layout is a function of its input: the HTML, the style sheets (and the
typeface's files their @font-face rules load, which do not change while the tests run),
what the fetcher gives for the addresses in them, and the options. The same input gives the
same pages and the same PDF, byte for byte (tests/reports/conftest.py reads each PDF once
on the strength of it).

Within `layouts_kept()`, a layout is kept under the whole of its input, a SHA-256 of all
of it, and handed out again when the same input comes again; so is the PDF written from it
with the same options. Any other input (the HTML one character apart, another style sheet,
fetcher or option) is laid out anew, and so is anything WeasyPrint is given in a way this
module cannot tell apart (a file object, an address, a fetcher or option it does not know):
a layout made for something else is never handed out. What virkplan gets from WeasyPrint
is what WeasyPrint would give it; only the time is saved. A kept layout is handed out as it
is: virkplan only reads its pages' anchors and writes it out, and changes nothing in it.

A test that watches WeasyPrint at work (what it opens, the queries made while it lays out,
a worker's thread) has every layout made within `layouts_made_each_time()`.
"""

import hashlib
from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

# A laid-out document of a demo plan holds its pages' boxes: a few of them are kept, those
# last used (the documents a session makes again are few).
KEPT = 12

_layouts: OrderedDict[str, Any] = OrderedDict()  # weasyprint.document.Document
_pdfs: OrderedDict[str, bytes] = OrderedDict()
_installed = 0
_each_time = 0

KEY = "_virkplan_test_layout_key"  # the input's digest, on the HTML, CSS or Document object
FONT_KEYS = "_virkplan_test_font_keys"  # the style sheets a FontConfiguration was given


def _digest(*parts: Any) -> str:
    return hashlib.sha256(repr(parts).encode()).hexdigest()


def _fetcher_key(fetcher: Any) -> tuple[Any, ...] | None:
    """The fetcher, by what decides what it gives: its class and its settings."""
    from weasyprint.urls import URLFetcher

    if fetcher is None:
        return ("default",)
    if isinstance(fetcher, URLFetcher):
        settings = (
            fetcher._timeout,
            sorted(fetcher._http_headers.items()),
            fetcher._allowed_protocols,
            fetcher._fail_on_errors,
        )
        return (type(fetcher).__module__, type(fetcher).__qualname__, settings)
    return None


def _simple(value: Any) -> bool:
    if isinstance(value, (str, bytes, int, float, bool, type(None))):
        return True
    if isinstance(value, (tuple, list)):
        return all(_simple(item) for item in value)
    return False


def _source_key(
    guess: Any, filename: Any, url: Any, file_obj: Any, string: Any
) -> tuple[Any, ...] | None:
    """What an HTML or CSS object is read from, by its content: a string, or a file named
    by its path (read for the key). Anything else has no key, and is not kept."""
    if guess is None and url is None and file_obj is None:
        if isinstance(string, str) and filename is None:
            return ("string", hashlib.sha256(string.encode()).hexdigest())
        if string is None and isinstance(filename, (str, Path)):
            content = Path(filename).read_bytes()
            return ("file", str(filename), hashlib.sha256(content).hexdigest())
    return None


def _html_init(previous):
    def init(
        self,
        guess=None,
        filename=None,
        url=None,
        file_obj=None,
        string=None,
        encoding=None,
        base_url=None,
        url_fetcher=None,
        media_type="print",
    ):
        previous(
            self,
            guess,
            filename,
            url,
            file_obj,
            string,
            encoding,
            base_url,
            url_fetcher,
            media_type,
        )
        source = _source_key(guess, filename, url, file_obj, string)
        fetcher = _fetcher_key(url_fetcher)
        if source is not None and fetcher is not None:
            setattr(
                self, KEY, _digest("html", source, encoding, str(base_url), fetcher, media_type)
            )

    return init


def _css_init(previous):
    def init(self, guess=None, filename=None, url=None, file_obj=None, string=None, **kwargs):
        previous(self, guess, filename, url, file_obj, string, **kwargs)
        source = _source_key(guess, filename, url, file_obj, string)
        fetcher = _fetcher_key(kwargs.get("url_fetcher"))
        others = {
            name: value
            for name, value in kwargs.items()
            if name not in ("url_fetcher", "font_config", "base_url")
        }
        key = None
        if source is not None and fetcher is not None and _simple(list(others.items())):
            key = _digest(
                "css", source, str(kwargs.get("base_url")), fetcher, sorted(others.items())
            )
            setattr(self, KEY, key)
        # The @font-face rules load the typeface into the font configuration: a layout made
        # with it depends on every style sheet it was given (None: one this module cannot
        # tell apart, and then the layout is not kept).
        font_config = kwargs.get("font_config")
        if font_config is not None:
            setattr(font_config, FONT_KEYS, [*getattr(font_config, FONT_KEYS, []), key])

    return init


def _render_key(html: Any, font_config: Any, options: dict[str, Any]) -> str | None:
    html_key = getattr(html, KEY, None)
    stylesheets = options.get("stylesheets") or []
    sheet_keys = [getattr(sheet, KEY, None) for sheet in stylesheets]
    others = {name: value for name, value in options.items() if name != "stylesheets"}
    if html_key is None or None in sheet_keys or not _simple(list(others.items())):
        return None
    fonts = None if font_config is None else getattr(font_config, FONT_KEYS, [None])
    if fonts is not None and None in fonts:
        return None
    return _digest("layout", html_key, sheet_keys, fonts, sorted(others.items()))


def _render(previous):
    def render(self, font_config=None, counter_style=None, color_profiles=None, **options):
        key = None
        if not _each_time and counter_style is None and color_profiles is None:
            key = _render_key(self, font_config, options)
        if key is None:
            return previous(self, font_config, counter_style, color_profiles, **options)
        if key not in _layouts:
            document = previous(self, font_config, counter_style, color_profiles, **options)
            setattr(document, KEY, key)
            _layouts[key] = document
            while len(_layouts) > KEPT:
                _layouts.popitem(last=False)
        _layouts.move_to_end(key)
        return _layouts[key]

    return render


def _write_pdf(previous):
    def write_pdf(self, target=None, zoom=1, finisher=None, **options):
        layout = getattr(self, KEY, None)
        if _each_time or layout is None or target is not None or finisher is not None:
            return previous(self, target, zoom, finisher, **options)
        if not _simple([zoom, *options.items()]):
            return previous(self, target, zoom, finisher, **options)
        key = _digest("pdf", layout, zoom, sorted(options.items()))
        if key not in _pdfs:
            _pdfs[key] = previous(self, target, zoom, finisher, **options)
            while len(_pdfs) > 4 * KEPT:
                _pdfs.popitem(last=False)
        _pdfs.move_to_end(key)
        return _pdfs[key]

    return write_pdf


@contextmanager
def layouts_kept() -> Iterator[None]:
    """Within: WeasyPrint lays out each input once per session (see the module's text)."""
    global _installed
    if _installed:
        _installed += 1
        try:
            yield
        finally:
            _installed -= 1
        return
    # Imported here, so a test session that makes no document does not load WeasyPrint
    from weasyprint import CSS, HTML
    from weasyprint.document import Document

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(HTML, "__init__", _html_init(HTML.__init__))
        patch.setattr(CSS, "__init__", _css_init(CSS.__init__))
        patch.setattr(HTML, "render", _render(HTML.render))
        patch.setattr(Document, "write_pdf", _write_pdf(Document.write_pdf))
        _installed = 1
        try:
            yield
        finally:
            _installed = 0


@contextmanager
def layouts_made_each_time() -> Iterator[None]:
    """Within: every layout is made, and every PDF written, even within `layouts_kept()`."""
    global _each_time
    _each_time += 1
    try:
        yield
    finally:
        _each_time -= 1
