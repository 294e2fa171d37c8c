"""Reading and changing households: through the one access policy, always audited.

A household belongs to the dossier of its aanvrager. Who may see or change it follows from
the one access policy applied to that aanvrager; the members themselves (a child, a
housemate) are often not registered in any domain and so are not visible on their own.
The pure rules of composition are in :mod:`samen.people.households`; reading and changing
persons is in :mod:`samen.people.services`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction

from samen.access import audit
from samen.access.models import Action, AuditEntry
from samen.access.policy import Policy, Purpose, policy_for
from samen.common.periods import Period
from samen.people.households import Composition, MemberFact, composition_on
from samen.people.models import Household, HouseholdMember, Person
from samen.people.services import (
    NotAllowed,
    NotVisible,
    VersionConflict,
    _prefetches,
    _queryset,
    _refused,
    _subjects,
    _view,
    responsible_municipality,
)

HOUSEHOLD = "huishouden"
NO_HOUSEHOLD = "Huishouden niet gevonden, of u heeft geen toegang."


@dataclass(frozen=True)
class HouseholdView:
    """The household of ``person`` on ``day`` as one actor may see it.

    ``complete`` is True when the actor may read the household's aanvrager: then every
    member valid on ``day`` is shown. Otherwise only the members the actor may read on their
    own are shown (at least ``person``)."""

    person: Person
    day: dt.date
    household: Household | None
    composition: Composition
    members: list[HouseholdMember]
    complete: bool

    def _shown(self, facts: Sequence[MemberFact]) -> list[HouseholdMember]:
        by_id = {m.pk: m for m in self.members}
        return [by_id[f.member_id] for f in facts if f.member_id in by_id]

    @property
    def applicant(self) -> HouseholdMember | None:
        shown = self._shown([self.composition.applicant] if self.composition.applicant else [])
        return shown[0] if shown else None

    @property
    def partner(self) -> HouseholdMember | None:
        shown = self._shown([self.composition.partner] if self.composition.partner else [])
        return shown[0] if shown else None

    @property
    def children(self) -> list[HouseholdMember]:
        return self._shown(self.composition.children)

    @property
    def housemates(self) -> list[HouseholdMember]:
        return self._shown(self.composition.housemates)


def member_fact(member: HouseholdMember) -> MemberFact:
    """The pure fact of one membership (for :mod:`samen.people.households`)."""
    return MemberFact(
        person_id=member.person_id,
        relation=member.relation,
        valid_from=member.valid_from,
        valid_until=member.valid_until,
        studies_with_student_finance=member.studies_with_student_finance,
        rents_commercially=member.rents_commercially,
        birth_date=member.person.birth_date,
        member_id=member.pk,
    )


def _members(household: Household) -> list[HouseholdMember]:
    return list(
        HouseholdMember.objects.filter(household=household)
        .select_related("person")
        .prefetch_related(*_prefetches("person__"))
    )


def _household_subjects(
    policy: Policy, household: Household, people: Sequence[Person]
) -> list[audit.Subject]:
    views = [_view(policy, p, Action.READ) for p in people]
    return [
        audit.Subject(
            object_type=HOUSEHOLD,
            object_id=str(household.pk),
            data_subject_id=s.data_subject_id,
            municipality_code=s.municipality_code,
            domain_code=s.domain_code,
        )
        for s in _subjects(views)
    ]


def household_of(actor: Any, person_pk: int | str, on: dt.date, purpose: Purpose) -> HouseholdView:
    """The household ``person_pk`` belonged to on ``on``, and who else belonged to it then.

    The actor must be allowed to read the person now (the same check as :func:`get_person`);
    otherwise :class:`NotVisible` is raised and the refusal audited.

    Which members are shown: a household belongs to the dossier of its aanvrager. When the
    actor may read the aanvrager, every member is shown (partner, children, housemates),
    even those the actor could not find on their own: they are part of that case file, and
    the benefit cannot be decided without them. When the actor may not read the aanvrager
    (for example a Wmo consulent who looks up a child of a Participatiewet household), only
    the members the actor may read on their own are shown, so a household does not open
    another domain's or municipality's dossier.

    Every member shown is audited as one read (object type ``huishouden``, the member's BSN
    as data subject, the reference date in ``changes``). Without a household on that date,
    the read of the person is audited."""
    policy = policy_for(actor)
    try:
        person = _queryset(policy, Action.READ).get(pk=person_pk)
    except (Person.DoesNotExist, ValueError, TypeError):
        _refused(actor, policy, purpose, str(person_pk))
        raise NotVisible("Persoon niet gevonden, of u heeft geen toegang.") from None
    context = {"peildatum": on.isoformat()}
    membership = (
        HouseholdMember.objects.valid_on(on)
        .filter(person=person)
        .select_related("household")
        .first()
    )
    if membership is None:
        audit.record(
            actor=actor,
            action=AuditEntry.Kind.READ,
            subjects=_subjects([_view(policy, person, Action.READ)]),
            purpose=purpose.value,
            roles=policy.role_names(),
            changes=context,
        )
        return HouseholdView(person, on, None, Composition(on), [], complete=True)
    household = membership.household
    rows = _members(household)
    composition = composition_on([member_fact(m) for m in rows], on)
    by_id = {m.pk: m for m in rows}
    present = [by_id[f.member_id] for f in composition.members if f.member_id is not None]
    applicants = {m.person_id for m in rows if m.relation == HouseholdMember.Relation.AANVRAGER}
    readable = set(
        policy.scope_persons(
            Person.objects.filter(pk__in=applicants | {m.person_id for m in present}),
            Action.READ,
        ).values_list("pk", flat=True)
    )
    complete = bool(applicants & readable)
    shown = present if complete else [m for m in present if m.person_id in readable]
    audit.record(
        actor=actor,
        action=AuditEntry.Kind.READ,
        subjects=_household_subjects(policy, household, [m.person for m in shown]),
        purpose=purpose.value,
        roles=policy.role_names(),
        changes=context,
    )
    return HouseholdView(person, on, household, composition, shown, complete)


def _refused_household(actor: Any, purpose: Purpose, object_id: str) -> None:
    policy = policy_for(actor)
    audit.refused(actor, policy, purpose, audit.Subject(HOUSEHOLD, object_id))


def _may_change_household(policy: Policy, household: Household) -> None:
    """The actor must be allowed to change the household's aanvrager (any period)."""
    applicants = Person.objects.filter(
        pk__in=HouseholdMember.objects.filter(
            household=household, relation=HouseholdMember.Relation.AANVRAGER
        ).values("person_id")
    )
    if policy.scope_persons(applicants, Action.CHANGE).exists():
        return
    if policy.scope_persons(applicants, Action.READ).exists():
        raise NotAllowed("U mag dit huishouden inzien maar niet wijzigen.")
    raise NotVisible(NO_HOUSEHOLD)


def _locked_household(policy: Policy, household_pk: Any, expected_version: int) -> Household:
    try:
        household = Household.objects.select_for_update().get(pk=household_pk)
    except (Household.DoesNotExist, ValueError, TypeError):
        raise NotVisible(NO_HOUSEHOLD) from None
    _may_change_household(policy, household)
    if household.version != expected_version:
        raise VersionConflict(
            "Dit huishouden is intussen door iemand anders gewijzigd. Laad de gegevens opnieuw "
            "en breng uw wijziging dan opnieuw aan."
        )
    return household


def _member_subject(policy: Policy, member: HouseholdMember) -> audit.Subject:
    municipality = responsible_municipality(member.person, policy.day)
    return audit.Subject(
        object_type=HOUSEHOLD,
        object_id=str(member.household_id),
        data_subject_id=member.person.bsn,
        municipality_code=municipality.cbs_code if municipality else "",
    )


def _member_fields(member: HouseholdMember) -> dict[str, Any]:
    return {
        "person": member.person.bsn,
        "relation": member.relation,
        "valid_from": member.valid_from.isoformat(),
        "valid_until": member.valid_until.isoformat() if member.valid_until else None,
        "studies_with_student_finance": member.studies_with_student_finance,
        "rents_commercially": member.rents_commercially,
    }


def _pk(value: Any) -> Any:
    return value.pk if isinstance(value, models.Model) else value


def create_household(
    actor: Any,
    applicant: Person | int | str,
    valid_from: dt.date,
    *,
    purpose: Purpose,
    label: str = "",
) -> HouseholdMember:
    """Start a household with ``applicant`` as its aanvrager from ``valid_from``. The actor
    must be allowed to change the applicant. Returns the aanvrager's membership."""
    try:
        return _create_household(actor, _pk(applicant), valid_from, purpose=purpose, label=label)
    except NotVisible:
        _refused(actor, policy_for(actor), purpose, str(_pk(applicant)))
        raise


@transaction.atomic
def _create_household(
    actor: Any, applicant_pk: Any, valid_from: dt.date, *, purpose: Purpose, label: str
) -> HouseholdMember:
    policy = policy_for(actor)
    try:
        person = (
            _queryset(policy, Action.CHANGE).select_for_update(of=("self",)).get(pk=applicant_pk)
        )
    except (Person.DoesNotExist, ValueError, TypeError):
        if _queryset(policy, Action.READ).filter(pk=applicant_pk).exists():
            raise NotAllowed("U mag deze persoon inzien maar niet wijzigen.") from None
        raise NotVisible("Persoon niet gevonden, of u heeft geen toegang.") from None
    household = Household(label=label)
    household.full_clean()
    household.save()
    member = HouseholdMember(
        household=household,
        person=person,
        relation=HouseholdMember.Relation.AANVRAGER,
        valid_from=valid_from,
    )
    member.full_clean()
    member.save()
    audit.record(
        actor=actor,
        action=AuditEntry.Kind.CREATE,
        subjects=[_member_subject(policy, member)],
        purpose=purpose.value,
        roles=policy.role_names(),
        changes={"fields": {k: [None, v] for k, v in _member_fields(member).items()}},
    )
    return member


def add_household_member(
    actor: Any,
    household: Household | int | str,
    person: Person | int | str,
    relation: str,
    period: Period,
    *,
    expected_version: int,
    purpose: Purpose,
    studies_with_student_finance: bool = False,
    rents_commercially: bool = False,
) -> HouseholdMember:
    """Add ``person`` to ``household`` in ``relation`` for ``period``.

    The actor must be allowed to change the household's aanvrager; the person added need
    not be visible on their own (a child is usually registered in no domain). Refused with
    a Dutch :class:`ValidationError` when the person already belongs to a household in that
    period, or the household already has an aanvrager or partner then; nothing is saved.
    ``expected_version`` is the household version the actor saw (:class:`VersionConflict`)."""
    try:
        return _add_household_member(
            actor,
            _pk(household),
            _pk(person),
            relation,
            period,
            expected_version=expected_version,
            purpose=purpose,
            studies_with_student_finance=studies_with_student_finance,
            rents_commercially=rents_commercially,
        )
    except NotVisible:
        _refused_household(actor, purpose, str(_pk(household)))
        raise


@transaction.atomic
def _add_household_member(
    actor: Any,
    household_pk: Any,
    person_pk: Any,
    relation: str,
    period: Period,
    *,
    expected_version: int,
    purpose: Purpose,
    studies_with_student_finance: bool,
    rents_commercially: bool,
) -> HouseholdMember:
    policy = policy_for(actor)
    household = _locked_household(policy, household_pk, expected_version)
    try:
        person = Person.objects.select_for_update().get(pk=person_pk)
    except (Person.DoesNotExist, ValueError, TypeError):
        raise ValidationError(
            {"person": "Deze persoon is niet gevonden."}, code="unknown_person"
        ) from None
    member = HouseholdMember(
        household=household,
        person=person,
        relation=relation,
        valid_from=period.valid_from,
        valid_until=period.valid_until,
        studies_with_student_finance=studies_with_student_finance,
        rents_commercially=rents_commercially,
    )
    member.full_clean()
    member.save()
    household.version += 1
    household.save(update_fields=["version", "updated_at"])
    audit.record(
        actor=actor,
        action=AuditEntry.Kind.CREATE,
        subjects=[_member_subject(policy, member)],
        purpose=purpose.value,
        roles=policy.role_names(),
        changes={"fields": {k: [None, v] for k, v in _member_fields(member).items()}},
    )
    return member


def end_household_member(
    actor: Any,
    member: HouseholdMember | int | str,
    until: dt.date,
    *,
    expected_version: int,
    purpose: Purpose,
) -> HouseholdMember:
    """End a membership: ``until`` is the last day the person belonged to the household
    (for example the day before a partner moves out). ``expected_version`` is the household
    version the actor saw. Refused with a Dutch :class:`ValidationError` when ``until``
    lies before the start or makes the period overlap another household."""
    member_pk = _pk(member)
    household_pk = (
        HouseholdMember.objects.filter(pk=member_pk).values_list("household_id", flat=True).first()
        if str(member_pk).isdigit()
        else None
    )
    try:
        return _end_household_member(
            actor,
            member_pk,
            household_pk,
            until,
            expected_version=expected_version,
            purpose=purpose,
        )
    except NotVisible:
        _refused_household(actor, purpose, str(household_pk or ""))
        raise


@transaction.atomic
def _end_household_member(
    actor: Any,
    member_pk: Any,
    household_pk: Any,
    until: dt.date,
    *,
    expected_version: int,
    purpose: Purpose,
) -> HouseholdMember:
    policy = policy_for(actor)
    if household_pk is None:
        raise NotVisible(NO_HOUSEHOLD)
    household = _locked_household(policy, household_pk, expected_version)
    try:
        member = HouseholdMember.objects.select_related("person").get(
            pk=member_pk, household=household
        )
    except HouseholdMember.DoesNotExist:
        raise NotVisible(NO_HOUSEHOLD) from None
    old = member.valid_until
    if old == until:
        return member
    member.valid_until = until
    member.full_clean()
    member.save(update_fields=["valid_until"])
    household.version += 1
    household.save(update_fields=["version", "updated_at"])
    audit.record(
        actor=actor,
        action=AuditEntry.Kind.UPDATE,
        subjects=[_member_subject(policy, member)],
        purpose=purpose.value,
        roles=policy.role_names(),
        changes={"fields": {"valid_until": [old.isoformat() if old else None, until.isoformat()]}},
    )
    return member
