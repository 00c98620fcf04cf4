"""Forms of the project list and a project's pages (templates/web/projects/): the list's filters
from the address, and the project, milestone, status and goal forms. They parse and check what
was typed; the rules and writes are projects.services'."""

from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from virkplan.organisation.models import Unit
from virkplan.plans.models import Goal
from virkplan.projects.models import (
    MSG_END_BEFORE_START,
    MSG_NEGATIVE_BUDGET,
    Milestone,
    Project,
    ProjectStatus,
)
from virkplan.projects.selectors import ProjectFilters

from ..fields import LocalDecimalField, QuickSelect
from .described import DescribedForm
from .editing import GroupedForm, VersionedForm, label

MSG_TO_BEFORE_FROM = _("“To” cannot be before “from”.")
MSG_MAX_BELOW_MIN = _("The highest budget cannot be below the lowest.")
MSG_NO_SUCH_USER = _(
    "There is no user “%(name)s”. Write a user name, or the name in the next field."
)
MSG_LEADER_BOTH = _("Give the project leader as a user or as a name, not both.")


def _date(**attrs: Any) -> forms.DateInput:
    return forms.DateInput(
        attrs={"class": "form-input input-width-s", "type": "date", **attrs}, format="%Y-%m-%d"
    )


def _date_field(field_label: Any, **options: Any) -> forms.DateField:
    options.setdefault("required", False)
    return forms.DateField(
        label=field_label,
        widget=_date(),
        error_messages={"invalid": _("Write a date, such as 31-12-2026.")},
        input_formats=["%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y", "%d/%m/%Y"],
        **options,
    )


class ProjectFilterForm(DescribedForm):
    """The project list's filters: a GET form, so a filtered list can be linked to."""

    enhed = forms.ModelChoiceField(
        label=_("Unit"),
        required=False,
        queryset=Unit.objects.only("key", "name").order_by("name"),
        to_field_name="key",
        empty_label=_("Every unit"),
        help_text=_("Its projects and those of the units under it."),
        widget=QuickSelect,
        error_messages={
            "invalid_choice": _("There is no unit “%(value)s”. Choose a unit in the list.")
        },
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All statuses")), *ProjectStatus.choices],
        widget=QuickSelect,
        error_messages={
            "invalid_choice": _("“%(value)s” is not a project status. Choose one in the list.")
        },
    )
    maal = forms.ModelChoiceField(
        label=_("Goal"),
        required=False,
        queryset=Goal.objects.none(),
        to_field_name="key",
        empty_label=_("Any goal"),
        widget=QuickSelect,
        error_messages={
            "invalid_choice": _("There is no goal “%(value)s” served by a project you may see.")
        },
    )
    fra = _date_field(_("Running from"), help_text=_("Projects still running on the date."))
    til = _date_field(_("Running until"), help_text=_("Projects started by the date."))
    budget_min = LocalDecimalField(label=_("Lowest budget (kr.)"))
    budget_max = LocalDecimalField(label=_("Highest budget (kr.)"))

    def __init__(self, *args: Any, goals: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        goal = self.fields["maal"]
        assert isinstance(goal, forms.ModelChoiceField)
        goal.queryset = goals
        goal.widget.choices = [
            ("", goal.empty_label),
            *((g.key, f"{g.plan_focus_area.plan.title}: {g}"[:120]) for g in goals),
        ]
        if not self.is_bound:
            self.describe()

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("fra"), cleaned.get("til")
        if start and end and end < start:
            self.add_error("til", MSG_TO_BEFORE_FROM)
        low, high = cleaned.get("budget_min"), cleaned.get("budget_max")
        if low is not None and high is not None and high < low:
            self.add_error("budget_max", MSG_MAX_BELOW_MIN)
        return cleaned

    def filters(self) -> ProjectFilters:
        data = self.cleaned_data if self.is_bound else {}
        return ProjectFilters(
            unit=data.get("enhed"),
            status=data.get("status") or "",
            goal=data.get("maal"),
            date_from=data.get("fra"),
            date_to=data.get("til"),
            budget_min=data.get("budget_min"),
            budget_max=data.get("budget_max"),
        )

    def query(self) -> str:
        given = {name: self.data.get(name) or "" for name in self.fields} if self.is_bound else {}
        return urlencode({name: value for name, value in given.items() if value})


class ProjectForm(VersionedForm):
    """A project's own fields; without `version` when it is new."""

    title = forms.CharField(
        label=label(Project, "title"),
        max_length=200,
        widget=forms.TextInput(attrs={"class": "form-input"}),
    )
    unit = forms.ModelChoiceField(
        label=label(Project, "unit"),
        queryset=Unit.objects.none(),
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    description = forms.CharField(
        label=label(Project, "description"),
        required=False,
        widget=forms.Textarea(attrs={"class": "form-input", "rows": 5}),
        help_text=_("Markdown: a blank line starts a new paragraph, - starts a list item."),
    )
    leader = forms.CharField(
        label=_("Project leader (user name)"),
        required=False,
        max_length=150,
        widget=forms.TextInput(attrs={"class": "form-input input-width-m"}),
        help_text=_("The user who leads the project, if they use virkplan."),
    )
    leader_name = forms.CharField(
        label=label(Project, "leader_name"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"class": "form-input input-width-m"}),
        help_text=_("When the project leader is not a user of virkplan."),
    )
    start_date = _date_field(label(Project, "start_date"))
    end_date = _date_field(label(Project, "end_date"))
    budget = LocalDecimalField(
        label=label(Project, "budget"),
        max_digits=14,
        decimal_places=2,
        help_text=_("In kroner, such as 1.250.000 or 85.000,50."),
    )

    groups = (
        (None, ("title", "unit", "description")),
        (_("Project leader"), ("leader", "leader_name")),
        (_("Period and budget"), ("start_date", "end_date", "budget")),
    )
    narrow = ("start_date", "end_date", "budget")

    def __init__(self, *args: Any, units: list[Unit], creating: bool = False, **kwargs: Any):
        super().__init__(*args, **kwargs)
        if creating:
            del self.fields["version"]
        unit = self.fields["unit"]
        assert isinstance(unit, forms.ModelChoiceField)
        unit.queryset = Unit.objects.filter(pk__in=[u.pk for u in units])
        unit.choices = [(u.pk, u.name) for u in units]

    def clean_title(self) -> str:
        return self.cleaned_data["title"].strip()

    def clean_leader(self) -> Any:
        name = self.cleaned_data.get("leader", "").strip()
        if not name:
            return None
        user = get_user_model().objects.filter(username=name).first()
        if user is None:
            raise forms.ValidationError(MSG_NO_SUCH_USER % {"name": name})
        return user

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", MSG_END_BEFORE_START)
        budget = cleaned.get("budget")
        if budget is not None and budget < 0:
            self.add_error("budget", MSG_NEGATIVE_BUDGET)
        if cleaned.get("leader") is not None and (cleaned.get("leader_name") or "").strip():
            self.add_error("leader_name", MSG_LEADER_BOTH)
        return cleaned

    def values(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            name: data[name]
            for name in (
                "title",
                "unit",
                "description",
                "leader",
                "leader_name",
                "start_date",
                "end_date",
                "budget",
            )
        }

    @staticmethod
    def initial_for(project: Project) -> dict[str, Any]:
        return {
            "title": project.title,
            "unit": project.unit_id,
            "description": project.description,
            "leader": project.leader.get_username() if project.leader else "",
            "leader_name": project.leader_name,
            "start_date": project.start_date,
            "end_date": project.end_date,
            "budget": project.budget,
            "version": project.version,
        }


class MilestoneForm(VersionedForm):
    title = forms.CharField(
        label=label(Milestone, "title"),
        max_length=200,
        widget=forms.TextInput(attrs={"class": "form-input"}),
    )
    due_date = _date_field(label(Milestone, "due_date"), required=True)
    met = forms.BooleanField(
        label=_("The milestone is met"),
        required=False,
        widget=forms.CheckboxInput(attrs={"class": "form-checkbox"}),
    )
    met_date = _date_field(label(Milestone, "met_date"), help_text=_("Left empty when met: today."))
    narrow = ("due_date", "met_date")

    def __init__(self, *args: Any, creating: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if creating:
            del self.fields["version"]

    def clean_title(self) -> str:
        return self.cleaned_data["title"].strip()

    @staticmethod
    def initial_for(milestone: Milestone) -> dict[str, Any]:
        return {
            "title": milestone.title,
            "due_date": milestone.due_date,
            "met": milestone.met,
            "met_date": milestone.met_date,
            "version": milestone.version,
        }


class StatusForm(GroupedForm):
    status = forms.ChoiceField(
        label=_("New status"), choices=(), widget=forms.Select(attrs={"class": "form-select"})
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args: Any, choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        status = self.fields["status"]
        assert isinstance(status, forms.ChoiceField)
        status.choices = choices


class GoalLinkForm(forms.Form):
    goal = forms.ModelChoiceField(
        label=_("Goal"),
        queryset=Goal.objects.none(),
        to_field_name="key",
        widget=forms.Select(attrs={"class": "form-select"}),
        error_messages={
            "invalid_choice": _("Choose a goal in the list."),
            "required": _("Choose a goal in the list."),
        },
    )

    def __init__(self, *args: Any, goals: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        goal = self.fields["goal"]
        assert isinstance(goal, forms.ModelChoiceField)
        goal.queryset = goals
        goal.choices = [(g.key, f"{g.plan_focus_area.plan.title}: {g}"[:140]) for g in goals]


class VersionForm(forms.Form):
    version = forms.IntegerField(min_value=1)
