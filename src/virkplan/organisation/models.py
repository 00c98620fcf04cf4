"""The organisation: a tree of units that changes over the years."""

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from virkplan.core.models import TimeStampedModel, choice_label

from .logos import validate_logo


class UnitKind(models.TextChoices):
    MUNICIPALITY = "municipality", _("municipality")
    DIRECTORATE = "directorate", _("directorate")
    DEPARTMENT = "department", _("department")
    UNIT = "unit", _("unit")
    TEAM = "team", _("team")
    BOARD = "board", _("board")


class Unit(TimeStampedModel):
    """A unit of the organisation: municipality, directorate, department, unit or team."""

    key = models.SlugField(_("key"), max_length=100, unique=True)
    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=100, blank=True)
    formal_name = models.CharField(
        _("formal name"),
        max_length=200,
        blank=True,
        default="",
        # Rows written by code that does not know the field (older migrations' states, an
        # app server of the previous release during a deploy) get an empty one too.
        db_default="",
        help_text=_(
            "The name the unit signs with in its documents, such as “Miljø- og "
            "Teknikafdelingen”; the printed plans use it on the front page and at the top "
            "of each page. Left empty, they use the name."
        ),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=UnitKind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    position = models.PositiveIntegerField(_("position"), default=0)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(
        _("valid to"), null=True, blank=True, help_text=_("Last day the unit existed.")
    )
    successors = models.ManyToManyField(
        "self",
        verbose_name=_("successors"),
        symmetrical=False,
        blank=True,
        related_name="predecessors",
        help_text=_("Units that took over this unit's work after a reorganisation."),
    )
    address = models.CharField(_("address"), max_length=300, blank=True)
    web = models.CharField(_("website"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("telephone"), max_length=50, blank=True)
    fax = models.CharField(_("fax"), max_length=50, blank=True)
    logo = models.FileField(
        _("logo"),
        upload_to="logos/",
        blank=True,
        default="",
        db_default="",
        help_text=_(
            "PNG or SVG, at most 1 MB. The front page of the unit's printed plans shows it, "
            "and of the plans of units under it that have no logo of their own."
        ),
    )

    version = models.PositiveIntegerField(
        _("version"),
        default=1,
        db_default=1,
        editable=False,
        help_text=_("Counts the unit's changes, so two people editing it at once are told."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["position", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_to__gte=F("valid_from")),
                name="unit_valid_to_after_valid_from",
            ),
            models.CheckConstraint(condition=~Q(parent=F("id")), name="unit_not_own_parent"),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        try:
            validate_logo(self.logo)
        except ValidationError as error:
            raise ValidationError({"logo": error}) from error

    @property
    def kind_label(self) -> str:
        """The kind of unit in words in the active language (core.models.choice_label)."""
        return choice_label(UnitKind, self.kind)

    @property
    def display_formal_name(self) -> str:
        """The name a printed plan gives the unit: its formal name, else its name."""
        return self.formal_name or self.name

    @property
    def has_contact(self) -> bool:
        return any((self.address, self.web, self.email, self.phone, self.fax))


class ComplianceStatus(models.TextChoices):
    """How well the site meets the requirements (the statement's "Overholdelsesstatus")."""

    FULL = "full", _("fully meets the requirements")
    PARTIAL = "partial", _("partly meets the requirements")
    NONE = "none", _("does not meet the requirements")


STATEMENT_FIRST_DATE = date(2026, 12, 5)
"""The day the statement was first made and gone through, before anyone edited it."""


def statement_first_date() -> date:
    """The default of the statement's dates (a function: a fixed date default draws a warning)."""
    return STATEMENT_FIRST_DATE


COMPLAINTS_URL = "https://digst.dk/digital-inklusion/webtilgaengelighed/"


class AccessibilityStatement(TimeStampedModel):
    """The accessibility statement of the site, one for the municipality that runs it.

    An empty text means the standard text the site ships with, in the reader's language.
    """

    unit = models.OneToOneField(
        Unit,
        verbose_name=_("municipality"),
        on_delete=models.CASCADE,
        related_name="accessibility_statement",
    )
    compliance = models.CharField(
        _("compliance status"),
        max_length=20,
        choices=ComplianceStatus.choices,
        default=ComplianceStatus.PARTIAL,
    )
    compliance_text = models.TextField(
        _("about the compliance status"),
        blank=True,
        help_text=_(
            "Why the site meets the requirements as far as it does. Empty: the standard text."
        ),
    )
    non_accessible = models.TextField(
        _("content that is not accessible"),
        blank=True,
        help_text=_(
            "What is not accessible, and why. Markdown: a line starting with “- ” is a "
            "list item. Empty: the standard text."
        ),
    )
    prepared_on = models.DateField(_("statement made on"), default=statement_first_date)
    reviewed_on = models.DateField(_("statement last reviewed on"), default=statement_first_date)
    feedback_email = models.EmailField(
        _("e-mail for feedback"),
        blank=True,
        help_text=_("Empty: the municipality's e-mail address."),
    )
    feedback_phone = models.CharField(
        _("telephone for feedback"),
        max_length=50,
        blank=True,
        help_text=_("Empty: the municipality's telephone number."),
    )
    complaints_url = models.URLField(
        _("where to complain"),
        default=COMPLAINTS_URL,
        help_text=_("The page of Digitaliseringsstyrelsen where a reader can complain."),
    )
    version = models.PositiveIntegerField(_("version"), default=1)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("accessibility statement")
        verbose_name_plural = _("accessibility statements")
        ordering = ["unit"]
        constraints = [
            models.CheckConstraint(
                condition=Q(reviewed_on__gte=F("prepared_on")),
                name="accessibilitystatement_reviewed_after_prepared",
            ),
        ]

    def __str__(self) -> str:
        return str(_("Accessibility statement of %(unit)s") % {"unit": self.unit})

    def clean(self) -> None:
        if self.prepared_on and self.reviewed_on and self.reviewed_on < self.prepared_on:
            raise ValidationError(
                {"reviewed_on": _("The statement cannot be reviewed before the day it was made.")}
            )

    @property
    def compliance_label(self) -> str:
        return choice_label(ComplianceStatus, self.compliance)


class UnitFact(TimeStampedModel):
    """A counted fact about a unit, such as its number of employees."""

    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.CASCADE, related_name="facts"
    )
    label = models.CharField(_("label"), max_length=200)
    value = models.DecimalField(_("value"), max_digits=18, decimal_places=4)
    unit_of_measure = models.CharField(_("unit of measure"), max_length=50, blank=True)
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("fact")
        verbose_name_plural = _("facts")
        ordering = ["unit", "position", "id"]

    def __str__(self) -> str:
        return f"{self.label}: {self.value}"


class Role(models.TextChoices):
    """What a person may do in a unit and the units below it; each role includes the ones before."""

    READER = "reader", _("reader")
    EDITOR = "editor", _("editor")
    APPROVER = "approver", _("approver")
    ADMINISTRATOR = "administrator", _("administrator")


ROLE_RANK = {Role.READER: 1, Role.EDITOR: 2, Role.APPROVER: 3, Role.ADMINISTRATOR: 4}


class RoleGrant(TimeStampedModel):
    """A role given to a user on a unit; it holds for the unit's whole subtree."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="role_grants",
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.CASCADE, related_name="role_grants"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("granted by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("role")
        verbose_name_plural = _("roles")
        ordering = ["unit__position", "user__username", "role"]
        constraints = [
            models.UniqueConstraint(fields=["user", "unit"], name="rolegrant_one_role_per_unit"),
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.get_role_display()} ({self.unit})"


class SignInIdentity(TimeStampedModel):
    """The identity provider's stable subject (`sub`) of a user who signs in by single sign-on.

    Accounts are matched on this, never on a user name or e-mail address that the
    provider lets people change or does not verify.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="sign_in_identity",
    )
    subject = models.CharField(_("subject (sub)"), max_length=255)

    class Meta:
        verbose_name = _("single sign-on identity")
        verbose_name_plural = _("single sign-on identities")
        ordering = ["subject"]
        constraints = [
            models.UniqueConstraint(fields=["subject"], name="signinidentity_one_user_per_subject"),
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.subject}"
