"""Errors as `application/problem+json` (RFC 9457), in Dutch, with the invalid fields named."""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import set_rollback

from samen.people.services import NotAllowed, NotVisible, VersionConflict

PROBLEM_CONTENT_TYPE = "application/problem+json"
logger = logging.getLogger("samen.api")

TITLES = {
    400: "Ongeldige invoer",
    401: "Niet ingelogd",
    403: "Geen toegang",
    404: "Niet gevonden",
    405: "Methode niet toegestaan",
    406: "Formaat niet beschikbaar",
    409: "Conflict",
    412: "Gegevens zijn intussen gewijzigd",
    413: "Verzoek te groot",
    415: "Formaat niet ondersteund",
    429: "Te veel verzoeken",
    500: "Interne fout",
}


def _flatten(detail: Any, prefix: str = "") -> list[dict[str, str]]:
    """DRF error details -> [{"name": field, "reason": message, "code": code}]"""
    out: list[dict[str, str]] = []
    if isinstance(detail, dict):
        for key, value in detail.items():
            name = key if not prefix else f"{prefix}.{key}"
            if key in ("non_field_errors", "__all__"):
                name = prefix or "nonFieldErrors"
            out.extend(_flatten(value, name))
    elif isinstance(detail, list):
        for i, value in enumerate(detail):
            if isinstance(value, (dict, list)):
                out.extend(_flatten(value, f"{prefix}.{i}" if prefix else str(i)))
            else:
                out.extend(_flatten(value, prefix))
    else:
        out.append(
            {
                "name": prefix or "nonFieldErrors",
                "reason": str(detail),
                "code": getattr(detail, "code", "invalid"),
            }
        )
    return out


def problem_body(
    status_code: int, detail: str, path: str | None = None, code: str | None = None
) -> dict[str, Any]:
    body: dict[str, Any] = {
        "type": f"https://samen.example.nl/problemen/{code or status_code}",
        "title": TITLES.get(status_code, "Fout"),
        "status": status_code,
        "detail": detail,
    }
    if path is not None:
        body["instance"] = path
    if code:
        body["code"] = code
    return body


def problem_response(
    status_code: int,
    detail: str,
    *,
    request: Any = None,
    invalid_params: list[dict[str, str]] | None = None,
    code: str | None = None,
) -> Response:
    body = problem_body(status_code, detail, request.path if request is not None else None, code)
    if invalid_params:
        body["invalidParams"] = invalid_params
    return Response(body, status=status_code, content_type=PROBLEM_CONTENT_TYPE)


def django_problem(request: HttpRequest, status_code: int, detail: str) -> HttpResponse:
    """A problem for an error that Django itself answers under /api/ (a bad Host header, a
    failure outside a view), so the API never answers with an HTML page."""
    return JsonResponse(
        problem_body(status_code, detail, request.path),
        status=status_code,
        content_type=PROBLEM_CONTENT_TYPE,
        json_dumps_params={"ensure_ascii": False},
    )


def _dutch_detail(exc: exceptions.APIException, request: Any) -> str | None:
    """DRF's own default texts where they are English or a poor translation ("Aanvraag was
    verstikt") -> Dutch. A detail the code raised on purpose is kept; DRF's good Dutch ones
    (not logged in, not found) are kept too."""
    if str(exc.detail) != str(type(exc).default_detail) and not isinstance(
        exc, exceptions.MethodNotAllowed | exceptions.UnsupportedMediaType | exceptions.Throttled
    ):
        return None
    method = getattr(request, "method", "")
    if isinstance(exc, exceptions.MethodNotAllowed):
        return f"De methode {method} is op dit adres niet toegestaan."
    if isinstance(exc, exceptions.UnsupportedMediaType):
        if "UTF-8" in str(exc.detail):
            return str(exc.detail)
        return "Stuur de gegevens als JSON in UTF-8 (Content-Type: application/json)."
    if isinstance(exc, exceptions.Throttled):
        seconds = getattr(exc, "wait", None)
        wait = int(seconds) if seconds else None
        later = f" over {wait} seconden" if wait else " later"
        return f"Te veel verzoeken. Probeer het{later} opnieuw."
    return {
        exceptions.PermissionDenied: "U heeft geen toegang tot deze gegevens of handeling.",
        exceptions.NotAcceptable: "Dit formaat kan niet worden geleverd; vraag om JSON.",
        exceptions.ParseError: "De gegevens konden niet worden gelezen.",
    }.get(type(exc))


class PreconditionFailed(exceptions.APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = "De gegevens zijn intussen gewijzigd."
    default_code = "version_conflict"


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    request = context.get("request")
    set_rollback()
    # The services' refusals: existence must not leak (404), visible but not allowed (403),
    # optimistic locking (412). Their messages are Dutch already.
    if isinstance(exc, NotVisible):
        exc = exceptions.NotFound(str(exc) or "Niet gevonden, of u heeft geen toegang.")
    elif isinstance(exc, NotAllowed):
        exc = exceptions.PermissionDenied(str(exc) or None)
    elif isinstance(exc, VersionConflict):
        exc = PreconditionFailed(str(exc) or None)
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound("Niet gevonden, of u heeft geen toegang.")
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    elif isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(
            exc.message_dict if hasattr(exc, "error_dict") else {"nonFieldErrors": exc.messages}
        )

    if not isinstance(exc, exceptions.APIException):
        # An unexpected error: log it with its traceback, answer a problem (not Django's
        # HTML page) without internals.
        logger.exception("Onverwachte fout in de API", exc_info=exc)
        return problem_response(
            status.HTTP_500_INTERNAL_SERVER_ERROR,
            "Er is een interne fout opgetreden. Probeer het later opnieuw.",
            request=request,
        )
    status_code = exc.status_code
    if isinstance(exc, exceptions.ValidationError):
        params = _flatten(exc.detail)
        detail = "; ".join(f"{p['name']}: {p['reason']}" for p in params) or "Ongeldige invoer."
        response = problem_response(
            status.HTTP_400_BAD_REQUEST,
            detail,
            request=request,
            invalid_params=params,
            code="invalid",
        )
    else:
        detail = _dutch_detail(exc, request) or (
            exc.detail if isinstance(exc.detail, str) else str(exc.detail)
        )
        response = problem_response(
            status_code, str(detail), request=request, code=getattr(exc.detail, "code", None)
        )
    if isinstance(exc, exceptions.NotAuthenticated | exceptions.AuthenticationFailed):
        response["WWW-Authenticate"] = 'Token realm="api"'
    if getattr(exc, "wait", None):
        response["Retry-After"] = str(int(exc.wait))  # type: ignore[attr-defined]
    return response
