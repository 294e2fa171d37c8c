"""Registering a BSN that is already known (issue 10), at the service: how the identity is
compared, that a refusal is audited although its transaction is rolled back, and that two
registrations at once add one registration. The answers as users see them are tested in
tests/api/test_personen.py and tests/web/test_people_views.py."""

from __future__ import annotations

import dataclasses
import datetime as dt
import threading
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from samen.access.models import AuditEntry
from samen.access.policy import Purpose
from samen.people import services
from samen.people.models import Person, Registration
from tests.access.helpers import BSNS, Z, domains, municipalities, person, staff_with

D = dt.date
U = Purpose.UITVOERING


@pytest.fixture
def world(db: None) -> dict[str, Any]:
    munis = municipalities("GM0981", "GM0935")
    doms = domains("participatiewet", "wmo")
    vaals, pw, wmo = munis["GM0981"], doms["participatiewet"], doms["wmo"]
    known = person(BSNS[0], vaals, [(pw, Z)], surname="Dijk")
    Person.objects.filter(pk=known.pk).update(surname_prefix="van")
    return {
        "vaals": vaals,
        "wmo": wmo,
        "known": Person.objects.get(pk=known.pk),
        "wmo_consulent": staff_with("w.vaals", "consulent", [vaals], [wmo]),
    }


def registration(world: dict[str, Any], **overrides: Any) -> services.NewPerson:
    """Registration in Wmo, Vaals, with the known person's identity (van Dijk, 1-5-1980)."""
    stated = services.NewPerson(
        bsn=world["known"].bsn,
        given_names="Test",
        surname_prefix="van",
        surname="Dijk",
        birth_date=D(1980, 5, 1),
        street="Kerkstraat",
        house_number="1",
        postal_code="6291 AA",
        city="Vaals",
        municipality=world["vaals"],
        living_since=D(2016, 1, 1),
        domain=world["wmo"],
        subject="Huishoudelijke hulp",
    )
    return dataclasses.replace(stated, **overrides)


@pytest.mark.parametrize(
    ("prefix", "surname"),
    [
        ("van", "Dijk"),
        ("", "van Dijk"),  # the prefix typed into the surname
        ("Van", "DIJK"),
        (" van ", "  dijk\t"),
        ("", "van\u00a0Dijk"),  # a no-break space (NFKC makes it a space)
    ],
)
def test_the_surname_is_compared_with_its_prefix_casefolded_and_whitespace_normalised(
    world: dict[str, Any], prefix: str, surname: str
) -> None:
    stated = registration(world, surname_prefix=prefix, surname=surname)
    view = services.create_person(world["wmo_consulent"], stated, U)
    assert view.person.pk == world["known"].pk
    assert [r.domain.code for r in view.registrations] == ["wmo"]
    known = Person.objects.get(pk=world["known"].pk)
    assert (known.surname_prefix, known.surname) == ("van", "Dijk")  # as stored


@pytest.mark.parametrize(
    "overrides",
    [
        {"surname_prefix": "", "surname": "Dijk"},  # the prefix left out is another name
        {"surname": "Dijkstra"},
        {"birth_date": D(1980, 1, 5)},
    ],
)
def test_another_identity_is_refused_and_nothing_is_saved(
    world: dict[str, Any], overrides: dict[str, Any]
) -> None:
    registrations = Registration.objects.count()
    with pytest.raises(ValidationError) as refused:
        services.create_person(world["wmo_consulent"], registration(world, **overrides), U)
    assert refused.value.message_dict == {"bsn": [services.NOT_REGISTRABLE]}
    assert Registration.objects.count() == registrations
    entry = AuditEntry.objects.get(action=AuditEntry.Kind.REFUSED)
    assert (entry.object_type, entry.data_subject_id) == ("inschrijving", world["known"].bsn)
    reasons = entry.changes["refusal"]["reasons"]
    assert reasons == (["birth_date"] if "birth_date" in overrides else ["surname"])


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_refusal_is_recorded_outside_the_transaction_that_is_rolled_back() -> None:
    """Without a test transaction around it: the registration's transaction is rolled back,
    the audit entry stays."""
    munis = municipalities("GM0981", "GM0935")
    doms = domains("participatiewet", "wmo")
    elsewhere = person(BSNS[1], munis["GM0935"], [(doms["participatiewet"], Z)])
    actor = staff_with("w.vaals", "consulent", [munis["GM0981"]], [doms["wmo"]])
    world = {"known": elsewhere, "vaals": munis["GM0981"], "wmo": doms["wmo"]}
    stated = registration(world, surname=elsewhere.surname, surname_prefix="")
    assert not connection.in_atomic_block
    with pytest.raises(ValidationError):
        services.create_person(actor, stated, U)
    assert Registration.objects.filter(person=elsewhere).count() == 1
    entry = AuditEntry.objects.get(action=AuditEntry.Kind.REFUSED)
    assert entry.changes["refusal"]["responsible_municipality"] == "GM0935"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent writers need PostgreSQL")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_registrations_at_once_add_one() -> None:
    """The known person's row is locked first, so the second sees the first's registration."""
    munis = municipalities("GM0981")
    doms = domains("participatiewet", "wmo")
    known = person(BSNS[2], munis["GM0981"], [(doms["participatiewet"], Z)], surname="Dijk")
    actors = [
        staff_with(f"w{n}.vaals", "consulent", [munis["GM0981"]], [doms["wmo"]]) for n in (1, 2)
    ]
    world = {"known": known, "vaals": munis["GM0981"], "wmo": doms["wmo"]}
    stated = registration(world, surname_prefix="")
    start = threading.Barrier(2)
    results: list[Any] = []

    def work(actor: Any) -> None:
        try:
            start.wait()
            results.append(services.create_person(actor, stated, U))
        except ValidationError as error:
            results.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work, args=(actor,)) for actor in actors]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(type(r).__name__ for r in results) == ["PersonView", "ValidationError"]
    assert Registration.objects.filter(person=known, domain=doms["wmo"]).count() == 1


def test_a_new_bsn_registered_at_the_same_moment_elsewhere_gets_the_same_answer(
    world: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The race the row lock cannot cover: nobody had the BSN when the service looked, and
    another registration stored it before this one saved. The unique index refuses the
    second; the answer is the generic refusal, not Django's "already exists" or a 500."""
    new_bsn = BSNS[3]
    original = Person.full_clean

    def someone_else_first(self: Person, *args: Any, **kwargs: Any) -> None:
        original(self, *args, **kwargs)
        Person.objects.create(
            bsn=new_bsn, given_names="A", surname="Ander", birth_date=D(1970, 1, 1)
        )

    monkeypatch.setattr(Person, "full_clean", someone_else_first)
    stated = registration(world, bsn=new_bsn)
    with pytest.raises(ValidationError) as refused:
        services.create_person(world["wmo_consulent"], stated, U)
    assert refused.value.message_dict == {"bsn": [services.NOT_REGISTRABLE]}
