"""Forms of the decision and collection screens of a claim. They parse input only: who may
decide, the mandate and the rules of the law are checked in :mod:`samen.recovery.decisions`
and :mod:`samen.recovery.steps`."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from samen.common.forms import Select, date_field, long_text_field
from samen.recovery.decisions import BENEFIT_TYPES, MAX_REASONING
from samen.recovery.forms import _VersionOnTop, amount_field, claim_version_field
from samen.recovery.models import MAX_REASON, CollectionStep, RecoveryDecision

G = RecoveryDecision.Ground


def _motivering() -> forms.CharField:
    field = long_text_field(_("Motivering (staat in de brief)"), max_length=MAX_REASONING)
    field.error_messages["required"] = _("Motiveer het besluit (Awb 3:46).")
    return field


def _choice(label: Any, choices: list[tuple[str, Any]], missing: Any) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=choices,
        widget=Select(),
        error_messages={"required": missing, "invalid_choice": missing},
    )


class RecoveryForm(_VersionOnTop):
    grondslag = _choice(
        _("Grondslag"),
        [(G.MANDATORY, G.MANDATORY.label), (G.DISCRETIONARY, G.DISCRETIONARY.label)],
        _("Kies artikel 58 lid 1 of lid 2."),
    )
    soort_verstrekking = _choice(
        _("Teruggevorderde verstrekking"),
        [(code, code) for codes in BENEFIT_TYPES.values() for code in codes],
        _("Kies de verstrekking die wordt teruggevorderd."),
    )
    periode_vanaf = date_field(_("Periode vanaf"))
    periode_tot_en_met = date_field(_("Periode tot en met"))
    besluitdatum = date_field(_("Besluitdatum"))
    bruto_bedrag = amount_field(_("Bruto bedrag in euro"))
    bruto_bedrag.required = False
    bruto_bedrag.help_text = _(
        "Alleen als een deel van de periode in een eerder kalenderjaar ligt (artikel 58 lid 5): "
        "het netto saldo plus de loonheffing."
    )
    motivering = _motivering()
    version = claim_version_field()


class WritForm(_VersionOnTop):
    besluitdatum = date_field(_("Besluitdatum"))
    motivering = _motivering()
    version = claim_version_field()


class ForgoForm(_VersionOnTop):
    grondslag = _choice(
        _("Grondslag"),
        [(G.FURTHER, G.FURTHER.label), (G.URGENT, G.URGENT.label)],
        _("Kies artikel 58 lid 7 of lid 8."),
    )
    bedrag = amount_field(_("Bedrag in euro"))
    bedrag.required = False
    bedrag.help_text = _("Alleen bij dringende redenen (lid 8); leeg: het hele saldo.")
    besluitdatum = date_field(_("Besluitdatum"))
    motivering = _motivering()
    version = claim_version_field()


class StepForm(_VersionOnTop):
    soort = _choice(
        _("Soort"), list(CollectionStep.Kind.choices), _("Kies herinnering of aanmaning.")
    )
    verzonden_op = date_field(_("Verzonden op"))
    toelichting = long_text_field(_("Toelichting"), max_length=MAX_REASON, required=False)
    version = claim_version_field()
