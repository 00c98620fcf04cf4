"""The search index: one row for each plan, focus area of a plan, goal, criterion and follow-up.

The rows are made from the plans by `search.indexing` (never typed in), so they
carry no history or timestamps. Who may see a row is the plan's business:
queries join the plan and apply plans.permissions. Each database adds its own
full-text index to the table in the migration that makes it: on PostgreSQL a
`vector` column made from title, body and variants with the `danish`
configuration, under a GIN index; on SQLite an FTS5 table over the stems,
kept in step with the rows by triggers. (A later migration that changes this
table's columns makes SQLite copy the table anew, which drops the triggers:
it must create them again, as migration 0004 does.)
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SearchKind(models.TextChoices):
    PLAN = "plan", _("plan")
    FOCUS_AREA = "focus_area", _("focus area")
    GOAL = "goal", _("goal")
    CRITERION = "criterion", _("success criterion")
    FOLLOW_UP = "follow_up", _("follow-up")


class SearchDocument(models.Model):
    """One thing the search finds, with its text as it is searched and shown."""

    plan = models.ForeignKey(
        "plans.Plan", verbose_name=_("plan"), on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=SearchKind.choices)
    object_id = models.PositiveBigIntegerField(_("object id"))
    # Where a hit leads: the goal's page for goals, criteria and follow-ups.
    goal_key = models.SlugField(_("goal key"), max_length=100, blank=True, db_index=False)
    position = models.PositiveIntegerField(_("position"), default=0)
    title = models.TextField(_("title"), blank=True)
    body = models.TextField(_("text"), blank=True)
    # Other spellings of the words of title and body (search.text.variants).
    variants = models.TextField(_("other spellings"), blank=True)
    # Only on SQLite, where the full-text index holds stems made in Python.
    title_stems = models.TextField(_("stems of the title"), blank=True)
    body_stems = models.TextField(_("stems of the text"), blank=True)

    class Meta:
        verbose_name = _("search document")
        verbose_name_plural = _("search documents")
        ordering = ["plan", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "object_id"], name="searchdocument_one_row_per_object"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id}: {self.title[:60]}"
