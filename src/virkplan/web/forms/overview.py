"""The overview's filters (templates/web/overview.html), from the address: a GET form, so a
filtered overview can be linked to and shared. Units and focus areas are chosen by key."""

from django import forms
from django.db.models import Max, Min
from django.utils.translation import gettext_lazy as _

from virkplan.organisation.models import Unit
from virkplan.organisation.permissions import Actor
from virkplan.plans.goal_status import goal_status_choices
from virkplan.plans.models import FocusArea
from virkplan.plans.overview import OverviewFilters
from virkplan.plans.selectors import focus_areas_visible_to, plans_visible_to

from .described import DescribedForm


class FocusAreaChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: FocusArea) -> str:
        if obj.start_year == obj.end_year:
            return f"{obj.title} ({obj.start_year})"
        return f"{obj.title} ({obj.start_year}–{obj.end_year})"


def _unit_field(label, empty_label, help_text) -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        label=label,
        required=False,
        queryset=Unit.objects.order_by("name"),
        to_field_name="key",
        empty_label=empty_label,
        help_text=help_text,
        error_messages={
            "invalid_choice": _("There is no unit “%(value)s”. Choose a unit in the list.")
        },
    )


class OverviewForm(DescribedForm):
    enhed = _unit_field(
        _("Unit"), _("The whole municipality"), _("Its plans and those of the units under it.")
    )
    aar = forms.TypedChoiceField(
        label=_("Year"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=(),
        help_text=_(
            "Plans whose period includes the year. Without a year: each unit's current plans."
        ),
    )
    indsatsomraade = FocusAreaChoiceField(
        label=_("Focus area"),
        required=False,
        queryset=FocusArea.objects.none(),
        to_field_name="key",
        empty_label=_("All focus areas"),
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
        area.queryset = (
            focus_areas_visible_to(user=user).select_related(None).order_by("title", "-start_year")
        )
        status = self.fields["status"]
        assert isinstance(status, forms.ChoiceField)
        status.choices = [("", _("All statuses")), *goal_status_choices()]
        self.describe()  # an empty form's inputs name their hints too

    def filters(self) -> OverviewFilters:
        data = self.cleaned_data if self.is_bound else {}
        return OverviewFilters(
            unit=data.get("enhed"),
            year=data.get("aar"),
            focus_area=data.get("indsatsomraade"),
            goal_status=data.get("status") or "",
            responsible_unit=data.get("ansvarlig"),
        )
