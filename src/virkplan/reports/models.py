"""Plan documents built by the task queue and kept for the plan's content version."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from virkplan.core.models import TimeStampedModel
from virkplan.plans.models import Plan


class DocumentState(models.TextChoices):
    BUILDING = "building", _("being made")
    READY = "ready", _("ready")
    FAILED = "failed", _("failed")


class BuiltDocument(TimeStampedModel):
    """A plan's PDF or Word document in one variant, built for one content version.

    One row per plan and variant (format, with or without statuses, the previous plan's
    follow-up, language): a new content version replaces the row's file, so old versions
    do not pile up. Whoever asks is checked on every request (reports.documents); the row
    says nothing about who may see the plan.
    """

    plan = models.ForeignKey(
        Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="built_documents"
    )
    variant = models.CharField(_("variant"), max_length=64)
    format = models.CharField(_("format"), max_length=10)
    statuses = models.BooleanField(_("with statuses"), default=True)
    previous = models.ForeignKey(
        Plan,
        verbose_name=_("previous plan"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("The plan whose follow-up the document ends with."),
    )
    language = models.CharField(_("language"), max_length=10)
    version = models.CharField(_("content version"), max_length=200)
    state = models.CharField(
        _("state"), max_length=10, choices=DocumentState.choices, default=DocumentState.BUILDING
    )
    file = models.FileField(_("file"), upload_to="plan-documents/", max_length=255, blank=True)
    filename = models.CharField(_("file name"), max_length=255, blank=True)
    etag = models.CharField(_("ETag"), max_length=80, blank=True)
    error = models.TextField(_("error"), blank=True)
    requested_at = models.DateTimeField(_("asked for"))

    class Meta:
        verbose_name = _("built document")
        verbose_name_plural = _("built documents")
        ordering = ["plan", "variant"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "variant"], name="built_document_one_per_plan_and_variant"
            )
        ]

    def __str__(self) -> str:
        return f"{self.plan_id} {self.format} ({self.state})"
