"""The monthly Participatiewet benefit (algemene bijstand) of one household on one day.

Pure: no Django, no ORM, ``Decimal`` only. Every figure comes from :mod:`samen.income.norms`
(data with validity periods); nothing legal is a constant here.

Steps (Participatiewet articles):

1. The norm by age and household: art. 20 (18-20 jaar), 21 (21 jaar tot AOW-leeftijd),
   22 (AOW-leeftijd; for a couple it applies when one or both partners have it). An
   alleenstaande ouder gets the alleenstaande norm (art. 21 onder a, since 2015).
   In an institution (``in_institution``: the applicant, and the partner if any, live in an
   inrichting) art. 23 applies instead: lid 1 the norm for an alleenstaande (ouder) or for
   gehuwden, lid 2 a fixed increase (the normenbrief's "verhoging", for the zorgverzekering
   premium) added to it. Nobody of 18, 19 or 20 in an inrichting has a right to algemene
   bijstand (art. 13 lid 2 onder a): refused. The kostendelersnorm does not apply there
   (art. 22a counts kostendelende medebewoners in the same *woning*, art. 19a; art. 23 gives
   one amount per leefvorm), so housemates are not counted.
   Art. 20 lid 3 and 4 (Participatiewet in balans, from the day the parameter
   ``jongeren_verhoging_ontoereikende_ouders`` is 1; before it art. 12 gave bijzondere bijstand,
   outside this calculation): for every person of 18, 19 or 20 who cannot rely on his or her
   parents (``applicant_without_parental_support`` / ``partner_without_parental_support``) the
   art. 20 norm goes up by the amount ``20,verhoging_ouders`` of the day, together at most the
   art. 21 norm of the household (alleenstaande or gehuwden). Only where an art. 20 norm applies
   (not when a partner has the AOW age). With kostendelers in the home the cap "in een
   vergelijkbare situatie" may be the kostendelersnorm; that is not settled, so that combination
   raises :class:`CalculationError` instead of a guess.
2. Kostendelersnorm (art. 22a) when A >= 2, A = the applicant, the partner and every
   housemate who is a kostendeler (art. 19a lid 1: 27 jaar of ouder, not studying with
   student finance or BBL, not renting on commercial terms). Per person:
   ``(40 + 30*A) / (100*A) x gehuwdennorm`` (art. 21 onder b, or art. 22 for AOW age); a
   couple gets the sum of both partners' norms (lid 2).
   Lid 1 applies only to a belanghebbende "van 21 jaar of ouder", and A counts the partner
   only if he or she is 21 or older. Hence:
   - a couple of whom one is 18-20 and the other 21+ (lid 3): the older partner's lid-1 norm
     with A = that partner + the kostendelers, plus for the young partner the art. 20
     alleenstaande norm, plus 20 % of the gehuwdennorm with ten laste komende kinderen (taken
     from the data as ``gehuwden_een_jong_kinderen - gehuwden_een_jong`` of the same day);
   - a single person of 18-20, or a couple both 18-20: art. 22a does not apply, the art. 20
     norm stays.
   Art. 22a lid 4 (Participatiewet in balans, from the day the parameter
   ``kostendelersnorm_uitzondering_mantelzorg_elders`` is 1): art. 22a does not apply to the
   belanghebbende who, to give mantelzorg with an intensive zorgbehoefte, temporarily has his
   main residence elsewhere (``temporary_caregiver_elsewhere``): nobody counts as kostendeler.
   The flag is for the whole household (applicant and partner); art. 19a (who is a kostendeler)
   itself did not change. Before that day the flag changes nothing (a line says so).
3. Municipal supplements (couleur locale) from ``toeslagen_gemeente.csv`` are added.
4. Income: all net income of applicant and partner, less the vrijlating of art. 31 lid 2
   onder n (25% of income from work, with a monthly maximum, 6 months, from 27 years) and onder
   r (alleenstaande ouder with a child under 12: 12.5%, maximum, 30 months after those 6).
   The Participatiewet in balans changes these in fase 3 (1-1-2027); the new text and figures
   were not found, so they are not built (docs/income.md, "Open plekken").
5. Benefit = norm - income, never below zero.

Rounding: every amount is rounded to whole cents, half up (``ROUND_HALF_UP``), at the step
where the normenbrief rounds it: each person's kostendelersnorm, the vakantietoeslag
(5% of the norm), each vrijlating and the result. This reproduces the published tables
(checked in the tests on 1-7-2021 and 1-1-2024 figures); the law itself (art. 19-22a Pw) gives
amounts in euros and cents but no rounding rule, so the rule is the normenbrief's practice.
The art. 23 lid 2 increase carries no vakantietoeslag (the normenbrief and municipalities
list it apart from the norm incl. vt): the 5% is taken of the norm without it, and the
vakantietoeslag reserved per month of the benefit less that increase.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Literal

from samen.common.money import euro
from samen.income.norms import NormError, NormTable

CENT = Decimal("0.01")
ZERO = Decimal("0.00")
HUNDRED = Decimal(100)

__all__ = [
    "CalculationError",
    "CalculationInput",
    "CalculationResult",
    "Housemate",
    "Income",
    "NormError",
    "Person",
    "calculate",
]


class CalculationError(ValueError):
    """The input cannot be calculated (for example an applicant under 18). ``field`` names
    the input that causes it, in the API's terms where possible."""

    def __init__(self, message: str, field: str = "nonFieldErrors") -> None:
        super().__init__(message)
        self.field = field


def cents(amount: Decimal) -> Decimal:
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def age_on(birth_date: dt.date, day: dt.date) -> int:
    years = day.year - birth_date.year
    if (day.month, day.day) < (birth_date.month, birth_date.day):
        years -= 1
    return years


@dataclass(frozen=True)
class Person:
    birth_date: dt.date


@dataclass(frozen=True)
class Housemate:
    birth_date: dt.date
    studies: bool = False  # student finance (WSF 2000 / WTOS) or BBL: art. 19a lid 1
    commercial_rent: bool = False  # rents from the household on commercial terms


@dataclass(frozen=True)
class Income:
    person: Literal["aanvrager", "partner"]
    kind: Literal["arbeid", "overig"]
    net_per_month: Decimal


@dataclass(frozen=True)
class CalculationInput:
    peildatum: dt.date
    municipality_code: str  # CBS code, e.g. "GM0935"
    applicant: Person
    partner: Person | None = None
    children: tuple[Person, ...] = ()
    housemates: tuple[Housemate, ...] = ()
    incomes: tuple[Income, ...] = ()
    exemption_months_used: int = 0  # months of vrijlating (onder n, then r) already used
    in_institution: bool = False  # applicant (and partner, if any) live in an inrichting: art. 23
    # art. 22a lid 4: the household lives temporarily elsewhere to give mantelzorg to someone with
    # an intensive zorgbehoefte (typically in the home of the person cared for)
    temporary_caregiver_elsewhere: bool = False
    # art. 20 lid 3: the applicant / partner (18, 19 or 20) cannot rely on his or her parents for
    # the cost of living (their means are insufficient, or maintenance cannot be claimed)
    applicant_without_parental_support: bool = False
    partner_without_parental_support: bool = False


@dataclass(frozen=True)
class CalculationResult:
    norm: Decimal  # per month, inclusive of vakantietoeslag (and municipal supplements)
    norm_without_holiday_allowance: Decimal
    holiday_allowance: Decimal  # vakantietoeslag reserved per month (5% of the benefit)
    cost_sharers: int  # A of art. 22a (1 = alone, 2 = couple without kostendelers, ...)
    income_deducted: Decimal  # net income after vrijlating
    exemption: Decimal  # vrijlating applied
    benefit_per_month: Decimal  # norm - income_deducted, never below 0
    explanation: tuple[str, ...] = field(default=())

    @property
    def payable_per_month(self) -> Decimal:
        """What is paid out now; the vakantietoeslag is reserved and paid once a year."""
        return self.benefit_per_month - self.holiday_allowance


def _is_cost_sharer(housemate: Housemate, day: dt.date, minimum_age: int) -> bool:
    return (
        age_on(housemate.birth_date, day) >= minimum_age
        and not housemate.studies
        and not housemate.commercial_rent
    )


def _validate(data: CalculationInput) -> None:
    day = data.peildatum
    people: list[tuple[str, dt.date]] = [("aanvrager.geboortedatum", data.applicant.birth_date)]
    if data.partner is not None:
        people.append(("partner.geboortedatum", data.partner.birth_date))
    people += [(f"kinderen.{i}.geboortedatum", c.birth_date) for i, c in enumerate(data.children)]
    people += [
        (f"medebewoners.{i}.geboortedatum", h.birth_date) for i, h in enumerate(data.housemates)
    ]
    for name, birth_date in people:
        if birth_date > day:
            raise CalculationError("De geboortedatum ligt na de peildatum.", name)
    if age_on(data.applicant.birth_date, day) < 18:
        raise CalculationError(
            "De aanvrager is jonger dan 18 jaar; die heeft geen recht op algemene bijstand.",
            "aanvrager.geboortedatum",
        )
    if data.partner is not None and age_on(data.partner.birth_date, day) < 18:
        raise CalculationError(
            "De partner is jonger dan 18 jaar; die situatie rekent deze berekening niet.",
            "partner.geboortedatum",
        )
    if data.in_institution:
        if age_on(data.applicant.birth_date, day) < 21:
            raise CalculationError(
                "De aanvrager is 18, 19 of 20 jaar en verblijft in een inrichting. Dan is er "
                "geen recht op algemene bijstand (artikel 13 lid 2 onder a Participatiewet); wel "
                "kan bijzondere bijstand mogelijk zijn als de ouders niet kunnen bijdragen "
                "(artikel 12).",
                "aanvrager.geboortedatum",
            )
        if data.partner is not None and age_on(data.partner.birth_date, day) < 21:
            raise CalculationError(
                "De partner is 18, 19 of 20 jaar en verblijft in een inrichting. Die heeft geen "
                "recht op algemene bijstand (artikel 13 lid 2 onder a Participatiewet); de norm "
                "van de andere partner in die situatie rekent deze berekening niet.",
                "partner.geboortedatum",
            )
    for i, income in enumerate(data.incomes):
        if income.net_per_month < 0:
            raise CalculationError(
                "Een inkomen kan niet negatief zijn.", f"inkomsten.{i}.nettoPerMaand"
            )
        if income.person == "partner" and data.partner is None:
            raise CalculationError(
                "Er is een inkomen van de partner opgegeven, maar geen partner.",
                f"inkomsten.{i}.persoon",
            )
    if data.exemption_months_used < 0:
        raise CalculationError(
            "Het aantal gebruikte vrijlatingsmaanden kan niet negatief zijn.",
            "vrijlatingGebruiktMaanden",
        )
    if data.partner_without_parental_support and data.partner is None:
        raise CalculationError(
            "Er is opgegeven dat de partner geen beroep op de ouders kan doen, maar er is geen "
            "partner.",
            "partner.geenBeroepOpOuders",
        )


def _has_children(data: CalculationInput) -> bool:
    return any(age_on(c.birth_date, data.peildatum) < 18 for c in data.children)


def _institution_norm(
    data: CalculationInput, table: NormTable, lines: list[str]
) -> tuple[Decimal, Decimal, int]:
    """Art. 23: (norm, the lid-2 increase within it, persons counted)."""
    day = data.peildatum
    household = "alleenstaande" if data.partner is None else "gehuwden"
    base = table.norm_for("23", household, day).amount
    increase = table.norm_for("23", f"{household}_verhoging", day).amount
    norm = base + increase
    if data.partner is None:
        who = "alleenstaande ouder" if _has_children(data) else "alleenstaande"
        lines.append(
            f"U verblijft in een inrichting. Uw bijstandsnorm als {who} is {euro(base)} per "
            f"maand, verhoogd met {euro(increase)} voor de premie van de zorgverzekering: samen "
            f"{euro(norm)}."
        )
    else:
        lines.append(
            "U en uw partner verblijven beiden in een inrichting. Uw bijstandsnorm als "
            f"gehuwden is {euro(base)} per maand, verhoogd met {euro(increase)} voor de premie "
            f"van de zorgverzekering: samen {euro(norm)}."
        )
    if data.housemates:
        lines.append(
            "Bij verblijf in een inrichting geldt de kostendelersnorm niet; medebewoners tellen "
            "daarom niet mee."
        )
    return norm, increase, (2 if data.partner else 1)


def _home_norm(
    data: CalculationInput,
    table: NormTable,
    lines: list[str],
    applicant_age: int,
    partner_age: int | None,
    applicant_aow: bool,
    partner_aow: bool,
) -> tuple[Decimal, int]:
    """Art. 20-22a: (norm, A of art. 22a or the persons counted)."""
    day = data.peildatum
    has_children = _has_children(data)

    # -- 1. the norm without kostendelers ----------------------------------------------------
    if data.partner is None:
        household = "alleenstaande"
        if applicant_aow:
            category = "22"
        elif applicant_age >= 21:
            category = "21"
        else:
            category = "20"
        who = "alleenstaande ouder" if has_children else "alleenstaande"
    else:
        household = "gehuwden"
        assert partner_age is not None
        if applicant_aow or partner_aow:
            category = "22"
        elif applicant_age >= 21 and partner_age >= 21:
            category = "21"
        else:
            category = "20"
            both_young = applicant_age < 21 and partner_age < 21
            household = "gehuwden_beiden_jong" if both_young else "gehuwden_een_jong"
            if has_children:
                household += "_kinderen"
        who = "gehuwden of samenwonenden"
    base = table.norm_for(category, household, day)

    # -- 2. kostendelersnorm -----------------------------------------------------------------
    minimum_age = int(table.parameter("kostendeler_minimum_leeftijd", day))
    sharers = [h for h in data.housemates if _is_cost_sharer(h, day, minimum_age)]
    persons = 2 if data.partner else 1
    not_counted = len(data.housemates) - len(sharers)
    caregiver_line = None
    if data.temporary_caregiver_elsewhere and sharers:
        if table.parameter("kostendelersnorm_uitzondering_mantelzorg_elders", day) == 1:
            caregiver_line = (
                "U woont tijdelijk op een ander adres om mantelzorg te geven aan iemand die veel "
                "zorg nodig heeft. Daarom geldt de kostendelersnorm niet: de mensen met wie u daar "
                "woont, tellen niet mee (artikel 22a lid 4 Participatiewet)."
            )
            sharers = []  # art. 22a does not apply to this belanghebbende
        else:
            caregiver_line = (
                "U woont tijdelijk op een ander adres om mantelzorg te geven. Op deze datum kent "
                "de wet daarvoor nog geen uitzondering op de kostendelersnorm (artikel 22a lid 4 "
                "Participatiewet geldt pas later); de gemeente kan wel maatwerk bieden."
            )
    ages = [applicant_age] + ([partner_age] if partner_age is not None else [])
    adults = [age for age in ages if age >= 21]  # art. 22a lid 1: "van 21 jaar of ouder"
    label = {"20": "18, 19 of 20 jaar", "21": "21 jaar tot de AOW-leeftijd"}.get(
        category, "de AOW-leeftijd of ouder"
    )

    def formula(a: int, married_category: str) -> Decimal:
        married = table.norm_for(married_category, "gehuwden", day).amount
        factor = (
            table.parameter("kostendelers_basis", day)
            + table.parameter("kostendelers_per_persoon", day) * Decimal(a)
        ) / (HUNDRED * Decimal(a))
        return cents(married * factor)

    if sharers and not adults:
        # art. 22a lid 1 is for a belanghebbende of 21 or older: the art. 20 norm stays
        norm = base.amount
        cost_sharers = persons
        lines.append(f"Uw bijstandsnorm als {who} ({label}) is {euro(norm)} per maand.")
        lines.append(
            f"Er wonen {len(sharers)} kostendeler(s) van {minimum_age} jaar of ouder bij u, maar "
            "de kostendelersnorm geldt niet voor wie jonger is dan 21 jaar (artikel 22a "
            "Participatiewet). Uw norm blijft daarom gelijk."
        )
    elif sharers and len(adults) < len(ages):
        # art. 22a lid 3: one partner 18-20, the other 21 or older
        older_aow = applicant_aow or partner_aow
        cost_sharers = 1 + len(sharers)  # A counts the spouse only from 21 years
        older = formula(cost_sharers, "22" if older_aow else "21")
        young = table.norm_for("20", "alleenstaande", day).amount
        if has_children:
            young += (
                table.norm_for("20", "gehuwden_een_jong_kinderen", day).amount
                - table.norm_for("20", "gehuwden_een_jong", day).amount
            )
        norm = older + young
        lines.append(
            f"U woont met {cost_sharers} personen van {minimum_age} jaar of ouder die de kosten "
            f"kunnen delen (de partner van 21 jaar of ouder en {len(sharers)} kostendeler(s)). "
            f"Voor de partner van 21 jaar of ouder geldt daarom de kostendelersnorm: "
            f"{euro(older)}. Voor de partner van 18, 19 of 20 jaar komt daar {euro(young)} bij"
            + (", inclusief het bedrag voor de kinderen" if has_children else "")
            + f" (artikel 22a lid 3 Participatiewet). Samen is dat {euro(norm)} per maand."
        )
    elif sharers:
        cost_sharers = persons + len(sharers)
        per_person = formula(cost_sharers, category)
        norm = per_person * persons
        lines.append(
            f"U woont met {cost_sharers} personen van {minimum_age} jaar of ouder die de kosten "
            f"kunnen delen. Daarom geldt de kostendelersnorm: {euro(per_person)} per persoon"
            + (f", samen {euro(norm)}." if persons == 2 else ".")
        )
    else:
        norm = base.amount
        cost_sharers = persons
        lines.append(f"Uw bijstandsnorm als {who} ({label}) is {euro(norm)} per maand.")
    if caregiver_line:
        lines.append(caregiver_line)
    if category == "20":
        norm = _youth_increase(data, table, lines, norm, applicant_age, partner_age, bool(sharers))
    if not_counted:
        lines.append(
            f"{not_counted} medebewoner(s) tellen niet mee als kostendeler: jonger dan "
            f"{minimum_age} jaar, studerend of commerciële huurder."
        )
    return norm, cost_sharers


def _youth_increase(
    data: CalculationInput,
    table: NormTable,
    lines: list[str],
    norm: Decimal,
    applicant_age: int,
    partner_age: int | None,
    with_cost_sharers: bool,
) -> Decimal:
    """Art. 20 lid 3 and 4: the norm plus the increase for every person of 18-20 who cannot rely
    on his or her parents, at most the art. 21 norm of the same household."""
    day = data.peildatum
    flagged = [
        who
        for who, age, flag in (
            ("aanvrager", applicant_age, data.applicant_without_parental_support),
            ("partner", partner_age, data.partner_without_parental_support),
        )
        if flag and age is not None and 18 <= age < 21
    ]
    if not flagged:
        return norm
    if table.parameter("jongeren_verhoging_ontoereikende_ouders", day) != 1:
        lines.append(
            "U gaf aan dat er geen beroep op de ouders kan worden gedaan. Op deze datum kent de "
            "wet daarvoor nog geen verhoging van de norm; wel kan bijzondere bijstand mogelijk "
            "zijn (artikel 12 Participatiewet, buiten deze berekening)."
        )
        return norm
    if with_cost_sharers:
        # lid 4 caps at the art. 21 norm "in een vergelijkbare situatie"; whether that is the
        # kostendelersnorm when kostendelers live in the home is not settled: not calculated
        raise CalculationError(
            "Een jongere zonder beroep op de ouders met kostendelende medebewoners rekent deze "
            "berekening niet: het maximum van artikel 20 lid 4 Participatiewet (de norm voor "
            "iemand van 21 jaar of ouder in een vergelijkbare situatie) is voor die situatie nog "
            "niet vastgesteld.",
            f"{flagged[0]}.geenBeroepOpOuders",
        )
    per_person = table.norm_for("20", "verhoging_ouders", day).amount
    household = "alleenstaande" if data.partner is None else "gehuwden"
    cap = table.norm_for("21", household, day).amount
    raised = min(norm + per_person * len(flagged), cap)
    if flagged == ["aanvrager"]:
        reason = "U kunt voor uw levensonderhoud geen beroep doen op uw ouders."
    elif flagged == ["partner"]:
        reason = "Uw partner kan voor het levensonderhoud geen beroep doen op zijn of haar ouders."
    else:
        reason = (
            "U en uw partner kunnen voor het levensonderhoud geen beroep doen op jullie ouders."
        )
    lines.append(
        f"{reason} Daarom komt er {euro(per_person)} per maand bij de norm"
        + (" voor ieder van u" if len(flagged) > 1 else "")
        + " (artikel 20 lid 3 Participatiewet)."
    )
    if raised == cap:
        lines.append(
            "De norm mag niet hoger zijn dan de norm voor iemand van 21 jaar of ouder in dezelfde "
            f"situatie (artikel 20 lid 4 Participatiewet). Uw norm is daarom {euro(raised)} per "
            "maand."
        )
    else:
        lines.append(f"Uw norm is daarmee {euro(raised)} per maand.")
    return raised


def calculate(data: CalculationInput, table: NormTable | None = None) -> CalculationResult:
    """The monthly benefit for ``data`` with the figures of ``table`` (default: the CSV files).

    Raises :class:`CalculationError` for input that cannot be calculated and
    :class:`NormError` when a figure for the peildatum is missing."""
    table = table or NormTable.load()
    _validate(data)
    day = data.peildatum
    lines: list[str] = []

    applicant_age = age_on(data.applicant.birth_date, day)
    applicant_aow = table.has_aow_age(data.applicant.birth_date, day)
    partner_age = age_on(data.partner.birth_date, day) if data.partner else None
    partner_aow = table.has_aow_age(data.partner.birth_date, day) if data.partner else False
    holiday_free = ZERO  # part of the norm without vakantietoeslag (art. 23 lid 2)
    if data.in_institution:
        norm, holiday_free, cost_sharers = _institution_norm(data, table, lines)
    else:
        norm, cost_sharers = _home_norm(
            data, table, lines, applicant_age, partner_age, applicant_aow, partner_aow
        )

    # -- 3. municipal supplements ------------------------------------------------------------
    supplement_household = "alleenstaande" if data.partner is None else "gehuwden"
    for supplement in table.supplements_for(data.municipality_code, supplement_household, day):
        norm += supplement.amount
        lines.append(
            f"Uw gemeente geeft {euro(supplement.amount)} per maand extra"
            + (f" ({supplement.description})." if supplement.description else ".")
        )

    holiday_pct = table.parameter("vakantietoeslag_percentage", day) / HUNDRED
    norm_holiday = cents((norm - holiday_free) * holiday_pct)
    if holiday_free:
        lines.append(
            f"In dit bedrag zit {euro(norm_holiday)} vakantietoeslag; over de verhoging voor "
            "de zorgverzekering krijgt u geen vakantietoeslag."
        )
    else:
        lines.append(f"In dit bedrag zit {euro(norm_holiday)} vakantietoeslag.")

    # -- 4. income and vrijlating ------------------------------------------------------------
    total_income = sum((i.net_per_month for i in data.incomes), ZERO)
    exemption = ZERO
    months = data.exemption_months_used
    ages = {"aanvrager": applicant_age, "partner": partner_age}
    for person in ("aanvrager", "partner"):
        work = sum(
            (i.net_per_month for i in data.incomes if i.person == person and i.kind == "arbeid"),
            ZERO,
        )
        age = ages[person]
        if work <= 0 or age is None:
            continue
        if applicant_aow or partner_aow:
            continue  # art. 31 lid 2 onder n and r are for those under the AOW age
        rule_n = table.exemption("n", day)
        if months < rule_n.maximum_months:
            if age < rule_n.minimum_age:
                lines.append(
                    f"Er is geen vrijlating van inkomsten uit werk, omdat de {person} jonger is "
                    f"dan {rule_n.minimum_age} jaar."
                )
                continue
            amount = min(cents(work * rule_n.percentage / HUNDRED), rule_n.maximum_per_month)
            exemption += amount
            lines.append(
                f"Van het inkomen uit werk van de {person} mag u {euro(amount)} houden "
                f"({rule_n.percentage.normalize()}%, maximaal {euro(rule_n.maximum_per_month)},"
                f" maand {months + 1} van {rule_n.maximum_months})."
            )
            continue
        eligible_r = data.partner is None and any(
            age_on(c.birth_date, day) < (table.exemption("r", day).child_younger_than or 0)
            for c in data.children
        )
        if eligible_r:
            rule_r = table.exemption("r", day)
            if age >= rule_r.minimum_age and months < rule_n.maximum_months + rule_r.maximum_months:
                amount = min(cents(work * rule_r.percentage / HUNDRED), rule_r.maximum_per_month)
                exemption += amount
                lines.append(
                    f"Als alleenstaande ouder mag u {euro(amount)} van uw inkomen uit werk "
                    f"houden ({rule_r.percentage.normalize()}%, maximaal "
                    f"{euro(rule_r.maximum_per_month)})."
                )
                continue
        lines.append(
            f"De vrijlating van inkomsten uit werk is op: u heeft die al {months} maanden gehad."
        )
    income_deducted = total_income - exemption
    if total_income:
        lines.append(f"Wij trekken {euro(income_deducted)} aan inkomen af van uw norm.")

    # -- 5. the benefit ----------------------------------------------------------------------
    benefit = max(ZERO, cents(norm - income_deducted))
    holiday = cents(max(ZERO, benefit - holiday_free) * holiday_pct)
    if benefit == ZERO:
        lines.append("Uw inkomen is hoger dan de norm. U krijgt daarom geen bijstand.")
    else:
        lines.append(
            f"Uw bijstand is {euro(benefit)} per maand. Daarvan houden wij {euro(holiday)} "
            "vakantietoeslag apart; die krijgt u één keer per jaar."
        )
    return CalculationResult(
        norm=cents(norm),
        norm_without_holiday_allowance=cents(norm) - norm_holiday,
        holiday_allowance=holiday,
        cost_sharers=cost_sharers,
        income_deducted=cents(income_deducted),
        exemption=cents(exemption),
        benefit_per_month=benefit,
        explanation=tuple(lines),
    )
