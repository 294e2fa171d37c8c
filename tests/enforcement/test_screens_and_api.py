"""The enforcement screens and `/api/v1/signalen`, `/api/v1/onderzoeken` as staff use them:
reading a file in, the worklist with its terms, the outcome leading to the benefit's change
screen; the investigation pages for the sociale recherche, a 404 for a consulent and no trace
on the client's page; another municipality's staff get 404; bad input refused in Dutch."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from samen.access.models import AuditEntry
from samen.enforcement import investigations as inv
from samen.enforcement import signals
from samen.enforcement.models import Investigation, Signal
from tests.enforcement.conftest import ANNA, DETENTIE, D, Office, csv_file
from tests.web.pages import logged_in, nav, table_rows, text

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def demo_mode(settings) -> None:  # noqa: ANN001
    settings.DEMO_MODE = True


def api(office: Office, username: str) -> APIClient:
    client = APIClient()
    client.default_format = "json"
    client.force_authenticate(office.user(username))
    return client


def imported(office: Office) -> Signal:
    content = csv_file(DETENTIE, f"{ANNA};2026-05-04;2026-06-30;PI Maastricht")
    signals.import_file(
        office.user("handhaving"),
        office.world.municipalities["Vaals"],
        "detentie",
        "d.csv",
        content,
    )
    return Signal.objects.get()


def investigation(office: Office) -> Investigation:
    return inv.start(
        office.user("handhaving"),
        inv.NewInvestigation(
            person_pk=office.world.persons["vaals"].pk,
            municipality_code="GM0981",
            origin="tip",
            reason="Tip: woont samen.",
            started_on=D(2026, 10, 1),
        ),
    )


def test_a_file_read_in_on_the_screen_lands_on_the_consulents_worklist(office: Office) -> None:
    client = logged_in(office.user("handhaving"))
    content = csv_file(DETENTIE, f"{ANNA};2026-05-04;2026-06-30;PI Maastricht")
    response = client.post(
        "/signalen/inlezen",
        {
            "gemeente": "GM0981",
            "product": "detentie",
            "bestand": SimpleUploadedFile("d.csv", content),
        },
    )
    assert response.status_code == 302
    assert Signal.objects.count() == 1
    assert "Signalen" in nav(client.get("/"))
    consulent = logged_in(office.user("consulent.vaals"))
    page = consulent.get("/signalen")
    [row] = table_rows(page)
    assert row[1] == "Detentie" and row[2] == ANNA
    assert (row[5], row[6]) == ("Bram Vliegen", "8 december 2026")


def test_a_malformed_file_on_the_screen_names_the_line(office: Office) -> None:
    client = logged_in(office.user("handhaving"))
    content = csv_file(DETENTIE, f"{ANNA};2026-05-04;;PI", "999990019;2026-02-30;;PI")
    response = client.post(
        "/signalen/inlezen",
        {
            "gemeente": "GM0981",
            "product": "detentie",
            "bestand": SimpleUploadedFile("d.csv", content),
        },
    )
    assert response.status_code == 400
    assert "Regel 3: begindatum bestaat niet als datum" in text(response)
    assert Signal.objects.count() == 0


def test_a_change_sends_the_consulent_to_the_benefits_change_screen(office: Office) -> None:
    signal = imported(office)
    client = logged_in(office.user("consulent.vaals"))
    # The open signal is among the client's aandachtspunten, with its term and its link.
    person = text(client.get(f"/personen/{office.world.persons['vaals'].pk}"))
    assert "Signaal van het Inlichtingenbureau: Detentie" in person
    assert "uiterlijk op 8 december 2026" in person
    assert f'href="/signalen/{signal.pk}"' in client.get("/aandachtspunten").content.decode()
    page = client.get(f"/signalen/{signal.pk}")
    assert "PI Maastricht" in text(page)
    response = client.post(
        f"/signalen/{signal.pk}",
        {"uitkomst": "wijziging", "toelichting": "Detentie: bijstand beëindigen.", "version": 1},
    )
    assert response.status_code == 302
    assert response["Location"] == f"/uitkeringen/{office.anna.pk}/wijziging"
    signal.refresh_from_db()
    assert signal.outcome == "wijziging"


def test_the_investigation_pages_for_the_sociale_recherche(office: Office) -> None:
    found = investigation(office)
    client = logged_in(office.user("handhaving"))
    assert "Onderzoeken" in nav(client.get("/"))
    listed = client.get("/onderzoeken")
    assert table_rows(listed)[0][0] == found.reference
    response = client.post(
        f"/onderzoeken/{found.pk}/handeling",
        {
            "soort": "huisbezoek",
            "datum": "08-10-2026",
            "verslag": "Niemand thuis.",
            "medewerker": "",
        },
    )
    assert response.status_code == 302
    response = client.post(
        f"/onderzoeken/{found.pk}/afronden",
        {
            "uitkomst": "bestuurlijk",
            "afgerond": "02-11-2026",
            "conclusie": "Samenwonen vastgesteld.",
            "bedrag": "1234,56",
            "benadeling_vanaf": "01-03-2026",
            "benadeling_tot": "31-10-2026",
            "pv_nummer": "",
            "pv_verzonden": "",
            "version": 1,
        },
    )
    assert response.status_code == 302, text(response)
    page = text(client.get(f"/onderzoeken/{found.pk}"))
    assert "Huisbezoek" in page and "Niemand thuis." in page
    assert "Benadelingsbedrag € 1234,56" in page


def test_a_consulent_gets_not_found_and_sees_no_trace_on_the_clients_page(office: Office) -> None:
    found = investigation(office)
    # Concluded with a claim: the claim is on the client's page, the investigation is not.
    inv.conclude(
        office.user("handhaving"),
        found.pk,
        inv.Conclusion(
            "bestuurlijk",
            D(2026, 11, 2),
            "Samenwonen.",
            Decimal("250.00"),
            D(2026, 3, 1),
            D(2026, 10, 31),
        ),
    )
    anna = office.world.persons["vaals"]
    client = logged_in(office.user("consulent.vaals"))
    assert client.get(f"/onderzoeken/{found.pk}").status_code == 404
    assert client.get(f"/onderzoeken/{found.pk}/afronden").status_code == 404
    assert "Onderzoeken" not in nav(client.get("/"))
    assert found.reference not in text(client.get("/onderzoeken"))
    pages = [
        client.get(f"/personen/{anna.pk}"),
        client.get(f"/personen/{anna.pk}/zaken"),
        client.get(f"/personen/{anna.pk}/uitkeringen"),
        client.get(f"/personen/{anna.pk}/klachten"),
        client.get(f"/personen/{anna.pk}/dossier"),
        client.get(f"/personen/{anna.pk}/vorderingen"),
        client.get("/aandachtspunten"),
    ]
    assert "250,00" in text(pages[5])  # the claim itself is there
    assert pages[0].status_code == 200
    for page in pages:
        body = text(page)
        assert found.reference not in body
        assert "FO-2026" not in body and "Tip: woont samen." not in body
    assert api(office, "consulent.vaals").get(f"/api/v1/onderzoeken/{found.pk}").status_code == 404
    # The handhaver sees it.
    assert logged_in(office.user("handhaving")).get(f"/onderzoeken/{found.pk}").status_code == 200


def test_another_municipalitys_staff_get_not_found(office: Office) -> None:
    signal = imported(office)
    client = logged_in(office.user("consulent.maastricht"))
    assert client.get(f"/signalen/{signal.pk}").status_code == 404
    assert table_rows(client.get("/signalen?weergave=alle")) == []
    response = api(office, "consulent.maastricht").get(f"/api/v1/signalen/{signal.pk}")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/problem+json")


def test_the_signal_api_and_its_audit(office: Office) -> None:
    signal = imported(office)
    client = api(office, "consulent.vaals")
    listed = client.get("/api/v1/signalen")
    assert listed.status_code == 200
    [item] = listed.json()["results"]
    assert (item["bsn"], item["uitkering"], item["behandelenUiterlijk"]) == (
        ANNA,
        office.anna.pk,
        "2026-12-08",
    )
    assert client.get(f"/api/v1/signalen/{signal.pk}").json()["gegevens"] == {
        "inrichting": "PI Maastricht"
    }
    bad = client.post(
        f"/api/v1/signalen/{signal.pk}/afhandeling",
        {"uitkomst": "misschien", "toelichting": "x", "versie": 1, "extra": 1},
    )
    assert bad.status_code == 400
    names = {p["name"] for p in json.loads(bad.content)["invalidParams"]}
    assert {"uitkomst", "extra"} <= names
    missing = client.post(
        f"/api/v1/signalen/{signal.pk}/afhandeling",
        {"uitkomst": "geen_gevolg", "toelichting": "", "versie": 1},
    )
    assert missing.status_code == 400
    assert "toelichting" in {p["name"] for p in json.loads(missing.content)["invalidParams"]}
    done = client.post(
        f"/api/v1/signalen/{signal.pk}/afhandeling",
        {"uitkomst": "geen_gevolg", "toelichting": "Was al bekend.", "versie": 1},
    )
    assert done.status_code == 200 and done.json()["uitkomst"] == "geen_gevolg"
    reads = AuditEntry.objects.filter(
        object_type="ib-signaal", actor_id=office.world.users["consulent.vaals"].pk
    )
    assert reads.filter(action=AuditEntry.Kind.LIST).count() == 1
    assert reads.filter(action=AuditEntry.Kind.READ).count() == 1


def test_the_investigation_api(office: Office) -> None:
    found = investigation(office)
    client = api(office, "handhaving")
    assert client.get("/api/v1/onderzoeken").json()["count"] == 1
    added = client.post(
        f"/api/v1/onderzoeken/{found.pk}/handelingen",
        {"soort": "internet", "datum": "2026-10-03", "verslag": "Profiel op sociale media."},
    )
    assert added.status_code == 200 and added.json()["handelingen"][0]["soort"] == "internet"
    bad = client.post(
        f"/api/v1/onderzoeken/{found.pk}/afronding",
        {
            "uitkomst": "strafrechtelijk",
            "datumAfronding": "2026-11-02",
            "conclusie": "PV.",
            "benadelingsbedrag": "500.00",
            "benadelingVanaf": "2026-01-01",
            "benadelingTot": "2026-06-30",
            "versie": 1,
        },
    )
    assert bad.status_code == 400
    assert "procesVerbaal" in {p["name"] for p in json.loads(bad.content)["invalidParams"]}
    done = client.post(
        f"/api/v1/onderzoeken/{found.pk}/afronding",
        {
            "uitkomst": "strafrechtelijk",
            "datumAfronding": "2026-11-02",
            "conclusie": "PV.",
            "benadelingsbedrag": "500.00",
            "benadelingVanaf": "2026-01-01",
            "benadelingTot": "2026-06-30",
            "procesVerbaal": "PV-17",
            "datumProcesVerbaal": "2026-11-02",
            "versie": 1,
        },
    )
    assert done.status_code == 200, done.content
    assert (done.json()["benadelingsbedrag"], done.json()["procesVerbaal"]) == ("500.00", "PV-17")
    assert done.json()["vordering"] is not None
