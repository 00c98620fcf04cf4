"""Template tags for the plan cycle: what the workflow panel on the plan page offers the user."""

from collections.abc import Container
from dataclasses import dataclass, field
from typing import Any

from django import template
from django.contrib.auth.models import AnonymousUser, User
from django.utils.html import conditional_escape as escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from virkplan.core import display
from virkplan.core.templatetags.virkplan import status_badge
from virkplan.organisation.permissions import Actor
from virkplan.plans import permissions
from virkplan.plans.models import FollowUp, Plan, PlanEvent, PlanStatus
from virkplan.plans.workflow import Transition

from ..forms.cycle import TransitionForm

register = template.Library()

# The transition view puts a form with errors here before it renders the plan page again.
WORKFLOW_FORM_ATTRIBUTE = "virkplan_workflow_form"


@dataclass
class PlanActions:
    """The workflow panel's content for one user and plan."""

    plan: Plan
    transitions: list[Transition]
    form: TransitionForm
    events: list[PlanEvent]
    can_follow_up: bool
    can_copy: bool
    can_reorganise: bool
    revision_of: Plan | None = None
    revisions_in_progress: list[Plan] = field(default_factory=list)
    awaits_another_approver: bool = False

    @property
    def comment_needed(self) -> bool:
        return any(t.needs_comment for t in self.transitions)


def _backwards(transition: Transition) -> bool:
    """Steps forward first (the first one is the primary button), returning and archiving after."""
    return transition.needs_comment or transition.target == PlanStatus.ARCHIVED


@register.simple_tag(takes_context=True)
def plan_actions(context: template.Context, plan: Plan) -> PlanActions | None:
    """The workflow panel for the signed-in user, or None when they have no role for the plan.

    Costs no query for anonymous readers; for others one for the workflow
    steps, and one more for a plan with a revision (or one that is a revision).
    """
    request = context.get("request")
    user: Actor = getattr(request, "user", None) or AnonymousUser()
    if not permissions.can_view_workflow(user, plan):
        return None
    form = getattr(request, WORKFLOW_FORM_ATTRIBUTE, None) or TransitionForm(plan=plan)
    actions = PlanActions(
        plan=plan,
        transitions=sorted(permissions.allowed_transitions(user, plan), key=_backwards),
        form=form,
        events=list(plan.events.select_related("user").order_by("-created_at", "-id")),
        can_follow_up=permissions.can_take_part_in_follow_up(user, plan),
        # A plan is carried into the next period once it is settled, not while it is written.
        can_copy=plan.status not in (PlanStatus.DRAFT, PlanStatus.SUBMITTED)
        and permissions.can_create_plan(user, plan.unit_id),
        can_reorganise=permissions.can_reorganise(user, plan.unit_id),
        awaits_another_approver=permissions.awaits_another_approver(user, plan),
    )
    if plan.revision_of_id:
        actions.revision_of = Plan.objects.filter(pk=plan.revision_of_id).first()
    elif plan.status in (PlanStatus.APPROVED, PlanStatus.PUBLISHED):
        actions.revisions_in_progress = list(
            plan.revisions.filter(status__in=(PlanStatus.DRAFT, PlanStatus.SUBMITTED))
        )
    return actions


@register.filter
def person(user: User | None) -> str:
    """A user's full name, or their user name."""
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


@register.filter
def criterion_numbers(follow_up: FollowUp) -> list[int]:
    """The numbers (from 1) of the goal's documentation the follow-up is about."""
    return [index + 1 for index in follow_up.criterion_indexes]


def _about(follow_up: FollowUp) -> str:
    """Which of the goal's documentation a follow-up is about, in words (escaped)."""
    numbers = criterion_numbers(follow_up)
    if numbers:
        return _("About documentation %(numbers)s") % {
            "numbers": escape(", ".join(str(n) for n in numbers))
        }
    return escape(_("About the goal as a whole"))


@register.simple_tag
def earlier_follow_up(follow_up: FollowUp) -> SafeString:
    """A follow-up from before the round, in the list under its goal on the round's page.

    A tag rather than template lines, as on the plan page (core's `follow_up_entry`): a goal
    followed up for years has dozens, and the round's page shows every goal's.
    """
    date = ""
    if follow_up.date:
        date = f'<span class="vp-muted">{escape(display.long_date(follow_up.date))}</span>'
    # Each part is escaped here or is HTML the display layer made safe (the Markdown).
    return mark_safe(
        '\n            <li class="vp-followup">\n'
        '              <p class="vp-followup-status">'
        f"{status_badge(follow_up.status, follow_up.status_label)}\n"
        f'                {date}\n                <span class="vp-muted">{_about(follow_up)}'
        "</span></p>\n"
        f'              <div class="vp-followup-text"{display.content_lang_attribute()}>'
        f"{display.markdown_html(follow_up.text)}</div>\n            </li>\n          "
    )


@register.simple_tag
def criterion_option(option: dict[str, Any], name: str, covered: Container[int]) -> SafeString:
    """A criterion to tick in a goal's follow-up form on the round's page (forms.cycle's
    `criterion_options`): its number, text and target, and whether the round has followed it
    up (`covered`). A tag for the reason `earlier_follow_up` is one."""
    criterion = option["criterion"]
    option_id = escape(option["id"])
    checked = " checked" if option["checked"] else ""
    target = ""
    if criterion.has_target:
        target_label = _("Target:")
        target = (
            f' <span class="vp-target"><span class="sr-only">{escape(target_label)} </span>'
            f"{escape(display.target(criterion))}</span>"
        )
    followed = ""
    if criterion.pk in covered:
        followed_label = _("followed up")
        followed = f' <span class="vp-covered">({escape(followed_label)})</span>'
    # Every value is escaped above.
    return mark_safe(
        '\n              <div class="form-group-checkbox">\n'
        f'                <input type="checkbox" class="form-checkbox" name="{escape(name)}" '
        f'value="{criterion.pk}" id="{option_id}"{checked}>\n'
        f'                <label for="{option_id}"><span class="vp-criterion-number">'
        f"{option['number']}.</span> <span{display.content_lang_attribute()}>"
        f"{escape(criterion.text)}</span>{target}{followed}</label>\n"
        "              </div>\n            "
    )


# Det Fælles Designsystem's badge variant for each step of a plan's workflow: a draft still
# needs work, a submitted plan waits for its approver, approved and published plans are done.
PLAN_STATUS_VARIANTS: dict[str, str] = {
    PlanStatus.DRAFT.value: "badge-warning",
    PlanStatus.SUBMITTED.value: "badge-info",
    PlanStatus.APPROVED.value: "badge-success",
    PlanStatus.PUBLISHED.value: "badge-success",
    PlanStatus.ARCHIVED.value: "",
}


@register.simple_tag
def plan_status_badge(plan: Plan) -> SafeString:
    """The plan's workflow status as Det Fælles Designsystem's badge, in words."""
    variant = PLAN_STATUS_VARIANTS.get(plan.status, "")
    return mark_safe(  # both parts escaped
        f'<span class="badge vp-plan-status {escape(variant)}">'
        f"{escape(plan.get_status_display())}</span>"
    )
