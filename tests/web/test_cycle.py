"""The plan cycle's pages through Django's test client, for every role.

Roles (on the demo organisation): a reader on the municipality, an editor of
the plan's unit ("forsyning"), an editor of a sibling unit ("by-miljoe"), an
approver on the department above ("miljo-teknik"), an administrator on the
municipality. Allowed requests succeed; the others are sent to sign in
(anonymous), refused with 403, or get 404 for a plan they may not see, and
change nothing.
"""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import (
    CriterionFactory,
    FollowUpFactory,
    GoalFactory,
    PlanFactory,
    PlanFocusAreaFactory,
    user_with_roles,
)
from virkplan.organisation.models import Role, Unit
from virkplan.plans import services
from virkplan.plans.models import (
    FollowUp,
    FollowUpRound,
    FollowUpStatus,
    Goal,
    GoalAssessment,
    Plan,
    PlanEvent,
    PlanStatus,
)
from virkplan.plans.services import MSG_COMMENT_REQUIRED
from virkplan.plans.tasks import PLANS_PER_PAGE, TASKS_PER_PLAN

from .conftest import SCALE, page_text

ROLES = ["anonymous", "reader", "editor", "sibling", "approver", "admin"]
HTMX = {"HX-Request": "true"}


@pytest.fixture
def people(demo) -> dict:
    return {
        "anonymous": None,
        "reader": user_with_roles("laeser", ("albertslund", Role.READER)),
        "editor": user_with_roles("redaktoer", ("forsyning", Role.EDITOR)),
        "sibling": user_with_roles("nabo", ("by-miljoe", Role.EDITOR)),
        "approver": user_with_roles("godkender", ("miljo-teknik", Role.APPROVER)),
        "admin": user_with_roles("admin", ("albertslund", Role.ADMINISTRATOR)),
    }


def _plan(status: str, key: str, unit_key: str = "forsyning") -> Plan:
    """A plan with a focus area, a goal with two criteria and a goal with a sub-goal."""
    plan = PlanFactory(
        key=key, unit=Unit.objects.get(key=unit_key), status=status, title=f"Plan {key}"
    )
    area = PlanFocusAreaFactory(plan=plan)
    first = GoalFactory(plan_focus_area=area, key=f"{key}-g1", ref="1", position=0)
    CriterionFactory(goal=first, text="Første kriterie", position=0)
    CriterionFactory(goal=first, text="Andet kriterie", position=1)
    second = GoalFactory(plan_focus_area=area, key=f"{key}-g2", ref="2", position=1)
    GoalFactory(plan_focus_area=area, parent=second, key=f"{key}-g2-1", ref="2.1")
    return plan


@pytest.fixture
def draft(people) -> Plan:
    return _plan(PlanStatus.DRAFT, "udkast")


@pytest.fixture
def submitted(people) -> Plan:
    return _plan(PlanStatus.SUBMITTED, "indsendt")


@pytest.fixture
def published(people) -> Plan:
    return _plan(PlanStatus.PUBLISHED, "offentlig")


def _login(client, people: dict, who: str):
    user = people[who]
    if user is not None:
        client.force_login(user)
    return user


def _is_login_redirect(response) -> bool:
    return response.status_code == 302 and response.url.startswith(reverse("login"))


def _refused(response, who: str, *, hidden: bool = False) -> bool:
    """Anonymous users are sent to sign in; others get 403, or 404 when they cannot see the plan."""
    if who == "anonymous":
        return _is_login_redirect(response)
    return response.status_code == (404 if hidden else 403)


def _plan_state(plan: Plan) -> tuple:
    plan.refresh_from_db()
    return plan.status, plan.version, PlanEvent.objects.filter(plan=plan).count()


# The workflow panel and its steps ---------------------------------------------------------


SUBMIT_ALLOWED = {"editor", "approver", "admin"}


@pytest.mark.parametrize("who", ROLES)
def test_submitting_a_draft_by_role(client, people, draft, who: str) -> None:
    # Given a draft plan of "forsyning"
    _login(client, people, who)
    before = _plan_state(draft)
    # When the user presses "Submit for approval"
    response = client.post(
        reverse("web:plan-transition", args=[draft.key]), {"to_status": PlanStatus.SUBMITTED}
    )
    if who in SUBMIT_ALLOWED:
        # Then the plan is submitted and they are back on its page, at the panel
        assert response.status_code == 302
        assert response.url == reverse("web:plan", args=[draft.key]) + "#workflow"
        draft.refresh_from_db()
        assert draft.status == PlanStatus.SUBMITTED
        event = PlanEvent.objects.get(plan=draft)
        assert event.user == people[who]
    else:
        # The sibling unit's editor cannot even see another unit's draft
        assert _refused(response, who, hidden=who == "sibling")
        assert _plan_state(draft) == before


APPROVE_ALLOWED = {"approver", "admin"}


@pytest.mark.parametrize("target", [PlanStatus.APPROVED, PlanStatus.DRAFT])
@pytest.mark.parametrize("who", ROLES)
def test_approving_or_returning_by_role(client, people, submitted, who: str, target: str) -> None:
    _login(client, people, who)
    before = _plan_state(submitted)
    response = client.post(
        reverse("web:plan-transition", args=[submitted.key]),
        {"to_status": target, "comment": "Godt arbejde."},
    )
    if who in APPROVE_ALLOWED:
        assert response.status_code == 302
        submitted.refresh_from_db()
        assert submitted.status == target
        assert PlanEvent.objects.get(plan=submitted).comment == "Godt arbejde."
    else:
        assert _refused(response, who, hidden=who == "sibling")
        assert _plan_state(submitted) == before


def test_returning_without_a_comment_shows_the_error_beside_the_field(
    client, people, submitted
) -> None:
    # Given the approver on the submitted plan
    client.force_login(people["approver"])
    before = _plan_state(submitted)
    # When they press "Return to draft" with no comment
    response = client.post(
        reverse("web:plan-transition", args=[submitted.key]),
        {"to_status": PlanStatus.DRAFT, "comment": "  "},
    )
    # Then the plan page is shown again with the message beside the comment field
    assert response.status_code == 400
    html = response.content.decode()
    field = re.search(r"<textarea[^>]*name=\"comment\"[^>]*>", html)
    assert field is not None
    assert 'aria-invalid="true"' in field.group(0)
    error_id = re.search(r'aria-describedby="([^"]*)"', field.group(0)).group(1).split()[-1]
    error = re.search(rf'id="{error_id}">(.*?)</span>\s*<textarea', html, re.S)
    assert error is not None and str(MSG_COMMENT_REQUIRED) in error.group(1)
    # ... and nothing changed
    assert _plan_state(submitted) == before


def test_returning_without_a_comment_with_htmx_swaps_in_the_panel(
    client, people, submitted
) -> None:
    client.force_login(people["approver"])
    response = client.post(
        reverse("web:plan-transition", args=[submitted.key]),
        {"to_status": PlanStatus.DRAFT},
        headers=HTMX,
    )
    # htmx swaps only successful responses: the page comes back 200, and htmx picks the panel
    assert response.status_code == 200
    assert 'id="workflow"' in response.content.decode()
    assert str(MSG_COMMENT_REQUIRED) in response.content.decode()
    submitted.refresh_from_db()
    assert submitted.status == PlanStatus.SUBMITTED


def test_a_step_with_htmx_reloads_the_plan_page(client, people, draft) -> None:
    client.force_login(people["editor"])
    response = client.post(
        reverse("web:plan-transition", args=[draft.key]),
        {"to_status": PlanStatus.SUBMITTED},
        headers=HTMX,
    )
    assert response.status_code == 200
    assert response.headers["HX-Refresh"] == "true"
    draft.refresh_from_db()
    assert draft.status == PlanStatus.SUBMITTED


def test_a_step_the_workflow_does_not_have_is_refused_with_a_message(client, people, draft) -> None:
    # E.g. a second "Submit" from an old page after the plan was approved
    client.force_login(people["approver"])
    before = _plan_state(draft)
    response = client.post(
        reverse("web:plan-transition", args=[draft.key]), {"to_status": PlanStatus.PUBLISHED}
    )
    assert response.status_code == 400
    assert 'role="alert"' in response.content.decode()
    assert _plan_state(draft) == before


def test_a_step_needs_a_post(client, people, draft) -> None:
    client.force_login(people["editor"])
    response = client.get(reverse("web:plan-transition", args=[draft.key]))
    assert response.status_code == 405


def _buttons(html: str) -> list[str]:
    return re.findall(r'<button type="submit" name="to_status" value="(\w+)"', html)


@pytest.mark.parametrize(
    ("who", "buttons"),
    [
        ("anonymous", None),
        ("reader", []),
        ("editor", []),
        ("sibling", None),
        ("approver", [PlanStatus.APPROVED, PlanStatus.DRAFT]),
        ("admin", [PlanStatus.APPROVED, PlanStatus.DRAFT]),
    ],
)
def test_the_panel_offers_the_steps_of_the_users_role(client, people, submitted, who, buttons):
    # Given a submitted plan that was returned once and submitted again
    PlanEvent.objects.create(
        plan=submitted,
        from_status=PlanStatus.SUBMITTED,
        to_status=PlanStatus.DRAFT,
        user=people["approver"],
        comment="Mangler <b>mål</b>.",
    )
    submitted.status = PlanStatus.SUBMITTED
    submitted.save()
    _login(client, people, who)
    response = client.get(reverse("web:plan", args=[submitted.key]))
    if who == "sibling":
        assert response.status_code == 404
        return
    html = response.content.decode()
    if buttons is None:
        # Anonymous readers of a plan (were it public) see no panel
        assert response.status_code in (200, 404)
        assert 'id="workflow"' not in html
        return
    assert response.status_code == 200
    assert 'id="workflow"' in html
    assert _buttons(html) == buttons
    # The past steps show who and why, with the user's text escaped
    assert "Mangler &lt;b&gt;mål&lt;/b&gt;." in html
    assert "godkender" in html


def test_the_panel_on_a_published_plan_links_to_the_cycles_pages(client, people, published):
    client.force_login(people["admin"])
    html = client.get(reverse("web:plan", args=[published.key])).content.decode()
    assert _buttons(html) == [PlanStatus.ARCHIVED]
    assert reverse("web:follow-up-round", args=[published.key]) in html
    assert reverse("web:plan-next-period", args=[published.key]) in html
    assert reverse("web:unit-reorganisation", args=["forsyning"]) in html


def test_the_panel_shows_a_revision_in_progress(client, people, published) -> None:
    revision = PlanFactory(
        unit=published.unit, status=PlanStatus.DRAFT, revision_of=published, revision=2
    )
    client.force_login(people["editor"])
    html = client.get(reverse("web:plan", args=[published.key])).content.decode()
    assert reverse("web:plan", args=[revision.key]) in html
    html = client.get(reverse("web:plan", args=[revision.key])).content.decode()
    assert reverse("web:plan", args=[published.key]) in html


def test_the_panel_is_not_there_for_anonymous_readers(client, demo) -> None:
    html = client.get(reverse("web:plan", args=["mtf-2012-2013"])).content.decode()
    assert 'id="workflow"' not in html


# The follow-up round ----------------------------------------------------------------------


ROUND_ALLOWED = {"editor", "approver", "admin"}


@pytest.mark.parametrize("who", ROLES)
def test_the_round_page_by_role(client, people, published, who: str) -> None:
    _login(client, people, who)
    response = client.get(reverse("web:follow-up-round", args=[published.key]))
    if who in ROUND_ALLOWED:
        assert response.status_code == 200
        html = response.content.decode()
        # The start form, and every goal with its documentation
        assert reverse("web:follow-up-round-start", args=[published.key]) in html
        for goal in Goal.objects.filter(plan_focus_area__plan=published):
            assert f'id="goal-{goal.key}"' in html
        assert "Første kriterie" in html
    else:
        assert _refused(response, who)


def test_a_draft_is_not_followed_up(client, people, draft) -> None:
    client.force_login(people["editor"])
    assert client.get(reverse("web:follow-up-round", args=[draft.key])).status_code == 403


@pytest.mark.parametrize("who", ROLES)
def test_starting_and_finishing_a_round_by_role(client, people, published, who: str) -> None:
    _login(client, people, who)
    start = client.post(
        reverse("web:follow-up-round-start", args=[published.key]), {"date": "2026-01-15"}
    )
    if who in ROUND_ALLOWED:
        assert start.status_code == 302
        assert start.url == reverse("web:follow-up-round", args=[published.key])
        round = FollowUpRound.objects.get(plan=published)
        assert (round.date, round.started_by, round.is_open) == (
            datetime.date(2026, 1, 15),
            people[who],
            True,
        )
        finish = client.post(
            reverse("web:follow-up-round-finish", args=[published.key]), {"confirm": "1"}
        )
        assert finish.status_code == 302
        round.refresh_from_db()
        assert not round.is_open and round.finished_by == people[who]
    else:
        assert _refused(start, who)
        assert not FollowUpRound.objects.filter(plan=published).exists()
        # ... nor may they finish a round someone else started
        FollowUpRound.objects.create(plan=published, date=datetime.date(2026, 1, 15))
        finish = client.post(reverse("web:follow-up-round-finish", args=[published.key]))
        assert _refused(finish, who)
        assert FollowUpRound.objects.get(plan=published).is_open


def test_starting_a_round_without_a_date_shows_the_error(client, people, published) -> None:
    client.force_login(people["editor"])
    response = client.post(reverse("web:follow-up-round-start", args=[published.key]), {})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'aria-describedby="id_date-hint id_date-error"' in html
    assert 'id="id_date-error"' in html
    assert not FollowUpRound.objects.exists()


def test_starting_a_second_round_is_refused(client, people, published) -> None:
    client.force_login(people["editor"])
    FollowUpRound.objects.create(plan=published, date=datetime.date(2026, 1, 1))
    response = client.post(
        reverse("web:follow-up-round-start", args=[published.key]), {"date": "2026-02-01"}
    )
    assert response.status_code == 400
    assert FollowUpRound.objects.count() == 1


def test_finishing_when_no_round_is_open(client, people, published) -> None:
    client.force_login(people["editor"])
    response = client.post(reverse("web:follow-up-round-finish", args=[published.key]), follow=True)
    assert response.status_code == 200
    assert 'class="alert alert-error' in response.content.decode()


def test_finishing_a_round_with_goals_not_followed_up_asks_first_and_names_them(
    client, people, published
) -> None:
    # Given an open round in which one goal of the plan is followed up and the others are not
    client.force_login(people["editor"])
    round = FollowUpRound.objects.create(plan=published, date=datetime.date(2026, 1, 15))
    goals = list(Goal.objects.filter(plan_focus_area__plan=published).order_by("pk"))
    assert len(goals) > 1
    FollowUp.objects.create(goal=goals[0], date=datetime.date(2026, 1, 20), status="met")
    url = reverse("web:follow-up-round-finish", args=[published.key])
    # When the editor presses "Afslut runden"
    response = client.post(url)
    # Then the round is still open, and a Danish page names each goal not followed up
    round.refresh_from_db()
    assert round.is_open
    assert response.status_code == 200
    text = page_text(response.content.decode())
    assert "Afslut runden?" in text
    assert f"{len(goals) - 1} af {len(goals)} mål har ingen opfølgning" in text
    for goal in goals[1:]:
        assert goal.statement in text
    assert goals[0].statement not in text
    # When they confirm
    response = client.post(url, {"confirm": "1"})
    # Then the round is finished
    assert response.status_code == 302
    round.refresh_from_db()
    assert not round.is_open and round.finished_by == people["editor"]


def test_finishing_a_round_with_every_goal_followed_up_asks_nothing(
    client, people, published
) -> None:
    client.force_login(people["editor"])
    round = FollowUpRound.objects.create(plan=published, date=datetime.date(2026, 1, 15))
    for goal in Goal.objects.filter(plan_focus_area__plan=published):
        FollowUp.objects.create(goal=goal, date=datetime.date(2026, 1, 20), status="met")
    response = client.post(reverse("web:follow-up-round-finish", args=[published.key]))
    assert response.status_code == 302
    round.refresh_from_db()
    assert not round.is_open


@pytest.fixture
def open_round(published) -> FollowUpRound:
    return FollowUpRound.objects.create(plan=published, date=datetime.date(2026, 1, 15))


def _new_follow_ups():
    """Follow-ups outside the demo plans (which come with their own)."""
    return FollowUp.objects.exclude(
        goal__plan_focus_area__plan__key__in=["mt-2014", "mtf-2012-2013"]
    )


def _follow_up_data(goal: Goal, **fields) -> dict:
    prefix = f"goal-{goal.pk}"
    data = {f"{prefix}-status": FollowUpStatus.MET, f"{prefix}-text": "Det lykkedes."}
    data.update({f"{prefix}-{name}": value for name, value in fields.items()})
    return data


@pytest.mark.parametrize("who", ROLES)
def test_saving_a_follow_up_by_role(client, people, published, open_round, who: str) -> None:
    goal = Goal.objects.get(key="offentlig-g1")
    first = goal.criteria.first()
    _login(client, people, who)
    response = client.post(
        reverse("web:follow-up-goal", args=[published.key, goal.key]),
        _follow_up_data(goal, criteria=[first.pk]),
    )
    if who in ROUND_ALLOWED:
        # Then it is saved, dated the round's date, about the ticked criterion
        assert response.status_code == 302
        assert response.url == reverse("web:follow-up-round", args=[published.key]) + (
            f"#goal-{goal.key}"
        )
        follow_up = FollowUp.objects.get(goal=goal)
        assert (follow_up.status, follow_up.text, follow_up.date) == (
            FollowUpStatus.MET,
            "Det lykkedes.",
            open_round.date,
        )
        assert list(follow_up.criteria.all()) == [first]
    else:
        assert _refused(response, who)
        assert not _new_follow_ups().exists()


def test_saving_without_a_status_shows_the_error_and_keeps_the_text(
    client, people, published, open_round
) -> None:
    goal = Goal.objects.get(key="offentlig-g1")
    client.force_login(people["editor"])
    response = client.post(
        reverse("web:follow-up-goal", args=[published.key, goal.key]),
        _follow_up_data(goal, status="", text="Min tekst"),
    )
    assert response.status_code == 400
    html = response.content.decode()
    status_id = f"id_goal-{goal.pk}-status"
    assert f'id="{status_id}-error"' in html
    select = re.search(rf'<select[^>]*id="{status_id}"[^>]*>', html).group(0)
    assert f"{status_id}-error" in select
    assert "Min tekst</textarea>" in html
    assert not _new_follow_ups().exists()


def test_saving_with_htmx_returns_the_goal_and_the_progress(
    client, people, published, open_round
) -> None:
    goal = Goal.objects.get(key="offentlig-g2")
    client.force_login(people["editor"])
    response = client.post(
        reverse("web:follow-up-goal", args=[published.key, goal.key]),
        _follow_up_data(goal),
        headers=HTMX,
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith('<article class="vp-goal vp-round-goal')
    assert f'id="goal-{goal.key}"' in html
    # The progress above the goals is swapped out of band: 1 of the plan's 3 goals
    progress = re.search(
        r'<div id="round-progress" hx-swap-oob="innerHTML">(.*?)</div>', html, re.S
    )
    assert progress is not None
    assert re.search(r"\b1\b.*\b3\b", page_text(progress.group(1)))
    assert FollowUp.objects.filter(goal=goal).count() == 1


def test_saving_with_htmx_and_an_error_returns_the_goal_with_it(
    client, people, published, open_round
) -> None:
    goal = Goal.objects.get(key="offentlig-g2")
    client.force_login(people["editor"])
    response = client.post(
        reverse("web:follow-up-goal", args=[published.key, goal.key]),
        _follow_up_data(goal, status="wrong"),
        headers=HTMX,
    )
    assert response.status_code == 200
    assert f'id="id_goal-{goal.pk}-status-error"' in response.content.decode()
    assert not _new_follow_ups().exists()


def test_a_follow_up_names_the_documentation_it_is_about(
    client, people, published, open_round
) -> None:
    # Given a follow-up about the goal's second criterion, and one about the goal as a whole
    goal = Goal.objects.get(key="offentlig-g1")
    second = list(goal.criteria.all())[1]
    _login(client, people, "editor")
    url = reverse("web:follow-up-goal", args=[published.key, goal.key])
    assert client.post(url, _follow_up_data(goal, criteria=[second.pk])).status_code == 302
    assert client.post(url, _follow_up_data(goal)).status_code == 302
    # When the round page is shown, then each says what it is about, numbered from 1
    text = page_text(
        client.get(reverse("web:follow-up-round", args=[published.key])).content.decode()
    )
    assert "Om dokumentation 2" in text
    assert "Om målet som helhed" in text


def test_editing_a_follow_up_of_the_round(client, people, published, open_round) -> None:
    goal = Goal.objects.get(key="offentlig-g1")
    follow_up = FollowUpFactory(goal=goal, date=open_round.date, text="Først.", version=3)
    client.force_login(people["editor"])
    # The page offers to edit it; without JS the link opens the page with its form
    page = client.get(
        reverse("web:follow-up-round", args=[published.key]), {"rediger": follow_up.pk}
    ).content.decode()
    assert "Først.</textarea>" in page
    response = client.post(
        reverse("web:follow-up-goal", args=[published.key, goal.key]),
        _follow_up_data(goal, follow_up=follow_up.pk, version=3, text="Bagefter."),
    )
    assert response.status_code == 302
    follow_up.refresh_from_db()
    assert (follow_up.text, follow_up.version) == ("Bagefter.", 4)
    assert _new_follow_ups().count() == 1


def test_an_edit_conflict_shows_both_texts_and_saves_on_the_second_try(
    client, people, published, open_round
) -> None:
    # Given a follow-up someone else changed after the editor opened it (version 1 → 2)
    goal = Goal.objects.get(key="offentlig-g1")
    follow_up = FollowUpFactory(goal=goal, date=open_round.date, text="Deres tekst.", version=2)
    client.force_login(people["editor"])
    url = reverse("web:follow-up-goal", args=[published.key, goal.key])
    # When the editor saves their text on version 1
    response = client.post(
        url, _follow_up_data(goal, follow_up=follow_up.pk, version=1, text="Min tekst.")
    )
    # Then nothing is saved; both texts are shown; the form now carries version 2
    assert response.status_code == 409
    html = response.content.decode()
    assert "Deres tekst." in html
    assert "Min tekst.</textarea>" in html
    assert re.search(rf'name="goal-{goal.pk}-version" value="2"', html)
    follow_up.refresh_from_db()
    assert follow_up.text == "Deres tekst."
    # When they save again from that form, theirs replaces the other
    response = client.post(
        url, _follow_up_data(goal, follow_up=follow_up.pk, version=2, text="Min tekst.")
    )
    assert response.status_code == 302
    follow_up.refresh_from_db()
    assert follow_up.text == "Min tekst."


def test_a_goals_form_for_another_goals_follow_up_is_404(client, people, published, open_round):
    goal = Goal.objects.get(key="offentlig-g1")
    other = FollowUpFactory(goal=Goal.objects.get(key="offentlig-g2"), date=open_round.date)
    client.force_login(people["editor"])
    response = client.post(
        reverse("web:follow-up-goal", args=[published.key, goal.key]),
        _follow_up_data(goal, follow_up=other.pk, version=1),
    )
    assert response.status_code == 404
    other.refresh_from_db()
    assert other.text != "Det lykkedes."


def test_a_goal_of_another_plan_is_404(client, people, published, open_round) -> None:
    other = _plan(PlanStatus.PUBLISHED, "anden")
    goal = Goal.objects.get(key="anden-g1")
    client.force_login(people["editor"])
    response = client.post(
        reverse("web:follow-up-goal", args=[published.key, goal.key]), _follow_up_data(goal)
    )
    assert response.status_code == 404
    assert other.key == "anden"
    assert not _new_follow_ups().exists()


def test_saving_when_no_round_is_open_saves_nothing(client, people, published) -> None:
    goal = Goal.objects.get(key="offentlig-g1")
    client.force_login(people["editor"])
    response = client.post(
        reverse("web:follow-up-goal", args=[published.key, goal.key]), _follow_up_data(goal)
    )
    assert response.status_code == 302
    assert not _new_follow_ups().exists()


def test_the_goals_fragment_for_editing(client, people, published, open_round) -> None:
    goal = Goal.objects.get(key="offentlig-g1")
    follow_up = FollowUpFactory(goal=goal, date=open_round.date, text="Tekst til rettelse.")
    client.force_login(people["editor"])
    url = reverse("web:follow-up-goal", args=[published.key, goal.key])
    fragment = client.get(url, {"rediger": follow_up.pk}, headers=HTMX)
    assert fragment.status_code == 200
    assert "Tekst til rettelse.</textarea>" in fragment.content.decode()
    assert "<html" not in fragment.content.decode()
    plain = client.get(url, {"rediger": follow_up.pk})
    assert plain.status_code == 302
    assert plain.url.endswith(f"?rediger={follow_up.pk}#goal-{goal.key}")


def test_editors_of_a_responsible_unit_follow_up_only_their_goals(client, people) -> None:
    # Given a plan of the department in which "forsyning" is responsible for goal 1 only
    plan = _plan(PlanStatus.PUBLISHED, "afdelingen", unit_key="miljo-teknik")
    mine = Goal.objects.get(key="afdelingen-g1")
    mine.responsible_unit = Unit.objects.get(key="forsyning")
    mine.save()
    FollowUpRound.objects.create(plan=plan, date=datetime.date(2026, 1, 15))
    client.force_login(people["editor"])
    # Then the round page gives them a form for their goal only, and no start or finish
    html = client.get(reverse("web:follow-up-round", args=[plan.key])).content.decode()
    assert html.count('class="vp-round-form"') == 1
    assert reverse("web:follow-up-round-finish", args=[plan.key]) not in html
    # ... they may save their goal's follow-up, not the others'
    ok = client.post(
        reverse("web:follow-up-goal", args=[plan.key, mine.key]), _follow_up_data(mine)
    )
    assert ok.status_code == 302
    other = Goal.objects.get(key="afdelingen-g2")
    refused = client.post(
        reverse("web:follow-up-goal", args=[plan.key, other.key]), _follow_up_data(other)
    )
    assert refused.status_code == 403
    assert list(_new_follow_ups().values_list("goal__key", flat=True)) == [mine.key]


def test_the_round_page_shows_the_progress(client, people, published, open_round) -> None:
    FollowUpFactory(goal=Goal.objects.get(key="offentlig-g1"), date=open_round.date)
    FollowUpFactory(goal=Goal.objects.get(key="offentlig-g2"), date=datetime.date(2025, 1, 1))
    client.force_login(people["editor"])
    html = client.get(reverse("web:follow-up-round", args=[published.key])).content.decode()
    progress = re.search(r'<div id="round-progress"[^>]*>(.*?)</div>', html, re.S).group(1)
    assert re.search(r"\b1\b.*\b3\b", page_text(progress))


# The demo: the 2012–2013 plan's round, and its query count ------------------------------------


def _round_queries(client, user) -> tuple[int, str]:
    client.force_login(user)
    url = reverse("web:follow-up-round", args=["mtf-2012-2013"])
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response.content.decode()


# Session, user, roles (2), plan, sections, focus areas, goals, criteria, follow-ups,
# their criteria, rounds, the header's count of unread notifications.
ROUND_PAGE_QUERIES = 14
# The plan page signed in: as in the comment above the plan page's test, and the discussion
# (each goal's count of comments, and the plan's own thread).
PLAN_PAGE_SIGNED_IN_QUERIES = 16 + 2


@pytest.mark.parametrize("with_round", [False, True], ids=["no-round", "open-round"])
def test_the_round_page_on_the_demo(client, demo, with_round: bool) -> None:
    editor = user_with_roles("redaktoer", ("miljo-teknikforvaltningen", Role.EDITOR))
    if with_round:
        FollowUpRound.objects.create(
            plan=Plan.objects.get(key="mtf-2012-2013"), date=datetime.date(2026, 1, 15)
        )
    count, html = _round_queries(client, editor)
    assert count == ROUND_PAGE_QUERIES
    assert html.count('class="vp-goal vp-round-goal') == 19
    assert html.count('class="vp-round-form"') == (19 if with_round else 0)


@pytest.mark.parametrize("with_round", [False, True], ids=["no-round", "open-round"])
def test_the_round_page_on_a_plan_ten_times_the_demo(client, scaled_demo, with_round) -> None:
    plan = Plan.objects.get(key="mtf-2012-2013")
    assert Goal.objects.filter(plan_focus_area__plan=plan).count() == 19 * SCALE
    editor = user_with_roles("redaktoer", ("miljo-teknikforvaltningen", Role.EDITOR))
    if with_round:
        FollowUpRound.objects.create(plan=plan, date=datetime.date(2026, 1, 15))
    count, html = _round_queries(client, editor)
    assert count == ROUND_PAGE_QUERIES
    assert html.count('class="vp-round-form"') == (19 * SCALE if with_round else 0)


def test_the_plan_page_for_a_signed_in_user_on_a_plan_ten_times_the_demo(
    client, scaled_demo
) -> None:
    # The workflow panel adds the same few queries whatever the plan's size
    editor = user_with_roles("redaktoer", ("miljo-teknikforvaltningen", Role.EDITOR))
    client.force_login(editor)
    url = reverse("web:plan", args=["mtf-2012-2013"])
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    assert 'id="workflow"' in response.content.decode()
    # Session, user, roles (2), the plan page's 8, workflow steps, revisions in progress,
    # the comments' counts and thread
    assert len(queries) == PLAN_PAGE_SIGNED_IN_QUERIES


@pytest.mark.parametrize("status", [PlanStatus.DRAFT, PlanStatus.PUBLISHED])
def test_the_plan_page_for_a_signed_in_user_on_the_demo(client, demo, status) -> None:
    Plan.objects.filter(key="mtf-2012-2013").update(status=status)
    editor = user_with_roles("redaktoer", ("miljo-teknikforvaltningen", Role.EDITOR))
    client.force_login(editor)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("web:plan", args=["mtf-2012-2013"]))
    assert response.status_code == 200
    # A draft has no revisions to look for
    expected = PLAN_PAGE_SIGNED_IN_QUERIES - (status == PlanStatus.DRAFT)
    assert len(queries) == expected


# The next period --------------------------------------------------------------------------


NEXT_ALLOWED = {"editor", "approver", "admin"}


@pytest.mark.parametrize("who", ROLES)
def test_the_next_period_by_role(client, people, published, who: str) -> None:
    _login(client, people, who)
    url = reverse("web:plan-next-period", args=[published.key])
    plans_before = Plan.objects.count()
    page = client.get(url)
    response = client.post(
        url,
        {
            "title": "Plan 2026",
            "start_year": 2026,
            "end_year": 2026,
            "goals": ["offentlig-g2", "offentlig-g2-1"],
        },
    )
    if who in NEXT_ALLOWED:
        assert page.status_code == 200
        new = Plan.objects.exclude(pk__in=[published.pk]).get(title="Plan 2026")
        assert response.status_code == 302
        assert response.url == reverse("web:plan", args=[new.key])
        assert new.status == PlanStatus.DRAFT
        copied = Goal.objects.filter(plan_focus_area__plan=new).select_related("continues")
        assert sorted(g.continues.key for g in copied) == ["offentlig-g2", "offentlig-g2-1"]
    else:
        assert _refused(page, who)
        assert _refused(response, who)
        assert Plan.objects.count() == plans_before


def test_the_next_period_page_proposes_the_following_period(client, people, published) -> None:
    published.start_year, published.end_year, published.title = 2024, 2025, "Plan 2024–2025"
    published.save()
    client.force_login(people["editor"])
    html = client.get(reverse("web:plan-next-period", args=[published.key])).content.decode()
    assert 'value="Plan 2026–2027"' in html
    assert 'name="start_year" value="2026"' in html
    assert 'name="end_year" value="2027"' in html
    # Every goal is offered, ticked
    for goal in Goal.objects.filter(plan_focus_area__plan=published):
        assert re.search(rf'value="{goal.key}"[^>]*checked', html)


def test_the_next_period_refuses_a_sub_goal_without_its_goal(client, people, published) -> None:
    client.force_login(people["editor"])
    plans_before = Plan.objects.count()
    response = client.post(
        reverse("web:plan-next-period", args=[published.key]),
        {"title": "Plan 2026", "start_year": 2026, "end_year": 2026, "goals": ["offentlig-g2-1"]},
    )
    assert response.status_code == 400
    assert 'id="id_goals-error"' in response.content.decode()
    assert Plan.objects.count() == plans_before


def test_the_next_period_refuses_a_period_that_overlaps(client, people, published) -> None:
    client.force_login(people["editor"])
    plans_before = Plan.objects.count()
    response = client.post(
        reverse("web:plan-next-period", args=[published.key]),
        {"title": "Plan 2025", "start_year": 2025, "end_year": 2025, "goals": []},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="period-error"' in html
    assert 'aria-describedby="period-hint period-error"' in html
    assert Plan.objects.count() == plans_before


def test_the_next_period_of_a_draft_the_user_cannot_see_is_404(client, people, draft) -> None:
    client.force_login(people["sibling"])
    assert client.get(reverse("web:plan-next-period", args=[draft.key])).status_code == 404


# My tasks ---------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ROLES)
def test_my_tasks_by_role(client, people, draft, submitted, who: str) -> None:
    # Given a submitted plan, and a draft whose goal 2 has no criteria
    _login(client, people, who)
    response = client.get(reverse("web:my-tasks"))
    if who == "anonymous":
        assert _is_login_redirect(response)
        return
    assert response.status_code == 200
    html = response.content.decode()
    waiting_goal = reverse("web:goal", args=["udkast-g2"])
    waiting_plan = reverse("web:plan", args=[submitted.key]) + "#workflow"
    assert (waiting_goal in html) == (who in {"editor", "approver", "admin"})
    assert (waiting_plan in html) == (who in {"approver", "admin"})


def test_my_tasks_list_goals_waiting_in_a_round(client, people, published, open_round) -> None:
    client.force_login(people["editor"])
    html = client.get(reverse("web:my-tasks")).content.decode()
    round_url = reverse("web:follow-up-round", args=[published.key])
    for key in ("offentlig-g1", "offentlig-g2", "offentlig-g2-1"):
        assert f"{round_url}#goal-{key}" in html


def test_my_tasks_show_a_plans_first_goals_and_link_the_rest(client, people, draft) -> None:
    # Given the draft with many more goals without criteria than a plan's list shows
    area = draft.plan_focus_areas.get()
    for n in range(TASKS_PER_PLAN + 3):
        GoalFactory(plan_focus_area=area, key=f"udkast-ekstra-{n}", position=10 + n)
    waiting = TASKS_PER_PLAN + 3 + 2  # the new goals, goal 2 and its sub-goal
    client.force_login(people["editor"])
    html = client.get(reverse("web:my-tasks")).content.decode()
    # Then the heading counts every goal, the list shows the plan's first ones,
    # and a link to the plan's editing page says how many more there are
    assert f"({waiting})" in page_text(html)
    listed = re.findall(r'href="/maal/(udkast-[^/"]+)/"', html)
    assert len(listed) == TASKS_PER_PLAN
    more = waiting - TASKS_PER_PLAN
    edit_url = reverse("web:plan-edit", args=[draft.key])
    assert re.search(rf'<a href="{edit_url}">{more} mål mere uden dokumentation i planen', html)


def test_my_tasks_come_in_pages_of_plans(client, people, draft) -> None:
    # Given more draft plans with goals waiting for criteria than a page shows
    for n in range(PLANS_PER_PAGE + 1):
        plan = PlanFactory(unit=draft.unit, status=PlanStatus.DRAFT, key=f"ekstra-{n}")
        GoalFactory(plan_focus_area=PlanFocusAreaFactory(plan=plan), key=f"ekstra-{n}-g1")
    client.force_login(people["editor"])
    first = client.get(reverse("web:my-tasks")).content.decode()
    # Then the first page lists a page of plans and links to the next, keeping the other list's page
    assert len(re.findall(r'<h3 class="vp-task-plan">', first)) == PLANS_PER_PAGE
    assert "Side 1 af 2" in page_text(first)
    assert 'href="?dokumentation=2" class="button button-arrow button-next" rel="next"' in first
    second = client.get(reverse("web:my-tasks") + "?dokumentation=2&opfoelgning=1").content.decode()
    assert len(re.findall(r'<h3 class="vp-task-plan">', second)) == 2
    assert (
        'href="?dokumentation=1&amp;opfoelgning=1" class="button button-arrow button-previous"'
        in second
    )
    # And together the pages list every waiting goal of the plans once
    listed = re.findall(r'href="/maal/([^/"]+)/"', first) + re.findall(
        r'href="/maal/([^/"]+)/"', second
    )
    assert len(listed) == len(set(listed))
    assert {f"ekstra-{n}-g1" for n in range(PLANS_PER_PAGE + 1)} <= set(listed)


# Reorganisation ---------------------------------------------------------------------------


@pytest.mark.parametrize("who", ROLES)
def test_reorganisation_by_role(client, people, who: str) -> None:
    _login(client, people, who)
    source = Unit.objects.get(key="miljo-teknikforvaltningen")
    target = Unit.objects.get(key="miljo-teknik")
    url = reverse("web:unit-reorganisation", args=[source.key])
    page = client.get(url)
    keys = ["mtf-2012-2013-g01", "mtf-2012-2013-g02"]
    response = client.post(url, {"target": target.pk, "goals": keys})
    moved = set(Goal.objects.filter(responsible_unit=target).values_list("key", flat=True))
    if who == "admin":
        assert page.status_code == 200
        assert page.content.decode().count('name="goals"') == 19
        assert response.status_code == 302
        assert moved == set(keys)
        assert target in source.successors.all()
        # The page now offers the other 17
        assert client.get(url).content.decode().count('name="goals"') == 17
    else:
        assert _refused(page, who)
        assert _refused(response, who)
        assert moved == set()


def test_reorganisation_needs_a_target_and_goals(client, people) -> None:
    client.force_login(people["admin"])
    url = reverse("web:unit-reorganisation", args=["miljo-teknikforvaltningen"])
    response = client.post(url, {"target": "", "goals": []})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="id_target-error"' in html
    assert 'id="id_goals-error"' in html
    assert not Goal.objects.filter(responsible_unit__isnull=False).exists()


def test_reorganisation_offers_only_units_the_user_administers(client, people) -> None:
    # An administrator of "forsyning" only may not move goals to anywhere
    user = user_with_roles("enhedsadmin", ("forsyning", Role.ADMINISTRATOR))
    client.force_login(user)
    url = reverse("web:unit-reorganisation", args=["forsyning"])
    assert client.get(url).status_code == 200
    response = client.post(url, {"target": Unit.objects.get(key="by-miljoe").pk, "goals": ["x"]})
    assert response.status_code == 400
    assert not Unit.objects.get(key="forsyning").successors.exists()


def test_reorganisation_of_an_unknown_unit_is_404(client, people) -> None:
    client.force_login(people["admin"])
    assert client.get(reverse("web:unit-reorganisation", args=["ukendt"])).status_code == 404


# The goal's status as a whole in the round ------------------------------------------------


def _status_data(goal: Goal, **fields) -> dict:
    prefix = f"status-{goal.pk}"
    data = {f"{prefix}-version": "0", f"{prefix}-status": FollowUpStatus.PARTLY_MET}
    data.update({f"{prefix}-{name}": value for name, value in fields.items()})
    return data


def _measurable(goal: Goal) -> Goal:
    criterion = goal.criteria.first()
    criterion.comparison, criterion.value, criterion.unit_of_measure = "at_least", 75, "%"
    criterion.save()
    return goal


def test_setting_a_goals_status_without_javascript(client, people, published, open_round):
    goal = _measurable(Goal.objects.get(key="offentlig-g1"))
    client.force_login(people["editor"])
    # When the editor sets the goal's status as a whole, 40 % of the way
    response = client.post(
        reverse("web:follow-up-goal-status", args=[published.key, goal.key]),
        _status_data(goal, progress="40"),
    )
    # Then they are sent back to the goal on the round's page, where it shows
    assert response.status_code == 302
    assert response.url.endswith(f"#goal-{goal.key}")
    assessment = GoalAssessment.objects.get(goal=goal)
    assert (assessment.status, assessment.progress, assessment.round) == (
        FollowUpStatus.PARTLY_MET,
        40,
        open_round,
    )
    html = client.get(response.url).content.decode()
    assert "Målets status er gemt." in page_text(html)
    card = html[html.index(f'id="goal-{goal.key}"') :]
    assert "Delvist opfyldt" in page_text(card[: card.index("</p>")])
    # And the goal's page shows it, with how far it has come
    goal_page = page_text(client.get(reverse("web:goal", args=[goal.key])).content.decode())
    assert "Delvist opfyldt" in goal_page and "40 % nået" in goal_page


def test_setting_a_goals_status_with_htmx_returns_the_goal(client, people, published, open_round):
    goal = Goal.objects.get(key="offentlig-g2")
    client.force_login(people["editor"])
    response = client.post(
        reverse("web:follow-up-goal-status", args=[published.key, goal.key]),
        _status_data(goal),
        headers=HTMX,
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith('<article class="vp-goal vp-round-goal')
    assert "Målets status er gemt." in page_text(html)
    # A goal without a measurable target is not asked for its progress
    assert f"id_status-{goal.pk}-progress" not in html
    assert GoalAssessment.objects.get(goal=goal).status == FollowUpStatus.PARTLY_MET


def test_a_progress_out_of_range_names_the_field_and_saves_nothing(
    client, people, published, open_round
):
    goal = _measurable(Goal.objects.get(key="offentlig-g1"))
    client.force_login(people["editor"])
    response = client.post(
        reverse("web:follow-up-goal-status", args=[published.key, goal.key]),
        _status_data(goal, progress="150"),
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert f'id="id_status-{goal.pk}-progress-error"' in html
    assert "Skriv et helt tal fra 0 til 100." in page_text(html)
    assert not GoalAssessment.objects.filter(goal=goal).exists()


def test_a_status_changed_by_someone_else_is_a_conflict(client, people, published, open_round):
    goal = Goal.objects.get(key="offentlig-g2")
    services.goal_assess(
        user=people["admin"], goal=goal, round=open_round, status=FollowUpStatus.NOT_MET
    )
    client.force_login(people["editor"])
    # The editor opened the form before the administrator saved (version 0: no status yet)
    response = client.post(
        reverse("web:follow-up-goal-status", args=[published.key, goal.key]),
        _status_data(goal, status=FollowUpStatus.MET),
    )
    assert response.status_code == 409
    text = page_text(response.content.decode())
    assert "Gemt af en anden:" in text and "Ikke opfyldt" in text
    assert GoalAssessment.objects.get(goal=goal).status == FollowUpStatus.NOT_MET


def test_the_status_form_proposes_what_the_rounds_follow_ups_agree_on(
    client, people, published, open_round
):
    goal = Goal.objects.get(key="offentlig-g2")
    client.force_login(people["editor"])
    client.post(
        reverse("web:follow-up-goal", args=[published.key, goal.key]),
        _follow_up_data(goal, status=FollowUpStatus.POSTPONED),
    )
    html = client.get(reverse("web:follow-up-round", args=[published.key])).content.decode()
    select = re.search(rf'<select[^>]*id="id_status-{goal.pk}-status".*?</select>', html, re.S)
    assert re.search(r'<option value="postponed"[^>]*selected', select.group(0))
    # Nothing is stored until the editor saves it or the round finishes
    assert not GoalAssessment.objects.filter(goal=goal).exists()
    client.post(reverse("web:follow-up-round-finish", args=[published.key]), {"confirm": "1"})
    assert GoalAssessment.objects.get(goal=goal).status == FollowUpStatus.POSTPONED
