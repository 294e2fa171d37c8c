"""A few hundred demo persons spread over the municipalities, with plausible Dutch names,
valid test BSNs (the 999 range used for test persons, passing the elfproef), addresses in the
right municipality, and registrations in one or two domains; some fraud investigations are
marked vertrouwelijk, and one person moves from Vaals to Maastricht. Some of them live in
households (see :func:`load_households`): couples, children, housemates. Deterministic (seeded)
and idempotent."""

from __future__ import annotations

import datetime as dt
import random

from django.db import transaction
from faker import Faker

from samen.access.models import Confidentiality
from samen.organisation.models import Domain, Municipality
from samen.people.models import Address, Household, HouseholdMember, Person, Registration

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
#: The day the demo's birth dates are drawn as of. Fixed, so that the same persons are born
#: on the same days whenever the demo is loaded (Faker's own ``date_of_birth`` counts back
#: from today, which moved every birth date by a day each day and broke the AOW story).
BIRTHS_AS_OF = dt.date(2026, 12, 2)


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
    all_bsns = test_bsns(rng)
    bsns = iter(all_bsns)
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
            birth = _birth_date(fake, minimum_age=18, maximum_age=80)
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
    adults = sum(count for count, _, _ in SPREAD.values())
    return created + load_households(all_bsns[adults:])


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


# -- Households ------------------------------------------------------------------------------
#
# Per municipality, the first persons (by BSN) who still live at their only address form
# households in a fixed cycle of shapes. A partner moves in with the aanvrager (their own
# address ends the day before); children and housemates are new persons at the aanvrager's
# address, without registrations of their own: they are known through the aanvrager's dossier.

HOUSEHOLD_ORDER = ("GM0981", "GM0935", "GM0938", "GM0994", "GM1729", "GM1903")
SHAPES = ("gezin", "eenoudergezin", "stel", "medebewoner", "gezin-18")
PARTNER_LEAVES = dt.date(2026, 9, 30)  # last day in the household of the first Vaals partner
HOUSEMATES = ("student", "commercieel", "gewoon")  # in this order, round robin
TURNS_18 = dt.date(2008, 9, 15)  # a child who comes of age in 2026 and stays a kind


def _households_per_municipality(count: int) -> int:
    return max(1, count // 7)


def _eligible(municipality: Municipality) -> list[Person]:
    """Persons of the municipality with one open address there and no household yet."""
    people = (
        Person.objects.filter(addresses__municipality=municipality, addresses__valid_until=None)
        .exclude(household_memberships__isnull=False)
        .prefetch_related("addresses")
        .order_by("bsn")
    )
    return [p for p in people if len(p.addresses.all()) == 1]


def _take(pool: list[Person], parent: bool = False) -> Person | None:
    """The first person of the pool (for a parent: born 1970-1988, so the children fit)."""
    for index, person in enumerate(pool):
        if not parent or 1970 <= person.birth_date.year <= 1988:
            return pool.pop(index)
    return None


def _live_at(person: Person, home: Address, since: dt.date, street: str = "") -> Address:
    return Address.objects.create(
        person=person,
        street=street or home.street,
        house_number="71" if street else home.house_number,
        postal_code=home.postal_code,
        city=home.city,
        municipality=home.municipality,
        valid_from=since,
    )


def _birth_date(fake: Faker, *, minimum_age: int, maximum_age: int) -> dt.date:
    """Faker's ``date_of_birth`` as of :data:`BIRTHS_AS_OF` instead of today (the same draw
    from the same seed, so the demo's persons are those it always had)."""
    start = BIRTHS_AS_OF.replace(year=BIRTHS_AS_OF.year - (maximum_age + 1))
    end = BIRTHS_AS_OF.replace(year=BIRTHS_AS_OF.year - minimum_age)
    born = fake.date_time_ad(start_datetime=start, end_datetime=end).date()
    return born if born != start else born + dt.timedelta(days=1)


def _new_person(
    bsn: str,
    given: str,
    surname_of: Person | None,
    fake: Faker,
    birth: dt.date,
    home: Address,
    since: dt.date,
) -> Person:
    if surname_of is not None:
        prefix, surname = surname_of.surname_prefix, surname_of.surname
    else:
        prefix, surname = "", fake.last_name().split(" ")[-1].capitalize()
    person = Person.objects.create(
        bsn=bsn, given_names=given, surname_prefix=prefix, surname=surname, birth_date=birth
    )
    _live_at(person, home, since)
    return person


def _member(
    household: Household,
    person: Person,
    relation: str,
    since: dt.date,
    until: dt.date | None = None,
    **facts: bool,
) -> HouseholdMember:
    member = HouseholdMember(
        household=household,
        person=person,
        relation=relation,
        valid_from=since,
        valid_until=until,
        **facts,
    )
    member.full_clean()
    member.save()
    return member


@transaction.atomic
def load_households(bsns: list[str]) -> int:
    """Put part of the demo persons in households: couples with and without children, a
    single parent, housemates (a student with studiefinanciering, a commercial tenant, an
    ordinary housemate), a child who turns 18 in 2026, and a Vaals partner who moves out on
    1 October 2026. ``bsns`` are unused valid test BSNs for the new persons. Idempotent:
    when households exist, nothing is done. Returns the number of new persons."""
    if Household.objects.exists():
        return 0
    rng = random.Random(1811)  # noqa: S311  (demo data, not security)
    fake = Faker("nl_NL")
    fake.seed_instance(1811)
    spare = iter(bsns)
    municipalities = {m.cbs_code: m for m in Municipality.objects.all()}
    relation = HouseholdMember.Relation
    day = dt.timedelta(days=1)
    created = housemates = 0
    partner_left = False
    for cbs in HOUSEHOLD_ORDER:
        if cbs not in municipalities:
            continue
        pool = _eligible(municipalities[cbs])
        for number in range(_households_per_municipality(SPREAD[cbs][0])):
            shape = SHAPES[number % len(SHAPES)]
            parent = shape in ("gezin", "eenoudergezin", "gezin-18")
            applicant = _take(pool, parent)
            if applicant is None:
                break
            home = applicant.addresses.get()
            start = home.valid_from + 30 * day
            household = Household.objects.create(label=f"Huishouden {applicant.full_name}")
            _member(household, applicant, relation.AANVRAGER, start)
            partner = _take(pool) if shape in ("gezin", "stel", "gezin-18") else None
            if partner is not None:
                own = partner.addresses.get()
                together = max(start, own.valid_from + 30 * day)
                own.valid_until = together - day
                own.save(update_fields=["valid_until"])
                until = None
                if cbs == "GM0981" and not partner_left:
                    until, partner_left = PARTNER_LEAVES, True
                shared = _live_at(partner, home, together)
                if until is not None:  # moves out to another street in the same place
                    shared.valid_until = until
                    shared.save(update_fields=["valid_until"])
                    _live_at(partner, home, until + day, street="Maastrichterlaan")
                _member(household, partner, relation.PARTNER, together, until)
            if parent:
                births = [TURNS_18] if shape == "gezin-18" else []
                for _ in range(1 if shape == "eenoudergezin" else rng.randrange(1, 3)):
                    births.append(dt.date(2009, 1, 1) + rng.randrange(0, 5000) * day)
                for birth in births:
                    since = max(start, birth)
                    child = _new_person(
                        next(spare), fake.first_name(), applicant, fake, birth, home, since
                    )
                    _member(household, child, relation.KIND, since)
                    created += 1
            if shape == "medebewoner":
                kind = HOUSEMATES[housemates % len(HOUSEMATES)]
                housemates += 1
                age = {"student": 20, "commercieel": 34, "gewoon": 27}[kind]
                birth = dt.date(2026 - age, 1 + rng.randrange(12), 1 + rng.randrange(28))
                since = max(start, dt.date(2024, 9, 1)) if kind == "student" else start
                mate = _new_person(next(spare), fake.first_name(), None, fake, birth, home, since)
                _member(
                    household,
                    mate,
                    relation.MEDEBEWONER,
                    since,
                    studies_with_student_finance=kind == "student",
                    rents_commercially=kind == "commercieel",
                )
                created += 1
    return created
