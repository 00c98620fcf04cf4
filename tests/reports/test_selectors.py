"""What a report of a plan holds: the plan as the user may see it, and where it sits."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext

from virkplan.organisation.models import Unit, UnitKind
from virkplan.plans.models import Plan
from virkplan.plans.selectors import SYSTEM_ACTOR
from virkplan.reports.selectors import plan_report

from .conftest import PLAN_2012, PLAN_2014


def test_report_names_the_municipality_and_the_nearest_contact_details(demo) -> None:
    report = plan_report(user=AnonymousUser(), key=PLAN_2014)
    municipality = Unit.objects.get(kind=UnitKind.MUNICIPALITY)
    assert report.municipality == municipality
    # The department has no address of its own: the municipality's is used
    assert not report.plan.unit.has_contact
    assert report.contact == municipality
    assert not report.followed_up
    assert plan_report(user=AnonymousUser(), key=PLAN_2012).followed_up


def test_a_units_own_contact_details_come_first(demo) -> None:
    Unit.objects.filter(name="Miljø & Teknik").update(phone="43 68 60 00")
    report = plan_report(user=AnonymousUser(), key=PLAN_2014)
    assert report.contact == report.plan.unit


def test_report_of_a_plan_the_user_may_not_see_does_not_exist(draft) -> None:
    with pytest.raises(Plan.DoesNotExist):
        plan_report(user=AnonymousUser(), key=draft.key)
    assert plan_report(user=SYSTEM_ACTOR, key=draft.key).plan == draft


def _queries(key: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        plan_report(user=AnonymousUser(), key=key)
    return len(queries)


# The plan's own queries (plans.selectors.plan_detail: seven with the goals' statuses, and an
# eighth for the criteria the follow-ups name, when there are follow-ups), its newest follow-up
# round (and two counts when it has one), and one per level of the organisation
# above the unit's parent: Miljø & Teknik sits one level further down than the former
# Miljø- og Teknikforvaltningen. The 2014 plan shows its unit's organisation chart: one more for
# the units under Miljø & Teknik.
REPORT_QUERIES = {PLAN_2014: 10, PLAN_2012: 9}


@pytest.mark.parametrize("key", list(REPORT_QUERIES))
def test_report_queries_on_the_demo(demo, key) -> None:
    assert _queries(key) == REPORT_QUERIES[key]


def test_report_queries_on_a_plan_ten_times_the_demo(scaled_demo) -> None:
    assert {key: _queries(key) for key in REPORT_QUERIES} == REPORT_QUERIES
