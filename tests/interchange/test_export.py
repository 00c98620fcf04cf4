"""`virkplan export`: the whole database or chosen plans, as a document that stands alone."""

import io
import json
import re

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from jsonschema import Draft202012Validator

from virkplan import cli
from virkplan.demo.services import demo_document
from virkplan.interchange.selectors import document_export
from virkplan.interchange.services import document_import
from virkplan.interchange.validation import schema
from virkplan.organisation.models import Unit
from virkplan.plans.models import Goal, Plan, PlanStatus
from virkplan.plans.selectors import SYSTEM_ACTOR

from .documents import danish, empty_database, export_all, normalise, problem, small_document


def export(*args: str) -> dict:
    """Run `export` with the arguments, returning the document it writes to stdout."""
    out = io.StringIO()
    call_command("export", *args, stdout=out)
    return json.loads(out.getvalue())


def continued(document) -> list[tuple[str, str]]:
    """(path of `continues`, key continued) for every goal of the document that continues one."""
    found = []

    def walk(goals, path):
        for n, goal in enumerate(goals):
            if goal.get("continues"):
                found.append((f"{path}[{n}].continues", goal["continues"]))
            walk(goal.get("goals", []), f"{path}[{n}].goals")

    for p, plan in enumerate(document["plans"]):
        for f, focus_area in enumerate(plan["focus_areas"]):
            walk(focus_area["goals"], f"$.plans[{p}].focus_areas[{f}].goals")
    return found


def with_ancestors(units: list[Unit]) -> set[str]:
    keys = set()
    for unit in units:
        while unit is not None:
            keys.add(unit.key)
            unit = unit.parent
    return keys


# Where the document goes ----------------------------------------------------------------------


def test_export_to_a_file_writes_utf8_json_of_everything(demo, tmp_path):
    # Given the demo, when `export --format json -o FILE` runs
    path = tmp_path / "virkplan.json"
    err = io.StringIO()
    call_command("export", "--format", "json", "-o", str(path), stderr=err)

    # Then the file holds every unit and plan, with Danish letters written as they are
    text = path.read_text(encoding="utf-8")
    assert json.loads(text) == export_all()
    assert "Miljø & Teknik" in text
    assert danish("Wrote %(file)s.", file=path) in err.getvalue()


def test_export_without_a_file_writes_the_document_to_stdout(demo):
    assert export("--format", "json") == export_all()


@pytest.mark.django_db(transaction=True)
def test_virkplan_export_on_the_command_line_writes_to_stdout(capsys):
    # Given the demo loaded
    document_import(user=SYSTEM_ACTOR, document=demo_document())

    # When `virkplan export --format json` runs
    cli.main(["export", "--format", "json"])

    # Then stdout is the document and nothing else
    assert json.loads(capsys.readouterr().out) == export_all()


def test_the_command_line_exports_plans_of_every_status(demo):
    # Given a draft plan beside the published demo
    Plan.objects.filter(key="mt-2014").update(status=PlanStatus.DRAFT)

    # Then the command line, which runs with the server's rights, exports it,
    # while a reader without rights gets only published plans
    assert "mt-2014" in [plan["key"] for plan in export()["plans"]]
    public = document_export(user=None)
    assert "mt-2014" not in [plan["key"] for plan in public["plans"]]


def test_the_export_follows_the_schema(demo):
    Draft202012Validator(schema()).validate(export())
    Draft202012Validator(schema()).validate(export("--plan", "mt-2014"))


# Numbers -----------------------------------------------------------------------------------


def test_whole_numbers_are_written_without_decimals(demo):
    # Given the demo's target of 9.187 MWh (stored as a decimal with four places)
    text = io.StringIO()
    call_command("export", stdout=text)

    # Then it is written as 9187, not 9187.0 or 9187.0000
    assert re.search(r'"value": 9187\b(?!\.)', text.getvalue())
    assert "9187.0" not in text.getvalue()


@pytest.mark.django_db
def test_decimals_are_written_as_given():
    # Given a target of 3,79 % and a fact of 63 imported
    document_import(user=SYSTEM_ACTOR, document=small_document())

    # When exported
    text = io.StringIO()
    call_command("export", stdout=text)

    # Then they come out as 3.79 and 63, exactly
    assert '"value": 3.79' in text.getvalue()
    assert "3.7900" not in text.getvalue()
    exported = json.loads(text.getvalue())
    values = [
        c["target"]["value"]
        for c in exported["plans"][0]["focus_areas"][0]["goals"][0]["criteria"]
        if c["target"]
    ]
    assert 3.79 in values
    assert exported["units"][1]["facts"][0]["value"] == 63
    assert isinstance(exported["units"][1]["facts"][0]["value"], int)


# One plan on its own ----------------------------------------------------------------------------


def test_one_plan_is_exported_with_the_units_it_refers_to(demo):
    # When just the 2014 plan is exported
    document = export("--plan", "mt-2014")

    # Then the document has that plan only
    assert [plan["key"] for plan in document["plans"]] == ["mt-2014"]
    # And the units it names, with their ancestors, and no other unit
    plan = Plan.objects.select_related("unit").get(key="mt-2014")
    named = [plan.unit] + [
        pfa.focus_area.set_by for pfa in plan.plan_focus_areas.all() if pfa.focus_area.set_by
    ]
    named += [
        goal.responsible_unit
        for goal in Goal.objects.filter(plan_focus_area__plan=plan)
        if goal.responsible_unit
    ]
    assert {unit["key"] for unit in document["units"]} == with_ancestors(named)


def test_a_units_formal_name_goes_out_and_comes_back(demo):
    # Given the department exported with the 2014 plan: its formal name beside its name
    document = export("--plan", "mt-2014")
    unit = next(u for u in document["units"] if u["key"] == "miljo-teknik")
    assert (unit["name"], unit["formal_name"]) == ("Miljø & Teknik", "Miljø- og Teknikafdelingen")

    # When the document is imported into an empty database
    empty_database()
    document_import(user=SYSTEM_ACTOR, document=document)

    # Then the department has its formal name again, and the printed plans sign with it
    stored = Unit.objects.get(key="miljo-teknik")
    assert stored.formal_name == "Miljø- og Teknikafdelingen"
    assert stored.display_formal_name == "Miljø- og Teknikafdelingen"


def test_a_changed_formal_name_is_a_change_to_the_stored_unit(demo):
    # Given a file that gives the stored department another formal name
    document = export("--plan", "mt-2014")
    document["plans"] = []
    unit = next(u for u in document["units"] if u["key"] == "miljo-teknik")
    unit["formal_name"] = "Afdelingen for Miljø og Teknik"

    # When it is imported asking to update stored units, then the unit has the new name
    document_import(user=SYSTEM_ACTOR, document=document, update_units=True)
    assert Unit.objects.get(key="miljo-teknik").formal_name == "Afdelingen for Miljø og Teknik"

    # And left empty, the printed plans fall back on the unit's name
    unit["formal_name"] = ""
    document_import(user=SYSTEM_ACTOR, document=document, update_units=True)
    assert Unit.objects.get(key="miljo-teknik").display_formal_name == "Miljø & Teknik"


def test_an_earlier_plan_is_exported_with_the_units_that_took_over_its_work(demo):
    document = export("--plan", "mtf-2012-2013")

    old = Unit.objects.get(key=Plan.objects.get(key="mtf-2012-2013").unit.key)
    assert {unit["key"] for unit in document["units"]} >= with_ancestors(
        [old, *old.successors.all()]
    )


def test_a_plan_can_be_chosen_by_its_number(demo):
    plan = Plan.objects.get(key="mt-2014")

    assert export("--plan", str(plan.pk))["plans"][0]["key"] == "mt-2014"


def test_an_unknown_plan_is_refused_by_name(demo):
    with pytest.raises(CommandError) as caught:
        call_command("export", "--plan", "mt-2099", stdout=io.StringIO())

    assert str(caught.value) == danish("No plan has the key or number “%(plan)s”.", plan="mt-2099")


def test_a_plan_exported_alone_imports_into_an_empty_database_keeping_what_it_can(demo):
    # Given the 2014 plan exported on its own: its goals name 2012–2013 goals it carries on
    document = export("--plan", "mt-2014")
    links = continued(document)
    assert links

    # When it is imported into an empty database
    empty_database()
    result = document_import(user=SYSTEM_ACTOR, document=document)

    # Then the plan is imported whole, without the links to goals that are not there,
    # and the import says which links it left out
    assert [plan.key for plan in result.plans] == ["mt-2014"]
    assert not Goal.objects.filter(continues__isnull=False).exists()
    assert result.warnings == [
        problem(
            path,
            "no goal has the key “%(key)s”, neither in the file nor in virkplan; "
            "the goal was imported without the link.",
            key=key,
        )
        for path, key in links
    ]
    # And it exports again as it was, but for those links
    for plan in document["plans"]:
        for focus_area in plan["focus_areas"]:
            for goal in focus_area["goals"]:
                goal["continues"] = None
    assert normalise(export_all()) == normalise(document)


def test_a_plan_exported_alone_links_up_when_the_earlier_plan_is_there(demo):
    # Given the 2014 plan exported on its own
    document = export("--plan", "mt-2014")
    links = continued(document)

    # When the 2014 plan is removed and imported again beside the 2012–2013 plan
    Plan.objects.get(key="mt-2014").delete()
    result = document_import(user=SYSTEM_ACTOR, document=document)

    # Then every link is made and nothing is reported
    assert result.warnings == []
    for _path, key in links:
        assert Goal.objects.filter(continues__key=key).exists()


def test_import_plans_prints_the_links_it_left_out(demo, tmp_path):
    # Given the 2014 plan exported on its own, and an empty database
    path = tmp_path / "mt-2014.json"
    call_command("export", "--plan", "mt-2014", "-o", str(path), stderr=io.StringIO())
    links = continued(json.loads(path.read_text(encoding="utf-8")))
    empty_database()

    # When it is imported on the command line
    out, err = io.StringIO(), io.StringIO()
    call_command("import_plans", str(path), stdout=out, stderr=err)

    # Then each link left out is named on stderr
    for path_of_link, key in links:
        assert path_of_link in err.getvalue()
        assert key in err.getvalue()


def test_two_plans_exported_together_keep_their_links(demo):
    # Given both demo plans exported by key
    document = export("--plan", "mt-2014", "--plan", "mtf-2012-2013")

    # When imported into an empty database
    empty_database()
    result = document_import(user=SYSTEM_ACTOR, document=document)

    # Then every link between them is made
    assert result.warnings == []
    for _path, key in continued(document):
        assert Goal.objects.filter(continues__key=key).exists()
