"""The choice of which notifications come by e-mail, and in which language."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from virkplan.notifications.models import NotificationKind

from .described import DescribedForm


class NotificationPreferenceForm(DescribedForm):
    """The kinds of notification a user wants by e-mail, and the e-mails' language."""

    emailed_kinds = forms.MultipleChoiceField(
        label=_("Send me an e-mail when"),
        help_text=_("Every notification is in your list here, whatever you choose."),
        choices=NotificationKind.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    language = forms.ChoiceField(
        label=_("Language of e-mails"),
        choices=settings.LANGUAGES,
    )
