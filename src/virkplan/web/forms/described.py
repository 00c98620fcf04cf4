"""The base of the cycle and import forms: inputs that name their hint and their error."""

from typing import Any

from django import forms


class DescribedForm(forms.Form):
    """A form whose inputs carry DKFDS classes and point at their hint and error.

    The field tag (templatetags/virkplan_forms.described_field) gives the hint the id
    `<input id>-hint` and the error `<input id>-error`; every input names
    both in aria-describedby, so screen readers read them with the field.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.Select) and not isinstance(
                widget, forms.CheckboxSelectMultiple
            ):
                widget.attrs.setdefault("class", "form-select")
            elif isinstance(widget, forms.CheckboxSelectMultiple | forms.HiddenInput):
                continue
            else:
                widget.attrs.setdefault("class", "form-input")

    def full_clean(self) -> None:
        super().full_clean()
        self.describe()

    def describe(self) -> None:
        """Point each input at its hint and error message (again after errors are added)."""
        for name, field in self.fields.items():
            if isinstance(field.widget, forms.HiddenInput | forms.CheckboxSelectMultiple):
                continue
            auto_id = self[name].auto_id
            described = []
            if field.help_text:
                described.append(f"{auto_id}-hint")
            if self.is_bound and name in self.errors:
                described.append(f"{auto_id}-error")
                field.widget.attrs["aria-invalid"] = "true"
            else:
                field.widget.attrs.pop("aria-invalid", None)
            if described:
                field.widget.attrs["aria-describedby"] = " ".join(described)
            else:
                field.widget.attrs.pop("aria-describedby", None)

    def add_error(self, field: str | None, error: Any) -> None:
        super().add_error(field, error)
        self.describe()
