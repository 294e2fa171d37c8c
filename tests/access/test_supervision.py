"""Supervision: the data-protection officer searches and exports the audit trail without
seeing case contents; everyone else is refused; reading the trail is itself audited; every
staff member sees their own recent accesses."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.utils import timezone

from samen.access import services
from samen.access.models import AuditEntry
from samen.access.policy import Purpose
from samen.access.services import AuditFilters
from tests.web import privacy as data
from tests.web.pages import logged_in, nav, table_rows, text
from tests.web.privacy import ANNA_BSN, BERT_BSN, Privacy

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
TOEZICHT = Purpose.TOEZICHT.value

# Case contents and person names that must never reach the officer.
CASE_CONTENTS = ("Anna", "Janssen", "Bert", "Hermans", "Algemene bijstand", "Huishoudelijke hulp")


@pytest.fixture
def privacy(db: None) -> Privacy:
    return data.build()


@pytest.fixture
def activity(privacy: Privacy) -> Privacy:
    """The consulent lists, reads and changes Anna (renamed to Janssen-Bos); the reviewer
    reads Bert; the consulent is refused Carla."""
    consulent = logged_in(privacy.consulent)
    consulent.get("/personen")
    consulent.get(f"/personen/{privacy.anna.pk}")
    consulent.post(
        f"/personen/{privacy.anna.pk}/wijzigen",
        {"given_names": "Anna", "surname": "Janssen-Bos", "birth_date": "1980-05-01", "version": 1},
    )
    consulent.get(f"/personen/{privacy.carla.pk}")
    logged_in(privacy.toetser).get(f"/personen/{privacy.bert.pk}")
    return privacy


@pytest.fixture
def fg(privacy: Privacy) -> Client:
    return logged_in(privacy.fg)


def trail_reads(user) -> list[AuditEntry]:  # noqa: ANN001
    return list(
        AuditEntry.objects.filter(actor_id=user.pk, object_type="audittrail").order_by("sequence")
    )


# --- who may -----------------------------------------------------------------------------------
def test_a_consulent_gets_403_on_the_supervision_pages(activity: Privacy) -> None:
    consulent = logged_in(activity.consulent)
    for url in ("/toezicht", f"/toezicht?bsn={ANNA_BSN}", "/toezicht/export"):
        response = consulent.get(url)
        assert response.status_code == 403, url
        assert "Geen toegang" in text(response)
    assert "Toezicht" not in nav(consulent.get("/"))
    with pytest.raises(PermissionDenied):
        services.search_audit(activity.consulent, AuditFilters())
    with pytest.raises(PermissionDenied):
        services.export_audit(activity.consulent, AuditFilters())
    assert trail_reads(activity.consulent) == []


def test_anonymous_is_sent_to_login(privacy: Privacy) -> None:
    for url in ("/toezicht", "/toezicht/export", "/mijn-toegang"):
        response = Client().get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/inloggen")


# --- search ------------------------------------------------------------------------------------
def test_officer_sees_who_looked_at_whom_without_case_contents(
    activity: Privacy, fg: Client
) -> None:
    response = fg.get("/toezicht", {"bsn": ANNA_BSN})
    assert response.status_code == 200
    rows = table_rows(response)
    # Newest first: the change, the read, the list line.
    assert [row[7] for row in rows] == ["Wijzigen", "Inzien", "Lijst inzien"]
    read = rows[1]
    consulent_id = activity.consulent.pk
    assert read[1] == f"Bram Peters ({consulent_id})"
    assert read[2:7] == [
        "Consulent",
        "Vaals (GM0981)",
        "participatiewet",
        f"persoon {activity.anna.pk}",
        ANNA_BSN,
    ]
    assert read[9] == "uitvoering van de taak"
    assert len(read[10]) == 32 and read[11] == "127.0.0.1"  # request id, client address
    change = rows[0]
    assert change[8] == "surname"  # the changed field's name, not its values
    page = text(response)
    assert "3 verwerkingen gevonden" in page
    for secret in (*CASE_CONTENTS, "Janssen-Bos"):
        assert secret not in page
    assert all(BERT_BSN not in " ".join(row) for row in rows)


def test_filters_by_actor_municipality_action_and_period(activity: Privacy) -> None:
    fg = activity.fg
    consulent, toetser = activity.consulent, activity.toetser

    def subjects(**filters) -> list[tuple[int | None, str, str]]:  # noqa: ANN003
        page = services.search_audit(fg, AuditFilters(**filters))
        return [(r.actor_id, r.action, r.data_subject_id) for r in page.rows]

    by_name = subjects(actor="tineke")
    assert by_name == [(toetser.pk, "read", BERT_BSN)]
    assert subjects(actor=str(toetser.pk)) == by_name
    assert {a for a, _, _ in subjects(actor="Bram")} == {consulent.pk}
    assert subjects(action="refused") == [(consulent.pk, "refused", "")]
    assert subjects(action="update") == [(consulent.pk, "update", ANNA_BSN)]
    assert subjects(municipality_code="GM0935") == []  # nobody saw a Maastricht person
    vaals = subjects(municipality_code="GM0981", actor="Bram", action="read")
    assert vaals == [(consulent.pk, "read", ANNA_BSN)]
    assert len(subjects(actor="Bram", date_from=TODAY, date_until=TODAY)) == 5
    assert subjects(date_until=TODAY - dt.timedelta(days=1)) == []
    assert subjects(date_from=TODAY + dt.timedelta(days=1)) == []


def test_the_search_page_filters_with_the_form(activity: Privacy, fg: Client) -> None:
    response = fg.get(
        "/toezicht",
        {
            "gebruiker": "Tineke",
            "gemeente": "GM0981",
            "vanaf": TODAY.isoformat(),
            "tot": TODAY.isoformat(),
            "handeling": "read",
        },
    )
    rows = table_rows(response)
    assert [(row[1], row[6], row[7]) for row in rows] == [
        (f"Tineke Toets ({activity.toetser.pk})", BERT_BSN, "Inzien")
    ]
    assert "1 verwerking gevonden" in text(response)


def test_reading_the_audit_trail_is_itself_audited(activity: Privacy, fg: Client) -> None:
    fg.get("/toezicht", {"bsn": ANNA_BSN, "gemeente": "GM0981"})
    (entry,) = trail_reads(activity.fg)
    assert (entry.action, entry.object_type, entry.purpose) == ("list", "audittrail", TOEZICHT)
    assert (entry.data_subject_id, entry.municipality_code) == (ANNA_BSN, "GM0981")
    assert entry.roles == "Functionaris gegevensbescherming"
    assert entry.actor_name == "Femke Gerritsen"


def test_the_empty_form_runs_nothing(activity: Privacy, fg: Client) -> None:
    response = fg.get("/toezicht")
    assert response.status_code == 200
    assert table_rows(response) == []
    assert "Vul een of meer zoekvelden in" in text(response)
    assert trail_reads(activity.fg) == []


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"bsn": "12345"}, "Een BSN bestaat uit negen cijfers."),
        ({"bsn": "123456789"}, "123456789 is geen geldig burgerservicenummer (BSN)"),
        ({"vanaf": "gisteren"}, "Vul een geldige datum in, bijvoorbeeld 27-01-2026."),
        ({"vanaf": "2026-02-10", "tot": "2026-02-01"}, "De einddatum ligt vóór de begindatum."),
        ({"handeling": "wissen"}, "Deze handeling is onbekend."),
        ({"gemeente": "GM9999"}, "Deze gemeente is onbekend."),
        ({"bsn": "", "pagina": "0"}, "Dit paginanummer bestaat niet."),
    ],
)
def test_bad_filter_input_gives_a_dutch_error_and_runs_nothing(
    activity: Privacy, fg: Client, query: dict[str, str], message: str
) -> None:
    response = fg.get("/toezicht", query)
    assert response.status_code == 400
    assert message in text(response)
    assert table_rows(response) == []
    export = fg.get("/toezicht/export", query)
    assert export.status_code == 400
    assert message in text(export)
    assert trail_reads(activity.fg) == []


# --- export ------------------------------------------------------------------------------------
def test_csv_export_has_the_rows_and_dutch_headers_and_is_audited(
    activity: Privacy, fg: Client
) -> None:
    response = fg.get("/toezicht/export", {"bsn": ANNA_BSN})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="audittrail-')
    body = response.content.decode("utf-8")
    assert body.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(body.lstrip("\ufeff")), delimiter=";"))
    assert rows[0] == [
        "Volgnummer",
        "Tijdstip",
        "Gebruiker-id",
        "Gebruiker",
        "Rollen",
        "Namens gemeente (CBS-code)",
        "Namens gemeente",
        "Domein",
        "Soort object",
        "Object-id",
        "BSN betrokkene",
        "Handeling",
        "Doel",
        "Gewijzigde velden",
        "Verzoek-id",
        "Adres cliënt",
    ]
    lines = rows[1:]
    assert [line[11] for line in lines] == ["Wijzigen", "Inzien", "Lijst inzien"]
    assert {line[10] for line in lines} == {ANNA_BSN}
    assert {line[3] for line in lines} == {"Bram Peters"}
    assert lines[0][13] == "surname"
    assert lines[1][5:8] == ["GM0981", "Vaals", "participatiewet"]
    for secret in (*CASE_CONTENTS, "Janssen-Bos"):
        assert secret not in body

    (exported,) = trail_reads(activity.fg)
    assert (exported.action, exported.purpose, exported.data_subject_id) == (
        "export",
        TOEZICHT,
        ANNA_BSN,
    )


def test_the_result_page_links_to_the_export_of_the_same_search(
    activity: Privacy, fg: Client
) -> None:
    response = fg.get("/toezicht", {"bsn": ANNA_BSN, "handeling": "update"})
    assert 'href="/toezicht/export?bsn=999990019&amp;handeling=update"' in (
        response.content.decode()
    )


def test_the_officer_may_not_see_created_names_either(privacy: Privacy, fg: Client) -> None:
    """A creation records old and new values; supervision shows only the field names."""
    consulent = logged_in(privacy.consulent)
    consulent.post(
        "/personen/nieuw",
        {
            "bsn": data.NEW_BSN,
            "given_names": "Geheim",
            "surname": "Persoonsnaam",
            "birth_date": "1970-01-01",
            "street": "Geheime Straat",
            "house_number": "1",
            "postal_code": "6291 AA",
            "city": "Vaals",
            "municipality": "GM0981",
            "living_since": "2024-01-01",
            "domain": "participatiewet",
            "subject": "Vertrouwelijk onderwerp",
            "confidentiality": "4",
        },
    )
    response = fg.get("/toezicht", {"handeling": "create"})
    (row,) = table_rows(response)
    assert row[8] == (
        "address, birth_date, bsn, given_names, municipality, registration, surname, surname_prefix"
    )
    csv_body = fg.get("/toezicht/export", {"handeling": "create"}).content.decode()
    for secret in ("Geheim", "Persoonsnaam", "Geheime Straat", "Vertrouwelijk onderwerp"):
        assert secret not in text(response)
        assert secret not in csv_body


# --- my own accesses ---------------------------------------------------------------------------
def test_my_access_lists_my_own_reads_only(activity: Privacy) -> None:
    consulent = activity.consulent
    response = logged_in(consulent).get("/mijn-toegang")
    assert response.status_code == 200
    rows = table_rows(response)
    assert {row[1] for row in rows} == {f"Bram Peters ({consulent.pk})"}
    subjects = [row[6] for row in rows]
    assert ANNA_BSN in subjects
    assert BERT_BSN in subjects  # Bert was on the consulent's list page
    actions = [row[7] for row in rows]
    assert actions == ["Geweigerd", "Wijzigen", "Inzien", "Lijst inzien", "Lijst inzien"]
    # The reviewer's read of Bert is the reviewer's, not the consulent's.
    toetser_rows = table_rows(logged_in(activity.toetser).get("/mijn-toegang"))
    assert [(row[1], row[6], row[7]) for row in toetser_rows] == [
        (f"Tineke Toets ({activity.toetser.pk})", BERT_BSN, "Inzien")
    ]
    # Looking at one's own trail is recorded too, and shows next time.
    again = table_rows(logged_in(consulent).get("/mijn-toegang"))
    assert again[0][5:8] == [f"audittrail gebruiker:{consulent.pk}", "-", "Lijst inzien"]


def test_my_access_keeps_the_last_hundred(privacy: Privacy) -> None:
    consulent = logged_in(privacy.consulent)
    for _ in range(60):
        consulent.get("/personen")  # two persons each time: 120 entries
    newest = AuditEntry.objects.filter(actor_id=privacy.consulent.pk).order_by("-sequence")
    expected = list(newest.values_list("sequence", flat=True)[:100])
    rows = services.my_accesses(privacy.consulent)
    assert len(rows) == 100
    assert [r.sequence for r in rows] == expected
    assert expected[0] > expected[-1]


def test_my_access_for_the_officer_shows_their_searches(activity: Privacy, fg: Client) -> None:
    fg.get("/toezicht", {"bsn": ANNA_BSN})
    rows = table_rows(fg.get("/mijn-toegang"))
    assert [(row[5], row[6], row[9]) for row in rows] == [
        ("audittrail", ANNA_BSN, "toezicht gegevensbescherming")
    ]
