"""The demo's projects: work of Miljø & Teknik that serves the 2014 plan's goals.

Made up to show the project list (the reference plan names the efforts, not their budgets or
milestones); made through projects.services as the server itself, as an import is.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import transaction

from virkplan.organisation.models import Unit
from virkplan.organisation.permissions import SYSTEM_ACTOR
from virkplan.plans.models import Goal
from virkplan.projects import services
from virkplan.projects.models import Project, ProjectStatus

S = ProjectStatus


@dataclass(frozen=True)
class DemoProject:
    key: str
    title: str
    unit: str
    description: str
    leader_name: str
    start: date
    end: date
    budget: Decimal
    status: str
    goals: tuple[str, ...]
    # (title, due date, date met or None)
    milestones: tuple[tuple[str, date, date | None], ...]


# The statuses a project passes on its way to each.
PATH: dict[str, tuple[str, ...]] = {
    S.IDEA: (),
    S.APPROVED: (S.APPROVED,),
    S.IN_PROGRESS: (S.APPROVED, S.IN_PROGRESS),
    S.PAUSED: (S.APPROVED, S.IN_PROGRESS, S.PAUSED),
    S.DONE: (S.APPROVED, S.IN_PROGRESS, S.DONE),
}

DEMO_PROJECTS = (
    DemoProject(
        key="energirenovering-hyldespjaeldet",
        title="Energirenovering af Hyldespjældet",
        unit="ejendom-vej-park",
        description=(
            "Energirenovering af rækkehusene i Hyldespjældet sammen med boligselskabet: "
            "nye facader, tag og ventilation, så varmeforbruget falder."
        ),
        leader_name="Projektleder i Ejendom, Vej & Park",
        start=date(2013, 9, 1),
        end=date(2016, 12, 31),
        budget=Decimal("4500000"),
        status=S.IN_PROGRESS,
        goals=("mt-2014-g02", "mt-2014-g16"),
        milestones=(
            ("Aftale med boligselskabet underskrevet", date(2013, 12, 1), date(2013, 11, 20)),
            ("Første etape afleveret", date(2014, 10, 1), date(2014, 11, 3)),
            ("Anden etape afleveret", date(2015, 10, 1), None),
        ),
    ),
    DemoProject(
        key="vand-i-byer",
        title="Vand i Byer: klimatilpasning ved Store Vejleå",
        unit="by-miljoe",
        description=(
            "Regnvand ledes til grønne områder langs Store Vejleå i stedet for kloakken, "
            "så skybrud ikke oversvømmer boligerne."
        ),
        leader_name="Miljøplanlægger i By & Miljø",
        start=date(2014, 1, 1),
        end=date(2015, 6, 30),
        budget=Decimal("1250000"),
        status=S.APPROVED,
        goals=("mt-2014-g04",),
        milestones=(
            ("Klimatilpasningsplan vedtaget", date(2014, 3, 1), date(2014, 2, 26)),
            ("Første regnbed anlagt", date(2014, 9, 1), None),
        ),
    ),
    DemoProject(
        key="affaldsplan-2014-2018",
        title="Affaldsplan 2014–2018",
        unit="forsyning",
        description="Ny affaldsplan: mere genbrug, sortering i ti fraktioner og formidling af "
        "at affald er lig med ressourcer.",
        leader_name="Affaldsplanlægger i Forsyning",
        start=date(2014, 1, 1),
        end=date(2018, 12, 31),
        budget=Decimal("850000"),
        status=S.IN_PROGRESS,
        goals=("mt-2014-g05", "mt-2014-g10"),
        milestones=(
            ("Planen i høring", date(2014, 4, 1), date(2014, 4, 1)),
            ("Planen vedtaget", date(2014, 9, 30), date(2014, 10, 8)),
            ("Sortering i ti fraktioner i alle boligområder", date(2016, 6, 30), None),
        ),
    ),
    DemoProject(
        key="fremtidens-lys",
        title="Fremtidens lys: LED i vejbelysningen",
        unit="miljo-teknik",
        description="Demonstration af intelligent LED-vejbelysning i partnerskab med "
        "virksomheder og forskere.",
        leader_name="",
        start=date(2013, 1, 1),
        end=date(2014, 6, 30),
        budget=Decimal("2300000"),
        status=S.DONE,
        goals=("mt-2014-g14",),
        milestones=(("Testområde tændt", date(2013, 10, 1), date(2013, 9, 24)),),
    ),
)


@transaction.atomic
def demo_projects_create() -> int:
    """The demo's projects, unless projects exist or the demo's units and goals do not; how many
    were made."""
    if Project.objects.exists():
        return 0
    units = {
        unit.key: unit for unit in Unit.objects.filter(key__in=[p.unit for p in DEMO_PROJECTS])
    }
    goals = {goal.key: goal for goal in Goal.objects.filter(key__startswith="mt-2014-")}
    made = 0
    for spec in DEMO_PROJECTS:
        unit = units.get(spec.unit)
        if unit is None or not all(key in goals for key in spec.goals):
            continue
        project = services.project_create(
            user=SYSTEM_ACTOR,
            unit=unit,
            key=spec.key,
            title=spec.title,
            description=spec.description,
            leader_name=spec.leader_name,
            start_date=spec.start,
            end_date=spec.end,
            budget=spec.budget,
        )
        for status in PATH[spec.status]:
            project = services.project_set_status(user=SYSTEM_ACTOR, project=project, status=status)
        for key in spec.goals:
            services.project_goal_link(user=SYSTEM_ACTOR, project=project, goal=goals[key])
        for title, due, met in spec.milestones:
            services.milestone_create(
                user=SYSTEM_ACTOR,
                project=project,
                title=title,
                due_date=due,
                met=met is not None,
                met_date=met,
            )
        made += 1
    return made
