"""Read-only pages: the organisation with its plans, a plan, its status, a goal.

Anonymous readers get them from the cache (web.caching) until the data changes.
"""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from virkplan.organisation.models import Unit
from virkplan.organisation.selectors import unit_tree
from virkplan.plans.models import Goal, Plan
from virkplan.plans.selectors import (
    goal_detail,
    goal_lineage,
    plans_visible_to,
)
from virkplan.plans.statistics import plan_status_counts, plan_status_summary
from virkplan.reports.charts import status_chart

from ..caching import anonymous_page_cache
from ..http import plan_or_404


@anonymous_page_cache
def front_page(request: HttpRequest) -> HttpResponse:
    units = list(Unit.objects.all())
    plans_by_unit: dict[int, list[Plan]] = {}
    for plan in plans_visible_to(user=request.user):
        plans_by_unit.setdefault(plan.unit_id, []).append(plan)
    tree = unit_tree(units=units)
    for node in _walk(tree):
        node.plans = plans_by_unit.get(node.unit.pk, [])
    return render(request, "web/front.html", {"tree": tree})


def _walk(nodes):
    for node in nodes:
        yield node
        yield from _walk(node.children)


@anonymous_page_cache
def plan_page(request: HttpRequest, key: str) -> HttpResponse:
    plan = plan_or_404(request, key)
    summary = plan_status_summary(plan=plan)
    return render(request, "web/plan.html", {"plan": plan, "summary": summary})


@anonymous_page_cache
def plan_status_page(request: HttpRequest, key: str) -> HttpResponse:
    plan = plan_or_404(request, key, detail=False)
    summary = plan_status_counts(plan=plan)
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
    return render(request, "web/goal.html", {"goal": goal, "lineage": lineage})
