"""A plan's document with the previous plan's follow-up as its last part.

A department publishes its new plan together with how the goals of the plan
before it went: one document, one contents list and one page numbering. Which
plan is the previous one is plans.selectors.previous_plan's answer for the
user who asks, so the part only ever shows a plan the user may see.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from virkplan.organisation.permissions import Actor
from virkplan.plans.models import Plan
from virkplan.plans.selectors import previous_plan

from .formats import DOCX, PDF
from .selectors import PlanReport, plan_report

# The formats that can hold the part: the documents, not the tables.
FORMATS = (PDF, DOCX)

# The URL parameter that asks for the combined document: `?med-opfoelgning=1`.
PARAMETER = "med-opfoelgning"
# Added to the file name of the combined document, after the unit's key.
FILENAME_SUFFIX = "med-opfoelgning"

MSG_NO_PREVIOUS_PLAN = gettext_lazy(
    "“%(plan)s” follows on from no earlier plan that you may see, "
    "so there is no follow-up to include."
)
MSG_NOT_IN_FORMAT = gettext_lazy(
    "Only the PDF and Word documents can include the previous plan's follow-up."
)


class FollowUpNotIncluded(Exception):
    """The previous plan's follow-up cannot be included; `message` says why, for the user."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def part_title(previous: Plan) -> str:
    """The part's heading: "Opfølgning på Virksomhedsplan 2012–2013"."""
    return _("Follow-up of %(plan)s") % {"plan": previous.title}


def previous_plan_for(*, user: Actor | None, plan: Plan) -> Plan:
    """The plan whose follow-up `plan`'s document would include; FollowUpNotIncluded if none."""
    previous = previous_plan(user=user, plan=plan)
    if previous is None:
        raise FollowUpNotIncluded(str(MSG_NO_PREVIOUS_PLAN) % {"plan": plan.title})
    return previous


def combined_report(
    *, user: Actor | None, key: str, statuses: bool = True, previous_key: str | None = None
) -> PlanReport:
    """The plan's report with the previous plan's report as `previous` (both with or both
    without statuses).

    `previous_key` names the previous plan when it was chosen already (for the user who
    asked; the task queue builds as the server, which sees every plan); else it is the
    one previous_plan_for picks for `user`.

    Raises Plan.DoesNotExist as plan_report does, and FollowUpNotIncluded when
    the plan follows on from no plan the user may see.
    """
    report = plan_report(user=user, key=key, statuses=statuses)
    if previous_key is None:
        previous_key = previous_plan_for(user=user, plan=report.plan).key
    report.previous = plan_report(user=user, key=previous_key, statuses=statuses)
    return report
