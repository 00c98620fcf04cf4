"""The demo plans exported as PDF and Word, with what they hold, for the reader tests.

Writing a PDF takes seconds: the files are the untouched demo's, made once per session
(tests/documents.py), and what they hold is read from the untouched demo, in a transaction
that is rolled back afterwards.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from virkplan.plans.selectors import SYSTEM_ACTOR, plan_detail, plan_goals

FOLLOWED_UP = "mtf-2012-2013"


@dataclass
class Row:
    """One row of a goal's Documentation | Follow-up table."""

    goal: str
    criteria: list[str]
    follow_ups: list[str]


@dataclass
class Exported:
    """A demo plan as the exporter writes it, and what the database says it holds."""

    pdf: bytes
    docx: bytes
    title: str
    focus_areas: list[str]
    rows: list[Row] = field(default_factory=list)


@pytest.fixture(scope="module")
def exported(demo_documents) -> Exported:
    """The followed-up demo plan (2012–2013) as PDF and Word, in Danish."""
    with demo_documents.untouched():
        pdf = demo_documents.get(FOLLOWED_UP, "pdf")
        docx = demo_documents.get(FOLLOWED_UP, "docx")
        plan = plan_detail(user=SYSTEM_ACTOR, key=FOLLOWED_UP)
        result = Exported(
            pdf=pdf,
            docx=docx,
            title=plan.title,
            focus_areas=[area.focus_area.title for area in plan.plan_focus_areas.all()],
        )
        for goal in plan_goals(plan=plan):
            for row in goal.followup_rows:
                if row.criteria and row.follow_ups:
                    result.rows.append(
                        Row(
                            goal=goal.statement,
                            criteria=[criterion.text for criterion in row.criteria],
                            follow_ups=[f.text for f in row.follow_ups if f.text.strip()],
                        )
                    )
    return result
