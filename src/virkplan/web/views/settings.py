"""The municipality's settings (templates/web/settings): its name, contact details and logo,
which the header and footer of every page show, and the accessibility statement; and each
unit's short and formal names. Only an administrator of the municipality (or of the unit)
may change them; the rules are in organisation.services."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _

from virkplan.core.errors import DomainError, EditConflict, NotAllowed
from virkplan.organisation import services
from virkplan.organisation.models import AccessibilityStatement, Unit
from virkplan.organisation.permissions import may_administer
from virkplan.organisation.selectors import accessibility_statement_of, municipality
from virkplan.organisation.services import StatementData, UnitDetails

from ..forms.described import DescribedForm
from ..forms.settings import AccessibilityStatementForm, MunicipalityForm, UnitNamesForm
from ..http import require, signed_in
from ..identity import standard_compliance_text, standard_non_accessible

IDENTITY_FIELDS = ("name", "formal_name", "address", "web", "email", "phone")
PREFIXES: dict[Any, str] = {
    MunicipalityForm: "kommune-%s",
    AccessibilityStatementForm: "erklaering-%s",
    UnitNamesForm: "navne-%s",
}
STATEMENT_TEXTS = {
    "compliance_text": standard_compliance_text,
    "non_accessible": standard_non_accessible,
}


def _identity_initial(unit: Unit) -> dict[str, Any]:
    return {"version": unit.version, **{name: getattr(unit, name) for name in IDENTITY_FIELDS}}


def _statement_initial(statement: AccessibilityStatement) -> dict[str, Any]:
    """The statement's values, its standard texts written out where it has none of its own."""
    initial: dict[str, Any] = {
        name: getattr(statement, name)
        for name in (
            "version",
            "compliance",
            "prepared_on",
            "reviewed_on",
            "feedback_email",
            "feedback_phone",
            "complaints_url",
        )
    }
    for name, standard in STATEMENT_TEXTS.items():
        initial[name] = getattr(statement, name) or standard()
    return initial


def _own_text(name: str, text: str) -> str:
    """What to store of a text: nothing when it is the standard text, which then follows the
    reader's language."""
    normalised = text.replace("\r\n", "\n").strip()
    return "" if normalised == STATEMENT_TEXTS[name]().strip() else normalised


def _save_identity(request: HttpRequest, unit: Unit, values: dict[str, Any]) -> None:
    services.unit_details_update(
        actor=request.user,
        unit=unit,
        expected_version=values["version"],
        details=UnitDetails(**{name: values[name] for name in IDENTITY_FIELDS}),
        logo=values.get("logo") or None,
        remove_logo=values.get("remove_logo", False),
    )


def _save_statement(request: HttpRequest, unit: Unit, values: dict[str, Any]) -> None:
    data = StatementData(
        compliance=values["compliance"],
        compliance_text=_own_text("compliance_text", values["compliance_text"]),
        non_accessible=_own_text("non_accessible", values["non_accessible"]),
        prepared_on=values["prepared_on"],
        reviewed_on=values["reviewed_on"],
        feedback_email=values["feedback_email"],
        feedback_phone=values["feedback_phone"],
        complaints_url=values["complaints_url"],
    )
    services.accessibility_statement_update(
        actor=request.user, unit=unit, expected_version=values["version"], data=data
    )


FormClass = type[MunicipalityForm] | type[AccessibilityStatementForm] | type[UnitNamesForm]


def _submitted(
    request: HttpRequest, form_class: FormClass, save: Callable[[dict[str, Any]], object]
) -> tuple[DescribedForm, bool, Any]:
    """The form as submitted, whether `save` saved it, and the row as it is now when someone
    else changed it meanwhile (the form then carries that version, so that saving again after
    comparing keeps what the user typed). A refusal other than NotAllowed is shown on the form."""
    prefix = PREFIXES[form_class]
    form = form_class(request.POST, request.FILES, auto_id=prefix)
    if not form.is_valid():
        return form, False, None
    try:
        save(form.cleaned_data)
    except NotAllowed:
        raise
    except EditConflict as exc:
        data = request.POST.copy()
        data["version"] = str(exc.current.version)  # type: ignore[attr-defined]
        form = form_class(data, request.FILES, auto_id=prefix)
        form.is_valid()
        form.add_error(None, exc.message)
        return form, False, exc.current
    except DomainError as exc:
        form.add_error(None, exc.message)
        return form, False, None
    return form, True, None


@signed_in
def municipality_settings(request: HttpRequest) -> HttpResponse:
    """The municipality's name, contact details and logo, and the accessibility statement:
    two forms on one page, each saved on its own (a hidden field says which)."""
    unit = municipality()
    if unit is None:
        raise Http404(_("No municipality has been set up yet."))
    require(may_administer(request.user, unit))
    statement = accessibility_statement_of(unit=unit)
    identity: DescribedForm = MunicipalityForm(
        initial=_identity_initial(unit), auto_id=PREFIXES[MunicipalityForm]
    )
    statement_form: DescribedForm = AccessibilityStatementForm(
        initial=_statement_initial(statement), auto_id=PREFIXES[AccessibilityStatementForm]
    )
    conflict = None
    if request.method == "POST":
        which = request.POST.get("form")
        if which == MunicipalityForm.form_name:
            identity, saved, conflict = _submitted(
                request, MunicipalityForm, lambda values: _save_identity(request, unit, values)
            )
            done = _("The municipality's details are saved.")
        elif which == AccessibilityStatementForm.form_name:
            statement_form, saved, conflict = _submitted(
                request,
                AccessibilityStatementForm,
                lambda values: _save_statement(request, unit, values),
            )
            done = _("The accessibility statement is saved.")
        else:
            return HttpResponseBadRequest()
        if saved:
            messages.success(request, done)
            return redirect("web:municipality-settings")
    status = 409 if conflict else 400 if identity.errors or statement_form.errors else 200
    context = {
        "unit": unit,
        "identity_form": identity,
        "statement_form": statement_form,
        "conflict": conflict,
    }
    return render(request, "web/settings/municipality.html", context, status=status)


@signed_in
def unit_names(request: HttpRequest, key: str) -> HttpResponse:
    """The unit's short and formal names, for an administrator of the unit."""
    unit = get_object_or_404(Unit, key=key)
    require(may_administer(request.user, unit))
    form: DescribedForm = UnitNamesForm(
        initial={
            "version": unit.version,
            "short_name": unit.short_name,
            "formal_name": unit.formal_name,
        },
        auto_id=PREFIXES[UnitNamesForm],
    )
    conflict = None
    if request.method == "POST":
        form, saved, conflict = _submitted(
            request,
            UnitNamesForm,
            lambda values: services.unit_names_update(
                actor=request.user,
                unit=unit,
                expected_version=values["version"],
                short_name=values["short_name"],
                formal_name=values["formal_name"],
            ),
        )
        if saved:
            messages.success(request, _("The unit's names are saved."))
            return redirect(reverse("web:unit", args=[unit.key]))
    status = 409 if conflict else 400 if form.errors else 200
    context = {"unit": unit, "form": form, "conflict": conflict}
    return render(request, "web/settings/unit_names.html", context, status=status)


urlpatterns: list[URLPattern] = [
    path("indstillinger/kommune/", municipality_settings, name="municipality-settings"),
    path("enhed/<slug:key>/navne/", unit_names, name="unit-names"),
]
