"""Income screens (uitkeringen): a person's benefits with their calculation on a peildatum,
the payment specification of a month, and the monthly payment runs with their SEPA files.

Thin: everything personal goes through :mod:`samen.income.services` with purpose
*uitvoering*, so the one access policy scopes it and the audit trail records it. This module
never queries ``Benefit`` or ``PaymentLine`` itself. A benefit the actor may not see answers
the Dutch 404 page (existence must not leak). The payment runs hold figures per municipality,
no personal data; they need the ``income.view_paymentrun`` permission (403 otherwise),
starting one ``income.add_paymentrun`` and releasing one ``income.release_paymentrun``. The
lines of a run are personal data: the service shows only those the one policy allows. Only
the municipality names of the run's CBS codes are read here directly (configuration).
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template import engines
from django.template.defaultfilters import date as date_filter
from django.template.defaultfilters import floatformat
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from samen.access.decorators import handles_personal_data
from samen.access.models import Action
from samen.access.policy import Purpose, policy_for
from samen.common import codes
from samen.common.errors import error_page, page_not_found, permission_denied
from samen.common.forms import add_service_errors
from samen.income import run_services
from samen.income import services as income
from samen.income.forms import (
    BenefitChangeForm,
    BenefitEndForm,
    PeildatumForm,
    ReleaseForm,
    RunForm,
    RunLinesForm,
)
from samen.income.models import Benefit, PaymentRun
from samen.income.schedule import missed_run_notices, norm_coverage_notices
from samen.organisation.models import Municipality
from samen.people import services as people

logger = logging.getLogger(__name__)

PURPOSE = Purpose.UITVOERING
BASE = "web/base.html"
UNFINISHED = (PaymentRun.Status.PLANNED, PaymentRun.Status.RUNNING)


class MonthConverter:
    """``YYYY-MM`` in an address <-> the first day of that month; a month that does not
    exist (``2026-13``) does not match, so the address answers 404."""

    regex = r"[0-9]{4}-[0-9]{2}"

    def to_python(self, value: str) -> dt.date:
        year, month = value.split("-")
        return dt.date(int(year), int(month), 1)  # ValueError: no match

    def to_url(self, value: dt.date | str) -> str:
        return value.strftime("%Y-%m") if isinstance(value, dt.date) else str(value)


@functools.cache
def _fragment() -> Any:
    """The layout of an htmx answer: only the page's content block, no page around it."""
    return engines["django"].from_string("{% block content %}{% endblock %}").template  # type: ignore[attr-defined]


def _is_htmx(request: HttpRequest) -> bool:
    return bool(request.headers.get("HX-Request"))


def mask_iban(iban: str) -> str:
    """All but the last four characters hidden, in groups of four: ``**** **** **** 4300``."""
    iban = "".join(iban.split())
    if len(iban) <= 4:
        return iban
    hidden = "*" * (len(iban) - 4)
    groups = [hidden[i : i + 4] for i in range(0, len(hidden), 4)]
    return " ".join([*groups, iban[-4:]])


# ---------------------------------------------------------------------------------------------
# A person's benefits
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class BenefitBlock:
    """A benefit as the page shows it: the service's view and the masked IBAN."""

    view: income.BenefitView
    iban: str

    @property
    def benefit(self) -> Benefit:
        return self.view.benefit


@handles_personal_data
def person_benefits(request: HttpRequest, pk: int) -> HttpResponse:
    """The benefits of a person that the user may read, each calculated on the peildatum:
    a block for the person page (htmx) or, without JavaScript, a page of its own. The block
    asks only for the benefits (the person page around it already read and audited the
    person)."""
    htmx = _is_htmx(request)
    today = timezone.localdate()
    status = 200
    if "peildatum" in request.GET:
        form = PeildatumForm(request.GET)
        if form.is_valid():
            day = form.cleaned_data["peildatum"]
        else:
            day = today
            status = 200 if htmx else 400  # htmx swaps only a 2xx answer
    else:
        form = PeildatumForm(initial={"peildatum": today})
        day = today
    person = None
    if not htmx:
        try:
            person = people.get_person(request.user, pk, PURPOSE).person
        except people.NotVisible:
            return page_not_found(request)
    views = income.benefits_of_person(request.user, pk, on=day, purpose=PURPOSE)
    return render(
        request,
        "income/benefits.html",
        {
            "layout": _fragment() if htmx else BASE,
            "partial": htmx,
            "h": 3 if htmx else 2,
            "pk": pk,
            "person": person,
            "form": form,
            "day": day,
            "benefits": [BenefitBlock(view, mask_iban(view.benefit.iban)) for view in views],
            "may_change": bool(policy_for(request.user).grants_for(Action.CHANGE)),
        },
        status=status,
    )


@handles_personal_data
def benefit_specification(request: HttpRequest, benefit_pk: int, month: dt.date) -> HttpResponse:
    try:
        spec = income.payment_specification(request.user, benefit_pk, month, PURPOSE)
    except income.NotVisible:
        return page_not_found(request)
    return render(
        request,
        "income/benefit_spec.html",
        {"spec": spec, "benefit": spec.benefit, "person": spec.benefit.person},
    )


# ---------------------------------------------------------------------------------------------
# Payment runs
# ---------------------------------------------------------------------------------------------
# Service field -> form field, for the errors the services raise.
RUN_FORM_FIELD = {"month": "maand"}


def _add_errors(form: forms.Form, error: ValidationError) -> None:
    add_service_errors(form, error, RUN_FORM_FIELD)


@dataclass(frozen=True)
class RunRow:
    run: PaymentRun
    percent: int

    @property
    def running(self) -> bool:
        return self.run.status in UNFINISHED


def _row(run: PaymentRun) -> RunRow:
    return RunRow(run=run, percent=min(100, round(run.progress * 100)))


@login_required
@require_http_methods(["GET", "POST"])
def payment_runs(request: HttpRequest) -> HttpResponse:
    if not run_services.may_view_runs(request.user):
        return permission_denied(request)
    may_start = run_services.may_start_runs(request.user)
    status = 200
    if request.method == "POST":
        if not may_start:
            return permission_denied(request)
        form = RunForm(request.POST)
        if form.is_valid():
            month = form.cleaned_data["maand"].replace(day=1)
            label = date_filter(month, "F Y")
            try:
                run_services.start_run(request.user, month)
            except PermissionDenied as refusal:
                form.add_error(None, str(refusal) or _("U mag geen betaalrun starten."))
                status = 403
            except ValidationError as error:
                _add_errors(form, error)
                status = 400
            except Exception:  # the run itself failed; it is recorded on the run
                logger.exception("Betaalrun %s gestart, maar mislukt", month)
                messages.error(
                    request,
                    _("De betaalrun van %(month)s is niet goed afgerond; zie de foutmelding.")
                    % {"month": label},
                )
                return redirect("payment-run", month=month)
            else:
                messages.success(
                    request, _("De betaalrun van %(month)s is gestart.") % {"month": label}
                )
                return redirect("payment-run", month=month)
        else:
            status = 400
    else:
        today = timezone.localdate()
        form = RunForm(initial={"maand": today.replace(day=1)})
    try:
        rows = [_row(run) for run in run_services.runs(request.user)]
    except PermissionDenied:
        return permission_denied(request)
    return render(
        request,
        "income/payment_runs.html",
        {
            "rows": rows,
            "form": form if may_start else None,
            "notices": [
                *missed_run_notices(request.user, timezone.localdate()),
                *norm_coverage_notices(request.user, timezone.localdate()),
            ],
        },
        status=status,
    )


@dataclass(frozen=True)
class MunicipalityTotal:
    cbs_code: str
    name: str
    count: int
    amount: Decimal


def _names(codes_: list[str]) -> dict[str, str]:
    return dict(Municipality.objects.filter(cbs_code__in=codes_).values_list("cbs_code", "name"))


def _run_page(
    request: HttpRequest,
    run: PaymentRun,
    *,
    release_errors: list[str] | None = None,
    status: int = 200,
) -> HttpResponse:
    codes_ = sorted(run.totals_per_municipality or {})
    names = _names(codes_)
    totals = [
        MunicipalityTotal(
            cbs_code=code,
            name=names.get(code, code),
            count=int(run.totals_per_municipality[code].get("aantal", 0)),
            amount=Decimal(str(run.totals_per_municipality[code].get("bedrag", "0"))),
        )
        for code in codes_
    ]
    htmx = _is_htmx(request)
    check = run_services.reconciliation(request.user, run)
    may_release = run_services.may_release(request.user, run) and bool(check and check.agrees)
    # Always the attempt shown now: after a refusal the approver looks again at what is here.
    release_form = ReleaseForm(initial={"versie": run.attempts}) if may_release else None
    return render(
        request,
        "income/payment_run.html",
        {
            "layout": _fragment() if htmx else BASE,
            "partial": htmx,
            "row": _row(run),
            "run": run,
            "totals": sorted(totals, key=lambda t: t.name),
            "done": run.status == PaymentRun.Status.DONE,
            "check": check,
            "check_rows": [(r, names.get(r.cbs_code, r.cbs_code)) for r in check.rows]
            if check
            else [],
            "starters": run_services.starters(run),
            "released_by": run_services.released_by_name(run),
            "may_release": may_release,
            "has_release_right": run_services.may_release_runs(request.user),
            "started_by_me": run_services.started_by(request.user, run),
            "release_form": release_form,
            "release_errors": release_errors or [],
        },
        status=status,
    )


@login_required
def payment_run(request: HttpRequest, month: dt.date) -> HttpResponse:
    """One run: its progress (polled by htmx every 2 seconds while it is not finished), the
    totals per paying municipality, the reconciliation of the lines with the SEPA files,
    who started it and its release (four eyes), and the files once released."""
    try:
        run = run_services.run_of(request.user, month)
    except PermissionDenied:
        return permission_denied(request)
    if run is None:
        return page_not_found(request)
    return _run_page(request, run)


@login_required
@require_http_methods(["POST"])
def payment_run_release(request: HttpRequest, month: dt.date) -> HttpResponse:
    """Release the run (vrijgeven): the service refuses the starter, a second release, an
    unfinished run, one with problems or files that do not agree with its lines."""
    try:
        run = run_services.run_of(request.user, month)
    except PermissionDenied:
        return permission_denied(request)
    if run is None:
        return page_not_found(request)
    if not run_services.may_release_runs(request.user):
        return permission_denied(request)
    form = ReleaseForm(request.POST)
    if not form.is_valid():
        errors = [str(e) for field in form.errors.values() for e in field]
        return _run_page(request, run, release_errors=errors, status=400)
    label = date_filter(run.month, "F Y")
    try:
        run_services.release_run(
            request.user, run.month, expected_attempts=form.cleaned_data["versie"], purpose=PURPOSE
        )
    except PermissionDenied as refusal:
        run.refresh_from_db()
        return _run_page(request, run, release_errors=[str(refusal)], status=403)
    except run_services.ReleaseRefused as refusal:
        run.refresh_from_db()
        return _run_page(request, run, release_errors=[str(refusal)], status=409)
    messages.success(
        request,
        _(
            "De betaalrun van %(month)s is vrijgegeven. De betaalbestanden liggen vast en "
            "kunnen nu worden gedownload."
        )
        % {"month": label},
    )
    return redirect("payment-run", month=run.month)


LINES_PAGE_SIZE = 25


@handles_personal_data
def payment_run_lines(request: HttpRequest, month: dt.date, cbs_code: str) -> HttpResponse:
    """The payment lines of one paying municipality in a run, paged and searchable by BSN or
    name: only the lines on benefits the user may read (the one access policy), each line
    shown audited. A municipality that is not in the run is not found."""
    if not run_services.may_view_runs(request.user):
        return permission_denied(request)
    try:
        code = codes.parse_cbs_code(cbs_code)
    except codes.InputError:
        return page_not_found(request)
    run = run_services.run_of(request.user, month)
    if run is None or code not in (run.totals_per_municipality or {}):
        return page_not_found(request)
    name = _names([code]).get(code, code)
    form = RunLinesForm(request.GET)
    context: dict[str, Any] = {"run": run, "cbs_code": code, "name": name, "form": form}
    if not form.is_valid():  # nothing is looked up with input we cannot read
        return render(request, "income/payment_run_lines.html", context, status=400)
    search = form.cleaned_data["zoek"]
    number = form.cleaned_data["pagina"] or 1
    try:
        page = run_services.run_lines(
            request.user,
            run.month,
            code,
            search=search,
            offset=(number - 1) * LINES_PAGE_SIZE,
            limit=LINES_PAGE_SIZE,
            purpose=PURPOSE,
        )
    except ValidationError as error:
        add_service_errors(form, error, {"search": "zoek"})
        return render(request, "income/payment_run_lines.html", context, status=400)
    last = max(1, -(-page.total // LINES_PAGE_SIZE))

    def link(to: int) -> str:
        query = {"zoek": search} if search else {}
        return "?" + urlencode({**query, "pagina": to})

    check = run_services.reconciliation(request.user, run)
    return render(
        request,
        "income/payment_run_lines.html",
        {
            **context,
            "search": search,
            "page": page,
            "lines": [(line, mask_iban(line.benefit.iban)) for line in page.items],
            "number": number,
            "last": last,
            "first_shown": (number - 1) * LINES_PAGE_SIZE + 1,
            "last_shown": (number - 1) * LINES_PAGE_SIZE + len(page.items),
            "previous_url": link(number - 1) if number > 1 else "",
            "next_url": link(number + 1) if number < last else "",
            "check_row": next((r for r in check.rows if r.cbs_code == code), None)
            if check
            else None,
        },
    )


@login_required
def sepa_download(request: HttpRequest, month: dt.date, cbs_code: str) -> HttpResponse:
    """The pain.001 file of one paying municipality, exactly as stored when the run was
    released: an export of personal data, audited by the service with one entry per
    payment. Before the release: a Dutch page that says so, and no file."""
    if not run_services.may_view_runs(request.user):
        return permission_denied(request)
    try:
        content = run_services.sepa_file(request.user, month, cbs_code, PURPOSE)
    except income.NotVisible:
        return page_not_found(request)
    except income.NotAllowed:
        return permission_denied(request)
    except run_services.NotReleased as refusal:
        return error_page(request, 409, _("Betaalbestand nog niet vrijgegeven"), str(refusal))
    except run_services.FileDamaged as refusal:
        logger.error("Betaalbestand %s %s: SHA-256 klopt niet", cbs_code, month)
        return error_page(request, 409, _("Betaalbestand niet verstrekt"), str(refusal))
    response = HttpResponse(content, content_type="application/xml")
    response["Content-Disposition"] = f'attachment; filename="{cbs_code}-{month:%Y-%m}-pain001.xml"'
    response["Cache-Control"] = "private, no-store"
    return response


# ---------------------------------------------------------------------------------------------
# A change in household or income
# ---------------------------------------------------------------------------------------------
# Service field -> form field, for the errors record_change raises ("changes" is about the
# whole change: it goes to the top of the form).
CHANGE_FORM_FIELD = {"valid_from": "ingangsdatum", "reason": "reden"}


def _benefit_to_change(request: HttpRequest, benefit_pk: int) -> Benefit | HttpResponse:
    """The benefit the user may change, read (and audited) through the service: the Dutch
    404 page when the user may not see it, 403 when they may see but not change it."""
    try:
        return income.get_benefit(request.user, benefit_pk, Action.CHANGE, purpose=PURPOSE)
    except people.NotAllowed:
        return permission_denied(request)
    except people.NotVisible:
        return page_not_found(request)


def recalculation_message(result: Any) -> str:
    """'De wijziging is vastgelegd. Herberekend: 2 maanden te veel betaald (terugvordering
    € 380,00).' in the active language."""
    parts = []
    if result.claims:
        count = len(result.claims)
        total = sum((c.amount for c in result.claims), Decimal("0.00"))
        parts.append(
            ngettext(
                "%(count)d maand te veel betaald (terugvordering € %(amount)s)",
                "%(count)d maanden te veel betaald (terugvordering € %(amount)s)",
                count,
            )
            % {"count": count, "amount": floatformat(total, "2g")}
        )
    if result.supplements:
        count = len(result.supplements)
        total = sum((s.amount for s in result.supplements), Decimal("0.00"))
        parts.append(
            ngettext(
                "%(count)d maand te weinig betaald (aanvulling € %(amount)s)",
                "%(count)d maanden te weinig betaald (aanvulling € %(amount)s)",
                count,
            )
            % {"count": count, "amount": floatformat(total, "2g")}
        )
    if not parts:
        return _("De wijziging is vastgelegd. Geen al betaalde maand verandert.")
    if len(parts) == 2:
        parts = [_("%(claims)s en %(supplements)s") % {"claims": parts[0], "supplements": parts[1]}]
    return _("De wijziging is vastgelegd. Herberekend: %(result)s.") % {"result": parts[0]}


def _benefit_form_view(
    request: HttpRequest,
    benefit_pk: int,
    *,
    form_class: type[forms.Form],
    template: str,
    field_map: dict[str, str],
    perform: Any,
) -> HttpResponse:
    """A form that changes a benefit through a service (``perform(benefit, form)`` returns
    a recalculation): 400 with the service's Dutch errors on the fields, 403 when refused,
    409 when someone changed the benefit in the meantime; on success the recalculation's
    result as a message and back to the person's benefits."""
    found = _benefit_to_change(request, benefit_pk)
    if isinstance(found, HttpResponse):
        return found
    benefit = found
    status = 200
    if request.method == "POST":
        form = form_class(request.POST)
        if form.is_valid():
            try:
                result = perform(benefit, form)
            except people.NotVisible:
                return page_not_found(request)
            except people.NotAllowed as refusal:
                form.add_error(None, str(refusal))
                status = 403
            except people.VersionConflict as conflict:
                form.add_error(None, str(conflict))
                status = 409
            except ValidationError as error:
                add_service_errors(form, error, field_map)
                status = 400
            else:
                messages.success(request, recalculation_message(result))
                return redirect("person-benefits", pk=benefit.person_id)
        else:
            status = 400
    else:
        form = form_class(initial={"version": benefit.version})
    return render(
        request,
        template,
        {"form": form, "benefit": benefit, "person": benefit.person, "conflict": status == 409},
        status=status,
    )


@handles_personal_data
@require_http_methods(["GET", "POST"])
def benefit_change(request: HttpRequest, benefit_pk: int) -> HttpResponse:
    """Record a change in household or income from a date on: the service stores the new
    facts and recalculates the months already paid (recovery claims, supplements)."""

    def perform(benefit: Benefit, form: BenefitChangeForm) -> Any:
        data = form.cleaned_data
        return income.record_change(
            request.user,
            benefit.pk,
            valid_from=data["ingangsdatum"],
            changes=form.changes(),
            reason=data["reden"],
            expected_version=data["version"],
            purpose=PURPOSE,
        )

    return _benefit_form_view(
        request,
        benefit_pk,
        form_class=BenefitChangeForm,
        template="income/benefit_change.html",
        field_map=CHANGE_FORM_FIELD,
        perform=perform,
    )


@handles_personal_data
@require_http_methods(["GET", "POST"])
def benefit_end(request: HttpRequest, benefit_pk: int) -> HttpResponse:
    """End a benefit on a date; paid months after it become recovery claims."""

    def perform(benefit: Benefit, form: BenefitEndForm) -> Any:
        data = form.cleaned_data
        return income.end_benefit(
            request.user,
            benefit.pk,
            end_date=data["einddatum"],
            end_reason=data["reden_code"].code,
            reason=data["reden"],
            expected_version=data["version"],
            purpose=PURPOSE,
        )

    return _benefit_form_view(
        request,
        benefit_pk,
        form_class=BenefitEndForm,
        template="income/benefit_end.html",
        field_map={"end_date": "einddatum", "end_reason": "reden_code", "reason": "reden"},
        perform=perform,
    )
