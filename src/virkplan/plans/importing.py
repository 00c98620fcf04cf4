"""Whole plans written by an import: a new plan, a draft replaced, or a new revision.

An import (a virkplan/1 file on the command line, a document read on the
upload page) never writes plan rows itself. It describes each plan as
`PlanData` and calls `plan_import`, which keeps the rules of the plan cycle:

- a new plan takes an editor of its unit; stored with another status than
  draft it takes an approver, and the step is kept as a workflow event;
- a stored draft is replaced in place (the same plan, key and workflow
  events) by its unit's editors;
- an approved or published plan is never deleted: its approvers may replace
  it, which makes a new draft revision of it (or replaces the draft revision
  already being worked on). The plan keeps its key, links, history,
  follow-ups and rounds until the revision is approved;
- a submitted or archived plan is not replaced.

Rows are written level by level in bulk, each with its history row, so a
large plan imports in a few seconds.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from virkplan.core.bulk import rows_update_with_history
from virkplan.core.errors import NotAllowed
from virkplan.organisation.models import Role
from virkplan.organisation.permissions import Actor, recorded_user, user_roles

from . import permissions
from .content import (
    AssessmentData,
    CarriedOn,
    CriterionData,
    FocusAreaData,
    FollowUpData,
    GoalData,
    PlanData,
    SectionData,
    content_write,
    save_checked,
)
from .models import FocusArea, Goal, Plan, PlanEvent, PlanStatus, new_key
from .selectors import focus_areas_attachable

__all__ = [
    "AssessmentData",
    "CriterionData",
    "FocusAreaData",
    "FollowUpData",
    "GoalData",
    "ImportAction",
    "PlanData",
    "PlanImported",
    "SectionData",
    "goals_link_continued",
    "plan_import",
    "plan_import_refusal",
    "plan_stored",
]


class ImportAction(models.TextChoices):
    CREATED = "created", gettext_lazy("created")
    REPLACED = "replaced", gettext_lazy("replaced")
    REVISED = "revised", gettext_lazy("new revision")


@dataclass
class PlanImported:
    """What `plan_import` wrote for one plan."""

    plan: Plan
    action: str
    stored: Plan | None = None
    """The stored plan the import replaced or revised."""
    goals_by_key: dict[str, Goal] = field(default_factory=dict)
    """The new goals under the keys the import gave them (goals of a revision are not here)."""
    continues: list[tuple[Goal, str, Any]] = field(default_factory=list)
    """New goals, the key each carries on and where it came from, to link when all are written."""
    followers: list[tuple[int, str]] = field(default_factory=list)
    """Goals of other plans that carried on the replaced draft's goals: (id, key carried on)."""
    lost_links: list[tuple[Goal, str]] = field(default_factory=list)
    """Those of them whose goal the import no longer has: their link is removed."""
    carried_on: CarriedOn = field(default_factory=lambda: CarriedOn([]))
    """The goals of the plan being revised, which the new goals carry on."""
    focus_areas: int = 0
    goals: int = 0
    criteria: int = 0
    follow_ups: int = 0


def plan_stored(data: PlanData, *, exclude: Iterable[int] = ()) -> Plan | None:
    """The stored plan the data describes: the same key, or the same unit, title and period.

    Plans whose ids are in `exclude` (those this import has written) do not count.
    """
    stored = Plan.objects.exclude(pk__in=list(exclude)).select_related("unit")
    if data.key:
        found = stored.filter(key=data.key).first()
        if found is not None:
            return found
    return stored.filter(
        unit=data.unit, title=data.title, start_year=data.start_year, end_year=data.end_year
    ).first()


MSG_NOT_THE_UNITS_EDITOR = gettext_lazy("you may not write plans for the unit “%(unit)s”.")
MSG_STATUS_TAKES_APPROVER = gettext_lazy(
    "only an approver of the unit “%(unit)s” may import a plan that is %(status)s."
)
MSG_ALREADY_STORED = gettext_lazy("the plan “%(title)s” (%(key)s) is already in virkplan.")
MSG_NOT_THE_DRAFTS_EDITOR = gettext_lazy("you may not change the draft “%(title)s” (%(key)s).")
MSG_REVISION_TAKES_APPROVER = gettext_lazy(
    "the plan “%(title)s” (%(key)s) is %(status)s; only an approver of its unit may replace "
    "it, which makes a new draft revision of it."
)
MSG_REVISION_WAITING = gettext_lazy(
    "the plan “%(title)s” (%(key)s) has a revision waiting for approval; approve or return it "
    "before the plan is replaced."
)
MSG_NOT_REPLACEABLE = gettext_lazy(
    "the plan “%(title)s” (%(key)s) is %(status)s and cannot be replaced."
)
MSG_FOCUS_AREA_ELSEWHERE = gettext_lazy(
    "the focus area “%(title)s” (%(key)s) is set by another unit; a plan can only include "
    "focus areas set by its own unit or a unit above it."
)
MSG_FOCUS_AREA_TEXTS = gettext_lazy(
    "the focus area “%(title)s” (%(key)s) is stored with other texts, which only the unit "
    "that set it may change; import it with the texts it has in virkplan."
)


def plan_import_refusal(*, user: Actor, data: PlanData, stored: Plan | None, replace: bool) -> str:
    """Why `user` may not import the plan (empty when they may), without writing anything."""
    roles = user_roles(user)
    if stored is None:
        if not permissions.can_create_plan(user, data.unit.pk):
            return str(MSG_NOT_THE_UNITS_EDITOR) % {"unit": data.unit}
        if data.status != PlanStatus.DRAFT and not roles.has(Role.APPROVER, data.unit.pk):
            status = PlanStatus(data.status).label
            return str(MSG_STATUS_TAKES_APPROVER) % {"unit": data.unit, "status": status}
        return ""
    names = {"title": stored.title, "key": stored.key, "status": stored.get_status_display()}
    if not replace:
        return str(MSG_ALREADY_STORED) % names
    if stored.status == PlanStatus.DRAFT:
        editable = permissions.can_edit_plan(user, stored)
        return "" if editable else str(MSG_NOT_THE_DRAFTS_EDITOR) % names
    if stored.status not in permissions.REVISABLE_STATUSES:
        return str(MSG_NOT_REPLACEABLE) % names
    if not roles.has(Role.APPROVER, stored.unit_id):
        return str(MSG_REVISION_TAKES_APPROVER) % names
    if _open_revision(stored, status=PlanStatus.SUBMITTED) is not None:
        return str(MSG_REVISION_WAITING) % names
    return ""


def _open_revision(plan: Plan, *, status: str) -> Plan | None:
    return plan.revisions.filter(status=status).order_by("-revision").first()


def plan_import(
    *, user: Actor, data: PlanData, replace: bool = False, exclude: Iterable[int] = ()
) -> PlanImported:
    """Write one plan from an import, or refuse (NotAllowed or DomainError) without writing.

    Call inside a transaction that also links the goals (`goals_link_continued`)
    once every plan of the import is written.
    """
    stored = plan_stored(data, exclude=exclude)
    refusal = plan_import_refusal(user=user, data=data, stored=stored, replace=replace)
    if refusal:
        raise NotAllowed(refusal)
    _check_focus_areas(user=user, data=data)
    actor = _actor(user)
    if stored is None:
        plan = save_checked(_new_plan(data, key=data.key or new_key()))
        outcome = PlanImported(plan=plan, action=ImportAction.CREATED)
        _record_status(plan, data.status, actor)
    elif stored.status == PlanStatus.DRAFT:
        outcome = _replace_draft(stored, data, actor)
    else:
        outcome = _revise(stored, data, actor)
    written = content_write(
        plan=outcome.plan, data=data, actor=actor, carried_on=outcome.carried_on
    )
    outcome.goals_by_key, outcome.continues = written.goals_by_key, written.continues
    for name in ("focus_areas", "goals", "criteria", "follow_ups"):
        setattr(outcome, name, getattr(written, name))
    _link_followers(outcome, actor)
    return outcome


def _actor(user: Actor) -> Any:
    return user if getattr(user, "pk", None) else None


def _new_plan(data: PlanData, *, key: str, **fields: Any) -> Plan:
    return Plan(
        key=key,
        kind=data.kind or Plan._meta.get_field("kind").default,
        title=data.title,
        unit=data.unit,
        start_year=data.start_year,
        end_year=data.end_year,
        focus_area_intro=data.focus_area_intro,
        follow_up_intro=data.follow_up_intro,
        **fields,
    )


def _record_status(
    plan: Plan, status: str, actor: Actor, *, before: str = PlanStatus.DRAFT
) -> None:
    """An imported status is a workflow step too: who set it, and that an import did."""
    if status == before:
        return
    PlanEvent.objects.create(
        plan=plan,
        from_status=before,
        to_status=status,
        user=recorded_user(actor),
        comment=_("Imported with this status."),
    )
    plan.status = status
    plan.version += 1
    plan.save(update_fields=["status", "version", "updated_at"])


def _replace_draft(stored: Plan, data: PlanData, actor: Actor) -> PlanImported:
    """The draft keeps its row, key and workflow events; its content is the import's."""
    plan = Plan.objects.select_for_update().get(pk=stored.pk)
    outcome = PlanImported(
        plan=plan, action=ImportAction.REPLACED, stored=stored, followers=_followers(plan)
    )
    _clear_content(plan)
    for name in ("title", "start_year", "end_year", "focus_area_intro", "follow_up_intro"):
        setattr(plan, name, getattr(data, name))
    if data.kind:
        plan.kind = data.kind
    plan.version += 1
    save_checked(plan)
    _record_status(plan, data.status, actor)
    return outcome


def _revise(stored: Plan, data: PlanData, actor: Actor) -> PlanImported:
    """A new draft revision of an approved or published plan, or its open draft revision again."""
    original = Plan.objects.select_for_update().get(pk=stored.pk)
    draft = _open_revision(original, status=PlanStatus.DRAFT)
    if draft is not None:
        _clear_content(draft)
        for name in ("title", "start_year", "end_year", "focus_area_intro", "follow_up_intro"):
            setattr(draft, name, getattr(data, name))
        draft.version += 1
        save_checked(draft)
    else:
        draft = save_checked(
            _new_plan(
                data,
                key=new_key(),
                revision_of=original,
                revision=original.revision + 1,
                status=PlanStatus.DRAFT,
            )
        )
    # A goal of the plan being revised comes back as a new goal that carries it on.
    revised = Goal.objects.filter(plan_focus_area__plan=original).only("pk", "key", "statement")
    return PlanImported(
        plan=draft, action=ImportAction.REVISED, stored=original, carried_on=CarriedOn(revised)
    )


def _clear_content(plan: Plan) -> None:
    """Delete a draft's sections, focus areas and goals (each deletion kept in history)."""
    Goal.objects.filter(plan_focus_area__plan=plan, parent__isnull=False).delete()
    Goal.objects.filter(plan_focus_area__plan=plan).delete()
    plan.plan_focus_areas.all().delete()
    plan.sections.all().delete()


def _followers(plan: Plan) -> list[tuple[int, str]]:
    """Goals in other plans that carry on this plan's goals: (their id, the key they carry on)."""
    return list(
        Goal.objects.filter(continues__plan_focus_area__plan=plan)
        .exclude(plan_focus_area__plan=plan)
        .values_list("pk", "continues__key")
    )


def _check_focus_areas(*, user: Actor, data: PlanData) -> None:
    """A plan includes only focus areas set by its unit or a unit above it, that the user sees;
    and the shared texts of a stored focus area change only by the editors of the unit that set it.
    """
    keys = [fa.key for fa in data.focus_areas if fa.key]
    stored = {fa.key: fa for fa in FocusArea.objects.filter(key__in=keys)}
    if not stored:
        return
    # One query for all of them, not one a focus area: a plan may include a dozen.
    attachable = set(
        focus_areas_attachable(user=user, unit=data.unit)
        .filter(pk__in=[found.pk for found in stored.values()])
        .values_list("pk", flat=True)
    )
    roles = user_roles(user)
    for fa in data.focus_areas:
        found = stored.get(fa.key)
        if found is None:
            continue
        names = {"title": found.title, "key": found.key}
        if found.pk not in attachable:
            raise NotAllowed(str(MSG_FOCUS_AREA_ELSEWHERE) % names)
        texts = (fa.title, fa.tagline, fa.group, fa.set_by_id, fa.body)
        stored_texts = (found.title, found.tagline, found.group, found.set_by_id, found.body)
        may_change = roles.is_superuser or (
            found.set_by_id is not None and roles.has(Role.EDITOR, found.set_by_id)
        )
        if texts != stored_texts and not may_change:
            raise NotAllowed(str(MSG_FOCUS_AREA_TEXTS) % names)


def _link_followers(outcome: PlanImported, actor: Actor) -> None:
    """Goals of other plans that carried on the replaced draft's goals carry on the new ones."""
    if not outcome.followers:
        return
    followers = Goal.objects.filter(pk__in=[pk for pk, _key in outcome.followers])
    by_pk = {goal.pk: goal for goal in followers.select_related("plan_focus_area__plan")}
    linked = []
    for goal_id, key in outcome.followers:
        goal = by_pk[goal_id]
        goal.continues = outcome.goals_by_key.get(key)
        linked.append(goal)
        if goal.continues is None:
            outcome.lost_links.append((goal, key))
    _save_links(linked, actor)


def _save_links(goals: list[Goal], actor: Actor | None) -> None:
    """Save the goals' `continues`, as `save(update_fields=...)` would, in a few queries.

    Each goal gets its history row with the user a save would record: the
    goal's `_history_user` (content_write sets it), else `actor`.
    """
    if not goals:
        return
    now = timezone.now()
    for goal in goals:
        goal.updated_at = now
    rows_update_with_history(Goal, goals, ["continues", "updated_at"], default_user=actor)


def goals_link_continued(
    *, links: list[tuple[Goal, str, Any]], goals_by_key: dict[str, Goal]
) -> list[tuple[Goal, str, Any]]:
    """Link new goals to the goals they carry on (in the import, else stored); returns the rest."""
    missing = []
    keys = [key for _goal, key, _origin in links]
    stored = {goal.key: goal for goal in Goal.objects.filter(key__in=keys).only("pk", "key")}
    linked = []
    for goal, key, origin in links:
        target = goals_by_key.get(key) or stored.get(key)
        if target is None or target.pk == goal.pk:
            missing.append((goal, key, origin))
            continue
        goal.continues = target
        linked.append(goal)
    _save_links(linked, None)
    return missing
