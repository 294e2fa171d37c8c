"""The organisation app's form pieces: the fields that choose a municipality or a domain (for
every app's forms), and the query forms of the organisation and mandate screens. They only
parse and validate input: the answers come from :mod:`samen.organisation.services`. Every
query form is submitted with GET, so a result has its own address and works without
JavaScript; htmx only replaces the result block in place."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samen.common import codes
from samen.common.forms import CodeChoiceField, Select, date_field
from samen.organisation import models

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


def municipality_field(label: StrOrPromise) -> forms.ModelChoiceField:
    """A required choice of municipality by CBS code, with Dutch messages."""
    return CodeChoiceField(
        parse=codes.parse_cbs_code,
        label=label,
        queryset=models.Municipality.objects.all(),
        to_field_name="cbs_code",
        empty_label=_("Kies een gemeente"),
        widget=Select(),
        error_messages={
            "required": _("Kies een gemeente."),
            "invalid_choice": _("Deze gemeente is onbekend."),
        },
    )


def domain_field(label: StrOrPromise) -> forms.ModelChoiceField:
    """A required choice of domain by code, with Dutch messages."""
    return CodeChoiceField(
        parse=codes.parse_slug,
        label=label,
        queryset=models.Domain.objects.all(),
        to_field_name="code",
        empty_label=_("Kies een domein"),
        widget=Select(),
        error_messages={
            "required": _("Kies een domein."),
            "invalid_choice": _("Dit domein is onbekend."),
        },
    )


class QueryForm(forms.Form):
    """A GET form: bound as soon as any of its fields is in the query string, with today as
    the initial date."""

    def __init__(self, query: dict | None = None, **kwargs: object) -> None:
        bound = query is not None and any(name in query for name in self.base_fields)
        super().__init__(query if bound else None, **kwargs)  # type: ignore[arg-type]
        self.fields["datum"].initial = timezone.localdate()


class ExecutesForm(QueryForm):
    """Voert samen dit uit? (municipality, domain, date)."""

    gemeente = municipality_field(_("Gemeente"))
    domein = domain_field(_("Domein"))
    datum = date_field(_("Datum"))


class WhoMayDecideForm(QueryForm):
    """Wie mag besluiten? (municipality, decision type, date, optionally one employee)."""

    gemeente = municipality_field(_("Namens het college van"))
    besluittype = CodeChoiceField(
        parse=codes.parse_slug,
        label=_("Besluittype"),
        queryset=models.DecisionType.objects.select_related("domain"),
        to_field_name="code",
        empty_label=_("Kies een besluittype"),
        widget=Select(),
        error_messages={
            "required": _("Kies een besluittype."),
            "invalid_choice": _("Dit besluittype is onbekend."),
        },
    )
    datum = date_field(_("Besluitdatum"))
    medewerker = CodeChoiceField(
        parse=codes.parse_employee_number,
        label=_("Medewerker (optioneel)"),
        help_text=_("Laat leeg om iedereen te zien die mag besluiten."),
        queryset=models.Staff.objects.all(),
        to_field_name="employee_number",
        required=False,
        empty_label=_("Alle medewerkers"),
        widget=Select(),
        error_messages={"invalid_choice": _("Deze medewerker is onbekend.")},
    )


class MandateFilterForm(forms.Form):
    datum = date_field(_("Geldig op"), required=False)
