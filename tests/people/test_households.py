"""Households: who lived in a household on a date and in which relation to the applicant
(pure rules), the refusals (overlap, one aanvrager), access through the one policy, the audit
line per member shown, optimistic locking, and the demo households."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from samen.access.models import AuditEntry
from samen.access.policy import Purpose
from samen.common.periods import Period
from samen.people import household_services as services
from samen.people.households import (
    CompositionError,
    MemberFact,
    Relation,
    changes_between,
    composition_on,
)
from samen.people.models import Household, HouseholdMember
from tests.access.helpers import BSNS, Z, domains, municipalities, person, staff_with

D = dt.date
U = Purpose.UITVOERING

# -- the pure rules ----------------------------------------------------------------------------

APPLICANT = MemberFact(1, Relation.AANVRAGER, D(2020, 1, 1))
PARTNER = MemberFact(2, Relation.PARTNER, D(2020, 1, 1), D(2026, 9, 30))
CHILD = MemberFact(3, Relation.KIND, D(2020, 1, 1), birth_date=D(2008, 9, 15))
STUDENT = MemberFact(4, Relation.MEDEBEWONER, D(2026, 11, 1), studies_with_student_finance=True)
FAMILY = [APPLICANT, PARTNER, CHILD, STUDENT]


def test_the_partner_belongs_to_the_household_up_to_the_last_day_and_not_after():
    assert composition_on(FAMILY, D(2026, 9, 30)).partner == PARTNER
    after = composition_on(FAMILY, D(2026, 10, 1))
    assert after.partner is None
    assert after.applicant == APPLICANT
    assert after.children == (CHILD,)


def test_a_child_turning_18_stays_a_kind():
    before, after = composition_on(FAMILY, D(2026, 9, 14)), composition_on(FAMILY, D(2026, 9, 15))
    assert before.children == after.children == (CHILD,)
    assert after.housemates == ()


def test_a_housemate_arriving_is_a_housemate_from_that_day():
    assert composition_on(FAMILY, D(2026, 10, 31)).housemates == ()
    arrived = composition_on(FAMILY, D(2026, 11, 1))
    assert arrived.housemates == (STUDENT,)
    assert arrived.housemates[0].studies_with_student_finance
    assert [m.person_id for m in arrived.members] == [1, 3, 4]


def test_before_anyone_joined_the_household_is_empty():
    assert composition_on(FAMILY, D(2019, 12, 31)).is_empty


def test_changes_between_gives_the_days_the_composition_changes():
    assert changes_between(FAMILY, D(2026, 1, 1), D(2026, 12, 31)) == [
        D(2026, 10, 1),  # the partner left
        D(2026, 11, 1),  # the student arrived
    ]
    assert changes_between(FAMILY, D(2020, 1, 1), D(2020, 12, 31)) == [D(2020, 1, 1)]
    assert changes_between(FAMILY, D(2027, 1, 1), D(2026, 1, 1)) == []


def test_a_membership_continued_the_next_day_is_no_change():
    split = [
        MemberFact(1, Relation.AANVRAGER, D(2020, 1, 1), D(2024, 12, 31)),
        MemberFact(1, Relation.AANVRAGER, D(2025, 1, 1)),
    ]
    assert changes_between(split, D(2024, 1, 1), D(2025, 12, 31)) == []


def test_a_housemate_fact_changing_is_a_change():
    facts = [
        APPLICANT,
        MemberFact(4, Relation.MEDEBEWONER, D(2024, 9, 1), D(2026, 6, 30), True),
        MemberFact(4, Relation.MEDEBEWONER, D(2026, 7, 1)),  # stopped studying
    ]
    assert changes_between(facts, D(2026, 1, 1), D(2026, 12, 31)) == [D(2026, 7, 1)]


def test_two_applicants_on_one_day_contradict_the_rules():
    with pytest.raises(CompositionError, match="meer dan één aanvrager"):
        composition_on([APPLICANT, MemberFact(9, Relation.AANVRAGER, D(2025, 1, 1))], D(2025, 1, 1))


def test_the_model_relations_are_those_of_the_pure_rules():
    assert set(HouseholdMember.Relation.values) == {r.value for r in Relation}


# -- services, refusals, access and audit -------------------------------------------------------

needs_db = pytest.mark.django_db


class World:
    def __init__(self) -> None:
        munis = municipalities("GM0981", "GM0935")
        self.vaals, self.maastricht = munis["GM0981"], munis["GM0935"]
        doms = domains("participatiewet", "wmo")
        self.pw, self.wmo = doms["participatiewet"], doms["wmo"]
        self.consulent = staff_with("consulent.vaals", "consulent", [self.vaals], [self.pw])
        self.toetser = staff_with("toetser.vaals", "toetser", [self.vaals], [self.pw])
        self.wmo_consulent = staff_with("consulent.wmo", "consulent", [self.vaals], [self.wmo])
        self.maastricht_consulent = staff_with(
            "consulent.maastricht", "consulent", [self.maastricht], [self.pw]
        )
        self.anna = person(BSNS[0], self.vaals, [(self.pw, Z)], surname="Anna")
        self.bert = person(BSNS[1], self.vaals, [(self.pw, Z)], surname="Bert")
        self.kees = person(BSNS[2], self.vaals, surname="Kees")  # a child, no registration
        self.wim = person(BSNS[3], self.vaals, [(self.wmo, Z)], surname="Wim")  # Wmo only
        self.carla = person(BSNS[4], self.maastricht, [(self.pw, Z)], surname="Carla")
        self.dave = person(BSNS[5], self.vaals, [(self.pw, Z)], surname="Dave")


@pytest.fixture
def world(db: None) -> World:
    return World()


def anna_household(w: World) -> Household:
    """Anna (aanvrager) with Bert (partner, leaves after 30 September 2026), Kees (child)
    and Wim (housemate, student, from 1 September 2024)."""
    start = D(2020, 1, 1)
    household = services.create_household(w.consulent, w.anna, start, purpose=U).household
    add = services.add_household_member
    add(w.consulent, household, w.bert, "partner", Period(start), expected_version=1, purpose=U)
    add(w.consulent, household, w.kees, "kind", Period(start), expected_version=2, purpose=U)
    add(
        w.consulent,
        household,
        w.wim,
        "medebewoner",
        Period(D(2024, 9, 1)),
        expected_version=3,
        purpose=U,
        studies_with_student_finance=True,
    )
    bert = HouseholdMember.objects.get(person=w.bert)
    services.end_household_member(w.consulent, bert, D(2026, 9, 30), expected_version=4, purpose=U)
    household.refresh_from_db()
    return household


def entries(**filters) -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(**filters).order_by("sequence"))


@needs_db
def test_a_vaals_consulent_reads_the_whole_vaals_household_and_each_member_is_audited(world):
    household = anna_household(world)
    assert household.version == 5
    before = AuditEntry.objects.count()

    view = services.household_of(world.consulent, world.anna.pk, D(2026, 6, 1), U)

    assert view.complete
    assert view.applicant.person == world.anna
    assert view.partner.person == world.bert
    assert [m.person for m in view.children] == [world.kees]  # not visible on its own
    assert [m.person for m in view.housemates] == [world.wim]  # Wmo only: idem
    reads = entries(sequence__gt=before)
    assert [(e.action, e.object_type, e.object_id) for e in reads] == [
        ("read", "huishouden", str(household.pk))
    ] * 4
    assert [e.data_subject_id for e in reads] == [
        p.bsn for p in (world.anna, world.bert, world.kees, world.wim)
    ]
    assert all(e.changes == {"peildatum": "2026-06-01"} for e in reads)
    assert reads[0].municipality_code == "GM0981"
    assert reads[0].domain_code == "participatiewet"


@needs_db
def test_after_the_partner_left_the_household_shows_no_partner(world):
    anna_household(world)
    view = services.household_of(world.consulent, world.anna.pk, D(2026, 10, 1), U)
    assert view.partner is None
    assert view.composition.partner is None
    assert [m.person for m in view.members] == [world.anna, world.kees, world.wim]
    update = entries(action="update")[-1]
    assert update.changes == {"fields": {"valid_until": [None, "2026-09-30"]}}
    assert update.data_subject_id == world.bert.bsn


@needs_db
def test_a_maastricht_household_is_not_visible_to_the_vaals_consulent(world):
    services.create_household(world.maastricht_consulent, world.carla, D(2020, 1, 1), purpose=U)
    before = AuditEntry.objects.count()
    with pytest.raises(services.NotVisible):
        services.household_of(world.consulent, world.carla.pk, D(2026, 6, 1), U)
    [refusal] = entries(sequence__gt=before)
    assert (refusal.action, refusal.object_type, refusal.object_id) == (
        "refused",
        "persoon",
        str(world.carla.pk),
    )
    assert not entries(action="read", data_subject_id=world.carla.bsn)


@needs_db
def test_without_the_applicant_only_the_members_one_may_read_are_shown(world):
    household = anna_household(world)
    view = services.household_of(world.wmo_consulent, world.wim.pk, D(2026, 6, 1), U)
    assert not view.complete
    assert view.household == household
    assert [m.person for m in view.members] == [world.wim]
    assert view.applicant is None  # Anna's Participatiewet dossier stays closed
    assert view.composition.applicant is not None  # the rule knows; the view does not show it
    reads = entries(action="read", object_type="huishouden", actor_id=world.wmo_consulent.pk)
    assert [e.data_subject_id for e in reads] == [world.wim.bsn]


@needs_db
def test_a_person_without_household_reads_as_an_empty_household(world):
    view = services.household_of(world.consulent, world.dave.pk, D(2026, 6, 1), U)
    assert view.household is None and view.members == []
    [read] = entries(action="read", data_subject_id=world.dave.bsn)
    assert read.object_type == "persoon"


@needs_db
def test_a_person_in_two_households_at_once_is_refused_and_nothing_is_saved(world):
    anna_household(world)
    other = services.create_household(world.consulent, world.dave, D(2021, 1, 1), purpose=U)
    counts = (HouseholdMember.objects.count(), AuditEntry.objects.filter(action="create").count())
    with pytest.raises(ValidationError) as refused:
        services.add_household_member(
            world.consulent,
            other.household,
            world.kees,
            "kind",
            Period(D(2025, 1, 1)),
            expected_version=1,
            purpose=U,
        )
    assert refused.value.messages == [
        "Deze persoon hoort in die periode al bij een huishouden (vanaf 1 januari 2020)."
    ]
    assert (
        HouseholdMember.objects.count(),
        AuditEntry.objects.filter(action="create").count(),
    ) == counts
    other.household.refresh_from_db()
    assert other.household.version == 1


@needs_db
def test_joining_after_leaving_the_other_household_is_allowed(world):
    anna_household(world)
    other = services.create_household(world.consulent, world.dave, D(2021, 1, 1), purpose=U)
    services.add_household_member(
        world.consulent,
        other.household,
        world.bert,
        "partner",
        Period(D(2026, 10, 1)),
        expected_version=1,
        purpose=U,
    )
    view = services.household_of(world.consulent, world.bert.pk, D(2026, 10, 1), U)
    assert view.applicant.person == world.dave


@needs_db
def test_a_household_has_one_aanvrager_at_a_time(world):
    household = anna_household(world)
    with pytest.raises(ValidationError) as refused:
        services.add_household_member(
            world.consulent,
            household,
            world.dave,
            "aanvrager",
            Period(D(2026, 1, 1)),
            expected_version=household.version,
            purpose=U,
        )
    assert refused.value.messages == [
        "Dit huishouden heeft in die periode al een aanvrager (vanaf 1 januari 2020)."
    ]
    assert not HouseholdMember.objects.filter(person=world.dave).exists()


@needs_db
def test_a_second_partner_in_the_same_period_is_refused_but_after_the_first_left_not(world):
    household = anna_household(world)
    add = services.add_household_member
    with pytest.raises(ValidationError, match="al een partner"):
        add(
            world.consulent,
            household,
            world.dave,
            "partner",
            Period(D(2026, 9, 1)),
            expected_version=5,
            purpose=U,
        )
    add(
        world.consulent,
        household,
        world.dave,
        "partner",
        Period(D(2026, 10, 1)),
        expected_version=5,
        purpose=U,
    )
    assert (
        services.household_of(world.consulent, world.anna.pk, D(2026, 10, 1), U).partner.person
        == world.dave
    )


@needs_db
def test_the_model_refuses_the_same_in_clean(world):
    household = anna_household(world)
    second = HouseholdMember(
        household=household, person=world.dave, relation="aanvrager", valid_from=D(2020, 1, 1)
    )
    with pytest.raises(ValidationError, match="al een aanvrager"):
        second.full_clean()
    flags = HouseholdMember(
        household=household,
        person=world.dave,
        relation="kind",
        valid_from=D(2030, 1, 1),
        rents_commercially=True,
    )
    with pytest.raises(ValidationError, match="alleen vastgelegd voor een medebewoner"):
        flags.full_clean()
    before_birth = HouseholdMember(
        household=Household.objects.create(),
        person=world.dave,
        relation="aanvrager",
        valid_from=D(1970, 1, 1),
        valid_until=D(1971, 1, 1),
    )
    with pytest.raises(ValidationError, match="vóór de geboortedatum"):
        before_birth.full_clean()


@needs_db
def test_an_end_before_the_start_is_refused(world):
    household = anna_household(world)
    kees = HouseholdMember.objects.get(person=world.kees)
    with pytest.raises(ValidationError, match="De einddatum ligt vóór de begindatum"):
        services.end_household_member(
            world.consulent, kees, D(2019, 1, 1), expected_version=household.version, purpose=U
        )
    kees.refresh_from_db()
    assert kees.valid_until is None


@needs_db
def test_a_stale_version_is_a_conflict_and_nothing_is_saved(world):
    household = anna_household(world)
    seen = household.version
    services.add_household_member(
        world.consulent,
        household,
        world.dave,
        "medebewoner",
        Period(D(2026, 11, 1)),
        expected_version=seen,
        purpose=U,
        rents_commercially=True,
    )
    kees = HouseholdMember.objects.get(person=world.kees)
    with pytest.raises(services.VersionConflict, match="intussen door iemand anders gewijzigd"):
        services.end_household_member(
            world.consulent, kees, D(2026, 12, 31), expected_version=seen, purpose=U
        )
    kees.refresh_from_db()
    assert kees.valid_until is None
    household.refresh_from_db()
    assert household.version == seen + 1


@needs_db
def test_a_toetser_may_read_but_not_change_and_others_find_nothing(world):
    household = anna_household(world)
    assert services.household_of(world.toetser, world.anna.pk, D(2026, 6, 1), U).complete
    with pytest.raises(services.NotAllowed):
        services.add_household_member(
            world.toetser,
            household,
            world.dave,
            "kind",
            Period(D(2026, 1, 1)),
            expected_version=household.version,
            purpose=U,
        )
    with pytest.raises(services.NotVisible):
        services.add_household_member(
            world.maastricht_consulent,
            household,
            world.dave,
            "kind",
            Period(D(2026, 1, 1)),
            expected_version=household.version,
            purpose=U,
        )
    refusal = entries(action="refused")[-1]
    assert (refusal.object_type, refusal.object_id) == ("huishouden", str(household.pk))
    assert refusal.actor_id == world.maastricht_consulent.pk
    assert not HouseholdMember.objects.filter(person=world.dave).exists()
    with pytest.raises(services.NotVisible):
        services.create_household(world.maastricht_consulent, world.dave, D(2026, 1, 1), purpose=U)


# -- the demo --------------------------------------------------------------------------------


@pytest.fixture
def demo_world(db: None, settings) -> None:
    from samen.access.demo import load_grants
    from samen.organisation import demo
    from samen.organisation.models import CbsMunicipalityCode
    from tests.access.test_crawl import CODES

    settings.DEMO_MODE = True
    for code, name in CODES:
        CbsMunicipalityCode.objects.get_or_create(
            code=code, defaults={"name": name, "valid_from": D(1982, 1, 1)}
        )
    demo.load_demo()
    load_grants()


@needs_db
def test_the_demo_households(demo_world):
    from samen.organisation.models import Staff
    from samen.people.demo import PARTNER_LEAVES, load_persons
    from samen.people.models import Address, Person
    from tests.access.helpers import elfproef

    first = load_persons()
    counts = (Person.objects.count(), Household.objects.count(), HouseholdMember.objects.count())
    assert load_persons() == 0
    assert (
        Person.objects.count(),
        Household.objects.count(),
        HouseholdMember.objects.count(),
    ) == counts
    assert first == counts[0]
    # The 300 registered demo persons are still there, the Vaals -> Maastricht move too.
    assert Person.objects.filter(registrations__isnull=False).distinct().count() == 300
    assert Address.objects.filter(municipality__cbs_code="GM0935", street="Markt").count() == 1
    assert all(elfproef(bsn) for bsn in Person.objects.values_list("bsn", flat=True))

    members = HouseholdMember.objects.all()
    assert members.filter(relation="medebewoner", studies_with_student_finance=True).exists()
    assert members.filter(relation="medebewoner", rents_commercially=True).exists()
    assert members.filter(relation="kind", person__birth_date=D(2008, 9, 15)).exists()
    [leaver] = members.filter(valid_until__isnull=False)
    assert (leaver.relation, leaver.valid_until) == ("partner", PARTNER_LEAVES)
    for member in members.select_related("household"):
        assert member.full_clean() is None

    # The Vaals consulent sees that household, before and after the partner left.
    consulent = Staff.objects.get(user__username="consulent.vaals").user
    applicant = leaver.household.members.get(relation="aanvrager").person
    before = services.household_of(consulent, applicant.pk, PARTNER_LEAVES, U)
    after = services.household_of(consulent, applicant.pk, D(2026, 10, 1), U)
    assert before.partner.person == leaver.person
    assert after.partner is None
    assert before.children
