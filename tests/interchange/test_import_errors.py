"""A file that breaks the format or its rules is refused: every problem named, nothing written.

Messages are checked as the Danish catalogue renders them (`danish`), which
is what a user sees by default; the JSON path in each message is where the
test broke the document.
"""

import copy
import io
import json
import re
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from virkplan import cli
from virkplan.demo.services import demo_document
from virkplan.interchange.services import ImportRefused, document_import, parse_json
from virkplan.organisation.models import Unit
from virkplan.plans.models import FollowUpStatus, Goal, Plan, PlanStatus
from virkplan.plans.rules import MAX_PERIOD_YEARS
from virkplan.plans.selectors import SYSTEM_ACTOR

from .documents import danish, has_danish, problem, row_counts, small_document

pytestmark = pytest.mark.django_db

NOT_THE_FORMAT = "The file does not follow the virkplan/1 format."
CANNOT_IMPORT = "The file cannot be imported as it is."
MISSING = "%(path)s: the field “%(field)s” is missing."
MUST_BE = "%(path)s: must be %(type)s."
NO_UNIT = "no unit has the key “%(key)s”."
NOT_A_DATE = "“%(value)s” is not a real date."
NOTHING_IMPORTED = "Nothing was imported."

PLAN = "$.plans[0]"
FOCUS_AREA = f"{PLAN}.focus_areas[0]"
GOAL = f"{FOCUS_AREA}.goals[0]"


def refused(document, **options) -> ImportRefused:
    """Import the document, expecting a refusal that leaves every table as it was."""
    before = row_counts()
    with pytest.raises(ImportRefused) as caught:
        document_import(user=SYSTEM_ACTOR, document=document, **options)
    assert row_counts() == before
    return caught.value


def first_goal(document) -> dict:
    return document["plans"][0]["focus_areas"][0]["goals"][0]


def write(tmp_path: Path, document, name: str = "plans.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(document, ensure_ascii=False, indent=2), encoding="utf-8")
    return path


def run_cli(*argv: str) -> int:
    """Run the `virkplan` command as from a shell; its exit status."""
    try:
        cli.main(list(argv))
    except SystemExit as exit:
        return exit.code if isinstance(exit.code, int) else 1
    return 0


# Missing fields, wrong types, values outside the lists ----------------------------------


def test_every_missing_field_is_named_by_its_path():
    # Given a document without a unit's name, the plan's title, a goal's statement
    # and a criterion's text
    document = small_document()
    del document["units"][0]["name"]
    del document["plans"][0]["title"]
    del first_goal(document)["criteria"][2]["text"]
    del document["plans"][0]["focus_areas"][0]["goals"][1]["statement"]

    # When it is imported
    refusal = refused(document)

    # Then every one is reported, where it is, and nothing else
    assert refusal.message == danish(NOT_THE_FORMAT)
    assert sorted(refusal.errors) == sorted(
        [
            danish(MISSING, path="$.units[0]", field="name"),
            danish(MISSING, path=PLAN, field="title"),
            danish(MISSING, path=f"{GOAL}.criteria[2]", field="text"),
            danish(MISSING, path=f"{FOCUS_AREA}.goals[1]", field="statement"),
        ]
    )


def test_refusals_are_in_danish_by_default_and_in_english_when_asked():
    # Given a document without the plan's title, and a Danish catalogue that has the message
    document = small_document()
    del document["plans"][0]["title"]
    assert has_danish(MISSING)

    # When it is imported in the default language, and again in English
    danish_errors = refused(document).errors
    with translation.override("en"):
        english_errors = refused(document).errors

    # Then the first refusal is in Danish, the second in English
    assert danish_errors == [danish(MISSING, path=PLAN, field="title")]
    assert english_errors == [MISSING % {"path": PLAN, "field": "title"}]
    assert danish_errors != english_errors


def test_wrong_types_are_named_with_the_type_expected():
    # Given a year written as text, a count as text, a list as text, and a target
    # whose value is null
    document = small_document()
    document["plans"][0]["period"]["start"] = "2014"
    document["units"][1]["facts"][0]["value"] = "63"
    document["plans"][0]["focus_areas"][0]["goals"][1]["criteria"] = "Der er lavet en plan."
    first_goal(document)["criteria"][0]["target"]["value"] = None

    # When it is imported
    refusal = refused(document)

    # Then each is reported once, at the field itself, with the type it must have
    assert sorted(refusal.errors) == sorted(
        [
            danish(MUST_BE, path=f"{PLAN}.period.start", type=danish("a whole number")),
            danish(MUST_BE, path="$.units[1].facts[0].value", type=danish("a number")),
            danish(MUST_BE, path=f"{FOCUS_AREA}.goals[1].criteria", type=danish("a list")),
            danish(MUST_BE, path=f"{GOAL}.criteria[0].target.value", type=danish("a number")),
        ]
    )


def test_a_field_that_may_be_empty_gets_one_message_naming_both_allowed_types():
    # Given a unit whose parent is a number (a key or null is allowed)
    document = small_document()
    document["units"][1]["parent"] = 5

    # When it is imported
    errors = refused(document).errors

    # Then one message names the field and both things it may be
    assert len(errors) == 1
    assert errors[0].startswith("$.units[1].parent: ")
    assert danish("a text") in errors[0]
    assert danish("empty (null)") in errors[0]


def test_unknown_statuses_are_refused_with_the_allowed_ones_listed():
    # Given a follow-up status and a plan status that are not in the format
    document = small_document()
    first_goal(document)["follow_ups"][0]["status"] = "done"
    document["plans"][0]["status"] = "ready"

    # When it is imported
    errors = refused(document).errors

    # Then both are reported at their paths, each listing every allowed status
    assert len(errors) == 2
    follow_up = next(e for e in errors if e.startswith(f"{GOAL}.follow_ups[0].status: "))
    assert "“done”" in follow_up
    assert all(f"“{status}”" in follow_up for status in FollowUpStatus.values)
    plan = next(e for e in errors if e.startswith(f"{PLAN}.status: "))
    assert "“ready”" in plan
    assert all(f"“{status}”" in plan for status in PlanStatus.values)


def test_an_unknown_field_is_refused():
    # Given a plan with a misspelt field
    document = small_document()
    document["plans"][0]["titel"] = "Virksomhedsplan 2014"

    # When it is imported, then the field is named at the plan's path
    errors = refused(document).errors
    assert len(errors) == 1
    assert errors[0].startswith(f"{PLAN}: ")
    assert "“titel”" in errors[0]


def test_a_date_not_written_as_year_month_day_is_refused():
    # Given a date written the Danish way, 1/8/2013
    document = small_document()
    document["units"][1]["valid_from"] = "1/8/2013"

    # When it is imported, then the field and the value are named
    errors = refused(document).errors
    assert len(errors) == 1
    assert errors[0].startswith("$.units[1].valid_from: ")
    assert "“1/8/2013”" in errors[0]


# The rules the schema cannot express ---------------------------------------------------


def test_every_unknown_unit_key_is_named_by_its_path():
    # Given references to units that exist neither in the file nor in the database
    document = small_document()
    document["units"][1]["parent"] = "amt"
    document["units"][1]["successors"] = ["teknik-2", "kommune"]
    document["plans"][0]["unit"] = "vej-park"
    document["plans"][0]["focus_areas"][0]["set_by"] = "direktion"
    first_goal(document)["responsible_unit"] = "forsyning"

    # When it is imported
    refusal = refused(document)

    # Then each reference is reported where it is
    assert refusal.message == danish(CANNOT_IMPORT)
    assert sorted(refusal.errors) == sorted(
        [
            problem("$.units[1].parent", NO_UNIT, key="amt"),
            problem("$.units[1].successors[0]", NO_UNIT, key="teknik-2"),
            problem(f"{PLAN}.unit", NO_UNIT, key="vej-park"),
            problem(f"{FOCUS_AREA}.set_by", NO_UNIT, key="direktion"),
            problem(f"{GOAL}.responsible_unit", NO_UNIT, key="forsyning"),
        ]
    )


def test_a_unit_stored_earlier_may_be_referred_to():
    # Given the units already stored
    document = small_document()
    document_import(
        user=SYSTEM_ACTOR,
        document={"format": "virkplan/1", "units": document["units"], "plans": []},
    )

    # When a plan for one of them comes in a file without units
    result = document_import(user=SYSTEM_ACTOR, document={**document, "units": []})

    # Then it is imported for that unit
    assert [plan.unit.key for plan in result.plans] == [document["plans"][0]["unit"]]


def test_duplicate_goal_keys_are_refused_at_the_second_use():
    # Given two goals with the same key, and a sub-goal with the key of a top-level goal
    document = small_document()
    goals = document["plans"][0]["focus_areas"][0]["goals"]
    goals[1]["key"] = goals[0]["key"]
    goals[0]["goals"] = [{"key": "tm-2014-g1", "statement": "Vi vil dele målet op."}]

    # When it is imported
    errors = refused(document).errors

    # Then each later use is reported at its own path
    used = "the key “%(key)s” is used by another goal in the file."
    assert sorted(errors) == sorted(
        [
            problem(f"{GOAL}.goals[0].key", used, key="tm-2014-g1"),
            problem(f"{FOCUS_AREA}.goals[1].key", used, key="tm-2014-g1"),
        ]
    )


def test_a_goal_key_taken_by_a_stored_plan_is_refused():
    # Given the demo plans stored, and a new plan reusing a key of a 2014 goal
    document_import(user=SYSTEM_ACTOR, document=demo_document())
    document = small_document()
    first_goal(document)["key"] = "mt-2014-g01"
    taken = Goal.objects.select_related("plan_focus_area__plan").get(key="mt-2014-g01")

    # When it is imported, then the clash names the plan that has the key
    errors = refused(document).errors
    assert errors == [
        problem(
            f"{GOAL}.key",
            "the key “%(key)s” belongs to a goal in the plan “%(plan)s” already in virkplan.",
            key="mt-2014-g01",
            plan=taken.plan_focus_area.plan.title,
        )
    ]


def test_a_follow_up_about_a_criterion_the_goal_does_not_have_is_refused():
    # Given a goal with three criteria and a follow-up about criteria 0 and 3
    document = small_document()
    goal = first_goal(document)
    goal["follow_ups"][0]["criteria"] = [0, len(goal["criteria"])]

    # When it is imported, then the index that is out of range is named, with the count
    errors = refused(document).errors
    assert errors == [
        problem(
            f"{GOAL}.follow_ups[0].criteria[1]",
            "the goal has no criterion number %(index)s (it has %(count)s, counted from 0).",
            index=len(goal["criteria"]),
            count=len(goal["criteria"]),
        )
    ]


@pytest.mark.parametrize("years", [MAX_PERIOD_YEARS + 1, MAX_PERIOD_YEARS + 5])
def test_a_period_longer_than_the_longest_plan_is_refused(years):
    # Given a plan running for more years than a plan may cover
    document = small_document()
    document["plans"][0]["period"] = {"start": 2014, "end": 2014 + years - 1}

    # When it is imported, then the period is named
    errors = refused(document).errors
    assert errors == [
        problem(f"{PLAN}.period", "A plan covers at most %(years)s years.", years=MAX_PERIOD_YEARS)
    ]


def test_a_plan_of_the_longest_period_is_accepted():
    document = small_document()
    document["plans"][0]["period"] = {"start": 2014, "end": 2014 + MAX_PERIOD_YEARS - 1}

    [plan] = document_import(user=SYSTEM_ACTOR, document=document).plans

    assert (plan.start_year, plan.end_year) == (2014, 2014 + MAX_PERIOD_YEARS - 1)


def test_a_period_that_ends_before_it_starts_is_refused():
    document = small_document()
    document["plans"][0]["period"] = {"start": 2014, "end": 2013}

    errors = refused(document).errors

    assert errors == [problem(f"{PLAN}.period", "The last year cannot be before the first year.")]


def test_units_whose_parents_go_round_in_a_circle_are_refused():
    # Given two units that are each other's parent
    document = small_document()
    document["units"][0]["parent"] = "teknik"

    # When it is imported, then both are named
    circle = "the units' parents go round in a circle."
    assert sorted(refused(document).errors) == [
        problem("$.units[0].parent", circle),
        problem("$.units[1].parent", circle),
    ]


def test_a_circle_through_a_stored_unit_is_refused():
    # Given the department stored below the municipality
    document_import(user=SYSTEM_ACTOR, document=small_document())

    # When a file puts the municipality below the department, asking to update stored units
    municipality = {"key": "kommune", "name": "Eksempel Kommune", "kind": "municipality"}
    document = {
        "format": "virkplan/1",
        "units": [{**municipality, "parent": "teknik"}],
        "plans": [],
    }

    # Then it is refused, and the municipality keeps its place
    assert refused(document, update_units=True).errors == [
        problem("$.units[0].parent", "the units' parents go round in a circle.")
    ]
    assert Unit.objects.get(key="kommune").parent is None


def test_dates_that_do_not_exist_are_refused_wherever_they_are():
    # Given 30 February, month 13 and 29 February of a year that is not a leap year
    document = small_document()
    document["units"][1]["valid_from"] = "2013-02-30"
    first_goal(document)["follow_ups"][0]["date"] = "2014-13-01"
    first_goal(document)["criteria"][0]["target"]["target_date"] = "2014-02-29"

    # When it is imported, then each is reported where it is
    assert sorted(refused(document).errors) == sorted(
        [
            problem("$.units[1].valid_from", NOT_A_DATE, value="2013-02-30"),
            problem(f"{GOAL}.follow_ups[0].date", NOT_A_DATE, value="2014-13-01"),
            problem(f"{GOAL}.criteria[0].target.target_date", NOT_A_DATE, value="2014-02-29"),
        ]
    )


def test_a_unit_that_ends_before_it_begins_is_refused():
    document = small_document()
    document["units"][1]["valid_to"] = "2013-07-31"

    assert refused(document).errors == [
        problem("$.units[1].valid_to", "the unit ends before it begins.")
    ]


def test_a_range_without_a_larger_upper_value_is_refused():
    document = small_document()
    first_goal(document)["criteria"][0]["target"] |= {"comparison": "range", "value_max": 9000}

    assert refused(document).errors == [
        problem(
            f"{GOAL}.criteria[0].target.value_max",
            "The upper value must be at least the target value.",
        )
    ]


def test_a_goal_that_continues_itself_is_refused():
    document = small_document()
    first_goal(document)["continues"] = first_goal(document)["key"]

    assert refused(document).errors == [
        problem(f"{GOAL}.continues", "a goal cannot continue itself.")
    ]


def test_a_focus_area_included_twice_in_one_plan_is_refused():
    # Given a plan that lists the same focus area twice
    document = small_document()
    focus_areas = document["plans"][0]["focus_areas"]
    focus_areas.append({**copy.deepcopy(focus_areas[0]), "goals": []})

    # When it is imported, then the second is named, with where the first is
    assert refused(document).errors == [
        problem(
            f"{PLAN}.focus_areas[1]",
            "the focus area “%(title)s” is already in this plan, at %(other)s.",
            title=focus_areas[0]["title"],
            other=FOCUS_AREA,
        )
    ]


def test_numbers_that_cannot_be_stored_exactly_are_refused():
    # Given a number too large to store, one with more decimals than are kept,
    # and NaN (which Python's JSON reader lets through)
    document = small_document()
    document["units"][1]["facts"][0]["value"] = 1e20
    first_goal(document)["criteria"][1]["target"]["value"] = 3.78999
    first_goal(document)["criteria"][0]["target"]["baseline_value"] = float("nan")

    # When it is imported
    errors = refused(parse_json(json.dumps(document))).errors

    # Then each is named at its path, and nothing is rounded away silently
    assert sorted(error.split(": ")[0] for error in errors) == sorted(
        [
            "$.units[1].facts[0].value",
            f"{GOAL}.criteria[1].target.value",
            f"{GOAL}.criteria[0].target.baseline_value",
        ]
    )


def test_text_with_characters_no_database_can_store_is_refused():
    # Given a NUL character in a title and a lone surrogate in a follow-up
    document = small_document()
    document["plans"][0]["title"] = "Virksomhedsplan\x002014"
    first_goal(document)["follow_ups"][0]["text"] = "Målet blev \ud83d nået."

    # When it is imported, then both are named by their path
    errors = refused(document).errors
    assert sorted(error.split(": ")[0] for error in errors) == sorted(
        [f"{PLAN}.title", f"{GOAL}.follow_ups[0].text"]
    )


def test_every_problem_in_a_file_is_listed_at_once():
    # Given a document with five different problems
    document = small_document()
    document["plans"][0]["unit"] = "vej-park"
    document["plans"][0]["period"]["end"] = 2013
    goals = document["plans"][0]["focus_areas"][0]["goals"]
    goals[1]["key"] = goals[0]["key"]
    goals[0]["follow_ups"][0]["criteria"] = [7]
    document["units"][1]["valid_from"] = "2013-02-30"

    # When it is imported, then all five are reported in one refusal
    paths = [error.split(": ")[0] for error in refused(document).errors]
    assert sorted(paths) == sorted(
        [
            f"{PLAN}.unit",
            f"{PLAN}.period",
            f"{FOCUS_AREA}.goals[1].key",
            f"{GOAL}.follow_ups[0].criteria[0]",
            "$.units[1].valid_from",
        ]
    )


# Reading the file -------------------------------------------------------------------------


def test_invalid_json_is_refused_naming_line_and_column():
    # Given the document's JSON text with a value left unquoted
    text = json.dumps(small_document(), ensure_ascii=False, indent=2)
    text = text.replace('"status": "published"', '"status": published', 1)
    at = text.index("published")
    line, column = text.count("\n", 0, at) + 1, at - text.rfind("\n", 0, at)

    # When it is read
    with pytest.raises(ImportRefused) as caught:
        parse_json(text.encode("utf-8"))

    # Then the one error names the line and column where the mistake is
    template = danish(
        "The file is not valid JSON: %(problem)s at line %(line)s, column %(column)s.",
        problem="\x00",
        line=line,
        column=column,
    )
    pattern = re.escape(template).replace("\x00", ".+")
    assert len(caught.value.errors) == 1
    assert re.fullmatch(pattern, caught.value.errors[0])


def test_a_file_that_is_not_utf8_is_refused():
    # Given the document saved as Latin-1 (“Miljø” is not UTF-8 then)
    raw = json.dumps(small_document(), ensure_ascii=False).encode("latin-1")

    # When it is read, then it is refused as not UTF-8
    with pytest.raises(ImportRefused) as caught:
        parse_json(raw)
    assert caught.value.errors == [danish("The file is not UTF-8 text.")]


# Importing a plan again ---------------------------------------------------------------------


def test_importing_a_stored_plan_again_without_replace_is_refused():
    # Given the demo plans stored
    document = demo_document()
    document_import(user=SYSTEM_ACTOR, document=document)

    # When the same file is imported again
    errors = refused(document).errors

    # Then each plan is named as already there, and the refusal says which are stored
    already = "the plan “%(title)s” (%(key)s) is already in virkplan."
    assert errors == [
        problem(f"$.plans[{n}]", already, title=plan["title"], key=plan["key"])
        for n, plan in enumerate(document["plans"])
    ]
    assert refused(document).already_stored == [plan["key"] for plan in document["plans"]]


def _continued_goals(document) -> dict[str, str]:
    """Goal key -> key of the goal it continues, for every goal in the document."""
    links = {}

    def walk(goals):
        for goal in goals:
            if goal.get("continues"):
                links[goal["key"]] = goal["continues"]
            walk(goal.get("goals", []))

    for plan in document["plans"]:
        for focus_area in plan["focus_areas"]:
            walk(focus_area["goals"])
    return links


def _with_draft_earlier_plan() -> dict:
    """The demo document with the 2012–2013 plan as a draft (which an import replaces in place)."""
    document = demo_document()
    for plan in document["plans"]:
        if plan["key"] == "mtf-2012-2013":
            plan["status"] = "draft"
    return document


def test_replacing_a_draft_keeps_the_links_from_later_plans():
    # Given the demo plans stored, 2012–2013 as a draft: 2014 goals continue its goals
    document = _with_draft_earlier_plan()
    document_import(user=SYSTEM_ACTOR, document=document)
    links = _continued_goals(document)
    assert links, "the demo should have 2014 goals that continue 2012–2013 goals"
    old_rows = set(Goal.objects.filter(key__in=links.values()).values_list("pk", flat=True))

    # When the 2012–2013 plan alone is imported again with replace
    earlier = {**document, "plans": [p for p in document["plans"] if p["key"] == "mtf-2012-2013"]}
    result = document_import(user=SYSTEM_ACTOR, document=earlier, replace=True)

    # Then it was replaced, not duplicated
    assert result.replaced == ["mtf-2012-2013"]
    assert Plan.objects.count() == len(document["plans"])
    assert Plan.objects.filter(key="mtf-2012-2013").count() == 1
    # And the 2014 goals carry on the new rows of the same goals
    for goal_key, earlier_key in links.items():
        goal = Goal.objects.select_related("continues").get(key=goal_key)
        assert goal.continues is not None
        assert goal.continues.key == earlier_key
        assert goal.continues.pk not in old_rows
    assert result.warnings == []


def test_replacing_a_draft_without_a_continued_goal_removes_the_link_and_says_so():
    # Given the demo plans stored, 2012–2013 as a draft
    document = _with_draft_earlier_plan()
    document_import(user=SYSTEM_ACTOR, document=document)
    goal_key, earlier_key = next(iter(_continued_goals(document).items()))

    # When the 2012–2013 plan is replaced by a version without the continued goal
    earlier = copy.deepcopy(next(p for p in document["plans"] if p["key"] == "mtf-2012-2013"))
    for focus_area in earlier["focus_areas"]:
        focus_area["goals"] = [g for g in focus_area["goals"] if g["key"] != earlier_key]
    result = document_import(
        user=SYSTEM_ACTOR,
        document={**document, "plans": [earlier]},
        replace=True,
    )

    # Then the later goal stays, without the link, and the import warns about it
    assert Goal.objects.get(key=goal_key).continues is None
    assert len(result.warnings) == 1
    assert goal_key in result.warnings[0]
    assert earlier_key in result.warnings[0]


def test_two_plans_in_one_file_with_the_same_unit_title_and_period_are_both_kept():
    # Given a file with two plans that differ only in key and content
    document = small_document()
    second = {**copy.deepcopy(document["plans"][0]), "key": "tm-2014-b", "focus_areas": []}
    document["plans"].append(second)

    # When it is imported into an empty database
    result = document_import(user=SYSTEM_ACTOR, document=document)

    # Then both plans are there; the second did not replace the first
    assert result.replaced == []
    assert sorted(Plan.objects.values_list("key", flat=True)) == ["tm-2014", "tm-2014-b"]
    assert Goal.objects.count() == 2


# The command line ---------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_the_command_line_prints_every_error_and_exits_with_failure(tmp_path, capsys):
    # Given a file with an unknown unit and a period that ends before it starts
    document = small_document()
    document["plans"][0]["unit"] = "vej-park"
    document["plans"][0]["period"]["end"] = 2013
    path = write(tmp_path, document)
    before = row_counts()

    # When `virkplan import FILE` runs
    status = run_cli("import", str(path))

    # Then it fails, prints both problems and says nothing was imported
    err = capsys.readouterr().err
    assert status != 0
    assert danish(CANNOT_IMPORT) in err
    assert problem(f"{PLAN}.unit", NO_UNIT, key="vej-park") in err
    assert problem(f"{PLAN}.period", "The last year cannot be before the first year.") in err
    assert danish(NOTHING_IMPORTED) in err
    assert "Intet blev importeret" in err
    assert row_counts() == before


@pytest.mark.django_db(transaction=True)
def test_the_command_line_refuses_a_file_that_is_not_json(tmp_path, capsys):
    # Given a file whose list is closed with a brace
    text = '{"format": "virkplan/1",\n  "units": [}\n'
    at = text.index("}")
    line, column = text.count("\n", 0, at) + 1, at - text.rfind("\n", 0, at)
    path = tmp_path / "plans.json"
    path.write_text(text, encoding="utf-8")

    # When `virkplan import FILE` runs
    status = run_cli("import", str(path))

    # Then it fails, naming line and column, and nothing is imported
    err = capsys.readouterr().err
    assert status != 0
    assert re.search(rf"\b{line}\b.*\b{column}\b", err)
    assert danish(NOTHING_IMPORTED) in err


@pytest.mark.django_db(transaction=True)
def test_the_command_line_imports_a_good_file(tmp_path, capsys):
    # Given a good file
    path = write(tmp_path, small_document())

    # When `virkplan import FILE` runs
    status = run_cli("import", str(path))

    # Then it succeeds and the plan is stored
    assert status == 0
    assert "tm-2014" in Plan.objects.values_list("key", flat=True)
    assert capsys.readouterr().out.strip()


def test_import_plans_refuses_a_stored_plan_then_revises_it_with_replace(tmp_path):
    # Given a published plan imported once
    path = write(tmp_path, small_document())
    call_command("import_plans", str(path), stdout=io.StringIO())
    before = row_counts()

    # When the same file is imported again without --replace, it is refused, saying how
    with pytest.raises(CommandError) as caught:
        call_command("import_plans", str(path))
    assert danish(NOTHING_IMPORTED) in str(caught.value)
    assert "--replace" in str(caught.value)
    assert row_counts() == before

    # And with --replace the published plan stays, and gets a new draft revision
    output = io.StringIO()
    call_command("import_plans", str(path), "--replace", stdout=output)
    revision = Plan.objects.get(revision_of__key="tm-2014")
    assert (
        danish(
            "The plan %(key)s got a new draft revision, %(revision)s.",
            key="tm-2014",
            revision=revision.key,
        )
        in output.getvalue()
    )
    assert Plan.objects.get(key="tm-2014").status == PlanStatus.PUBLISHED
    assert revision.status == PlanStatus.DRAFT
    assert Goal.objects.count() == 2 * before["plans.Goal"]


@pytest.mark.parametrize("option", ["--dry-run", "-o"])
def test_a_dry_run_of_a_json_file_checks_it_and_writes_nothing(tmp_path, option):
    # Given a good file and an empty database
    path = write(tmp_path, small_document())
    before = row_counts()
    out_file = tmp_path / "out.json"

    # When it is imported with --dry-run or -o
    output = io.StringIO()
    arguments = [option] if option == "--dry-run" else [option, str(out_file)]
    call_command("import_plans", str(path), *arguments, stdout=output)

    # Then it says it could be imported, and nothing is written to the database
    assert row_counts() == before
    assert danish("Nothing was written to the database (dry run).") in output.getvalue()
    assert (
        danish(
            "The file can be imported: %(plans)s plan(s) with %(goals)s goal(s), "
            "%(units)s unit(s).",
            plans=1,
            goals=2,
            units=2,
        )
        in output.getvalue()
    )
    if option == "-o":
        assert json.loads(out_file.read_text(encoding="utf-8")) == small_document()


def test_a_dry_run_reports_what_the_import_would_refuse(tmp_path):
    document = small_document()
    document["plans"][0]["unit"] = "vej-park"
    with pytest.raises(CommandError) as caught:
        call_command("import_plans", str(write(tmp_path, document)), "--dry-run")
    assert problem(f"{PLAN}.unit", NO_UNIT, key="vej-park") in str(caught.value)
    assert not Plan.objects.exists()


def test_an_import_never_moves_or_renames_a_stored_unit_unless_asked_to(tmp_path):
    # Given the units stored
    call_command("import_plans", str(write(tmp_path, small_document())), stdout=io.StringIO())
    # When a file renames the department and moves it to a new directorate
    document = small_document()
    document["units"].insert(
        0, {"key": "direktion", "name": "Direktionen", "kind": "directorate", "parent": "kommune"}
    )
    document["units"][2].update(name="Teknik", parent="direktion")
    document["plans"] = []
    path = write(tmp_path, document, "moved.json")
    before = row_counts()
    with pytest.raises(CommandError) as caught:
        call_command("import_plans", str(path))
    # Then it is refused, naming the unit and what would change, and nothing is written
    message = str(caught.value)
    assert "$.units[2]" in message and "“Teknik & Miljø” (teknik)" in message
    assert "“Teknik & Miljø” → “Teknik”" in message and "“kommune” → “direktion”" in message
    assert "--update-units" in message
    assert row_counts() == before
    # When it is asked to update units, they change
    call_command("import_plans", str(path), "--update-units", stdout=io.StringIO())
    teknik = Unit.objects.get(key="teknik")
    assert (teknik.name, teknik.parent.key) == ("Teknik", "direktion")


def test_a_unit_stored_otherwise_is_refused_in_words_for_any_interface(tmp_path):
    # Given the units stored, and a file that renames one
    call_command("import_plans", str(write(tmp_path, small_document())), stdout=io.StringIO())
    document = small_document()
    document["units"][1].update(name="Teknik")
    document["plans"] = []
    # When it is imported through the service (as the pages do)
    with pytest.raises(ImportRefused) as caught:
        document_import(user=SYSTEM_ACTOR, document=document)
    # Then the refusal names the unit and the change, and no command-line option
    text = " ".join(caught.value.errors)
    assert "“Teknik & Miljø” → “Teknik”" in text
    assert "--" not in text
    assert caught.value.units_stored_otherwise == ["teknik"]


def test_import_plans_names_a_file_it_cannot_read(tmp_path):
    with pytest.raises(CommandError) as caught:
        call_command("import_plans", str(tmp_path / "missing.json"))
    assert str(tmp_path / "missing.json") in str(caught.value)


def test_a_focus_area_set_by_a_unit_beside_the_plans_is_refused_by_its_path():
    # Given a file whose plan includes a focus area set by a department beside the plan's own
    document = small_document()
    document["units"].append(
        {"key": "anden", "name": "Anden afdeling", "kind": "department", "parent": "kommune"}
    )
    document["plans"][0]["focus_areas"][0]["set_by"] = "anden"
    # Then it is refused at the focus area's set_by, and a board of the municipality is fine
    assert refused(document).errors == [
        problem(
            f"{PLAN}.focus_areas[0].set_by",
            "a plan can only include focus areas set by its own unit, a unit above it or their "
            "boards; “%(key)s” is none of them.",
            key="anden",
        )
    ]
    document["units"][-1]["kind"] = "board"
    assert document_import(user=SYSTEM_ACTOR, document=document).focus_areas == 1
