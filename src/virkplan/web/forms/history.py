"""The form of the history pages (templates/web/history)."""

from django import forms


class RestoreForm(forms.Form):
    """The version of the row the user saw on the confirmation page (0: it was deleted)."""

    version = forms.IntegerField(min_value=0, widget=forms.HiddenInput)
