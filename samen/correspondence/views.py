"""The download of a letter as it was sent (`/brieven/<id>`). Thin: the read goes through
:func:`samen.correspondence.services.letter_pdf`, so the access policy scopes it and the
audit trail records it; a letter the actor may not read answers the Dutch 404 page."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from samen.access.decorators import handles_personal_data
from samen.access.policy import Purpose
from samen.common.errors import page_not_found
from samen.correspondence import services


@handles_personal_data
@require_GET
def letter_download(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        letter, pdf = services.letter_pdf(request.user, pk, Purpose.UITVOERING)
    except services.NotVisible:
        return page_not_found(request)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{services.file_name(letter)}"'
    return response
