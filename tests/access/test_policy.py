"""The one access policy, by example: separation by municipality, domain, confidentiality
and period; the responsible municipality follows the address; default deny."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from samen.access.models import Confidentiality, Grant, Role
from samen.access.policy import Purpose, forget, policy_for
from samen.organisation.models import Domain
from samen.people import services
from samen.people.models import Address, Person, Registration
from tests import factories

pytestmark = pytest.mark.django_db
D = dt.date
TODAY = timezone.localdate()


@pytest.fixture
def world():
    munis = {
        code: factories.MunicipalityFactory(cbs_code=code, name=name)
        for code, name in factories.CBS_NAMES.items()
    }
    domains = {d.code: d for d in Domain.objects.all()}
    return munis, domains


def staff_with(
    username,
    role,
    munis,
    domains,
    level=Confidentiality.ZAAKVERTROUWELIJK,
    valid_from=D(2020, 1, 1),
    valid_until=None,
):
    user = factories.UserFactory(username=username)
    staff = factories.StaffFactory(user=user, name=username)
    grant = Grant.objects.create(
        status=Grant.Status.APPROVED,  # as if a second person approved it
        staff=staff,
        role=Role.objects.get(code=role),
        max_confidentiality=level,
        valid_from=valid_from,
        valid_until=valid_until,
    )
    grant.municipalities.set(munis)
    grant.domains.set(domains)
    return user


def person(bsn, municipality, *registrations, since=D(2020, 1, 1)):
    p = Person.objects.create(
        bsn=bsn, given_names="Test", surname=f"Persoon {bsn}", birth_date=D(1980, 5, 1)
    )
    Address.objects.create(
        person=p,
        street="Straat",
        house_number="1",
        postal_code="6211 AA",
        city=municipality.name,
        municipality=municipality,
        valid_from=since,
    )
    for domain, level in registrations:
        Registration.objects.create(
            person=p, domain=domain, subject="Dossier", confidentiality=level, registered_on=since
        )
    return p


Z = Confidentiality.ZAAKVERTROUWELIJK
V = Confidentiality.VERTROUWELIJK


def shown(user):
    forget(user)
    return {v.person.bsn for v in services.list_persons(user, Purpose.UITVOERING, limit=500).items}


def test_a_municipality_sees_only_its_own_residents(world):
    munis, domains = world
    pw = domains["participatiewet"]
    vaals = person("999990019", munis["GM0981"], (pw, Z))
    maastricht = person("999990020", munis["GM0935"], (pw, Z))
    consulent = staff_with("c.vaals", "consulent", [munis["GM0981"]], [pw])
    assert shown(consulent) == {vaals.bsn}
    with pytest.raises(services.NotVisible):
        services.get_person(consulent, maastricht.pk, Purpose.UITVOERING)


def test_a_fraud_investigation_stays_hidden_from_an_ordinary_consulent(world):
    munis, domains = world
    pw = domains["participatiewet"]
    suspect = person("999990032", munis["GM0981"], (pw, V))
    consulent = staff_with("c.vaals", "consulent", [munis["GM0981"]], [pw], level=Z)
    investigator = staff_with("h.vaals", "handhaving", [munis["GM0981"]], [pw], level=V)
    assert shown(consulent) == set()
    assert shown(investigator) == {suspect.bsn}


def test_a_person_in_two_domains_shows_each_actor_only_their_domains(world):
    munis, domains = world
    pw, wmo = domains["participatiewet"], domains["wmo"]
    both = person("999990044", munis["GM0935"], (pw, Z), (wmo, Z))
    income = staff_with("c.inkomen", "consulent", [munis["GM0935"]], [pw])
    support = staff_with("c.wmo", "consulent", [munis["GM0935"]], [wmo])
    assert [d.code for d in services.get_person(income, both.pk, Purpose.UITVOERING).domains] == [
        "participatiewet"
    ]
    assert [d.code for d in services.get_person(support, both.pk, Purpose.UITVOERING).domains] == [
        "wmo"
    ]


def test_a_move_changes_the_responsible_municipality_from_the_moving_date(world):
    munis, domains = world
    pw = domains["participatiewet"]
    mover = person("999990056", munis["GM0981"], (pw, Z))
    move = TODAY + dt.timedelta(days=10)
    Address.objects.filter(person=mover).update(valid_until=move - dt.timedelta(days=1))
    Address.objects.create(
        person=mover,
        street="Markt",
        house_number="1",
        postal_code="6211 CK",
        city="Maastricht",
        municipality=munis["GM0935"],
        valid_from=move,
    )
    vaals = staff_with("c.vaals", "consulent", [munis["GM0981"]], [pw])
    maastricht = staff_with("c.maastricht", "consulent", [munis["GM0935"]], [pw])
    assert services.responsible_municipality(mover, TODAY) == munis["GM0981"]
    assert services.responsible_municipality(mover, move) == munis["GM0935"]
    assert shown(vaals) == {mover.bsn}
    assert shown(maastricht) == set()
    for user in (vaals, maastricht):
        forget(user)
    assert policy_for(maastricht, move).allows("read", munis["GM0935"].pk, pw.pk, Z)
    assert {
        p.bsn for p in policy_for(maastricht, move).scope_persons(Person.objects.all(), "read")
    } == {mover.bsn}
    assert not policy_for(vaals, move).scope_persons(Person.objects.all(), "read").exists()


def test_default_deny_without_grants_and_for_roles_without_personal_data(world):
    munis, domains = world
    pw = domains["participatiewet"]
    person("999990068", munis["GM0981"], (pw, Z))
    nobody = factories.UserFactory(username="niemand")
    factories.StaffFactory(user=nobody, name="Niemand")
    contact = staff_with("contact.vaals", "contactpersoon", [munis["GM0981"]], [pw])
    officer = staff_with("fg", "fg", list(munis.values()), [])
    for user in (nobody, contact, officer):
        assert shown(user) == set()


def test_an_expired_grant_opens_nothing(world):
    munis, domains = world
    pw = domains["participatiewet"]
    person("999990020", munis["GM0981"], (pw, Z))
    former = staff_with(
        "c.oud", "consulent", [munis["GM0981"]], [pw], valid_until=TODAY - dt.timedelta(days=1)
    )
    assert shown(former) == set()


def test_a_toetser_may_read_but_not_change(world):
    munis, domains = world
    pw = domains["participatiewet"]
    p = person("999990007", munis["GM0981"], (pw, Z))
    reviewer = staff_with("toetser", "toetser", [munis["GM0981"]], [pw])
    assert services.get_person(reviewer, p.pk, Purpose.CONTROLE).person == p
    with pytest.raises(services.NotAllowed):
        services.change_person(
            reviewer, p.pk, {"surname": "Anders"}, expected_version=1, purpose=Purpose.CONTROLE
        )
    p.refresh_from_db()
    assert p.surname == "Persoon 999990007"


def test_optimistic_locking_refuses_a_stale_change(world):
    munis, domains = world
    pw = domains["participatiewet"]
    p = person("999990081", munis["GM0981"], (pw, Z))
    consulent = staff_with("c.vaals", "consulent", [munis["GM0981"]], [pw])
    services.change_person(
        consulent, p.pk, {"surname": "Eerste"}, expected_version=1, purpose=Purpose.UITVOERING
    )
    with pytest.raises(services.VersionConflict, match="intussen door iemand anders gewijzigd"):
        services.change_person(
            consulent, p.pk, {"surname": "Tweede"}, expected_version=1, purpose=Purpose.UITVOERING
        )
    p.refresh_from_db()
    assert (p.surname, p.version) == ("Eerste", 2)
