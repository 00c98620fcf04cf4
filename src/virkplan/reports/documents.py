"""Plan files kept per plan version, so a repeated download costs a cache read.

The spreadsheets, CSV and JSON are drawn in the request and kept in Django's cache, as below.
The PDF and Word documents take seconds: they are built by the task queue into storage
(reports.services), and this module says which document is asked for and of which content
version (`document_order`, `document_version`, at the end).

A PDF of a large plan takes seconds to draw; the same file is then served to
everyone who may see the plan until the data changes. What makes the bytes
differ is all in the entry's key or its stamp:

- the plan (its pk: a renamed key does not change the file's content) and the
  format, with the print options: the CSV dialect for CSV, with or without
  statuses for PDF and Word;
- for a document with the previous plan's follow-up (reports.combined), that
  plan's pk in the key and its version in the stamp: which plan is the
  previous one depends on what the user may see, and it changes on its own;
- the active language (the labels) and virkplan's release (the templates);
- the data: the data version (core.data_version, which every write through
  the services changes when it commits; the unit and its organisation, the
  goals, follow-ups and statuses all come from there) and plan.version.

Who asks does not change the file, apart from which previous plan a combined
document includes (in the key, above): a plan's report is the same for everyone
who may see it (plans.selectors.plan_detail filters plans, not what is in
them). Whether they may see it is asked of the database on every download,
before the cache is read, so a cached file never reaches someone who may not
see the plan.

The data version and plan.version are the entry's stamp, not part of its key:
the entry for a plan, format and language is replaced when it is made again,
so a write leaves no old files behind to fill the cache, and the cache holds
at most one file for each plan, format, language and print option that was
downloaded within VIRKPLAN_DOCUMENT_CACHE_SECONDS. A file larger than
VIRKPLAN_DOCUMENT_CACHE_MAX_BYTES is made each time and not kept.
"""

import hashlib
from dataclasses import dataclass
from functools import cache
from importlib.metadata import PackageNotFoundError
from importlib.metadata import version as package_version
from typing import Any

from django.conf import settings
from django.core.cache import caches
from django.utils.translation import get_language

from virkplan.core import data_version
from virkplan.organisation.permissions import Actor
from virkplan.plans.models import Plan
from virkplan.plans.selectors import plans_visible_to

from . import combined
from .exports import PlanFile, plan_file
from .formats import CSV, DOCX, PDF, CsvDialect, ReportFormat, report_format

CACHE = "documents"


def plan_download_file(
    *,
    user: Actor | None,
    key: str,
    format: str,
    csv_dialect: CsvDialect = CsvDialect.EXCEL,
    with_follow_up: bool = False,
    statuses: bool = True,
) -> PlanFile:
    """`exports.plan_file`, from the cache when the plan has not changed since it was made.

    Raises UnknownFormat, Plan.DoesNotExist and FollowUpNotIncluded as
    `plan_file` does, before the cache is read.
    """
    kind = report_format(format)
    plan = plans_visible_to(user=user).get(key=key)
    dialect = csv_dialect if kind is CSV else None
    previous = None
    if with_follow_up:
        if kind not in combined.FORMATS:
            raise combined.FollowUpNotIncluded(str(combined.MSG_NOT_IN_FORMAT))
        previous = combined.previous_plan_for(user=user, plan=plan)
    # Only the printed documents leave statuses out; the other formats are the same either way.
    statuses = statuses or kind not in (PDF, DOCX)
    cache_key = _key(plan.pk, kind.name, dialect, previous, statuses)
    # The version is read before the plan is loaded, so a file is never kept under a version
    # that a write committed after the plan was read (core.data_version).
    version, entry = data_version.current_and_entry(CACHE, cache_key)
    stamp = f"{version}:{plan.version}" + (f":{previous.version}" if previous else "")
    if entry is not None and entry[0] == stamp:
        return _from_entry(entry)
    file = plan_file(
        user=user,
        key=key,
        format=kind.name,
        csv_dialect=csv_dialect,
        with_follow_up=with_follow_up,
        statuses=statuses,
    )
    if len(file.content) <= settings.VIRKPLAN_DOCUMENT_CACHE_MAX_BYTES:
        caches[CACHE].set(cache_key, _entry(stamp, file), settings.VIRKPLAN_DOCUMENT_CACHE_SECONDS)
    return file


def _key(
    plan_pk: int, format: str, dialect: CsvDialect | None, previous: Plan | None, statuses: bool
) -> str:
    parts = (
        str(plan_pk),
        format,
        dialect.value if dialect else "",
        # The combined document (reports.combined): which plan's follow-up it includes.
        f"with-follow-up-of-{previous.pk}" if previous else "",
        "statuses" if statuses else "without-statuses",
        get_language() or settings.LANGUAGE_CODE,
        _release(),
    )
    return "virkplan:document:" + hashlib.sha256("|".join(parts).encode()).hexdigest()


@cache
def _release() -> str:
    """virkplan's release: a new one may draw documents differently."""
    try:
        return package_version("virkplan")
    except PackageNotFoundError:
        return "unreleased"


def _entry(stamp: str, file: PlanFile) -> tuple[Any, ...]:
    return (stamp, file.content, file.filename, file.content_type, file.etag)


def _from_entry(entry: tuple[Any, ...]) -> PlanFile:
    _stamp, content, filename, content_type, etag = entry
    return PlanFile(content=content, filename=filename, content_type=content_type, etag=etag)


# --- the printed documents, built by the task queue (reports.services, reports.tasks) ----------

QUEUED = (PDF, DOCX)
"""The formats that take seconds to draw: built by the task queue into storage."""


@dataclass(frozen=True)
class DocumentOrder:
    """A printed document as asked for: the plan the user may see, the format, the print
    options and the language. Who asked is not part of it, apart from which previous plan
    a combined document includes (reports.combined)."""

    plan: Plan
    kind: ReportFormat
    statuses: bool
    previous: Plan | None
    language: str

    @property
    def variant(self) -> str:
        """What makes this document differ from the plan's others, as one key."""
        parts = (
            self.kind.name,
            "statuses" if self.statuses else "without-statuses",
            f"with-follow-up-of-{self.previous.pk}" if self.previous else "",
            self.language,
        )
        return hashlib.sha256("|".join(parts).encode()).hexdigest()


def is_queued(format: str) -> bool:
    """Whether documents of the format (a name from the URL) are built by the task queue."""
    return format.lower() in {kind.name for kind in QUEUED}


def document_order(
    *, user: Actor | None, key: str, format: str, with_follow_up: bool, statuses: bool
) -> DocumentOrder:
    """The document the user asks for, after asking the database whether they may see the
    plan (on every request, whatever is built already).

    Raises UnknownFormat, Plan.DoesNotExist and FollowUpNotIncluded as `plan_file` does.
    """
    kind = report_format(format)
    plan = plans_visible_to(user=user).select_related("unit").get(key=key)
    previous = None
    if with_follow_up:
        if kind not in combined.FORMATS:
            raise combined.FollowUpNotIncluded(str(combined.MSG_NOT_IN_FORMAT))
        previous = combined.previous_plan_for(user=user, plan=plan)
    language = get_language() or settings.LANGUAGE_CODE
    return DocumentOrder(
        plan=plan, kind=kind, statuses=statuses, previous=previous, language=language
    )


def document_version(order: DocumentOrder) -> str:
    """The content version of the order's document: virkplan's release (the templates), the
    data version (core.data_version: every write through the services changes it when it
    commits) and the plan's and the previous plan's version numbers. A document built under
    an older one is built again."""
    parts = [_release(), data_version.current(), str(order.plan.version)]
    if order.previous is not None:
        parts.append(str(order.previous.version))
    return ":".join(parts)
