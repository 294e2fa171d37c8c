"""Person screens: list and search, detail, create and change.

Thin: every read and change goes through :mod:`samen.people.services` with purpose
*uitvoering*, so the one access policy scopes it and the audit trail records it. This module
never queries ``Person``, ``Address`` or ``Registration`` itself. A person the actor may not
see answers the Dutch 404 page (existence must not leak).
"""

from __future__ import annotations

from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from samen.access.decorators import handles_personal_data
from samen.access.models import Action
from samen.access.policy import Purpose, policy_for
from samen.common import attention
from samen.common.errors import page_not_found
from samen.common.forms import add_service_errors
from samen.people import moves, services
from samen.people.forms import PersonCreateForm, PersonEditForm, PersonMoveForm, PersonSearchForm

PURPOSE = Purpose.UITVOERING
PAGE_SIZE = 25

# Service/model field -> form field, for the errors the services raise.
FORM_FIELD = {"valid_from": "living_since"}


def _may_change(request: HttpRequest) -> bool:
    """Whether to offer change links at all; the service decides each change."""
    return bool(policy_for(request.user).grants_for(Action.CHANGE))


def _add_errors(form: forms.Form, error: ValidationError) -> None:
    add_service_errors(form, error, FORM_FIELD)


@handles_personal_data
def person_list(request: HttpRequest) -> HttpResponse:
    form = PersonSearchForm(request.GET)
    if not form.is_valid():  # nothing is looked up with input we cannot read
        return render(request, "people/persons.html", {"form": form}, status=400)
    search = form.cleaned_data["zoek"].strip()
    number = form.cleaned_data["pagina"] or 1
    page = services.list_persons(
        request.user, PURPOSE, search=search, offset=(number - 1) * PAGE_SIZE, limit=PAGE_SIZE
    )
    last = max(1, -(-page.total // PAGE_SIZE))

    def link(to: int) -> str:
        query = {"zoek": search} if search else {}
        return "?" + urlencode({**query, "pagina": to})

    return render(
        request,
        "people/persons.html",
        {
            "form": form,
            "search": search,
            "page": page,
            "number": number,
            "last": last,
            "first_shown": (number - 1) * PAGE_SIZE + 1,
            "last_shown": (number - 1) * PAGE_SIZE + len(page.items),
            "previous_url": link(number - 1) if number > 1 else "",
            "next_url": link(number + 1) if number < last else "",
            "may_change": _may_change(request),
        },
    )


@handles_personal_data
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        view = services.get_person(request.user, pk, PURPOSE)
    except services.NotVisible:
        return page_not_found(request)
    # Signals on the file from every app that has them (samen.common.attention).
    signals = attention.signals_for(request.user, [view.person.pk], timezone.localdate())
    return render(
        request,
        "people/person.html",
        {
            "view": view,
            "person": view.person,
            "may_change": _may_change(request),
            "signals": signals[view.person.pk],
        },
    )


@handles_personal_data
def person_create(request: HttpRequest) -> HttpResponse:
    status = 200
    if request.method == "POST":
        form = PersonCreateForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                created = services.create_person(
                    request.user,
                    services.NewPerson(
                        bsn=data["bsn"],
                        given_names=data["given_names"],
                        surname_prefix=data["surname_prefix"],
                        surname=data["surname"],
                        birth_date=data["birth_date"],
                        street=data["street"],
                        house_number=data["house_number"],
                        postal_code=data["postal_code"],
                        city=data["city"],
                        municipality=data["municipality"],
                        living_since=data["living_since"],
                        domain=data["domain"],
                        subject=data["subject"],
                        confidentiality=data["confidentiality"],
                    ),
                    PURPOSE,
                )
            except services.NotAllowed as refusal:
                form.add_error(None, str(refusal))
                status = 403
            except ValidationError as error:
                _add_errors(form, error)
                status = 400
            else:
                messages.success(
                    request,
                    _("%(name)s is vastgelegd.") % {"name": created.person.full_name},
                )
                return redirect("person", pk=created.person.pk)
        else:
            status = 400
    else:
        form = PersonCreateForm()
    return render(
        request,
        "people/person_form.html",
        {"form": form, "creating": True},
        status=status,
    )


@handles_personal_data
def person_edit(request: HttpRequest, pk: int) -> HttpResponse:
    if not _may_change(request):
        raise PermissionDenied
    status = 200
    name = ""
    if request.method == "POST":
        form = PersonEditForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            version = data.pop("version")
            try:
                changed = services.change_person(
                    request.user, pk, data, expected_version=version, purpose=PURPOSE
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
                _add_errors(form, error)
                status = 400
            else:
                if changed.person.version == version:
                    messages.info(request, _("Er is niets gewijzigd."))
                else:
                    messages.success(request, _("De wijziging is opgeslagen."))
                return redirect("person", pk=pk)
        else:
            status = 400
    else:
        try:
            view = services.get_person(request.user, pk, PURPOSE)
        except services.NotVisible:
            return page_not_found(request)
        person = view.person
        name = person.full_name
        form = PersonEditForm(
            initial={
                "given_names": person.given_names,
                "surname_prefix": person.surname_prefix,
                "surname": person.surname,
                "birth_date": person.birth_date,
                "version": person.version,
            }
        )
    return render(
        request,
        "people/person_form.html",
        {"form": form, "creating": False, "pk": pk, "name": name, "conflict": status == 409},
        status=status,
    )


@handles_personal_data
def person_move(request: HttpRequest, pk: int) -> HttpResponse:
    """A change of address (verhuizing). The old address ends the day before the moving
    date; from that date the new address's municipality is responsible."""
    try:
        view = services.get_person(request.user, pk, PURPOSE)
    except services.NotVisible:
        return page_not_found(request)
    person = view.person
    status = 200
    if request.method == "POST":
        form = PersonMoveForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                moved = moves.move_person(
                    request.user,
                    pk,
                    moves.NewAddress(
                        street=data["street"],
                        house_number=data["house_number"],
                        postal_code=data["postal_code"],
                        city=data["city"],
                        municipality=data["municipality"],
                        moved_on=data["moved_on"],
                    ),
                    expected_version=data["version"],
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
                _add_errors(form, error)
                status = 400
            else:
                messages.success(request, _("De verhuizing is vastgelegd."))
                if moved.view is None:  # no longer ours to see: the move took effect
                    return redirect("persons")
                return redirect("person", pk=pk)
        else:
            status = 400
    else:
        form = PersonMoveForm(initial={"version": person.version})
    return render(
        request,
        "people/person_move.html",
        {"form": form, "view": view, "person": person, "conflict": status == 409},
        status=status,
    )
