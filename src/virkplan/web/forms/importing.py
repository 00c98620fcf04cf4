"""Forms for importing a plan document: the upload, one correction of a block, the confirmation.

The forms only parse what the user sent; reading the document, the
corrections and the import itself are in interchange.legacy.
"""

from typing import Any

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from virkplan.interchange.legacy.blocks import KINDS
from virkplan.organisation.models import Unit

from .described import DescribedForm

DEFAULT_MAX_UPLOAD_BYTES = 20 * 1024 * 1024
ACCEPTED_SUFFIXES = (".txt", ".pdf", ".docx")

MSG_TOO_LARGE = _(
    "The file is %(size)s; a document can be at most %(limit)s. Save it without pictures, "
    "or split it and import one part at a time."
)

# What the buttons of a block's form ask for (the button's value).
ACTIONS = (
    *("kind", "text", "merge", "move", "ignore", "accept", "plan"),
    *("up", "down", "place", "make_goal", "make_focus_area", "status", "to_sections", "ref"),
)


def max_upload_bytes() -> int:
    """The largest document accepted (setting VIRKPLAN_IMPORT_MAX_BYTES, default 20 MB)."""
    return int(getattr(settings, "VIRKPLAN_IMPORT_MAX_BYTES", DEFAULT_MAX_UPLOAD_BYTES))


class UploadForm(DescribedForm):
    """The document to read and the unit whose plans it holds."""

    document = forms.FileField(
        label=_("Document"),
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(ACCEPTED_SUFFIXES)}),
    )
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=Unit.objects.none())

    def __init__(self, *args: Any, units: list[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["document"].help_text = _(
            "A text file (.txt), a PDF or a Word document (.docx) of at most %(limit)s."
        ) % {"limit": filesizeformat(max_upload_bytes())}
        self.fields["document"].widget.attrs.pop("class", None)
        unit_field = self.fields["unit"]
        assert isinstance(unit_field, forms.ModelChoiceField)
        unit_field.queryset = Unit.objects.filter(pk__in=[unit.pk for unit in units])
        unit_field.choices = [("", _("Choose the unit")), *((u.pk, u.name) for u in units)]
        unit_field.help_text = _(
            "The unit whose plans the document holds; you can import plans for units you edit."
        )
        self.describe()

    def refuse(self, message: str) -> None:
        """Show why the document was not read beside the file field (the form may be unbound:
        the reading was refused after the upload's request)."""
        if not hasattr(self, "cleaned_data"):
            self.cleaned_data = {}
        self.add_error("document", message)

    def clean_document(self) -> UploadedFile:
        document = self.cleaned_data["document"]
        limit = max_upload_bytes()
        if document.size is not None and document.size > limit:
            raise forms.ValidationError(
                MSG_TOO_LARGE
                % {"size": filesizeformat(document.size), "limit": filesizeformat(limit)}
            )
        return document


class BlockForm(forms.Form):
    """One correction of one block; the button pressed (`action`) says which."""

    version = forms.IntegerField(min_value=1)
    action = forms.ChoiceField(choices=[(action, action) for action in ACTIONS])
    kind = forms.ChoiceField(choices=list(KINDS.items()), required=False)
    text = forms.CharField(required=False, strip=False)
    goal = forms.IntegerField(required=False, min_value=0)
    unit = forms.CharField(required=False)
    start = forms.IntegerField(required=False, min_value=1900, max_value=2200)
    end = forms.IntegerField(required=False, min_value=1900, max_value=2200)
    target = forms.IntegerField(required=False, min_value=0)
    """The block a goal, focus area or section is moved into (its index)."""
    status = forms.CharField(required=False, max_length=20)
    ref = forms.CharField(required=False, max_length=40)
    """A goal's number."""
    title = forms.CharField(required=False, max_length=200)
    """The section that text is sent to."""


class ConfirmForm(forms.Form):
    """Import the plans as the page showed them (`version`), replacing stored ones if asked."""

    version = forms.IntegerField(min_value=1)
    replace = forms.BooleanField(required=False)
