"""The screens of internal control: the samples and drawing one (``/controle``), a sample
and its items, an item with its checklist, closing a sample, and the half-year report per
partner (page and PDF).

Thin: everything goes through :mod:`samen.control.services` and :mod:`samen.control.reports`
with purpose *controle*; a sample, item or report the user may not see answers the Dutch 404
page, and staff without a control grant get the 403 page.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from samen.common import codes
from samen.common.errors import page_not_found
from samen.common.forms import add_service_errors
from samen.control import reports, services
from samen.control.forms import CloseForm, FindingForm, ReportForm, SampleForm
from samen.control.models import Population

View = Callable[..., HttpResponse]
SAMPLE_FIELDS = {"municipality": "municipality", "seed": "seed"}


def controls(view: View) -> View:
    """Login first; staff without a grant of a control role get the Dutch 403 page."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not services.may_control(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def _half_years(today: Any) -> list[tuple[str, str]]:
    """The last four half-years that have ended or are running, newest first."""
    year, half = today.year, 1 if today.month <= 6 else 2
    found = []
    for _step in range(4):
        found.append((f"{year}-{half}", f"{half}e halfjaar {year}"))
        year, half = (year, 1) if half == 2 else (year - 1, 2)
    return found


@controls
@require_http_methods(["GET", "POST"])
def index(request: HttpRequest) -> HttpResponse:
    municipalities = services.controlled_municipalities(request.user)
    choices = [(m.cbs_code, m.name) for m in municipalities]
    form = SampleForm(request.POST or None, municipalities=choices)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = services.NewSample(
                municipality_code=form.cleaned_data["municipality"],
                period_from=form.cleaned_data["period_from"],
                period_until=form.cleaned_data["period_until"],
                seed=form.cleaned_data["seed"],
            )
            try:
                sample = services.draw_sample(request.user, data)
            except services.NotVisible:
                return page_not_found(request)
            except ValidationError as error:
                add_service_errors(form, error, SAMPLE_FIELDS)
                status = 400
            else:
                return redirect("control-sample", sample.pk)
        else:
            status = 400
    return render(
        request,
        "control/index.html",
        {
            "form": form,
            "samples": services.samples(request.user),
            "municipalities": municipalities,
            "half_years": _half_years(timezone.localdate()),
        },
        status=status,
    )


@controls
@require_GET
def sample_detail(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        view = services.get_sample(request.user, pk)
    except services.NotVisible:
        return page_not_found(request)
    return render(
        request,
        "control/sample.html",
        {"view": view, "close_form": CloseForm(initial={"version": view.sample.version})},
    )


@controls
@require_POST
def sample_close(request: HttpRequest, pk: int) -> HttpResponse:
    form = CloseForm(request.POST)
    try:
        if form.is_valid():
            services.close_sample(request.user, pk, form.cleaned_data["version"])
            return redirect("control-sample", pk)
        view = services.get_sample(request.user, pk)
        status = 400
    except services.NotVisible:
        return page_not_found(request)
    except (ValidationError, services.NotAllowed, services.VersionConflict) as error:
        view = services.get_sample(request.user, pk)
        if isinstance(error, ValidationError):
            add_service_errors(form, error)
            status = 400
        else:
            form.add_error(None, str(error))
            status = 409 if isinstance(error, services.VersionConflict) else 403
    return render(request, "control/sample.html", {"view": view, "close_form": form}, status=status)


def _prefix(question_pk: int) -> str:
    return f"q{question_pk}"


def _finding_forms(
    item_view: services.ItemView, posted: FindingForm | None, posted_pk: int | None
) -> list[Any]:
    answered = {f.question_id: f for f in item_view.findings}
    rows = []
    for question in item_view.questions:
        found = answered.get(question.pk)
        if posted is not None and posted_pk == question.pk:
            form = posted
        else:
            initial: dict[str, Any] = {}
            if found is not None:
                initial = {
                    "verdict": found.verdict,
                    "amount": found.amount,
                    "remark": found.remark,
                    "version": found.version,
                }
            form = FindingForm(initial=initial, prefix=_prefix(question.pk))
        rows.append((question, found, form))
    return rows


def _save_finding(
    request: HttpRequest, pk: int, item: int, form: FindingForm, question_pk: int
) -> int:
    """Record the posted finding; the status to answer (0: saved)."""
    if not form.is_valid():
        return 400
    data = form.cleaned_data
    finding = services.NewFinding(
        question_id=question_pk,
        verdict=data["verdict"],
        amount=data["amount"] if data["amount"] is not None else Decimal("0.00"),
        remark=data["remark"],
        version=data["version"],
    )
    try:
        services.record_finding(request.user, pk, item, finding)
    except ValidationError as error:
        add_service_errors(form, error, {"question": "verdict"})
        return 400
    except (services.NotAllowed, services.VersionConflict) as refusal:
        form.add_error(None, str(refusal))
        return 409 if isinstance(refusal, services.VersionConflict) else 403
    return 0


@controls
@require_http_methods(["GET", "POST"])
def item_detail(request: HttpRequest, pk: int, item: int) -> HttpResponse:
    posted: FindingForm | None = None
    posted_pk: int | None = None
    status = 200
    refused = ""
    try:
        if request.method == "POST":
            try:
                posted_pk = codes.parse_id(request.POST.get("vraag"), what="De vraag")
            except codes.InputError:
                refused = _("Laad de pagina opnieuw: de vraag ontbreekt.")
                status = 400
            else:
                posted = FindingForm(request.POST, prefix=_prefix(posted_pk))
                status = _save_finding(request, pk, item, posted, posted_pk)
                if status == 0:
                    return redirect("control-item", pk, item)
        view = services.get_item(request.user, pk, item)
    except services.NotVisible:
        return page_not_found(request)
    return render(
        request,
        "control/item.html",
        {
            "view": view,
            "sample_pk": pk,
            "is_decision": view.item.population == Population.DECISIONS,
            "rows": _finding_forms(view, posted, posted_pk),
            "refused": refused,
        },
        status=status,
    )


def _report(request: HttpRequest, cbs: str, half: str) -> reports.ReportView:
    try:
        code = codes.parse_cbs_code(cbs)
        year, number = reports.parse_half_year(half)
    except codes.InputError:
        raise services.refuse(
            request.user, "rapportage-interne-controle", f"{cbs}/{half}", "Rapportage"
        ) from None
    return reports.get_report(request.user, code, year, number)


@controls
@require_http_methods(["GET", "POST"])
def report_detail(request: HttpRequest, cbs: str, half: str) -> HttpResponse:
    try:
        page = _report(request, cbs, half)
    except services.NotVisible:
        return page_not_found(request)
    status = 200
    form = ReportForm(
        request.POST or None,
        initial={
            "conclusions": page.report.conclusions,
            "recommendations": page.report.recommendations,
            "version": page.report.version,
        },
    )
    if request.method == "POST":
        if form.is_valid():
            try:
                reports.write_report(
                    request.user,
                    page.municipality.cbs_code,
                    page.year,
                    page.half,
                    conclusions=form.cleaned_data["conclusions"],
                    recommendations=form.cleaned_data["recommendations"],
                    version=form.cleaned_data["version"],
                )
                return redirect("control-report", page.municipality.cbs_code, page.key)
            except services.VersionConflict as conflict:
                form.add_error(None, str(conflict))
                status = 409
            except ValidationError as error:
                add_service_errors(form, error)
                status = 400
        else:
            status = 400
    return render(request, "control/report.html", {"page": page, "form": form}, status=status)


@controls
@require_GET
def report_pdf(request: HttpRequest, cbs: str, half: str) -> HttpResponse:
    try:
        page = _report(request, cbs, half)
    except services.NotVisible:
        return page_not_found(request)
    from weasyprint import HTML  # imported here: loading Pango is slow and only needed here

    html = render_to_string("control/report_pdf.html", {"page": page})
    pdf = HTML(string=html, base_url=None, url_fetcher=_refuse_fetch).write_pdf(pdf_tags=True)
    response = HttpResponse(pdf, content_type="application/pdf")
    name = f"interne-controle-{page.municipality.cbs_code}-{page.key}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _refuse_fetch(url: str, *args: object, **kwargs: object) -> Any:
    raise ValueError(_("Een rapportage haalt niets van buiten op."))
