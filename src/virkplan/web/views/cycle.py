"""The plan cycle: workflow steps, the next period, reorganisation, my tasks (templates/web/cycle).

The follow-up round is in follow_up. Thin views: each parses a form, calls
a service or selector, and renders. Anonymous users are sent to the sign-in
page; signed-in users without the role get 403 and nothing changes; plans
they may not see give 404.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST
from django_htmx.http import HttpResponseClientRefresh

from virkplan.core.errors import DomainError, NotAllowed
from virkplan.cycle.selectors import deadline_list
from virkplan.organisation.models import Unit
from virkplan.plans import permissions, services
from virkplan.plans.selectors import (
    goals_responsible_to,
    plan_goals,
)
from virkplan.plans.tasks import tasks_for
from virkplan.plans.workflow import transition_between

from ..forms.cycle import (
    NextPeriodForm,
    ReorganisationForm,
    TransitionForm,
)
from ..http import is_htmx, plan_or_404, signed_in
from ..templatetags.virkplan_cycle import WORKFLOW_FORM_ATTRIBUTE
from . import follow_up, reading

# The workflow ------------------------------------------------------------------------------


@signed_in
@require_POST
def plan_transition(request: HttpRequest, key: str) -> HttpResponse:
    """Move the plan one step along its workflow (the button pressed names the step)."""
    plan = plan_or_404(request, key, detail=False)
    transition = transition_between(plan.status, request.POST.get("to_status", ""))
    if (
        transition is not None
        and transition not in permissions.allowed_transitions(request.user, plan)
        # The submitter who may otherwise approve hears why not, beside the form.
        and not permissions.is_own_submission(request.user, plan)
    ):
        raise PermissionDenied
    form = TransitionForm(request.POST, plan=plan)
    if form.is_valid():
        try:
            services.plan_transition(
                user=request.user,
                plan=plan,
                to_status=form.cleaned_data["to_status"],
                comment=form.cleaned_data["comment"],
            )
        except NotAllowed:
            raise  # 403, from signed_in
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            if is_htmx(request):
                # The status shows all over the page: load it again (a redirect to the same
                # address with only a #fragment would not reload it).
                return HttpResponseClientRefresh()
            return redirect(reverse("web:plan", args=[plan.key]) + "#workflow")
    # Show the plan page again, with the message beside the comment field.
    setattr(request, WORKFLOW_FORM_ATTRIBUTE, form)
    response = reading.plan_page(request, key)
    if not is_htmx(request):  # htmx swaps only successful responses
        response.status_code = 400
    return response


# The next period ---------------------------------------------------------------------------


@signed_in
def plan_next_period(request: HttpRequest, key: str) -> HttpResponse:
    """Copy the plan into a new draft for the next period, with the goals that continue."""
    plan = plan_or_404(request, key)
    if not permissions.can_create_plan(request.user, plan.unit_id):
        raise PermissionDenied
    goals = plan_goals(plan=plan)
    form = NextPeriodForm(request.POST or None, plan=plan, goals=goals)
    period_error = ""
    if request.method == "POST" and form.is_valid():
        try:
            new_plan = services.plan_copy_to_next_period(
                user=request.user,
                plan=plan,
                title=form.cleaned_data["title"],
                start_year=form.cleaned_data["start_year"],
                end_year=form.cleaned_data["end_year"],
                goal_keys=form.cleaned_data["goals"],
            )
        except NotAllowed:
            raise  # 403, from signed_in
        except DomainError as exc:
            # The service's refusals are all about the period: shown beside the two years.
            period_error = exc.message
        else:
            return redirect("web:plan", new_plan.key)
    return render(
        request,
        "web/cycle/next_period.html",
        {"plan": plan, "form": form, "period_error": period_error, "goals": goals},
        status=400 if request.method == "POST" else 200,
    )


# My tasks ----------------------------------------------------------------------------------


@signed_in
def my_tasks(request: HttpRequest) -> HttpResponse:
    """What waits for the signed-in user: the deadlines of the yearly cycle this year (due
    and overdue marked), plans to approve, goals to document or follow up.

    Each list of goals has pages of plans: `?opfoelgning=2`, `?dokumentation=2`.
    """
    pages = {
        "goals_to_follow_up": request.GET.get("opfoelgning"),
        "goals_without_criteria": request.GET.get("dokumentation"),
    }
    tasks = tasks_for(request.user, pages=pages)
    deadlines = deadline_list(user=request.user, on=timezone.localdate())
    return render(request, "web/cycle/my_tasks.html", {"tasks": tasks, "deadlines": deadlines})


# Reorganisation ----------------------------------------------------------------------------


@signed_in
def unit_reorganisation(request: HttpRequest, key: str) -> HttpResponse:
    """Move a unit's goals, with their history, to a unit that takes over its work."""
    unit = get_object_or_404(Unit.objects.prefetch_related("successors"), key=key)
    if not permissions.can_reorganise(request.user, unit.pk):
        raise PermissionDenied
    goals = list(
        goals_responsible_to(unit_id=unit.pk)
        .select_related("plan_focus_area__plan", "plan_focus_area__focus_area", "responsible_unit")
        .order_by(
            "-plan_focus_area__plan__start_year",
            "plan_focus_area__plan_id",
            "plan_focus_area__position",
            "position",
            "id",
        )
    )
    targets = [
        u
        for u in Unit.objects.exclude(pk=unit.pk)
        if permissions.can_reorganise(request.user, u.pk)
    ]
    form = ReorganisationForm(request.POST or None, unit=unit, targets=targets, goals=goals)
    if request.method == "POST" and form.is_valid():
        target = form.cleaned_data["target"]
        try:
            moved = services.goals_move_to_unit(
                user=request.user, source=unit, target=target, goal_keys=form.cleaned_data["goals"]
            )
        except NotAllowed:
            raise  # 403, from signed_in
        except DomainError as exc:
            form.add_error("goals", exc.message)
        else:
            messages.success(
                request,
                ngettext(
                    "%(count)s goal moved to %(unit)s.",
                    "%(count)s goals moved to %(unit)s.",
                    moved,
                )
                % {"count": moved, "unit": target.name},
            )
            return redirect("web:unit-reorganisation", unit.key)
    return render(
        request,
        "web/cycle/reorganisation.html",
        {"unit": unit, "form": form, "goals": goals, "successors": list(unit.successors.all())},
        status=400 if request.method == "POST" else 200,
    )


urlpatterns: list[URLPattern] = [
    path("plan/<slug:key>/status-skift/", plan_transition, name="plan-transition"),
    path("plan/<slug:key>/naeste-periode/", plan_next_period, name="plan-next-period"),
    *follow_up.urlpatterns,
    path("mine-opgaver/", my_tasks, name="my-tasks"),
    path("enhed/<slug:key>/omorganisering/", unit_reorganisation, name="unit-reorganisation"),
]
