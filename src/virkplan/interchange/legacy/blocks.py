"""The parsed plan as a flat list of blocks, in the order of the source.

A block is one recognised piece of the plan: a plan's title, a heading, a
goal's statement, one documentation paragraph, one follow-up paragraph, a
paragraph of running text, or something ignored (page headers, the table of
contents). The tree follows from the order: a goal owns the criteria and
follow-ups after it, a focus area the goals after it, a plan everything
after it until the next plan. A flat list keeps corrections simple (change a
block's kind, move it, split it, merge it) and `assemble` builds the
virkplan/1 document from whatever the person ends up with.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import Any, Literal

from django.utils.translation import gettext_lazy as _

Kind = Literal[
    "plan", "part", "section", "focus_area", "goal", "criterion", "follow_up", "text", "ignored"
]

KINDS: dict[str, Any] = {
    "plan": _("Plan"),
    "part": _("Part heading"),
    "section": _("Section"),
    "focus_area": _("Focus area"),
    "goal": _("Goal"),
    "criterion": _("Documentation"),
    "follow_up": _("Follow-up"),
    "text": _("Text"),
    "ignored": _("Ignored"),
}
"""Every kind with its label, in the order a person reads them."""

UNCERTAIN_BELOW = 0.8
"""Blocks with a lower confidence are marked for the person to check."""

REASONS: dict[str, Any] = {
    "heading_guessed": _(
        "Taken as a heading from its shape alone (short line on its own); it may be a goal."
    ),
    "unlabelled_goal": _(
        "Taken as a goal because it starts like one, without a label; it may be a heading."
    ),
    "column_guessed": _(
        "The text layer mixes the two columns here; "
        "placed in this field from the order of the text; it may belong to the other field."
    ),
    "continuation": _("Joined to a paragraph that was interrupted by the other column."),
    "answers_several": _("Answers several sub-goals; added to each of them."),
    "answers_unknown": _("Names a sub-goal that was not found."),
    "period_guessed": _("The plan's period was not stated; guessed from the plan it follows up."),
    "period_from_text": _("The period is taken from a sentence in the text, not a title."),
    "unit_guessed": _("The plan's unit is the one given for the import; check it."),
    "split_guessed": _("Split from the previous paragraph at a short line ending a sentence."),
    "heading_goal": _("Taken as a goal because criteria follow the heading; it may be a heading."),
    "listed_goal": _("Taken as a goal because it is an item of a list of goals; it may be text."),
    "repeated_goal": _("Taken as a goal because the plan names it twice; it may be a heading."),
    "weight": _("The goal's weight; virkplan does not keep weights, so it is not imported."),
    "link": _("A link or button of a web page; it is not imported."),
    "outside_plan": _("Text before the first plan title."),
    "goal_without_criteria": _("The goal has no documentation."),
    "contents": _("The table of contents; it is not imported."),
    "cover": _("Text from the front page or before the first heading; it is not imported."),
}
"""Why the importer is unsure, by code; blocks store codes, pages show these texts."""


@dataclass
class Block:
    kind: Kind
    text: str
    page: int = 1
    line: int = 0
    """First source line (1-based, as `Line.number`); 0 when made by a person."""
    end_line: int = 0
    confidence: float = 1.0
    reasons: list[str] = field(default_factory=list)
    ref: str = ""
    """A goal's number as written ("2", "2.1")."""
    level: int = 1
    """A goal's depth: 1 for a goal, 2 for a sub-goal."""
    tagline: str = ""
    """A focus area's second line ("Bo i Albertslund – Den attraktive kommune")."""
    period_start: int | None = None
    period_end: int | None = None
    unit: str = ""
    """A plan's unit key."""
    follow_up_plan: bool = False
    """A plan found as the follow-up part of a later plan: its text is the follow-up intro."""
    answers: list[str] = field(default_factory=list)
    """A follow-up's goal refs ("Ad. 1.2 og 1.3")."""
    status: str = "not_assessed"
    target: dict[str, Any] | None = None
    """A criterion's quantitative target, when the document states one."""

    @property
    def uncertain(self) -> bool:
        return self.confidence < UNCERTAIN_BELOW

    def reason_texts(self) -> list[str]:
        return [str(REASONS.get(code, code)) for code in self.reasons]

    def doubt(self, code: str, confidence: float) -> None:
        """Note a reason to check this block and lower its confidence to at most `confidence`."""
        if code not in self.reasons:
            self.reasons.append(code)
        self.confidence = min(self.confidence, confidence)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Block:
        names = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in names})


def blocks_to_data(blocks: list[Block]) -> list[dict[str, Any]]:
    return [b.to_dict() for b in blocks]


def blocks_from_data(data: list[dict[str, Any]]) -> list[Block]:
    return [Block.from_dict(item) for item in data]
