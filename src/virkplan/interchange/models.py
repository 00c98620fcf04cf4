"""What the importer keeps between reading a document and storing its plans."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from virkplan.core.models import TimeStampedModel


class DocumentKind(models.TextChoices):
    TEXT = "text", _("text file")
    PDF = "pdf", _("PDF")
    DOCX = "docx", _("Word document")


class ImportDraft(TimeStampedModel):
    """A plan document read into blocks, kept while its owner checks and corrects it.

    Only what the review page needs is kept: the source's lines and the
    blocks, never the file's bytes. The draft is deleted when its owner
    imports or cancels it, and after DRAFT_DAYS (see legacy.drafts).
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.CASCADE,
        related_name="import_drafts",
    )
    filename = models.CharField(_("file name"), max_length=255)
    kind = models.CharField(_("kind"), max_length=10, choices=DocumentKind.choices)
    unit = models.ForeignKey(
        "organisation.Unit",
        verbose_name=_("unit"),
        on_delete=models.CASCADE,
        related_name="import_drafts",
    )
    source_lines = models.JSONField(
        _("source lines"), default=list, help_text=_("[page, line number, text] for each line.")
    )
    blocks = models.JSONField(_("blocks"), default=list)
    notes = models.JSONField(_("notes"), default=list)
    version = models.PositiveIntegerField(_("version"), default=1)

    class Meta:
        verbose_name = _("document being imported")
        verbose_name_plural = _("documents being imported")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.filename


class UploadState(models.TextChoices):
    READING = "reading", _("being read")
    READ = "read", _("read")
    REFUSED = "refused", _("refused")


class ImportUpload(TimeStampedModel):
    """A plan document uploaded to be read by the task queue, and how the reading went.

    The file is kept in storage only until it is read; then the row says where the
    reading went (a draft) or why the document was refused, for the page that waits.
    Deleted with the drafts after DRAFT_DAYS (see legacy.drafts).
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.CASCADE,
        related_name="import_uploads",
    )
    unit = models.ForeignKey(
        "organisation.Unit",
        verbose_name=_("unit"),
        on_delete=models.CASCADE,
        related_name="import_uploads",
    )
    filename = models.CharField(_("file name"), max_length=255)
    file = models.FileField(_("file"), upload_to="import-uploads/", max_length=255, blank=True)
    language = models.CharField(_("language"), max_length=10)
    state = models.CharField(
        _("state"), max_length=10, choices=UploadState.choices, default=UploadState.READING
    )
    draft = models.ForeignKey(
        ImportDraft,
        verbose_name=_("draft"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    message = models.TextField(_("why it was refused"), blank=True)

    class Meta:
        verbose_name = _("document being read")
        verbose_name_plural = _("documents being read")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.filename
