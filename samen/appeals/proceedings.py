"""The court procedure of an appeal: the statement of defence (Awb 8:42), the hearing, the
ruling and what it changes (8:72), and the new decision on the objection a ruling orders.

Like :mod:`samen.appeals.services`: every function takes the actor, loads the appeal through
the one access policy with the version the user saw, audits what it changed and saves
nothing when it refuses.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from samen.access.models import Action
from samen.access.policy import Purpose
from samen.appeals import rules, terms
from samen.appeals.models import MAX_TEXT, Appeal, AppealOutcome, Consequence, FiledBy
from samen.appeals.services import _load, _save, follow_up_text, not_future
from samen.cases import services as cases
from samen.common.dates import long_date
from samen.objections.models import ObjectionOutcome
from samen.objections.services import CASE_OUTCOME, DECISION_TYPE


# ---------------------------------------------------------------------------------------------
# Statement of defence and hearing
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Defence:
    notified_on: dt.date | None = None  # the court sent us the appeal
    defence_due: dt.date | None = None  # the date the court's letter names
    defence_sent_on: dt.date | None = None  # we sent the documents and the defence


def record_defence(
    actor: Any,
    pk: Any,
    data: Defence,
    *,
    version: int | None = None,
    purpose: Purpose = Purpose.UITVOERING,
) -> Appeal:
    """The court's date for the documents and the statement of defence (Awb 8:42), and the
    day we sent them."""
    policy, appeal = _load(actor, pk, purpose, Action.CHANGE)
    errors: dict[str, str] = {}
    if appeal.ended:
        errors["defence_due"] = "Er is al uitspraak gedaan."
    if appeal.filed_by == FiledBy.COLLEGE:
        errors["defence_due"] = (
            "Het college heeft zelf hoger beroep ingesteld: het verweerschrift komt van de inwoner."
        )
    if data.defence_due is None and data.defence_sent_on is None:
        errors.setdefault(
            "defence_due",
            "Vul de uiterste datum uit de brief van de rechter in, of de dag van verzending.",
        )
    if data.notified_on is not None:
        if data.notified_on < appeal.filed_on:
            errors["notified_on"] = (
                "De rechter kan het beroepschrift niet vóór het instellen sturen."
            )
        not_future(errors, "notified_on", data.notified_on, "De datum van ontvangst")
    start = data.notified_on or appeal.notified_on or appeal.filed_on
    if data.defence_due is not None and data.defence_due < start:
        errors["defence_due"] = (
            "De uiterste datum voor het verweerschrift ligt vóór de ontvangst van het beroep."
        )
    if data.defence_sent_on is not None and data.defence_sent_on < appeal.filed_on:
        errors["defence_sent_on"] = "Het verweerschrift kan niet vóór het beroep zijn verzonden."
    not_future(errors, "defence_sent_on", data.defence_sent_on, "De datum van verzending")
    if errors:
        raise ValidationError(errors)
    fields = {
        "notified_on": data.notified_on or appeal.notified_on,
        "defence_due": data.defence_due or appeal.defence_due,
        "defence_sent_on": data.defence_sent_on,
    }
    with transaction.atomic():
        _save(actor, policy, purpose, appeal, version, fields)
    return appeal


def defence_proposal(appeal: Appeal) -> terms.TermEnd | None:
    """Awb 8:42 lid 1's date when the court's letter named none (shown, not saved)."""
    if appeal.defence_due is not None or appeal.notified_on is None:
        return None
    term = rules.term_on(rules.VERWEERSCHRIFT, appeal.notified_on)
    return terms.defence_proposal(appeal.notified_on, term) if term else None


def record_hearing(
    actor: Any,
    pk: Any,
    *,
    hearing_on: dt.date,
    version: int | None = None,
    purpose: Purpose = Purpose.UITVOERING,
) -> Appeal:
    """The day of the court's hearing (zitting); it can be moved until the ruling."""
    policy, appeal = _load(actor, pk, purpose, Action.CHANGE)
    errors: dict[str, str] = {}
    if appeal.ended:
        errors["hearing_on"] = "Er is al uitspraak gedaan."
    elif hearing_on < appeal.filed_on:
        errors["hearing_on"] = "De zitting ligt vóór het instellen van het beroep."
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        _save(actor, policy, purpose, appeal, version, {"hearing_on": hearing_on})
    return appeal


# ---------------------------------------------------------------------------------------------
# The ruling
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Ruling:
    outcome: str
    ruling_on: dt.date  # the ruling, or the day of withdrawal or settlement
    ruling_sent_on: dt.date | None = None  # the registrar sent the ruling (8:79)
    consequence: str = Consequence.GEEN
    court_until: dt.date | None = None  # the court's term for the new decision (8:72 lid 4)
    follow_up: str = ""


def _check_ruling(appeal: Appeal, data: Ruling) -> dict[str, str]:
    errors: dict[str, str] = {}
    if appeal.ended:
        errors["outcome"] = "De uitspraak is al vastgelegd."
        return errors
    if data.outcome not in AppealOutcome.values:
        errors["outcome"] = (
            "Kies een uitkomst: ongegrond, gegrond, niet-ontvankelijk, ingetrokken of schikking."
        )
        return errors
    if data.consequence not in Consequence.values:
        errors["consequence"] = "Kies wat de uitspraak verandert."
    else:
        try:
            terms.check_consequence(appeal.instance, data.outcome, data.consequence)
        except terms.TermError as error:
            errors["consequence"] = str(error)
    if data.ruling_on < appeal.filed_on:
        errors["ruling_on"] = "De uitspraak ligt vóór het instellen van het beroep."
    not_future(errors, "ruling_on", data.ruling_on, "De datum van de uitspraak")
    if data.outcome in terms.Outcome.RULED:
        if data.ruling_sent_on is None:
            errors["ruling_sent_on"] = (
                "Vul in wanneer de uitspraak is verzonden: daarna loopt de termijn voor hoger "
                "beroep."
            )
        elif data.ruling_sent_on < data.ruling_on:
            errors["ruling_sent_on"] = (
                "De uitspraak kan niet vóór de uitspraakdatum zijn verzonden."
            )
        not_future(errors, "ruling_sent_on", data.ruling_sent_on, "De verzenddatum")
    elif data.ruling_sent_on is not None:
        errors["ruling_sent_on"] = "Bij een intrekking of schikking is er geen uitspraak."
    if data.court_until is not None and data.consequence != Consequence.NIEUW_BESLUIT:
        errors["court_until"] = "Een termijn van de rechter hoort bij een nieuwe beslissing."
    if len(data.follow_up.strip()) > MAX_TEXT:
        errors["follow_up"] = f"Het vervolg is te lang: ten hoogste {MAX_TEXT} tekens."
    return errors


def _new_decision_case(
    actor: Any, appeal: Appeal, start: dt.date, due: terms.NewDecisionTerm, purpose: Purpose
) -> Any:
    """The case on which the new decision on the objection is taken: of the objection's own
    case type (bezwaar, with or without a committee, whose decision type is the beslissing op
    bezwaar under mandate), its term from the sending of the ruling, or the court's own term
    as the case's deadline when the court set one."""
    objection = appeal.objection
    note = (
        f"Nieuwe beslissing op het bezwaar van {objection.case.reference} na de uitspraak van de "
        f"{appeal.court} ({appeal.court_reference}) van {long_date(appeal.ruling_on or start)}."
    )
    if due.set_by_court:
        note += f" De rechter heeft een termijn gesteld: uiterlijk {long_date(due.due)}."
    case = cases.open_case(
        actor,
        cases.NewCase(
            person_pk=objection.case.person_id,
            case_type_code=objection.case.case_type.code,
            reported_on=start,
            note=note,
            term_from=start,
            deadline_override=due.due if due.set_by_court else None,
            deadline_override_source=(
                f"termijn van de {appeal.court} in de uitspraak {appeal.court_reference}, "
                "Awb 8:72 lid 4 onder b"
                if due.set_by_court
                else ""
            ),
        ),
        purpose,
    )
    if case.municipality_id != objection.case.municipality_id:
        raise ValidationError(
            f"De inwoner woont nu in {case.municipality.name}; de nieuwe beslissing hoort bij "
            f"{objection.case.municipality.name}. Functioneel beheer moet die zaak aanmaken.",
            code="moved",
        )
    return case


def _consequence_lines(appeal: Appeal, data: Ruling, due: terms.NewDecisionTerm | None) -> list:
    contested = appeal.contested
    lines = []
    if data.consequence == Consequence.NIEUW_BESLUIT and due is not None:
        lines.append(
            f"De beslissing op bezwaar van {long_date(contested.decided_on)} is vernietigd. "
            f"Neem uiterlijk op {long_date(due.due)} een nieuwe beslissing op het bezwaar."
        )
    elif data.consequence == Consequence.IN_STAND:
        lines.append(
            "De beslissing op bezwaar is vernietigd, maar de rechtsgevolgen blijven in stand: er "
            "hoeft geen nieuw besluit te komen."
        )
    elif data.consequence == Consequence.ZELF_VOORZIEN:
        lines.append(
            "De uitspraak komt in de plaats van de beslissing op bezwaar. Voer haar uit zoals "
            "de rechter heeft bepaald."
        )
        if appeal.objection.contested.decision_type.grants_benefit:
            lines.append(
                "Leg de wijziging van de uitkering vast op de uitkeringspagina van de inwoner; de "
                "herberekening maakt de nabetaling of terugvordering."
            )
    return lines


def record_ruling(
    actor: Any,
    pk: Any,
    data: Ruling,
    *,
    version: int | None = None,
    purpose: Purpose = Purpose.UITVOERING,
) -> Appeal:
    """The ruling (or the end by withdrawal or settlement) and what it changes: the term for
    hoger beroep after a ruling of the court; for a new decision ordered (8:72 lid 4) the
    case on which it is taken, with its term."""
    policy, appeal = _load(actor, pk, purpose, Action.CHANGE)
    errors = _check_ruling(appeal, data)
    if errors:
        raise ValidationError(errors)
    fields: dict[str, Any] = {
        "outcome": data.outcome,
        "ruling_on": data.ruling_on,
        "ruling_sent_on": data.ruling_sent_on,
        "consequence": data.consequence,
    }
    start = data.ruling_sent_on or data.ruling_on
    if data.outcome in terms.Outcome.RULED and not appeal.is_higher:
        term = rules.term_on(rules.HOGER_BEROEP, start)
        if term is not None:
            found = terms.higher_appeal_term(start, term)
            fields["higher_appeal_term_end"] = found.end
            fields["higher_appeal_explanation"] = [*found.explanation, term.source]
    due = None
    if data.consequence == Consequence.NIEUW_BESLUIT:
        code = (
            rules.NIEUWE_BESLISSING_COMMISSIE
            if appeal.objection.committee
            else rules.NIEUWE_BESLISSING
        )
        term = rules.term_on(code, start)
        if term is None and data.court_until is None:
            raise ValidationError(
                {
                    "court_until": "Er is geen termijn voor de nieuwe beslissing op die datum: "
                    "vul de termijn van de rechter in."
                }
            )
        try:
            due = terms.new_decision_term(
                start, term or terms.CourtTerm(code, 0, ""), data.court_until
            )
        except terms.TermError as error:
            raise ValidationError({"court_until": str(error)}) from None
        fields["new_decision_due"] = due.due
        fields["new_decision_explanation"] = [*due.explanation, *([term.source] if term else [])]
    fields["follow_up"] = follow_up_text(
        [*_consequence_lines(appeal, data, due), data.follow_up.strip()]
    )
    with transaction.atomic():
        if due is not None:
            fields["new_case"] = _new_decision_case(actor, appeal, start, due, purpose)
        _save(actor, policy, purpose, appeal, version, fields)
    return appeal


# ---------------------------------------------------------------------------------------------
# The new decision on the objection
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class NewDecision:
    outcome: str
    decided_on: dt.date
    reasoning: str


def decide_anew(
    actor: Any,
    pk: Any,
    data: NewDecision,
    *,
    version: int | None = None,
    purpose: Purpose = Purpose.UITVOERING,
) -> Appeal:
    """The new decision on the objection the ruling ordered, on its own case, under mandate
    and with its letter, through the cases app (as the first decision on the objection)."""
    policy, appeal = _load(actor, pk, purpose, Action.CHANGE)
    errors: dict[str, str] = {}
    if appeal.new_case is None:
        errors["outcome"] = "De uitspraak heeft geen nieuwe beslissing op bezwaar opgedragen."
    elif appeal.new_case.decided_on is not None:
        errors["outcome"] = "De nieuwe beslissing op bezwaar is al genomen."
    elif data.outcome not in ObjectionOutcome.values:
        errors["outcome"] = (
            "Kies een uitkomst: niet-ontvankelijk, ongegrond, gegrond, deels gegrond of "
            "ingetrokken."
        )
    if errors:
        raise ValidationError(errors)
    assert appeal.new_case is not None  # noqa: S101  (checked above)
    label = ObjectionOutcome(data.outcome).label.lower()
    reasoning = data.reasoning.strip()
    if reasoning:
        reasoning = f"Wij verklaren uw bezwaar {label}.\n\n{reasoning}"
    with transaction.atomic():
        cases.decide(
            actor,
            appeal.new_case.pk,
            cases.NewDecision(
                decision_type_code=DECISION_TYPE,
                outcome=CASE_OUTCOME[ObjectionOutcome(data.outcome)],
                decided_on=data.decided_on,
                reasoning=reasoning,
            ),
            purpose=purpose,
        )
        _save(actor, policy, purpose, appeal, version, {"new_outcome": data.outcome})
    appeal.new_case.refresh_from_db()
    return appeal
