"""The form on the API keys page."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _


class TokenForm(forms.Form):
    """A new API key's name; its input points at its hint and error for screen readers."""

    name = forms.CharField(
        label=_("What is the key for?"),
        max_length=100,
        help_text=_("A name you will recognise later, such as “Energy data from the utility”."),
        widget=forms.TextInput(attrs={"class": "form-input", "autocomplete": "off"}),
    )

    def full_clean(self) -> None:
        super().full_clean()
        self.describe()

    def add_error(self, field: str | None, error: Any) -> None:
        super().add_error(field, error)
        self.describe()

    def describe(self) -> None:
        attrs = self.fields["name"].widget.attrs
        auto_id = self["name"].auto_id
        described = [f"{auto_id}-hint"]
        if self.is_bound and "name" in self.errors:
            described.append(f"{auto_id}-error")
            attrs["aria-invalid"] = "true"
        else:
            attrs.pop("aria-invalid", None)
        attrs["aria-describedby"] = " ".join(described)
