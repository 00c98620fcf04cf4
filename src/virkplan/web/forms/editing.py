"""Forms for editing plans: Danish labels, Danish numbers, messages beside the field.

The forms only parse and check what the user typed; the writes and the
rules about who may do what are the services' (plans.services). Labels come
from the models' translated verbose names where one fits.
"""

from typing import Any

from django import forms
from django.db.models import Model
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from virkplan.organisation.models import Unit
from virkplan.plans import rules
from virkplan.plans.models import (
    Comparison,
    Criterion,
    FocusArea,
    Goal,
    Plan,
    PlanFocusArea,
    PlanKind,
    Section,
)

from ..fields import LocalDecimalField, YearField

MSG_FOCUS_AREA_CHOICE = _("Choose a focus area, or write the title of a new one.")
MSG_FOCUS_AREA_BOTH = _("Choose a focus area or write a new one, not both.")
MSG_VERSION = _("The form is out of date; open it again.")
MARKDOWN_HINT = _("Markdown: a blank line starts a new paragraph, - starts a list item.")


def label(model: type[Model], field: str) -> Any:
    """A model field's translated verbose name, capitalised, as a form label."""
    return capfirst(model._meta.get_field(field).verbose_name)  # type: ignore[union-attr]


def _text(**attrs: Any) -> forms.TextInput:
    return forms.TextInput(attrs={"class": "form-input", **attrs})


def _area(rows: int = 4, **attrs: Any) -> forms.Textarea:
    return forms.Textarea(attrs={"class": "form-input", "rows": rows, **attrs})


def _select(**attrs: Any) -> forms.Select:
    return forms.Select(attrs={"class": "form-select", **attrs})


class GroupedForm(forms.Form):
    """A form whose fields are shown in groups, each a fieldset with a legend, or plain."""

    groups: tuple[tuple[Any, tuple[str, ...]], ...] = ()
    # Fields that sit side by side on a wide screen.
    narrow: tuple[str, ...] = ()

    def field_groups(self) -> list[tuple[Any, list[forms.BoundField]]]:
        """(legend or None, visible bound fields) in order; fields in no group come last."""
        grouped: list[tuple[Any, list[forms.BoundField]]] = []
        seen: set[str] = set()
        for legend, names in self.groups:
            fields = [self[name] for name in names if name in self.fields]
            seen.update(names)
            if fields:
                grouped.append((legend, fields))
        rest = [field for field in self.visible_fields() if field.name not in seen]
        if rest:
            grouped.append((None, rest))
        return grouped


class VersionedForm(GroupedForm):
    """A form for a row that carries the version the user saw (see services._update_versioned)."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["version"].error_messages = {
            key: MSG_VERSION for key in ("required", "invalid", "min_value")
        }


def lines(text: str) -> list[str]:
    """The non-empty lines of a text, trimmed."""
    return [line.strip() for line in text.splitlines() if line.strip()]


# Plans ----------------------------------------------------------------------------------------


class _PeriodMixin(GroupedForm):
    start_year = YearField(label=label(Plan, "start_year"))
    end_year = YearField(label=label(Plan, "end_year"))
    narrow = ("start_year", "end_year")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("start_year"), cleaned.get("end_year")
        if start is not None and end is not None:
            for problem in rules.period_problems(start, end):
                self.add_error(problem.field, problem.message)
        return cleaned


class PlanCreateForm(_PeriodMixin):
    """A new draft plan for a unit the user may write plans for."""

    unit = forms.ModelChoiceField(
        label=label(Plan, "unit"), queryset=Unit.objects.none(), widget=_select()
    )
    title = forms.CharField(label=label(Plan, "title"), max_length=200, widget=_text())
    kind = forms.ChoiceField(
        label=label(Plan, "kind"), choices=PlanKind.choices, widget=_select(), required=False
    )
    field_order = ["unit", "title", "kind", "start_year", "end_year"]

    def __init__(self, *args: Any, units: list[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        unit_field = self.fields["unit"]
        assert isinstance(unit_field, forms.ModelChoiceField)
        unit_field.queryset = Unit.objects.filter(pk__in=[unit.pk for unit in units])
        unit_field.choices = [(unit.pk, unit.name) for unit in units]


class PlanDetailsForm(_PeriodMixin, VersionedForm):
    """The plan's title, kind, period and introductions."""

    title = forms.CharField(label=label(Plan, "title"), max_length=200, widget=_text())
    kind = forms.ChoiceField(label=label(Plan, "kind"), choices=PlanKind.choices, widget=_select())
    focus_area_intro = forms.CharField(
        label=label(Plan, "focus_area_intro"),
        required=False,
        widget=_area(6),
        help_text=MARKDOWN_HINT,
    )
    follow_up_intro = forms.CharField(
        label=label(Plan, "follow_up_intro"),
        required=False,
        widget=_area(4),
        help_text=MARKDOWN_HINT,
    )
    field_order = ["title", "kind", "start_year", "end_year", "focus_area_intro", "follow_up_intro"]

    @staticmethod
    def initial_for(plan: Plan) -> dict[str, Any]:
        return {
            "title": plan.title,
            "kind": plan.kind,
            "start_year": plan.start_year,
            "end_year": plan.end_year,
            "focus_area_intro": plan.focus_area_intro,
            "follow_up_intro": plan.follow_up_intro,
            "version": plan.version,
        }


# Sections and focus areas -------------------------------------------------------------------


class SectionForm(VersionedForm):
    title = forms.CharField(label=label(Section, "title"), max_length=200, widget=_text())
    body = forms.CharField(
        label=label(Section, "body"), required=False, widget=_area(10), help_text=MARKDOWN_HINT
    )
    highlights = forms.CharField(
        label=label(Section, "highlights"),
        required=False,
        widget=_area(3),
        help_text=_("Short texts printed beside the section, one per line."),
    )
    organisation_chart = forms.BooleanField(
        label=_("Show the unit's organisation chart after the text"),
        required=False,
        widget=forms.CheckboxInput(attrs={"class": "form-checkbox"}),
        help_text=_("The unit and its units as they were in the plan's period."),
    )

    def __init__(self, *args: Any, creating: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if creating:
            del self.fields["version"]

    def clean_highlights(self) -> list[str]:
        return lines(self.cleaned_data.get("highlights", ""))

    @staticmethod
    def initial_for(section: Section) -> dict[str, Any]:
        return {
            "title": section.title,
            "body": section.body,
            "highlights": "\n".join(section.highlights or []),
            "organisation_chart": section.organisation_chart,
            "version": section.version,
        }


class _FocusAreaTexts(GroupedForm):
    """The texts of a focus area: its tagline and shared text, and what it means for the unit."""

    tagline = forms.CharField(
        label=label(FocusArea, "tagline"), max_length=200, required=False, widget=_text()
    )
    body = forms.CharField(
        label=label(FocusArea, "body"), required=False, widget=_area(4), help_text=MARKDOWN_HINT
    )
    unit_text = forms.CharField(
        label=label(PlanFocusArea, "unit_text"),
        required=False,
        widget=_area(8),
        help_text=MARKDOWN_HINT,
    )


class FocusAreaAddForm(_FocusAreaTexts):
    """Include a focus area in the plan: one set for the period, or a new one of the unit's own."""

    groups = (
        (None, ("existing",)),
        (_("Or a new focus area of the unit's own"), ("title", "tagline", "body")),
        (None, ("unit_text",)),
    )

    existing = forms.ModelChoiceField(
        label=_("A focus area set for the period"),
        queryset=FocusArea.objects.none(),
        required=False,
        widget=_select(),
        empty_label=_("– none: write a new one below –"),
    )
    title = forms.CharField(
        label=_("Title of a new focus area"), max_length=200, required=False, widget=_text()
    )

    def __init__(self, *args: Any, choices: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        existing = self.fields["existing"]
        assert isinstance(existing, forms.ModelChoiceField)
        existing.queryset = choices
        if not choices.exists():
            del self.fields["existing"]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        chosen = cleaned.get("existing")
        title = (cleaned.get("title") or "").strip()
        if chosen is None and not title and "existing" not in self.errors:
            self.add_error("title", MSG_FOCUS_AREA_CHOICE)
        elif chosen is not None and (
            title or cleaned.get("tagline", "").strip() or cleaned.get("body", "").strip()
        ):
            self.add_error("title", MSG_FOCUS_AREA_BOTH)
        return cleaned


class FocusAreaForm(_FocusAreaTexts, VersionedForm):
    """What a focus area means for the plan's unit; its own title and text when it is the plan's."""

    field_order = ("title", "tagline", "body", "unit_text")

    title = forms.CharField(label=label(FocusArea, "title"), max_length=200, widget=_text())

    def __init__(self, *args: Any, own: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.own = own
        if not own:
            for name in ("title", "tagline", "body"):
                del self.fields[name]

    @staticmethod
    def initial_for(area: PlanFocusArea) -> dict[str, Any]:
        return {
            "title": area.focus_area.title,
            "tagline": area.focus_area.tagline,
            "body": area.focus_area.body,
            "unit_text": area.unit_text,
            "version": area.version,
        }


# Goals and criteria ---------------------------------------------------------------------------


class GoalForm(VersionedForm):
    ref = forms.CharField(
        label=label(Goal, "ref"),
        max_length=20,
        required=False,
        widget=_text(**{"class": "form-input input-width-xs"}),
        help_text=_('Such as "2" or "2.1".'),
    )
    statement = forms.CharField(
        label=label(Goal, "statement"),
        widget=_area(3),
        help_text=_("What the unit will do: “We will …”."),
    )
    responsible_unit = forms.ModelChoiceField(
        label=label(Goal, "responsible_unit"),
        queryset=Unit.objects.none(),
        required=False,
        widget=_select(),
        empty_label=_("– the plan's unit –"),
    )
    field_order = ["ref", "statement", "responsible_unit"]

    def __init__(
        self,
        *args: Any,
        units: list[Unit],
        unit_required: bool = False,
        creating: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        if creating:
            del self.fields["version"]
        field = self.fields["responsible_unit"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Unit.objects.filter(pk__in=[unit.pk for unit in units])
        choices = [(unit.pk, unit.name) for unit in units]
        field.required = unit_required
        field.choices = choices if unit_required else [("", field.empty_label), *choices]

    def clean_statement(self) -> str:
        return self.cleaned_data["statement"].strip()

    @staticmethod
    def initial_for(goal: Goal) -> dict[str, Any]:
        return {
            "ref": goal.ref,
            "statement": goal.statement,
            "responsible_unit": goal.responsible_unit_id,
            "version": goal.version,
        }


class CriterionForm(VersionedForm):
    """A success criterion, with an optional quantitative target."""

    text = forms.CharField(
        label=label(Criterion, "text"),
        widget=_area(3),
        help_text=_("What will be true when the goal is reached."),
    )
    comparison = forms.ChoiceField(
        label=label(Criterion, "comparison"),
        choices=[("", _("– no quantitative target –")), *Comparison.choices],
        required=False,
        widget=_select(),
    )
    value = LocalDecimalField(label=label(Criterion, "value"))
    value_max = LocalDecimalField(
        label=label(Criterion, "value_max"), help_text=_("Only for a range.")
    )
    unit_of_measure = forms.CharField(
        label=label(Criterion, "unit_of_measure"),
        max_length=50,
        required=False,
        widget=_text(**{"class": "form-input input-width-s"}),
        help_text=_("Such as %, MWh or loans."),
    )
    baseline_value = LocalDecimalField(label=label(Criterion, "baseline_value"))
    baseline_year = YearField(label=label(Criterion, "baseline_year"), required=False)
    target_year = YearField(label=label(Criterion, "target_year"), required=False)
    target_date = forms.DateField(
        label=label(Criterion, "target_date"),
        required=False,
        widget=forms.DateInput(
            attrs={"class": "form-input input-width-s", "type": "date"}, format="%Y-%m-%d"
        ),
    )

    groups = (
        (None, ("text",)),
        (
            _("Quantitative target (optional)"),
            ("comparison", "value", "value_max", "unit_of_measure"),
        ),
        (
            _("Baseline and deadline (optional)"),
            ("baseline_value", "baseline_year", "target_year", "target_date"),
        ),
    )
    TARGET_FIELDS = rules.TARGET_FIELDS
    narrow = TARGET_FIELDS
    """Every target field is short, so each is shown narrow."""

    def __init__(self, *args: Any, creating: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if creating:
            del self.fields["version"]

    def clean_text(self) -> str:
        return self.cleaned_data["text"].strip()

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for problem in rules.target_problems(
            comparison=cleaned.get("comparison") or "",
            value=cleaned.get("value"),
            value_max=cleaned.get("value_max"),
            baseline_value=cleaned.get("baseline_value"),
            baseline_year=cleaned.get("baseline_year"),
            target_year=cleaned.get("target_year"),
            target_date=cleaned.get("target_date"),
            missing=frozenset(self.errors),
        ):
            if problem.field not in self.errors:
                self.add_error(problem.field, problem.message)
        return cleaned

    def target(self) -> dict[str, Any]:
        """The target fields as the services take them (blank text, not None, for the unit)."""
        data = {name: self.cleaned_data.get(name) for name in self.TARGET_FIELDS}
        data["comparison"] = data["comparison"] or ""
        data["unit_of_measure"] = (data["unit_of_measure"] or "").strip()
        return data

    @staticmethod
    def initial_for(criterion: Criterion) -> dict[str, Any]:
        initial: dict[str, Any] = {"text": criterion.text, "version": criterion.version}
        for name in CriterionForm.TARGET_FIELDS:
            initial[name] = getattr(criterion, name)
        return initial


class ConfirmDeleteForm(forms.Form):
    """The confirmation of a delete, carrying the version the user saw."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


MOVE_UP = "op"
MOVE_DOWN = "ned"


class MoveForm(forms.Form):
    direction = forms.ChoiceField(choices=[(MOVE_UP, MOVE_UP), (MOVE_DOWN, MOVE_DOWN)])

    @property
    def offset(self) -> int:
        return -1 if self.cleaned_data["direction"] == MOVE_UP else 1
