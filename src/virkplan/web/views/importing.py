"""Importing a plan document: upload it, check and correct what was read, then import it.

The upload is read by the task queue (at once without a broker; meanwhile a
page waits for it) and kept as a draft (its lines and blocks, never the file);
nothing reaches the plan tables until the owner presses Import.
Only the draft's owner sees it: for anyone else it does not exist (404).
Every correction is a plain form POST (no JavaScript needed) carrying the
draft's version, so a page that is out of date cannot undo a later change.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from typing import Any, NoReturn
from uuid import UUID

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import URLPattern, path, reverse
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST
from django_htmx.http import HttpResponseClientRedirect

from virkplan.core.errors import DomainError, EditConflict, NotAllowed
from virkplan.interchange.legacy import arrange, drafts, review, uploads
from virkplan.interchange.legacy.blocks import KINDS, Block
from virkplan.interchange.legacy.report import reading_counts
from virkplan.interchange.models import ImportDraft, ImportUpload
from virkplan.interchange.services import ImportRefused, ImportResult
from virkplan.organisation.models import Unit
from virkplan.organisation.permissions import Actor
from virkplan.plans import permissions
from virkplan.plans.models import FollowUpStatus

from ..forms.importing import BlockForm, ConfirmForm, UploadForm
from ..http import is_htmx, require, signed_in
from .editor import units_in_tree_order
from .import_review import block_tree, goal_choices, place_choices, section_choices, source_pages


def _units_for(user: Actor) -> list[Unit]:
    """The units the user may import plans for: those they write plans for."""
    return [u for u in units_in_tree_order() if permissions.can_create_plan(user, u.pk)]


def _draft_or_404(request: HttpRequest, pk: UUID) -> ImportDraft:
    """The draft, if it is the user's own."""
    return get_object_or_404(
        ImportDraft.objects.select_related("unit"), pk=pk, owner_id=request.user.pk
    )


def _review_url(draft: ImportDraft, number: int | None = None) -> str:
    url = reverse("web:import-review", args=[draft.pk])
    return f"{url}?rettet={number}#blok-{number}" if number else url


# --- the upload --------------------------------------------------------------------------------


@signed_in
def import_upload(request: HttpRequest) -> HttpResponse:
    """Choose a document and its unit; the document is read by the task queue (at once when
    there is no broker), then shown for review."""
    units = _units_for(request.user)
    require(bool(units))
    if request.method == "POST":
        form = UploadForm(request.POST, request.FILES, units=units)
        if form.is_valid():
            return _after_upload(request, _read(request, form), form)
    else:
        chosen = next((u for u in units if u.key == request.GET.get("enhed")), None)
        if chosen is None and len(units) == 1:
            chosen = units[0]
        form = UploadForm(initial={"unit": chosen.pk if chosen else None}, units=units)
    status = 400 if request.method == "POST" else 200
    return _upload_page(request, form, status=status)


def _upload_page(request: HttpRequest, form: UploadForm, *, status: int) -> HttpResponse:
    context = {
        "form": form,
        "own_drafts": drafts.drafts_open_for(request.user),
        "draft_days": drafts.DRAFT_DAYS,
    }
    return render(request, "web/import/upload.html", context, status=status)


def _read(request: HttpRequest, form: UploadForm) -> ImportUpload:
    """Store the uploaded document and have it read (legacy.uploads).

    The document is read in a child process within the upload limits (settings
    VIRKPLAN_IMPORT_*), by a worker of the task queue, so a hostile file costs the web
    server neither its memory nor its time."""
    upload = form.cleaned_data["document"]
    return uploads.upload_create(
        user=request.user,
        unit=form.cleaned_data["unit"],
        data=upload.read(),
        filename=upload.name or "",
    )


def _after_upload(
    request: HttpRequest, upload: ImportUpload, form: UploadForm | None = None
) -> HttpResponse:
    """Where an upload goes on to: its draft's review when it was read; the upload page with
    the reason beside the file field when it was refused; else the page that waits."""
    progress, message = uploads.upload_progress(upload)
    if progress is uploads.Reading.READ:
        if upload.draft_id is None:  # imported or cancelled since
            return HttpResponseRedirect(reverse("web:import-upload"))
        return HttpResponseRedirect(_review_url(upload.draft))  # type: ignore[arg-type]
    if progress is uploads.Reading.REFUSED:
        if form is None:
            units = _units_for(request.user)
            form = UploadForm(initial={"unit": upload.unit_id}, units=units)
        form.refuse(message)
        return _upload_page(request, form, status=400 if request.method == "POST" else 200)
    return HttpResponseRedirect(reverse("web:import-reading", args=[upload.pk]))


@signed_in
def import_reading(request: HttpRequest, pk: UUID) -> HttpResponse:
    """The page that waits while the task queue reads an upload (202; it asks again by itself),
    then goes on to the review, or back to the upload page with the reason it was refused."""
    upload = get_object_or_404(
        ImportUpload.objects.select_related("draft"), pk=pk, owner_id=request.user.pk
    )
    progress, _message = uploads.upload_progress(upload)
    if progress is not uploads.Reading.READING:
        if is_htmx(request):
            # htmx polls: the whole page goes on, to the review or to the refusal.
            return HttpResponseClientRedirect(request.get_full_path())
        return _after_upload(request, upload)
    if is_htmx(request):
        return HttpResponse(status=204)  # nothing new: nothing swapped, nothing announced
    context = {"upload": upload, "refresh_seconds": READING_REFRESH_SECONDS}
    response = render(request, "web/import/reading.html", context, status=202)
    patch_cache_control(response, private=True, no_store=True)
    return response


READING_REFRESH_SECONDS = 3
"""How often the page of an upload being read asks again (htmx, or a refresh without it)."""


# --- the review page ---------------------------------------------------------------------------


@dataclass
class BlockProblem:
    """A correction that was not made, shown at its block (and at the top of the page)."""

    number: int
    message: str
    conflict: bool = False
    yours: str = ""
    """On a conflict, the text the person wrote, shown beside the block as it is now."""


@dataclass
class Refusal:
    """Why the plans were not imported."""

    message: str
    errors: list[str] = field(default_factory=list)
    already_stored: bool = False
    """Whether a plan is stored already (ticking "Replace plans already stored" would help)."""


def _page_errors(refused: ImportRefused, draft: ImportDraft) -> list[str]:
    """The problems in the page's words: each named by its plan's title, not a JSON path."""
    titles = [block.text for block in drafts.draft_blocks(draft) if block.kind == "plan"]
    errors = []
    for place, text in refused.problems:
        index = place[1] if len(place) > 1 and place[0] == "plans" else None
        if isinstance(index, int) and index < len(titles):
            text = _("“%(plan)s”: %(problem)s") % {"plan": titles[index], "problem": text}
        errors.append(text)
    return errors or list(refused.errors)


@signed_in
def import_review(request: HttpRequest, pk: UUID) -> HttpResponse:
    """The plan as read, beside the document's text; `?ret=N` opens block N's corrections."""
    draft = _draft_or_404(request, pk)
    return _review_page(request, draft)


def _review_page(
    request: HttpRequest,
    draft: ImportDraft,
    *,
    problem: BlockProblem | None = None,
    refusal: Refusal | None = None,
    replace: bool = False,
    status: int = 200,
) -> HttpResponse:
    blocks = drafts.draft_blocks(draft)
    changed = _number(request.GET.get("rettet"))
    editing = problem.number if problem else _number(request.GET.get("ret"))
    context = {
        "draft": draft,
        "tree": block_tree(blocks),
        "counts": reading_counts(blocks),
        "under_goals": sum(landing.kind == "goal" for landing in arrange.landings(blocks).values()),
        "goal_groups": goal_choices(blocks),
        "place_groups": place_choices(blocks, editing - 1) if editing else [],
        "sections": section_choices(blocks, (editing or 1) - 1)
        if _is(blocks, editing, "text")
        else [],
        "statuses": FollowUpStatus.choices,
        "kinds": list(KINDS.items()),
        "plan_units": _units_for(request.user) if _is(blocks, editing, "plan") else [],
        "unit_names": dict(
            Unit.objects.filter(key__in={b.unit for b in blocks if b.kind == "plan"}).values_list(
                "key", "name"
            )
        ),
        "pages": source_pages(draft.source_lines),
        "problem": problem,
        "refusal": refusal,
        "replace": replace,
        "changed": None if problem else changed,
        "editing": editing,
    }
    return render(request, "web/import/review.html", context, status=status)


def _is(blocks: list[Block], number: int | None, kind: str) -> bool:
    """Whether block `number` (from 1) is there and of the kind."""
    return number is not None and 0 < number <= len(blocks) and blocks[number - 1].kind == kind


def _number(value: str | None) -> int | None:
    """A block number from the address (`?ret=12`), if it is one."""
    return int(value) if value and value.isdigit() else None


@signed_in
@require_POST
def import_block(request: HttpRequest, pk: UUID, number: int) -> HttpResponse:
    """One correction of block `number` (from 1), chosen by the button pressed."""
    draft = _draft_or_404(request, pk)
    form = BlockForm(request.POST)
    if not form.is_valid():
        message = _("The correction was not understood. Load the page again and try once more.")
        return _review_page(request, draft, problem=BlockProblem(number, message), status=400)
    data = form.cleaned_data
    blocks = drafts.draft_blocks(draft)
    arranging = _arrangement(data, number - 1)
    if arranging is not None:
        correction: Correction = arranging
    else:
        correction, shown = _correction(data, number - 1, blocks)
    if data["action"] == "plan":
        correction = _plan_correction(request, data, number - 1)
    try:
        draft = drafts.draft_change(
            draft=draft, expected_version=data["version"], change=correction
        )
    except EditConflict as exc:
        current = exc.current
        assert isinstance(current, ImportDraft)
        yours = data["text"] if data["action"] == "text" else ""
        problem = BlockProblem(number, exc.message, conflict=True, yours=yours or "")
        return _review_page(request, current, problem=problem, status=409)
    except DomainError as exc:
        return _review_page(request, draft, problem=BlockProblem(number, exc.message), status=400)
    if arranging is not None:
        shown = arranging.index + 1
    return HttpResponseRedirect(_review_url(draft, shown))


Correction = Callable[[list[Block]], list[Block]]


class _Arranged:
    """A correction from `arrange`, remembering where it put the block it was asked about."""

    def __init__(self, change: Callable[[list[Block]], arrange.Moved], index: int) -> None:
        self.change = change
        self.index = index

    def __call__(self, blocks: list[Block]) -> list[Block]:
        blocks, self.index = self.change(blocks)
        return blocks


def _arrangement(data: dict[str, Any], index: int) -> _Arranged | None:
    """The correction of the plan's shape the button asks for, if it asks for one."""
    action = data["action"]
    if action == "place" and data["target"] is None:
        message = _("Block %(number)s: choose where to move it.") % {"number": index + 1}
        return _Arranged(partial(_refuse, message), index)
    changes: dict[str, Callable[[list[Block]], arrange.Moved]] = {
        "up": partial(arrange.move_up, i=index),
        "down": partial(arrange.move_down, i=index),
        "place": partial(arrange.place, i=index, target=data["target"] or 0),
        "make_goal": partial(arrange.make_goal, i=index),
        "make_focus_area": partial(arrange.make_focus_area, i=index),
        "status": partial(arrange.set_status, i=index, status=data["status"] or ""),
        "ref": partial(arrange.set_ref, i=index, ref=data["ref"] or ""),
        "to_sections": partial(arrange.to_sections, i=index, title=data["title"] or ""),
    }
    change = changes.get(action)
    return _Arranged(change, index) if change else None


def _correction(data: dict[str, Any], index: int, blocks: list[Block]) -> tuple[Correction, int]:
    """The correction the button asks for, and the number of the block to show after it."""
    action = data["action"]
    if action == "kind":
        return partial(review.relabel, i=index, kind=data["kind"] or ""), index + 1
    if action == "text":
        return partial(review.edit, i=index, text=data["text"] or ""), index + 1
    if action == "ignore":
        return partial(review.remove, i=index), index + 1
    if action == "accept":
        return partial(review.accept, i=index), index + 1
    if action == "merge":
        earlier = review.previous_kept(blocks, index) if 0 <= index < len(blocks) else None
        return partial(review.merge_with_previous, i=index), (earlier or 0) + 1
    goal = data["goal"]
    if goal is None:
        return partial(
            _refuse, _("Block %(number)s: choose the goal to move it to.") % {"number": index + 1}
        ), index + 1
    shown = goal if index < goal else goal + 1
    return partial(review.move_to_goal, i=index, goal_index=goal), shown


def _plan_correction(request: HttpRequest, data: dict[str, Any], index: int) -> Correction:
    """A plan's unit and period; the unit must be one the person imports plans for."""
    keys = {unit.key for unit in _units_for(request.user)}
    if data["unit"] not in keys or data["start"] is None:
        return partial(
            _refuse,
            _("Block %(number)s: choose the plan's unit and write the year it starts.")
            % {"number": index + 1},
        )
    start = data["start"]
    end = data["end"] if data["end"] is not None else start
    return partial(review.set_plan, i=index, unit=data["unit"], start=start, end=end)


def _refuse(message: str, blocks: list[Block]) -> NoReturn:
    raise DomainError(message)


# --- import or cancel --------------------------------------------------------------------------


@signed_in
@require_POST
def import_confirm(request: HttpRequest, pk: UUID) -> HttpResponse:
    """Store the plans as the page showed them; the draft is deleted. Refused: the draft stays."""
    draft = _draft_or_404(request, pk)
    form = ConfirmForm(request.POST)
    replace = form.is_valid() and form.cleaned_data["replace"]
    if not form.is_valid() or form.cleaned_data["version"] != draft.version:
        refusal = Refusal(str(drafts.MSG_CONFLICT))
        return _review_page(request, draft, refusal=refusal, replace=replace, status=409)
    try:
        result = drafts.draft_confirm(user=request.user, draft=draft, replace=replace)
    except NotAllowed:
        raise  # 403, from signed_in
    except ImportRefused as exc:
        refusal = Refusal(exc.message, _page_errors(exc, draft), bool(exc.already_stored))
        return _review_page(request, draft, refusal=refusal, replace=replace, status=400)
    except DomainError as exc:
        return _review_page(
            request, draft, refusal=Refusal(exc.message), replace=replace, status=400
        )
    _report(request, result)
    return HttpResponseRedirect(reverse("web:plan", args=[result.plans[0].key]))


def _report(request: HttpRequest, result: ImportResult) -> None:
    plans = len(result.plans)
    messages.success(
        request,
        ngettext(
            "Imported %(count)s plan with %(focus_areas)s focus areas, %(goals)s goals, "
            "%(criteria)s documentation points and %(follow_ups)s follow-ups.",
            "Imported %(count)s plans with %(focus_areas)s focus areas, %(goals)s goals, "
            "%(criteria)s documentation points and %(follow_ups)s follow-ups.",
            plans,
        )
        % {
            "count": plans,
            "focus_areas": result.focus_areas,
            "goals": result.goals,
            "criteria": result.criteria,
            "follow_ups": result.follow_ups,
        },
    )
    if result.replaced:
        messages.success(
            request,
            ngettext(
                "%(count)s plan that was already stored was replaced.",
                "%(count)s plans that were already stored were replaced.",
                len(result.replaced),
            )
            % {"count": len(result.replaced)},
        )
    for warning in result.warnings:
        messages.warning(request, warning)


@signed_in
@require_POST
def import_cancel(request: HttpRequest, pk: UUID) -> HttpResponse:
    """Drop the draft: nothing is imported."""
    draft = _draft_or_404(request, pk)
    drafts.draft_delete(draft=draft)
    messages.success(
        request,
        _("“%(name)s” was not imported, and what was read from it is deleted.")
        % {"name": draft.filename},
    )
    return HttpResponseRedirect(reverse("web:import-upload"))


urlpatterns: list[URLPattern] = [
    path("indlaes/", import_upload, name="import-upload"),
    path("indlaes/laeses/<uuid:pk>/", import_reading, name="import-reading"),
    path("indlaes/<uuid:pk>/", import_review, name="import-review"),
    path("indlaes/<uuid:pk>/blok/<int:number>/", import_block, name="import-block"),
    path("indlaes/<uuid:pk>/importer/", import_confirm, name="import-confirm"),
    path("indlaes/<uuid:pk>/annuller/", import_cancel, name="import-cancel"),
]
