"""Forms for the municipality's settings: its identity, the accessibility statement, and a
unit's names. They parse and check what was typed; who may change what, and the version
check, are in organisation.services."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from virkplan.organisation.logos import validate_logo
from virkplan.organisation.models import ComplianceStatus

from .described import DescribedForm

# Error messages, shared with the tests.
MSG_NAME_REQUIRED = _("Give the municipality's name.")
MSG_EMAIL = _("The e-mail address is not valid. Write it as name@example.dk.")
MSG_WEB = _("The website is not an address. Write it as www.example.dk.")
MSG_COMPLAINTS_URL = _("Where to complain must be a whole web address, starting with https://.")
MSG_DATE = _("Write the date as dd-mm-yyyy, for example 05-12-2026.")
MSG_REVIEWED_BEFORE_PREPARED = _("The statement cannot be reviewed before the day it was made.")
MSG_LOGO_AND_REMOVE = _("Either upload a new logo or remove the logo, not both.")

DATE_FORMATS = ["%d-%m-%Y", "%Y-%m-%d", "%d.%m.%Y", "%d/%m/%Y"]


class MunicipalityForm(DescribedForm):
    """The municipality's name, formal name, contact details and logo."""

    form_name = "identity"
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    name = forms.CharField(
        label=_("Name"),
        max_length=200,
        error_messages={"required": MSG_NAME_REQUIRED},
        help_text=_("As the municipality is known, such as “Albertslund Kommune”."),
    )
    formal_name = forms.CharField(
        label=_("Formal name"),
        max_length=200,
        required=False,
        help_text=_(
            "The name the municipality signs with, if it differs. The header, the footer and "
            "the printed plans use it; left empty, they use the name."
        ),
    )
    address = forms.CharField(label=_("Address"), max_length=300, required=False)
    web = forms.CharField(
        label=_("Website"),
        max_length=200,
        required=False,
        help_text=_("Such as www.albertslund.dk."),
    )
    email = forms.EmailField(
        label=_("E-mail"), required=False, error_messages={"invalid": MSG_EMAIL}
    )
    phone = forms.CharField(label=_("Telephone"), max_length=50, required=False)
    logo = forms.FileField(
        label=_("New logo"),
        required=False,
        help_text=_(
            "PNG or SVG, at most 1 MB. The header of every page and the printed plans show it."
        ),
        widget=forms.FileInput(attrs={"accept": ".png,.svg,image/png,image/svg+xml"}),
    )
    remove_logo = forms.BooleanField(
        label=_("Remove the logo"),
        required=False,
        widget=forms.CheckboxInput(attrs={"class": "form-checkbox"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["logo"].widget.attrs.pop("class", None)

    def clean_web(self) -> str:
        web = self.cleaned_data.get("web", "").strip()
        if web and (" " in web or "." not in web):
            raise ValidationError(MSG_WEB)
        return web

    def clean_logo(self) -> Any:
        logo = self.cleaned_data.get("logo")
        if logo:
            validate_logo(logo)  # organisation.logos says why a file is refused
        return logo

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("logo") and cleaned.get("remove_logo"):
            self.add_error("remove_logo", MSG_LOGO_AND_REMOVE)
        return cleaned


class AccessibilityStatementForm(DescribedForm):
    """The parts of the accessibility statement a municipality writes itself."""

    form_name = "statement"
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    compliance = forms.ChoiceField(
        label=_("Compliance status"),
        choices=ComplianceStatus.choices,
        help_text=_("How well the site meets the requirements of WCAG 2.1 at levels A and AA."),
    )
    compliance_text = forms.CharField(
        label=_("About the compliance status"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Why the site meets the requirements as far as it does. Empty: the standard text."
        ),
    )
    non_accessible = forms.CharField(
        label=_("Content that is not accessible"),
        required=False,
        max_length=8000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "What is not accessible, and why. A line starting with “- ” is a list item. "
            "Empty: the standard text."
        ),
    )
    prepared_on = forms.DateField(
        label=_("Statement made on"),
        input_formats=DATE_FORMATS,
        error_messages={"invalid": MSG_DATE, "required": MSG_DATE},
        help_text=_("dd-mm-yyyy"),
    )
    reviewed_on = forms.DateField(
        label=_("Statement last reviewed on"),
        input_formats=DATE_FORMATS,
        error_messages={"invalid": MSG_DATE, "required": MSG_DATE},
        help_text=_("dd-mm-yyyy. Review it at least once a year."),
    )
    feedback_email = forms.EmailField(
        label=_("E-mail for feedback"),
        required=False,
        error_messages={"invalid": MSG_EMAIL},
        help_text=_("Empty: the municipality's e-mail address."),
    )
    feedback_phone = forms.CharField(
        label=_("Telephone for feedback"),
        max_length=50,
        required=False,
        help_text=_("Empty: the municipality's telephone number."),
    )
    complaints_url = forms.URLField(
        label=_("Where to complain"),
        assume_scheme="https",
        error_messages={"invalid": MSG_COMPLAINTS_URL, "required": MSG_COMPLAINTS_URL},
        help_text=_("The page of Digitaliseringsstyrelsen where a reader can complain."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("prepared_on", "reviewed_on"):
            self.fields[name].widget.format = "%d-%m-%Y"  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        prepared, reviewed = cleaned.get("prepared_on"), cleaned.get("reviewed_on")
        if prepared and reviewed and reviewed < prepared:
            self.add_error("reviewed_on", MSG_REVIEWED_BEFORE_PREPARED)
        return cleaned


class UnitNamesForm(DescribedForm):
    """A unit's short name and formal name."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    short_name = forms.CharField(
        label=_("Short name"),
        max_length=100,
        required=False,
        help_text=_("Used where there is little room, such as “Miljø & Teknik”."),
    )
    formal_name = forms.CharField(
        label=_("Formal name"),
        max_length=200,
        required=False,
        help_text=_(
            "The name the unit signs with, such as “Miljø- og Teknikafdelingen”. The printed "
            "plans use it on the front page and at the top of each page; left empty, they use "
            "the name."
        ),
    )
