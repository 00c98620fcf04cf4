"""The read-only pages, through Django's test client, against the demo plans.

Expectations come from the database (what the demo import wrote), never
from the page code: each test reads the rows and checks the page shows them.
"""

import datetime
import re
from html import unescape
from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.urls import reverse
from django.utils import translation

from virkplan.organisation.models import Role, RoleGrant, Unit, UnitKind
from virkplan.organisation.permissions import SYSTEM_ACTOR
from virkplan.plans import services
from virkplan.plans.models import (
    Criterion,
    FollowUp,
    FollowUpStatus,
    Goal,
    Plan,
    PlanFocusArea,
    PlanStatus,
)

from .conftest import links, page_text, table_rows

PLAN_2014 = "mt-2014"
PLAN_2012 = "mtf-2012-2013"
GOAL_2014 = "mt-2014-g02"
GOAL_2012 = "mtf-2012-2013-g01"
NOT_MET_CRITERION = "Aktiviteterne i energispareaktivitetsplanen indfrier de lovpligtige sparemål."
NOT_MET_FOLLOW_UP = "Sparemålet for 2012 blev ikke nået"


def squash(text: str) -> str:
    """Text without any whitespace: Markdown paragraphs and HTML line breaks compare equal."""
    return re.sub(r"\s+", "", text)


def shown(markdown: str) -> str:
    """The text a Markdown source shows once rendered: heading and list marks dropped."""
    return squash(re.sub(r"^\s*(#{1,6}|[-*+]|\d+[.)])\s+", "", markdown, flags=re.M))


def _in(language: str, message) -> str:
    """A source string or lazy label as the reader sees it in the given language."""
    with translation.override(language):
        return translation.gettext(message) if isinstance(message, str) else str(message)


def danish(message) -> str:
    return _in("da", message)


def english(message) -> str:
    return _in("en", message)


def status_label(status: str):
    return FollowUpStatus(status).label


def get(client, url: str, **headers) -> str:
    response = client.get(url, headers=headers)
    assert response.status_code == 200, f"{url} gave {response.status_code}"
    return response.content.decode()


# --- the organisation tree -------------------------------------------------------------


class _ListTree(HTMLParser):
    """For every <li>, its label (its first text) and the labels of the <li>s around it.

    Also records, for each link, the labels of the <li>s it sits in.
    """

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.labels: list[str] = []  # one per open <li>, "" until its first text
        self.items: list[tuple[str, tuple[str, ...]]] = []
        self.link_places: list[tuple[str, tuple[str, ...]]] = []
        self._href: str | None = None

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag == "li":
            self.labels.append("")
        elif tag == "a":
            self._href = dict(attrs).get("href") or ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "li" and self.labels:
            self.labels.pop()
        elif tag == "a" and self._href is not None:
            self.link_places.append((self._href, tuple(self.labels)))
            self._href = None

    def handle_data(self, data: str) -> None:
        text = " ".join(data.split())
        if text and self.labels and not self.labels[-1]:
            self.labels[-1] = text
            self.items.append((text, tuple(self.labels[:-1])))


def list_tree(html: str) -> _ListTree:
    main = html[html.index("<main") : html.index("</main>")]
    parser = _ListTree()
    parser.feed(main)
    return parser


def _ancestors(unit: Unit) -> list[str]:
    chain = []
    while unit.parent_id is not None:
        unit = unit.parent
        chain.append(unit.name)
    return list(reversed(chain))


def test_front_page_shows_the_organisation_tree_with_each_units_plans(client, demo) -> None:
    # Given the demo: Albertslund > By, Miljø og Beskæftigelse > Miljø & Teknik > 4 units
    department = Unit.objects.get(name="Miljø & Teknik")
    units = list(department.children.filter(kind=UnitKind.UNIT))
    assert len(units) == 4
    # When a signed-in user without roles opens the front page (anonymous readers get the
    # citizens' start page there: tests/web/test_citizens.py)
    client.force_login(User.objects.create_user("uden-rolle", password="x"))
    tree = list_tree(get(client, "/"))
    places = dict(tree.items)
    # Then every unit sits inside its ancestors, in order
    assert department.parent.kind == UnitKind.DIRECTORATE
    assert department.parent.parent.kind == UnitKind.MUNICIPALITY
    assert places[department.name] == tuple(_ancestors(department))
    for unit in units:
        assert places[unit.name] == (*_ancestors(department), department.name), unit.name
    for unit in Unit.objects.all():
        assert places.get(unit.name) == tuple(_ancestors(unit)), unit.name
    # And every published plan is linked inside its own unit
    plans = list(Plan.objects.filter(status__in=[PlanStatus.PUBLISHED, PlanStatus.ARCHIVED]))
    assert {plan.key for plan in plans} == {PLAN_2014, PLAN_2012}
    link_places = dict(tree.link_places)
    for plan in plans:
        url = reverse("web:plan", args=[plan.key])
        assert url in link_places, f"no link to {plan.key}"
        *around, own = link_places[url]
        assert own == plan.title
        assert tuple(around) == (*_ancestors(plan.unit), plan.unit.name), plan.key


def test_front_page_shows_each_units_current_plans_and_links_its_older_ones(client, demo) -> None:
    # Given a unit with plans over many years: the demo's 2014 plan, one from 2010, a draft for 2016
    unit = Plan.objects.get(key=PLAN_2014).unit
    old = services.plan_create(
        user=SYSTEM_ACTOR, unit=unit, title="Plan 2010", start_year=2010, end_year=2010
    )
    new = services.plan_create(
        user=SYSTEM_ACTOR, unit=unit, title="Plan 2016", start_year=2016, end_year=2016
    )
    client.force_login(User.objects.create_superuser("chef", password="unused-here"))
    # When the front page is opened
    html = get(client, "/")
    # Then the unit shows its newest plan, and links the two older ones to its own page
    unit_url = reverse("web:unit", args=[unit.key])
    shown = [key for key in (new.key, PLAN_2014, old.key) if f'"/plan/{key}/"' in html]
    assert shown == [new.key]
    older = re.search(rf'<a href="{unit_url}">([^<]*)<', html)
    assert older and older.group(1) == "2 ældre planer"
    # And the unit's page lists all three, newest first
    unit_page = get(client, unit_url)
    places = [unit_page.index(f'"/plan/{key}/"') for key in (new.key, PLAN_2014, old.key)]
    assert places == sorted(places)


def test_front_page_keeps_the_plan_being_followed_up_beside_the_newest(client, demo) -> None:
    # Given the demo's published plans, and a 2013 plan beside the 2014 one in its unit
    unit = Plan.objects.get(key=PLAN_2014).unit
    client.force_login(User.objects.create_superuser("chef", password="unused-here"))
    earlier = services.plan_create(
        user=SYSTEM_ACTOR, unit=unit, title="Plan 2013", start_year=2013, end_year=2013
    )
    html = get(client, "/")
    # Then the plan of the year before the newest stays on the front page, with the others
    assert f'"/plan/{earlier.key}/"' in html
    assert f'"/plan/{PLAN_2014}/"' in html and f'"/plan/{PLAN_2012}/"' in html
    assert "ældre plan" not in html


def test_unit_page_shows_where_it_sits_its_published_plans_and_its_units(client, demo) -> None:
    # Given the department and its units
    department = Unit.objects.get(name="Miljø & Teknik")
    plans = Plan.objects.filter(unit=department, status__in=[PlanStatus.PUBLISHED])
    # When an anonymous reader opens its page
    html = get(client, reverse("web:unit", args=[department.key]))
    text = page_text(html)
    # Then it names the unit, its ancestors in the breadcrumbs, its plans and its units
    assert "<h1" in html and department.name in text
    for name in _ancestors(department):
        assert name in text
    for plan in plans:
        assert reverse("web:plan", args=[plan.key]) in html
    for child in department.children.all():
        assert reverse("web:unit", args=[child.key]) in html
    assert client.get(reverse("web:unit", args=["no-such-unit"])).status_code == 404


def test_unit_page_hides_drafts_from_anonymous_readers(client, demo) -> None:
    unit = Plan.objects.get(key=PLAN_2014).unit
    draft = services.plan_create(
        user=SYSTEM_ACTOR, unit=unit, title="Kladde 2016", start_year=2016, end_year=2016
    )
    html = get(client, reverse("web:unit", args=[unit.key]))
    assert f"/plan/{draft.key}/" not in html
    assert f"/plan/{PLAN_2014}/" in html


# --- the 2014 plan --------------------------------------------------------------------


def test_plan_2014_shows_contents_sections_focus_areas_goals_and_criteria(client, demo) -> None:
    # Given the 2014 plan as the import wrote it
    plan = Plan.objects.get(key=PLAN_2014)
    sections = list(plan.sections.order_by("position"))
    plan_focus_areas = list(plan.plan_focus_areas.select_related("focus_area"))
    goals = list(Goal.objects.filter(plan_focus_area__plan=plan))
    criteria = list(Criterion.objects.filter(goal__plan_focus_area__plan=plan))
    assert (len(sections), len(plan_focus_areas), len(goals)) == (3, 4, 16)
    assert criteria
    # When its page is opened
    html = get(client, reverse("web:plan", args=[plan.key]))
    text = squash(page_text(html))
    # Then it has a table of contents linking to every section and focus area
    nav = html[html.index('<nav class="anchorbox"') :]
    nav = nav[: nav.index("</nav>")]
    nav_text = page_text(nav)
    for heading in [s.title for s in sections] + [p.focus_area.title for p in plan_focus_areas]:
        assert heading in nav_text
    anchors = [href[1:] for href in links(nav) if href.startswith("#")]
    assert len(anchors) >= len(sections) + len(plan_focus_areas)
    for anchor in anchors:
        assert f'id="{anchor}"' in html, f"contents link #{anchor} leads nowhere"
    # And the three sections, with their texts and highlights
    for section in sections:
        assert squash(section.title) in text
        assert shown(section.body) in text, section.title
        for highlight in section.highlights:
            assert squash(highlight) in text
    # And the four focus areas, each with the shared text and the department's text
    for plan_focus_area in plan_focus_areas:
        focus_area = plan_focus_area.focus_area
        assert squash(focus_area.title) in text
        assert focus_area.body and plan_focus_area.unit_text
        assert shown(focus_area.body) in text, focus_area.title
        assert shown(plan_focus_area.unit_text) in text, focus_area.title
    # And all 16 goal statements and every criterion
    for goal in goals:
        assert squash(goal.statement) in text, goal.key
    for criterion in criteria:
        assert squash(criterion.text) in text, criterion.text


def test_plan_focus_areas_come_in_the_plans_order(client, demo) -> None:
    plan = Plan.objects.get(key=PLAN_2014)
    titles = [p.focus_area.title for p in plan.plan_focus_areas.order_by("position")]
    text = page_text(get(client, reverse("web:plan", args=[plan.key])))
    body = text[text.index(titles[0], text.index(titles[-1])) :]  # after the contents
    positions = [body.index(title) for title in titles]
    assert positions == sorted(positions)


# --- the 2012–2013 plan: documentation and follow-up side by side ---------------------


def _row_of(rows: list[list[str]], needle: str) -> list[str]:
    found = [row for row in rows if any(squash(needle) in squash(cell) for cell in row)]
    assert len(found) == 1, f"{needle!r} is in {len(found)} table rows"
    return found[0]


def test_plan_2012_shows_each_criterion_beside_its_follow_ups(client, demo) -> None:
    # Given the 2012–2013 plan with its follow-ups
    plan = Plan.objects.get(key=PLAN_2012)
    follow_ups = list(
        FollowUp.objects.filter(goal__plan_focus_area__plan=plan).prefetch_related("criteria")
    )
    assert follow_ups
    # When its page is opened
    html = get(client, reverse("web:plan", args=[plan.key]))
    rows = table_rows(html)
    # Then each follow-up sits in the same table row as the criteria it speaks about
    for follow_up in follow_ups:
        row = _row_of(rows, shown(follow_up.text))
        for criterion in follow_up.criteria.all():
            assert squash(criterion.text) in squash(" ".join(row)), (follow_up.text, criterion.text)
        # with its status in Danish
        assert danish(status_label(follow_up.status)) in " ".join(row)
    # And every criterion of the plan is on the page
    text = squash(page_text(html))
    for criterion in Criterion.objects.filter(goal__plan_focus_area__plan=plan):
        assert squash(criterion.text) in text


def test_not_met_follow_up_is_beside_its_criterion_with_a_danish_badge(client, demo) -> None:
    html = get(client, reverse("web:plan", args=[PLAN_2012]))
    # Find the very <tr> that holds the criterion
    for chunk in html.split("<tr")[1:]:
        row = chunk[: chunk.index("</tr>")]
        if NOT_MET_CRITERION in row:
            break
    else:
        pytest.fail("the criterion is not in any table row")
    assert NOT_MET_FOLLOW_UP in row
    label = danish(FollowUpStatus.NOT_MET.label)
    assert label == "ikke opfyldt", "the Danish catalogue is missing or not compiled"
    assert re.search(rf'<span class="[^"]*\bbadge\b[^"]*">\s*{label}\s*</span>', row), row
    # And the follow-up column says which column it is, for screen readers
    header = [danish("Documentation"), danish("Follow-up")]
    assert header == ["Dokumentation", "Opfølgning"]
    assert any(cells[:2] == header for cells in table_rows(html))


def test_plan_2012_links_to_its_status_overview(client, demo) -> None:
    html = get(client, reverse("web:plan", args=[PLAN_2012]))
    assert reverse("web:plan-status", args=[PLAN_2012]) in links(html)


# --- the status page --------------------------------------------------------------------


def _expected_status_rows(plan: Plan) -> dict[str, dict[str, int]]:
    """Each focus area's goals by their latest status, and its follow-ups, from the database."""
    expected = {}
    for plan_focus_area in PlanFocusArea.objects.filter(plan=plan).select_related("focus_area"):
        row = {"goals": 0, "follow_ups": 0, "not_followed_up": 0}
        row.update({status: 0 for status in FollowUpStatus.values})
        for goal in Goal.objects.filter(plan_focus_area=plan_focus_area):
            row["goals"] += 1
            row["follow_ups"] += goal.follow_ups.count()
            latest = goal.assessments.order_by("-date", "-id").first()
            row[latest.status if latest else "not_followed_up"] += 1
        expected[str(plan_focus_area.focus_area)] = row
    return expected


def _status_table(html: str) -> dict[str, dict[str, int]]:
    rows = table_rows(html)
    header = [cell.lower() for cell in rows[0]]
    columns = {
        "goals": header.index(danish("Goals").lower()),
        "follow_ups": header.index(danish("Follow-ups written").lower()),
        "not_followed_up": header.index(danish("not followed up")),
    }
    for status in FollowUpStatus:
        columns[status.value] = header.index(danish(status.label))
    return {row[0]: {key: int(row[index]) for key, index in columns.items()} for row in rows[1:]}


def test_status_page_counts_each_goal_once_by_its_status(client, demo) -> None:
    # Given the 2012–2013 plan, its goals' statuses counted straight from the database
    plan = Plan.objects.get(key=PLAN_2012)
    expected = _expected_status_rows(plan)
    total = {
        key: sum(row[key] for row in expected.values()) for key in next(iter(expected.values()))
    }
    assert total["goals"] == 19
    assert total["follow_ups"] == FollowUp.objects.filter(goal__plan_focus_area__plan=plan).count()
    # When the status page is opened
    html = get(client, reverse("web:plan-status", args=[plan.key]))
    # Then the table has a row per focus area and a total, a column per status, in Danish,
    # each goal counted once
    table = _status_table(html)
    for name, want in expected.items():
        assert table[name] == want, name
    assert table[danish("Total")] == total
    statuses = sum(total[status] for status in [*FollowUpStatus.values, "not_followed_up"])
    assert statuses == total["goals"]
    # And the lead says how many goals have a status, and when the newest was set
    followed = total["goals"] - total["not_followed_up"]
    text = page_text(html)
    assert f"{followed} af 19 mål har en status" in text
    assert "31. december 2013" in text


def test_status_page_after_a_round_counts_its_goals_and_names_it(client, demo) -> None:
    # Given a round on the 2012–2013 plan that followed up three goals, one of them with a
    # status as a whole chosen apart from its follow-up's
    plan = Plan.objects.get(key=PLAN_2012)
    round = services.follow_up_round_start(
        user=SYSTEM_ACTOR, plan=plan, on=datetime.date(2026, 1, 15)
    )
    goals = list(Goal.objects.filter(plan_focus_area__plan=plan).order_by("pk")[:3])
    for goal in goals:
        services.follow_up_create(
            user=SYSTEM_ACTOR, goal=goal, status=FollowUpStatus.MET, text="Nået."
        )
    services.goal_assess(
        user=SYSTEM_ACTOR, goal=goals[2], round=round, status=FollowUpStatus.PARTLY_MET
    )
    services.follow_up_round_finish(user=SYSTEM_ACTOR, round=round)
    # When the status page is opened
    html = get(client, reverse("web:plan-status", args=[plan.key]))
    # Then the lead names the round and how many goals it followed up
    text = page_text(html)
    assert "Den seneste opfølgningsrunde, 15. januar 2026, fulgte op på 3 af 19 mål." in text
    # And the three goals count by their new statuses, the others by their earlier ones
    total = _status_table(html)[danish("Total")]
    assert total == {
        key: sum(row[key] for row in _expected_status_rows(plan).values()) for key in total
    }
    assert total["met"] >= 2 and total["partly_met"] >= 1
    assert total["goals"] == 19


def test_status_page_has_an_accessible_inline_svg_chart(client, demo) -> None:
    html = get(client, reverse("web:plan-status", args=[PLAN_2012]))
    match = re.search(r"<svg\b[^>]*>", html[html.index("<main") :])
    assert match, "no inline <svg> in the page's main content"
    html = html[html.index("<main") :]
    tag = match.group(0)
    # One image with a name and a description, both on the page
    assert 'role="img"' in tag
    for attribute in ("aria-labelledby", "aria-describedby"):
        reference = re.search(rf'{attribute}="([^"]+)"', tag)
        assert reference and f'id="{reference.group(1)}"' in html, attribute
    # The chart's text is the focus areas', from the database, not drawn as paths
    svg = html[match.start() : html.index("</svg>", match.start())]
    for plan_focus_area in PlanFocusArea.objects.filter(plan__key=PLAN_2012):
        assert plan_focus_area.focus_area.title in page_text(svg)


def test_chart_labels_are_escaped(client, demo) -> None:
    focus_area = PlanFocusArea.objects.filter(plan__key=PLAN_2012).first().focus_area
    focus_area.title = f"Område {SCRIPT}"
    focus_area.save()
    html = get(client, reverse("web:plan-status", args=[PLAN_2012]))
    assert SCRIPT not in html
    svg = html[html.index("<svg", html.index("<main")) : html.index("</svg>", html.index("<main"))]
    assert "&lt;script&gt;" in svg  # drawn as text (the label may wrap over lines)


# Titles a plotting library would read as mathtext or TeX, each short enough for one line.
HOSTILE_TITLES = [
    "Pris i $^$ kr.",
    "Mål $\\alpha$ og $x_1$",
    "C:\\mapper\\{navn}",
    "50 % af {alle} $",
]


def test_chart_draws_titles_with_dollars_and_backslashes_as_written(client, demo) -> None:
    # Given the 2012–2013 plan's focus areas titled with $, ^, \\, {} and %
    areas = PlanFocusArea.objects.filter(plan__key=PLAN_2012).order_by("position")
    for plan_focus_area, title in zip(areas, HOSTILE_TITLES, strict=True):
        plan_focus_area.focus_area.title = title
        plan_focus_area.focus_area.save()
    # When anyone opens the status page
    html = get(client, reverse("web:plan-status", args=[PLAN_2012]))
    # Then the chart shows each title exactly as typed, as text
    main = html[html.index("<main") :]
    svg = main[main.index("<svg") : main.index("</svg>")]
    labels = re.findall(r"<text\b[^>]*>([^<]*)</text>", svg)
    for title in HOSTILE_TITLES:
        assert title in [unescape(label) for label in labels]
    # And the table beside it shows them too
    table = [row[0] for row in table_rows(main)]
    assert set(HOSTILE_TITLES) <= set(table)


def test_status_page_of_a_plan_without_follow_ups_says_so(client, demo) -> None:
    html = get(client, reverse("web:plan-status", args=[PLAN_2014]))
    with translation.override("da"):
        assert translation.gettext("The plan has not been followed up yet.") in html
    assert "<svg" not in html[html.index("<main") : html.index("</main>")]


# --- the goal page ------------------------------------------------------------------------


def test_goal_page_shows_criteria_follow_ups_and_history(client, demo) -> None:
    # Given a 2012–2013 goal with criteria and follow-ups, carried on by a 2014 goal
    goal = Goal.objects.get(key=GOAL_2012)
    follower = Goal.objects.get(key=GOAL_2014)
    assert follower.continues_id == goal.pk
    # When its page is opened
    html = get(client, reverse("web:goal", args=[goal.key]))
    text = squash(page_text(html))
    # Then it shows its statement, criteria and follow-ups with Danish statuses
    assert squash(goal.statement) in text
    for criterion in goal.criteria.all():
        assert squash(criterion.text) in text
    # ... each follow-up beside the criteria it speaks about, with its status in Danish
    rows = table_rows(html)
    for follow_up in goal.follow_ups.prefetch_related("criteria"):
        row = squash(" ".join(_row_of(rows, shown(follow_up.text))))
        assert squash(danish(status_label(follow_up.status))) in row
        for criterion in follow_up.criteria.all():
            assert squash(criterion.text) in row
    # And the history links to the goal that carries it on
    assert reverse("web:goal", args=[follower.key]) in links(html)
    assert squash(follower.statement) in text


def test_goal_history_links_both_ways(client, demo) -> None:
    old = reverse("web:goal", args=[GOAL_2012])
    new = reverse("web:goal", args=[GOAL_2014])
    assert new in links(get(client, old))
    assert old in links(get(client, new))


def test_goal_page_links_back_to_its_plan(client, demo) -> None:
    html = get(client, reverse("web:goal", args=[GOAL_2014]))
    assert reverse("web:plan", args=[PLAN_2014]) in links(html)


def test_plan_page_links_every_goal_to_its_page(client, demo) -> None:
    hrefs = links(get(client, reverse("web:plan", args=[PLAN_2014])))
    for key in Goal.objects.filter(plan_focus_area__plan__key=PLAN_2014).values_list(
        "key", flat=True
    ):
        assert reverse("web:goal", args=[key]) in hrefs


# --- what may not be seen ----------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "/plan/no-such-plan/",
        "/plan/no-such-plan/status/",
        "/maal/no-such-goal/",
    ],
)
def test_unknown_keys_give_404(client, demo, url: str) -> None:
    assert client.get(url).status_code == 404


@pytest.fixture
def draft(demo) -> Plan:
    """An unpublished plan for 2015, with one goal."""
    plan = Plan.objects.create(
        key="mt-2015-udkast",
        title="Virksomhedsplan 2015 (udkast)",
        unit=Unit.objects.get(name="Miljø & Teknik"),
        start_year=2015,
        end_year=2015,
        status=PlanStatus.DRAFT,
    )
    plan_focus_area = PlanFocusArea.objects.create(
        plan=plan, focus_area=PlanFocusArea.objects.filter(plan__key=PLAN_2014)[0].focus_area
    )
    Goal.objects.create(
        key="mt-2015-g01", plan_focus_area=plan_focus_area, statement="Vi vil have et udkast."
    )
    return plan


def test_draft_plans_are_hidden_from_anonymous_readers(client, draft) -> None:
    assert client.get(reverse("web:plan", args=[draft.key])).status_code == 404
    assert client.get(reverse("web:plan-status", args=[draft.key])).status_code == 404
    assert client.get(reverse("web:goal", args=["mt-2015-g01"])).status_code == 404
    front = get(client, "/")
    assert reverse("web:plan", args=[draft.key]) not in links(front)
    assert draft.title not in front


def test_draft_goal_is_not_in_a_published_goals_history(client, draft) -> None:
    Goal.objects.filter(key="mt-2015-g01").update(continues=Goal.objects.get(key=GOAL_2014))
    html = get(client, reverse("web:goal", args=[GOAL_2014]))
    assert reverse("web:goal", args=["mt-2015-g01"]) not in links(html)
    assert "Vi vil have et udkast." not in html


def test_readers_of_the_unit_see_its_draft_plans(client, draft) -> None:
    reader = User.objects.create_user("laeser")
    RoleGrant.objects.create(user=reader, unit=draft.unit, role=Role.READER)
    client.force_login(reader)
    assert client.get(reverse("web:plan", args=[draft.key])).status_code == 200
    assert reverse("web:plan", args=[draft.key]) in links(get(client, "/"))


# --- user text is escaped or sanitised ------------------------------------------------------


SCRIPT = "<script>alert('xss')</script>"


def test_goal_statements_are_escaped(client, demo) -> None:
    goal = Goal.objects.get(key=GOAL_2014)
    goal.statement = f"Vi vil {SCRIPT} undgå scripts"
    goal.save()
    for url in (reverse("web:plan", args=[PLAN_2014]), reverse("web:goal", args=[goal.key])):
        html = get(client, url)
        assert SCRIPT not in html
        assert "&lt;script&gt;" in html
        assert f"Vi vil {SCRIPT} undgå scripts" in page_text(html)


def test_markdown_in_long_texts_is_rendered_and_sanitised(client, demo) -> None:
    plan_focus_area = PlanFocusArea.objects.filter(plan__key=PLAN_2014).first()
    plan_focus_area.unit_text = (
        "Det er **vigtigt** og [læs mere](https://albertslund.dk/).\n\n"
        f"{SCRIPT}\n\n"
        "[klik her](javascript:alert(1)) og <img src=x onerror=alert(1)>\n\n"
        "- punkt et\n- punkt to"
    )
    plan_focus_area.save()
    follow_up = FollowUp.objects.filter(goal__key=GOAL_2012).first()
    follow_up.text = "Se [mere](javascript:alert(2)) og <a href='javascript:alert(3)'>her</a>."
    follow_up.save()
    for url in (
        reverse("web:plan", args=[PLAN_2014]),
        reverse("web:plan", args=[PLAN_2012]),
        reverse("web:goal", args=[GOAL_2012]),
    ):
        html = get(client, url)
        assert "<script>alert" not in html
        # Unsafe markup may show as text, but never as a tag or an attribute
        assert not re.search(r"<[^>]*\b(href|src)\s*=\s*[\"']?\s*javascript:", html, re.I)
        assert not re.search(r"<[^>]*\bonerror\b", html, re.I)
        assert "<img" not in html
    html = get(client, reverse("web:plan", args=[PLAN_2014]))
    assert "<strong>vigtigt</strong>" in html
    assert '<a href="https://albertslund.dk/"' in html
    assert "<li>punkt et</li>" in html


# --- language ----------------------------------------------------------------------------------


def _lang(html: str) -> str:
    return re.search(r'<html lang="([^"]+)"', html).group(1)


def test_danish_is_the_default_even_when_the_browser_asks_for_english(client, demo) -> None:
    heading = "The municipality's plans"
    assert danish(heading) != heading, "the Danish catalogue is missing or not compiled"
    response = client.get("/", headers={"accept-language": "en-GB,en;q=0.9"})
    html = response.content.decode()
    assert _lang(html) == "da"
    assert response.headers["Content-Language"] == "da"
    assert danish(heading) in html
    assert f">{heading}<" not in html
    plan_html = get(client, reverse("web:plan", args=[PLAN_2012]), accept_language="en")
    assert danish("Follow-up") in plan_html


def _switch_button(html: str, language: str) -> str:
    """The text of the button that switches to `language`, which must be marked in that language."""
    match = re.search(rf'<button[^>]*value="{language}"[^>]*>(.*?)</button>', html, re.S)
    assert match, f"no button for {language}"
    assert f'lang="{language}"' in match.group(0)
    return page_text(match.group(1))


def test_language_switch_gives_english_pages_and_back(client, demo) -> None:
    url = reverse("web:plan", args=[PLAN_2012])
    # When the reader picks English on a plan page
    response = client.post("/i18n/setlang/", {"language": "en", "next": url})
    # Then they are back on the same page, now in English
    assert response.status_code == 302 and response.headers["Location"] == url
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    html = get(client, url)
    assert _lang(html) == "en"
    assert "Follow-up" in page_text(html)
    assert english(FollowUpStatus.NOT_MET.label) in page_text(html)
    # And the switch offers Danish, named in Danish
    assert _switch_button(html, "da") == "Dansk"
    # When they pick Danish again, the pages are Danish
    client.post("/i18n/setlang/", {"language": "da", "next": url})
    html = get(client, url)
    assert _lang(html) == "da"
    assert danish(FollowUpStatus.NOT_MET.label) in page_text(html)
    assert _switch_button(html, "en") == "English"


class _Languages(HTMLParser):
    """Each piece of text with the language it is in: the nearest `lang` around it."""

    VOID = {
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "source",
        "wbr",
    }

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, str | None]] = []
        self.texts: list[tuple[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag not in self.VOID:
            self.stack.append((tag, dict(attrs).get("lang")))

    def handle_endtag(self, tag: str) -> None:
        while self.stack:
            if self.stack.pop()[0] == tag:
                break

    def handle_data(self, data: str) -> None:
        text = " ".join(data.split())
        if text:
            language = next((lang for _tag, lang in reversed(self.stack) if lang), None)
            self.texts.append((text, language))


def languages_of(html: str, text: str) -> set[str | None]:
    parser = _Languages()
    parser.feed(html)
    return {language for chunk, language in parser.texts if squash(chunk) == squash(text)}


def test_plans_stay_marked_danish_on_english_pages(client, demo) -> None:
    # Given a reader who chose English
    client.post("/i18n/setlang/", {"language": "en"})
    plan = Plan.objects.get(key=PLAN_2012)
    goal = Goal.objects.get(key=GOAL_2012)
    criterion = goal.criteria.first()
    for url in (reverse("web:plan", args=[plan.key]), reverse("web:goal", args=[goal.key])):
        html = get(client, url)
        # Then the interface is English, and what users wrote is marked as Danish
        assert _lang(html) == "en"
        assert languages_of(html, "Documentation") == {"en"}
        assert languages_of(html, goal.statement) == {"da"}, url
        assert languages_of(html, criterion.text) == {"da"}, url
    # On the citizens' start page (the front page for anonymous readers) as well
    front = get(client, "/")
    assert languages_of(front, plan.title) == {"da"}
    # And on the front page of a signed-in user, the organisation's units too
    client.force_login(User.objects.create_user("uden-rolle", password="x"))
    front = get(client, "/")
    assert languages_of(front, plan.title) == {"da"}
    assert languages_of(front, "Miljø & Teknik") == {"da"}


def test_danish_pages_do_not_repeat_the_language(client, demo) -> None:
    html = get(client, reverse("web:plan", args=[PLAN_2012]))
    # the page, and English in the three language switchers (header, mobile menu, footer)
    assert re.findall(r'\blang="([^"]+)"', html) == ["da", "en", "en", "en"]


def test_unknown_language_cookie_falls_back_to_danish(client, demo) -> None:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "xx"
    assert _lang(get(client, "/")) == "da"


def test_every_page_has_one_h1_and_a_title(client, demo) -> None:
    for url in (
        "/",
        reverse("web:plan", args=[PLAN_2014]),
        reverse("web:plan", args=[PLAN_2012]),
        reverse("web:plan-status", args=[PLAN_2012]),
        reverse("web:goal", args=[GOAL_2014]),
    ):
        html = get(client, url)
        assert len(re.findall(r"<h1\b", html)) == 1, url
        title = re.search(r"<title>(.*?)</title>", html, re.S).group(1)
        assert title.strip() and "virkplan" in title
