"""Builders for privacy tests: municipalities, staff with grants, persons with addresses and
registrations, valid test BSNs. Plain functions (no fixtures), so property tests can call
them inside each generated example."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from django.utils import timezone

from samen.access.models import Confidentiality, Grant, Role
from samen.access.policy import forget
from samen.organisation.models import Domain, Municipality
from samen.people.models import Address, Person, Registration
from tests import factories

D = dt.date
Z = Confidentiality.ZAAKVERTROUWELIJK
V = Confidentiality.VERTROUWELIJK
LONG_AGO = D(2016, 1, 1)


def today() -> dt.date:
    return timezone.localdate()


def elfproef(digits: str) -> bool:
    """The BSN check, written out here so the tests do not lean on the code under test."""
    weights = [9, 8, 7, 6, 5, 4, 3, 2, -1]
    return len(digits) == 9 and sum(int(d) * w for d, w in zip(digits, weights)) % 11 == 0


def valid_bsns() -> Iterator[str]:
    """Valid test BSNs (the 999 range), in order."""
    for n in itertools.count():
        candidate = f"999{n:06d}"
        if elfproef(candidate):
            yield candidate


BSNS = list(itertools.islice(valid_bsns(), 2000))


def municipalities(*codes: str) -> dict[str, Municipality]:
    """The SZMH municipalities (all six when no codes are given), by CBS code."""
    wanted = codes or tuple(factories.CBS_NAMES)
    return {
        code: factories.MunicipalityFactory(cbs_code=code, name=factories.CBS_NAMES[code])
        for code in wanted
    }


def domains(*codes: str) -> dict[str, Domain]:
    """Domains by code (the reference data migration loads them; the factory reuses them)."""
    return {code: factories.DomainFactory(code=code) for code in codes}


def staff_user(username: str, name: str | None = None) -> Any:
    user = factories.UserFactory(username=username)
    factories.StaffFactory(user=user, name=name or username, employee_number=username[:20])
    return user


def grant(
    user: Any,
    role: str,
    munis: Iterable[Municipality],
    doms: Iterable[Domain],
    *,
    level: int = Z,
    valid_from: dt.date = LONG_AGO,
    valid_until: dt.date | None = None,
) -> Grant:
    created = Grant.objects.create(
        status=Grant.Status.APPROVED,  # as if a second person approved it
        staff=user.staff,
        role=Role.objects.get(code=role),
        max_confidentiality=level,
        valid_from=valid_from,
        valid_until=valid_until,
    )
    created.municipalities.set(list(munis))
    created.domains.set(list(doms))
    forget(user)
    return created


def staff_with(
    username: str,
    role: str,
    munis: Iterable[Municipality],
    doms: Iterable[Domain],
    **kwargs: Any,
) -> Any:
    """A staff member (user) with one grant."""
    user = staff_user(username)
    grant(user, role, munis, doms, **kwargs)
    return user


def person(
    bsn: str,
    municipality: Municipality,
    registrations: Sequence[tuple[Domain, int]] = (),
    *,
    since: dt.date = LONG_AGO,
    until: dt.date | None = None,
    surname: str | None = None,
) -> Person:
    """A person living in ``municipality`` from ``since``, known in the given domains."""
    created = Person.objects.create(
        bsn=bsn,
        given_names="Test",
        surname=surname or f"Persoon {bsn}",
        birth_date=D(1980, 5, 1),
    )
    move(created, municipality, since, until)
    for domain, level in registrations:
        Registration.objects.create(
            person=created,
            domain=domain,
            subject=f"Dossier {domain.code}",
            confidentiality=level,
            registered_on=since,
        )
    return created


def move(
    who: Person, municipality: Municipality, since: dt.date, until: dt.date | None = None
) -> Address:
    return Address.objects.create(
        person=who,
        street="Kerkstraat",
        house_number="1",
        postal_code="6291 AA",
        city=municipality.name,
        municipality=municipality,
        valid_from=since,
        valid_until=until,
    )
