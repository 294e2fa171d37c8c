"""Forms of the access screens: the supervision search (the audit trail) and the grant
lifecycle (propose, reject, withdraw, end). They parse input only: whether the actor may read
the audit trail is decided inside :mod:`samen.access.services`, who may propose, approve or
end a grant inside :mod:`samen.access.grants`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django import forms
from django.utils.translation import gettext_lazy as _

from samen.access import grants
from samen.access.models import AuditEntry, Confidentiality, Role
from samen.access.services import AuditFilters
from samen.common import codes
from samen.common.forms import (
    CodeChoiceField,
    CodeMultipleChoiceField,
    PagedForm,
    Select,
    StrictForm,
    bsn_field,
    date_field,
    long_text_field,
    text_validators,
)
from samen.organisation import models

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


def _action_choices() -> list[tuple[str, StrOrPromise]]:
    return [("", _("Alle handelingen")), *AuditEntry.Kind.choices]


def _object_type_choices() -> list[tuple[str, StrOrPromise]]:
    return [("", _("Alle soorten")), *((t, t) for t in OBJECT_TYPES)]


# The object types the officer filters on most; the audit trail holds a few more.
OBJECT_TYPES = (
    "persoon",
    "inschrijving",
    "huishouden",
    "zaak",
    "uitkering",
    "betaalspecificatie",
    "betaling",
    "brief",
    "betaalrun",
    "betaalbestand",
    grants.OBJECT_TYPE,
    "medewerker",
    "audittrail",
)


class AuditSearchForm(PagedForm):
    """Search the audit trail. Bound as soon as any filter is in the query string."""

    bsn = bsn_field(_("BSN betrokkene"), required=False)
    gebruiker = forms.CharField(
        label=_("Gebruiker"),
        help_text=_("Naam (of een deel daarvan) of gebruiker-id."),
        required=False,
        max_length=150,
        validators=text_validators(150),
        error_messages={"max_length": _("Maximaal %(limit_value)d tekens.")},
    )
    gemeente = CodeChoiceField(
        parse=codes.parse_cbs_code,
        label=_("Namens gemeente"),
        queryset=models.Municipality.objects.all(),
        to_field_name="cbs_code",
        required=False,
        empty_label=_("Alle gemeenten"),
        widget=Select(),
        error_messages={"invalid_choice": _("Deze gemeente is onbekend.")},
    )
    vanaf = date_field(_("Vanaf"), required=False)
    tot = date_field(_("Tot en met"), required=False)
    handeling = forms.ChoiceField(
        label=_("Handeling"),
        choices=_action_choices,
        required=False,
        widget=Select(),
        error_messages={"invalid_choice": _("Deze handeling is onbekend.")},
    )
    soort = forms.ChoiceField(
        label=_("Soort object"),
        choices=_object_type_choices,
        required=False,
        widget=Select(),
        error_messages={"invalid_choice": _("Deze soort object is onbekend.")},
    )

    FILTERS = ("bsn", "gebruiker", "gemeente", "vanaf", "tot", "handeling", "soort")

    def __init__(self, query: dict | None = None, **kwargs: object) -> None:
        bound = query is not None and any(name in query for name in self.FILTERS)
        super().__init__(query if bound else None, **kwargs)  # type: ignore[arg-type]

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        start, end = data.get("vanaf"), data.get("tot")
        if start and end and end < start:  # type: ignore[operator]
            self.add_error("tot", _("De einddatum ligt vóór de begindatum."))
        return data

    def filters(self) -> AuditFilters:
        data = self.cleaned_data
        municipality = data.get("gemeente")
        return AuditFilters(
            bsn=data.get("bsn") or "",
            actor=data.get("gebruiker") or "",
            municipality_code=municipality.cbs_code if municipality else "",
            date_from=data.get("vanaf"),
            date_until=data.get("tot"),
            action=data.get("handeling") or "",
            object_type=data.get("soort") or "",
        )


# ---------------------------------------------------------------------------------------------
# The grant lifecycle
# ---------------------------------------------------------------------------------------------
def _level_choices() -> list[tuple[int, StrOrPromise]]:
    return list(Confidentiality.choices)


class GrantProposalForm(StrictForm):
    """Propose a grant for one staff member: it gives access only once a second person has
    approved it."""

    rol = CodeChoiceField(
        parse=codes.parse_slug,
        label=_("Rol"),
        queryset=Role.objects.all(),
        to_field_name="code",
        empty_label=_("Kies een rol"),
        widget=Select(),
        error_messages={
            "required": _("Kies een rol."),
            "invalid_choice": _("Deze rol is onbekend."),
        },
    )
    gemeenten = CodeMultipleChoiceField(
        parse=codes.parse_cbs_code,
        label=_("Gemeenten"),
        queryset=models.Municipality.objects.all(),
        to_field_name="cbs_code",
        required=False,
        widget=forms.CheckboxSelectMultiple(),
        error_messages={
            "invalid_choice": _("Een van de gekozen gemeenten is onbekend."),
            "invalid_list": _("Kies de gemeenten uit de lijst."),
            "invalid_pk_value": _("Een van de gekozen gemeenten is onbekend."),
        },
    )
    domeinen = CodeMultipleChoiceField(
        parse=codes.parse_slug,
        label=_("Domeinen"),
        queryset=models.Domain.objects.all(),
        to_field_name="code",
        required=False,
        widget=forms.CheckboxSelectMultiple(),
        error_messages={
            "invalid_choice": _("Een van de gekozen domeinen is onbekend."),
            "invalid_list": _("Kies de domeinen uit de lijst."),
            "invalid_pk_value": _("Een van de gekozen domeinen is onbekend."),
        },
    )
    vertrouwelijkheid = forms.TypedChoiceField(
        label=_("Hoogste vertrouwelijkheid"),
        choices=_level_choices,
        coerce=int,
        initial=Confidentiality.ZAAKVERTROUWELIJK,
        widget=Select(),
        error_messages={
            "required": _("Kies de hoogste vertrouwelijkheid."),
            "invalid_choice": _("Kies een vertrouwelijkheid uit de lijst."),
        },
    )
    geldig_vanaf = date_field(_("Geldig vanaf"))
    geldig_tot = date_field(_("Geldig tot en met (optioneel)"), required=False)
    reden = long_text_field(_("Reden"), max_length=300)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["geldig_vanaf"].error_messages["required"] = _(
            "Vul in vanaf welke datum de autorisatie geldt."
        )
        self.fields["reden"].error_messages["required"] = _("Vul de reden van dit voorstel in.")

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        start, end = data.get("geldig_vanaf"), data.get("geldig_tot")
        if start and end and end < start:  # type: ignore[operator]
            self.add_error("geldig_tot", _("De einddatum ligt vóór de begindatum."))
        return data

    def proposal(self, staff: models.Staff) -> grants.Proposal:
        data = self.cleaned_data
        return grants.Proposal(
            staff=staff,
            role=data["rol"],
            municipalities=list(data["gemeenten"]),
            domains=list(data["domeinen"]),
            max_confidentiality=data["vertrouwelijkheid"],
            valid_from=data["geldig_vanaf"],
            valid_until=data["geldig_tot"],
            reason=data["reden"],
        )


# Service field -> form field, for the errors grants.propose raises.
PROPOSAL_FIELDS = {"reason": "reden", "valid_until": "geldig_tot", "valid_from": "geldig_vanaf"}


class GrantApproveForm(StrictForm):
    """Approving is one button: the form has no fields, so anything posted with it is refused."""


class GrantRejectForm(StrictForm):
    toelichting = long_text_field(_("Reden van de afwijzing"), max_length=300)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["toelichting"].error_messages["required"] = _(
            "Vul de reden van de afwijzing in."
        )


class GrantWithdrawForm(StrictForm):
    toelichting = long_text_field(_("Toelichting (optioneel)"), max_length=300, required=False)


class GrantEndForm(StrictForm):
    laatste_dag = date_field(_("Laatste dag met toegang"))
    reden = long_text_field(_("Reden van de beëindiging"), max_length=300)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["laatste_dag"].help_text = _(
            "Tot en met deze dag geeft de autorisatie toegang. Kies gisteren om de toegang "
            "meteen te beëindigen."
        )
        self.fields["laatste_dag"].error_messages["required"] = _(
            "Vul de laatste dag met toegang in."
        )
        self.fields["reden"].error_messages["required"] = _("Vul de reden van de beëindiging in.")


END_FIELDS = {"last_day": "laatste_dag", "reason": "reden"}
DECISION_FIELDS = {"note": "toelichting"}
