"""Services of the organisation app: the questions other apps ask, and the operations that
validate and save in one transaction.

- :func:`executes`: does municipality M have domain D executed by us on date X?
  Everything that opens work for a resident must ask it.
- :func:`may_decide`: may employee E take decision type T for the college of M on date X,
  and through which chain?
- :func:`who_may_decide`: the reverse: every employee who may, each with the chain.
- :func:`uncovered_decisions`: recorded decisions without valid cover.
- :func:`create_staff`: register a staff member and link their login, once (audited).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q

from samen.access import audit
from samen.access.policy import policy_for
from samen.access.services import STAFF_OBJECT
from samen.common.periods import long_date
from samen.organisation import mandates as rules
from samen.organisation.models import (
    Appointment,
    ContractedTask,
    DecisionType,
    Domain,
    Mandate,
    Membership,
    Municipality,
    RecordedDecision,
    Staff,
)


# ---------------------------------------------------------------------------------------------
# Contracted tasks and membership
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class TaskAnswer:
    allowed: bool
    reason: str = ""
    task: ContractedTask | None = None

    def __bool__(self) -> bool:
        return self.allowed


def is_member(municipality: Municipality, arrangement_id: int, day: dt.date) -> bool:
    return (
        Membership.objects.valid_on(day)
        .filter(municipality=municipality, arrangement_id=arrangement_id)
        .exists()
    )


def executes(municipality: Municipality, domain: Domain | str, day: dt.date) -> TaskAnswer:
    """Does ``municipality`` have ``domain`` executed by us on ``day``?

    Yes when a contracted task covers that day and, for a task under a gemeenschappelijke
    regeling, the municipality is a member of that regeling on that day.
    """
    domain_filter = Q(domain__code=domain) if isinstance(domain, str) else Q(domain=domain)
    task = (
        ContractedTask.objects.valid_on(day)
        .filter(domain_filter, municipality=municipality)
        .select_related("domain", "arrangement")
        .first()
    )
    domain_name = domain if isinstance(domain, str) else domain.name
    if task is None:
        if isinstance(domain, str):
            found = Domain.objects.filter(code=domain).first()
            domain_name = found.name if found else domain
        return TaskAnswer(
            False,
            reason=(
                f"{municipality.name} heeft {domain_name} op {long_date(day)} niet bij ons "
                "belegd; hiervoor kan geen zaak worden geopend."
            ),
        )
    if task.basis == ContractedTask.Basis.GR and not is_member(
        municipality, task.arrangement_id, day
    ):
        return TaskAnswer(
            False,
            reason=(
                f"{municipality.name} is op {long_date(day)} geen deelnemer van "
                f"{task.arrangement}; hiervoor kan geen zaak worden geopend."
            ),
        )
    return TaskAnswer(True, task=task)


def members_on(arrangement_id: int, day: dt.date) -> list[Municipality]:
    return list(
        Municipality.objects.filter(
            memberships__in=Membership.objects.valid_on(day).filter(arrangement_id=arrangement_id)
        ).distinct()
    )


@dataclass(frozen=True)
class MemberSpan:
    """Part of a period during which a municipality was a member of a regeling under which
    one of its domains is executed (both ends inclusive, clipped to the period asked)."""

    municipality: Municipality
    arrangement: Any
    valid_from: dt.date
    valid_until: dt.date

    @property
    def days(self) -> int:
        return (self.valid_until - self.valid_from).days + 1


def members_during(domain_code: str, start: dt.date, end: dt.date) -> list[MemberSpan]:
    """Every membership, overlapping ``start``-``end``, of a gemeenschappelijke regeling under
    which a municipality has ``domain_code`` executed (a contracted task on GR basis), clipped
    to the period: a municipality that joined or left in between gets the part it was a
    member. Two queries."""
    arrangements = (
        ContractedTask.objects.overlapping(start, end)
        .filter(domain__code=domain_code, basis=ContractedTask.Basis.GR)
        .values("arrangement_id")
    )
    spans = []
    for membership in (
        Membership.objects.overlapping(start, end)
        .filter(arrangement_id__in=arrangements)
        .select_related("municipality", "arrangement")
        .order_by("municipality__name", "valid_from")
    ):
        until = membership.valid_until
        spans.append(
            MemberSpan(
                membership.municipality,
                membership.arrangement,
                max(membership.valid_from, start),
                min(until, end) if until is not None else end,
            )
        )
    return spans


@transaction.atomic
def save_membership(membership: Membership) -> Membership:
    membership.full_clean()
    membership.save()
    return membership


@transaction.atomic
def save_contracted_task(task: ContractedTask) -> ContractedTask:
    task.full_clean()
    task.save()
    return task


@transaction.atomic
def save_municipality(municipality: Municipality) -> Municipality:
    municipality.full_clean()
    municipality.save()
    return municipality


# ---------------------------------------------------------------------------------------------
# Mandates
# ---------------------------------------------------------------------------------------------
def _party(college_id: int | None, function_id: int | None, staff_id: int | None) -> rules.Party:
    if college_id is not None:
        return rules.Party(rules.COLLEGE, college_id)
    if function_id is not None:
        return rules.Party(rules.FUNCTION, function_id)
    assert staff_id is not None
    return rules.Party(rules.STAFF, staff_id)


def load_facts(exclude_id: int | None = None) -> list[rules.MandateFact]:
    """All mandates as plain facts: two queries, whatever the number of mandates."""
    qs = Mandate.objects.select_related(
        "grantor_college",
        "grantor_function",
        "grantor_staff",
        "grantee_college",
        "grantee_function",
        "grantee_staff",
    ).prefetch_related("decision_types")
    if exclude_id is not None:
        qs = qs.exclude(pk=exclude_id)
    return [fact_of(m, [dt_.pk for dt_ in m.decision_types.all()]) for m in qs]


def fact_of(mandate: Mandate, decision_type_ids: Iterable[int]) -> rules.MandateFact:
    return rules.MandateFact(
        id=mandate.pk or 0,
        title=mandate.title,
        grantor=_party(
            mandate.grantor_college_id, mandate.grantor_function_id, mandate.grantor_staff_id
        ),
        grantee=_party(
            mandate.grantee_college_id, mandate.grantee_function_id, mandate.grantee_staff_id
        ),
        decision_type_ids=frozenset(decision_type_ids),
        period=mandate.period,
        grantor_label=mandate.grantor_label,
        grantee_label=mandate.grantee_label,
    )


def employee_parties(staff: Staff, day: dt.date) -> list[rules.Party]:
    parties = [rules.Party(rules.STAFF, staff.pk)]
    appointment = staff.appointment_on(day)
    if appointment is not None:
        parties.append(rules.Party(rules.FUNCTION, appointment.function_id))
    return parties


def may_decide(
    staff: Staff,
    decision_type: DecisionType,
    municipality: Municipality,
    day: dt.date,
    facts: Sequence[rules.MandateFact] | None = None,
) -> rules.ChainAnswer:
    """On ``day``, may ``staff`` take ``decision_type`` on behalf of the college of
    ``municipality``? Returns the chain (college first) or the reason for refusal."""
    return rules.find_chain(
        load_facts() if facts is None else facts,
        employee_parties=employee_parties(staff, day),
        employee_label=staff.name,
        decision_type_id=decision_type.pk,
        decision_type_label=decision_type.name,
        college_competent=decision_type.competent_body == DecisionType.Body.COLLEGE,
        municipality_id=municipality.pk,
        municipality_label=municipality.name,
        day=day,
    )


@dataclass(frozen=True)
class Holder:
    staff: Staff
    chain: tuple[rules.MandateFact, ...]


def who_may_decide(
    decision_type: DecisionType, municipality: Municipality, day: dt.date
) -> list[Holder]:
    """Every staff member who, on ``day``, may take ``decision_type`` for ``municipality``."""
    if decision_type.competent_body != DecisionType.Body.COLLEGE:
        return []
    found = rules.holders(
        load_facts(), decision_type_id=decision_type.pk, municipality_id=municipality.pk, day=day
    )
    staff_chain: dict[int, tuple[rules.MandateFact, ...]] = {
        p.id: chain for p, chain in found.items() if p.kind == rules.STAFF
    }
    function_chain = {p.id: chain for p, chain in found.items() if p.kind == rules.FUNCTION}
    for appointment in Appointment.objects.valid_on(day).filter(function_id__in=function_chain):
        chain = function_chain[appointment.function_id]
        current = staff_chain.get(appointment.staff_id)
        if current is None or len(chain) < len(current):
            staff_chain[appointment.staff_id] = chain
    people = Staff.objects.in_bulk(list(staff_chain))
    return sorted(
        (Holder(people[sid], chain) for sid, chain in staff_chain.items()),
        key=lambda h: h.staff.name,
    )


def validate_mandate(mandate: Mandate, decision_types: Sequence[DecisionType]) -> None:
    """Refuse a mandate that cannot be lawful: see the messages. Raises ValidationError."""
    mandate.full_clean()
    if not decision_types:
        raise ValidationError(
            {"decision_types": "Kies ten minste één besluittype."}, code="no_types"
        )
    if mandate.grantor_college_id is not None:
        outside = [t for t in decision_types if t.competent_body != DecisionType.Body.COLLEGE]
        if outside:
            raise ValidationError(
                {
                    "decision_types": (
                        "Valt buiten de bevoegdheid van het college van "
                        f"{mandate.grantor_college}: "
                        + ", ".join(
                            f"'{t.name}' ({t.get_competent_body_display().lower()})"
                            for t in outside
                        )
                        + "."
                    )
                },
                code="outside_competence",
            )
    facts = load_facts(exclude_id=mandate.pk)
    grantor = _party(
        mandate.grantor_college_id, mandate.grantor_function_id, mandate.grantor_staff_id
    )
    if grantor.kind != rules.COLLEGE:
        day = mandate.valid_from
        if not rules.grantor_has_any_mandate(facts, grantor, day):
            raise ValidationError(
                f"De mandaatgever ({mandate.grantor_label}) heeft op {long_date(day)} zelf "
                "geen geldig mandaat en kan dus geen ondermandaat verlenen.",
                code="grantor_without_mandate",
            )
        outside = [
            t for t in decision_types if not rules.grantor_has_cover(facts, grantor, t.pk, day)
        ]
        if outside:
            raise ValidationError(
                {
                    "decision_types": (
                        f"Valt buiten het mandaat van de mandaatgever ({mandate.grantor_label}) op "
                        f"{long_date(day)}: " + ", ".join(f"'{t.name}'" for t in outside) + "."
                    )
                },
                code="outside_competence",
            )
    grantee = _party(
        mandate.grantee_college_id, mandate.grantee_function_id, mandate.grantee_staff_id
    )
    type_ids = {t.pk for t in decision_types}
    for fact in facts:
        if (
            fact.grantor == grantor
            and fact.grantee == grantee
            and fact.period.overlaps(mandate.period)
            and fact.decision_type_ids & type_ids
        ):
            raise ValidationError(
                f"Er geldt al een mandaat van dezelfde mandaatgever aan dezelfde gemandateerde "
                f"voor deze besluittypen in een overlappende periode: '{fact.title}' "
                f"({fact.period.label()}).",
                code="period_overlap",
            )


@transaction.atomic
def save_mandate(mandate: Mandate, decision_types: Sequence[DecisionType]) -> Mandate:
    validate_mandate(mandate, decision_types)
    mandate.save()
    mandate.decision_types.set(decision_types)
    return mandate


@dataclass(frozen=True)
class UncoveredDecision:
    decision: RecordedDecision
    reason: str


def uncovered_decisions() -> list[UncoveredDecision]:
    """Every recorded decision without a valid mandate chain on its decision date."""
    facts = load_facts()
    result = []
    decisions = RecordedDecision.objects.select_related(
        "decision_type", "municipality", "taken_by"
    ).order_by("decided_on", "reference")
    appointments: dict[int, list[Appointment]] = {}
    for appointment in Appointment.objects.all():
        appointments.setdefault(appointment.staff_id, []).append(appointment)
    for decision in decisions:
        day = decision.decided_on
        parties = [rules.Party(rules.STAFF, decision.taken_by_id)] + [
            rules.Party(rules.FUNCTION, a.function_id)
            for a in appointments.get(decision.taken_by_id, [])
            if a.is_valid_on(day)
        ]
        answer = rules.find_chain(
            facts,
            employee_parties=parties,
            employee_label=decision.taken_by.name,
            decision_type_id=decision.decision_type_id,
            decision_type_label=decision.decision_type.name,
            college_competent=decision.decision_type.competent_body == DecisionType.Body.COLLEGE,
            municipality_id=decision.municipality_id,
            municipality_label=decision.municipality.name,
            day=day,
        )
        if not answer.allowed:
            result.append(UncoveredDecision(decision, answer.reason))
    return result


@transaction.atomic
def record_decision(
    *,
    decision_type: DecisionType,
    municipality: Municipality,
    staff: Staff,
    decided_on: dt.date,
    reference: str,
    facts: Sequence[rules.MandateFact] | None = None,
) -> RecordedDecision:
    """Register a decision; refused (nothing saved) when no mandate chain covers it.
    ``facts``: the mandates as :func:`load_facts` gave them, when the caller has them."""
    answer = may_decide(staff, decision_type, municipality, decided_on, facts)
    if not answer.allowed:
        raise ValidationError(answer.reason, code="no_mandate")
    return RecordedDecision.objects.create(
        decision_type=decision_type,
        municipality=municipality,
        taken_by=staff,
        decided_on=decided_on,
        reference=reference,
    )


# ---------------------------------------------------------------------------------------------
# Staff and their login
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class NewStaff:
    """A staff member to register, with the login that will be theirs: a new one
    (``username``) or an existing login not linked to anyone yet (``existing_user``)."""

    name: str
    employee_number: str
    employer: Municipality
    username: str = ""
    existing_user: object | None = None


def staff_members() -> Any:
    """Every staff member with their employer and login, by name."""
    return Staff.objects.select_related("employer", "user").order_by("name")


def unlinked_logins() -> Any:
    """The logins that no staff member has yet (and that are not superusers)."""
    return (
        get_user_model()
        .objects.filter(staff__isnull=True, is_superuser=False, is_active=True)
        .order_by("username")
    )


@transaction.atomic
def create_staff(actor: Any, new: NewStaff) -> Staff:
    """Register a staff member and link their login, once: access follows the staff record,
    so the login of a staff member is never changed afterwards (not in admin either). A new
    login gets no password: staff sign in through the identity provider. The staff member has
    no access until a grant for them is proposed and approved (:mod:`samen.access.grants`).
    Recorded in the audit trail as object type ``medewerker``."""
    if not actor.has_perm("organisation.add_staff"):
        raise PermissionDenied("U mag geen medewerkers aanmaken.")
    if Staff.objects.filter(employee_number__iexact=new.employee_number).exists():
        raise ValidationError(
            {"employee_number": "Er is al een medewerker met dit personeelsnummer."},
            code="unique",
        )
    User = get_user_model()
    if new.existing_user is not None:
        # Lock the login row itself: PostgreSQL refuses FOR UPDATE on the outer join that
        # ``unlinked_logins`` makes; the staff link is checked after the lock is held.
        user = (
            User.objects.select_for_update()
            .filter(pk=new.existing_user.pk, is_superuser=False, is_active=True)  # type: ignore[attr-defined]
            .first()
        )
        if user is None or Staff.objects.filter(user=user).exists():
            raise ValidationError(
                {"existing_user": "Deze login is al aan een medewerker gekoppeld."},
                code="linked",
            )
        created_login = False
    else:
        if not new.username:
            raise ValidationError(
                {"username": "Vul een gebruikersnaam in of kies een bestaande login."},
                code="required",
            )
        if User.objects.filter(username__iexact=new.username).exists():
            raise ValidationError(
                {"username": "Deze gebruikersnaam bestaat al; kies die login als bestaande."},
                code="unique",
            )
        user = User(username=new.username)
        user.set_unusable_password()
        user.full_clean(exclude=["password"])
        user.save()
        created_login = True
    staff = Staff(
        user=user, name=new.name, employee_number=new.employee_number, employer=new.employer
    )
    staff.full_clean()
    staff.save()
    audit.record(
        actor=actor,
        action="create",
        subjects=[audit.Subject(STAFF_OBJECT, str(staff.pk))],
        purpose="beheer",
        roles=policy_for(actor).role_names(),
        changes={
            "event": "aangemaakt",
            "staff": f"{staff.name} ({staff.employee_number})",
            "fields": {
                "name": [None, staff.name],
                "employee_number": [None, staff.employee_number],
                "employer": [None, new.employer.cbs_code],
                "user": [None, user.get_username()],
                "new_login": [None, created_login],
            },
        },
    )
    return staff
