"""Forms for indicators: the indicator itself, a measurement by hand, an upload, a criterion.

They only parse and check input; who may do what is in indicators.permissions, and every
write is an indicators.services call.
"""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from virkplan.indicators.models import Direction, Frequency, Source
from virkplan.organisation.models import Unit
from virkplan.plans.models import Criterion

from ..fields import LocalDecimalField
from .described import DescribedForm

DATE_FORMATS = ["%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y"]
MSG_VALUE_REQUIRED = _("Value: give the measured number.")


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d", attrs={"class": "form-input input-width-s"})


class IndicatorForm(DescribedForm):
    name = forms.CharField(label=_("Name"), max_length=200)
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What is measured, where the numbers come from, and how they are counted."),
    )
    unit_of_measure = forms.CharField(
        label=_("Unit of measure"), max_length=50, help_text=_("Such as MWh, m³, tonnes or days.")
    )
    direction = forms.ChoiceField(label=_("Direction"), choices=Direction.choices)
    frequency = forms.ChoiceField(label=_("Frequency"), choices=Frequency.choices)
    source = forms.ChoiceField(
        label=_("Source"),
        choices=Source.choices,
        help_text=_("How the measurements usually come in."),
    )
    unit = forms.ModelChoiceField(
        label=_("Owning unit"), queryset=Unit.objects.none(), empty_label=None
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        unit_field = self.fields["unit"]
        assert isinstance(unit_field, forms.ModelChoiceField)
        unit_field.queryset = units


class MeasurementForm(DescribedForm):
    period_start = forms.DateField(
        label=_("Date or start of the period"), input_formats=DATE_FORMATS, widget=DateInput()
    )
    period_end = forms.DateField(
        label=_("End of the period"),
        required=False,
        input_formats=DATE_FORMATS,
        widget=DateInput(),
        help_text=_("Leave it empty for a measurement on one day."),
    )
    value = LocalDecimalField(label=_("Value"), required=True)
    note = forms.CharField(
        label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("period_start"), cleaned.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("The period cannot end before it starts."))
        return cleaned


class CorrectionForm(DescribedForm):
    value = LocalDecimalField(label=_("Value"), required=True)
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Say why the value is corrected; the earlier value is kept in the history."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class UploadForm(DescribedForm):
    file = forms.FileField(
        label=_("File with measurements"),
        help_text=_(
            "CSV (semicolon separated, decimal comma, dates as 31-12-2014 or 2014-12-31; or "
            "comma separated with a decimal point) or Excel (.xlsx). The first line names the "
            "columns: dato (or fra and til), værdi and, if you like, note."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.txt,.xlsx"}),
    )


class ConfirmUploadForm(forms.Form):
    payload = forms.CharField(widget=forms.HiddenInput)


class CriterionChoiceField(forms.ModelChoiceField):
    """A criterion named by its plan, its unit and (the start of) its text."""

    def label_from_instance(self, obj: Any) -> str:
        plan = obj.goal.plan_focus_area.plan
        text = obj.text if len(obj.text) <= 90 else obj.text[:87] + "…"
        return f"{plan.title} ({plan.unit.name}): {text}"


class CriterionLinkForm(DescribedForm):
    criterion = CriterionChoiceField(
        label=_("Success criterion"),
        queryset=Criterion.objects.none(),
        help_text=_("Criteria with a target figure in the plans of units you edit."),
    )

    def __init__(self, *args: Any, criteria: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["criterion"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = criteria
