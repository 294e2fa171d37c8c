"""A few hundred demo persons spread over the municipalities, with plausible Dutch names,
valid test BSNs (the 999 range used for test persons, passing the elfproef), addresses in the
right municipality, and registrations in one or two domains; some fraud investigations are
marked vertrouwelijk, and one person moves from Vaals to Maastricht. Deterministic (seeded)
and idempotent."""

from __future__ import annotations

import datetime as dt
import random

from django.db import transaction
from faker import Faker

from samen.access.models import Confidentiality
from samen.organisation.models import Domain, Municipality
from samen.people.models import Address, Person, Registration

# municipality -> (number of persons, place names, postal code prefixes)
SPREAD = {
    "GM0935": (
        150,
        ["Maastricht"],
        ["6211", "6212", "6213", "6215", "6216", "6217", "6221", "6224", "6226", "6229"],
    ),
    "GM0981": (35, ["Vaals", "Lemiers", "Vijlen"], ["6291", "6293", "6294"]),
    "GM0938": (35, ["Meerssen", "Bunde", "Ulestraten"], ["6231", "6241", "6235"]),
    "GM0994": (35, ["Valkenburg", "Berg en Terblijt", "Schin op Geul"], ["6301", "6325", "6305"]),
    "GM1729": (30, ["Gulpen", "Wittem", "Eys"], ["6271", "6286", "6287"]),
    "GM1903": (15, ["Eijsden", "Margraten", "Gronsveld"], ["6245", "6269", "6247"]),
}
FIRST = dt.date(2016, 1, 1)


def test_bsns(rng: random.Random) -> list[str]:
    """Numbers of the form 999xxxxxx that pass the elfproef, in a seeded order."""
    found = []
    for middle in range(0, 1_000_000, 7):
        digits = f"999{middle:06d}"
        total = sum(int(d) * w for d, w in zip(digits[:8], range(9, 1, -1), strict=True))
        if (total - int(digits[8])) % 11 == 0:
            found.append(digits)
        if len(found) >= 2000:
            break
    rng.shuffle(found)
    return found


@transaction.atomic
def load_persons() -> int:
    """Create the demo persons. Returns how many were created now."""
    rng = random.Random(2026)  # noqa: S311  (demo data, not security)
    fake = Faker("nl_NL")
    fake.seed_instance(2026)
    bsns = iter(test_bsns(rng))
    municipalities = {m.cbs_code: m for m in Municipality.objects.all()}
    domains = {d.code: d for d in Domain.objects.all()}
    existing = set(Person.objects.values_list("bsn", flat=True))
    created = 0
    mover: Person | None = None
    for cbs, (count, places, postcodes) in SPREAD.items():
        municipality = municipalities[cbs]
        for _ in range(count):
            bsn = next(bsns)
            first_name = fake.first_name()
            last = fake.last_name()
            prefix = ""
            for candidate in ("van der ", "van den ", "van ", "de "):
                if last.lower().startswith(candidate):
                    prefix, last = candidate.strip(), last[len(candidate) :]
                    break
            birth = fake.date_of_birth(minimum_age=18, maximum_age=80)
            since = FIRST + dt.timedelta(days=rng.randrange(0, 3000))
            plan = _registrations(rng, cbs)
            if bsn in existing:
                continue
            person = Person.objects.create(
                bsn=bsn,
                given_names=first_name,
                surname_prefix=prefix,
                surname=last[:1].upper() + last[1:],
                birth_date=birth,
            )
            until = dt.date(2025, 4, 9) if cbs == "GM1903" and rng.random() < 0.5 else None
            Address.objects.create(
                person=person,
                street=fake.street_name(),
                house_number=str(rng.randrange(1, 180)),
                postal_code=f"{rng.choice(postcodes)} {fake.random_uppercase_letter()}"
                f"{fake.random_uppercase_letter()}",
                city=rng.choice(places),
                municipality=municipality,
                valid_from=since,
                valid_until=until,
            )
            for code, subject, level in plan:
                Registration.objects.create(
                    person=person,
                    domain=domains[code],
                    subject=subject,
                    confidentiality=level,
                    registered_on=since,
                )
            created += 1
            if cbs == "GM0981" and mover is None:
                mover = person
    if mover is not None:
        _move_to_maastricht(mover, municipalities["GM0935"])
    return created


def _registrations(rng: random.Random, cbs: str) -> list[tuple[str, str, int]]:
    z = Confidentiality.ZAAKVERTROUWELIJK
    plan: list[tuple[str, str, int]] = [("participatiewet", "Algemene bijstand", z)]
    roll = rng.random()
    if roll < 0.25:
        plan.append(("minima", "Bijzondere bijstand", z))
    elif roll < 0.35:
        plan.append(("reintegratie", "Traject naar werk", z))
    if cbs in ("GM0935", "GM0994") and rng.random() < 0.2:
        plan.append(("wmo", "Huishoudelijke ondersteuning", z))
    if rng.random() < 0.08:
        plan.append(("onderwijs", "Leerlingenvervoer voor een kind", z))
    if rng.random() < 0.05:
        plan.append(("participatiewet", "Fraudeonderzoek", Confidentiality.VERTROUWELIJK))
    if rng.random() < 0.1:
        plan = [p for p in plan if p[0] != "participatiewet"] or plan
    return plan


def _move_to_maastricht(person: Person, maastricht: Municipality) -> None:
    """The first Vaals person moves to Maastricht on 1 June 2026: from that day Maastricht is
    responsible."""
    move = dt.date(2026, 6, 1)
    current = person.addresses.filter(valid_until__isnull=True).first()
    if current is None or current.valid_from >= move:
        return
    current.valid_until = move - dt.timedelta(days=1)
    current.save(update_fields=["valid_until"])
    Address.objects.create(
        person=person,
        street="Markt",
        house_number="12",
        postal_code="6211 CK",
        city="Maastricht",
        municipality=maastricht,
        valid_from=move,
    )
