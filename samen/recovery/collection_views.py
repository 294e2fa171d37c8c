"""Collection screens: the worklist of open claims (``/vorderingen``) and the month-end stock
per municipality and origin (``/vorderingen/stand/<jjjj-mm>``). Thin: everything goes through
:mod:`samen.recovery.collection`, scoped by the one access policy and audited."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from samen.access.decorators import handles_personal_data
from samen.access.models import Action
from samen.access.policy import Purpose, policy_for
from samen.common.errors import page_not_found, permission_denied
from samen.recovery import collection
from samen.recovery.bank_forms import WorklistForm
from samen.recovery.bank_views import PAGE_SIZE, paging
from samen.recovery.models import Claim


@handles_personal_data
def collection_worklist(request: HttpRequest) -> HttpResponse:
    form = WorklistForm(request.GET)
    if not form.is_valid():
        return render(request, "recovery/worklist.html", {"form": form, "rows": []}, status=400)
    order = form.cleaned_data["volgorde"] or "oudste"
    number = form.cleaned_data.get("pagina") or 1
    total, rows = collection.worklist(
        request.user,
        order=order,
        offset=(number - 1) * PAGE_SIZE,
        limit=PAGE_SIZE,
        purpose=Purpose.UITVOERING,
    )
    if number > 1 and not rows:
        return page_not_found(request)
    return render(
        request,
        "recovery/worklist.html",
        {
            "form": form,
            "rows": rows,
            "total": total,
            "order": order,
            "this_month": f"{timezone.localdate():%Y-%m}",
            **paging(number, total, {"volgorde": order}),
        },
    )


@login_required
def month_end_stock(request: HttpRequest, month: str) -> HttpResponse:
    policy = policy_for(request.user)
    if not (policy.figure_municipality_ids() or policy.municipality_ids(Action.READ)):
        return permission_denied(request)
    try:
        first = collection.parse_month(month)
    except ValidationError:
        return page_not_found(request)
    end, rows = collection.month_end_stock(request.user, first, Purpose.STURING)
    previous = (first.replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    following = (end + dt.timedelta(days=1)).replace(day=1)
    return render(
        request,
        "recovery/stock.html",
        {
            "end": end,
            "rows": rows,
            "origins": [label for _value, label in Claim.Origin.choices],
            "previous": f"{previous:%Y-%m}",
            "following": f"{following:%Y-%m}",
        },
    )
