"""View decorators of the one access policy, for every app's screens."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from samen.access.policy import policy_for

View = Callable[..., HttpResponse]


def handles_personal_data(view: View) -> View:
    """Login first; staff without any grant to read personal data get the Dutch 403 page."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not policy_for(request.user).handles_personal_data:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def reads_figures(view: View) -> View:
    """Login first; staff without any grant to read figures (KPIs, reports) get the Dutch
    403 page. Which municipalities' figures they see is decided per request by
    :meth:`~samen.access.policy.Policy.figure_municipality_ids`."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not policy_for(request.user).figure_municipality_ids():
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper
