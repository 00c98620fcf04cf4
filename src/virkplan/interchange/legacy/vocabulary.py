"""Labels that other plans use where the reference plan writes "Mål:", "Dokumentation:"
and "Opfølgning:", and the page furniture of web pages.

Each is a pattern over common wordings, never one plan's text; like those in
`labels`, each runs in time linear in its line.
"""

from __future__ import annotations

import re

GOAL_LIST = re.compile(
    r"^(?:(?!(?:del)?mål\b)[\wæøå]{2,40}mål(?:ene|sætninger)?"
    r"|Mål(?:ene|sætninger)?\s+(?:for|i|på|inden\s+for)\s+[^.:;]{1,80}"
    r"|(?:.{0,160}\s)?(?:disse|følgende|vores|de|tre|fire|fem)\s+mål(?:sætninger)?)\s*[:,]?$",
    re.IGNORECASE,
)
"""A line that introduces a list of goals: 'Naturmål', 'Klimamål:', 'Mål for grundvand:',
'Derfor har vi sat os disse mål:', 'Det er vores mål,'. 'Mål' and 'Delmål' alone are
column headings and labels, not list labels."""

WEIGHT = re.compile(r"^(?:Vægtning|Vægt)\s*:\s*\d[\d,.]*\s*(?:point|pct\.?|%)?\s*$", re.IGNORECASE)
"""A goal's weight in a plan that scores its goals ('Vægtning: 15 point')."""

NUMBERED_ITEM = re.compile(r"^(?P<ref>\d{1,2})[.)]\s+(?P<rest>\S.*)$")
"""An item of a numbered list: '3. Mindst halvdelen af kommunens biler …'."""

LINK_LINE = re.compile(
    r"^(?:Læs\s+mere|Se\s+mere|Se,?\s+hvordan|Se\s+(?:hele|alle)|Gå\s+til|Tilbage|Til\s+toppen|"
    r"Del\s+siden|Udskriv|Søg|Menu|Print|Kontakt\s+os|Hent\s+|Download)\b[^.!?]{0,60}$",
    re.IGNORECASE,
)
"""A link or a button of a web page: it is not part of the plan's text."""

CRITERION_HEADING = re.compile(
    r"^(?:Tegn\s+på\s+succes|Succeskriteri(?:er|e|um)|Indikator(?:er)?|Målopfyldelse|"
    r"Sådan\s+ser\s+vi,?\s+om\s+vi\s+lykkes|Det\s+måler\s+vi\s+på|Målepunkter)\s*:?\s*(?P<rest>.*)$",
    re.IGNORECASE,
)
"""A criteria label standing where a heading could be ('Tegn på succes'), or before its
text ('Målopfyldelse: …')."""

FOLLOW_UP_HEADING = re.compile(
    r"^(?:Status|Sådan\s+gik\s+det|Opfølgning|Resultat(?:er)?|Evaluering)"
    r"(?:\s+(?:(?:efter|ved|pr|per|for|i|juni|juli|august|december|primo|medio|ultimo)\b|"
    r"pr\.|\d{1,2}\.)[^!?:]{0,60})?\s*:?$",
    re.IGNORECASE,
)
"""A follow-up label on a line of its own, within or after a plan's goals: 'Status efter
første halvår', 'Sådan gik det', 'Status pr. 31. december 2024'."""

GOAL_COLUMNS = frozenset(
    {"mål", "målsætning", "målsætninger", "indsats", "indsatser", "mål og indsatser", "delmål"}
)
"""The heading of a table's first column when its rows are the plan's goals."""

AREA_COLUMNS = frozenset({"indsatsområde", "indsatsområder", "fokusområde", "tema", "område"})
"""The heading of a table's first column when it names each row's focus area."""

VERDICT = re.compile(
    r"^(?P<verdict>Delvist\s+opfyldt|Ikke\s+opfyldt|Opfyldt|Delvist\s+nået|Ikke\s+nået|Nået|"
    r"I\s+gang|Igangsat|Udskudt|Opgivet|Droppet|Målet\s+er\s+(?:delvist\s+|ikke\s+)?"
    r"(?:nået|opfyldt))(?:\s*[.:!–-]\s*(?P<rest>.*)|\s*)$",
    re.IGNORECASE,
)
"""A follow-up that opens with its verdict: 'Delvist opfyldt. 36 af de 40 områder …'."""

_VERDICTS = {
    "delvist": "partly_met",
    "ikke": "not_met",
    "opfyldt": "met",
    "nået": "met",
    "i gang": "in_progress",
    "igangsat": "in_progress",
    "udskudt": "postponed",
    "opgivet": "dropped",
    "droppet": "dropped",
}


def verdict_of(text: str) -> tuple[str, str] | None:
    """A follow-up's status from the verdict it opens with, and the text after it."""
    match = VERDICT.match(text)
    if match is None:
        return None
    words = " ".join(match["verdict"].casefold().split())
    for start, status in _VERDICTS.items():
        if start in words.split() or words.startswith(start):
            if start in ("opfyldt", "nået") and ("delvist" in words or "ikke" in words):
                continue
            return status, match["rest"] or ""
    return None


_PROSE_VERDICT = re.compile(
    r"\bmål(?:et|ene|sætningen|sætningerne)\b(?P<between>(?:\s+[\wæøå]+){0,4}?)\s+"
    r"(?:nået|opfyldt|indfriet)\b",
    re.IGNORECASE,
)
_NOT_THERE_YET = re.compile(r"\bikke\s+(?:\w+\s+)?i\s+mål\b", re.IGNORECASE)
_POSTPONED = re.compile(r"\b(?:udskudt|udsat)\b", re.IGNORECASE)


def prose_status(text: str) -> str:
    """The status a follow-up states in a sentence ('Det vurderes, at målet er nået',
    'Målet er kun delvist nået', 'Vi er ikke i mål endnu', '… er udskudt til 2024'),
    or "" when it states none."""
    match = _PROSE_VERDICT.search(text)
    if match is not None:
        between = match["between"].casefold().split()
        if "delvist" in between:
            return "partly_met"
        return "not_met" if "ikke" in between else "met"
    if _NOT_THERE_YET.search(text):
        return "in_progress"
    if _POSTPONED.search(text):
        return "postponed"
    return ""
