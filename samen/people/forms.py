"""Forms of the person screens. They parse input only: who may see or change whom is decided
by the one access policy inside :mod:`samen.people.services`, never here."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django import forms
from django.utils.translation import gettext_lazy as _

from samen.access.models import Confidentiality
from samen.common import codes
from samen.common.forms import (
    BoundedIntegerField,
    PagedForm,
    Select,
    StrictForm,
    bsn_field,
    date_field,
    text_field,
    text_validators,
)
from samen.organisation.forms import domain_field, municipality_field

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class PersonSearchForm(PagedForm):
    zoek = forms.CharField(
        label=_("Zoek op BSN of naam"),
        required=False,
        max_length=100,
        validators=text_validators(100),
        error_messages={"max_length": _("Maximaal %(limit_value)d tekens.")},
    )


class PersonNamesForm(StrictForm):
    """Names and birth date: what a person's edit form changes."""

    given_names = text_field(_("Voornamen"), max_length=200)
    surname_prefix = text_field(_("Voorvoegsel"), max_length=20, required=False)
    surname = text_field(_("Achternaam"), max_length=200)
    birth_date = date_field(_("Geboortedatum"))


class PersonEditForm(PersonNamesForm):
    """Optimistic locking: ``version`` is the version the user saw when the form was opened."""

    version = BoundedIntegerField(
        widget=forms.HiddenInput(), min_value=1, max_value=codes.MAX_VERSION
    )


def _confidentiality_choices() -> list[tuple[int, StrOrPromise]]:
    return list(Confidentiality.choices)


class PersonCreateForm(PersonNamesForm):
    field_order = ["bsn", "given_names", "surname_prefix", "surname", "birth_date"]

    bsn = bsn_field(_("BSN"))
    street = text_field(_("Straat"), max_length=200)
    house_number = text_field(_("Huisnummer"), max_length=20)
    postal_code = text_field(_("Postcode"), max_length=7)
    city = text_field(_("Woonplaats"), max_length=100)
    municipality = municipality_field(_("Gemeente"))
    living_since = date_field(_("Woont hier sinds"))
    domain = domain_field(_("Domein"))
    subject = text_field(_("Onderwerp"), max_length=200)
    confidentiality = forms.TypedChoiceField(
        label=_("Vertrouwelijkheid"),
        choices=_confidentiality_choices,
        coerce=int,
        initial=Confidentiality.ZAAKVERTROUWELIJK,
        widget=Select(),
        error_messages={"invalid_choice": _("Kies een vertrouwelijkheid uit de lijst.")},
    )


class PersonMoveForm(StrictForm):
    """A move (verhuizing): the new address and the first day there. ``version`` is the
    person's version the user saw (optimistic locking)."""

    street = text_field(_("Straat"), max_length=200)
    house_number = text_field(_("Huisnummer"), max_length=20)
    postal_code = text_field(_("Postcode"), max_length=7)
    city = text_field(_("Woonplaats"), max_length=100)
    municipality = municipality_field(_("Gemeente"))
    moved_on = date_field(_("Woont hier vanaf"))
    version = BoundedIntegerField(
        widget=forms.HiddenInput(), min_value=1, max_value=codes.MAX_VERSION
    )
