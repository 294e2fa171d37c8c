"""Review screens (toetsing): the worklist of decisions awaiting review and the review page
with the decision and the verdict form.

Thin: every read and change goes through :mod:`samen.review.services` with purpose
*controle*, so the one access policy scopes it and the audit trail records it. A decision
the actor may not see answers the Dutch 404 page; an actor who is no reviewer answers 403.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from samen.access.decorators import handles_personal_data
from samen.common.errors import page_not_found, permission_denied
from samen.common.forms import add_service_errors
from samen.review import services
from samen.review.forms import VerdictForm


@handles_personal_data
@require_GET
def review_list(request: HttpRequest) -> HttpResponse:
    try:
        found = services.worklist(request.user)
    except services.NotAllowed:
        return permission_denied(request)
    return render(request, "review/list.html", {"items": found})


@handles_personal_data
@require_http_methods(["GET", "POST"])
def review_detail(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        toetsing = services.get(request.user, pk)
    except services.NotVisible:
        return page_not_found(request)
    except services.NotAllowed:
        return permission_denied(request)
    status = 200
    if request.method == "POST":
        form = VerdictForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.give_verdict(
                    request.user,
                    pk,
                    verdict=data["verdict"],
                    remarks=data["remarks"],
                    version=data["version"],
                )
            except services.VersionConflict as conflict:
                form.add_error(None, str(conflict))
                status = 409
            except ValidationError as error:
                add_service_errors(form, error)
                status = 400
            else:
                messages.success(request, _("Uw oordeel over het besluit is vastgelegd."))
                return redirect("review", pk=pk)
        else:
            status = 400
    else:
        form = VerdictForm(initial={"version": toetsing.version})
    staff = getattr(request.user, "staff", None)
    return render(
        request,
        "review/review.html",
        {
            "toetsing": toetsing,
            "decision": toetsing.decision,
            "form": form,
            "own": staff is not None and staff.pk == toetsing.decision.taken_by_id,
            "fields": [form[name] for name in form.fields if name != "version"],
        },
        status=status,
    )
