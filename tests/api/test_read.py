"""Reading through the API: what each caller sees, filters, pages, ETags, languages, errors."""

import pytest

from virkplan.plans.models import Criterion, FollowUp, Goal, Plan

from .conftest import secret_for

pytestmark = pytest.mark.django_db


def _keys(response, field: str = "key") -> list:
    assert response.status_code == 200, response.content
    return [item[field] for item in response.json()["items"]]


# --- who sees what ------------------------------------------------------------------------------


def test_anonymous_callers_see_published_plans_only(api, draft):
    anonymous = api()
    assert _keys(anonymous.get("/plans")) == ["mt-2014", "mtf-2012-2013"]
    assert anonymous.get(f"/plans/{draft.key}").status_code == 404
    goal = Goal.objects.get(plan_focus_area__plan=draft)
    assert anonymous.get(f"/goals/{goal.key}").status_code == 404
    assert goal.key not in _keys(anonymous.get("/goals?limit=200"))
    criterion = Criterion.objects.filter(goal=goal).first()
    assert anonymous.get(f"/criteria/{criterion.pk}").status_code == 404


def test_a_token_sees_what_its_users_roles_allow(api, draft, demo_users):
    # The reader on the whole municipality sees the draft; the Forsyning editor does too,
    # since the plan is of a unit above theirs; someone with no role does not
    stranger = demo_users["laeser"].__class__.objects.create_user("fremmed")
    for username, sees in (("laeser", True), ("redaktoer-forsyning", True), ("fremmed", False)):
        user = demo_users.get(username) or stranger
        keys = _keys(api(secret_for(user)).get("/plans"))
        assert (draft.key in keys) is sees, username
        assert (api(secret_for(user)).get(f"/plans/{draft.key}").status_code == 200) is sees


def test_a_signed_in_browser_reads_with_its_session(client, api, draft, demo_users):
    client.force_login(demo_users["redaktoer"])
    assert draft.key in _keys(api().get("/plans"))


def test_a_wrong_or_revoked_token_is_refused_not_read_as_anonymous(api, demo_users):
    from virkplan.api.selectors import token_for_secret
    from virkplan.api.services import token_revoke
    from virkplan.plans.selectors import SYSTEM_ACTOR

    secret = secret_for(demo_users["laeser"])
    token_revoke(actor=SYSTEM_ACTOR, token=token_for_secret(secret=secret))
    for header in (f"Bearer {secret}", "Bearer nonsense", "Basic bGFlc2VyOng=", "Bearer"):
        response = api().get("/plans", Authorization=header)
        assert response.status_code == 401, header
        assert response["WWW-Authenticate"] == "Bearer"
        assert response.json()["code"] == "unauthorized"


# --- the resources ------------------------------------------------------------------------------


def test_the_plan_document_holds_the_whole_plan_in_order(api, demo):
    plan = api().get("/plans/mtf-2012-2013").json()
    assert plan["status"] == "published" and plan["unit"] == "miljo-teknikforvaltningen"
    assert len(plan["focus_areas"]) == 4
    goals = [goal for area in plan["focus_areas"] for goal in area["goals"]]
    stored = Goal.objects.filter(plan_focus_area__plan__key="mtf-2012-2013")
    assert sorted(g["key"] for g in goals) == sorted(stored.values_list("key", flat=True))
    follow_ups = [f for goal in goals for f in goal["follow_ups"]]
    assert len(follow_ups) == FollowUp.objects.filter(goal__in=stored).count()
    # A sub-goal comes after its goal and names it
    for index, goal in enumerate(goals):
        if goal["parent"]:
            assert goal["parent"] in [g["key"] for g in goals[:index]]
    # Each follow-up names criteria of its own goal
    for goal in goals:
        own = {c["id"] for c in goal["criteria"]}
        for follow_up in goal["follow_ups"]:
            assert set(follow_up["criteria"]) <= own


def test_numbers_are_plain_json_numbers(api, demo):
    criteria = api().get("/criteria?limit=200").json()["items"]
    with_values = [c for c in criteria if c["value"] is not None]
    assert with_values
    for criterion in with_values:
        stored = Criterion.objects.get(pk=criterion["id"])
        assert criterion["value"] == float(stored.value)
        assert isinstance(criterion["value"], int | float)


def test_the_unit_tree_nests_units_under_their_parents(api, demo):
    tree = api().get("/units/tree").json()
    assert [node["key"] for node in tree] == ["albertslund"]

    def find(nodes, key):
        for node in nodes:
            if node["key"] == key:
                return node
            found = find(node["children"], key)
            if found:
                return found
        return None

    department = find(tree, "miljo-teknik")
    assert {"forsyning"} <= {child["key"] for child in department["children"]}


# --- filters ------------------------------------------------------------------------------------


def test_plans_by_unit_include_the_units_under_it(api, draft):
    reader = api(secret_for(draft.unit.role_grants.model.objects.first().user))
    assert _keys(reader.get("/plans?unit=albertslund")) == _keys(reader.get("/plans"))
    assert _keys(reader.get("/plans?unit=miljo-teknik")) == [draft.key, "mt-2014"]
    assert _keys(reader.get("/plans?unit=forsyning")) == []
    assert _keys(reader.get("/plans?unit=no-such-unit")) == []
    assert _keys(reader.get("/plans?year=2013")) == ["mtf-2012-2013"]
    assert _keys(reader.get("/plans?status=draft")) == [draft.key]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("plan=mt-2014", lambda: Goal.objects.filter(plan_focus_area__plan__key="mt-2014")),
        (
            "focus_area=mt-2014-fa-bo-i-albertslund",
            lambda: Goal.objects.filter(
                plan_focus_area__focus_area__key="mt-2014-fa-bo-i-albertslund"
            ),
        ),
    ],
)
def test_goals_by_plan_and_focus_area(api, demo, query, expected):
    assert sorted(_keys(api().get(f"/goals?{query}&limit=200"))) == sorted(
        expected().values_list("key", flat=True)
    )


def test_goals_by_responsible_unit(api, demo):
    # Goals in Miljø & Teknik's own plan that name no unit are Miljø & Teknik's
    keys = _keys(api().get("/goals?responsible_unit=miljo-teknik&limit=200"))
    expected = Goal.objects.filter(
        plan_focus_area__plan__unit__key="miljo-teknik", responsible_unit__isnull=True
    ) | Goal.objects.filter(responsible_unit__key="miljo-teknik")
    assert sorted(keys) == sorted(expected.values_list("key", flat=True))
    assert _keys(api().get("/goals?responsible_unit=nobody")) == []


def test_follow_ups_and_criteria_by_goal_plan_and_date(api, demo):
    follow_ups = FollowUp.objects.filter(goal__key="mtf-2012-2013-g01")
    assert sorted(_keys(api().get("/follow-ups?goal=mtf-2012-2013-g01"), "id")) == sorted(
        follow_ups.values_list("pk", flat=True)
    )
    assert len(_keys(api().get("/follow-ups?plan=mt-2014"), "id")) == 0
    dated = FollowUp.objects.exclude(date=None).order_by("date").first()
    if dated is not None:
        ids = _keys(api().get(f"/follow-ups?date_from={dated.date}&limit=200"), "id")
        assert dated.pk in ids
    assert _keys(api().get("/follow-ups?date_to=1900-01-01"), "id") == []
    criteria = Criterion.objects.filter(goal__key="mt-2014-g02")
    assert _keys(api().get("/criteria?goal=mt-2014-g02"), "id") == list(
        criteria.order_by("position", "id").values_list("pk", flat=True)
    )


# --- pages --------------------------------------------------------------------------------------


@pytest.mark.parametrize("resource", ["/goals", "/criteria", "/follow-ups", "/units"])
def test_pages_cover_the_list_once_in_a_stable_order(api, demo, resource):
    whole = api().get(f"{resource}?limit=200").json()
    field = "id" if resource in ("/criteria", "/follow-ups") else "key"
    seen = []
    for offset in range(0, whole["count"], 7):
        page = api().get(f"{resource}?limit=7&offset={offset}").json()
        assert page["count"] == whole["count"] and page["limit"] == 7
        seen += [item[field] for item in page["items"]]
    assert seen == [item[field] for item in whole["items"]]
    assert api().get(f"{resource}?offset={whole['count']}").json()["items"] == []


# --- ETags --------------------------------------------------------------------------------------


def test_an_unchanged_resource_answers_304_to_its_etag(api, demo_users):
    first = api().get("/plans/mt-2014")
    etag = first["ETag"]
    assert etag.startswith('W/"')
    # The same again: 304, no body
    again = api().get("/plans/mt-2014", If_None_Match=etag)
    assert again.status_code == 304 and again.content == b""
    assert again["ETag"] == etag
    # A strong form of the tag matches too (If-None-Match compares weakly)
    assert api().get("/plans/mt-2014", If_None_Match=etag[2:]).status_code == 304
    # When the plan changes, the tag does
    follow_up = FollowUp.objects.filter(goal__plan_focus_area__plan__key="mt-2014").first()
    if follow_up is None:
        Plan.objects.filter(key="mt-2014").update(title="Virksomhedsplan 2014 (rettet)")
    else:
        FollowUp.objects.filter(pk=follow_up.pk).update(text="Ændret.")
    changed = api().get("/plans/mt-2014", If_None_Match=etag)
    assert changed.status_code == 200 and changed["ETag"] != etag


def test_the_etag_differs_by_caller_and_varies_by_their_headers(api, draft, demo_users):
    anonymous = api().get("/plans")
    reader = api(secret_for(demo_users["laeser"])).get("/plans")
    assert anonymous["ETag"] != reader["ETag"]
    vary = {part.strip() for part in anonymous["Vary"].split(",")}
    assert {"Authorization", "Cookie", "Accept-Language"} <= vary


# --- language and errors ------------------------------------------------------------------------


def test_messages_are_danish_unless_english_is_asked_for_first(api, demo):
    danish = api().get("/plans/no-such-plan")
    assert danish.status_code == 404 and danish["Content-Language"] == "da"
    assert danish.json() == {
        "code": "not_found",
        "message": "Ingen plan, du kan se, har nøglen “no-such-plan”.",
        "errors": [],
    }
    english = api(language="en-GB,da;q=0.5").get("/plans/no-such-plan")
    assert english["Content-Language"] == "en"
    assert english.json()["message"] == "No plan you may see has the key “no-such-plan”."
    # A language the site does not speak gives Danish
    assert api(language="de").get("/plans/x")["Content-Language"] == "da"


@pytest.mark.parametrize(
    ("query", "field", "danish"),
    [
        ("limit=0", "limit", "skal være mindst 1"),
        ("limit=201", "limit", "skal højst være 200"),
        ("limit=abc", "limit", "skal være et helt tal"),
        ("offset=-1", "offset", "skal være mindst 0"),
        ("offset=99999999999999999999", "offset", "skal højst være"),
        ("year=10000", "year", "skal højst være 9999"),
        ("status=done", "status", "skal være en af"),
        ("unit=%00", "unit", "må kun indeholde"),
        ("unit=" + "a" * 101, "unit", "må højst være 100 tegn"),
    ],
)
def test_a_bad_filter_is_refused_naming_the_field(api, demo, query, field, danish):
    response = api().get(f"/plans?{query}")
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "invalid"
    assert body["errors"][0]["field"] == field
    assert danish in body["errors"][0]["message"]
    assert body["message"].startswith(f"{field}: ")


@pytest.mark.parametrize(
    "path",
    [
        "/plans/%00",
        "/goals/" + "g" * 101,
        "/criteria/0",
        "/criteria/9223372036854775808",
        "/follow-ups/-1",
        "/follow-ups/abc",
    ],
)
def test_a_bad_address_is_refused_naming_the_field_never_a_server_error(api, demo, path):
    response = api().get(path)
    assert response.status_code == 422, response.content
    assert response.json()["errors"][0]["field"] in ("key", "id")


def test_an_address_that_is_no_operation_is_a_json_404(api):
    for path in ("/nothing", "/plans/mt-2014/extra", "/../admin/"):
        response = api().get(path)
        assert response.status_code == 404
        assert response.json()["code"] == "not_found"
    assert api().get("/plans/").status_code == 404  # no redirect to another address


def test_the_docs_page_uses_the_sites_own_files_and_no_inline_script(client, demo):
    import re

    html = client.get("/api/v1/docs").content.decode()
    assert 'data-openapi-url="/api/v1/openapi.json"' in html
    scripts = re.findall(r"<script[^>]*>", html)
    assert scripts and all('src="/static/' in tag for tag in scripts), scripts
    main = html.split("<main")[1].split("</main>")[0]  # the footer links the municipality's site
    assert "http://" not in main and "https://" not in main
