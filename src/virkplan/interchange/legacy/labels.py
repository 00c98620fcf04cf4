"""The words plans use for their parts, and how lines join into paragraphs.

Labels vary between municipalities and years, so each is a pattern over
the common wordings rather than one spelling. Everything here works on a
single string; the parser decides what to do with the matches.

Every pattern runs in time linear in its line, whatever the line holds: an
uploaded file is hostile until read, and a pattern that backtracks over a
long run of spaces or dots would let one line hold a worker for minutes.
Where a pattern would need to backtrack, the work is done in code instead
(`toc_entry`), and runs of spaces are taken whole (possessive `\\s++`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache

import pyphen

_SEP = r"\s*[:.]?\s*"

GOAL_LABEL = re.compile(
    r"^(?:(?:Del)?[Mm]ål|Målsætning|Mål\s*nr\.?)(?:\s+(?P<ref>\d+(?:\.\d+)*))?\s*[:.](?!\d)\s*(?P<rest>.*)$"
    r"|^(?:(?:Del)?[Mm]ål|Målsætning)\s+(?P<ref2>\d+(?:\.\d+)*)\s*(?P<rest2>.*)$"
)
"""'Mål: …', 'Mål 2: …', 'Mål 2 …', 'Delmål 2.1: …', 'Målsætning: …'."""

CRITERION_LABEL = re.compile(
    r"^(?:Dokumentation|Succeskriteri(?:er|e|um)|Succeskriterier\s+og\s+dokumentation|"
    r"Sådan\s+måler\s+vi|Måling|Indikator(?:er)?|Tegn\s+på\s+at\s+målet\s+er\s+nået)"
    + _SEP
    + r"(?P<rest>.*)$",
    re.IGNORECASE,
)

FOLLOW_UP_LABEL = re.compile(
    r"^(?:Opfølgning|Status|Resultat(?:er)?|Evaluering)(?:\s++[^:\s]{1,20}){0,3}"
    r"\s*:\s*(?P<rest>.*)$",
    re.IGNORECASE,
)
"""A follow-up label needs its colon: 'Opfølgning' alone is a heading. A date may stand
before the colon ('Status 2024:', 'Status pr. 1. juni:')."""

LABEL_INSIDE = re.compile(
    r"(?<!\s)\s{2,}+(?=(?:Dokumentation|Succeskriterier|Opfølgning)\s*:)"
    r"|(?<=[.!?])\s++(?=(?:Måltal|Mål|Target)\s*+:\s*+"
    r"(?:mindst|højst|ca\.|cirka|omkring|at least|at most)?\s*+\d)",
    re.IGNORECASE,
)
"""Two things written on one line: two columns ('Mål: Vi vil …  Dokumentation: …'), or a
criterion and its target ('… besparelser fra transport. Måltal: 9.187 MWh i 2014')."""

UNLABELLED_GOAL = re.compile(
    r"^(?:Vi\s+(?:vil|skal|ønsker|arbejder(?:\s+aktivt)?\s+for|sætter\s+fokus\s+på|"
    r"(?!har\b|er\b|var\b|kan\b|bliver\b|vurderer\b)[a-zæøå]{2,20}er)|Målet\s+er)\b"
)

SUB_GOAL = re.compile(r"^(?P<ref>\d{1,2}\.\d{1,2})\.?\s+(?P<rest>\S.*)$")

ANSWERS = re.compile(
    r"^Ad\.?\s+(?P<refs>\d{1,2}(?:\.\d{1,2})?(?:\s*(?:,|og|&|-|–)\s*\d{1,2}(?:\.\d{1,2})?)*)"
    r"\s*[:.]?\s*(?P<rest>.*)$",
    re.IGNORECASE,
)
"""'Ad. 1.2 og 1.3: …' names the sub-goals a follow-up answers."""

PLAN_TITLE = re.compile(
    r"^(?P<kind>Virksomhedsplan|Handleplan|Årsplan|Udviklingsplan|Virksomhedsaftale|"
    r"Resultataftale|Målplan)\s+(?:for\s+)?(?P<start>(?:19|20)\d{2})"
    r"(?:\s*[-–/]\s*(?P<end>(?:19|20)\d{2}))?\s*$",
    re.IGNORECASE,
)

PLAN_MENTION = re.compile(
    r"(?P<kind>virksomhedsplan|handleplan|årsplan|udviklingsplan|virksomhedsaftale)"
    r"(?:en)?\s+(?:for\s+)?(?P<start>(?:19|20)\d{2})(?:\s*[-–/]\s*(?P<end>(?:19|20)\d{2}))?",
    re.IGNORECASE,
)
"""A plan named inside a sentence: 'MTF virksomhedsplan 2012 – 2013 havde …'."""

FOLLOW_UP_PART = re.compile(r"^(?:Opfølgning|Status|Evaluering)(?:\s+på\b.*)?$", re.IGNORECASE)
FOCUS_AREA_PART = re.compile(
    r"^(?:Indsatsområder|Fokusområder|Pejlemærker|Strategiske\s+mål|Temaer)$", re.IGNORECASE
)

PAGE_NUMBER = re.compile(
    r"^(?:(?:side|page)\s+)?(?P<n>\d{1,4})(?:\s+(?:af|of|/)\s+\d{1,4})?$", re.IGNORECASE
)
TOC_TITLE = re.compile(r"^(?:Indhold(?:sfortegnelse)?|Indhold:)\s*", re.IGNORECASE)
CONTINUED = re.compile(r"\((?:fortsat|forts\.|continued)\)$", re.IGNORECASE)
"""The end of a heading repeated at the top of a page its section runs onto: 'Mål: … (fortsat)'."""

_CONJUNCTIONS = frozenset({"og", "eller", "samt", "til", "&", "som", "mv", "m.m."})


_SPACES = re.compile(r"[ \t\u00a0]+")


def clean(text: str) -> str:
    """Collapse runs of spaces; the text layer pads words with them."""
    if "  " not in text and "\t" not in text and "\u00a0" not in text:
        return text.strip()  # nothing to collapse; the parser asks this of every line often
    return _SPACES.sub(" ", text).strip()


def toc_entry(text: str) -> tuple[str, int] | None:
    """A table-of-contents entry's title and page: a title, a leader and a page number
    at the end of the line ("Indledning ........ 3", "Klima …… 4", "Klima     4").

    The leader is four or more dots (a space between them allowed), two or more
    ellipses, three or more spaces or a tab; the title is as short as the leader
    allows. A line break inside `text` is not expected (it is one line).
    """
    digits = _trailing(text, str.isdecimal)
    if not 0 < digits <= 4:
        return None
    head = text[:-digits]
    end = len(head.rstrip())
    if end == 0:
        return None
    title_end = _title_before_leader(head[:end])
    if title_end is None and (len(head) - end >= 3 or "\t" in head[end:]):
        title_end = end
    if title_end is None:
        return None
    return head[:title_end], int(text[-digits:])


def _trailing(text: str, test: Callable[[str], bool]) -> int:
    """How many characters at the end of the text pass the test."""
    count = 0
    for character in reversed(text):
        if not test(character):
            break
        count += 1
    return count


def _title_before_leader(text: str) -> int | None:
    """Where the title ends before a leader of dots or ellipses that ends `text`, if one does.

    The leader is the run of dots (with at most one space between two of them)
    or of ellipses at the end; the title is what comes before it, without the
    spaces between. With nothing but spaces before the run, the run's first
    mark is the title, and the rest must still be a leader.
    """
    if text.endswith("."):
        start = _dot_run(text)
        marks, least = text.count(".", start), 4
    elif text.endswith("…"):
        start = len(text) - _trailing(text, lambda character: character == "…")
        marks, least = len(text) - start, 2
    else:
        return None
    title_end = len(text[:start].rstrip())
    if title_end > 0:
        return title_end if marks >= least else None
    return start + 1 if marks - 1 >= least else None


def _dot_run(text: str) -> int:
    """Where the run of dots that ends `text` starts; a single space may stand between dots."""
    start = len(text) - 1
    while start > 0:
        if text[start - 1] == ".":
            start -= 1
        elif start > 1 and text[start - 1].isspace() and text[start - 2] == ".":
            start -= 2
        else:
            break
    return start


def ends_sentence(text: str) -> bool:
    """Whether a paragraph's last line ends a sentence (so the next line may start another)."""
    text = text.rstrip()
    if not text:
        return True
    if text.endswith(("”", '"', ")", "»")):
        return len(text) > 1 and text[-2] in ".!?"
    return text.endswith((".", "!", "?"))


def starts_lower(text: str) -> bool:
    first = text.lstrip()[:1]
    return first.isalpha() and first.islower()


def words(text: str) -> set[str]:
    """The document's vocabulary, to decide how a word broken across lines is joined."""
    return {w.casefold() for w in re.findall(r"\w+", text)}


_WORD_BEFORE_HYPHEN = re.compile(r"-(\w+)")
"""Matched against the text reversed: the word that a line's final hyphen ends."""
_WORD = re.compile(r"\w+")
_TAIL = 200
"""How much of a paragraph's end is kept to mend a word broken at a line's end; a word
longer than this is not one a reader knows."""


def _hyphen_join(tail: str, line: str, vocabulary: set[str]) -> tuple[bool, str]:
    """How a line joins text ending in a hyphen (`tail` is the text's end): whether the
    hyphen goes, and what follows it.

    'GIS-' + 'styringsværktøj' keeps its hyphen (a compound written with one);
    'miljø-' + 'og klima' keeps the space (a shared ending, 'miljø- og klima');
    'ejendomsdataprogram-' + 'met' drops it (a word broken at a syllable), when the
    whole word appears elsewhere in the document, the broken-off part is too
    short to be a word of its own, or both parts are in lower case and the first
    is longer than a prefix such as 'it-' or 'e-' ('planlæg-' + 'ningen')."""
    first_word = line.split(" ", 1)[0].rstrip(",.;:”\")'")
    if first_word.lower() in _CONJUNCTIONS:
        return False, f" {line}"
    head = _WORD_BEFORE_HYPHEN.match(tail[::-1])
    rest = _WORD.match(first_word)
    if head and rest:
        start = head[1][::-1]
        whole = (start + rest[0]).casefold()
        lower = start[-1].islower() and rest[0].islower()
        syllable = lower and (
            len(rest[0]) <= 3
            or (start.islower() and len(start) > 3)
            or _breaks_there(start, rest[0])
        )
        if whole in vocabulary or syllable:
            return True, line
    return False, line


_VOWELS = frozenset("aeiouyæøå")
_HYPHENED_ABBREVIATIONS = frozenset({"it", "ikt", "edb", "e", "ok"})
"""Abbreviations written in lower case that a compound joins with a hyphen ('it-systemer')."""


@cache
def _danish_hyphenation() -> pyphen.Pyphen:
    return pyphen.Pyphen(lang="da_DK")


def _breaks_there(start: str, rest: str) -> bool:
    """Whether Danish hyphenation breaks the word `start + rest` between the two, as a
    typesetter does ('fe-' + 'bruar'). A capitalised start is a name, which a compound
    joins with a hyphen ('Grid-løsninger'); a short start without a vowel ('sms-') is an
    abbreviation written with a hyphen, as is 'it-'."""
    if not start.islower() or not _VOWELS & set(start) or start in _HYPHENED_ABBREVIATIONS:
        return False
    word = (start + rest).casefold()
    return len(start) in _danish_hyphenation().positions(word)


PARAGRAPH_BREAK = "\x00"
"""Stands between two paragraphs of one item (a follow-up cell holding several)."""


def join_lines(lines: list[str], vocabulary: set[str] | None = None) -> str:
    """Join a paragraph's lines into one text, mending words broken at line ends.

    The text is built as a list of pieces, with only its end kept as a string,
    so a paragraph of any length is joined in time linear in its length."""
    pieces: list[str] = []
    tail = ""
    for raw in lines:
        if raw == PARAGRAPH_BREAK:
            if pieces:
                pieces.append("\n\n")
                tail = (tail + "\n\n")[-_TAIL:]
            continue
        line = clean(raw)
        if not line:
            continue
        piece = " " + line
        if not pieces or tail.endswith("\n\n"):
            piece = line
        elif tail.endswith("\u2010"):
            # The hyphen a typesetter breaks a word with ("sko‐" + "lestart").
            pieces[-1], tail, piece = pieces[-1][:-1], tail[:-1], line
        elif tail.endswith("-") and not tail.endswith(" -"):
            drop, piece = _hyphen_join(tail, line, vocabulary or set())
            if drop:
                pieces[-1], tail = pieces[-1][:-1], tail[:-1]
        pieces.append(piece)
        tail = (tail + piece)[-_TAIL:]
    return "".join(pieces)


def split_heading(text: str) -> tuple[str, str]:
    """'Bo i Albertslund – Den attraktive kommune' → title and tagline."""
    for dash in (" – ", " — ", " - "):
        if dash in text:
            title, tagline = text.split(dash, 1)
            if title.strip() and tagline.strip():
                return title.strip(), tagline.strip()
    return text.strip(), ""


_NOT_WORD = re.compile(r"[^\w]+")


def heading_key(text: str) -> str:
    """How headings are compared with table-of-contents entries."""
    return _NOT_WORD.sub(" ", clean(text).casefold()).strip()


def looks_like_heading(text: str) -> bool:
    """A short line on its own that could be a heading: no sentence punctuation at
    its end, a capital first letter, not many words."""
    text = clean(text)
    return (
        0 < len(text) <= 80
        and len(text.split()) <= 12
        and text[:1].isupper()
        and not text.endswith((".", ",", ";", ":"))
        and not GOAL_LABEL.match(text)
        and not CRITERION_LABEL.match(text)
        and not any(ch.isdigit() for ch in text[:1])
    )


TARGET = re.compile(
    r"^(?:Måltal|Mål|Target)\s*:\s*(?P<prefix>mindst|højst|ca\.|cirka|omkring|at least|at most|"
    r"approximately)?\s*(?P<value>\d[\d.,]*)(?:\s*[–-]\s*(?P<max>\d[\d.,]*))?"
    r"(?P<unit>\s*[^\d\s(][^(]*?)??(?:\s+(?:i|in)\s+(?P<year>(?:19|20)\d{2}))?"
    r"(?:\s*\(.*\))?$",
    re.IGNORECASE,
)
"""A criterion's quantitative target as the exports print it: 'Måltal: mindst 75 % i 2014'
(before they printed 'Mål:')."""

_COMPARISONS = {
    "mindst": "at_least",
    "at least": "at_least",
    "højst": "at_most",
    "at most": "at_most",
    "ca.": "approximately",
    "cirka": "approximately",
    "omkring": "approximately",
    "approximately": "approximately",
}


def danish_number(text: str) -> float:
    """'9.187' is nine thousand; '3,79' is a decimal number."""
    text = text.rstrip(".,")
    if "," in text:
        return float(text.replace(".", "").replace(",", "."))
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+", text):
        return float(text.replace(".", ""))
    return float(text)


def target_of(text: str) -> dict | None:
    """The target a line states, in the interchange format's shape, or None."""
    match = TARGET.match(text)
    if not match:
        return None
    value = danish_number(match["value"])
    target: dict = {
        "comparison": "range"
        if match["max"]
        else _COMPARISONS.get((match["prefix"] or "").lower(), "exact"),
        "value": int(value) if value.is_integer() else value,
        "unit": (match["unit"] or "").strip()[:50],
    }
    if match["max"]:
        value_max = danish_number(match["max"])
        target["value_max"] = int(value_max) if value_max.is_integer() else value_max
    if match["year"]:
        target["target_year"] = int(match["year"])
    return target


BULLET = re.compile(r"^(?:[•●▪◦·*]|[-–](?=\s))\s*")
"""A list item's mark: each item is a paragraph of its own."""

EMPTY_CELLS = frozenset(
    {"målet som helhed", "the goal as a whole", "ingen opfølgning", "no follow-up", "-", "–"}
)
"""What a table cell holds when it has nothing to say."""

COLUMN_HEADINGS = {
    "dokumentation": "criterion",
    "succeskriterier": "criterion",
    "opfølgning": "follow_up",
    "documentation": "criterion",
    "follow-up": "follow_up",
    "status": "follow_up",
}
"""Column headings of a two-column table: a label without its colon."""


def status_labels() -> dict[str, str]:
    """Follow-up statuses by how a badge writes them ('ikke vurderet', 'partly met')."""
    from django.utils import translation

    from virkplan.plans.models import FollowUpStatus

    labels: dict[str, str] = {}
    for language in ("en", "da"):
        with translation.override(language):
            for value, label in FollowUpStatus.choices:
                labels[str(label).casefold()] = str(value)
    return labels


_REACHED = r"(?:,?\s+\d{1,3}\s*%\s*(?:nået|reached))?"


def printed_goal_status(text: str, statuses: dict[str, str]) -> tuple[str, str] | None:
    """A goal heading from virkplan's PDF or Word split into the statement and the status it
    ends with (status_labels' value), or None when it ends with none.

    The PDF prints the status as a badge in capitals, the Word document after " · "; either
    may be followed by how far the goal has come ("60 % nået").
    """
    for label, status in sorted(statuses.items(), key=lambda item: -len(item[0])):
        words = r"\s+".join(re.escape(word) for word in label.split())
        badge = re.search(rf"\s+({words}){_REACHED}$", text, flags=re.IGNORECASE)
        if badge and badge.group(1) == badge.group(1).upper():
            return text[: badge.start()].rstrip(), status
        dotted = re.search(rf"\s+·\s+{words}{_REACHED}$", text, flags=re.IGNORECASE)
        if dotted:
            return text[: dotted.start()].rstrip(), status
    return None
