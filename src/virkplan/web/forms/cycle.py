"""Forms for the plan cycle: workflow steps, next period, follow-up rounds, reorganisation.

The forms only parse and check input; the rules (who may, which step is
legal) are in plans.permissions, plans.workflow and plans.services.
"""

from collections.abc import Iterable
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from virkplan.organisation.models import Unit
from virkplan.plans.models import Criterion, FollowUpStatus, Goal, Plan
from virkplan.plans.rules import MAX_PERIOD_YEARS, MSG_PERIOD_LENGTH
from virkplan.plans.services import MSG_COMMENT_REQUIRED
from virkplan.plans.workflow import transition_between

from ..fields import QuickSelect
from .described import DescribedForm

MSG_CHOOSE_STATUS = _("Choose how it went.")
MSG_PROGRESS_RANGE = _("Give a whole number from 0 to 100.")
MSG_SUBGOAL_WITHOUT_GOAL = _(
    "Goal %(ref)s can only continue together with the goal it belongs to. "
    "Choose that goal as well, or leave this one out."
)
MSG_NO_GOALS_CHOSEN = _("Choose at least one goal to move.")


def _choice_field(form: forms.Form, name: str) -> forms.ChoiceField:
    field = form.fields[name]
    assert isinstance(field, forms.ChoiceField)
    return field


class TransitionForm(DescribedForm):
    """A step in the plan's workflow, chosen by its button, with an optional comment."""

    to_status = forms.CharField(widget=forms.HiddenInput, required=True)
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Shown with the step in the plan's workflow. Required when the plan is "
            "returned to draft: say what must change."
        ),
    )

    def __init__(self, *args: Any, plan: Plan, **kwargs: Any) -> None:
        self.plan = plan
        super().__init__(*args, **kwargs)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        transition = transition_between(self.plan.status, cleaned.get("to_status", ""))
        if transition and transition.needs_comment and not cleaned.get("comment", "").strip():
            self.add_error("comment", str(MSG_COMMENT_REQUIRED))
        return cleaned


def _goal_label(goal: Goal) -> str:
    words = goal.statement.split()
    short = " ".join(words[:14]) + (" …" if len(words) > 14 else "")
    return f"{goal.ref} {short}".strip() if goal.ref else short


class NextPeriodForm(DescribedForm):
    """A new draft plan for the next period, with the goals that continue."""

    title = forms.CharField(label=_("Title of the new plan"), max_length=200)
    start_year = forms.IntegerField(label=_("First year"), min_value=1900, max_value=2200)
    end_year = forms.IntegerField(label=_("Last year"), min_value=1900, max_value=2200)
    goals = forms.MultipleChoiceField(
        label=_("Goals that continue"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "The chosen goals are copied with their documentation into the new plan and keep "
            "a link to this plan's goals, so their history spans both plans. Follow-ups are "
            "not copied."
        ),
    )

    def __init__(self, *args: Any, plan: Plan, goals: Iterable[Goal], **kwargs: Any) -> None:
        self.plan = plan
        self.goal_list = list(goals)
        span = plan.end_year - plan.start_year
        start = plan.end_year + 1
        kwargs.setdefault(
            "initial",
            {
                "title": _next_title(plan, start, start + span),
                "start_year": start,
                "end_year": start + span,
                "goals": [goal.key for goal in self.goal_list],
            },
        )
        super().__init__(*args, **kwargs)
        _choice_field(self, "goals").choices = [(g.key, _goal_label(g)) for g in self.goal_list]

    def period_hint(self) -> str:
        return MSG_PERIOD_LENGTH % {"years": MAX_PERIOD_YEARS}

    def goal_options(self) -> list[dict[str, Any]]:
        """Each goal with its checkbox id, whether it is ticked, and its follow-ups' outcomes."""
        bound = self["goals"]
        chosen = {str(value) for value in bound.value() or []}
        options = []
        for index, goal in enumerate(self.goal_list):
            outcomes: dict[str, Any] = {}
            for follow_up in goal.follow_ups.all():
                outcomes.setdefault(follow_up.status, follow_up.get_status_display())
            options.append(
                {
                    "goal": goal,
                    "id": f"{bound.auto_id}_{index}",
                    "checked": goal.key in chosen,
                    "outcomes": list(outcomes.items()),
                }
            )
        return options

    def clean_goals(self) -> list[str]:
        chosen = set(self.cleaned_data["goals"])
        by_pk = {goal.pk: goal for goal in self.goal_list}
        for goal in self.goal_list:
            parent = by_pk.get(goal.parent_id) if goal.parent_id else None
            if goal.key in chosen and parent is not None and parent.key not in chosen:
                raise forms.ValidationError(
                    MSG_SUBGOAL_WITHOUT_GOAL % {"ref": goal.ref or _goal_label(goal)}
                )
        return [goal.key for goal in self.goal_list if goal.key in chosen]


def _next_title(plan: Plan, start: int, end: int) -> str:
    label = str(start) if start == end else f"{start}–{end}"
    if plan.period_label in plan.title:
        return plan.title.replace(plan.period_label, label)
    return f"{plan.title} {label}"


class FollowUpRoundStartForm(DescribedForm):
    """The date a follow-up round reports on; follow-ups written in it carry this date."""

    date = forms.DateField(
        label=_("Follow-up date"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_(
            "The date the follow-up reports on. A goal counts as followed up in the round "
            "when it has a follow-up dated on or after it."
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"date": timezone.localdate()})
        super().__init__(*args, **kwargs)


class FollowUpForm(DescribedForm):
    """A goal's follow-up in a round: how it went, what happened, which criteria it answers."""

    follow_up = forms.IntegerField(widget=forms.HiddenInput, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    criteria = forms.MultipleChoiceField(
        label=_("Documentation this follow-up speaks about"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave all unticked when the follow-up is about the goal as a whole."),
    )
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("", _("Choose a status")), *FollowUpStatus.choices],
        error_messages={"required": MSG_CHOOSE_STATUS},
        widget=QuickSelect,
    )
    text = forms.CharField(
        label=_("Follow-up"),
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What happened. Markdown: a blank line starts a new paragraph."),
    )

    def __init__(self, *args: Any, goal: Goal, **kwargs: Any) -> None:
        self.goal = goal
        kwargs.setdefault("prefix", f"goal-{goal.pk}")
        super().__init__(*args, **kwargs)
        self.criterion_list: list[Criterion] = list(goal.criteria.all())
        _choice_field(self, "criteria").choices = [
            (str(c.pk), f"{index}. {c.text}")
            for index, c in enumerate(self.criterion_list, start=1)
        ]

    def criterion_options(self) -> list[dict[str, Any]]:
        """Each criterion with its number, checkbox id and whether it is ticked."""
        bound = self["criteria"]
        chosen = {str(value) for value in bound.value() or []}
        return [
            {
                "criterion": criterion,
                "number": number,
                "id": f"{bound.auto_id}_{number - 1}",
                "checked": str(criterion.pk) in chosen,
            }
            for number, criterion in enumerate(self.criterion_list, start=1)
        ]

    def chosen_criteria(self) -> list[Criterion]:
        chosen = set(self.cleaned_data.get("criteria") or [])
        return [c for c in self.criterion_list if str(c.pk) in chosen]


class GoalAssessmentForm(DescribedForm):
    """The goal's status as a whole in the round, and how far it has come towards its targets."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    status = forms.ChoiceField(
        label=_("The goal's status as a whole"),
        choices=[("", _("Choose a status")), *FollowUpStatus.choices],
        error_messages={"required": MSG_CHOOSE_STATUS},
        widget=QuickSelect,
        help_text=_("Weigh the goal as a whole; its follow-ups may each say something else."),
    )
    progress = forms.IntegerField(
        label=_("Progress towards the targets (%)"),
        required=False,
        min_value=0,
        max_value=100,
        help_text=_("From 0 to 100. Leave it empty when it cannot be measured."),
        error_messages={
            "min_value": MSG_PROGRESS_RANGE,
            "max_value": MSG_PROGRESS_RANGE,
            "invalid": MSG_PROGRESS_RANGE,
        },
        widget=forms.NumberInput(
            attrs={"class": "form-input input-width-xs", "inputmode": "numeric"}
        ),
    )

    def __init__(self, *args: Any, goal: Goal, **kwargs: Any) -> None:
        self.goal = goal
        kwargs.setdefault("prefix", f"status-{goal.pk}")
        super().__init__(*args, **kwargs)
        self.measurable = any(c.has_target for c in goal.criteria.all())
        if not self.measurable and not self["progress"].value():
            del self.fields["progress"]


class ReorganisationForm(DescribedForm):
    """Move some or all of a unit's goals to the unit that takes over its work."""

    target = forms.ChoiceField(
        label=_("Move the goals to"),
        help_text=_("The unit is recorded as a successor of this one."),
    )
    goals = forms.MultipleChoiceField(
        label=_("Goals to move"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": MSG_NO_GOALS_CHOSEN},
    )

    def __init__(
        self,
        *args: Any,
        unit: Unit,
        targets: Iterable[Unit],
        goals: Iterable[Goal],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.targets = {str(u.pk): u for u in targets}
        self.goal_list = list(goals)
        successors = {u.pk for u in unit.successors.all()}
        first = [(pk, u.name) for pk, u in self.targets.items() if u.pk in successors]
        others = [(pk, u.name) for pk, u in self.targets.items() if u.pk not in successors]
        choices: list[Any] = [("", _("Choose a unit"))]
        if first:
            choices.append((_("Successors of the unit"), first))
        if others:
            choices.append((_("Other units") if first else _("Units"), others))
        _choice_field(self, "target").choices = choices
        _choice_field(self, "goals").choices = [(g.key, _goal_label(g)) for g in self.goal_list]
        self.initial.setdefault("goals", [g.key for g in self.goal_list])

    def goal_options(self) -> list[dict[str, Any]]:
        """Each goal with its checkbox id and whether it is ticked."""
        bound = self["goals"]
        chosen = {str(value) for value in bound.value() or []}
        return [
            {"goal": goal, "id": f"{bound.auto_id}_{index}", "checked": goal.key in chosen}
            for index, goal in enumerate(self.goal_list)
        ]

    def clean_target(self) -> Unit:
        return self.targets[self.cleaned_data["target"]]
