"""Steering screens: the reports per partner and Marap period, the analysis, publishing and
figures entered by hand. Thin: every read and change goes through
:mod:`samen.steering.services`, which asks the one access policy and audits. A municipality
whose figures the user may not see answers the Dutch 404 page, whatever the path says.
"""

from __future__ import annotations

from typing import Any

from csp.decorators import csp_update
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from samen.access.decorators import reads_figures
from samen.common.errors import page_not_found, permission_denied
from samen.common.forms import add_service_errors
from samen.steering import allocation, charts, services
from samen.steering import pdf as steering_pdf
from samen.steering.forms import (
    AnalysisForm,
    CostYearForm,
    ManualValueForm,
    PublishForm,
    ServiceForm,
)


@reads_figures
@require_http_methods(["GET"])
def steering_index(request: HttpRequest) -> HttpResponse:
    rows = services.overview(request.user)
    return render(
        request,
        "steering/index.html",
        {
            "rows": rows,
            "periods": [p for p, _r in rows[0].periods] if rows else [],
            "cost_year": timezone.localdate().year - 1,
        },
    )


@reads_figures
@require_http_methods(["GET"])
def szmh_dashboard(request: HttpRequest) -> HttpResponse:
    try:
        board = services.szmh_dashboard(request.user, request.GET.get("periode"))
    except services.NotVisible:
        return page_not_found(request)
    return render(request, "steering/szmh_dashboard.html", {"board": board})


@reads_figures
@require_http_methods(["GET"])
def dashboard(request: HttpRequest, cbs_code: str) -> HttpResponse:
    try:
        board = services.dashboard(request.user, cbs_code, request.GET.get("periode"))
    except services.NotVisible:
        return page_not_found(request)
    return render(request, "steering/dashboard.html", {"board": board})


def _may(request: HttpRequest, permission: str) -> bool:
    return bool(request.user.has_perm(f"steering.{permission}"))


@reads_figures
@require_http_methods(["GET"])
def report(request: HttpRequest, cbs_code: str, period: str) -> HttpResponse:
    try:
        page = services.report_page(request.user, cbs_code, period)
    except services.NotVisible:
        return page_not_found(request)
    return render(
        request,
        "steering/annual.html" if page.period.is_year else "steering/report.html",
        {
            "page": page,
            "may_write": _may(request, "write_analysis") and not page.is_published,
            "may_enter": _may(request, "enter_figures") and not page.is_published,
            "may_publish": _may(request, "publish_report") and not page.is_published,
            "may_refresh": services.may_refresh(request.user),
            "publish_form": PublishForm(initial={"version": page.version}),
            "charts": _charts(page),
        },
    )


def _charts(page: services.ReportPage) -> list[dict[str, Any]]:
    """The report's charts for the page: the image URL's name, the alt text and the data
    table beside it."""
    found = []
    if page.caseload is not None:
        lines = charts.monthly_series(page.caseload.months, page.threshold)
        title = charts.ANNUAL_CHARTS[charts.MONTHLY]
        return [
            {
                "name": charts.MONTHLY,
                "title": title,
                "alt": charts.describe(title, lines),
                "labels": [label for label, _v, _s in lines[0].points],
                "series": lines,
            }
        ]
    for name, (title, codes) in charts.CHARTS.items():
        lines = charts.series(page.trend, codes, page.threshold)
        if lines:
            found.append(
                {
                    "name": name,
                    "title": title,
                    "alt": charts.alt_text(name, page.trend, page.threshold),
                    "labels": [label for label, _v, _s in lines[0].points],
                    "series": lines,
                }
            )
    return found


@reads_figures
@require_http_methods(["GET", "POST"])
def report_analysis(request: HttpRequest, cbs_code: str, period: str) -> HttpResponse:
    try:
        page = services.report_head(request.user, cbs_code, period)
    except services.NotVisible:
        return page_not_found(request)
    if not _may(request, "write_analysis"):
        return permission_denied(request)
    status = 200
    if request.method == "POST":
        form = AnalysisForm(request.POST)
        status = 400
        if form.is_valid():
            try:
                services.save_analysis(
                    request.user,
                    cbs_code,
                    period,
                    text=form.cleaned_data["analyse"],
                    expected_version=form.cleaned_data["version"],
                )
            except services.NotAllowed:
                return permission_denied(request)
            except services.VersionConflict as conflict:
                form.add_error(None, str(conflict))
                status = 409
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("De analyse is opgeslagen."))
                return redirect(
                    "steering-report", cbs_code=page.municipality.cbs_code, period=page.period.code
                )
    else:
        form = AnalysisForm(
            initial={
                "analyse": page.report.analysis if page.report else "",
                "version": page.version,
            }
        )
    return render(request, "steering/analysis.html", {"page": page, "form": form}, status=status)


@reads_figures
@require_http_methods(["POST"])
def report_publish(request: HttpRequest, cbs_code: str, period: str) -> HttpResponse:
    form = PublishForm(request.POST)
    version = form.cleaned_data["version"] if form.is_valid() else 0
    try:
        services.publish(request.user, cbs_code, period, expected_version=version)
    except services.NotVisible:
        return page_not_found(request)
    except services.NotAllowed:
        return permission_denied(request)
    except (services.VersionConflict, ValidationError) as problem:
        text = " ".join(problem.messages) if isinstance(problem, ValidationError) else str(problem)
        messages.error(request, text)
    else:
        messages.success(request, _("De rapportage is gepubliceerd; de cijfers liggen nu vast."))
    return redirect("steering-report", cbs_code=cbs_code.upper(), period=period)


@reads_figures
@require_http_methods(["POST"])
def report_refresh(request: HttpRequest, cbs_code: str, period: str) -> HttpResponse:
    """ "Cijfers nu bijwerken": compute the report's figures again (as the night does)."""
    try:
        services.request_refresh(request.user, cbs_code, period)
    except services.NotVisible:
        return page_not_found(request)
    except services.NotAllowed:
        return permission_denied(request)
    if settings.CELERY_TASK_ALWAYS_EAGER:
        messages.success(request, _("De cijfers zijn opnieuw berekend."))
    else:
        messages.success(
            request,
            _("De cijfers worden opnieuw berekend. Laad de pagina over een paar minuten opnieuw."),
        )
    return redirect("steering-report", cbs_code=cbs_code.upper(), period=period)


FIELD_MAP = {"teller": "teller", "value": "waarde", "note": "toelichting"}


@reads_figures
@require_http_methods(["GET", "POST"])
def manual_value(request: HttpRequest, cbs_code: str, period: str, kpi: str) -> HttpResponse:
    try:
        municipality, marap, found, entered = services.manual_kpi(
            request.user, cbs_code, period, kpi
        )
    except services.NotVisible:
        return page_not_found(request)
    except services.NotAllowed:
        return permission_denied(request)
    status = 200
    if request.method == "POST":
        form = ManualValueForm(request.POST)
        status = 400
        if form.is_valid():
            data: dict[str, Any] = form.cleaned_data
            try:
                services.enter_value(
                    request.user,
                    cbs_code,
                    period,
                    kpi,
                    value=data["waarde"],
                    numerator=data["teller"],
                    denominator=data["noemer"],
                    note=data["toelichting"],
                    expected_version=data["version"],
                )
            except services.VersionConflict as conflict:
                form.add_error(None, str(conflict))
                status = 409
            except ValidationError as error:
                add_service_errors(form, error, FIELD_MAP)
            else:
                messages.success(request, _("De waarde is vastgelegd."))
                return redirect(
                    "steering-report", cbs_code=municipality.cbs_code, period=marap.code
                )
    else:
        form = ManualValueForm(
            initial={
                "waarde": entered.value if entered else None,
                "teller": entered.numerator if entered else None,
                "noemer": entered.denominator if entered else None,
                "toelichting": entered.note if entered else "",
                "version": entered.version if entered else 1,
            }
        )
    context = {
        "municipality": municipality,
        "period": marap,
        "kpi": found,
        "entered": entered,
        "form": form,
    }
    return render(request, "steering/manual_value.html", context, status=status)


# Cost allocation: the table per year, the year's costs, the additional services.
COST_FIELDS = {
    "total": "totaal",
    "description": "omschrijving",
    "source": "bron",
    "count_basis": "telgrondslag",
    "reference_date": "peildatum",
}
SERVICE_FIELDS = {"municipality": "gemeente", "amount": "bedrag", "description": "wat"}


@reads_figures
@require_http_methods(["GET"])
def cost_allocation(request: HttpRequest, year: str) -> HttpResponse:
    try:
        page = allocation.allocation_page(request.user, year)
    except allocation.NotVisible:
        return page_not_found(request)
    return render(
        request,
        "steering/costs.html",
        {"page": page, "may_enter": request.user.has_perm("steering.enter_costs")},
    )


@reads_figures
@require_http_methods(["GET", "POST"])
def cost_entry(request: HttpRequest, year: str) -> HttpResponse:
    try:
        number, found = allocation.cost_year_for_edit(request.user, year)
    except allocation.NotVisible:
        return page_not_found(request)
    except allocation.NotAllowed:
        return permission_denied(request)
    status = 200
    if request.method == "POST":
        form = CostYearForm(request.POST)
        status = 400
        if form.is_valid():
            data: dict[str, Any] = form.cleaned_data
            try:
                allocation.save_costs(
                    request.user,
                    year,
                    total=data["totaal"],
                    description=data["omschrijving"],
                    source=data["bron"],
                    count_basis=data["telgrondslag"],
                    reference_date=data["peildatum"],
                    expected_version=data["version"],
                )
            except allocation.VersionConflict as conflict:
                form.add_error(None, str(conflict))
                status = 409
            except ValidationError as error:
                add_service_errors(form, error, COST_FIELDS)
            else:
                messages.success(request, _("De uitvoeringskosten zijn vastgelegd."))
                return redirect("steering-costs", year=number)
    else:
        form = CostYearForm(
            initial={
                "totaal": found.total if found else None,
                "omschrijving": found.description if found else "",
                "bron": found.source if found else "",
                "telgrondslag": found.count_basis if found else "",
                "peildatum": found.reference_date if found else None,
                "version": found.version if found else 1,
            }
        )
    context = {"year": number, "found": found, "form": form}
    return render(request, "steering/cost_entry.html", context, status=status)


@reads_figures
@require_http_methods(["GET", "POST"])
def service_entry(request: HttpRequest, year: str) -> HttpResponse:
    try:
        number, found = allocation.cost_year_for_edit(request.user, year)
    except allocation.NotVisible:
        return page_not_found(request)
    except allocation.NotAllowed:
        return permission_denied(request)
    members = allocation.members_of_year(number)
    status = 200
    if request.method == "POST":
        form = ServiceForm(request.POST, municipalities=members)
        status = 400
        if form.is_valid():
            data: dict[str, Any] = form.cleaned_data
            try:
                allocation.add_service(
                    request.user,
                    year,
                    municipality_code=data["gemeente"],
                    description=data["wat"],
                    amount=data["bedrag"],
                    requested=data["aangevraagd_door"],
                )
            except ValidationError as error:
                add_service_errors(form, error, SERVICE_FIELDS)
            else:
                messages.success(request, _("De additionele dienst is vastgelegd."))
                return redirect("steering-costs", year=number)
    else:
        form = ServiceForm(municipalities=members)
    context = {"year": number, "found": found, "form": form}
    return render(request, "steering/service_entry.html", context, status=status)


def _pdf(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


@reads_figures
@require_http_methods(["GET"])
def report_pdf(request: HttpRequest, cbs_code: str, period: str) -> HttpResponse:
    try:
        page = services.report_page(request.user, cbs_code, period, view="pdf")
    except services.NotVisible:
        return page_not_found(request)
    kind = "jaarcijfers" if page.period.is_year else "bestuursrapportage"
    name = f"{kind}-{page.municipality.cbs_code}-{page.period.code}.pdf"
    return _pdf(steering_pdf.report_pdf(page), name)


# The chart is an image: its SVG styles itself with a <style> element, which only this
# response allows; scripts stay refused (and never run in an <img>).
@csp_update({"style-src": ["'unsafe-inline'"]})
@reads_figures
@require_http_methods(["GET"])
def report_chart(request: HttpRequest, cbs_code: str, period: str, chart: str) -> HttpResponse:
    if chart not in charts.CHARTS and chart not in charts.ANNUAL_CHARTS:
        return page_not_found(request)
    # Only the chart's KPIs (none for the annual chart, which plots the caseload analysis):
    # the page already computed the rest, and the image needs only these.
    codes = charts.CHARTS[chart][1] if chart in charts.CHARTS else ()
    try:
        page = services.report_page(
            request.user, cbs_code, period, view=f"grafiek {chart}", only=frozenset(codes)
        )
    except services.NotVisible:
        return page_not_found(request)
    if page.caseload is not None:
        content = (
            charts.render(
                charts.ANNUAL_CHARTS[chart],
                charts.monthly_series(page.caseload.months, page.threshold),
                line=True,
            )
            if chart in charts.ANNUAL_CHARTS
            else ""
        )
    else:
        content = charts.svg(chart, page.trend, page.threshold) if chart in charts.CHARTS else ""
    if not content:
        return page_not_found(request)
    response = HttpResponse(content, content_type="image/svg+xml; charset=utf-8")
    response["Cache-Control"] = "private, no-store"
    return response


@reads_figures
@require_http_methods(["GET"])
def cost_allocation_pdf(request: HttpRequest, year: str) -> HttpResponse:
    try:
        page = allocation.allocation_page(request.user, year, view="pdf")
    except allocation.NotVisible:
        return page_not_found(request)
    if page.allocation is None:
        return page_not_found(request)
    return _pdf(steering_pdf.costs_pdf(page), f"kostenverdeling-{page.year}.pdf")
