"""Importing the Inlichtingenbureau's signals: the format per product, matching by BSN and
period, the task for the fixed consulent with its term, idempotence, refusal of a malformed
file whole, the outcome, and the access policy with its audit trail."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from samen.access.models import AuditEntry
from samen.enforcement import signals
from samen.enforcement.models import Investigation, Signal, SignalFile
from samen.enforcement.products import FORMATS, FileRefused, Product, parse_file
from samen.people.services import NotAllowed, NotVisible
from tests.enforcement.conftest import ANNA, BAS, CARLA, DETENTIE, D, Office, csv_file

pytestmark = pytest.mark.django_db


def vaals(office: Office):  # noqa: ANN201
    return office.world.municipalities["Vaals"]


def detention(*lines: str) -> bytes:
    return csv_file(DETENTIE, *lines)


def test_a_signal_matches_the_benefit_that_ran_in_its_period(office: Office) -> None:
    content = detention(
        f"{ANNA};2026-05-04;2026-06-30;PI Maastricht",
        f"{BAS};2026-02-10;;PI Sittard",
        f"{BAS};2026-05-01;2026-05-31;PI Heerlen",  # a month without benefit
        f"{CARLA};2026-05-01;;PI Roermond",  # never a benefit in Vaals
    )
    result = signals.import_file(
        office.user("handhaving"), vaals(office), "detentie", "d.csv", content
    )
    assert (result.created, result.matched, result.duplicates) == (4, 2, 0)
    by_key = {(s.bsn, s.period_from): s for s in Signal.objects.all()}
    anna = by_key[(ANNA, D(2026, 5, 4))]
    assert anna.benefit_id == office.anna.pk
    assert anna.assigned_to == office.world.users["consulent.vaals"].staff
    assert anna.deadline == D(2026, 12, 8)  # 24 November + 14 days (detentie)
    assert "Werkafspraak" in anna.term.source
    assert by_key[(BAS, D(2026, 2, 10))].benefit_id == office.bas.pk
    assert by_key[(BAS, D(2026, 2, 10))].assigned_to is None  # no fixed consulent
    may = by_key[(BAS, D(2026, 5, 1))]
    assert may.benefit_id is None and may.deadline is None and may.assigned_to is None
    assert by_key[(CARLA, D(2026, 5, 1))].benefit_id is None
    items, total = signals.worklist(office.user("handhaving"), unmatched=True)
    assert total == 2
    assert {i.signal.bsn for i in items} == {BAS, CARLA}


def test_importing_the_same_file_twice_changes_nothing(office: Office) -> None:
    content = detention(f"{ANNA};2026-05-04;2026-06-30;PI Maastricht")
    user = office.user("handhaving")
    signals.import_file(user, vaals(office), "detentie", "d.csv", content)
    audits = AuditEntry.objects.count()
    again = signals.import_file(user, vaals(office), "detentie", "d-kopie.csv", content)
    assert again.already_imported and again.created == 0
    assert (SignalFile.objects.count(), Signal.objects.count()) == (1, 1)
    assert AuditEntry.objects.count() == audits
    # Another file with the same signal and a new one: only the new one is added.
    other = detention(
        f"{ANNA};2026-05-04;2026-06-30;PI Maastricht", f"{BAS};2026-02-01;;PI Sittard"
    )
    third = signals.import_file(user, vaals(office), "detentie", "d2.csv", other)
    assert (third.created, third.duplicates) == (1, 1)
    assert Signal.objects.count() == 2


@pytest.mark.parametrize(
    ("lines", "line", "fragment"),
    [
        ([f"{ANNA};2026-05-04;;PI", "123456789;2026-05-01;;PI"], 3, "burgerservicenummer"),
        ([f"{ANNA};2026-13-01;;PI"], 2, "bestaat niet als datum"),
        ([f"{ANNA};04-05-2026;;PI"], 2, "JJJJ-MM-DD"),
        ([f"{ANNA};2026-05-04;2026-05-01;PI"], 2, "vóór begindatum"),
        ([f"{ANNA};2026-05-04;;"], 2, "inrichting ontbreekt"),
        ([f"{ANNA};2026-05-04;;PI;extra"], 2, "5 kolommen"),
        ([f"{ANNA};2026-05-04;;PI", f"{ANNA};2026-05-04;;pi"], 3, "ook al op regel 2"),
    ],
)
def test_a_malformed_file_is_refused_whole_with_the_line(
    office: Office, lines: list[str], line: int, fragment: str
) -> None:
    audits = AuditEntry.objects.count()
    with pytest.raises(FileRefused) as refused:
        signals.import_file(
            office.user("handhaving"), vaals(office), "detentie", "fout.csv", detention(*lines)
        )
    assert refused.value.line == line
    assert fragment in refused.value.message
    assert str(refused.value).startswith(f"Regel {line}: ")
    assert (SignalFile.objects.count(), Signal.objects.count()) == (0, 0)
    assert AuditEntry.objects.count() == audits


def test_the_header_and_encoding_are_checked() -> None:
    with pytest.raises(FileRefused) as refused:
        parse_file(Product.DETENTIE, b"bsn;begin;einde;inrichting\n")
    assert refused.value.line == 1 and "kopregel" in refused.value.message
    with pytest.raises(FileRefused) as refused:
        parse_file(Product.DETENTIE, DETENTIE.encode() + b"\n999990019;2026-01-01;;\xff\n")
    assert refused.value.line == 2 and "UTF-8" in refused.value.message
    with pytest.raises(FileRefused):
        parse_file(Product.DETENTIE, (DETENTIE + "\n").encode())


@pytest.mark.parametrize(
    ("product", "line", "details"),
    [
        ("uitkering-andere-gemeente", f"{ANNA};2026-02-01;;GM0935", {"gemeentecode": "GM0935"}),
        (
            "kostendelers",
            f"{ANNA};2026-02-01;;6291AB;7;3",
            {"postcode": "6291AB", "huisnummer": "7", "aantal_volwassenen": "3"},
        ),
        (
            "start-inkomstenverhouding",
            f"{ANNA};2026-02-01;;123456789L01;Bakkerij Vaals",
            {"loonheffingennummer": "123456789L01", "werkgever": "Bakkerij Vaals"},
        ),
        (
            "studiefinanciering",
            f"{ANNA};2026-02-01;;wsf;350.5",
            {"soort": "wsf", "bedrag_per_maand": "350.50"},
        ),
        ("voertuigen", f"{ANNA};2026-02-01;;AB123C;Opel", {"kenteken": "AB123C", "merk": "Opel"}),
        (
            "vermogen",
            f"{ANNA};2026-02-01;;NL91ABNA0417164300;-12.00",
            {"rekening": "NL91ABNA0417164300", "saldo": "-12.00"},
        ),
    ],
)
def test_each_product_has_its_format(product: str, line: str, details: dict[str, str]) -> None:
    spec = FORMATS[Product(product)]
    [parsed] = parse_file(spec.product, csv_file(";".join(spec.columns), line))
    assert parsed.details == details
    assert parsed.bsn == ANNA and parsed.period_from == D(2026, 2, 1)


def test_a_balance_is_on_one_day() -> None:
    spec = FORMATS[Product.VERMOGEN]
    with pytest.raises(FileRefused) as refused:
        parse_file(
            spec.product,
            csv_file(
                ";".join(spec.columns), f"{ANNA};2026-02-01;2026-03-01;NL91ABNA0417164300;5.00"
            ),
        )
    assert "peildatum" in refused.value.message


def test_another_municipalitys_staff_may_not_import_nor_read(office: Office) -> None:
    content = detention(f"{ANNA};2026-05-04;2026-06-30;PI Maastricht")
    with pytest.raises(NotAllowed):
        signals.import_file(
            office.user("consulent.maastricht"), vaals(office), "detentie", "d.csv", content
        )
    signals.import_file(office.user("handhaving"), vaals(office), "detentie", "d.csv", content)
    signal = Signal.objects.get()
    with pytest.raises(NotVisible):
        signals.get_signal(office.user("consulent.maastricht"), signal.pk)
    assert signals.worklist(office.user("consulent.maastricht"))[1] == 0
    assert AuditEntry.objects.filter(
        action=AuditEntry.Kind.REFUSED, object_type="ib-signaal", object_id=str(signal.pk)
    ).exists()


def test_every_signal_read_is_audited(office: Office) -> None:
    content = detention(f"{ANNA};2026-05-04;2026-06-30;PI Maastricht")
    signals.import_file(office.user("handhaving"), vaals(office), "detentie", "d.csv", content)
    signal = Signal.objects.get()
    created = AuditEntry.objects.get(object_type="ib-signaal", action=AuditEntry.Kind.CREATE)
    assert (created.object_id, created.data_subject_id) == (str(signal.pk), ANNA)
    consulent = office.user("consulent.vaals")
    items, _ = signals.worklist(consulent, mine=True)
    assert [i.signal.pk for i in items] == [signal.pk]
    assert items[0].days_left == 14
    signals.get_signal(consulent, signal.pk)
    kinds = list(
        AuditEntry.objects.filter(object_type="ib-signaal", actor_name__isnull=False)
        .exclude(action=AuditEntry.Kind.CREATE)
        .values_list("action", "data_subject_id", "municipality_code")
    )
    assert kinds == [(AuditEntry.Kind.LIST, ANNA, "GM0981"), (AuditEntry.Kind.READ, ANNA, "GM0981")]


def test_the_outcome_of_a_signal(office: Office) -> None:
    content = detention(
        f"{ANNA};2026-05-04;2026-06-30;PI Maastricht", f"{ANNA};2026-08-01;;PI Sittard"
    )
    signals.import_file(office.user("handhaving"), vaals(office), "detentie", "d.csv", content)
    first, second = Signal.objects.order_by("period_from")
    consulent = office.user("consulent.vaals")
    with pytest.raises(ValidationError) as error:
        signals.handle(consulent, first.pk, outcome="geen_gevolg", reason=" ")
    assert "reason" in error.value.message_dict
    done = signals.handle(consulent, first.pk, outcome="geen_gevolg", reason="Al gemeld op 5 mei.")
    assert (done.outcome, done.handled_on, done.handled_by) == (
        "geen_gevolg",
        dt.date(2026, 11, 24),
        consulent.staff,
    )
    with pytest.raises(ValidationError):
        signals.handle(consulent, first.pk, outcome="wijziging", reason="Nogmaals")
    signals.handle(consulent, second.pk, outcome="onderzoek", reason="Niet gemeld; onderzoek.")
    started = Investigation.objects.get()
    assert (started.signal_id, started.origin, started.investigator) == (second.pk, "signaal", None)
    assert started.person == office.world.persons["vaals"]
    assert signals.worklist(consulent)[1] == 0
