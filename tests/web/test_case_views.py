"""The case screens as staff use them: the worklist with its deadline labels, the case detail
and its actions, opening a case, decisions and their letter. Separation by municipality and
domain answers 404; refusals are Dutch; nothing is saved on a refusal; every page is audited.
Dates are explicit and "today" is pinned where the rules look at it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from samen.access.models import AuditEntry
from samen.cases import services
from samen.cases.models import Case, Decision, Letter, Status
from samen.cases.services import NewCase, NewDecision
from samen.organisation.models import Domain
from samen.people.models import Registration
from tests.cases.conftest import World, world  # noqa: F401
from tests.web.pages import logged_in, nav, table_rows, text

pytestmark = pytest.mark.django_db

D = dt.date
IBAN = "NL91ABNA0417164300"  # a valid test IBAN
TODAY = D(2026, 11, 20)


@pytest.fixture(autouse=True)
def demo_mode(settings) -> None:  # noqa: ANN001
    settings.DEMO_MODE = True  # demo users may only log in in demo mode


@pytest.fixture
def today(monkeypatch: pytest.MonkeyPatch):  # noqa: ANN201
    """Pin timezone.localdate() for views and services (decisions may not be in the future)."""

    def pin(day: dt.date) -> None:
        monkeypatch.setattr(timezone, "localdate", lambda *a, **k: day)

    pin(TODAY)
    return pin


def client_for(world: World, username: str) -> Client:  # noqa: F811
    return logged_in(world.user(username))


def open_bijstand(
    world: World,  # noqa: F811
    who: str = "vaals",
    on: dt.date = D(2026, 3, 2),
    username: str = "consulent.vaals",
) -> Case:
    return services.open_case(
        world.user(username), NewCase(world.persons[who].pk, world.bijstand.code, on)
    )


def decided(world: World, case: Case, username: str, on: dt.date) -> Decision:  # noqa: F811
    return services.decide(
        world.user(username),
        case.pk,
        NewDecision("pw-algemene-bijstand", "toegekend", on, "U heeft geen inkomen.", iban=IBAN),
    )


def registered(person, domain: str) -> None:  # noqa: ANN001
    """Known in the domain, so a consulent of that domain may see the person."""
    Registration.objects.create(
        person=person,
        domain=Domain.objects.get(code=domain),
        subject="Vraag om ondersteuning",
        registered_on=D(2026, 1, 5),
    )


def audited(world: World, username: str, **filters: str) -> list[tuple[str, str]]:  # noqa: F811
    user = world.users[username]
    return list(
        AuditEntry.objects.filter(actor_id=user.pk, **filters)
        .order_by("sequence")
        .values_list("action", "object_id")
    )


# --- navigation and worklist -------------------------------------------------------------------
def test_the_menu_offers_the_worklist_to_staff_who_read_personal_data(world: World) -> None:  # noqa: F811
    assert "Werkvoorraad" in nav(client_for(world, "consulent.vaals").get("/"))


def test_worklist_shows_own_cases_by_deadline_with_labels_and_audits_them(
    world: World,  # noqa: F811
    today,  # noqa: ANN001
) -> None:
    consulent = world.user("consulent.vaals")
    soon = open_bijstand(world, on=D(2026, 9, 28))  # due 23 November 2026: three days left
    late = open_bijstand(world, who="vaals_young", on=D(2025, 11, 3))
    for case in (soon, late):
        services.take_case(consulent, case.pk)
    calm = open_bijstand(world, on=D(2026, 11, 2))  # due 28 December 2026
    services.take_case(consulent, calm.pk)
    before = AuditEntry.objects.count()

    response = client_for(world, "consulent.vaals").get("/werkvoorraad")

    assert response.status_code == 200
    rows = table_rows(response)
    assert [row[0] for row in rows] == [late.reference, soon.reference, calm.reference]
    assert "Termijn verstreken" in rows[0][4] and "Bijna verlopen" not in rows[0][4]
    assert "23 november 2026" in rows[1][4] and "Bijna verlopen" in rows[1][4]
    assert "Termijn verstreken" not in rows[2][4] and "Bijna verlopen" not in rows[2][4]
    assert rows[1][5] == "3"
    assert rows[1][1] == "Anna Janssen" and rows[1][6] == "Bram Vliegen"
    added = AuditEntry.objects.order_by("sequence")[before:]
    assert sorted((e.action, e.object_id) for e in added) == sorted(
        ("list", c.reference) for c in (late, soon, calm)
    )


def test_team_worklist_offers_oppakken_and_taking_moves_the_case(
    world: World,  # noqa: F811
    today,  # noqa: ANN001
) -> None:
    case = open_bijstand(world)
    services.take_case(world.user("teammanager"), case.pk)  # now someone else's case
    client = client_for(world, "consulent.vaals")
    assert case.reference not in text(client.get("/werkvoorraad"))

    team = world.user("consulent.vaals").staff.appointment_on(TODAY).team
    response = client.get(f"/werkvoorraad?team={team.pk}")
    assert response.status_code == 200
    assert "Oppakken" in text(response)
    version = Case.objects.get(pk=case.pk).version

    taken = client.post(
        f"/zaken/{case.pk}/oppakken", {"version": version, "next": "worklist"}, follow=True
    )

    assert taken.status_code == 200
    assert f"U heeft zaak {case.reference} opgepakt." in text(taken)
    assert [row[0] for row in table_rows(taken)] == [case.reference]
    assert Case.objects.get(pk=case.pk).assigned_to == world.user("consulent.vaals").staff


def test_a_team_that_is_not_ones_own_is_not_found(world: World) -> None:  # noqa: F811
    other = world.user("consulent.maastricht").staff.appointment_on(timezone.localdate()).team
    response = client_for(world, "consulent.vaals").get(f"/werkvoorraad?team={other.pk}")
    assert response.status_code == 404


# --- detail ------------------------------------------------------------------------------------
def test_case_detail_shows_the_facts_the_deadline_and_the_history(world: World) -> None:  # noqa: F811
    case = open_bijstand(world)
    response = client_for(world, "consulent.vaals").get(f"/zaken/{case.pk}")
    assert response.status_code == 200
    page = text(response)
    for expected in (
        case.reference,
        "Anna Janssen",
        "999990019",
        "Vaals (GM0981)",
        "Aanvraag algemene bijstand",
        "artikel 43 Participatiewet",
        "8 weken",
        "Aanvraag ontvangen",
        "dinsdag 28 april 2026",
        "Bram Vliegen",
        "In behandeling nemen",
        "Besluit nemen",
    ):
        assert expected in page, expected
    assert "Bekendgemaakt" not in page  # not valid before a decision
    assert ("read", case.reference) in audited(world, "consulent.vaals", object_type="zaak")


def test_a_vaals_consulent_gets_404_for_a_maastricht_case_and_its_letter(
    world: World,  # noqa: F811
    today,  # noqa: ANN001
) -> None:
    case = open_bijstand(world, who="maastricht", username="consulent.maastricht")
    decision = decided(world, case, "consulent.maastricht", D(2026, 3, 20))
    client = client_for(world, "consulent.vaals")
    for url in (
        f"/zaken/{case.pk}",
        f"/zaken/{case.pk}/besluiten/{decision.pk}/brief",
        f"/zaken/{case.pk}/besluit",
    ):
        response = client.get(url)
        assert response.status_code == 404, url
        assert "Pagina niet gevonden" in text(response)
        assert "999990032" not in response.content.decode()
    assert [a for a, _ in audited(world, "consulent.vaals", object_type="zaak")] == ["refused"] * 3


def test_person_page_lists_the_cases_the_user_may_see(world: World) -> None:  # noqa: F811
    case = open_bijstand(world)
    client = client_for(world, "consulent.vaals")
    page = client.get(f"/personen/{world.persons['vaals'].pk}")
    assert "Nieuwe zaak" in text(page)
    block = client.get(f"/personen/{world.persons['vaals'].pk}/zaken", HTTP_HX_REQUEST="true")
    assert block.status_code == 200
    assert "<html" not in block.content.decode()
    assert table_rows(block)[0][0] == case.reference
    assert ("list", case.reference) in audited(world, "consulent.vaals", object_type="zaak")


# --- opening a case ----------------------------------------------------------------------------
def test_opening_a_case_from_the_person_page(world: World) -> None:  # noqa: F811
    client = client_for(world, "consulent.vaals")
    person = world.persons["vaals"]
    registered(person, "participatiewet")
    form = client.get(f"/personen/{person.pk}/zaken/nieuw")
    assert form.status_code == 200
    assert 'type="date"' in form.content.decode()

    response = client.post(
        f"/personen/{person.pk}/zaken/nieuw",
        {"case_type": world.bijstand.code, "reported_on": "2026-03-02", "note": "Via de balie"},
        follow=True,
    )

    case = Case.objects.get(person=person)
    assert response.redirect_chain[-1][0] == f"/zaken/{case.pk}"
    assert f"Zaak {case.reference} is geopend." in text(response)
    assert case.history.get().note == "Via de balie"


def test_a_meerssen_wmo_case_is_refused_with_the_dutch_message_and_nothing_saved(
    world: World,  # noqa: F811
) -> None:
    person = world.persons["meerssen"]
    registered(person, "wmo")  # the consulent may see the person, not open the case
    client = client_for(world, "consulent.wmo")

    response = client.post(
        f"/personen/{person.pk}/zaken/nieuw",
        {"case_type": world.wmo.code, "reported_on": "2026-03-02", "note": ""},
    )

    assert response.status_code == 400
    page = text(response)
    assert "Meerssen heeft" in page and "niet bij ons belegd" in page
    assert 'role="alert"' in response.content.decode()
    assert not Case.objects.exists()


def test_the_open_case_form_needs_a_case_type_and_a_date(world: World) -> None:  # noqa: F811
    client = client_for(world, "consulent.vaals")
    registered(world.persons["vaals"], "participatiewet")
    response = client.post(
        f"/personen/{world.persons['vaals'].pk}/zaken/nieuw", {"case_type": "", "reported_on": ""}
    )
    assert response.status_code == 400
    assert "Kies een zaaktype." in text(response) and "Vul een datum in." in text(response)
    assert not Case.objects.exists()


# --- actions -----------------------------------------------------------------------------------
def test_a_decision_without_motivering_is_refused_near_the_field_and_nothing_saved(
    world: World,  # noqa: F811
    today,  # noqa: ANN001
) -> None:
    case = open_bijstand(world)
    client = client_for(world, "consulent.vaals")
    form = client.get(f"/zaken/{case.pk}/besluit")
    assert form.status_code == 200
    assert "Algemene bijstand" in text(form) or "pw-algemene-bijstand" in form.content.decode()

    response = client.post(
        f"/zaken/{case.pk}/besluit",
        {
            "version": case.version,
            "decision_type": "pw-algemene-bijstand",
            "outcome": "toegekend",
            "decided_on": "2026-03-20",
            "effective_from": "",
            "reasoning": "   ",
        },
    )

    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="id_reasoning_error"' in html
    assert "Motiveer het besluit (Awb 3:46)." in html.split('id="id_reasoning_error"')[1][:300]
    assert not Decision.objects.exists() and not Letter.objects.exists()
    assert Case.objects.get(pk=case.pk).status == Status.ONTVANGEN


def test_a_decision_produces_the_letter_as_a_pdf(world: World, today) -> None:  # noqa: ANN001, F811
    case = open_bijstand(world)
    client = client_for(world, "consulent.vaals")

    response = client.post(
        f"/zaken/{case.pk}/besluit",
        {
            "version": case.version,
            "decision_type": "pw-algemene-bijstand",
            "outcome": "toegekend",
            "decided_on": "2026-03-20",
            "effective_from": "2026-03-02",
            "iban": IBAN,
            "reasoning": "U heeft geen inkomen en geen vermogen.",
        },
        follow=True,
    )

    decision = Decision.objects.get(case=case)
    page = text(response)
    assert "Het besluit is vastgelegd en de brief is gemaakt." in page
    assert "Besluit genomen" in page and "Bekendgemaakt" in page
    letter_url = f"/zaken/{case.pk}/besluiten/{decision.pk}/brief"
    assert f'href="{letter_url}"' in response.content.decode()

    letter = client.get(letter_url)

    assert letter.status_code == 200
    assert letter["Content-Type"] == "application/pdf"
    assert letter["Content-Disposition"] == f'inline; filename="{case.reference}-besluit.pdf"'
    assert letter.content.startswith(b"%PDF")
    assert audited(world, "consulent.vaals", object_type="brief") == [
        ("read", f"{case.reference}-B{decision.pk}")
    ]


def test_a_stale_version_gives_409_with_the_form_again_and_changes_nothing(
    world: World,  # noqa: F811
) -> None:
    case = open_bijstand(world)
    stale = case.version
    services.start_handling(world.user("teammanager"), case.pk)  # someone else was first
    client = client_for(world, "consulent.vaals")

    response = client.post(
        f"/zaken/{case.pk}/informatie-opvragen",
        {
            "version": stale,
            "requested_on": "2026-03-10",
            "what": "Bankafschriften van de laatste drie maanden",
            "supply_by": "2026-03-24",
        },
    )

    assert response.status_code == 409
    assert "Iemand anders heeft deze zaak intussen gewijzigd." in text(response)
    assert "Bankafschriften van de laatste drie maanden" in response.content.decode()
    fresh = Case.objects.get(pk=case.pk)
    assert fresh.status == Status.IN_BEHANDELING and not fresh.suspensions.exists()


def test_request_and_receive_information_move_the_deadline(world: World) -> None:  # noqa: F811
    case = open_bijstand(world)
    client = client_for(world, "consulent.vaals")
    requested = client.post(
        f"/zaken/{case.pk}/informatie-opvragen",
        {"version": case.version, "requested_on": "2026-03-10", "what": "Loonstroken"},
        follow=True,
    )
    assert "de termijn is opgeschort" in text(requested)
    case.refresh_from_db()
    assert case.status == Status.INFORMATIE_OPGEVRAAGD and case.deadline is None

    received = client.post(
        f"/zaken/{case.pk}/informatie-ontvangen",
        {"version": case.version, "received_on": "2026-03-17"},
        follow=True,
    )
    assert "De ontvangst van de informatie is vastgelegd." in text(received)
    case.refresh_from_db()
    assert case.status == Status.IN_BEHANDELING
    assert case.deadline == D(2026, 5, 4)  # 27 April plus the seven days of suspension


def test_an_action_not_valid_for_the_status_is_refused_in_dutch(world: World) -> None:  # noqa: F811
    case = open_bijstand(world)
    response = client_for(world, "consulent.vaals").post(
        f"/zaken/{case.pk}/afsluiten", {"version": case.version, "on": "2026-03-10"}
    )
    assert response.status_code == 400
    assert "kan niet naar" in text(response)
    assert Case.objects.get(pk=case.pk).status == Status.ONTVANGEN


def test_a_toetser_may_read_a_case_but_gets_403_on_its_actions(world: World) -> None:  # noqa: F811
    case = open_bijstand(world)
    client = client_for(world, "toetser")
    detail = client.get(f"/zaken/{case.pk}")
    assert detail.status_code == 200
    assert "In behandeling nemen" not in text(detail)
    response = client.post(f"/zaken/{case.pk}/in-behandeling", {"version": case.version})
    assert response.status_code == 403
    assert Case.objects.get(pk=case.pk).status == Status.ONTVANGEN


def test_the_case_screens_in_english(world: World, today, settings) -> None:  # noqa: ANN001, F811
    case = open_bijstand(world, on=D(2026, 9, 28))  # three days left on the pinned day
    client = client_for(world, "consulent.vaals")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    worklist = client.get("/werkvoorraad")
    assert "Worklist" in nav(worklist)
    assert "My worklist" in text(worklist) and "Due soon" in text(worklist)
    detail = text(client.get(f"/zaken/{case.pk}"))
    assert f"Case {case.reference}" in detail and "Decision deadline" in detail
    assert "Take decision" in detail


def test_the_decision_form_shows_the_calculation_on_the_start_date(
    world: World,  # noqa: F811
    today,  # noqa: ANN001
) -> None:
    """Issue 12 item 2: deciding on an application shows the calculation a grant would start
    with, on the start date (before anything is entered: the day the application came in)."""
    case = open_bijstand(world)
    client = client_for(world, "consulent.vaals")
    page = text(client.get(f"/zaken/{case.pk}/besluit"))
    assert "Berekening bij toekenning, op 2 maart 2026" in page
    assert "Per maand uitbetaald (zonder de gereserveerde vakantietoeslag)" in page

    response = client.post(
        f"/zaken/{case.pk}/besluit",
        {
            "version": case.version,
            "decision_type": "pw-algemene-bijstand",
            "outcome": "toegekend",
            "decided_on": "2026-03-20",
            "effective_from": "2014-01-01",
            "iban": IBAN,
            "reasoning": "U heeft geen inkomen.",
        },
    )
    assert response.status_code == 400
    page = text(response)
    assert "Berekening bij toekenning, op 1 januari 2014" in page
    assert "Niet te berekenen." in page
    html = response.content.decode()
    assert "niet te berekenen" in html.split('id="id_effective_from_error"')[1][:400]
    assert not Decision.objects.exists()
