"""The overview's filters (templates/web/overview.html), from the address: a GET form, so a
filtered overview can be linked to and shared. Units and focus areas are chosen by key."""

from dataclasses import replace

from django import forms
from django.db.models import Max, Min, Q
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from virkplan.organisation.models import Unit
from virkplan.organisation.permissions import Actor
from virkplan.plans.goal_status import goal_status_choices
from virkplan.plans.models import FocusArea, FocusAreaGroup, Plan
from virkplan.plans.overview import OverviewFilters
from virkplan.plans.selectors import focus_areas_visible_to, plans_visible_to

from ..fields import QuickSelect, year_filter_field
from .described import DescribedForm

# The focus areas the list offers: those set for many units at once. Any other focus area the
# reader may see is taken from the address too (a unit's own: thousands in a large
# municipality, too many to list), and offered while it is chosen.
CROSS_CUTTING = (FocusAreaGroup.EXECUTIVE_BOARD, FocusAreaGroup.POLITICAL)


def _focus_area_label(area: FocusArea) -> str:
    period = (
        str(area.start_year)
        if area.start_year == area.end_year
        else f"{area.start_year}–{area.end_year}"
    )
    if area.set_by is not None:
        return f"{area.title} ({period}, {area.set_by.short_name or area.set_by.name})"
    return f"{area.title} ({period})"


def _unit_field(label, empty_label, help_text) -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        label=label,
        required=False,
        queryset=Unit.objects.only("key", "name").order_by("name"),
        to_field_name="key",
        empty_label=empty_label,
        help_text=help_text,
        widget=QuickSelect,
        error_messages={
            "invalid_choice": _("There is no unit “%(value)s”. Choose a unit in the list.")
        },
    )


class OverviewForm(DescribedForm):
    enhed = _unit_field(
        _("Unit"), _("The whole municipality"), _("Its plans and those of the units under it.")
    )
    aar = year_filter_field(
        help_text=_(
            "Plans whose period includes the year. Without a year: each unit's current plans."
        ),
    )
    indsatsomraade = forms.ModelChoiceField(
        label=_("Focus area"),
        required=False,
        queryset=FocusArea.objects.none(),
        to_field_name="key",
        empty_label=_("All focus areas"),
        widget=QuickSelect,
        error_messages={
            "invalid_choice": _(
                "There is no focus area “%(value)s” that you may see. Choose one in the list."
            )
        },
    )
    status = forms.ChoiceField(
        label=_("Goal status"),
        required=False,
        choices=(),
        widget=QuickSelect,
        error_messages={
            "invalid_choice": _("“%(value)s” is not a goal status. Choose one in the list.")
        },
    )
    ansvarlig = _unit_field(
        _("Responsible unit"),
        _("Any unit"),
        _("Goals the unit, or a unit under it, is responsible for."),
    )

    def __init__(self, *args, user: Actor | None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        years = plans_visible_to(user=user).aggregate(first=Min("start_year"), last=Max("end_year"))
        first, last = years["first"], years["last"]
        year = self.fields["aar"]
        assert isinstance(year, forms.TypedChoiceField)
        choices = list(range(last, first - 1, -1)) if first is not None else []
        year.choices = [("", _("Current plans")), *((y, str(y)) for y in choices)]
        if choices:
            year.error_messages["invalid_choice"] = _(
                "There are no plans for the year “%(value)s”. Choose a year from "
                "%(first)s to %(last)s."
            ) % {"first": first, "last": last, "value": "%(value)s"}
        else:
            year.error_messages["invalid_choice"] = _("There are no plans for any year yet.")
        area = self.fields["indsatsomraade"]
        assert isinstance(area, forms.ModelChoiceField)
        visible = focus_areas_visible_to(user=user)
        area.queryset = visible
        offered = visible.filter(
            Q(group__in=CROSS_CUTTING) | Q(key=self.data.get("indsatsomraade") or "")
        ).only("key", "title", "start_year", "end_year", "set_by__name", "set_by__short_name")
        area.widget.choices = [
            ("", area.empty_label),
            *(
                (focus_area.key, _focus_area_label(focus_area))
                for focus_area in offered.order_by("title", "-start_year", "set_by__name")
            ),
        ]
        status = self.fields["status"]
        assert isinstance(status, forms.ChoiceField)
        status.choices = [("", _("All statuses")), *goal_status_choices()]
        if not self.is_bound:
            # An empty form's inputs name their hints too (full_clean does it for a bound one,
            # once a subclass has set its own fields up).
            self.describe()

    def filters(self) -> OverviewFilters:
        data = self.cleaned_data if self.is_bound else {}
        return OverviewFilters(
            unit=data.get("enhed"),
            year=data.get("aar"),
            focus_area=data.get("indsatsomraade"),
            goal_status=data.get("status") or "",
            responsible_unit=data.get("ansvarlig"),
        )

    def query(self, **changes: str | None) -> str:
        """The filters given, as a query string, with `changes` (None leaves one out): the
        address of the same overview, or of its goals (OverviewGoalsForm)."""
        given = {name: self.data.get(name) or "" for name in self.fields} if self.is_bound else {}
        given.update(changes)
        return urlencode({name: value for name, value in given.items() if value})


class OverviewGoalsForm(OverviewForm):
    """The overview's filters, and a plan: the goals behind a row's counts."""

    plan = forms.ModelChoiceField(
        label=_("Plan"),
        required=False,
        queryset=Plan.objects.none(),
        to_field_name="key",
        widget=forms.HiddenInput,
        error_messages={"invalid_choice": _("There is no plan “%(value)s” that you may see.")},
    )

    def __init__(self, *args, user: Actor | None, **kwargs) -> None:
        super().__init__(*args, user=user, **kwargs)
        plan = self.fields["plan"]
        assert isinstance(plan, forms.ModelChoiceField)
        plan.queryset = plans_visible_to(user=user).only(
            "key", "title", "start_year", "end_year", "unit__key", "unit__name"
        )

    def filters(self) -> OverviewFilters:
        data = self.cleaned_data if self.is_bound else {}
        return replace(super().filters(), plan=data.get("plan"))
