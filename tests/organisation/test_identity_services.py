"""The municipality's identity, a unit's names and the accessibility statement are changed by
their administrators only, through services that keep history, refuse stale edits and say
which field is wrong."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from tests.factories import UnitFactory, user_with_roles
from tests.organisation.logo_files import png, svg
from virkplan.core import data_version
from virkplan.core.errors import DomainError, EditConflict, NotAllowed
from virkplan.organisation import logos
from virkplan.organisation.models import (
    COMPLAINTS_URL,
    STATEMENT_FIRST_DATE,
    AccessibilityStatement,
    ComplianceStatus,
    Role,
    Unit,
    UnitKind,
)
from virkplan.organisation.selectors import accessibility_statement_of
from virkplan.organisation.services import (
    MSG_NOT_ADMINISTRATOR,
    MSG_STATEMENT_CONFLICT,
    MSG_UNIT_CONFLICT,
    StatementData,
    UnitDetails,
    accessibility_statement_update,
    unit_details_update,
    unit_names_update,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def danish():
    with translation.override("da"):
        yield


@pytest.fixture
def town(media_root):
    """Albertslund Kommune > Miljø & Teknik, with an administrator of each and an editor."""
    top = UnitFactory(key="albertslund", name="Albertslund Kommune", kind=UnitKind.MUNICIPALITY)
    UnitFactory(key="miljo-teknik", name="Miljø & Teknik", kind=UnitKind.DEPARTMENT, parent=top)
    return {
        "top": top,
        "department": Unit.objects.get(key="miljo-teknik"),
        "admin": user_with_roles("kommune-admin", ("albertslund", Role.ADMINISTRATOR)),
        "department admin": user_with_roles("afd-admin", ("miljo-teknik", Role.ADMINISTRATOR)),
        "editor": user_with_roles("editor", ("albertslund", Role.EDITOR)),
        "approver": user_with_roles("approver", ("albertslund", Role.APPROVER)),
    }


def _details(**values: str) -> UnitDetails:
    return UnitDetails(
        **{
            "name": "Albertslund Kommune",
            "formal_name": "",
            "address": "Nordmarks Allé, 2620 Albertslund",
            "web": "www.albertslund.dk",
            "email": "albertslund@albertslund.dk",
            "phone": "43 68 68 68",
            **values,
        }
    )


def test_an_administrator_changes_the_municipalitys_details_with_history(
    town, django_capture_on_commit_callbacks
):
    # Given the municipality, and the public data version pages are kept under
    before = data_version.current(data_version.PUBLIC_KEY)
    # When its administrator changes its name, formal name and contact details
    with django_capture_on_commit_callbacks(execute=True):
        unit = unit_details_update(
            actor=town["admin"],
            unit=town["top"],
            expected_version=1,
            details=_details(formal_name="Albertslund Kommune, Rådhuset", phone=" 43 68 00 00 "),
        )
    # Then they are stored (trimmed), the version counts the change, and the history says who
    unit.refresh_from_db()
    assert (unit.formal_name, unit.phone, unit.web) == (
        "Albertslund Kommune, Rådhuset",
        "43 68 00 00",
        "www.albertslund.dk",
    )
    assert unit.version == 2
    latest = unit.history.latest()
    assert latest.history_user == town["admin"] and latest.phone == "43 68 00 00"
    # And every cached anonymous page is old at once
    assert data_version.current(data_version.PUBLIC_KEY) != before


@pytest.mark.parametrize("who", ["editor", "approver", "department admin"])
def test_only_an_administrator_of_the_municipality_may_change_it(town, who):
    with pytest.raises(NotAllowed) as refused:
        unit_details_update(
            actor=town[who], unit=town["top"], expected_version=1, details=_details(name="X")
        )
    assert refused.value.message == str(MSG_NOT_ADMINISTRATOR)
    top = Unit.objects.get(pk=town["top"].pk)
    assert (top.name, top.version, top.history.count()) == ("Albertslund Kommune", 1, 1)


def test_a_change_made_meanwhile_is_not_overwritten(town):
    # Given someone else saved the municipality after the administrator opened it
    unit_details_update(
        actor=town["admin"], unit=town["top"], expected_version=1, details=_details(phone="1")
    )
    # When the administrator saves what they saw at version 1
    with pytest.raises(EditConflict) as conflict:
        unit_details_update(
            actor=town["admin"], unit=town["top"], expected_version=1, details=_details(phone="2")
        )
    # Then nothing of theirs is saved, and they are shown the details as they are now
    assert conflict.value.message == str(MSG_UNIT_CONFLICT)
    assert conflict.value.current.phone == "1"
    assert Unit.objects.get(pk=town["top"].pk).phone == "1"


def test_a_bad_email_address_is_refused_naming_the_field(town):
    with pytest.raises(DomainError) as refused:
        unit_details_update(
            actor=town["admin"],
            unit=town["top"],
            expected_version=1,
            details=_details(email="albertslund.dk"),
        )
    assert refused.value.message.startswith("E-mail: ")
    top = Unit.objects.get(pk=town["top"].pk)
    assert (top.email, top.version) == ("", 1)


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("logo.gif", b"GIF89a", logos.MSG_KIND),
        ("logo.png", b"not a picture", logos.MSG_NOT_PNG),
        ("logo.svg", svg("<script>alert(1)</script>"), logos.MSG_SVG_SCRIPT),
    ],
)
def test_a_bad_logo_is_refused_with_the_reason(town, name, data, reason):
    with pytest.raises(DomainError) as refused:
        unit_details_update(
            actor=town["admin"],
            unit=town["top"],
            expected_version=1,
            details=UnitDetails(),
            logo=SimpleUploadedFile(name, data),
        )
    assert refused.value.message == f"Logo: {reason}"
    assert not Unit.objects.get(pk=town["top"].pk).logo


def test_a_logo_is_stored_and_removed(town):
    unit = unit_details_update(
        actor=town["admin"],
        unit=town["top"],
        expected_version=1,
        details=UnitDetails(),
        logo=SimpleUploadedFile("logo.png", png()),
    )
    assert unit.logo.name.startswith("logos/logo") and unit.logo.name.endswith(".png")
    unit = unit_details_update(
        actor=town["admin"],
        unit=town["top"],
        expected_version=2,
        details=UnitDetails(),
        remove_logo=True,
    )
    assert not Unit.objects.get(pk=unit.pk).logo
    # The name and contact details were left as they were
    assert Unit.objects.get(pk=unit.pk).name == "Albertslund Kommune"


def test_a_units_administrator_changes_its_names(town):
    unit = unit_names_update(
        actor=town["department admin"],
        unit=town["department"],
        expected_version=1,
        short_name="Miljø & Teknik",
        formal_name="Miljø- og Teknikafdelingen",
    )
    assert (unit.short_name, unit.formal_name, unit.name) == (
        "Miljø & Teknik",
        "Miljø- og Teknikafdelingen",
        "Miljø & Teknik",
    )
    assert unit.history.latest().history_user == town["department admin"]


def test_an_editor_may_not_change_a_units_names(town):
    with pytest.raises(NotAllowed):
        unit_names_update(
            actor=town["editor"],
            unit=town["department"],
            expected_version=1,
            short_name="",
            formal_name="Noget andet",
        )
    assert Unit.objects.get(pk=town["department"].pk).formal_name == ""


def _statement(**values) -> StatementData:
    return StatementData(
        **{
            "compliance": ComplianceStatus.PARTIAL,
            "compliance_text": "",
            "non_accessible": "- Kortene er billeder.",
            "prepared_on": date(2026, 12, 5),
            "reviewed_on": date(2027, 3, 1),
            "feedback_email": "web@albertslund.dk",
            "feedback_phone": "",
            "complaints_url": COMPLAINTS_URL,
            **values,
        }
    )


def test_the_statement_has_its_standard_values_until_it_is_first_saved(town):
    statement = accessibility_statement_of(unit=town["top"])
    assert statement.pk is None and statement.version == 0
    assert statement.compliance == ComplianceStatus.PARTIAL
    assert statement.prepared_on == statement.reviewed_on == STATEMENT_FIRST_DATE
    assert statement.complaints_url == COMPLAINTS_URL


def test_an_administrator_saves_the_statement_with_history(town):
    saved = accessibility_statement_update(
        actor=town["admin"], unit=town["top"], expected_version=0, data=_statement()
    )
    assert saved.version == 1 and saved.reviewed_on == date(2027, 3, 1)
    again = accessibility_statement_update(
        actor=town["admin"],
        unit=town["top"],
        expected_version=1,
        data=_statement(compliance=ComplianceStatus.FULL),
    )
    assert again.pk == saved.pk and again.version == 2
    assert AccessibilityStatement.objects.count() == 1
    assert [r.compliance for r in again.history.order_by("history_id")] == ["partial", "full"]
    assert again.history.latest().history_user == town["admin"]


def test_the_statement_refuses_others_stale_edits_and_bad_dates(town):
    with pytest.raises(NotAllowed):
        accessibility_statement_update(
            actor=town["department admin"],
            unit=town["top"],
            expected_version=0,
            data=_statement(),
        )
    assert not AccessibilityStatement.objects.exists()
    accessibility_statement_update(
        actor=town["admin"], unit=town["top"], expected_version=0, data=_statement()
    )
    # Two administrators opened the statement before it was first saved
    with pytest.raises(EditConflict) as conflict:
        accessibility_statement_update(
            actor=town["admin"], unit=town["top"], expected_version=0, data=_statement()
        )
    assert conflict.value.message == str(MSG_STATEMENT_CONFLICT)
    with pytest.raises(DomainError) as refused:
        accessibility_statement_update(
            actor=town["admin"],
            unit=town["top"],
            expected_version=1,
            data=_statement(reviewed_on=date(2026, 1, 1)),
        )
    assert refused.value.message.startswith("Erklæringen senest gennemgået den: ")
    with pytest.raises(DomainError) as refused:
        accessibility_statement_update(
            actor=town["admin"],
            unit=town["top"],
            expected_version=1,
            data=_statement(feedback_email="ikke en adresse"),
        )
    assert refused.value.message.startswith("E-mail til feedback: ")
    assert AccessibilityStatement.objects.get().version == 1


def test_a_change_in_djangos_admin_counts_too(town, admin_client):
    # Given the municipality saved in Django's admin after someone opened its settings page
    top = town["top"]
    url = reverse("admin:organisation_unit_change", args=[top.pk])
    data = {"key": top.key, "name": top.name, "kind": top.kind, "position": 0}
    data.update({"phone": "43 68 00 00", "facts-TOTAL_FORMS": 0, "facts-INITIAL_FORMS": 0})
    response = admin_client.post(url, data)
    assert response.status_code == 302 and "login" not in response["Location"]
    # Then the settings page's save of what it showed is refused, not silently overwritten
    with pytest.raises(EditConflict):
        unit_details_update(
            actor=town["admin"], unit=top, expected_version=1, details=_details(phone="1")
        )
    assert Unit.objects.get(pk=top.pk).phone == "43 68 00 00"


def test_an_import_that_changes_a_unit_counts_as_a_change(town):
    from virkplan.organisation.permissions import SYSTEM_ACTOR
    from virkplan.organisation.services import UnitData, units_import

    # Given the department as an import file describes it, with a new formal name
    data = UnitData(
        key="miljo-teknik",
        name="Miljø & Teknik",
        kind=UnitKind.DEPARTMENT,
        formal_name="Miljø- og Teknikafdelingen",
        parent_key="albertslund",
    )
    # When the import updates it
    assert units_import(user=SYSTEM_ACTOR, units=[data], update=True) == 1
    # Then a settings page opened before it is told, rather than overwriting it
    with pytest.raises(EditConflict):
        unit_names_update(
            actor=town["admin"],
            unit=town["department"],
            expected_version=1,
            short_name="",
            formal_name="",
        )
    assert Unit.objects.get(key="miljo-teknik").formal_name == "Miljø- og Teknikafdelingen"
