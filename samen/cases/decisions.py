"""Deciding a case under mandate and its letter: the decision (checked against the mandate
register, saved with the chain it was taken under), the preview of what a grant would pay,
the beschikking rendered to PDF from the letter template and the decision's facts, and the
stored letter as the client received it.

The letter's layout and its placeholders are the pure :mod:`samen.cases.letters`; the
benefit a grant starts is :mod:`samen.income.services`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from samen.access import audit
from samen.access.models import Action, AuditEntry
from samen.access.policy import Purpose
from samen.cases import guards, letters
from samen.cases.case_access import _change, _history, _load, _staff, _subject
from samen.cases.lifecycle import _transition
from samen.cases.models import Decision, Letter, LetterTemplate, Outcome, Status
from samen.common.periods import long_date
from samen.organisation import services as organisation
from samen.organisation.models import DecisionType
from samen.people.services import NotAllowed, NotVisible


@dataclass(frozen=True)
class NewDecision:
    decision_type_code: str
    outcome: str
    decided_on: dt.date
    reasoning: str
    effective_from: dt.date | None = None
    iban: str = ""  # where a granted benefit is paid


def _template_for(decision: Decision) -> tuple[LetterTemplate | None, str]:
    found = (
        LetterTemplate.objects.valid_on(decision.decided_on)
        .filter(outcome=decision.outcome)
        .filter(Q(municipality=decision.municipality) | Q(municipality__isnull=True))
        .filter(Q(decision_type=decision.decision_type) | Q(decision_type__isnull=True))
        .order_by(
            F("municipality").asc(nulls_last=True),
            F("decision_type").asc(nulls_last=True),
            "-valid_from",
        )
        .first()
    )
    if found is not None:
        return found, found.body
    return None, letters.default_template(decision.outcome)


def _letter_data(decision: Decision, chain: Sequence[Any]) -> letters.LetterData:
    case = decision.case
    municipality = decision.municipality
    person = case.person
    address = (
        person.addresses.filter(valid_from__lte=decision.decided_on).order_by("-valid_from").first()
    )
    appointment = decision.taken_by.appointment_on(decision.decided_on)
    mandates = [fact.title for fact in chain]
    requested = re.sub(r"^aanvraag\s+", "", case.case_type.name, flags=re.IGNORECASE)
    amounts, monthly = _letter_amounts(decision)
    return letters.LetterData(
        sender=letters.Sender(
            name=municipality.name,
            cbs_code=municipality.cbs_code,
            postal_address=_lines(municipality.postal_address),
            phone=municipality.phone,
            website=municipality.website,
            email=municipality.email,
        ),
        client_name=person.full_name,
        client_address=(
            (f"{address.street} {address.house_number}", f"{address.postal_code} {address.city}")
            if address
            else ()
        ),
        case_reference=case.reference,
        letter_date=decision.decided_on,
        subject=f"Besluit op uw {case.case_type.name[:1].lower()}{case.case_type.name[1:]}",
        decision_type=decision.decision_type.name,
        outcome=decision.outcome,
        decision_date=decision.decided_on,
        effective_date=decision.effective_from,
        legal_basis=decision.legal_basis,
        reasoning=tuple(p.strip() for p in decision.reasoning.split("\n\n") if p.strip()),
        official_name=decision.taken_by.name,
        official_function=appointment.function.name if appointment else "",
        college=f"het college van burgemeester en wethouders van {municipality.name}",
        mandate_note=(
            f"namens dezen, op grond van {' en '.join(mandates)}" if mandates else "namens dezen"
        ),
        objection_weeks=decision.decision_type.remedy_weeks,
        remedy=decision.decision_type.remedy,
        court=(municipality.court, *_lines(municipality.court_address))
        if municipality.court
        else (),
        objection_address=(
            f"Het college van burgemeester en wethouders van {municipality.name}",
            *_lines(municipality.postal_address),
        ),
        requested=requested[:1].lower() + requested[1:],
        amounts=amounts,
        monthly_amount=monthly,
    )


def _letter_amounts(decision: Decision) -> tuple[tuple[letters.AmountLine, ...], Decimal | None]:
    """The "Bedragen" of a decision that granted a benefit, from the calculation it granted:
    the norm, what is deducted, the benefit, the vakantietoeslag set apart and what is paid,
    each per month from the start date."""
    record = decision.calculation or {}
    if not record:
        return (), None
    since = f"per maand vanaf {long_date(dt.date.fromisoformat(record['peildatum']))}"
    deducted = Decimal(record["inkomsten_in_mindering"])
    paid = Decimal(record["uitbetaald_per_maand"])
    lines = [
        letters.AmountLine("Uw norm (inclusief vakantietoeslag)", Decimal(record["norm"]), since),
        *(
            [letters.AmountLine("Inkomsten die wij aftrekken", -deducted, since)]
            if deducted
            else []
        ),
        letters.AmountLine(
            "Uw bijstand (inclusief vakantietoeslag)", Decimal(record["uitkering_per_maand"]), since
        ),
        letters.AmountLine(
            "Vakantietoeslag die wij apart zetten (u krijgt die in juni)",
            -Decimal(record["vakantietoeslag_per_maand"]),
            since,
        ),
        letters.AmountLine("Wij betalen u", paid, since),
    ]
    return tuple(lines), paid


def _lines(address: str) -> tuple[str, ...]:
    """A stored one-line postal address ("Postbus 1992, 6201 BZ Maastricht") as lines."""
    return tuple(part.strip() for part in address.split(",") if part.strip())


def decide(
    actor: Any,
    pk: int | str,
    data: NewDecision,
    *,
    version: int | None = None,
    purpose: Purpose = Purpose.UITVOERING,
) -> Decision:
    """Take a decision on the case on behalf of the college of the case's municipality. The
    mandate register must confirm the chain for this employee, decision type, municipality and
    date; without cover the decision is refused and nothing is saved. The beschikking is
    rendered to PDF and stored with the case in the same transaction, and a granted
    decision of a type that gives a benefit (``DecisionType.grants_benefit``) starts the
    benefit with the household's facts on its start date."""
    policy, case = _load(actor, pk, purpose, Action.CHANGE)
    staff = _staff(actor)
    if staff is None:
        raise NotAllowed("Alleen medewerkers kunnen besluiten nemen.")
    replaced, replaced_because = _replaceable(case)
    errors: dict[str, str] = {}
    decision_type = DecisionType.objects.filter(code=data.decision_type_code).first()
    if (
        decision_type is None
        or not case.case_type.decision_types.filter(pk=decision_type.pk).exists()
    ):
        errors["decision_type"] = "Dit besluittype hoort niet bij dit zaaktype."
    if data.outcome not in Outcome.values:
        errors["outcome"] = (
            "Kies een uitkomst: toegekend, afgewezen, buiten behandeling gesteld of ingetrokken."
        )
    if data.decided_on < (case.reported_on or case.received_on or data.decided_on):
        errors["decided_on"] = "De besluitdatum ligt vóór de ontvangst van de aanvraag."
    elif data.decided_on > timezone.localdate():
        errors["decided_on"] = "De besluitdatum ligt in de toekomst."
    elif replaced is not None and data.decided_on < replaced.decided_on:
        errors["decided_on"] = (
            "De besluitdatum ligt vóór die van het besluit dat u vervangt "
            f"({long_date(replaced.decided_on)})."
        )
    if not data.reasoning.strip():
        errors["reasoning"] = "Motiveer het besluit (Awb 3:46)."
    starts_benefit = (
        decision_type is not None
        and decision_type.grants_benefit
        and data.outcome == Outcome.TOEGEKEND
    )
    if starts_benefit and not data.iban.strip():
        errors["iban"] = "Vul het IBAN in waarop de uitkering wordt betaald."
    if errors:
        raise ValidationError(errors)
    assert decision_type is not None  # noqa: S101  (checked above)
    preview = None
    if starts_benefit:
        from samen.income.services import grant_preview

        preview = grant_preview(
            actor, case=case, day=data.effective_from or data.decided_on, purpose=purpose
        )
        if preview.calculation is None:
            raise ValidationError(
                {
                    "effective_from": (
                        f"De uitkering is op {long_date(preview.day)} niet te berekenen: "
                        f"{preview.error} Zonder berekening kan de brief geen bedrag noemen."
                    )
                }
            )
    if decision_type.remedy == DecisionType.Remedy.BEROEP and not case.municipality.court:
        raise ValidationError(
            f"Tegen deze beslissing staat beroep bij de rechtbank open, maar bij de gemeente "
            f"{case.municipality.name} staat niet bij welke rechtbank. Functioneel beheer vult "
            "dat in bij de gemeente; daarna kunt u beslissen.",
            code="no_court",
        )
    # The mandate register is read once: the check here and the registration below look
    # for the chain in the same facts.
    mandates = organisation.load_facts()
    answer = organisation.may_decide(
        staff, decision_type, case.municipality, data.decided_on, mandates
    )
    if not answer.allowed:
        audit.refused(actor, policy, purpose, _subject(case))
        raise ValidationError(answer.reason, code="no_mandate")
    with transaction.atomic():
        number = case.decisions.count() + 1
        recorded = organisation.record_decision(
            decision_type=decision_type,
            municipality=case.municipality,
            staff=staff,
            decided_on=data.decided_on,
            reference=f"{case.reference}-B{number}",
            facts=mandates,
        )
        decision = Decision.objects.create(
            case=case,
            decision_type=decision_type,
            outcome=data.outcome,
            decided_on=data.decided_on,
            effective_from=data.effective_from,
            municipality=case.municipality,
            taken_by=staff,
            chain=[
                {"id": f.id, "titel": f.title, "van": f.grantor_label, "aan": f.grantee_label}
                for f in answer.chain
            ],
            recorded=recorded,
            reasoning=data.reasoning.strip(),
            legal_basis=decision_type.legal_basis or case.case_type.legal_basis,
            calculation=preview.record() if preview is not None else {},
            replaces=replaced,
            replacement_reason=replaced_because[:500],
        )
        if replaced is not None and replaced.outcome == Outcome.TOEGEKEND:
            from samen.income.services import withdraw_grant

            withdraw_grant(actor, case=case, purpose=purpose)
        if starts_benefit:
            from samen.income.services import grant_benefit

            grant_benefit(
                actor,
                case=case,
                start_date=data.effective_from or data.decided_on,
                iban=data.iban,
                purpose=purpose,
                preview=preview,
            )
        template, body = _template_for(decision)
        pdf = letters.render_pdf(_letter_data(decision, answer.chain), body)
        Letter.objects.create(
            decision=decision,
            pdf=pdf,
            sha256=hashlib.sha256(pdf).hexdigest(),
            template=template,
        )
        _change(
            actor,
            case,
            policy,
            purpose,
            version,
            {"status": Status.BESLUIT_GENOMEN, "decided_on": data.decided_on},
        )
        note = f"{decision_type.name}: {decision.get_outcome_display()}"
        if replaced is not None:
            note += (
                f". Vervangt het besluit van {long_date(replaced.decided_on)} "
                f"({replaced.recorded.reference}): {replaced_because}"
            )
        _history(case, Status.BESLUIT_GENOMEN, data.decided_on, actor, note)
    return decision


def _replaceable(case: Any) -> tuple[Decision | None, str]:
    """The decision a new one on ``case`` replaces and why (a case in *besluit genomen*
    whose latest decision an app allows replacing, :mod:`samen.cases.guards`), or
    (None, "") for a case that may move to *besluit genomen* for the first time. Any other
    case is refused with the lifecycle's message."""
    if case.status == Status.BESLUIT_GENOMEN:
        latest = guards.latest_decision(case)
        reason = guards.replacement_reason(case, latest) if latest is not None else None
        if latest is not None and reason:
            return latest, reason
    _transition(case, Status.BESLUIT_GENOMEN)
    return None, ""


def may_replace(case: Any) -> bool:
    """For the case's page and the API: whether a new decision may replace the latest one."""
    latest = guards.latest_decision(case)
    return latest is not None and bool(guards.replacement_reason(case, latest))


def grant_preview(
    actor: Any, pk: int | str, day: dt.date, purpose: Purpose = Purpose.UITVOERING
) -> Any | None:
    """For the decision form: what a granting decision on the case would pay from ``day``
    (samen.income.services.GrantPreview), or None when no decision type of the case gives a
    benefit. The case and the household are read through the access policy."""
    _policy, case = _load(actor, pk, purpose, Action.READ)
    if not case.case_type.decision_types.filter(grants_benefit=True).exists():
        return None
    from samen.income.services import grant_preview as income_preview

    return income_preview(actor, case=case, day=day, purpose=purpose)


def letter_pdf(
    actor: Any, pk: int | str, decision_pk: int | str, purpose: Purpose = Purpose.UITVOERING
) -> tuple[Decision, bytes]:
    """The stored letter of a decision on a case the actor may read; the read is audited."""
    policy, case = _load(actor, pk, purpose, Action.READ)
    letter = (
        Letter.objects.filter(decision__case=case, decision__pk=decision_pk)
        .select_related("decision")
        .first()
    )
    if letter is None:
        raise NotVisible("Brief niet gevonden.")
    audit.record(
        actor=actor,
        action=AuditEntry.Kind.READ,
        subjects=[
            audit.Subject(
                object_type="brief",
                object_id=f"{case.reference}-B{letter.decision.pk}",
                data_subject_id=case.person.bsn,
                municipality_code=case.municipality.cbs_code,
                domain_code=case.domain.code,
            )
        ],
        purpose=purpose.value,
        roles=policy.role_names(),
    )
    return letter.decision, bytes(letter.pdf)
