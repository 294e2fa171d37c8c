"""Case work through the services: opening (contracted tasks, access, zoektermijn), the
lifecycle with suspension and extension, the fixed consulent, decisions under mandate and
the letter. Dates are explicit; "today" is pinned where the rules look at it."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from pypdf import PdfReader

from samen.access.models import AuditEntry
from samen.cases import letters, services
from samen.cases.models import Assignment, Case, Decision, Letter, Status
from samen.cases.services import NewCase, NewDecision
from samen.organisation.models import Municipality, RecordedDecision
from tests.cases.conftest import World

D = dt.date
IBAN = "NL91ABNA0417164300"  # a valid test IBAN


@pytest.fixture
def today(monkeypatch: pytest.MonkeyPatch):  # noqa: ANN201
    """Pin timezone.localdate() for the services (decision dates may not be in the future)."""

    def pin(day: dt.date) -> None:
        monkeypatch.setattr(timezone, "localdate", lambda *a, **k: day)

    pin(D(2026, 11, 24))
    return pin


def open_bijstand(world: World, who: str = "vaals", on: dt.date = D(2026, 3, 2)) -> Case:
    return services.open_case(
        world.user("consulent.vaals"),
        NewCase(world.persons[who].pk, world.bijstand.code, on),
    )


# ---------------------------------------------------------------------------------------------
# Opening
# ---------------------------------------------------------------------------------------------
def test_a_case_gets_its_reference_deadline_consulent_and_history(world: World) -> None:
    case = open_bijstand(world)
    assert case.reference == f"GM0981-2026-{case.pk:06d}"
    assert case.municipality.name == "Vaals"
    assert case.status == Status.ONTVANGEN
    # 8 weeks after 2 March 2026 is Monday 27 April 2026, Koningsdag: the Atw moves it on.
    assert case.deadline == D(2026, 4, 28)
    assert case.assigned_to is not None and case.team.name == "Team Inkomen Heuvelland"
    assignment = Assignment.objects.get(person=world.persons["vaals"])
    assert assignment.staff == case.assigned_to
    assert [h.status for h in case.history.all()] == [Status.ONTVANGEN]
    entry = AuditEntry.objects.get(action="create")
    assert (entry.object_type, entry.object_id, entry.data_subject_id) == (
        "zaak",
        case.reference,
        "999990019",
    )


def test_a_second_case_in_the_domain_goes_to_the_same_fixed_consulent(world: World) -> None:
    first = open_bijstand(world)
    second = open_bijstand(world, on=D(2026, 6, 1))
    assert second.assigned_to == first.assigned_to
    assert Assignment.objects.filter(person=world.persons["vaals"]).count() == 1


def test_a_meerssen_resident_cannot_get_a_wmo_case_a_valkenburg_resident_can(
    world: World,
) -> None:
    wmo = world.user("consulent.wmo")
    with pytest.raises(ValidationError) as refused:
        services.open_case(
            wmo, NewCase(world.persons["meerssen"].pk, world.wmo.code, D(2026, 3, 2))
        )
    assert "Meerssen heeft" in refused.value.messages[0]
    assert "niet bij ons belegd" in refused.value.messages[0]
    assert not Case.objects.exists()

    case = services.open_case(
        wmo, NewCase(world.persons["valkenburg"].pk, world.wmo.code, D(2026, 3, 2))
    )
    assert case.municipality.name == "Valkenburg aan de Geul"
    assert case.deadline == D(2026, 3, 16)  # two weeks


def test_a_vaals_consulent_cannot_open_a_case_for_a_maastricht_resident(world: World) -> None:
    with pytest.raises(services.NotVisible):
        open_bijstand(world, who="maastricht")
    assert not Case.objects.exists()
    assert AuditEntry.objects.filter(action="refused").count() == 1


def test_under_27_the_search_period_comes_first(world: World) -> None:
    case = open_bijstand(world, who="vaals_young", on=D(2026, 3, 2))
    assert case.status == Status.MELDING
    assert case.search_period_until == D(2026, 3, 30)
    assert case.received_on == D(2026, 3, 30)
    assert case.deadline == D(2026, 5, 26)  # 25 May 2026 is Pinkstermaandag
    assert "Zoektermijn van 4 weken" in case.history.get().note


# ---------------------------------------------------------------------------------------------
# Lifecycle
# ---------------------------------------------------------------------------------------------
def test_suspension_and_extension_move_the_deadline(world: World, today) -> None:  # noqa: ANN001
    consulent = world.user("consulent.vaals")
    case = open_bijstand(world)
    case = services.start_handling(consulent, case.pk, version=case.version)
    case = services.request_information(
        consulent,
        case.pk,
        requested_on=D(2026, 3, 10),
        what="Bankafschriften van de laatste drie maanden",
        version=case.version,
    )
    assert case.status == Status.INFORMATIE_OPGEVRAAGD
    assert case.deadline is None  # suspended: unknown until the information comes
    case = services.information_received(
        consulent, case.pk, received_on=D(2026, 3, 20), version=case.version
    )
    # 9 days suspended (11-19 March): 27 April + 9 = 6 May 2026.
    assert case.deadline == D(2026, 5, 6)
    case = services.extend_term(
        consulent, case.pk, notified_on=D(2026, 4, 20), reason="Advies nodig", version=case.version
    )
    assert case.deadline == D(2026, 6, 17)  # + 6 weeks
    assert [h.status for h in case.history.all()] == [
        Status.ONTVANGEN,
        Status.IN_BEHANDELING,
        Status.INFORMATIE_OPGEVRAAGD,
        Status.IN_BEHANDELING,
        Status.IN_BEHANDELING,
    ]


def test_a_stale_version_is_refused_and_changes_nothing(world: World) -> None:
    consulent = world.user("consulent.vaals")
    case = open_bijstand(world)
    services.start_handling(consulent, case.pk, version=case.version)
    with pytest.raises(services.VersionConflict):
        services.request_information(
            consulent, case.pk, requested_on=D(2026, 3, 10), what="x", version=case.version
        )
    assert not case.suspensions.exists()
    assert Case.objects.get(pk=case.pk).status == Status.IN_BEHANDELING


def test_a_toetser_may_read_but_not_change_a_case(world: World) -> None:
    case = open_bijstand(world)
    toetser = world.user("toetser")
    assert services.get_case(toetser, case.pk).reference == case.reference
    with pytest.raises(services.NotAllowed):
        services.start_handling(toetser, case.pk)


def test_worklist_sorted_by_deadline_with_flags(world: World) -> None:
    consulent = world.user("consulent.vaals")
    late = open_bijstand(world, on=D(2026, 1, 5))
    soon = open_bijstand(world, on=D(2026, 9, 28))
    for case in (late, soon):
        services.take_case(consulent, case.pk)
    items = services.worklist(consulent, today=D(2026, 11, 20))
    assert [i.case.reference for i in items] == [late.reference, soon.reference]
    assert items[0].overdue and not items[0].near
    assert items[1].near and not items[1].overdue  # 23 November 2026, three days left
    other = world.user("consulent.maastricht")
    assert services.worklist(other, staff=consulent.staff, today=D(2026, 11, 20)) == []


def test_taking_a_case_reassigns_the_fixed_consulent_with_history(
    world: World,
    today,  # noqa: ANN001
) -> None:
    case = open_bijstand(world)
    first = case.assigned_to
    manager = world.user("teammanager")
    assert manager.staff != first
    services.take_case(manager, case.pk)
    rows = list(Assignment.objects.filter(person=world.persons["vaals"]).order_by("valid_from"))
    assert [r.staff for r in rows] == [first, manager.staff]
    assert rows[0].valid_until == D(2026, 11, 23)


# ---------------------------------------------------------------------------------------------
# Decisions under mandate, and the letter
# ---------------------------------------------------------------------------------------------
def decide(
    world: World, case: Case, username: str, on: dt.date, code: str = "pw-algemene-bijstand"
):  # noqa: ANN201
    return services.decide(
        world.user(username),
        case.pk,
        NewDecision(
            decision_type_code=code,
            outcome="toegekend",
            decided_on=on,
            reasoning="U heeft geen inkomen en geen vermogen.\n\nU woont alleen.",
            iban=IBAN,
        ),
    )


def test_a_decision_under_the_2026_mandate_produces_the_letter(world: World, today) -> None:  # noqa: ANN001
    case = open_bijstand(world, on=D(2026, 1, 5))
    # The retroactive 2026 mandates (adopted 27 January, effect 1 January) cover January.
    decision = decide(world, case, "consulent.vaals", D(2026, 1, 20))
    assert decision.municipality.name == "Vaals"
    assert [link["titel"] for link in decision.chain][0].startswith("Mandaatbesluit SZMH Vaals")
    assert RecordedDecision.objects.filter(reference=f"{case.reference}-B1").exists()
    case.refresh_from_db()
    assert case.status == Status.BESLUIT_GENOMEN and case.decided_on == D(2026, 1, 20)
    assert case.decided_in_time is True

    _, pdf = services.letter_pdf(world.user("consulent.vaals"), case.pk, decision.pk)
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    text = " ".join(text.split())
    assert "burgemeester en wethouders van Vaals" in text
    assert "Bram Vliegen" in text
    assert "U heeft geen inkomen en geen vermogen." in text
    assert "bezwaar" in text and "zes weken" in text
    assert "Maastricht" not in text.split("Vaals")[0][:50]  # the letterhead is Vaals's own


def test_a_vaals_consulent_cannot_open_a_maastricht_clients_letter(world: World, today) -> None:  # noqa: ANN001
    case = services.open_case(
        world.user("consulent.maastricht"),
        NewCase(world.persons["maastricht"].pk, world.bijstand.code, D(2026, 3, 2)),
    )
    decision = decide(world, case, "consulent.maastricht", D(2026, 3, 20))
    with pytest.raises(services.NotVisible):
        services.letter_pdf(world.user("consulent.vaals"), case.pk, decision.pk)
    refused = AuditEntry.objects.filter(action="refused").last()
    assert refused is not None and refused.actor_name == "Bram Vliegen"


def test_a_consulent_without_submandate_for_the_decision_type_is_refused(
    world: World,
    today,  # noqa: ANN001
) -> None:
    case = open_bijstand(world)
    world.bijstand.decision_types.add(
        *world.bijstand.decision_types.model.objects.filter(code="pw-boete")
    )
    with pytest.raises(ValidationError) as refused:
        decide(world, case, "consulent.vaals", D(2026, 3, 20), code="pw-boete")
    assert "Bram Vliegen" in refused.value.messages[0]
    assert not Decision.objects.exists() and not Letter.objects.exists()
    assert not RecordedDecision.objects.filter(reference__startswith=case.reference).exists()
    assert Case.objects.get(pk=case.pk).status == Status.ONTVANGEN


def test_a_decision_dated_before_the_mandates_effect_is_refused(world: World, today) -> None:  # noqa: ANN001
    # A case taken over from before the regeling (1 January 2016): no mandate covered it.
    case = open_bijstand(world)
    Case.objects.filter(pk=case.pk).update(received_on=D(2015, 11, 2), reported_on=D(2015, 11, 2))
    with pytest.raises(ValidationError) as refused:
        decide(world, case, "consulent.vaals", D(2015, 12, 1))
    assert "1 december 2015" in refused.value.messages[0]
    assert not Decision.objects.exists()


def test_a_decision_needs_reasoning_and_a_date_not_in_the_future(world: World, today) -> None:  # noqa: ANN001
    case = open_bijstand(world)
    with pytest.raises(ValidationError) as refused:
        services.decide(
            world.user("consulent.vaals"),
            case.pk,
            NewDecision("pw-algemene-bijstand", "toegekend", D(2026, 12, 1), "  "),
        )
    assert set(refused.value.message_dict) == {"decided_on", "reasoning", "iban"}
    assert not Decision.objects.exists()


def test_functional_management_edits_letter_templates_in_admin_and_bad_ones_are_refused(
    world: World,
    client,
    settings,  # noqa: ANN001
) -> None:
    from samen.cases.models import LetterTemplate
    from samen.organisation.demo import DEMO_PASSWORD

    settings.DEMO_MODE = True
    assert client.login(username="beheerder", password=DEMO_PASSWORD)
    form = {
        "outcome": "toegekend",
        "municipality": world.municipalities["Vaals"].pk,
        "body": "Beste {{ naam }}, u krijgt bijstand. {{ settings.SECRET_KEY }}",
        "valid_from": "2026-01-01",
    }
    response = client.post("/beheer/cases/lettertemplate/add/", form)
    assert response.status_code == 200  # the form again, with the error
    # (The objections app ships the texts of a beslissing op bezwaar, for all municipalities.)
    assert not LetterTemplate.objects.filter(municipality__isnull=False).exists()
    form["body"] = "Beste {{ naam }},\n\nU krijgt bijstand vanaf {{ ingangsdatum }}."
    response = client.post("/beheer/cases/lettertemplate/add/", form)
    assert response.status_code == 302
    assert LetterTemplate.objects.get(municipality__isnull=False).municipality.name == "Vaals"
    client.logout()
    assert client.login(username="consulent.vaals", password=DEMO_PASSWORD)
    assert client.get("/beheer/cases/lettertemplate/").status_code in (302, 403)


def test_the_municipalitys_own_template_is_used_for_its_letters(world: World, today) -> None:  # noqa: ANN001
    from samen.cases.models import LetterTemplate

    LetterTemplate.objects.create(
        outcome="toegekend",
        municipality=world.municipalities["Vaals"],
        body="Beste {{ naam }},\n\nVaals wenst u veel succes met het vinden van werk.",
        valid_from=D(2026, 1, 1),
    )
    case = open_bijstand(world)
    decision = decide(world, case, "consulent.vaals", D(2026, 3, 20))
    letter = Letter.objects.get(decision=decision)
    assert letter.template is not None
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(bytes(letter.pdf))).pages)
    assert "Vaals wenst u veel succes" in " ".join(text.split())


def test_granted_bijstand_starts_the_benefit_with_the_households_facts(
    world: World,
    today,  # noqa: ANN001
) -> None:
    from samen.income.models import Benefit
    from samen.people.models import Household, HouseholdMember

    person = world.persons["vaals"]
    household = Household.objects.create()
    HouseholdMember.objects.create(
        household=household, person=person, relation="aanvrager", valid_from=D(2020, 1, 1)
    )
    housemate = world.persons["vaals_young"]
    HouseholdMember.objects.create(
        household=household, person=housemate, relation="medebewoner", valid_from=D(2020, 1, 1)
    )
    case = open_bijstand(world)
    decision = services.decide(
        world.user("consulent.vaals"),
        case.pk,
        NewDecision(
            "pw-algemene-bijstand",
            "toegekend",
            D(2026, 3, 20),
            "U heeft geen inkomen.",
            effective_from=D(2026, 3, 2),
            iban="nl91 abna 0417 1643 00",
        ),
    )
    benefit = Benefit.objects.get(case=decision.case)
    assert (benefit.start_date, benefit.iban, benefit.municipality.name) == (
        D(2026, 3, 2),
        "NL91ABNA0417164300",
        "Vaals",
    )
    facts = benefit.facts.get().facts
    assert facts["aanvrager"] == {"geboortedatum": "1980-05-01"}
    assert facts["medebewoners"] == [
        {"geboortedatum": "2002-03-10", "studeert": False, "commerciele_huur": False}
    ]
    assert AuditEntry.objects.filter(object_type="uitkering", action="create").count() == 1


def letter_text(decision: Decision) -> str:
    import re

    reader = PdfReader(io.BytesIO(bytes(decision.letter.pdf)))
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))


def test_the_grant_letter_states_the_amount_the_start_date_and_the_obligations(
    world: World,
    today,  # noqa: ANN001
) -> None:
    """Issue 12 item 1: a beschikking on a benefit states the norm, what is deducted, the
    amount per month and the start date, in the paying municipality's name, and the
    decision keeps the calculation it granted (item 2)."""
    case = open_bijstand(world)
    decision = services.decide(
        world.user("consulent.vaals"),
        case.pk,
        NewDecision(
            "pw-algemene-bijstand",
            "toegekend",
            D(2026, 3, 20),
            "U heeft geen inkomen.",
            effective_from=D(2026, 3, 2),
            iban=IBAN,
        ),
    )
    record = decision.calculation
    assert record["peildatum"] == "2026-03-02"
    assert record["feiten"]["aanvrager"] == {"geboortedatum": "1980-05-01"}
    paid = Decimal(record["uitbetaald_per_maand"])
    assert paid == Decimal(record["uitkering_per_maand"]) - Decimal(
        record["vakantietoeslag_per_maand"]
    )
    assert paid > 0
    text = letter_text(decision)
    amount = letters.format_amount(paid)
    assert f"Wij betalen u {amount} per maand, vanaf 2 maart 2026." in text
    assert "U heeft bij ons algemene bijstand aangevraagd." in text
    assert "Bedragen" in text and letters.format_amount(Decimal(record["norm"])) in text
    assert "per maand vanaf 2 maart 2026" in text
    assert "artikel 9 van de Participatiewet" in text and "artikel 17" in text
    assert "Gemeente Vaals" in text
    assert "aanvraag gedaan voor besluit" not in text
    assert "mail naar ." not in text and " naar ." not in text


def test_a_grant_that_cannot_be_calculated_is_refused_and_saves_nothing(
    world: World,
    today,  # noqa: ANN001
) -> None:
    case = open_bijstand(world)
    with pytest.raises(ValidationError) as refused:
        services.decide(
            world.user("consulent.vaals"),
            case.pk,
            NewDecision(
                "pw-algemene-bijstand",
                "toegekend",
                D(2026, 3, 20),
                "U heeft geen inkomen.",
                effective_from=D(2014, 1, 1),
                iban=IBAN,
            ),
        )
    assert "niet te berekenen" in refused.value.message_dict["effective_from"][0]
    assert not Decision.objects.exists() and not Letter.objects.exists()


def test_a_bad_iban_refuses_the_decision_and_saves_nothing(world: World, today) -> None:  # noqa: ANN001
    from samen.income.models import Benefit

    case = open_bijstand(world)
    with pytest.raises(ValidationError) as refused:
        services.decide(
            world.user("consulent.vaals"),
            case.pk,
            NewDecision(
                "pw-algemene-bijstand", "toegekend", D(2026, 3, 20), "Geen inkomen.", iban="NL00"
            ),
        )
    assert "iban" in refused.value.message_dict
    assert not Decision.objects.exists() and not Letter.objects.exists()
    assert not Benefit.objects.exists()
    assert not RecordedDecision.objects.filter(reference__startswith=case.reference).exists()


def test_a_rejection_starts_no_benefit(world: World, today) -> None:  # noqa: ANN001
    from samen.income.models import Benefit

    case = open_bijstand(world)
    services.decide(
        world.user("consulent.vaals"),
        case.pk,
        NewDecision("pw-algemene-bijstand", "afgewezen", D(2026, 3, 20), "Te veel vermogen."),
    )
    assert not Benefit.objects.exists()


def test_a_malformed_id_is_not_found_not_a_crash(world: World) -> None:
    from samen.access.policy import Purpose
    from samen.people import services as people

    consulent = world.user("consulent.vaals")
    with pytest.raises(services.NotVisible):
        services.start_handling(consulent, "abc")
    with pytest.raises(people.NotVisible):
        people.change_person(
            consulent, "abc", {"surname": "X"}, expected_version=1, purpose=Purpose.UITVOERING
        )


def test_a_decision_on_an_objection_offers_beroep_at_the_municipalitys_court(
    world: World,
    today,  # noqa: ANN001
) -> None:
    jurist = world.user("jurist")
    case = services.open_case(
        jurist, NewCase(world.persons["maastricht"].pk, "bezwaar", D(2026, 3, 2))
    )
    decision = decide(world, case, "jurist", D(2026, 3, 20), code="pw-beslissing-op-bezwaar")
    _, pdf = services.letter_pdf(jurist, case.pk, decision.pk)
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).split())
    assert "beroep instellen bij de rechtbank" in text
    assert "Rechtbank Limburg, sector bestuursrecht Postbus 950 6040 AZ Roermond" in text
    assert "bezwaarschrift" not in text


def test_without_a_court_a_decision_on_an_objection_is_refused_and_nothing_saved(
    world: World,
    today,  # noqa: ANN001
) -> None:
    Municipality.objects.filter(name="Maastricht").update(court="", court_address="")
    case = services.open_case(
        world.user("jurist"), NewCase(world.persons["maastricht"].pk, "bezwaar", D(2026, 3, 2))
    )
    with pytest.raises(ValidationError, match="bij welke rechtbank"):
        decide(world, case, "jurist", D(2026, 3, 20), code="pw-beslissing-op-bezwaar")
    assert not case.decisions.exists()
    assert not RecordedDecision.objects.filter(reference__startswith=case.reference).exists()
