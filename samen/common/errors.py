"""The Dutch error pages a screen answers itself: a record the user may not see is "not
found" (its existence must not leak), a change the user may not make is "no access".

The shell's handlers (:mod:`samen.web.views`, wired in ``samen/urls.py``) answer the same
pages, with the same words, for errors raised anywhere, and problem+json under ``/api/``.
The page is the shell's template ``web/error.html``, named here as every app's template
names the shell's ``web/base.html``: a template name, not an import.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

TEMPLATE = "web/error.html"


def forbidden() -> tuple[str, str]:
    """Title and text of the 403 page, in the active language."""
    return _("Geen toegang"), _(
        "U heeft geen toegang tot deze pagina. Denkt u dat dit niet klopt? Neem dan "
        "contact op met functioneel beheer."
    )


def not_found() -> tuple[str, str]:
    """Title and text of the 404 page, in the active language."""
    return _("Pagina niet gevonden"), _(
        "Deze pagina bestaat niet (meer). Controleer het adres of ga naar de startpagina."
    )


def error_page(request: HttpRequest, status: int, title: str, text: str) -> HttpResponse:
    return render(
        request,
        TEMPLATE,
        {"title": title, "text": text, "status": status},
        status=status,
    )


def page_not_found(request: HttpRequest) -> HttpResponse:
    return error_page(request, 404, *not_found())


def permission_denied(request: HttpRequest) -> HttpResponse:
    return error_page(request, 403, *forbidden())
