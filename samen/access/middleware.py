"""Gives every request a trace id (request id) and records the client address, so audit
entries of one request can be found together. The id is returned in `X-Request-ID`."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from samen.access import audit

VALID_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


class AuditContextMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.headers.get("X-Request-ID", "")
        trace_id = incoming if VALID_ID.match(incoming) else uuid.uuid4().hex
        audit.set_request_context(trace_id, request.META.get("REMOTE_ADDR", ""))
        try:
            response = self.get_response(request)
        finally:
            audit.clear_request_context()
        response["X-Request-ID"] = trace_id
        return response
