"""The importer's work for the task queue (virkplan/celery.py): reading uploaded documents."""

from virkplan.celery import app

from .legacy.uploads import upload_read


@app.task
def read_upload(upload_id: str) -> bool:
    """Read one uploaded document into a draft, in a child process within the upload limits
    (legacy.isolation). Run twice, it reads once; a refusal is kept on the upload, for the
    page that waits, not raised."""
    return upload_read(upload_id=upload_id)
