"""Read-only pages: the organisation with its plans, a unit, a plan, its status, a goal.

Anonymous readers get them from the cache (web.caching) until the data changes.
"""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from virkplan.indicators.charts import criteria_charts
from virkplan.indicators.selectors import criteria_progress
from virkplan.organisation.models import Unit
from virkplan.organisation.selectors import unit_ancestors, unit_tree
from virkplan.plans.models import Goal
from virkplan.plans.selectors import (
    current_plans,
    goal_detail,
    goal_lineage,
    plans_visible_to,
    previous_plan,
)
from virkplan.plans.statistics import plan_status_counts, plan_status_summary, with_round
from virkplan.projects.permissions import may_see_projects
from virkplan.projects.selectors import projects_of_goal
from virkplan.reports.charts import status_chart
from virkplan.reports.orgchart import plan_organisation_chart

from ..caching import anonymous_page_cache
from ..http import plan_or_404
from .citizens import citizens_view
from .comments import comment_counts, thread_for


@anonymous_page_cache
def front_page(request: HttpRequest) -> HttpResponse:
    """For staff, every unit with its current plans (a unit's page has the older ones); for
    anonymous readers, the citizens' start page (web:citizens) without filters."""
    if not request.user.is_authenticated:
        return citizens_view(request, filtered=False)
    current = current_plans(user=request.user)
    tree = unit_tree(units=list(Unit.objects.all()))
    for node in _walk(tree):
        node.plans = current.by_unit.get(node.unit.pk, [])
        node.older = current.older.get(node.unit.pk, 0)
    return render(request, "web/front.html", {"tree": tree})


@anonymous_page_cache
def unit_page(request: HttpRequest, key: str) -> HttpResponse:
    """A unit with every plan of it the reader may see, newest first, and its units below."""
    unit = get_object_or_404(Unit, key=key)
    plans = plans_visible_to(user=request.user).filter(unit=unit).order_by("-start_year", "title")
    context = {
        "unit": unit,
        "ancestors": unit_ancestors(unit=unit),
        "plans": list(plans),
        "children": list(unit.children.all()),
        "predecessors": list(unit.predecessors.all()),
        "successors": list(unit.successors.all()),
    }
    return render(request, "web/unit.html", context)


def _walk(nodes):
    for node in nodes:
        yield node
        yield from _walk(node.children)


@anonymous_page_cache
def plan_page(request: HttpRequest, key: str) -> HttpResponse:
    plan = plan_or_404(request, key)
    summary = plan_status_summary(plan=plan)
    context = {
        "plan": plan,
        "summary": summary,
        "previous_plan": previous_plan(user=request.user, plan=plan),
        "organisation_chart": plan_organisation_chart(plan=plan),
        # Signed-in readers with a role only: the anonymous page (cached) has no comments.
        "comment_counts": comment_counts(request, plan),
        "thread": thread_for(request, plan),
    }
    return render(request, "web/plan.html", context)


@anonymous_page_cache
def plan_status_page(request: HttpRequest, key: str) -> HttpResponse:
    plan = plan_or_404(request, key, detail=False)
    summary = with_round(plan_status_counts(plan=plan), plan=plan)
    return render(
        request,
        "web/plan_status.html",
        {"plan": plan, "summary": summary, "chart": status_chart(summary=summary)},
    )


@anonymous_page_cache
def goal_page(request: HttpRequest, key: str) -> HttpResponse:
    try:
        goal = goal_detail(user=request.user, key=key)
    except Goal.DoesNotExist as exc:
        raise Http404 from exc
    lineage = goal_lineage(user=request.user, goal=goal)
    # The projects serving the goal are internal: none for anonymous readers, whose page is kept.
    projects = projects_of_goal(user=request.user, goal=goal)
    thread = thread_for(request, goal.plan_focus_area.plan, goal)
    measured = criteria_charts(criteria_progress(list(goal.criteria.all()))).get(goal.pk, [])
    context = {
        "goal": goal,
        "lineage": lineage,
        "thread": thread,
        "projects": projects,
        "shows_projects": may_see_projects(request.user),
        "measured": measured,
    }
    return render(request, "web/goal.html", context)
