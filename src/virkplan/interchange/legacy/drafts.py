"""A document being imported: kept as a draft while its owner checks it, then stored or dropped.

Nothing reaches the plan tables until the owner confirms. A draft holds the
source's lines and the blocks (never the file itself); every correction bumps
its version, so two tabs (or two clicks) cannot silently undo each other.
Drafts are deleted on confirm, on cancel, and DRAFT_DAYS after they were
made (whenever someone opens the upload page), so abandoned uploads do not
pile up.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

from django.db.models import F, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from virkplan.core.data_version import atomic_write
from virkplan.core.errors import EditConflict, NotAllowed
from virkplan.interchange.models import ImportDraft, ImportUpload
from virkplan.interchange.services import ImportRefused, ImportResult, document_import
from virkplan.organisation.models import Role, Unit
from virkplan.organisation.permissions import Actor, recorded_user, user_roles
from virkplan.plans.models import PlanStatus
from virkplan.plans.permissions import can_create_plan

from .blocks import Block, blocks_from_data, blocks_to_data
from .services import Reading, document_from_blocks

DRAFT_DAYS = 7
"""Days a draft is kept when its owner neither imports nor cancels it."""

MSG_NOT_ALLOWED = gettext_lazy("You may not import plans for this unit.")
MSG_CONFLICT = gettext_lazy(
    "The blocks were changed in another window or tab after you opened this page, so your "
    "change was not made. The page now shows the blocks as they are; make the change again "
    "if it is still needed."
)
MSG_NO_PLANS = gettext_lazy(
    "No block is a plan, so there is nothing to import. Give the block with the plan's title "
    "the kind “Plan”."
)


def _expiry(now: datetime.datetime | None = None) -> datetime.datetime:
    """Drafts made before this have expired."""
    return (now or timezone.now()) - datetime.timedelta(days=DRAFT_DAYS)


def drafts_open_for(user: Actor) -> QuerySet[ImportDraft]:
    """The user's drafts that have not expired, to go on with."""
    return ImportDraft.objects.filter(owner_id=user.pk, created_at__gte=_expiry()).select_related(
        "unit"
    )


def drafts_purge_expired(*, now: datetime.datetime | None = None) -> int:
    """Delete drafts older than DRAFT_DAYS, and uploads as old (legacy.uploads) with any file
    still kept; returns how many drafts were deleted."""
    expiry = _expiry(now)
    uploads = list(ImportUpload.objects.filter(created_at__lt=expiry).exclude(file=""))
    for upload in uploads:
        if upload.file.name:
            upload.file.storage.delete(upload.file.name)
    ImportUpload.objects.filter(created_at__lt=expiry).delete()
    deleted, _by_model = ImportDraft.objects.filter(created_at__lt=expiry).delete()
    return deleted


def draft_create(*, user: Actor, unit: Unit, reading: Reading, filename: str) -> ImportDraft:
    """Keep a document read for `unit` as a draft for `user` to check.

    Expired drafts (anyone's) go at the same time, so none outlive DRAFT_DAYS by much
    while reading a page never writes.
    """
    owner = recorded_user(user)
    if owner is None or not can_create_plan(user, unit.pk):
        raise NotAllowed(str(MSG_NOT_ALLOWED))
    drafts_purge_expired()
    return ImportDraft.objects.create(
        owner=owner,
        unit=unit,
        filename=filename[:255],
        kind=reading.source.kind,
        source_lines=[[line.page, line.number, line.text] for line in reading.source.lines],
        blocks=blocks_to_data(reading.blocks),
        notes=[str(note) for note in reading.source.notes],
    )


def draft_blocks(draft: ImportDraft) -> list[Block]:
    return blocks_from_data(draft.blocks)


def draft_change(
    *,
    draft: ImportDraft,
    expected_version: int,
    change: Callable[[list[Block]], list[Block]],
) -> ImportDraft:
    """Apply one correction (a function of the blocks, see review) if nobody changed them since.

    Raises EditConflict (with the draft as it is now) when the version the
    person saw is not the current one, and DomainError from the correction.
    """
    if draft.version != expected_version:
        raise EditConflict(str(MSG_CONFLICT), current=draft)
    blocks = change(draft_blocks(draft))
    # Only if the row is still at the version the person saw (another request may have won).
    updated = ImportDraft.objects.filter(pk=draft.pk, version=expected_version).update(
        blocks=blocks_to_data(blocks), version=F("version") + 1, updated_at=timezone.now()
    )
    draft.refresh_from_db()
    if not updated:
        raise EditConflict(str(MSG_CONFLICT), current=draft)
    return draft


def draft_document(*, user: Actor, draft: ImportDraft) -> dict[str, Any]:
    """The virkplan/1 document the draft's blocks describe, as this user may import it.

    The organisation is not changed from a document: units found in it are
    left out, and every plan must belong to a unit the user writes plans for.
    Plans keep the status the document gives them only for users who may
    approve plans of their unit; for others they are stored as drafts.
    """
    document = document_from_blocks(draft_blocks(draft), unit=draft.unit.key)
    document["units"] = []
    if not document.get("plans"):
        message = str(MSG_NO_PLANS)
        raise ImportRefused(message, errors=[message])
    keys = {plan["unit"] for plan in document.get("plans", [])}
    units = dict(Unit.objects.filter(key__in=keys).values_list("key", "pk"))
    roles = user_roles(user)
    errors = []
    for plan in document.get("plans", []):
        unit_id = units.get(plan["unit"])
        if unit_id is None or not can_create_plan(user, unit_id):
            errors.append(
                _(
                    "The plan “%(title)s” belongs to the unit “%(unit)s”, for which you may not "
                    "import plans. Ask someone who writes that unit's plans to import the document."
                )
                % {"title": plan.get("title", ""), "unit": plan["unit"]}
            )
        elif not roles.has(Role.APPROVER, unit_id):
            plan["status"] = PlanStatus.DRAFT.value
    if errors:
        raise ImportRefused(_("The plans cannot be imported as they are."), errors=errors)
    return document


@atomic_write
def draft_confirm(*, user: Actor, draft: ImportDraft, replace: bool = False) -> ImportResult:
    """Store the draft's plans and delete the draft, or refuse and keep it.

    Raises NotAllowed when the user may not write plans for the draft's
    unit, and ImportRefused (listing every problem) when the plans cannot be
    stored; in both cases nothing is written and the draft stays.
    """
    if not can_create_plan(user, draft.unit_id):
        raise NotAllowed(str(MSG_NOT_ALLOWED))
    document = draft_document(user=user, draft=draft)
    result = document_import(user=user, document=document, replace=replace)
    draft.delete()
    return result


def draft_delete(*, draft: ImportDraft) -> None:
    """Drop the draft: the document is not imported."""
    draft.delete()
