"""The plan's PDF and Word documents, built by the task queue and kept in storage.

A request for a document (`document_request`) finds the plan's row for the
variant asked for (reports.models.BuiltDocument). When it was built for the
content version now (reports.documents.document_version), the file is served;
otherwise the row is claimed for that version and a build is queued
(reports.tasks.build_document), and the page says the document is being made.
Claiming is one conditional UPDATE (or the row's INSERT, under its unique
constraint), so however many requests arrive at once, one build is queued.

Without a broker (`make run`, the tests) the task runs in the request that
queues it, so that request gets the document at once.

The task builds as the server (SYSTEM_ACTOR): a plan's document is the same for
everyone who may see it, and the previous plan a combined document includes is
the one chosen for the user who asked (it is part of the variant). Whether the
user may see the plan is asked on every request, before any of this
(reports.documents.document_order).

The file replaces the row's previous one, which is then deleted; a build that
finds its row claimed for a newer version meanwhile deletes its own file.
`documents_remove_old` (celery beat, daily) deletes rows nobody asked for in
VIRKPLAN_DOCUMENT_CACHE_SECONDS and files no row names.
"""

import datetime
import hashlib
import logging
from collections.abc import Callable
from enum import Enum

from django.conf import settings
from django.core.files.base import ContentFile
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from virkplan.organisation.permissions import SYSTEM_ACTOR

from .documents import DocumentOrder
from .exports import plan_file
from .models import BuiltDocument, DocumentState

logger = logging.getLogger(__name__)

FOLDER = "plan-documents"
"""Where in storage (Django's default storage, MEDIA_ROOT) the documents are kept."""

MSG_FAILED = _(
    "The document could not be made because of an error on the server. Try again; if it "
    "fails again, tell the site's administrators."
)
MSG_TIMED_OUT = _(
    "The document was not made within %(minutes)s minutes; the server may be busy. Try again."
)


class Progress(Enum):
    BUILDING = "building"
    READY = "ready"
    FAILED = "failed"


def document_progress(document: BuiltDocument) -> tuple[Progress, str]:
    """How far the document is, and for a failed one why in the reader's words. A build asked
    for longer ago than VIRKPLAN_QUEUE_PATIENCE_SECONDS has failed (its worker was lost, or
    the queue is stuck): the page stops waiting and offers to try again."""
    if document.state == DocumentState.READY:
        return Progress.READY, ""
    if document.state == DocumentState.FAILED:
        return Progress.FAILED, str(MSG_FAILED)
    if document.requested_at < _patience_start():
        minutes = max(1, settings.VIRKPLAN_QUEUE_PATIENCE_SECONDS // 60)
        return Progress.FAILED, str(MSG_TIMED_OUT) % {"minutes": minutes}
    return Progress.BUILDING, ""


def _patience_start() -> datetime.datetime:
    return timezone.now() - datetime.timedelta(seconds=settings.VIRKPLAN_QUEUE_PATIENCE_SECONDS)


def document_request(*, order: DocumentOrder, version: str) -> BuiltDocument:
    """The order's document as it is now, a build queued when none is built or being built for
    `version` (at most one, however many ask at once)."""
    now = timezone.now()
    document, created = BuiltDocument.objects.get_or_create(
        plan=order.plan,
        variant=order.variant,
        defaults={
            "format": order.kind.name,
            "statuses": order.statuses,
            "previous": order.previous,
            "language": order.language,
            "version": version,
            "requested_at": now,
        },
    )
    if created:
        return _queued(document, version)
    if document.version != version:
        claimed = BuiltDocument.objects.filter(pk=document.pk, version=document.version).update(
            version=version,
            state=DocumentState.BUILDING,
            error="",
            requested_at=now,
            updated_at=now,
        )
        if claimed:
            return _queued(document, version)
        document.refresh_from_db()
    return document


def document_retry(*, order: DocumentOrder, version: str) -> BuiltDocument:
    """Build the order's document again when its build failed (or took too long)."""
    document = document_request(order=order, version=version)
    if document_progress(document)[0] is not Progress.FAILED:
        return document
    now = timezone.now()
    claimed = BuiltDocument.objects.filter(
        pk=document.pk, version=version, state=document.state, requested_at=document.requested_at
    ).update(state=DocumentState.BUILDING, error="", requested_at=now, updated_at=now)
    if claimed:
        return _queued(document, version)
    document.refresh_from_db()
    return document


def document_lost(*, document: BuiltDocument) -> BuiltDocument:
    """The document's file is not in storage (removed, or storage not shared by this server):
    build it again."""
    logger.warning("The file of built document %s (%s) is missing", document.pk, document.file)
    now = timezone.now()
    claimed = BuiltDocument.objects.filter(
        pk=document.pk, version=document.version, state=DocumentState.READY
    ).update(state=DocumentState.BUILDING, requested_at=now, updated_at=now)
    if claimed:
        return _queued(document, document.version)
    document.refresh_from_db()
    return document


def document_content(document: BuiltDocument) -> bytes | None:
    """The built file's bytes; None when storage does not have it."""
    if not document.file.name:
        return None
    try:
        with document.file.storage.open(document.file.name, "rb") as file:
            return file.read()
    except FileNotFoundError:
        return None


def _queued(document: BuiltDocument, version: str) -> BuiltDocument:
    """Queue the build of `document` for `version`; the row as it is after (built already
    when tasks run in this process)."""
    from .tasks import build_document

    try:
        build_document.delay(document.pk, version)
    except Exception as exc:  # the broker does not answer: say so now, not after the patience
        logger.exception("The build of document %s could not be queued", document.pk)
        _fail(document.pk, version, f"not queued: {exc}")
    document.refresh_from_db()
    return document


def _fail(pk: int, version: str, error: str) -> None:
    BuiltDocument.objects.filter(pk=pk, version=version, state=DocumentState.BUILDING).update(
        state=DocumentState.FAILED, error=error[:2000], updated_at=timezone.now()
    )


def document_build(*, document_id: int, version: str) -> bool:
    """Build the document for `version` into storage (the task's work); whether it was built.

    Nothing is done when the row was claimed for another version meanwhile, or is built
    already (a task delivered twice). A failure is kept on the row, for the page to say.
    """
    document = (
        BuiltDocument.objects.select_related("plan", "previous")
        .filter(pk=document_id, version=version, state=DocumentState.BUILDING)
        .first()
    )
    if document is None:
        return False
    try:
        with translation.override(document.language):
            file = plan_file(
                user=SYSTEM_ACTOR,
                key=document.plan.key,
                format=document.format,
                with_follow_up=document.previous is not None,
                statuses=document.statuses,
                previous_key=document.previous.key if document.previous else None,
            )
    except Exception as exc:
        logger.exception("Building document %s (plan %s) failed", document.pk, document.plan_id)
        _fail(document.pk, version, repr(exc))
        return False
    storage = document.file.storage
    stamp = hashlib.sha256(version.encode()).hexdigest()[:12]
    name = storage.save(
        f"{FOLDER}/{document.plan_id}/{document.variant[:16]}-{stamp}.{document.format}",
        ContentFile(file.content),
    )
    # Only if the row is still claimed for this version (a newer one may have claimed it).
    built = BuiltDocument.objects.filter(
        pk=document.pk, version=version, state=DocumentState.BUILDING
    ).update(
        file=name,
        filename=file.filename,
        etag=file.etag,
        state=DocumentState.READY,
        error="",
        updated_at=timezone.now(),
    )
    replaced = document.file.name
    unused = (replaced if replaced != name else "") if built else name
    if unused:
        storage.delete(unused)
    return bool(built)


def documents_remove_old(*, now: datetime.datetime | None = None) -> int:
    """Delete the documents nobody asked for in VIRKPLAN_DOCUMENT_CACHE_SECONDS, and files in
    storage that no row names (their plan was deleted); how many files were deleted."""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(seconds=settings.VIRKPLAN_DOCUMENT_CACHE_SECONDS)
    # A row's updated_at is when it was last built or asked to be built: a document served
    # all week is built again once a week, which costs one build.
    BuiltDocument.objects.filter(updated_at__lt=cutoff).delete()
    kept = set(BuiltDocument.objects.exclude(file="").values_list("file", flat=True))
    storage = BuiltDocument._meta.get_field("file").storage  # type: ignore[attr-defined]
    deleted = 0
    recent = now - datetime.timedelta(hours=1)  # a build may be saving its file right now
    for name in _files_under(FOLDER, storage.listdir):
        if name not in kept and storage.get_modified_time(name) < recent:
            storage.delete(name)
            deleted += 1
    return deleted


def _files_under(folder: str, listdir: Callable[[str], tuple[list[str], list[str]]]) -> list[str]:
    try:
        folders, files = listdir(folder)
    except FileNotFoundError:
        return []
    names = [f"{folder}/{name}" for name in files]
    for sub in folders:
        names += _files_under(f"{folder}/{sub}", listdir)
    return names
