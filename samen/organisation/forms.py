"""The organisation app's form pieces: the fields that choose a municipality or a domain (for
every app's forms), and the query forms of the organisation and mandate screens. They only
parse and validate input: the answers come from :mod:`samen.organisation.services`. Every
query form is submitted with GET, so a result has its own address and works without
JavaScript; htmx only replaces the result block in place. The staff form changes data and is
posted (:class:`StaffCreateForm`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samen.common import codes
from samen.common.forms import CodeChoiceField, Select, StrictForm, date_field, text_field
from samen.organisation import models, services

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


class StaffCreateForm(StrictForm):
    """A new staff member and the login that will be theirs: a new login (a user name from the
    identity provider, no password) or an existing login that no staff member has yet."""

    naam = text_field(_("Naam"), max_length=150)
    personeelsnummer = forms.CharField(
        label=_("Personeelsnummer"),
        max_length=20,
        help_text=_("Letters en cijfers, bijvoorbeeld D0001."),
        error_messages={
            "required": _("Vul het personeelsnummer in."),
            "max_length": _("Een personeelsnummer heeft hoogstens %(limit_value)d tekens."),
        },
    )
    werkgever = municipality_field(_("Werkgever"))
    gebruikersnaam = forms.CharField(
        label=_("Nieuwe login: gebruikersnaam"),
        required=False,
        max_length=150,
        help_text=_(
            "De gebruikersnaam bij de identiteitsprovider. De login krijgt geen wachtwoord."
        ),
        error_messages={
            "max_length": _("Een gebruikersnaam heeft hoogstens %(limit_value)d tekens.")
        },
    )
    bestaande_login = CodeChoiceField(
        parse=codes.parse_username,
        label=_("Of: bestaande login"),
        queryset=get_user_model().objects.none(),
        to_field_name="username",
        required=False,
        empty_label=_("Geen: maak een nieuwe login"),
        widget=Select(),
        error_messages={"invalid_choice": _("Deze login bestaat niet of is al gekoppeld.")},
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["naam"].error_messages["required"] = _("Vul de naam in.")
        self.fields["bestaande_login"].queryset = services.unlinked_logins()  # type: ignore[attr-defined]

    def clean_personeelsnummer(self) -> str:
        try:
            return codes.parse_employee_number(self.cleaned_data["personeelsnummer"])
        except codes.InputError as error:
            raise ValidationError(str(error), code=error.code) from error

    def clean_gebruikersnaam(self) -> str:
        raw = self.cleaned_data.get("gebruikersnaam") or ""
        if not raw.strip():
            return ""
        try:
            return codes.parse_username(raw)
        except codes.InputError as error:
            raise ValidationError(str(error), code=error.code) from error

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        new, existing = data.get("gebruikersnaam"), data.get("bestaande_login")
        if "gebruikersnaam" in data and "bestaande_login" in data:
            if new and existing:
                self.add_error(
                    "gebruikersnaam",
                    _(
                        "Vul een nieuwe gebruikersnaam in óf kies een bestaande login, "
                        "niet allebei."
                    ),
                )
            elif not new and not existing:
                self.add_error(
                    "gebruikersnaam", _("Vul een gebruikersnaam in of kies een bestaande login.")
                )
        return data

    def new_staff(self) -> services.NewStaff:
        data = self.cleaned_data
        return services.NewStaff(
            name=data["naam"],
            employee_number=data["personeelsnummer"],
            employer=data["werkgever"],
            username=data["gebruikersnaam"],
            existing_user=data["bestaande_login"],
        )


# Service field -> form field, for the errors services.create_staff raises.
STAFF_FIELDS = {
    "employee_number": "personeelsnummer",
    "username": "gebruikersnaam",
    "existing_user": "bestaande_login",
    "name": "naam",
    "employer": "werkgever",
}
