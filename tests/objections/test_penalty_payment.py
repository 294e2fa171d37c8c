"""The penalty for not deciding in time paid as a payment: fixed on the case once the
amount is final (Awb 4:18), then paid exactly once by income's next payment run through
the one-off registry (``samen.income.one_offs``, filled from objections' ``ready``), as a
transfer of its own in the paying municipality's SEPA file. Refused while it still runs,
with a bad IBAN, twice, and for another municipality's staff (not found)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from xml.etree import ElementTree

import pytest
from django.core.exceptions import ValidationError

from samen.access.models import AuditEntry
from samen.cases import services as cases
from samen.income import one_offs
from samen.income.models import OneOffPayment, PayingAccount
from samen.income.payments import run_month
from samen.income.run_services import file_figures, reconcile
from samen.income.sepa import sepa_files
from samen.objections import penalties
from samen.objections.models import FixedPenalty
from tests.cases.conftest import World

D = dt.date
IBAN = "NL91ABNA0417164300"
NS = {"p": "urn:iso:std:iso:20022:tech:xsd:pain.001.001.03"}
pytestmark = pytest.mark.django_db


@pytest.fixture
def late(world: World, today):  # noqa: ANN001, ANN201
    """Received 2 February 2026 (deadline 30 March), notice on 1 April: the penalty runs from
    15 April; decided on 25 April, so ten days are forfeited: 10 x 23 = EUR 230."""
    consulent = world.user("consulent.vaals")
    case = cases.open_case(
        consulent, cases.NewCase(world.persons["vaals"].pk, world.bijstand.code, D(2026, 2, 2))
    )
    penalties.record_notice(consulent, case.pk, received_on=D(2026, 4, 1))
    with pytest.raises(ValidationError, match="loopt nog"):
        penalties.fix_penalty(consulent, case.pk, fixed_on=D(2026, 4, 20), iban=IBAN)
    cases.decide(
        consulent,
        case.pk,
        cases.NewDecision(
            "pw-algemene-bijstand", "afgewezen", D(2026, 4, 25), "Uw vermogen is te hoog."
        ),
    )
    PayingAccount.objects.create(
        municipality=world.municipalities["Vaals"],
        name="Gemeente Vaals",
        iban="NL02ABNA0123456789",
        bic="ABNANL2A",
        valid_from=D(2020, 1, 1),
    )
    return case


def test_the_fixed_penalty_is_paid_once_in_the_next_run_and_is_in_the_sepa_file(
    world: World, late
) -> None:  # noqa: ANN001
    consulent = world.user("consulent.vaals")
    assert penalties.may_fix_penalty(late)
    fixed = penalties.fix_penalty(
        consulent, late.pk, fixed_on=D(2026, 5, 1), iban="nl91 abna 0417 1643 00"
    )
    assert (fixed.amount, fixed.days, fixed.iban) == (Decimal("230.00"), 10, IBAN)
    assert AuditEntry.objects.filter(object_type="dwangsom", action="create").count() == 1
    assert penalties.fixed_penalty_of(late) == (fixed, None)  # waits for a run

    run = run_month(D(2026, 5, 1))
    paid = OneOffPayment.objects.get()
    assert (paid.run, paid.amount, paid.iban, paid.creditor_name) == (
        run,
        Decimal("230.00"),
        IBAN,
        "Anna Janssen",
    )
    assert penalties.fixed_penalty_of(late) == (fixed, paid)
    assert run.totals_per_municipality["GM0981"] == {
        "aantal": 1,
        "bedrag": "230.00",
        "eenmalig": 1,
    }
    # Running the month again, and the next month, pays nothing more.
    run_month(D(2026, 5, 1))
    run_month(D(2026, 6, 1))
    assert OneOffPayment.objects.count() == 1

    files = sepa_files(run, execution_date=D(2026, 5, 25), validate=True)
    content = files["GM0981"]
    assert file_figures(content) == (1, Decimal("230.00"))
    root = ElementTree.fromstring(content)  # noqa: S314  (our own file)
    transfer = root.find(".//p:CdtTrfTxInf", NS)
    assert transfer is not None
    assert transfer.findtext("p:Cdtr/p:Nm", namespaces=NS) == "Anna Janssen"
    assert transfer.findtext("p:CdtrAcct/p:Id/p:IBAN", namespaces=NS) == IBAN
    assert transfer.findtext("p:Amt/p:InstdAmt", namespaces=NS) == "230.00"
    assert late.reference in transfer.findtext("p:RmtInf/p:Ustrd", namespaces=NS)
    assert reconcile(run, files).rows[0].agrees


def test_the_registry_pays_a_due_once_even_when_offered_twice(world: World, late) -> None:  # noqa: ANN001
    penalties.fix_penalty(world.user("consulent.vaals"), late.pk, fixed_on=D(2026, 5, 1), iban=IBAN)
    run = run_month(D(2026, 5, 1))
    assert one_offs.pay(run) == 0  # everything offered again is already paid
    assert OneOffPayment.objects.count() == 1


def test_fixing_is_refused_twice_with_a_bad_iban_and_for_another_municipality(
    world: World, late
) -> None:  # noqa: ANN001
    consulent = world.user("consulent.vaals")
    with pytest.raises(ValidationError) as bad:
        penalties.fix_penalty(consulent, late.pk, fixed_on=D(2026, 5, 1), iban="NL00ABNA0000000000")
    assert "iban" in bad.value.message_dict
    with pytest.raises(cases.NotVisible):
        penalties.fix_penalty(
            world.user("consulent.maastricht"), late.pk, fixed_on=D(2026, 5, 1), iban=IBAN
        )
    assert not FixedPenalty.objects.exists()
    penalties.fix_penalty(consulent, late.pk, fixed_on=D(2026, 5, 1), iban=IBAN)
    with pytest.raises(ValidationError, match="al vastgesteld"):
        penalties.fix_penalty(consulent, late.pk, fixed_on=D(2026, 5, 2), iban=IBAN)
    assert FixedPenalty.objects.count() == 1


def test_the_case_page_fixes_the_penalty_and_shows_its_payment(
    world: World,
    late,
    settings,  # noqa: ANN001
) -> None:
    from tests.web.pages import logged_in, text

    settings.DEMO_MODE = True
    client = logged_in(world.user("consulent.vaals"))
    page = client.get(f"/zaken/{late.pk}")
    assert f'href="/dwangsommen/zaak/{late.pk}"' in page.content.decode()
    assert (
        logged_in(world.user("consulent.maastricht"))
        .get(f"/dwangsommen/zaak/{late.pk}")
        .status_code
        == 404
    )
    refused = client.post(
        f"/dwangsommen/zaak/{late.pk}", {"fixed_on": "01-05-2026", "iban": "NL00ABNA0000000000"}
    )
    assert refused.status_code == 400 and not FixedPenalty.objects.exists()
    done = client.post(f"/dwangsommen/zaak/{late.pk}", {"fixed_on": "01-05-2026", "iban": IBAN})
    assert done.status_code == 302, text(done)
    shown = text(client.get(f"/zaken/{late.pk}"))
    assert "Vastgesteld op 1 mei 2026: € 230,00." in shown
    assert "De volgende betaalrun betaalt dit bedrag uit." in shown
    run_month(D(2026, 5, 1))
    assert "Betaald in de betaalrun van mei 2026." in text(client.get(f"/zaken/{late.pk}"))


def test_the_api_fixes_and_reads_the_penalty_and_refuses_in_dutch(world: World, late) -> None:  # noqa: ANN001
    from rest_framework.test import APIClient

    other = APIClient()
    other.force_authenticate(world.user("consulent.maastricht"))
    body = {"zaak": late.pk, "vastgesteldOp": "2026-05-01", "iban": IBAN}
    refused = other.post("/api/v1/dwangsommen", body, format="json")
    unknown_case = other.post("/api/v1/dwangsommen", {**body, "zaak": 999_999_999}, format="json")
    # another municipality's case reads as an unknown one: the same 400 on the field
    assert refused.status_code == unknown_case.status_code == 400
    assert [p["name"] for p in refused.json()["invalidParams"]] == ["zaak"]
    assert refused.json()["invalidParams"] == unknown_case.json()["invalidParams"]
    client = APIClient()
    client.force_authenticate(world.user("consulent.vaals"))
    bad = client.post("/api/v1/dwangsommen", {**body, "iban": "NL00"}, format="json")
    assert bad.status_code == 400
    assert [p["name"] for p in bad.json()["invalidParams"]] == ["iban"]
    unknown = client.post("/api/v1/dwangsommen", {**body, "bedrag": "9999"}, format="json")
    assert unknown.status_code == 400 and not FixedPenalty.objects.exists()
    created = client.post("/api/v1/dwangsommen", body, format="json")
    assert created.status_code == 201, created.content
    assert (created.json()["bedrag"], created.json()["betaaldInMaand"]) == ("230.00", None)
    again = client.post("/api/v1/dwangsommen", body, format="json")
    assert again.status_code == 400 and "al vastgesteld" in again.content.decode()
    run_month(D(2026, 5, 1))
    read = client.get(f"/api/v1/dwangsommen/{late.pk}").json()
    assert read["betaaldInMaand"] == "2026-05"
    assert other.get(f"/api/v1/dwangsommen/{late.pk}").status_code == 404
