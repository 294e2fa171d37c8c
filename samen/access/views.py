"""Access screens. Supervision: the audit trail for the data-protection officer (search, CSV
export, the changes in access rights, the checkpoints outside the database and a button to
take one) and, for every staff member, their own recent accesses. Functional management: the
grants of a staff member, proposing a grant, the proposals awaiting a second person's
approval, rejecting, withdrawing and ending.

Thin: the audit trail is read only through :mod:`samen.access.services`, which checks that the
actor may read it, leaves out the case contents and records the reading itself; grants change
only through :mod:`samen.access.grants`, which decides who may and records every step.
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from samen.access import grants, services
from samen.access.forms import (
    DECISION_FIELDS,
    END_FIELDS,
    PROPOSAL_FIELDS,
    AuditSearchForm,
    GrantApproveForm,
    GrantEndForm,
    GrantProposalForm,
    GrantRejectForm,
    GrantWithdrawForm,
)
from samen.access.models import Grant
from samen.access.policy import policy_for
from samen.common.errors import page_not_found
from samen.common.forms import add_service_errors

PAGE_SIZE = 50


def _refuse_unless_supervisor(request: HttpRequest) -> None:
    # Also checked by the service; checked here so that the empty search form is refused too.
    if not policy_for(request.user).may_read_audit:
        raise PermissionDenied


def _query_without_page(request: HttpRequest) -> dict[str, str]:
    return {k: str(v) for k, v in request.GET.items() if k != "pagina"}


@login_required
def audit_search(request: HttpRequest) -> HttpResponse:
    _refuse_unless_supervisor(request)
    form = AuditSearchForm(request.GET)
    context: dict[str, object] = {
        "form": form,
        "checkpoints": services.checkpoint_overview(request.user),
    }
    status = 200
    if form.is_bound:
        if form.is_valid():
            number = form.cleaned_data["pagina"] or 1
            page = services.search_audit(
                request.user, form.filters(), offset=(number - 1) * PAGE_SIZE, limit=PAGE_SIZE
            )
            last = max(1, -(-page.total // PAGE_SIZE))
            query = _query_without_page(request)
            context.update(
                page=page,
                number=number,
                last=last,
                first_shown=(number - 1) * PAGE_SIZE + 1,
                last_shown=(number - 1) * PAGE_SIZE + len(page.rows),
                previous_url=(
                    "?" + urlencode({**query, "pagina": number - 1}) if number > 1 else ""
                ),
                next_url="?" + urlencode({**query, "pagina": number + 1}) if number < last else "",
                export_query=urlencode(query),
            )
        else:
            status = 400
    return render(request, "access/supervision.html", context, status=status)


@login_required
def audit_export(request: HttpRequest) -> HttpResponse:
    _refuse_unless_supervisor(request)
    form = AuditSearchForm(request.GET)
    if form.is_bound and not form.is_valid():
        return render(request, "access/supervision.html", {"form": form}, status=400)
    filters = form.filters() if form.is_bound else services.AuditFilters()
    rows = services.export_audit(request.user, filters)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response = HttpResponse(services.audit_csv(rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="audittrail-{stamp}.csv"'
    return response


@login_required
def audit_checkpoint(request: HttpRequest) -> HttpResponse:
    """The officer's button: write a checkpoint of the audit trail now."""
    _refuse_unless_supervisor(request)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        taken = services.take_checkpoint(request.user)
    except OSError as error:
        messages.error(
            request,
            _("Het checkpoint is niet vastgelegd: %(reason)s. Meld dit aan functioneel beheer.")
            % {"reason": error},
        )
    else:
        messages.success(
            request,
            _("Checkpoint vastgelegd: volgnummer %(sequence)s, %(entries)s regels.")
            % {"sequence": taken.sequence, "entries": taken.entries},
        )
    return redirect(reverse("supervision") + "#checkpoints")


@login_required
def grant_changes(request: HttpRequest) -> HttpResponse:
    """The officer's view of the changes in access rights: the latest grant proposals,
    approvals, rejections, withdrawals and ends, and new staff members with their login."""
    _refuse_unless_supervisor(request)
    return render(
        request,
        "access/grant_changes.html",
        {"rows": services.grant_changes(request.user), "limit": services.GRANT_CHANGES_SHOWN},
    )


@login_required
def my_access(request: HttpRequest) -> HttpResponse:
    rows = services.my_accesses(request.user)
    return render(
        request,
        "access/my_access.html",
        {"rows": rows, "limit": services.MY_ACCESSES_LIMIT},
    )


# ---------------------------------------------------------------------------------------------
# Functional management: grants
# ---------------------------------------------------------------------------------------------
def _refuse_unless_grant_manager(request: HttpRequest, *, approver_too: bool = True) -> None:
    if grants.may_manage(request.user):
        return
    if approver_too and grants.may_approve(request.user):
        return
    raise PermissionDenied


def _rights(request: HttpRequest) -> dict[str, bool]:
    return {
        "may_manage": grants.may_manage(request.user),
        "may_approve": grants.may_approve(request.user),
    }


def _service_messages(request: HttpRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


@login_required
def grant_proposals(request: HttpRequest) -> HttpResponse:
    """The proposals awaiting a second person's decision."""
    _refuse_unless_grant_manager(request)
    return render(
        request,
        "access/grant_proposals.html",
        {"proposals": grants.pending(), "user_id": request.user.pk, **_rights(request)},
    )


@login_required
def staff_grants(request: HttpRequest, staff_id: int) -> HttpResponse:
    """One staff member's grants in every status, with what gives access today."""
    _refuse_unless_grant_manager(request)
    staff = grants.staff_member(staff_id)
    if staff is None:
        return page_not_found(request)
    today = timezone.localdate()
    rows = [(g, grants.in_force(g, today)) for g in grants.grants_of(staff)]
    return render(
        request,
        "access/staff_grants.html",
        {"staff": staff, "rows": rows, "today": today, **_rights(request)},
    )


@login_required
def grant_propose(request: HttpRequest, staff_id: int) -> HttpResponse:
    _refuse_unless_grant_manager(request, approver_too=False)
    staff = grants.staff_member(staff_id)
    if staff is None:
        return page_not_found(request)
    if request.method == "POST":
        form = GrantProposalForm(request.POST)
        if form.is_valid():
            try:
                grants.propose(request.user, form.proposal(staff))
            except ValidationError as error:
                add_service_errors(form, error, PROPOSAL_FIELDS)
            else:
                messages.success(
                    request,
                    _(
                        "De autorisatie is voorgesteld. Zij geeft pas toegang als een tweede "
                        "persoon haar heeft goedgekeurd."
                    ),
                )
                return redirect("staff-grants", staff_id=staff.pk)
        status = 400
    else:
        form = GrantProposalForm(initial={"geldig_vanaf": timezone.localdate()})
        status = 200
    return render(
        request, "access/grant_propose.html", {"staff": staff, "form": form}, status=status
    )


def _posted_grant(request: HttpRequest, pk: int) -> Grant | HttpResponse:
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    grant = grants.grant_by_id(pk)
    if grant is None:
        return page_not_found(request)
    return grant


def _back(request: HttpRequest, grant: Grant) -> HttpResponse:
    if request.POST.get("next") == "medewerker":
        return redirect("staff-grants", staff_id=grant.staff_id)
    return redirect("grant-proposals")


@login_required
def grant_approve(request: HttpRequest, pk: int) -> HttpResponse:
    if not grants.may_approve(request.user):
        raise PermissionDenied
    grant = _posted_grant(request, pk)
    if isinstance(grant, HttpResponse):
        return grant
    form = GrantApproveForm(request.POST)
    if not form.is_valid():
        for error in form.non_field_errors():
            messages.error(request, str(error))
        return _back(request, grant)
    try:
        grants.approve(request.user, grant.pk)
    except ValidationError as error:
        _service_messages(request, error)
    else:
        messages.success(
            request,
            _("De autorisatie van %(name)s is goedgekeurd en geeft nu toegang binnen haar periode.")
            % {"name": grant.staff.name},
        )
    return _back(request, grant)


@login_required
def grant_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    _refuse_unless_grant_manager(request, approver_too=False)
    grant = _posted_grant(request, pk)
    if isinstance(grant, HttpResponse):
        return grant
    form = GrantWithdrawForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return _back(request, grant)
    try:
        grants.withdraw(request.user, grant.pk, form.cleaned_data["toelichting"])
    except ValidationError as error:
        _service_messages(request, error)
    else:
        messages.success(request, _("Het voorstel is ingetrokken."))
    return _back(request, grant)


@login_required
def grant_reject(request: HttpRequest, pk: int) -> HttpResponse:
    if not grants.may_approve(request.user):
        raise PermissionDenied
    grant = grants.grant_by_id(pk)
    if grant is None:
        return page_not_found(request)
    status = 200
    if request.method == "POST":
        form = GrantRejectForm(request.POST)
        if form.is_valid():
            try:
                grants.reject(request.user, grant.pk, form.cleaned_data["toelichting"])
            except ValidationError as error:
                add_service_errors(form, error, DECISION_FIELDS)
            else:
                messages.success(request, _("Het voorstel is afgewezen."))
                return redirect("grant-proposals")
        status = 400
    else:
        form = GrantRejectForm()
    return render(
        request, "access/grant_reject.html", {"grant": grant, "form": form}, status=status
    )


@login_required
def grant_end(request: HttpRequest, pk: int) -> HttpResponse:
    _refuse_unless_grant_manager(request)
    grant = grants.grant_by_id(pk)
    if grant is None:
        return page_not_found(request)
    status = 200
    if request.method == "POST":
        form = GrantEndForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                grants.end(request.user, grant.pk, data["laatste_dag"], data["reden"])
            except ValidationError as error:
                add_service_errors(form, error, END_FIELDS)
            else:
                messages.success(request, _("De autorisatie is beëindigd."))
                return redirect("staff-grants", staff_id=grant.staff_id)
        status = 400
    else:
        form = GrantEndForm(initial={"laatste_dag": timezone.localdate() - dt.timedelta(days=1)})
    return render(request, "access/grant_end.html", {"grant": grant, "form": form}, status=status)
