"""Fraud investigations: started, activities logged, concluded (no fraud, administrative with
its claim, criminal with the proces-verbaal); open only to an enforcement grant, audited."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from samen.access.models import AuditEntry, Confidentiality, Grant, Role
from samen.enforcement import investigations as inv
from samen.enforcement.models import Investigation
from samen.people.services import NotAllowed, NotVisible
from samen.recovery.models import Claim
from tests.enforcement.conftest import ANNA, D, Office

pytestmark = pytest.mark.django_db


def tip(office: Office, user: str = "handhaving") -> Investigation:
    return inv.start(
        office.user(user),
        inv.NewInvestigation(
            person_pk=office.world.persons["vaals"].pk,
            municipality_code="GM0981",
            origin="tip",
            reason="Anonieme tip: woont samen met een partner.",
            started_on=D(2026, 10, 1),
        ),
    )


def test_an_investigation_from_a_tip_with_activities_and_an_administrative_outcome(
    office: Office,
) -> None:
    found = tip(office)
    assert found.reference == f"FO-2026-{found.pk:06d}"
    assert found.confidentiality == Confidentiality.VERTROUWELIJK
    user = office.user("handhaving")
    inv.add_activity(
        user, found.pk, kind="huisbezoek", on=D(2026, 10, 8), report="Twee tandenborstels."
    )
    inv.add_activity(
        user, found.pk, kind="verhoor", on=D(2026, 10, 20), report="Verslag van het verhoor."
    )
    with pytest.raises(ValidationError) as error:
        inv.add_activity(user, found.pk, kind="observatie", on=D(2026, 9, 1), report="x")
    assert "vóór de start" in error.value.message_dict["on"][0]
    data = inv.Conclusion(
        outcome="bestuurlijk",
        concluded_on=D(2026, 11, 2),
        conclusion="Gezamenlijke huishouding sinds maart.",
        amount=Decimal("4321.09"),
        harm_from=D(2026, 3, 1),
        harm_until=D(2026, 10, 31),
    )
    done = inv.conclude(user, found.pk, data)
    claim = Claim.objects.get(pk=done.claim_id)
    assert (claim.origin, claim.principal, claim.balance()) == (
        Claim.Origin.INLICHTINGENPLICHT,
        Decimal("4321.09"),
        Decimal("4321.09"),
    )
    assert claim.person == office.world.persons["vaals"] and claim.municipality.cbs_code == "GM0981"
    assert claim.description == (
        "Benadeling 01-03-2026 t/m 31-10-2026 door schending van de inlichtingenplicht"
    )
    assert found.reference not in claim.description  # no trace of the investigation
    shown, activities = inv.get_investigation(user, found.pk)
    assert [a.kind for a in activities] == ["huisbezoek", "verhoor"]
    assert shown.outcome == "bestuurlijk"
    with pytest.raises(ValidationError):
        inv.conclude(user, found.pk, data)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"amount": None}, "amount"),
        ({"harm_from": None}, "harm_from"),
        ({"harm_until": D(2026, 2, 1)}, "harm_until"),
        ({"outcome": "strafrechtelijk"}, "report_number"),
        ({"report_number": "PV-1"}, "report_number"),
        ({"concluded_on": D(2026, 12, 1)}, "concluded_on"),
    ],
)
def test_an_outcome_needs_its_facts(office: Office, changes: dict, field: str) -> None:
    found = tip(office)
    values = {
        "outcome": "bestuurlijk",
        "concluded_on": D(2026, 11, 2),
        "conclusion": "Conclusie.",
        "amount": Decimal("100.00"),
        "harm_from": D(2026, 3, 1),
        "harm_until": D(2026, 10, 31),
        **changes,
    }
    with pytest.raises(ValidationError) as error:
        inv.conclude(office.user("handhaving"), found.pk, inv.Conclusion(**values))
    assert field in error.value.message_dict
    assert Claim.objects.count() == 0
    assert Investigation.objects.get().outcome == ""


def test_a_criminal_outcome_keeps_the_proces_verbaal(office: Office) -> None:
    found = tip(office)
    inv.conclude(
        office.user("handhaving"),
        found.pk,
        inv.Conclusion(
            outcome="strafrechtelijk",
            concluded_on=D(2026, 11, 2),
            conclusion="Opzettelijk verzwegen inkomsten.",
            amount=Decimal("15000.00"),
            harm_from=D(2025, 1, 1),
            harm_until=D(2026, 6, 30),
            report_number="PV-2026-17",
            report_sent_on=D(2026, 11, 2),
        ),
    )
    found.refresh_from_db()
    assert (found.report_number, found.amount) == ("PV-2026-17", Decimal("15000.00"))


def test_no_fraud_has_no_claim(office: Office) -> None:
    found = tip(office)
    inv.conclude(
        office.user("handhaving"),
        found.pk,
        inv.Conclusion("geen_fraude", D(2026, 11, 2), "Geen aanwijzingen gevonden."),
    )
    assert Claim.objects.count() == 0


def test_a_consulent_cannot_see_an_investigation_even_at_its_level(office: Office) -> None:
    found = tip(office)
    consulent = office.user("consulent.vaals")
    # Even a consulent's grant up to vertrouwelijk does not open it: the role must enforce.
    Grant.objects.filter(staff=consulent.staff).update(max_confidentiality=Confidentiality.GEHEIM)
    consulent = office.user("consulent.vaals")
    with pytest.raises(NotVisible):
        inv.get_investigation(consulent, found.pk)
    with pytest.raises(NotVisible):
        inv.add_activity(consulent, found.pk, kind="internet", on=D(2026, 10, 2), report="x")
    assert inv.list_investigations(consulent)[1] == 0
    with pytest.raises(NotAllowed):
        tip(office, "consulent.vaals")
    refused = AuditEntry.objects.filter(
        action=AuditEntry.Kind.REFUSED, object_type="fraudeonderzoek", object_id=str(found.pk)
    )
    assert refused.count() == 2


def test_another_municipalitys_investigator_gets_not_found(office: Office) -> None:
    found = tip(office)
    grant = Grant.objects.get(staff=office.world.users["handhaving"].staff)
    grant.municipalities.set([office.world.municipalities["Maastricht"]])
    with pytest.raises(NotVisible):
        inv.get_investigation(office.user("handhaving"), found.pk)
    assert Role.objects.get(code="handhaving").allows("read")


def test_every_investigation_read_is_audited(office: Office) -> None:
    found = tip(office)
    user = office.user("handhaving")
    inv.list_investigations(user)
    inv.get_investigation(user, found.pk)
    entries = list(
        AuditEntry.objects.filter(object_type="fraudeonderzoek").values_list(
            "action", "object_id", "data_subject_id"
        )
    )
    assert entries == [
        (AuditEntry.Kind.CREATE, found.reference, ANNA),
        (AuditEntry.Kind.LIST, found.reference, ANNA),
        (AuditEntry.Kind.READ, found.reference, ANNA),
    ]
