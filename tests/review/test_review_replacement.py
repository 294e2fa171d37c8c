"""After a reviewer's niet akkoord the consulent takes a new decision on the same case: the
old decision, its letter and its registration in the mandate register stay, marked as
replaced; the new one is reviewed again. Only a rejected, unannounced decision can be
replaced; a benefit the rejected grant started is undone, or the replacement is refused
when it was paid. On the case's page and through the API; another municipality's staff get
404."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from rest_framework.test import APIClient

from samen.access.models import AuditEntry
from samen.cases import services as cases
from samen.cases.models import Case, Decision, Status
from samen.income.models import Benefit, PaymentLine, PaymentRun
from samen.organisation.models import RecordedDecision
from samen.review import services
from samen.review.models import Verdict
from tests.cases.conftest import World
from tests.web.pages import logged_in, text

D = dt.date
IBAN = "NL91ABNA0417164300"
pytestmark = pytest.mark.django_db


def reject(world: World, decision: Decision) -> None:
    services.give_verdict(
        world.user("toetser"),
        decision.pk,
        verdict=Verdict.NIET_AKKOORD,
        remarks="De vermogensgrens van 2026 is niet gebruikt.",
    )


def new_decision(
    world: World, case_id: int, outcome: str = "afgewezen", on: dt.date = D(2026, 2, 27)
) -> Decision:
    return cases.decide(
        world.user("consulent.vaals"),
        case_id,
        cases.NewDecision(
            decision_type_code="pw-algemene-bijstand",
            outcome=outcome,
            decided_on=on,
            reasoning="Uw vermogen is hoger dan de grens van 2026.",
            effective_from=D(2026, 2, 2) if outcome == "toegekend" else None,
            iban=IBAN if outcome == "toegekend" else "",
        ),
    )


def test_a_rejected_decision_is_replaced_and_the_new_one_is_reviewed_again(
    office: World, decision: Decision
) -> None:
    with pytest.raises(ValidationError) as refused:  # not rejected: no new decision
        new_decision(office, decision.case_id)
    assert "kan niet naar" in refused.value.messages[0]
    reject(office, decision)
    assert cases.may_replace(decision.case)

    replacement = new_decision(office, decision.case_id)

    decision.refresh_from_db()
    assert decision.replaced_by == replacement
    assert replacement.replaces == decision
    assert "niet akkoord" in replacement.replacement_reason
    assert decision.letter.pdf  # the old letter is kept  # type: ignore[attr-defined]
    assert (
        RecordedDecision.objects.filter(
            pk__in=[decision.recorded_id, replacement.recorded_id]
        ).count()
        == 2
    )
    assert replacement.recorded.reference.endswith("-B2")
    case = replacement.case
    assert (case.status, case.decided_on) == (Status.BESLUIT_GENOMEN, D(2026, 2, 27))
    assert "Vervangt het besluit van 20 februari 2026" in case.history.order_by("-pk")[0].note
    # The new decision awaits review: it is on the worklist and cannot be announced yet.
    assert [t.pk for t in services.worklist(office.user("toetser"))] == [replacement.pk]
    with pytest.raises(ValidationError) as unreviewed:
        cases.announce(office.user("consulent.vaals"), case.pk, on=D(2026, 2, 27))
    assert unreviewed.value.messages == ["Dit besluit moet eerst getoetst worden."]
    # The rejected one cannot be reviewed again, and is no longer replaceable itself.
    with pytest.raises(ValidationError):
        services.give_verdict(office.user("toetser"), decision.pk, verdict="akkoord", remarks="")
    assert not cases.may_replace(case)
    services.give_verdict(office.user("toetser"), replacement.pk, verdict="akkoord", remarks="")
    assert cases.announce(office.user("consulent.vaals"), case.pk, on=D(2026, 2, 27)).status == (
        Status.BEKENDGEMAAKT
    )


def test_the_new_decision_cannot_be_dated_before_the_one_it_replaces(
    office: World, decision: Decision
) -> None:
    reject(office, decision)
    with pytest.raises(ValidationError) as refused:
        new_decision(office, decision.case_id, on=D(2026, 2, 19))
    assert refused.value.message_dict["decided_on"] == [
        "De besluitdatum ligt vóór die van het besluit dat u vervangt (20 februari 2026)."
    ]
    assert Decision.objects.filter(case_id=decision.case_id).count() == 1


def test_a_rejected_grant_gives_way_to_the_new_grant_and_its_benefit(office: World) -> None:
    case = cases.open_case(
        office.user("consulent.vaals"),
        cases.NewCase(office.persons["vaals"].pk, office.bijstand.code, D(2026, 2, 2)),
    )
    first = cases.decide(
        office.user("consulent.vaals"),
        case.pk,
        cases.NewDecision(
            "pw-algemene-bijstand",
            "toegekend",
            D(2026, 2, 20),
            "U heeft geen inkomen.",
            effective_from=D(2026, 2, 3),
            iban=IBAN,
        ),
    )
    old_benefit = Benefit.objects.get(case=case)
    assert old_benefit.start_date == D(2026, 2, 3)
    reject(office, first)
    replacement = new_decision(office, case.pk, outcome="toegekend")
    benefit = Benefit.objects.get(case=case)  # one benefit, the new decision's
    assert benefit.pk != old_benefit.pk
    assert benefit.start_date == D(2026, 2, 2)
    assert replacement.replaces == first
    deleted = AuditEntry.objects.get(action=AuditEntry.Kind.DELETE, object_type="uitkering")
    assert (deleted.object_id, deleted.data_subject_id) == (str(old_benefit.pk), "999990019")


def test_a_paid_benefit_blocks_the_replacement_with_nothing_saved(office: World) -> None:
    case = cases.open_case(
        office.user("consulent.vaals"),
        cases.NewCase(office.persons["vaals"].pk, office.bijstand.code, D(2026, 2, 2)),
    )
    first = cases.decide(
        office.user("consulent.vaals"),
        case.pk,
        cases.NewDecision(
            "pw-algemene-bijstand",
            "toegekend",
            D(2026, 2, 20),
            "U heeft geen inkomen.",
            effective_from=D(2026, 2, 2),
            iban=IBAN,
        ),
    )
    reject(office, first)
    benefit = Benefit.objects.get(case=case)
    PaymentLine.objects.create(
        run=PaymentRun.objects.create(month=D(2026, 2, 1)),
        benefit=benefit,
        month=D(2026, 2, 1),
        amount="100.00",
        calculation={},
    )
    with pytest.raises(ValidationError) as refused:
        new_decision(office, case.pk)
    assert "al betaald of verrekend" in refused.value.messages[0]
    assert Decision.objects.filter(case=case).count() == 1
    assert Benefit.objects.filter(pk=benefit.pk).exists()


# --- Screens and API -------------------------------------------------------------------------
@pytest.fixture
def demo_mode(settings) -> None:  # noqa: ANN001
    settings.DEMO_MODE = True


def test_the_case_page_offers_a_new_decision_and_marks_the_old_one(
    office: World, decision: Decision, demo_mode: None
) -> None:
    client = logged_in(office.user("consulent.vaals"))
    assert (
        f'/zaken/{decision.case_id}/besluit"'
        not in client.get(f"/zaken/{decision.case_id}").content.decode()
    )
    reject(office, decision)
    page = client.get(f"/zaken/{decision.case_id}")
    assert f'/zaken/{decision.case_id}/besluit"' in page.content.decode()
    response = client.post(
        f"/zaken/{decision.case_id}/besluit",
        {
            "decision_type": "pw-algemene-bijstand",
            "outcome": "afgewezen",
            "decided_on": "2026-02-27",
            "reasoning": "Uw vermogen is hoger dan de grens van 2026.",
            "version": Case.objects.get(pk=decision.case_id).version,
        },
    )
    assert response.status_code == 302, text(response)
    shown = text(client.get(f"/zaken/{decision.case_id}"))
    assert "Vervangen door het besluit van 27 februari 2026; niet bekendgemaakt." in shown
    assert "Vervangt het vorige besluit: de toetser" in shown


def test_the_api_replaces_and_shows_both_and_another_municipality_gets_404(
    office: World, decision: Decision
) -> None:
    reject(office, decision)
    body = {
        "besluittype": "pw-algemene-bijstand",
        "uitkomst": "afgewezen",
        "besluitdatum": "2026-02-27",
        "motivering": "Uw vermogen is hoger dan de grens van 2026.",
        "versie": Case.objects.get(pk=decision.case_id).version,
    }
    other = APIClient()
    other.force_authenticate(office.user("consulent.maastricht"))
    refused = other.post(f"/api/v1/zaken/{decision.case_id}/besluiten", body, format="json")
    assert refused.status_code == 404, refused.content.decode()
    client = APIClient()
    client.force_authenticate(office.user("consulent.vaals"))
    response = client.post(f"/api/v1/zaken/{decision.case_id}/besluiten", body, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["vervangt"] == decision.pk
    old = client.get(f"/api/v1/zaken/{decision.case_id}/besluiten/{decision.pk}").json()
    assert old["vervangenDoor"] == response.json()["id"]
    assert Decision.objects.filter(case_id=decision.case_id).count() == 2
