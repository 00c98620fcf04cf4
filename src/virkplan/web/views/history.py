"""History pages of a plan and of a goal, and restoring an earlier version after a confirmation.

Signed-in users with a role that shows the plan see its history
(plans.permissions.can_view_history); anonymous visitors are sent to the
login page, others get 403, or 404 for a plan they may not see at all.
A restore is a plain form: GET shows what would change, POST restores
(plans.services.history_restore) and goes back to the history.
"""

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from virkplan.core.errors import DomainError, EditConflict, NotAllowed
from virkplan.plans import history, permissions, services
from virkplan.plans.models import Goal, Plan

from ..forms.history import RestoreForm
from ..http import signed_in


def _check_may_view_history(request: HttpRequest, plan: Plan | None) -> Plan:
    if plan is None or not permissions.can_view_plan(request.user, plan):
        raise Http404
    if not permissions.can_view_history(request.user, plan):
        raise PermissionDenied
    return plan


def _plan(**filters: Any) -> Plan | None:
    return Plan.objects.select_related("unit", "unit__parent").filter(**filters).first()


@signed_in
def plan_history_page(request: HttpRequest, key: str) -> HttpResponse:
    plan = _check_may_view_history(request, _plan(key=key))
    result = history.plan_history(user=request.user, plan=plan, page=request.GET.get("side"))
    return render(
        request,
        "web/history/plan_history.html",
        {"plan": plan, "history": result, "locked": _locked_note(plan)},
    )


@signed_in
def goal_history_page(request: HttpRequest, key: str) -> HttpResponse:
    goal = (
        Goal.objects.select_related("plan_focus_area__plan", "plan_focus_area__focus_area")
        .filter(key=key)
        .first()
    )
    if goal is not None:
        goal_id, plan = goal.pk, _plan(pk=goal.plan_focus_area.plan_id)
        statement, ref = goal.statement, goal.ref
    else:
        # A deleted goal keeps its history page, from where it can be restored.
        records = Goal.history.filter(key=key)  # type: ignore[attr-defined]
        record = records.order_by("-history_date", "-history_id").first()
        if record is None:
            raise Http404
        goal_id, plan = record.id, _plan(pk=history.record_plan_id(record))
        statement, ref = record.statement, record.ref
    plan = _check_may_view_history(request, plan)
    result = history.goal_history(
        user=request.user, plan=plan, goal_id=goal_id, page=request.GET.get("side")
    )
    return render(
        request,
        "web/history/goal_history.html",
        {
            "plan": plan,
            "goal": goal,
            "goal_key": key,
            "statement": statement,
            "ref": ref,
            "history": result,
            "locked": _locked_note(plan),
        },
    )


def _locked_note(plan: Plan) -> str:
    """Why the plan's earlier versions cannot be restored now, if they cannot."""
    if plan.status in permissions.EDITABLE_STATUSES:
        return ""
    if plan.status in permissions.FOLLOW_UP_STATUSES:
        return _(
            "The plan is %(status)s: only follow-ups can be restored. "
            "Start a new revision to change the rest."
        ) % {"status": plan.get_status_display()}
    return str(services.MSG_PLAN_LOCKED) % {"status": plan.get_status_display()}


def _back_url(record: Any) -> str:
    """The history the record is shown in: its goal's, or its plan's."""
    goal_id = history.record_goal_id(record)
    if goal_id is not None:
        goal = history.goal_or_last_version(goal_id)
        if goal is not None:
            return reverse("web:goal-history", args=[goal.key])
    return reverse("web:plan-history", args=[history.record_plan(record).key])


def _refusal(request: HttpRequest, preview: history.RestorePreview) -> str:
    """Why the user may not restore this record, or "" when they may."""
    plan, kind = preview.plan, preview.kind
    if kind in history.FOLLOWED_UP and plan.status not in permissions.FOLLOW_UP_STATUSES:
        return str(services.MSG_FOLLOW_UP_CLOSED) % {"status": plan.get_status_display()}
    if kind not in history.FOLLOWED_UP and plan.status not in permissions.EDITABLE_STATUSES:
        return str(services.MSG_PLAN_LOCKED) % {"status": plan.get_status_display()}
    goal = preview.row if kind is history.GOAL and preview.row is not None else preview.goal
    if kind is history.GOAL and preview.row is None:
        goal = preview.record.instance
    if not history.may_restore(request.user, kind=kind, plan=plan, goal=goal):
        return str(services.MSG_NOT_ALLOWED)
    return ""


@signed_in
@require_http_methods(["GET", "POST"])
def history_restore_page(request: HttpRequest, kind: str, history_id: int) -> HttpResponse:
    try:
        record = history.record_for(slug=kind, history_id=history_id)
        plan = history.record_plan(record)
    except (LookupError, Plan.DoesNotExist) as exc:
        raise Http404 from exc
    plan = _check_may_view_history(request, plan)
    preview = history.restore_preview(record=record, plan=plan)
    back = _back_url(record)
    refusal = _refusal(request, preview)
    context = {"preview": preview, "plan": plan, "back": back, "record": record}
    if refusal:
        context["refusal"] = refusal
        return render(request, "web/history/restore.html", context, status=403)
    form = RestoreForm(
        request.POST if request.method == "POST" else None,
        initial={"version": preview.current_version},
    )
    if request.method == "POST":
        if not form.is_valid():
            return HttpResponse(status=400)
        try:
            services.history_restore(
                user=request.user, record=record, expected_version=form.cleaned_data["version"]
            )
        except NotAllowed as exc:
            context["refusal"] = exc.message
            return render(request, "web/history/restore.html", context, status=403)
        except EditConflict:
            # Show the row as it is now, with its new version, so the user can decide again.
            preview = history.restore_preview(record=record, plan=plan)
            form = RestoreForm(initial={"version": preview.current_version})
            context.update(preview=preview, error=str(services.MSG_CONFLICT), form=form)
            return render(request, "web/history/restore.html", context)
        except DomainError as exc:
            context.update(error=exc.message, form=form)
            return render(request, "web/history/restore.html", context)
        messages.success(
            request,
            _("The version of %(date)s is restored.") % {"date": _date_time(record.history_date)},
        )
        return redirect(back)
    context["form"] = form
    return render(request, "web/history/restore.html", context)


def _date_time(value: Any) -> str:
    return formats.date_format(timezone.localtime(value), "DATETIME_FORMAT")


urlpatterns: list[URLPattern] = [
    path("plan/<slug:key>/historik/", plan_history_page, name="plan-history"),
    path("maal/<slug:key>/historik/", goal_history_page, name="goal-history"),
    path(
        "historik/<slug:kind>/<int:history_id>/gendan/",
        history_restore_page,
        name="history-restore",
    ),
]
