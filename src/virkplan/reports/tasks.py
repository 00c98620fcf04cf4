"""The documents' work for the task queue (virkplan/celery.py): building a plan's PDF or Word."""

from virkplan.celery import app

from .services import document_build, documents_remove_old


@app.task
def build_document(document_id: int, version: str) -> bool:
    """Build one plan document for one content version into storage (reports.services).

    Run twice, it builds once: the second finds the row built, or claimed for another
    version. A failure is kept on the row (the page says so and offers to try again), not
    raised, so the queue does not try again on its own.
    """
    return document_build(document_id=document_id, version=version)


@app.task
def remove_old_documents() -> int:
    """Delete documents nobody asked for in a week, and files no row names (celery beat)."""
    return documents_remove_old()
