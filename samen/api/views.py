"""The API's own views: the OpenAPI document, its reference page, and the 404 problem for
paths that do not exist."""

from __future__ import annotations

from typing import Any

from csp.decorators import csp_update
from django.utils.decorators import method_decorator
from drf_spectacular.views import SpectacularJSONAPIView, SpectacularRedocView
from rest_framework import exceptions
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.views import APIView


class OpenApiView(SpectacularJSONAPIView):
    """The OpenAPI 3 document as JSON (public; CORS open, see ``CORS_URLS_REGEX``)."""


@method_decorator(
    # Redoc (third-party) styles itself with inline <style> elements and parses the document
    # in a blob: worker. Only this page, which shows no personal data, allows both.
    csp_update({"style-src": ["'unsafe-inline'"], "worker-src": ["blob:"]}),
    name="dispatch",
)
class DocumentationView(SpectacularRedocView):
    """Redoc reference page, served from drf-spectacular-sidecar: no CDN, no web fonts."""

    template_name = "api/redoc.html"


class NotFoundView(APIView):
    """Every path under /api/v1/ that no route matches: a 404 problem for every method."""

    authentication_classes: list[Any] = []
    permission_classes = [AllowAny]
    schema = None  # not part of the OpenAPI document

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        raise exceptions.NotFound("Dit adres bestaat niet in deze API.")
