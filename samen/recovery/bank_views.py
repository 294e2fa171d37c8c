"""Screens for incoming payments: the bank statements (upload a camt.053 file, the list of
imports) and the worklist of unknown receipts with matching one to a claim.

Thin: everything goes through :mod:`samen.recovery.bank`. Without the permission for bank
statements the pages answer the Dutch 403 page; a receipt the user may not see, 404.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from samen.access.decorators import handles_personal_data
from samen.access.policy import Purpose
from samen.common.errors import page_not_found, permission_denied
from samen.common.forms import PagedForm, add_service_errors
from samen.recovery import bank
from samen.recovery.bank_forms import MatchForm, StatementForm

PURPOSE = Purpose.UITVOERING
PAGE_SIZE = 25


def paging(number: int, total: int, query: dict[str, Any] | None = None) -> dict[str, Any]:
    last = max(1, -(-total // PAGE_SIZE))

    def link(to: int) -> str:
        return "?" + urlencode({**(query or {}), "pagina": to})

    return {
        "number": number,
        "last": last,
        "previous_url": link(number - 1) if number > 1 else "",
        "next_url": link(number + 1) if number < last else "",
    }


@handles_personal_data
@require_http_methods(["GET", "POST"])
def bank_statements(request: HttpRequest) -> HttpResponse:
    if not bank.may_view(request.user):
        return permission_denied(request)
    status = 200
    form = StatementForm()
    if request.method == "POST":
        if not bank.may_import(request.user):
            return permission_denied(request)
        form = StatementForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["bestand"]
            try:
                result = bank.import_statement(request.user, upload.read(), upload.name)
            except ValidationError as error:
                add_service_errors(form, error, {"file": "bestand"})
                status = 400
            else:
                done = result.statement
                if result.created:
                    messages.success(
                        request,
                        _(
                            "Afschrift %(id)s ingelezen: %(credits)d bijschrijvingen, "
                            "%(matched)d gekoppeld, %(unmatched)d naar de onbekende "
                            "ontvangsten, %(skipped)d overgeslagen."
                        )
                        % {
                            "id": done.statement_id,
                            "credits": done.credits,
                            "matched": done.matched,
                            "unmatched": result.unmatched,
                            "skipped": done.skipped,
                        },
                    )
                else:
                    messages.info(
                        request,
                        _("Afschrift %(id)s was al ingelezen op %(when)s; er is niets veranderd.")
                        % {"id": done.statement_id, "when": f"{done.imported_at:%d-%m-%Y %H:%M}"},
                    )
                return redirect("bank-statements")
        else:
            status = 400
    paged = PagedForm(request.GET)
    number = (paged.cleaned_data.get("pagina") if paged.is_valid() else None) or 1
    total, rows = bank.statements(request.user, (number - 1) * PAGE_SIZE, PAGE_SIZE)
    return render(
        request,
        "recovery/bank_statements.html",
        {
            "form": form,
            "rows": rows,
            "total": total,
            "may_import": bank.may_import(request.user),
            **paging(number, total),
        },
        status=status,
    )


@handles_personal_data
def unknown_receipts(request: HttpRequest) -> HttpResponse:
    paged = PagedForm(request.GET)
    if not paged.is_valid():
        return page_not_found(request)
    number = paged.cleaned_data.get("pagina") or 1
    try:
        total, rows = bank.open_credits(request.user, (number - 1) * PAGE_SIZE, PAGE_SIZE)
    except PermissionDenied:
        return permission_denied(request)
    if number > 1 and not rows:
        return page_not_found(request)
    return render(
        request,
        "recovery/unknown_receipts.html",
        {"rows": rows, "total": total, **paging(number, total)},
    )


@handles_personal_data
@require_http_methods(["GET", "POST"])
def match_receipt(request: HttpRequest, credit_pk: int) -> HttpResponse:
    try:
        credit = bank.get_open_credit(request.user, credit_pk, PURPOSE)
    except PermissionDenied:
        return permission_denied(request)
    except bank.services.NotVisible:
        return page_not_found(request)
    status = 200
    if request.method == "POST":
        form = MatchForm(request.POST)
        if form.is_valid():
            try:
                movement = bank.match_credit(
                    request.user, credit_pk, form.cleaned_data["vordering"], PURPOSE
                )
            except bank.services.NotVisible:
                return page_not_found(request)
            except ValidationError as error:
                add_service_errors(form, error, {"claim": "vordering"})
                status = 400
            else:
                messages.success(
                    request, _("De ontvangst is als betaling op de vordering geboekt.")
                )
                return redirect("claim", claim_pk=movement.claim_id)
        else:
            status = 400
    else:
        suggested = credit.payment_reference if credit.referenced_claim_id else ""
        form = MatchForm(initial={"vordering": suggested})
    return render(
        request, "recovery/match_receipt.html", {"form": form, "credit": credit}, status=status
    )
