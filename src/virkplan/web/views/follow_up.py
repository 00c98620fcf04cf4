"""The follow-up round: every goal of a plan with a follow-up form beside it (templates/web/cycle).

Anonymous users are sent to the sign-in page; signed-in users without the
role get 403 and nothing changes; plans they may not see give 404.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST
from django_htmx.http import HttpResponseClientRedirect

from virkplan.core.errors import DomainError, EditConflict, NotAllowed
from virkplan.plans import permissions, services
from virkplan.plans.models import FollowUp, FollowUpRound, Goal, GoalAssessment, Plan
from virkplan.plans.selectors import (
    follow_up_rounds,
    goal_detail,
    plan_goals,
    round_goals_not_followed_up,
    round_progress,
)

from ..forms.cycle import (
    FollowUpForm,
    FollowUpRoundStartForm,
    GoalAssessmentForm,
)
from ..http import is_htmx, plan_or_404, signed_in
from .round_cards import GoalCard, follow_up_in, goal_card, with_levels

# The follow-up round -----------------------------------------------------------------------


def _round_page(
    request: HttpRequest,
    plan: Plan,
    *,
    start_form: FollowUpRoundStartForm | None = None,
    override: GoalCard | None = None,
    status: int = 200,
) -> HttpResponse:
    rounds = follow_up_rounds(plan=plan)
    current = next((r for r in rounds if r.is_open), None)
    editing_id = request.GET.get("rediger")
    areas = []
    for plan_focus_area in plan.plan_focus_areas.all():
        cards = []
        for goal, level in with_levels(plan_focus_area.top_goals, 3):
            if override is not None and override.goal.pk == goal.pk:
                cards.append(override)
                continue
            editing = follow_up_in(goal, editing_id)
            cards.append(goal_card(request.user, plan, goal, current, level=level, editing=editing))
        areas.append((plan_focus_area, cards))
    all_cards = [card for _area, cards in areas for card in cards]
    return render(
        request,
        "web/cycle/follow_up_round.html",
        {
            "plan": plan,
            "areas": areas,
            "open_round": current,
            "past_rounds": [r for r in rounds if not r.is_open],
            "start_form": start_form or FollowUpRoundStartForm(),
            "can_run": permissions.can_run_follow_up_round(request.user, plan),
            "done": sum(card.done for card in all_cards),
            "total": len(all_cards),
        },
        status=status,
    )


def _round_url(plan: Plan, goal: Goal | None = None) -> str:
    url = reverse("web:follow-up-round", args=[plan.key])
    return f"{url}#goal-{goal.key}" if goal else url


@signed_in
def follow_up_round_page(request: HttpRequest, key: str) -> HttpResponse:
    """Every goal of the plan with its documentation, and a follow-up form beside each."""
    plan = plan_or_404(request, key)
    if not permissions.can_take_part_in_follow_up(request.user, plan):
        raise PermissionDenied
    return _round_page(request, plan)


@signed_in
@require_POST
def follow_up_round_start(request: HttpRequest, key: str) -> HttpResponse:
    plan = plan_or_404(request, key, detail=False)
    if not permissions.can_run_follow_up_round(request.user, plan):
        raise PermissionDenied
    form = FollowUpRoundStartForm(request.POST)
    if form.is_valid():
        try:
            services.follow_up_round_start(
                user=request.user, plan=plan, on=form.cleaned_data["date"]
            )
        except NotAllowed:
            raise  # 403, from signed_in
        except DomainError as exc:
            form.add_error("date", exc.message)
        else:
            messages.success(request, _("The follow-up round has started."))
            return redirect(_round_url(plan))
    return _round_page(request, plan_or_404(request, key), start_form=form, status=400)


@signed_in
@require_POST
def follow_up_round_finish(request: HttpRequest, key: str) -> HttpResponse:
    plan = plan_or_404(request, key, detail=False)
    if not permissions.can_run_follow_up_round(request.user, plan):
        raise PermissionDenied
    current = _open_round(plan)
    if current is None:
        return _no_open_round(request, plan)
    if request.POST.get("confirm") != "1":
        # Goals still without a follow-up: name them, and finish only when asked again.
        missing = round_goals_not_followed_up(plan=plan, round=current)
        if missing:
            _done, total = round_progress(plan=plan, round=current)
            return render(
                request,
                "web/cycle/round_finish_confirm.html",
                {"plan": plan, "round": current, "missing": missing, "total": total},
            )
    try:
        services.follow_up_round_finish(user=request.user, round=current)
    except NotAllowed:
        raise  # 403, from signed_in
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        done, total = round_progress(plan=plan, round=current)
        messages.success(
            request,
            ngettext(
                "The follow-up round is finished: %(done)s of %(total)s goal followed up.",
                "The follow-up round is finished: %(done)s of %(total)s goals followed up.",
                total,
            )
            % {"done": done, "total": total},
        )
    return redirect(_round_url(plan))


def _open_round(plan: Plan) -> FollowUpRound | None:
    return FollowUpRound.objects.filter(plan=plan, finished_at__isnull=True).first()


def _no_open_round(request: HttpRequest, plan: Plan) -> HttpResponse:
    """Back to the round's page, saying no round is open (a full page load under htmx)."""
    messages.error(request, _("No follow-up round is open for this plan."))
    if is_htmx(request):
        return HttpResponseClientRedirect(_round_url(plan))
    return redirect(_round_url(plan))


def _goal_to_follow_up(
    request: HttpRequest, key: str, goal_key: str
) -> tuple[Goal, FollowUpRound | None]:
    """The plan's goal the user may follow up (else 404 or 403), and the plan's open round."""
    goal = _goal_of_plan_or_404(request, key, goal_key)
    if not permissions.can_follow_up_goal(request.user, goal, goal.plan_focus_area.plan):
        raise PermissionDenied
    return goal, _open_round(goal.plan_focus_area.plan)


def _goal_of_plan_or_404(request: HttpRequest, key: str, goal_key: str) -> Goal:
    try:
        goal = goal_detail(user=request.user, key=goal_key)
    except Goal.DoesNotExist as exc:
        raise Http404 from exc
    if goal.plan_focus_area.plan.key != key:
        raise Http404
    return goal


def _goal_fragment(
    request: HttpRequest, plan: Plan, card: GoalCard, round: FollowUpRound
) -> HttpResponse:
    done, total = round_progress(plan=plan, round=round)
    return render(
        request,
        "web/cycle/_round_goal_response.html",
        {"plan": plan, "card": card, "open_round": round, "done": done, "total": total},
    )


@signed_in
def follow_up_goal(request: HttpRequest, key: str, goal_key: str) -> HttpResponse:
    """Save one goal's follow-up in the open round (htmx swaps the goal; without JS, a redirect).

    GET gives the goal's form for editing one of its follow-ups (`?rediger=<id>`).
    """
    goal, current = _goal_to_follow_up(request, key, goal_key)
    plan = goal.plan_focus_area.plan
    if current is None:
        return _no_open_round(request, plan)
    level = 4 if goal.parent_id else 3
    if request.method != "POST":
        editing = follow_up_in(goal, request.GET.get("rediger"))
        if not is_htmx(request):
            query = f"?rediger={editing.pk}" if editing else ""
            url = reverse("web:follow-up-round", args=[plan.key])
            return redirect(f"{url}{query}#goal-{goal.key}")
        card = goal_card(request.user, plan, goal, current, level=level, editing=editing)
        return _goal_fragment(request, plan, card, current)

    form = FollowUpForm(request.POST, goal=goal)
    editing = None
    if form.is_valid() and form.cleaned_data["follow_up"]:
        editing = follow_up_in(goal, form.cleaned_data["follow_up"])
        if editing is None:
            raise Http404
    elif not form.is_valid() and form.cleaned_data.get("follow_up"):
        editing = follow_up_in(goal, form.cleaned_data["follow_up"])
    form, conflict, saved = _save_follow_up(request, goal, form, editing, current)
    if saved:
        if is_htmx(request):
            goal = _goal_of_plan_or_404(request, key, goal_key)
            card = goal_card(request.user, plan, goal, current, level=level, saved=True)
            return _goal_fragment(request, plan, card, current)
        messages.success(request, _("The follow-up is saved."))
        return redirect(_round_url(plan, goal))
    if is_htmx(request):
        card = goal_card(
            request.user,
            plan,
            goal,
            current,
            level=level,
            editing=editing,
            form=form,
            conflict=conflict,
        )
        return _goal_fragment(request, plan, card, current)
    # Without JS: the whole page again, this goal with the user's input and the messages.
    full_plan = plan_or_404(request, key)
    loaded = next(g for g in plan_goals(plan=full_plan) if g.pk == goal.pk)
    card = goal_card(
        request.user,
        full_plan,
        loaded,
        current,
        level=level,
        editing=follow_up_in(loaded, editing.pk) if editing else None,
        form=form,
        conflict=conflict,
    )
    return _round_page(request, full_plan, override=card, status=409 if conflict else 400)


@signed_in
@require_POST
def follow_up_goal_status(request: HttpRequest, key: str, goal_key: str) -> HttpResponse:
    """Save the goal's status as a whole in the open round (htmx swaps the goal; without JS,
    a redirect, or the whole page again with the user's input and the errors)."""
    goal, current = _goal_to_follow_up(request, key, goal_key)
    plan = goal.plan_focus_area.plan
    if current is None:
        return _no_open_round(request, plan)
    level = 4 if goal.parent_id else 3
    form = GoalAssessmentForm(request.POST, goal=goal)
    conflict: GoalAssessment | None = None
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.goal_assess(
                user=request.user,
                goal=goal,
                round=current,
                status=data["status"],
                progress=data.get("progress"),
                expected_version=data["version"] or 0,
            )
        except EditConflict as exc:
            assert isinstance(exc.current, GoalAssessment)
            conflict = exc.current
            data = request.POST.copy()
            data[f"{form.prefix}-version"] = str(conflict.version)
            form = GoalAssessmentForm(data, goal=goal)
            form.is_valid()
            form.add_error(None, exc.message)
        except NotAllowed:
            raise  # 403, from signed_in
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            if not is_htmx(request):
                messages.success(request, _("The goal's status is saved."))
                return redirect(_round_url(plan, goal))
            goal = _goal_of_plan_or_404(request, key, goal_key)
            card = goal_card(request.user, plan, goal, current, level=level)
            card.status_saved = True
            return _goal_fragment(request, plan, card, current)
    status = 409 if conflict else 400
    if is_htmx(request):
        card = goal_card(request.user, plan, goal, current, level=level, status_form=form)
        card.status_conflict = conflict
        return _goal_fragment(request, plan, card, current)
    full_plan = plan_or_404(request, key)
    loaded = next(g for g in plan_goals(plan=full_plan) if g.pk == goal.pk)
    card = goal_card(request.user, full_plan, loaded, current, level=level, status_form=form)
    card.status_conflict = conflict
    return _round_page(request, full_plan, override=card, status=status)


def _save_follow_up(
    request: HttpRequest,
    goal: Goal,
    form: FollowUpForm,
    editing: FollowUp | None,
    round: FollowUpRound,
) -> tuple[FollowUpForm, FollowUp | None, bool]:
    """Create or update the follow-up; returns the form (with any errors), a conflict, success."""
    if not form.is_valid():
        return form, None, False
    data = form.cleaned_data
    try:
        if editing is None:
            services.follow_up_create(
                user=request.user,
                goal=goal,
                status=data["status"],
                text=data["text"],
                criteria=form.chosen_criteria(),
                on=round.date,
            )
        else:
            services.follow_up_update(
                user=request.user,
                follow_up=editing,
                expected_version=data["version"] or 0,
                status=data["status"],
                text=data["text"],
                criteria=form.chosen_criteria(),
            )
    except EditConflict as exc:
        current = exc.current
        assert isinstance(current, FollowUp)
        form = _rebound_with_version(request, goal, current)
        form.add_error(None, exc.message)
        return form, current, False
    except NotAllowed:
        raise  # 403, from signed_in
    except DomainError as exc:
        form.add_error(None, exc.message)
        return form, None, False
    return form, None, True


def _rebound_with_version(request: HttpRequest, goal: Goal, current: FollowUp) -> FollowUpForm:
    """The user's input again, now based on the row as it is: saving again overwrites it."""
    data = request.POST.copy()
    prefix = FollowUpForm(goal=goal).prefix
    data[f"{prefix}-version"] = str(current.version)
    form = FollowUpForm(data, goal=goal)
    form.is_valid()
    return form


urlpatterns: list[URLPattern] = [
    path("plan/<slug:key>/opfoelgning/", follow_up_round_page, name="follow-up-round"),
    path("plan/<slug:key>/opfoelgning/start/", follow_up_round_start, name="follow-up-round-start"),
    path(
        "plan/<slug:key>/opfoelgning/afslut/",
        follow_up_round_finish,
        name="follow-up-round-finish",
    ),
    path(
        "plan/<slug:key>/opfoelgning/maal/<slug:goal_key>/",
        follow_up_goal,
        name="follow-up-goal",
    ),
    path(
        "plan/<slug:key>/opfoelgning/maal/<slug:goal_key>/status/",
        follow_up_goal_status,
        name="follow-up-goal-status",
    ),
]
