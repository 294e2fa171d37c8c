"""The income screens as staff use them: a person's benefits with the calculation on a
peildatum (and the Dutch error when the norms of that date are not loaded), the payment
specification of a month, and the monthly payment runs with their SEPA files. Separation by
municipality answers 404; the run pages need their permission (403 otherwise). Dates are
explicit and "today" is pinned where the rules look at it."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client
from django.utils import timezone

from samen.access.models import AuditEntry, Confidentiality
from samen.cases import services
from samen.cases.services import NewCase, NewDecision
from samen.income.models import Benefit, BenefitFact, PayingAccount, PaymentLine, PaymentRun
from samen.income.views import mask_iban
from samen.people.models import Household, HouseholdMember
from tests.cases.conftest import World, world  # noqa: F401
from tests.web.pages import logged_in, nav, table_rows, text

pytestmark = pytest.mark.django_db

D = dt.date
IBAN = "NL91ABNA0417164300"  # a valid test IBAN
TODAY = D(2026, 11, 20)


@pytest.fixture(autouse=True)
def demo_mode(settings) -> None:  # noqa: ANN001
    settings.DEMO_MODE = True  # demo users may only log in in demo mode


@pytest.fixture(autouse=True)
def today(monkeypatch: pytest.MonkeyPatch) -> None:
    """Pin timezone.localdate() for views and services (decisions may not be in the future)."""
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: TODAY)


def client_for(world: World, username: str) -> Client:  # noqa: F811
    return logged_in(world.user(username))


@pytest.fixture
def benefit(world: World) -> Benefit:  # noqa: F811
    """Bijstand for Anna Janssen (Vaals, born 1 May 1980, living alone), granted on
    20 March 2026 from 1 March 2026. (The run calculates a month with the facts in force on
    its first day: a benefit from 2 March would not be paid for March.)"""
    person = world.persons["vaals"]
    household = Household.objects.create()
    HouseholdMember.objects.create(
        household=household, person=person, relation="aanvrager", valid_from=D(2020, 1, 1)
    )
    consulent = world.user("consulent.vaals")
    case = services.open_case(consulent, NewCase(person.pk, world.bijstand.code, D(2026, 2, 23)))
    services.decide(
        consulent,
        case.pk,
        NewDecision(
            "pw-algemene-bijstand",
            "toegekend",
            D(2026, 3, 20),
            "U heeft geen inkomen.",
            effective_from=D(2026, 3, 1),
            iban=IBAN,
        ),
    )
    return Benefit.objects.get(case=case)


@pytest.fixture
def paying_account(world: World) -> PayingAccount:  # noqa: F811
    return PayingAccount.objects.create(
        municipality=world.municipalities["Vaals"],
        name="Gemeente Vaals",
        iban="NL20INGB0001234567",
        bic="INGBNL2A",
        valid_from=D(2016, 1, 1),
    )


def run_march(client: Client, capture) -> object:  # noqa: ANN001
    """Start the run of March 2026 through the form; the task runs when the start commits
    (in-process, as in the embedded default). Returns the page the form leads to."""
    with capture(execute=True):
        started = client.post("/betalingen", {"maand": "2026-03"})
    assert started.status_code == 302
    return client.get(started["Location"])


def release_march(world: World) -> object:  # noqa: F811
    """The second pair of eyes: the directeur (Manager SZ) releases March 2026."""
    run = PaymentRun.objects.get(month=D(2026, 3, 1))
    released = client_for(world, "directeur").post(
        "/betalingen/2026-03/vrijgeven", {"versie": run.attempts}
    )
    assert released.status_code == 302, text(released)
    return released


# --- a person's benefits ------------------------------------------------------------------------
def test_the_person_page_loads_the_benefits_block_with_htmx(world: World, benefit) -> None:  # noqa: ANN001, F811
    person = world.persons["vaals"]
    page = client_for(world, "consulent.vaals").get(f"/personen/{person.pk}")
    html = page.content.decode()
    assert f'hx-get="/personen/{person.pk}/uitkeringen"' in html
    assert "Uitkeringen" in text(page)


def test_the_benefit_block_shows_the_calculation_on_the_peildatum(
    world: World,  # noqa: F811
    benefit: Benefit,
) -> None:
    person = world.persons["vaals"]
    before = AuditEntry.objects.count()

    response = client_for(world, "consulent.vaals").get(
        f"/personen/{person.pk}/uitkeringen?peildatum=2026-03-02", HTTP_HX_REQUEST="true"
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html  # a block for the person page, not a page
    page = text(response)
    assert "Uitkering van Vaals, vanaf 1 maart 2026" in page
    assert "Berekening op 2 maart 2026" in page
    # Alleenstaande of 21 to the AOW age, first half of 2026: € 1.401,50 (Dutch notation).
    assert "Norm (inclusief vakantietoeslag) € 1.401,50" in page
    assert "Kostendelers (A) 1" in page
    assert "Toelichting op de berekening:" in page
    assert "vakantietoeslag" in page.lower()
    # The IBAN is masked but for its last four characters.
    assert IBAN not in html and "4300" in page
    assert mask_iban(IBAN) == "**** **** **** ** 4300" and mask_iban(IBAN) in page
    added = AuditEntry.objects.order_by("sequence")[before:]
    assert [(e.action, e.object_type, e.data_subject_id) for e in added] == [
        ("read", "uitkering", "999990019")
    ]


def test_the_full_page_has_a_peildatum_form_and_a_date_without_norms_shows_the_error(
    world: World,  # noqa: F811
    benefit: Benefit,
) -> None:
    person = world.persons["vaals"]
    response = client_for(world, "consulent.vaals").get(
        f"/personen/{person.pk}/uitkeringen?peildatum=2027-02-01"
    )
    assert response.status_code == 200
    page = text(response)
    assert "Uitkeringen van Anna Janssen" in page
    assert 'name="peildatum"' in response.content.decode()
    assert "Berekening op 1 februari 2027" in page
    assert "Niet te berekenen." in page
    assert "utrecht-alert--warning" in response.content.decode()
    assert "Norm (inclusief vakantietoeslag)" not in page


def test_a_bad_peildatum_is_a_dutch_form_error(world: World, benefit: Benefit) -> None:  # noqa: F811
    person = world.persons["vaals"]
    response = client_for(world, "consulent.vaals").get(
        f"/personen/{person.pk}/uitkeringen?peildatum=morgen"
    )
    assert response.status_code == 400
    assert "Vul een geldige datum in" in text(response)


def test_a_person_without_benefits_says_so(world: World) -> None:  # noqa: F811
    person = world.persons["vaals"]
    response = client_for(world, "consulent.vaals").get(
        f"/personen/{person.pk}/uitkeringen", HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    assert "Geen uitkeringen die u mag zien." in text(response)


def test_another_municipalitys_consulent_gets_404_for_the_full_page(
    world: World,  # noqa: F811
    benefit: Benefit,
) -> None:
    person = world.persons["vaals"]
    response = client_for(world, "consulent.maastricht").get(f"/personen/{person.pk}/uitkeringen")
    assert response.status_code == 404
    assert "999990019" not in response.content.decode()


# --- the specification ------------------------------------------------------------------------
def test_the_specification_shows_lines_total_and_explanation(
    world: World,  # noqa: F811
    benefit: Benefit,
    paying_account: PayingAccount,
    django_capture_on_commit_callbacks,  # noqa: ANN001
) -> None:
    run_march(client_for(world, "administratie"), django_capture_on_commit_callbacks)
    line = PaymentLine.objects.get(benefit=benefit, month=D(2026, 3, 1))
    client = client_for(world, "consulent.vaals")

    block = client.get(
        f"/personen/{benefit.person_id}/uitkeringen?peildatum=2026-03-02", HTTP_HX_REQUEST="true"
    )
    assert f'href="/uitkeringen/{benefit.pk}/specificatie/2026-03"' in block.content.decode()

    response = client.get(f"/uitkeringen/{benefit.pk}/specificatie/2026-03")

    assert response.status_code == 200
    page = text(response)
    assert "Betaalspecificatie maart 2026" in page
    assert "Anna Janssen" in page
    amount = f"{line.amount:,.2f}".replace(",", "_").replace(".", ",").replace("_", ".")
    assert f"Totaal deze maand € {amount}" in page
    assert table_rows(response)[0][:2] == ["Regulier", f"€ {amount}"]
    assert "Toelichting" in page
    assert AuditEntry.objects.filter(
        object_type="betaalspecificatie", action="read", data_subject_id="999990019"
    ).exists()


def test_a_maastricht_consulent_gets_404_for_the_vaals_specification(
    world: World,  # noqa: F811
    benefit: Benefit,
) -> None:
    response = client_for(world, "consulent.maastricht").get(
        f"/uitkeringen/{benefit.pk}/specificatie/2026-03"
    )
    assert response.status_code == 404
    assert "Pagina niet gevonden" in text(response)
    assert "Anna Janssen" not in text(response)
    assert AuditEntry.objects.filter(action="refused", object_type="uitkering").exists()


def test_a_month_that_does_not_exist_is_not_found(world: World, benefit: Benefit) -> None:  # noqa: F811
    response = client_for(world, "consulent.vaals").get(
        f"/uitkeringen/{benefit.pk}/specificatie/2026-13"
    )
    assert response.status_code == 404


# --- payment runs -------------------------------------------------------------------------------
def test_administratie_sees_betalingen_in_the_menu_a_consulent_does_not(world: World) -> None:  # noqa: F811
    assert "Betalingen" in nav(client_for(world, "administratie").get("/"))
    assert "Betalingen" not in nav(client_for(world, "consulent.vaals").get("/"))


def test_a_consulent_without_the_permission_gets_403(world: World) -> None:  # noqa: F811
    client = client_for(world, "consulent.vaals")
    for url in (
        "/betalingen",
        "/betalingen/2026-03",
        "/betalingen/2026-03/GM0981",
        "/betalingen/2026-03/GM0981/sepa.xml",
    ):
        response = client.get(url)
        assert response.status_code == 403, url
        assert "Geen toegang" in text(response)
    refused = client.post("/betalingen", {"maand": "2026-03"})
    assert refused.status_code == 403
    assert not PaymentRun.objects.exists()


def test_the_directeur_sees_the_runs_but_may_not_start_one(world: World) -> None:  # noqa: F811
    client = client_for(world, "directeur")
    response = client.get("/betalingen")
    assert response.status_code == 200
    assert "Betaalrun starten" not in text(response)
    assert client.post("/betalingen", {"maand": "2026-03"}).status_code == 403
    assert not PaymentRun.objects.exists()


def test_administratie_starts_march_and_sees_the_run_done_with_its_totals(
    world: World,  # noqa: F811
    benefit: Benefit,
    paying_account: PayingAccount,
    django_capture_on_commit_callbacks,  # noqa: ANN001
) -> None:
    client = client_for(world, "administratie")
    listing = client.get("/betalingen")
    assert listing.status_code == 200
    assert "Er zijn nog geen betaalruns." in text(listing)
    assert 'name="csrfmiddlewaretoken"' in listing.content.decode()

    response = run_march(client, django_capture_on_commit_callbacks)

    assert response.status_code == 200
    assert response.wsgi_request.path == "/betalingen/2026-03"
    run = PaymentRun.objects.get(month=D(2026, 3, 1))
    assert run.status == PaymentRun.Status.DONE and run.done == 1
    page = text(response)
    assert "De betaalrun van maart 2026 is gestart." in page
    assert "Betaalrun maart 2026" in page
    assert "Gereed" in page
    assert "1 van 1 uitkeringen berekend en vastgelegd" in page
    assert "hx-trigger" not in response.content.decode()  # done: no polling
    amount = f"{run.amount_total:,.2f}".replace(",", "_").replace(".", ",").replace("_", ".")
    assert f"Totaalbedrag € {amount}" in page
    rows = table_rows(response)
    assert rows == [["Vaals (GM0981)", "1", f"€ {amount}", "na vrijgave"]]
    assert "/betalingen/2026-03/GM0981/sepa.xml" not in response.content.decode()
    assert "Gestart door: Jos Kurvers." in page
    assert "Betaalrun vrijgeven" not in page  # the starter cannot release
    assert AuditEntry.objects.filter(object_type="betaalrun", action="create").count() == 1

    runs = client.get("/betalingen")
    assert table_rows(runs)[0][:2] == ["Maart 2026", "Gereed"]
    assert "1 van 1" in table_rows(runs)[0][2]
    assert '<progress max="100" value="100"' in runs.content.decode()


def test_a_run_too_far_ahead_is_refused_in_dutch(world: World) -> None:  # noqa: F811
    response = client_for(world, "administratie").post("/betalingen", {"maand": "2027-03"})
    assert response.status_code == 400
    assert "Een betaalrun kan hoogstens voor volgende maand." in text(response)
    assert not PaymentRun.objects.exists()


def test_a_running_run_polls_and_its_partial_is_only_the_progress(world: World) -> None:  # noqa: F811
    PaymentRun.objects.create(
        month=D(2026, 4, 1), status=PaymentRun.Status.RUNNING, total=4, done=1
    )
    client = client_for(world, "administratie")
    page = client.get("/betalingen/2026-04")
    html = page.content.decode()
    assert 'hx-get="/betalingen/2026-04"' in html and 'hx-trigger="every 2s"' in html
    assert "1 van 4 uitkeringen" in text(page)

    partial = client.get("/betalingen/2026-04", HTTP_HX_REQUEST="true")
    body = partial.content.decode()
    assert "<html" not in body and body.strip().startswith('<div id="betaalrun"')
    assert 'value="25"' in body

    PaymentRun.objects.filter(month=D(2026, 4, 1)).update(status=PaymentRun.Status.DONE, done=4)
    finished = client.get("/betalingen/2026-04", HTTP_HX_REQUEST="true").content.decode()
    assert "hx-trigger" not in finished


def test_a_failed_run_shows_its_error(world: World) -> None:  # noqa: F811
    PaymentRun.objects.create(
        month=D(2026, 4, 1), status=PaymentRun.Status.FAILED, error="NormError: geen norm"
    )
    response = client_for(world, "administratie").get("/betalingen/2026-04")
    assert "De betaalrun is mislukt. NormError: geen norm" in text(response)
    assert client_for(world, "administratie").get("/betalingen/2026-05").status_code == 404


def test_the_sepa_file_holds_the_clients_iban_and_its_download_is_audited(
    world: World,  # noqa: F811
    benefit: Benefit,
    paying_account: PayingAccount,
    django_capture_on_commit_callbacks,  # noqa: ANN001
) -> None:
    client = client_for(world, "administratie")
    run_march(client, django_capture_on_commit_callbacks)
    release_march(world)

    response = client.get("/betalingen/2026-03/GM0981/sepa.xml")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/xml"
    assert response["Content-Disposition"] == 'attachment; filename="GM0981-2026-03-pain001.xml"'
    xml = response.content.decode()
    assert xml.lstrip().startswith("<?xml")
    assert re.search(rf"<IBAN>{IBAN}</IBAN>", xml)
    exports = AuditEntry.objects.filter(action="export", object_type="betaling")
    assert list(exports.values_list("data_subject_id", flat=True)) == ["999990019"]

    # A municipality without payments this month, and a month without a run: not found.
    assert client.get("/betalingen/2026-03/GM0935/sepa.xml").status_code == 404
    assert client.get("/betalingen/2026-02/GM0981/sepa.xml").status_code == 404


# --- confidentiality: a benefit is scoped like the case that granted it -------------------------
def test_a_secret_benefit_is_hidden_and_its_municipalitys_sepa_file_stays_in(
    world: World,  # noqa: F811
    benefit: Benefit,
    paying_account: PayingAccount,
    django_capture_on_commit_callbacks,  # noqa: ANN001
) -> None:
    assert benefit.domain.code == "participatiewet"  # from the granting case
    assert benefit.confidentiality == benefit.case.confidentiality
    ordinary = Benefit.objects.create(  # a second Vaals benefit that stays zaakvertrouwelijk
        person=benefit.person,
        municipality=benefit.municipality,
        domain=benefit.domain,
        iban="NL91ABNA0417164300",
        start_date=benefit.start_date,
    )
    fact = benefit.facts.get()
    BenefitFact.objects.create(benefit=ordinary, valid_from=fact.valid_from, facts=fact.facts)
    run_march(client_for(world, "administratie"), django_capture_on_commit_callbacks)
    release_march(world)
    administratie = client_for(world, "administratie")
    assert administratie.get("/betalingen/2026-03/GM0981/sepa.xml").status_code == 200

    # the client turns out to be an employee of the municipality: the case is made secret
    Benefit.objects.filter(pk=benefit.pk).update(confidentiality=Confidentiality.GEHEIM)
    consulent = client_for(world, "consulent.vaals")
    assert consulent.get(f"/uitkeringen/{benefit.pk}/specificatie/2026-03").status_code == 404
    block = consulent.get(f"/personen/{benefit.person_id}/uitkeringen", HTTP_HX_REQUEST="true")
    assert f"/uitkeringen/{benefit.pk}/" not in block.content.decode()
    # the SEPA file is one whole: it holds the secret payment, so it does not leave
    refused = administratie.get("/betalingen/2026-03/GM0981/sepa.xml")
    assert refused.status_code == 403
    assert "Anna Janssen" not in refused.content.decode()
    assert AuditEntry.objects.filter(action="refused", object_type="betaalbestand").exists()
