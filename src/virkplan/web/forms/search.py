"""The search page's form (templates/web/search.html): the words and the filters, from the
address (a GET form, so a search can be linked and the header's box needs no token)."""

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from virkplan.organisation.models import Unit
from virkplan.plans.search.models import SearchKind
from virkplan.plans.search.selectors import MAX_QUERY_LENGTH, SearchFilters

from ..fields import QuickSelect, year_filter_field
from .described import DescribedForm


class SearchForm(DescribedForm):
    q = forms.CharField(
        label=_("Search for"),
        required=False,
        max_length=MAX_QUERY_LENGTH,
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    aar = year_filter_field()
    enhed = forms.ModelChoiceField(
        label=_("Unit"),
        required=False,
        queryset=Unit.objects.order_by("name"),
        to_field_name="key",
        empty_label=_("All units"),
        help_text=_("Its plans and those of the units under it."),
        widget=QuickSelect,
    )
    type = forms.ChoiceField(
        label=_("Kind"),
        required=False,
        choices=[("", _("Everything")), *((v, capfirst(label)) for v, label in SearchKind.choices)],
        widget=QuickSelect,
    )

    def __init__(self, *args, years: list[int], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        year = self.fields["aar"]
        assert isinstance(year, forms.TypedChoiceField)
        year.choices = [("", _("All years")), *((y, str(y)) for y in years)]
        self.describe()  # an empty form's inputs name their hints too

    def filters(self) -> SearchFilters:
        data = self.cleaned_data
        return SearchFilters(
            year=data.get("aar"), unit=data.get("enhed"), kind=data.get("type", "")
        )
