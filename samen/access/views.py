"""Supervision screens: the audit trail for the data-protection officer (search, CSV export,
the checkpoints outside the database and a button to take one) and, for every staff member,
their own recent accesses.

Thin: the audit trail is read only through :mod:`samen.access.services`, which checks that the
actor may read it, leaves out the case contents and records the reading itself.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from samen.access import services
from samen.access.forms import AuditSearchForm
from samen.access.policy import policy_for

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
def my_access(request: HttpRequest) -> HttpResponse:
    rows = services.my_accesses(request.user)
    return render(
        request,
        "access/my_access.html",
        {"rows": rows, "limit": services.MY_ACCESSES_LIMIT},
    )
