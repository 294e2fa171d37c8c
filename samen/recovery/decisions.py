"""Decisions on a claim, taken under mandate through the cases app as objections takes the
decision on an objection: the recovery decision (*terugvorderingsbesluit*, Pw art. 58 lid 1
or 2) that founds the claim, the dwangbevel (Pw art. 60) and the decision to forgo (further)
recovery (Pw art. 58 lid 7 or 8), which books a write-off.

Each decision gets a case of its own (case type ``terugvordering`` or, for a claim in the
minima domain, ``terugvordering-minima``), opened for the debtor and decided at once through
:func:`samen.cases.services.decide`: the mandate register must cover the employee, the
decision type, the municipality and the date, the letter is rendered from the decision
type's template, and bezwaar is open against it as against any decision. The claim is
checked through the one access policy first (a claim the actor may not see is
:class:`NotVisible`), and everything (case, decision, letter, the claim's change, the ledger
movement, the audit entries) is written in one transaction: a refusal writes nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from samen.access.models import AuditEntry
from samen.access.policy import Purpose
from samen.cases import services as cases
from samen.cases.models import Outcome
from samen.common.dates import long_date
from samen.common.money import euro
from samen.organisation.models import DecisionType
from samen.recovery import recovery_terms
from samen.recovery.models import (
    MAX_AMOUNT,
    Claim,
    CollectionStep,
    Movement,
    RecoveryDecision,
)
from samen.recovery.services import (
    CENT,
    _audit,
    _locked,
    _may_change,
    _name,
    recovery_parameters,
)

MAX_REASONING = 4000
CASE_TYPES = {"participatiewet": "terugvordering", "minima": "terugvordering-minima"}
#: the decision type of each kind of decision, per domain of the claim (a decision type
#: belongs to one domain, as the case type that takes it)
DECISION_TYPES: dict[str, dict[str, str]] = {
    "participatiewet": {
        RecoveryDecision.Kind.RECOVERY: "pw-terugvordering",
        RecoveryDecision.Kind.WRIT: "pw-dwangbevel",
        RecoveryDecision.Kind.WRITE_OFF: "pw-afzien-terugvordering",
    },
    "minima": {
        RecoveryDecision.Kind.RECOVERY: "minima-terugvordering",
        RecoveryDecision.Kind.WRIT: "minima-dwangbevel",
        RecoveryDecision.Kind.WRITE_OFF: "minima-afzien-terugvordering",
    },
}
#: the provisions whose costs a recovery decision may recover, per domain of the claim (the
#: decision types of the benefit); the KPIs split the receipts by them (recovery/kpis.py)
BENEFIT_TYPES = {
    "participatiewet": (
        "pw-algemene-bijstand",
        "ioaw-uitkering",
        "ioaz-uitkering",
        "bbz-bijstand",
    ),
    "minima": (
        "bijzondere-bijstand",
        "individuele-inkomenstoeslag",
        "declaratieregeling",
        "collectieve-zorgverzekering",
    ),
}
GROUND_TEXT = {
    RecoveryDecision.Ground.MANDATORY: (
        "artikel 58, eerste lid, van de Participatiewet: u heeft de inlichtingenplicht van "
        "artikel 17 niet (goed) nagekomen, en dan moeten wij terugvorderen"
    ),
    RecoveryDecision.Ground.DISCRETIONARY: (
        "artikel 58, tweede lid, van de Participatiewet: de bijstand is ten onrechte of tot een "
        "te hoog bedrag verleend, en wij hebben besloten die terug te vorderen"
    ),
    RecoveryDecision.Ground.FURTHER: (
        "artikel 58, zevende lid, van de Participatiewet (afzien van verdere terugvordering)"
    ),
    RecoveryDecision.Ground.URGENT: (
        "artikel 58, achtste lid, van de Participatiewet (dringende redenen)"
    ),
}


parameters = recovery_parameters


def _reasoning(errors: dict[str, str], text: str) -> str:
    text = (text or "").strip()
    if not text:
        errors["reasoning"] = "Motiveer het besluit (Awb 3:46)."
    elif len(text) > MAX_REASONING:
        errors["reasoning"] = f"De motivering is te lang: ten hoogste {MAX_REASONING} tekens."
    return text


def _decided_on(errors: dict[str, str], day: dt.date, claim: Claim | None = None) -> None:
    if day > timezone.localdate():
        errors["decided_on"] = "De besluitdatum ligt in de toekomst."
    elif claim is not None and day < claim.established_on:
        errors["decided_on"] = "De besluitdatum ligt vóór het ontstaan van de vordering."


def _take(
    actor: Any,
    claim: Claim,
    kind: str,
    decided_on: dt.date,
    reasoning: str,
    note: str,
    purpose: Purpose,
) -> Any:
    """Open the decision's case for the debtor and decide it under mandate, with its letter."""
    case_type = CASE_TYPES.get(claim.domain.code)
    if case_type is None:
        raise ValidationError(
            f"Voor een besluit op een vordering in het domein {claim.domain.name} is er nog geen "
            "zaaktype. Functioneel beheer kan dat toevoegen.",
            code="no_case_type",
        )
    case = cases.open_case(
        actor,
        cases.NewCase(
            person_pk=claim.person_id, case_type_code=case_type, reported_on=decided_on, note=note
        ),
        purpose,
    )
    if case.municipality_id != claim.municipality_id:
        raise ValidationError(
            f"De debiteur woont nu in {case.municipality.name}; de vordering hoort bij "
            f"{claim.municipality.name}. Functioneel beheer moet dit besluit vastleggen.",
            code="moved",
        )
    return cases.decide(
        actor,
        case.pk,
        cases.NewDecision(
            decision_type_code=DECISION_TYPES[claim.domain.code][kind],
            outcome=Outcome.TOEGEKEND,
            decided_on=decided_on,
            reasoning=reasoning,
        ),
        purpose=purpose,
    )


# ---------------------------------------------------------------------------------------------
# The recovery decision
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class NewRecovery:
    ground: str  # pw-58-1 or pw-58-2
    benefit_type: str  # the decision type of the provision recovered
    period_from: dt.date
    period_until: dt.date
    decided_on: dt.date
    reasoning: str
    gross_amount: Decimal | None = None  # required when art. 58 lid 5 asks for gross


def decide_recovery(
    actor: Any,
    claim_pk: int | str,
    data: NewRecovery,
    *,
    expected_version: int,
    purpose: Purpose = Purpose.UITVOERING,
) -> RecoveryDecision:
    """The terugvorderingsbesluit on a claim without a founding decision (a claim taken over
    from a recalculation): the ground, the period, net or gross. The claim's balance is the
    net amount recovered; when art. 58 lid 5 asks for the gross amount, the difference is
    booked as principal (*brutering*). The claim gets its founding decision, origin, kind of
    provision and due date (the end of the payment term)."""
    policy, found = _may_change(actor, claim_pk, purpose)
    errors: dict[str, str] = {}
    if data.ground not in (
        RecoveryDecision.Ground.MANDATORY,
        RecoveryDecision.Ground.DISCRETIONARY,
    ):
        errors["ground"] = (
            "Kies artikel 58 lid 1 (inlichtingenplicht geschonden) of lid 2 (bevoegdheid)."
        )
    allowed = BENEFIT_TYPES.get(found.domain.code, ())
    if data.benefit_type not in allowed:
        errors["benefit_type"] = (
            "Kies de verstrekking die wordt teruggevorderd: " + ", ".join(allowed) + "."
        )
    if data.period_until < data.period_from:
        errors["period_until"] = "Het einde van de periode ligt vóór het begin."
    elif data.period_from > data.decided_on:
        errors["period_from"] = "De periode begint na de besluitdatum."
    _decided_on(errors, data.decided_on)
    reasoning = _reasoning(errors, data.reasoning)
    if errors:
        raise ValidationError(errors)
    rules = parameters()
    try:
        gross = recovery_terms.gross_applies(data.period_from, data.decided_on, rules)
        due = recovery_terms.due_on(data.decided_on, rules)
    except recovery_terms.MissingParameter as missing:
        raise ValidationError({"decided_on": str(missing)}) from None
    with transaction.atomic():
        claim = _locked(found, expected_version)
        if (
            claim.decision_id is not None
            or claim.decisions.filter(kind=RecoveryDecision.Kind.RECOVERY).exists()
        ):
            raise ValidationError(
                {"ground": "Over deze vordering is al een terugvorderingsbesluit genomen."}
            )
        if data.decided_on < claim.established_on:
            raise ValidationError(
                {"decided_on": "De besluitdatum ligt vóór het ontstaan van de vordering."}
            )
        net = claim.balance()
        if net <= 0:
            raise ValidationError({"ground": "Deze vordering heeft geen openstaand saldo."})
        extra = Decimal("0.00")
        if gross:
            if data.gross_amount is None:
                raise ValidationError(
                    {
                        "gross_amount": (
                            "Een deel van de periode ligt in een eerder kalenderjaar: vul het "
                            "bruto bedrag in (artikel 58 lid 5 Participatiewet)."
                        )
                    }
                )
            if data.gross_amount < net or data.gross_amount > MAX_AMOUNT:
                raise ValidationError(
                    {
                        "gross_amount": f"Het bruto bedrag is ten minste het netto saldo "
                        f"({euro(net)}) en ten hoogste € 9.999.999,99."
                    }
                )
            extra = (data.gross_amount - net).quantize(CENT)
        elif data.gross_amount is not None:
            raise ValidationError(
                {
                    "gross_amount": "De hele periode ligt in het jaar van het besluit: er wordt "
                    "netto teruggevorderd, laat het bruto bedrag leeg."
                }
            )
        total = net + extra
        benefit_type = DecisionType.objects.get(code=data.benefit_type)
        lines = [
            f"Wij vorderen {euro(total)} van u terug: de {benefit_type.name.lower()} die u over "
            f"de periode van {long_date(data.period_from)} tot en met "
            f"{long_date(data.period_until)} te veel heeft gekregen.",
            f"Wij doen dat op grond van {GROUND_TEXT[RecoveryDecision.Ground(data.ground)]}.",
            (
                f"Een deel van deze periode ligt in een eerder kalenderjaar. Daarom vorderen wij "
                f"het bruto bedrag terug: {euro(net)} netto, vermeerderd met {euro(extra)} "
                "loonheffing (artikel 58, vijfde lid, van de Participatiewet)."
                if gross
                else "De hele periode ligt in dit kalenderjaar: wij vorderen het netto bedrag "
                "terug."
            ),
            f"Betaal uiterlijk op {long_date(due)} onder vermelding van betalingskenmerk "
            f"{claim.reference}.",
            reasoning,
        ]
        decision = _take(
            actor,
            claim,
            RecoveryDecision.Kind.RECOVERY,
            data.decided_on,
            "\n\n".join(lines),
            f"Terugvordering {claim.reference}",
            purpose,
        )
        movement = None
        if extra > 0:
            movement = Movement.objects.create(
                claim=claim,
                kind=Movement.Kind.PRINCIPAL,
                amount=extra,
                booked_on=data.decided_on,
                reason="Brutering: loonheffing over bijstand uit een eerder kalenderjaar "
                "(Participatiewet art. 58 lid 5)",
                recorded_by=_name(actor),
            )
        recovery = RecoveryDecision.objects.create(
            claim=claim,
            kind=RecoveryDecision.Kind.RECOVERY,
            ground=data.ground,
            decision=decision,
            decided_on=data.decided_on,
            period_from=data.period_from,
            period_until=data.period_until,
            amount=net,
            gross=gross,
            gross_amount=total if gross else None,
            movement=movement,
        )
        claim.decision = decision
        claim.benefit_type = benefit_type
        claim.due_on = due
        claim.origin = (
            Claim.Origin.INLICHTINGENPLICHT
            if data.ground == RecoveryDecision.Ground.MANDATORY
            else claim.origin
        )
        claim.version += 1
        claim.save(update_fields=["decision", "benefit_type", "due_on", "origin", "version"])
        _audit(
            actor,
            policy,
            AuditEntry.Kind.CREATE,
            [claim],
            purpose,
            {
                "terugvorderingsbesluit": {
                    "besluit": decision.pk,
                    "grondslag": data.ground,
                    "periode": [data.period_from.isoformat(), data.period_until.isoformat()],
                    "netto": str(net),
                    "bruto": str(total) if gross else None,
                }
            },
        )
    return recovery


# ---------------------------------------------------------------------------------------------
# The dwangbevel
# ---------------------------------------------------------------------------------------------
def issue_writ(
    actor: Any,
    claim_pk: int | str,
    *,
    decided_on: dt.date,
    reasoning: str,
    expected_version: int,
    purpose: Purpose = Purpose.UITVOERING,
) -> RecoveryDecision:
    """A dwangbevel (Pw art. 60) for the balance of a founded claim whose debtor did not pay
    after a summons: the latest summons must be recorded and its term (Awb 4:112) over."""
    policy, found = _may_change(actor, claim_pk, purpose)
    errors: dict[str, str] = {}
    _decided_on(errors, decided_on)
    text = _reasoning(errors, reasoning)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        claim = _locked(found, expected_version)
        if claim.decision_id is None:
            raise ValidationError(
                {"decided_on": "Neem eerst het terugvorderingsbesluit: daarop rust het dwangbevel."}
            )
        summons = (
            claim.steps.filter(kind=CollectionStep.Kind.SUMMONS, sent_on__lte=decided_on)
            .order_by("-sent_on", "-pk")
            .first()
        )
        if summons is None:
            raise ValidationError(
                {"decided_on": "Stuur eerst een aanmaning (artikel 4:112 Awb) en leg die vast."}
            )
        try:
            ends = recovery_terms.summons_ends(summons.sent_on, parameters())
        except recovery_terms.MissingParameter as missing:
            raise ValidationError({"decided_on": str(missing)}) from None
        if decided_on <= ends:
            raise ValidationError(
                {
                    "decided_on": f"De termijn van de aanmaning van {long_date(summons.sent_on)} "
                    f"loopt tot en met {long_date(ends)}; pas daarna kan een dwangbevel."
                }
            )
        balance = claim.balance()
        if balance <= 0:
            raise ValidationError({"decided_on": "Deze vordering heeft geen openstaand saldo."})
        lines = [
            f"Wij vaardigen een dwangbevel uit voor {euro(balance)}: wat u nog moet betalen op "
            f"vordering {claim.reference}. Op {long_date(summons.sent_on)} stuurden wij u een "
            "aanmaning; u heeft daarna niet (alles) betaald.",
            "Wij doen dat op grond van artikel 60 van de Participatiewet en de artikelen 4:114 "
            "en 4:117 van de Algemene wet bestuursrecht.",
            text,
        ]
        decision = _take(
            actor,
            claim,
            RecoveryDecision.Kind.WRIT,
            decided_on,
            "\n\n".join(lines),
            f"Dwangbevel {claim.reference}",
            purpose,
        )
        writ = RecoveryDecision.objects.create(
            claim=claim,
            kind=RecoveryDecision.Kind.WRIT,
            ground=RecoveryDecision.Ground.WRIT,
            decision=decision,
            decided_on=decided_on,
            amount=balance,
        )
        claim.version += 1
        claim.save(update_fields=["version"])
        _audit(
            actor,
            policy,
            AuditEntry.Kind.CREATE,
            [claim],
            purpose,
            {"dwangbevel": {"besluit": decision.pk, "bedrag": str(balance)}},
        )
    return writ


# ---------------------------------------------------------------------------------------------
# Forgoing (further) recovery: a write-off
# ---------------------------------------------------------------------------------------------
def forgo(
    actor: Any,
    claim_pk: int | str,
    *,
    ground: str,
    decided_on: dt.date,
    reasoning: str,
    expected_version: int,
    amount: Decimal | None = None,
    purpose: Purpose = Purpose.UITVOERING,
) -> RecoveryDecision:
    """Afzien van (verdere) terugvordering: lid 7 for the whole remaining balance, lid 8
    (dringende redenen) for all or part of it (``amount``; empty: the whole balance). Books a
    write-off (*afboeking*) on the decision date, so the balance stays the ledger's sum."""
    policy, found = _may_change(actor, claim_pk, purpose)
    errors: dict[str, str] = {}
    if ground not in (RecoveryDecision.Ground.FURTHER, RecoveryDecision.Ground.URGENT):
        errors["ground"] = (
            "Kies artikel 58 lid 7 (verdere terugvordering) of lid 8 (dringende redenen)."
        )
    elif ground == RecoveryDecision.Ground.FURTHER and amount is not None:
        errors["amount"] = (
            "Bij afzien van verdere terugvordering vervalt het hele saldo: laat het bedrag leeg."
        )
    if amount is not None and (
        amount <= 0 or amount > MAX_AMOUNT or amount != amount.quantize(CENT)
    ):
        errors["amount"] = "Vul een bedrag in van meer dan € 0,00, tot € 9.999.999,99, in centen."
    _decided_on(errors, decided_on)
    text = _reasoning(errors, reasoning)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        claim = _locked(found, expected_version)
        if decided_on < claim.established_on:
            raise ValidationError(
                {"decided_on": "De besluitdatum ligt vóór het ontstaan van de vordering."}
            )
        balance = claim.balance()
        if balance <= 0:
            raise ValidationError({"ground": "Deze vordering heeft geen openstaand saldo."})
        written = balance if amount is None else amount
        if written > balance:
            raise ValidationError(
                {"amount": f"Het bedrag is hoger dan het saldo ({euro(balance)})."}
            )
        lines = [
            (
                f"Wij zien af van verdere terugvordering: u hoeft de {euro(written)} die nog "
                f"openstaat op vordering {claim.reference} niet meer te betalen."
                if written == balance
                else f"Wij zien af van terugvordering van {euro(written)} van vordering "
                f"{claim.reference}. Daarna staat nog {euro(balance - written)} open."
            ),
            f"Wij doen dat op grond van {GROUND_TEXT[RecoveryDecision.Ground(ground)]}.",
            text,
        ]
        decision = _take(
            actor,
            claim,
            RecoveryDecision.Kind.WRITE_OFF,
            decided_on,
            "\n\n".join(lines),
            f"Afzien van terugvordering {claim.reference}",
            purpose,
        )
        movement = Movement.objects.create(
            claim=claim,
            kind=Movement.Kind.WRITE_OFF,
            amount=-written,
            booked_on=decided_on,
            reason=f"Afzien van terugvordering ({RecoveryDecision.Ground(ground).label})"[:300],
            recorded_by=_name(actor),
        )
        record = RecoveryDecision.objects.create(
            claim=claim,
            kind=RecoveryDecision.Kind.WRITE_OFF,
            ground=ground,
            decision=decision,
            decided_on=decided_on,
            amount=written,
            movement=movement,
        )
        claim.version += 1
        claim.save(update_fields=["version"])
        _audit(
            actor,
            policy,
            AuditEntry.Kind.CREATE,
            [claim],
            purpose,
            {"afzien": {"besluit": decision.pk, "grondslag": ground, "bedrag": str(written)}},
        )
    return record
