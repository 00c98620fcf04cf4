"""The reads that the project list, its spreadsheet, a project's page and a goal's page share.

Every read takes the user and applies projects.permissions in one place; each
costs a fixed number of queries however many projects, milestones and goals
it returns.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import (
    Case,
    Count,
    F,
    IntegerField,
    Min,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
)

from virkplan.organisation.models import Unit
from virkplan.organisation.permissions import Actor
from virkplan.organisation.selectors import unit_authority_ids, unit_subtree_ids
from virkplan.plans.models import Goal, PlanStatus
from virkplan.plans.selectors import goals_visible_to

from .models import Milestone, Project, ProjectGoal, ProjectStatus
from .permissions import project_unit_ids

# The statuses in the order a project goes through them, for sorting by status.
STATUS_ORDER = [
    ProjectStatus.IDEA,
    ProjectStatus.APPROVED,
    ProjectStatus.IN_PROGRESS,
    ProjectStatus.PAUSED,
    ProjectStatus.DONE,
    ProjectStatus.CANCELLED,
]


def projects_visible_to(*, user: Actor | None) -> QuerySet[Project]:
    """Projects the user may read, with their unit and leader joined."""
    projects = Project.objects.select_related("unit", "leader")
    units = project_unit_ids(user)
    if units is None:
        return projects
    return projects.filter(unit_id__in=units)


@dataclass(frozen=True)
class ProjectFilters:
    """What the project list is narrowed to; every filter is optional."""

    unit: Unit | None = None
    status: str = ""
    goal: Goal | None = None
    date_from: date | None = None
    date_to: date | None = None
    budget_min: Decimal | None = None
    budget_max: Decimal | None = None


# The list's columns that sort it, by their name in the address.
SORTS = {
    "titel": ("title",),
    "enhed": ("unit__name",),
    "status": ("status_rank",),
    "start": ("start_date",),
    "slut": ("end_date",),
    "budget": ("budget",),
    "milepael": ("next_milestone",),
}
DEFAULT_SORT = "titel"


def project_list(
    *,
    user: Actor | None,
    filters: ProjectFilters,
    today: date,
    sort: str = DEFAULT_SORT,
    descending: bool = False,
) -> QuerySet[Project]:
    """The projects the user may read under the filters, sorted, each with its next open
    milestone's date (`next_milestone`) and its overdue milestones counted (`overdue`).

    One query for a page of them, whatever the number of milestones.
    """
    projects = projects_visible_to(user=user)
    if filters.unit is not None:
        projects = projects.filter(unit_id__in=unit_subtree_ids(unit_id=filters.unit.pk))
    if filters.status:
        projects = projects.filter(status=filters.status)
    if filters.goal is not None:
        projects = projects.filter(goal_links__goal=filters.goal)
    # A project runs in the period when it starts before the period ends and ends after it starts.
    if filters.date_from is not None:
        projects = projects.filter(Q(end_date__isnull=True) | Q(end_date__gte=filters.date_from))
    if filters.date_to is not None:
        projects = projects.filter(Q(start_date__isnull=True) | Q(start_date__lte=filters.date_to))
    if filters.budget_min is not None:
        projects = projects.filter(budget__gte=filters.budget_min)
    if filters.budget_max is not None:
        projects = projects.filter(budget__lte=filters.budget_max)
    open_milestones = Q(milestones__met=False)
    projects = projects.annotate(
        next_milestone=Min("milestones__due_date", filter=open_milestones),
        overdue=Count("milestones", filter=open_milestones & Q(milestones__due_date__lt=today)),
        status_rank=Case(
            *(When(status=status, then=Value(rank)) for rank, status in enumerate(STATUS_ORDER)),
            default=Value(len(STATUS_ORDER)),
            output_field=IntegerField(),
        ),
    )
    columns = SORTS.get(sort, SORTS[DEFAULT_SORT])
    order = [
        F(column).desc(nulls_last=True) if descending else F(column).asc(nulls_last=True)
        for column in columns
    ]
    return projects.order_by(*order, "title", "pk")


def project_detail(*, user: Actor | None, key: str) -> Project:
    """The project with its milestones and the goals it serves (those the user may see), in
    four queries; raises Project.DoesNotExist when the user may not read it."""
    visible_goals = goals_visible_to(user=user).values("pk")
    links = (
        ProjectGoal.objects.filter(goal__in=visible_goals)
        .select_related("goal__plan_focus_area__plan__unit", "goal__plan_focus_area__focus_area")
        .order_by("goal__plan_focus_area__plan__start_year", "goal__ref", "goal__pk")
    )
    return (
        projects_visible_to(user=user)
        .prefetch_related(
            Prefetch("milestones", queryset=Milestone.objects.order_by("due_date", "pk")),
            Prefetch("goal_links", queryset=links),
        )
        .get(key=key)
    )


def projects_of_goal(*, user: Actor | None, goal: Goal) -> list[Project]:
    """The projects serving the goal that the user may read: none, and no query, for anonymous
    readers, whose goal pages are kept whole (web.caching)."""
    units = project_unit_ids(user)
    if units is not None and not units:
        return []
    return list(
        projects_visible_to(user=user)
        .filter(goal_links__goal=goal)
        .annotate(next_milestone=Min("milestones__due_date", filter=Q(milestones__met=False)))
        .order_by("title", "pk")
    )


def goals_to_link(*, user: Actor | None, project: Project) -> QuerySet[Goal]:
    """The goals a project may be said to serve: in plans the user may read, of the project's
    unit, the units above it and those under it, not archived, and not served already."""
    units = unit_subtree_ids(unit_id=project.unit_id) | set(
        unit_authority_ids(unit_id=project.unit_id)
    )
    return (
        goals_visible_to(user=user)
        .filter(plan_focus_area__plan__unit_id__in=units)
        .exclude(plan_focus_area__plan__status=PlanStatus.ARCHIVED)
        .exclude(project_links__project=project)
        .order_by("-plan_focus_area__plan__start_year", "plan_focus_area__plan__title", "ref", "pk")
    )


@dataclass(frozen=True)
class ProjectCount:
    """How many projects the user may read under a unit (every unit: None), and how many of
    them have a milestone past its date and not met."""

    projects: int
    overdue: int


def project_count(*, user: Actor | None, unit: Unit | None, today: date) -> ProjectCount:
    """The projects the municipality's overview counts: those of the unit and the units under
    it, as the project list filtered on the unit shows them (one query)."""
    listed = project_list(user=user, filters=ProjectFilters(unit=unit), today=today)
    # (`overdue` is project_list's annotation, which the type checker does not see)
    overdue = list(listed.order_by().values_list("overdue", flat=True))  # type: ignore[misc]
    return ProjectCount(projects=len(overdue), overdue=sum(1 for count in overdue if count))
