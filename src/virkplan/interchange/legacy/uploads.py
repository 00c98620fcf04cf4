"""Uploaded plan documents, read by the task queue into drafts.

The upload page stores the file and queues its reading (`upload_create`); a
worker reads it in a child process with the upload limits (isolation.py), as
the page itself once did, and keeps what it read as the owner's draft
(`upload_read`). The page that waits follows the upload's row: read (to the
draft), refused (with the reason, in the owner's language), or still being
read. The file is deleted once read, whatever came of it. Without a broker the
reading happens in the request that uploads, and the page goes on at once.
"""

from __future__ import annotations

import datetime
import logging
from enum import Enum

from django.conf import settings
from django.core.files.base import ContentFile
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy

from virkplan.core.errors import NotAllowed
from virkplan.interchange.models import ImportUpload, UploadState
from virkplan.organisation.models import Unit
from virkplan.organisation.permissions import Actor, recorded_user
from virkplan.plans.permissions import can_create_plan

from .drafts import MSG_NOT_ALLOWED, draft_create
from .isolation import reading_in_child, upload_limits
from .source import UnreadableDocument

logger = logging.getLogger(__name__)

MSG_FAILED = gettext_lazy(
    "The document could not be read because of an error on the server. Upload it again; if "
    "it fails again, tell the site's administrators."
)
MSG_TIMED_OUT = gettext_lazy(
    "The document was not read within %(minutes)s minutes; the server may be busy. Upload it again."
)


class Reading(Enum):
    READING = "reading"
    READ = "read"
    REFUSED = "refused"


def upload_progress(upload: ImportUpload) -> tuple[Reading, str]:
    """How far the reading is, and for a refused document why. A reading that has not ended
    within VIRKPLAN_QUEUE_PATIENCE_SECONDS is given up (its worker was lost, or nobody takes
    from the queue), so the page stops waiting."""
    if upload.state == UploadState.READ:
        return Reading.READ, ""
    if upload.state == UploadState.REFUSED:
        return Reading.REFUSED, upload.message
    patience = settings.VIRKPLAN_QUEUE_PATIENCE_SECONDS
    if upload.created_at < timezone.now() - datetime.timedelta(seconds=patience):
        return Reading.REFUSED, str(MSG_TIMED_OUT) % {"minutes": max(1, patience // 60)}
    return Reading.READING, ""


def upload_create(*, user: Actor, unit: Unit, data: bytes, filename: str) -> ImportUpload:
    """Store an uploaded document for `user` to import into `unit`, and queue its reading; the
    upload as it is after (read already when tasks run in this process).

    Raises NotAllowed when the user may not import plans for the unit.
    """
    owner = recorded_user(user)
    if owner is None or not can_create_plan(user, unit.pk):
        raise NotAllowed(str(MSG_NOT_ALLOWED))
    upload = ImportUpload(
        owner=owner,
        unit=unit,
        filename=filename[:255],
        language=translation.get_language() or settings.LANGUAGE_CODE,
    )
    # Stored under the row's id: the name the user gave the file says only what kind it is.
    upload.file.save(str(upload.pk), ContentFile(data), save=False)
    upload.save()
    from virkplan.interchange.tasks import read_upload

    try:
        read_upload.delay(str(upload.pk))
    except Exception:  # the broker does not answer: say so now, not after the patience
        logger.exception("The reading of upload %s could not be queued", upload.pk)
        _finish(upload, UploadState.REFUSED, message=str(MSG_FAILED))
    upload.refresh_from_db()
    return upload


def upload_read(*, upload_id: str) -> bool:
    """Read the upload into a draft for its owner (the task's work); whether it was read.

    Nothing is done for an upload read already (a task delivered twice). A document that
    cannot be read, or is beyond the limits, is refused with the reader's reason.
    """
    upload = (
        ImportUpload.objects.select_related("owner", "unit")
        .filter(pk=upload_id, state=UploadState.READING)
        .first()
    )
    if upload is None:
        return False
    try:
        with translation.override(upload.language):
            with upload.file.open("rb") as file:
                data = file.read()
            reading = reading_in_child(
                data, upload.filename, unit=upload.unit.key, limits=upload_limits()
            )
            draft = draft_create(
                user=upload.owner, unit=upload.unit, reading=reading, filename=upload.filename
            )
    except UnreadableDocument as exc:
        _finish(upload, UploadState.REFUSED, message=exc.message)
        return False
    except NotAllowed as exc:  # the owner lost the role meanwhile
        _finish(upload, UploadState.REFUSED, message=exc.message)
        return False
    except Exception:
        logger.exception("Reading upload %s (%r) failed", upload.pk, upload.filename)
        with translation.override(upload.language):
            _finish(upload, UploadState.REFUSED, message=str(MSG_FAILED))
        return False
    _finish(upload, UploadState.READ, draft_id=draft.pk)
    return True


def _finish(
    upload: ImportUpload, state: str, *, message: str = "", draft_id: object = None
) -> None:
    """Keep how the reading ended, and delete the file: it is not needed any more."""
    name = upload.file.name
    ImportUpload.objects.filter(pk=upload.pk, state=UploadState.READING).update(
        state=state, message=message, draft_id=draft_id, file="", updated_at=timezone.now()
    )
    if name:
        upload.file.storage.delete(name)
