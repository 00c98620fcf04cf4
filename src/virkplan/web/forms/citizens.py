"""The citizens' start page's filters (templates/web/citizens.html): a GET form, so a filtered
list of plans has an address that can be linked to and shared. A department is chosen by key."""

from django import forms
from django.utils.translation import gettext_lazy as _

from virkplan.organisation.models import Unit
from virkplan.plans.published import published_years

from ..fields import QuickSelect, year_filter_field
from .described import DescribedForm


class CitizensForm(DescribedForm):
    afdeling = forms.ModelChoiceField(
        label=_("Department"),
        required=False,
        queryset=Unit.objects.only("key", "name").order_by("name"),
        to_field_name="key",
        empty_label=_("All departments"),
        help_text=_("Its plans and those of the units under it."),
        widget=QuickSelect,
        error_messages={
            "invalid_choice": _("There is no department “%(value)s”. Choose one in the list.")
        },
    )
    aar = year_filter_field(help_text=_("Plans whose period includes the year."))

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        year = self.fields["aar"]
        assert isinstance(year, forms.TypedChoiceField)
        years = published_years()
        if years is None:
            year.choices = [("", _("All years"))]
            year.error_messages["invalid_choice"] = _("There are no plans for any year yet.")
        else:
            first, last = years
            offered = range(last, first - 1, -1)
            year.choices = [("", _("All years")), *((y, str(y)) for y in offered)]
            year.error_messages["invalid_choice"] = _(
                "There are no plans for the year “%(value)s”. Choose a year from "
                "%(first)s to %(last)s."
            ) % {"first": first, "last": last, "value": "%(value)s"}
        if not self.is_bound:
            self.describe()

    def filters(self) -> dict:
        """The department and the year asked for (None for either not given)."""
        data = self.cleaned_data if self.is_bound else {}
        return {"unit": data.get("afdeling"), "year": data.get("aar")}
