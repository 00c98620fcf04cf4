"""Indicators (nøgletal): the list, an indicator's page with its chart and measurements, and
the forms that create and change indicators, record, correct and upload measurements and link
criteria (templates/web/indicators). Signed-in users read; editors of the owning unit write,
always through virkplan.indicators.services.

An upload is read and shown before anything is stored; the rows read are carried to the
confirmation signed (django.core.signing), so the server keeps nothing between the two steps
and a confirmation cannot carry rows the preview did not show.
"""

import datetime
import json
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.core import signing
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from virkplan.core.errors import DomainError, EditConflict, NotAllowed
from virkplan.indicators import permissions, services
from virkplan.indicators.charts import ChartItem, chart_item
from virkplan.indicators.models import Indicator, Measurement, Source
from virkplan.indicators.progress import Progress
from virkplan.indicators.selectors import (
    indicator_detail,
    indicator_list,
    indicator_progress,
    linkable_criteria,
    measurements_of,
)
from virkplan.indicators.services import MeasurementRow
from virkplan.indicators.upload import UploadRefused, read_measurements
from virkplan.organisation.models import Role, Unit
from virkplan.organisation.permissions import user_roles
from virkplan.plans.models import Criterion

from ..forms.indicators import (
    ConfirmUploadForm,
    CorrectionForm,
    CriterionLinkForm,
    IndicatorForm,
    MeasurementForm,
    UploadForm,
)
from ..http import require, signed_in

UPLOAD_SALT = "virkplan.indicators.upload"
UPLOAD_MAX_AGE = 3600  # seconds a preview may wait for its confirmation


def _indicator_or_404(request: HttpRequest, key: str) -> Indicator:
    try:
        return indicator_detail(user=request.user, key=key)
    except Indicator.DoesNotExist as exc:
        raise Http404 from exc


def _editable_units(request: HttpRequest) -> Any:
    roles = user_roles(request.user)
    return Unit.objects.filter(pk__in=roles.units_with(Role.EDITOR)).order_by("position", "name")


@signed_in
def indicator_list_page(request: HttpRequest) -> HttpResponse:
    require(permissions.can_view_indicators(request.user))
    context = {
        "indicators": indicator_list(user=request.user),
        "may_create": permissions.can_create_any_indicator(request.user),
    }
    return render(request, "web/indicators/list.html", context)


def _charts(indicator: Indicator, measurements: list[Measurement]) -> list[ChartItem]:
    """A chart per criterion the indicator measures, or one of the measurements alone."""
    progress = indicator_progress(indicator, measurements)
    items: list[Progress | None] = list(progress) or [None]
    return [
        chart_item(
            id=f"indicator-chart-{index}",
            indicator=indicator,
            measurements=measurements,
            progress=item,
        )
        for index, item in enumerate(items)
    ]


@signed_in
def indicator_page(request: HttpRequest, key: str) -> HttpResponse:
    indicator = _indicator_or_404(request, key)
    return _render_indicator(request, indicator)


def _render_indicator(
    request: HttpRequest,
    indicator: Indicator,
    *,
    measurement_form: MeasurementForm | None = None,
    upload_form: UploadForm | None = None,
    status: int = 200,
) -> HttpResponse:
    measurements = measurements_of(indicator)
    may_edit = permissions.can_edit_indicator(request.user, indicator)
    link_form = None
    if may_edit:
        link_form = _link_form(request, indicator)
    context = {
        "indicator": indicator,
        "measurements": list(reversed(measurements)),
        "charts": _charts(indicator, measurements),
        "links": list(indicator.criterion_links.all()),
        "may_edit": may_edit,
        "measurement_form": measurement_form or MeasurementForm(),
        "upload_form": upload_form or UploadForm(),
        "link_form": link_form,
    }
    return render(request, "web/indicators/indicator.html", context, status=status)


def _link_form(request: HttpRequest, indicator: Indicator, data: Any = None) -> CriterionLinkForm:
    roles = user_roles(request.user)
    units = None if roles.is_superuser else roles.units_with(Role.EDITOR)
    linked = indicator.criterion_links.values("criterion_id")
    criteria = linkable_criteria(unit_ids=units).exclude(pk__in=linked)
    return CriterionLinkForm(data, criteria=criteria)


@signed_in
def indicator_create(request: HttpRequest) -> HttpResponse:
    require(permissions.can_create_any_indicator(request.user))
    form = IndicatorForm(request.POST or None, units=_editable_units(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        indicator = services.indicator_create(
            user=request.user,
            unit=data["unit"],
            name=data["name"],
            description=data["description"],
            unit_of_measure=data["unit_of_measure"],
            direction=data["direction"],
            frequency=data["frequency"],
            source=data["source"],
        )
        messages.success(request, _("The indicator is created."))
        return redirect("web:indicator", indicator.key)
    status = 400 if request.method == "POST" else 200
    return render(request, "web/indicators/edit.html", {"form": form}, status=status)


@signed_in
def indicator_edit(request: HttpRequest, key: str) -> HttpResponse:
    indicator = _indicator_or_404(request, key)
    require(permissions.can_edit_indicator(request.user, indicator))
    initial = {
        "name": indicator.name,
        "description": indicator.description,
        "unit_of_measure": indicator.unit_of_measure,
        "direction": indicator.direction,
        "frequency": indicator.frequency,
        "source": indicator.source,
        "unit": indicator.unit,
        "version": indicator.version,
    }
    units = _editable_units(request) | Unit.objects.filter(pk=indicator.unit_id)
    form = IndicatorForm(request.POST or None, initial=initial, units=units.distinct())
    conflict = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.indicator_update(
                user=request.user,
                indicator=indicator,
                expected_version=data["version"] or 0,
                unit=data["unit"],
                name=data["name"],
                description=data["description"],
                unit_of_measure=data["unit_of_measure"],
                direction=data["direction"],
                frequency=data["frequency"],
                source=data["source"],
            )
        except NotAllowed:
            raise
        except EditConflict as exc:
            conflict = exc.message
        else:
            messages.success(request, _("The indicator is saved."))
            return redirect("web:indicator", indicator.key)
    status = 200 if request.method == "GET" else (409 if conflict else 400)
    context = {"form": form, "indicator": indicator, "conflict": conflict}
    return render(request, "web/indicators/edit.html", context, status=status)


@signed_in
def measurement_add(request: HttpRequest, key: str) -> HttpResponse:
    indicator = _indicator_or_404(request, key)
    require(permissions.can_edit_indicator(request.user, indicator))
    if request.method != "POST":
        return redirect("web:indicator", indicator.key)
    form = MeasurementForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            _measurement, created = services.measurement_record(
                user=request.user,
                indicator=indicator,
                period_start=data["period_start"],
                period_end=data["period_end"],
                value=data["value"],
                note=data["note"],
            )
        except NotAllowed:
            raise
        except DomainError as exc:
            form.add_error("value", exc.message)
        else:
            if created:
                messages.success(request, _("The measurement is recorded."))
            else:
                messages.success(
                    request, _("The period was measured already: its value is corrected.")
                )
            return redirect("web:indicator", indicator.key)
    return _render_indicator(request, indicator, measurement_form=form, status=400)


@signed_in
def measurement_correct(request: HttpRequest, key: str, pk: int) -> HttpResponse:
    indicator = _indicator_or_404(request, key)
    measurement = get_object_or_404(Measurement, pk=pk, indicator=indicator)
    may_edit = permissions.can_edit_indicator(request.user, indicator)
    if request.method == "POST":
        require(may_edit)
    initial = {"value": measurement.value, "note": measurement.note, "version": measurement.version}
    form = CorrectionForm(request.POST or None, initial=initial)
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            services.measurement_correct(
                user=request.user,
                measurement=measurement,
                expected_version=form.cleaned_data["version"],
                value=form.cleaned_data["value"],
                note=form.cleaned_data["note"],
            )
        except NotAllowed:
            raise
        except EditConflict as exc:
            conflict = exc.message
        except DomainError as exc:
            form.add_error("value", exc.message)
        else:
            messages.success(request, _("The measurement is corrected."))
            return redirect("web:indicator", indicator.key)
    history = list(
        measurement.history.select_related("history_user").order_by("-history_date", "-history_id")
    )
    context = {
        "indicator": indicator,
        "measurement": measurement,
        "form": form,
        "may_edit": may_edit,
        "conflict": conflict,
        "history": history,
    }
    status = 200 if request.method == "GET" else (409 if conflict else 400)
    return render(request, "web/indicators/measurement.html", context, status=status)


def signed_rows(indicator: Indicator, rows: list[MeasurementRow]) -> str:
    """The rows a preview showed, signed for the indicator's confirmation."""
    data = [
        [r.period_start.isoformat(), r.period_end.isoformat(), str(r.value), r.note] for r in rows
    ]
    signer = signing.TimestampSigner(salt=f"{UPLOAD_SALT}:{indicator.pk}")
    return signer.sign_object(data, compress=True)


def _unsigned_rows(indicator: Indicator, payload: str) -> list[MeasurementRow]:
    signer = signing.TimestampSigner(salt=f"{UPLOAD_SALT}:{indicator.pk}")
    data = signer.unsign_object(payload, max_age=UPLOAD_MAX_AGE)
    return [
        MeasurementRow(
            datetime.date.fromisoformat(start),
            datetime.date.fromisoformat(end),
            Decimal(value),
            note,
        )
        for start, end, value, note in data
    ]


@dataclass(frozen=True)
class PreviewRow:
    """A measurement read from a file, its line, and the value stored for its period now."""

    line: int
    row: MeasurementRow
    earlier: Measurement | None

    @property
    def corrects(self) -> bool:
        return self.earlier is not None and self.earlier.value != self.row.value


@signed_in
def measurement_upload(request: HttpRequest, key: str) -> HttpResponse:
    """Read the file and show what it holds; nothing is stored until it is confirmed."""
    indicator = _indicator_or_404(request, key)
    require(permissions.can_edit_indicator(request.user, indicator))
    if request.method != "POST":
        return redirect("web:indicator", indicator.key)
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _render_indicator(request, indicator, upload_form=form, status=400)
    upload = form.cleaned_data["file"]
    try:
        data = upload.read(upload_limit() + 1)
        parsed = read_measurements(data=data, name=upload.name or "")
    except UploadRefused as exc:
        form.add_error("file", str(exc))
        return _render_indicator(request, indicator, upload_form=form, status=400)
    existing = {
        (m.period_start, m.period_end): m for m in Measurement.objects.filter(indicator=indicator)
    }
    preview = [
        PreviewRow(line, row, existing.get((row.period_start, row.period_end)))
        for line, row in zip(parsed.lines, parsed.rows, strict=True)
    ]
    confirm = None
    if not parsed.problems and parsed.rows:
        confirm = ConfirmUploadForm(initial={"payload": signed_rows(indicator, parsed.rows)})
    context = {
        "indicator": indicator,
        "file_name": upload.name,
        "problems": parsed.problems,
        "preview": preview,
        "confirm": confirm,
        "new_count": sum(1 for p in preview if p.earlier is None),
        "corrected_count": sum(1 for p in preview if p.corrects),
    }
    status = 400 if parsed.problems or not parsed.rows else 200
    return render(request, "web/indicators/upload_preview.html", context, status=status)


def upload_limit() -> int:
    from virkplan.indicators.upload import MAX_BYTES

    return MAX_BYTES


@signed_in
def measurement_upload_confirm(request: HttpRequest, key: str) -> HttpResponse:
    """Store what the preview showed, all or nothing."""
    indicator = _indicator_or_404(request, key)
    require(permissions.can_edit_indicator(request.user, indicator))
    if request.method != "POST":
        return redirect("web:indicator", indicator.key)
    form = ConfirmUploadForm(request.POST)
    try:
        if not form.is_valid():
            raise signing.BadSignature
        rows = _unsigned_rows(indicator, form.cleaned_data["payload"])
    except (signing.BadSignature, ValueError, TypeError, json.JSONDecodeError):
        messages.error(request, _("The preview has expired or was changed: upload the file again."))
        return redirect("web:indicator", indicator.key)
    try:
        summary = services.measurements_record(
            user=request.user, indicator=indicator, rows=rows, source=Source.UPLOADED
        )
    except NotAllowed:
        raise
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("web:indicator", indicator.key)
    messages.success(
        request,
        ngettext(
            "%(count)s measurement is stored from the file",
            "%(count)s measurements are stored from the file",
            summary.created + summary.corrected,
        )
        % {"count": summary.created + summary.corrected}
        + " "
        + _("(%(created)s new, %(corrected)s corrected).")
        % {"created": summary.created, "corrected": summary.corrected},
    )
    return redirect("web:indicator", indicator.key)


@signed_in
def criterion_link(request: HttpRequest, key: str) -> HttpResponse:
    """Link a success criterion to the indicator, or (`remove`) unlink one."""
    indicator = _indicator_or_404(request, key)
    require(permissions.can_edit_indicator(request.user, indicator))
    if request.method != "POST":
        return redirect("web:indicator", indicator.key)
    remove = request.POST.get("remove")
    if remove:
        link = indicator.criterion_links.filter(criterion_id=remove).first()
        if link is None:
            raise Http404
        services.criterion_link(user=request.user, criterion=link.criterion, indicator=None)
        messages.success(request, _("The criterion is no longer measured by the indicator."))
        return redirect("web:indicator", indicator.key)
    form = _link_form(request, indicator, request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a success criterion from the list."))
        return redirect("web:indicator", indicator.key)
    criterion: Criterion = form.cleaned_data["criterion"]
    services.criterion_link(user=request.user, criterion=criterion, indicator=indicator)
    messages.success(request, _("The criterion is now measured by the indicator."))
    return redirect("web:indicator", indicator.key)


urlpatterns: list[URLPattern] = [
    path("noegletal/", indicator_list_page, name="indicators"),
    path("noegletal/nyt/", indicator_create, name="indicator-create"),
    path("noegletal/<slug:key>/", indicator_page, name="indicator"),
    path("noegletal/<slug:key>/rediger/", indicator_edit, name="indicator-edit"),
    path("noegletal/<slug:key>/maaling/", measurement_add, name="measurement-add"),
    path("noegletal/<slug:key>/maaling/<int:pk>/", measurement_correct, name="measurement-correct"),
    path("noegletal/<slug:key>/upload/", measurement_upload, name="measurement-upload"),
    path(
        "noegletal/<slug:key>/upload/gem/",
        measurement_upload_confirm,
        name="measurement-upload-confirm",
    ),
    path("noegletal/<slug:key>/kriterier/", criterion_link, name="indicator-criterion"),
]
