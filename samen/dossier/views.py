"""The screens of the client's file: a person's notes and documents, a new note (or a
correction), an upload, a document and its download, a withdrawal.

Thin: every read and write goes through :mod:`samen.dossier.services` with purpose
*uitvoering*, so the one access policy scopes it and the audit trail records it. A person,
note or document the user may not see answers the Dutch 404 page. A document is handed out
only by :func:`document_download`, never by the web server.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from samen.access.decorators import handles_personal_data
from samen.access.models import Action
from samen.access.policy import Purpose, policy_for
from samen.cases import services as cases
from samen.common.errors import page_not_found
from samen.common.forms import add_service_errors
from samen.dossier import services
from samen.dossier.forms import DocumentForm, NoteForm, WithdrawForm
from samen.people import services as people

PURPOSE = Purpose.UITVOERING


def _may_change(request: HttpRequest) -> bool:
    """Whether to offer the forms at all; the service decides each write."""
    return bool(policy_for(request.user).grants_for(Action.CHANGE))


def _case_choices(request: HttpRequest, person_pk: int) -> list[tuple[int, str]]:
    return [
        (c.pk, f"{c.reference} {c.case_type.name} ({c.domain.name})")
        for c in cases.cases_of_person(request.user, person_pk, PURPOSE)
    ]


@handles_personal_data
def person_file(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        view = people.get_person(request.user, pk, PURPOSE)
    except people.NotVisible:
        return page_not_found(request)
    return render(
        request,
        "dossier/file.html",
        {
            "person": view.person,
            "notes": services.notes_of_person(request.user, pk, PURPOSE),
            "documents": services.documents_of_person(request.user, pk, PURPOSE),
            "may_change": _may_change(request),
        },
    )


def _write(request: HttpRequest, form: forms.Form, save: object) -> tuple[object, int]:
    """Call ``save`` and put a refusal on the form: (result or None, status)."""
    try:
        return save(), 200  # type: ignore[operator]
    except services.NotAllowed as refusal:
        form.add_error(None, str(refusal))
        return None, 403
    except ValidationError as error:
        add_service_errors(form, error)
        return None, 400


@handles_personal_data
@require_http_methods(["GET", "POST"])
def note_create(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        view = people.get_person(request.user, pk, PURPOSE)
    except people.NotVisible:
        return page_not_found(request)
    choices = _case_choices(request, pk)
    status = 200
    if request.method == "POST":
        form = NoteForm(request.POST, cases=choices)
        if form.is_valid():
            data = form.cleaned_data
            new = services.NewNote(
                domain=data["domain"],
                text=data["text"],
                on_date=data["on_date"],
                confidentiality=data["confidentiality"],
                case_pk=data["case"],
                corrects_pk=data["corrects"],
            )
            try:
                note, status = _write(
                    request,
                    form,
                    lambda: services.write_note(request.user, pk, new, PURPOSE),
                )
            except services.NotVisible:
                return page_not_found(request)
            if note is not None:
                messages.success(request, _("De notitie is vastgelegd."))
                return redirect("person-file", pk=pk)
        else:
            status = 400
    else:
        corrects = request.GET.get("corrigeert", "")
        form = NoteForm(
            initial={
                "on_date": timezone.localdate(),
                "corrects": corrects if corrects.isdigit() and len(corrects) < 19 else None,
            },
            cases=choices,
        )
    return render(
        request, "dossier/note_form.html", {"form": form, "person": view.person}, status=status
    )


@handles_personal_data
def note_detail(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        note = services.get_note(request.user, pk, PURPOSE)
    except services.NotVisible:
        return page_not_found(request)
    return render(
        request,
        "dossier/note.html",
        {"note": note, "may_change": _may_change(request)},
    )


@handles_personal_data
@require_http_methods(["GET", "POST"])
def document_create(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        view = people.get_person(request.user, pk, PURPOSE)
    except people.NotVisible:
        return page_not_found(request)
    choices = _case_choices(request, pk)
    status = 200
    if request.method == "POST":
        form = DocumentForm(request.POST, request.FILES, cases=choices)
        if form.is_valid():
            data = form.cleaned_data
            new = services.NewDocument(
                domain=data["domain"],
                document_type=data["document_type"],
                title=data["title"],
                received_on=data["received_on"],
                confidentiality=data["confidentiality"],
                upload=data["file"],
                case_pk=data["case"],
                retention_class=data["retention_class"],
            )
            try:
                document, status = _write(
                    request,
                    form,
                    lambda: services.upload_document(request.user, pk, new, PURPOSE),
                )
            except services.NotVisible:
                return page_not_found(request)
            if document is not None:
                messages.success(request, _("Het document is opgeslagen."))
                return redirect("document", pk=document.pk)  # type: ignore[attr-defined]
        else:
            status = 400
    else:
        form = DocumentForm(initial={"received_on": timezone.localdate()}, cases=choices)
    return render(
        request, "dossier/document_form.html", {"form": form, "person": view.person}, status=status
    )


@handles_personal_data
def document_detail(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        document = services.get_document(request.user, pk, PURPOSE)
    except services.NotVisible:
        return page_not_found(request)
    form = WithdrawForm(initial={"version": document.version})
    return render(
        request,
        "dossier/document.html",
        {"document": document, "form": form, "may_change": _may_change(request)},
    )


@handles_personal_data
def document_download(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        document, _chunks, handle = services.open_document(request.user, pk, PURPOSE)
    except services.NotVisible:
        return page_not_found(request)
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=document.original_name,
        content_type=document.content_type,
    )
    response["Cache-Control"] = "private, no-store"
    # A FileResponse streams (StreamingHttpResponse); the decorator's type names HttpResponse.
    return response  # type: ignore[return-value]


@handles_personal_data
@require_POST
def document_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    form = WithdrawForm(request.POST)
    status = 400
    if form.is_valid():
        try:
            services.withdraw_document(
                request.user,
                pk,
                form.cleaned_data["reason"],
                expected_version=form.cleaned_data["version"],
                purpose=PURPOSE,
            )
        except services.NotVisible:
            return page_not_found(request)
        except services.NotAllowed as refusal:
            form.add_error(None, str(refusal))
            status = 403
        except services.VersionConflict as conflict:
            form.add_error(None, str(conflict))
            status = 409
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Het document is ingetrokken."))
            return redirect("document", pk=pk)
    try:
        document = services.get_document(request.user, pk, PURPOSE)
    except services.NotVisible:
        return page_not_found(request)
    return render(
        request,
        "dossier/document.html",
        {"document": document, "form": form, "may_change": _may_change(request)},
        status=status,
    )
