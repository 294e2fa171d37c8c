"""The person screens as staff use them: separation by municipality, domain and
confidentiality, Dutch refusals, optimistic locking, and an audit line for every page."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client
from django.utils.formats import date_format

from samen.access.models import AuditEntry
from samen.access.policy import Purpose
from samen.people.models import Address, Person, Registration
from tests.web import privacy as data
from tests.web.pages import logged_in, nav, table_rows, text
from tests.web.privacy import ANNA_BSN, BERT_BSN, CARLA_BSN, DIRK_BSN, Privacy, Z

pytestmark = pytest.mark.django_db
UITVOERING = Purpose.UITVOERING.value


@pytest.fixture
def consulent(privacy: Privacy) -> Client:
    return logged_in(privacy.consulent)


def entries(user, **filters) -> list[AuditEntry]:  # noqa: ANN001
    return list(AuditEntry.objects.filter(actor_id=user.pk, **filters).order_by("sequence"))


def new_person_form(privacy: Privacy, **overrides: str) -> dict[str, str]:
    form = {
        "bsn": data.NEW_BSN,
        "given_names": "Els",
        "surname_prefix": "van der",
        "surname": "Heijden",
        "birth_date": "1975-03-14",
        "street": "Maastrichterlaan",
        "house_number": "5",
        "postal_code": "6291 EN",
        "city": "Vaals",
        "municipality": privacy.vaals.cbs_code,
        "living_since": "2024-06-01",
        "domain": "participatiewet",
        "subject": "Algemene bijstand",
        "confidentiality": "4",
    }
    form.update(overrides)
    return form


# --- navigation --------------------------------------------------------------------------------
def test_menu_follows_the_access_policy(privacy: Privacy) -> None:
    assert nav(logged_in(privacy.consulent).get("/")) == [
        "Start",
        "Personen",
        "Werkvoorraad",
        "Mijn toegang",
    ]
    assert nav(logged_in(privacy.fg).get("/")) == ["Start", "Toezicht", "Mijn toegang"]
    assert nav(logged_in(privacy.nobody).get("/")) == ["Start", "Mijn toegang"]


def test_staff_without_a_grant_gets_the_dutch_403_on_person_pages(privacy: Privacy) -> None:
    client = logged_in(privacy.nobody)
    for url in ("/personen", f"/personen/{privacy.anna.pk}", "/personen/nieuw"):
        response = client.get(url)
        assert response.status_code == 403
        assert "Geen toegang" in text(response)
    assert not AuditEntry.objects.filter(object_type="persoon").exists()


def test_anonymous_user_is_sent_to_login(privacy: Privacy) -> None:
    response = Client().get("/personen")
    assert response.status_code == 302
    assert response["Location"].startswith("/inloggen?next=/personen")


# --- list and search ---------------------------------------------------------------------------
def test_vaals_consulent_lists_vaals_persons_only_and_each_is_audited(
    privacy: Privacy, consulent: Client
) -> None:
    response = consulent.get("/personen")
    assert response.status_code == 200
    rows = table_rows(response)
    assert [row[:4] for row in rows] == [
        ["Bert Hermans", BERT_BSN, "1 mei 1980", "Vaals"],
        ["Anna Janssen", ANNA_BSN, "1 mei 1980", "Vaals"],
    ]
    # Anna is also known in Wmo; the Participatiewet consulent sees only Participatiewet.
    assert rows[1][4] == privacy.participatiewet.name
    page = text(response)
    assert "2 personen gevonden" in page
    for hidden in ("Carla", CARLA_BSN, "Dirk", DIRK_BSN, privacy.wmo.name):
        assert hidden not in page

    listed = entries(privacy.consulent, action=AuditEntry.Kind.LIST)
    assert sorted(e.data_subject_id for e in listed) == sorted([ANNA_BSN, BERT_BSN])
    assert {(e.purpose, e.roles, e.municipality_code, e.domain_code) for e in listed} == {
        (UITVOERING, "Consulent", "GM0981", "participatiewet")
    }


def test_search_by_bsn_and_by_name(privacy: Privacy, consulent: Client) -> None:
    by_bsn = consulent.get("/personen", {"zoek": ANNA_BSN})
    assert [row[0] for row in table_rows(by_bsn)] == ["Anna Janssen"]
    assert f'value="{ANNA_BSN}"' in by_bsn.content.decode()

    by_name = consulent.get("/personen", {"zoek": "herm"})
    assert [row[0] for row in table_rows(by_name)] == ["Bert Hermans"]

    foreign = consulent.get("/personen", {"zoek": CARLA_BSN})
    assert table_rows(foreign) == []
    assert "Geen personen gevonden die u mag zien." in text(foreign)
    assert "Carla" not in text(foreign)
    # Only what was shown is audited: Anna once, Bert once, never Carla.
    assert [e.data_subject_id for e in entries(privacy.consulent)] == [ANNA_BSN, BERT_BSN]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"pagina": "0"}, "Dit paginanummer bestaat niet."),
        ({"pagina": "twee"}, "Dit paginanummer bestaat niet."),
        ({"zoek": "x" * 101}, "Maximaal 100 tekens."),
    ],
)
def test_bad_search_input_gives_a_dutch_error_and_shows_nobody(
    privacy: Privacy, consulent: Client, query: dict[str, str], message: str
) -> None:
    response = consulent.get("/personen", query)
    assert response.status_code == 400
    assert message in text(response)
    assert table_rows(response) == []
    assert entries(privacy.consulent) == []


def test_list_pages_through_the_results(privacy: Privacy, consulent: Client) -> None:
    for n in range(26):
        bsn = data_bsn(n)
        data.person(
            bsn, "Test", f"Zz{n:02d}", privacy.vaals, [(privacy.participatiewet, 4, "Dossier")]
        )
    first = consulent.get("/personen")
    assert len(table_rows(first)) == 25
    page = text(first)
    assert "28 personen gevonden; u ziet 1 t/m 25." in page
    assert "Pagina 1 van 2" in page
    assert "Vorige pagina" not in page

    second = consulent.get("/personen", {"pagina": "2"})
    assert len(table_rows(second)) == 3
    assert "u ziet 26 t/m 28" in text(second)
    assert 'href="?pagina=1"' in second.content.decode()
    # 25 + 3 list entries: every person shown exactly once.
    shown = [e.data_subject_id for e in entries(privacy.consulent, action="list")]
    assert len(shown) == len(set(shown)) == 28


def data_bsn(n: int) -> str:
    """The n-th valid test BSN after the fixed ones (999991000 and up)."""
    found = []
    candidate = 999991000
    while len(found) <= n:
        digits = str(candidate)
        weights = [9, 8, 7, 6, 5, 4, 3, 2, -1]
        if sum(int(d) * w for d, w in zip(digits, weights, strict=True)) % 11 == 0:
            found.append(digits)
        candidate += 1
    return found[n]


# --- detail ------------------------------------------------------------------------------------
def test_detail_shows_the_person_and_only_the_registrations_the_actor_holds(
    privacy: Privacy, consulent: Client
) -> None:
    response = consulent.get(f"/personen/{privacy.anna.pk}")
    assert response.status_code == 200
    page = text(response)
    assert "Anna Janssen" in page
    assert f"BSN {ANNA_BSN}" in page
    assert "Geboortedatum 1 mei 1980" in page
    assert "Woonadres Kerkstraat 12, 6291 AB Vaals (sinds 1 januari 2020)" in page
    assert "Verantwoordelijke gemeente Vaals (GM0981)" in page
    assert table_rows(response) == [
        [privacy.participatiewet.name, "Algemene bijstand", "Zaakvertrouwelijk", "1 januari 2020"]
    ]
    assert "Huishoudelijke hulp" not in page
    assert privacy.wmo.name not in page

    (read,) = entries(privacy.consulent)
    assert (read.action, read.object_type, read.object_id) == (
        "read",
        "persoon",
        str(privacy.anna.pk),
    )
    assert (read.data_subject_id, read.purpose) == (ANNA_BSN, UITVOERING)
    assert (read.municipality_code, read.domain_code) == ("GM0981", "participatiewet")
    assert read.actor_name == "Bram Peters"


@pytest.mark.parametrize("who", ["carla", "dirk"])
def test_a_person_outside_the_grants_is_the_dutch_404(
    privacy: Privacy, consulent: Client, who: str
) -> None:
    """Carla lives in Maastricht; Dirk's only file is a confidential fraud investigation."""
    hidden = getattr(privacy, who)
    for url in (f"/personen/{hidden.pk}", f"/personen/{hidden.pk}/wijzigen"):
        response = consulent.get(url)
        assert response.status_code == 404
        page = text(response)
        assert "Pagina niet gevonden" in page
        assert hidden.bsn not in page and hidden.surname not in page
    refused = entries(privacy.consulent)
    assert [(e.action, e.object_id, e.data_subject_id) for e in refused] == [
        ("refused", str(hidden.pk), ""),
        ("refused", str(hidden.pk), ""),
    ]


def test_a_person_that_does_not_exist_is_the_same_404(consulent: Client) -> None:
    response = consulent.get("/personen/999999")
    assert response.status_code == 404
    assert "Pagina niet gevonden" in text(response)


def test_data_protection_officer_gets_403_on_person_pages(privacy: Privacy) -> None:
    fg = logged_in(privacy.fg)
    for url in (
        "/personen",
        f"/personen/{privacy.anna.pk}",
        f"/personen/{privacy.anna.pk}/wijzigen",
        "/personen/nieuw",
    ):
        response = fg.get(url)
        assert response.status_code == 403, url
        assert "Geen toegang" in text(response)
        assert "Anna" not in text(response)
    assert entries(privacy.fg) == []


# --- create ------------------------------------------------------------------------------------
def test_consulent_registers_a_person(privacy: Privacy, consulent: Client) -> None:
    form = consulent.get("/personen/nieuw")
    assert form.status_code == 200
    assert "Nieuwe persoon" in text(form)

    response = consulent.post("/personen/nieuw", new_person_form(privacy), follow=True)
    created = Person.objects.get(bsn=data.NEW_BSN)
    assert response.redirect_chain == [(f"/personen/{created.pk}", 302)]
    page = text(response)
    assert "Els van der Heijden is vastgelegd." in page
    assert "Woonadres Maastrichterlaan 5, 6291 EN Vaals (sinds 1 juni 2024)" in page

    create, read = entries(privacy.consulent)
    assert (create.action, create.data_subject_id, create.purpose) == (
        "create",
        data.NEW_BSN,
        UITVOERING,
    )
    assert create.changes["fields"]["surname"] == [None, "Heijden"]
    assert (read.action, read.data_subject_id) == ("read", data.NEW_BSN)


def test_an_invalid_bsn_is_refused_with_the_elfproef_message(
    privacy: Privacy, consulent: Client
) -> None:
    response = consulent.post("/personen/nieuw", new_person_form(privacy, bsn=data.INVALID_BSN))
    assert response.status_code == 400
    assert (
        "123456789 is geen geldig burgerservicenummer (BSN): het moet uit negen cijfers "
        "bestaan en voldoen aan de elfproef." in text(response)
    )
    assert 'aria-invalid="true"' in response.content.decode()
    short = consulent.post("/personen/nieuw", new_person_form(privacy, bsn="12345"))
    assert "Een BSN bestaat uit negen cijfers." in text(short)
    assert not Person.objects.filter(bsn__in=[data.INVALID_BSN, "12345"]).exists()


ALREADY_VISIBLE = (
    "Er is al een persoon met dit BSN; een persoon komt maar één keer voor. Zoek op dit BSN "
    "bij Personen en open die persoon."
)
NOT_REGISTRABLE = (
    "Met dit BSN kan hier geen persoon worden ingeschreven. Controleer het BSN, de naam, de "
    "geboortedatum en het adres."
)


def counts() -> tuple[int, int, int]:
    return Person.objects.count(), Registration.objects.count(), Address.objects.count()


def test_a_duplicate_bsn_is_refused(privacy: Privacy, consulent: Client) -> None:
    """Anna is a person the consulent can see: the refusal says so, and where to look."""
    before = counts()
    response = consulent.post("/personen/nieuw", new_person_form(privacy, bsn=ANNA_BSN))
    assert response.status_code == 400
    assert ALREADY_VISIBLE in text(response)
    assert counts() == before
    assert 'value="Heijden"' in response.content.decode()  # the input is kept


def as_stored(privacy: Privacy, who: Person, **overrides: str) -> dict[str, str]:
    """The form with the identity of ``who`` as stored (tests/web/privacy.py)."""
    identity = {
        "bsn": who.bsn,
        "given_names": who.given_names,
        "surname_prefix": "",
        "surname": who.surname,
        "birth_date": "1980-05-01",
    }
    return new_person_form(privacy, **{**identity, **overrides})


def form_page(response) -> str:  # noqa: ANN001
    """The form page without what differs per request (the CSRF token)."""
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", response.content.decode())


def test_a_bsn_known_outside_the_scope_gets_one_answer_whatever_the_reason(
    privacy: Privacy, consulent: Client
) -> None:
    """Carla lives in Maastricht, Dirk's only file is above the consulent's level, Eva lives
    in Vaals but is known in Wmo only and the name is not hers: the same page for each."""
    eva = data.person(data_bsn(0), "Eva", "Dassen", privacy.vaals, [(privacy.wmo, Z, "Hulp")])
    before = counts()
    same_input = {
        who.bsn: consulent.post("/personen/nieuw", new_person_form(privacy, bsn=who.bsn))
        for who in (privacy.carla, privacy.dirk, eva)
    }
    pages = {form_page(r).replace(bsn, "BSN") for bsn, r in same_input.items()}
    assert len(pages) == 1
    right_identity = [
        consulent.post("/personen/nieuw", as_stored(privacy, who))
        for who in (privacy.carla, privacy.dirk)
    ]
    for response in [*same_input.values(), *right_identity]:
        assert response.status_code == 400
        page = text(response)
        assert NOT_REGISTRABLE in page
        assert "Er is al een persoon" not in page
        for hidden in ("Kerkstraat", "Fraudeonderzoek", "Hulp", "Algemene bijstand"):
            assert hidden not in page
    assert counts() == before

    refused = entries(privacy.consulent, action="refused")
    assert [(e.object_type, e.data_subject_id, e.municipality_code) for e in refused] == [
        ("inschrijving", CARLA_BSN, "GM0981"),
        ("inschrijving", DIRK_BSN, "GM0981"),
        ("inschrijving", eva.bsn, "GM0981"),
        ("inschrijving", CARLA_BSN, "GM0981"),
        ("inschrijving", DIRK_BSN, "GM0981"),
    ]
    assert [e.changes["refusal"]["responsible_municipality"] for e in refused] == [
        "GM0935",
        "GM0981",
        "GM0981",
        "GM0935",
        "GM0981",
    ]


def test_my_access_does_not_tell_where_a_refused_bsn_is_known(
    privacy: Privacy, consulent: Client
) -> None:
    """The consulent's own trail ("Mijn toegang") shows the attempt as they made it: the
    municipality and domain they stated, never the person's municipality or the reason."""
    consulent.post("/personen/nieuw", as_stored(privacy, privacy.carla))  # lives in Maastricht
    consulent.post("/personen/nieuw", as_stored(privacy, privacy.dirk))  # file above the level
    response = consulent.get("/mijn-toegang")
    dirk, carla = table_rows(response)
    columns = slice(2, 10)  # roles up to purpose: not the time, the user or the request id
    assert carla[columns] == [
        "Consulent",
        "Vaals (GM0981)",
        "participatiewet",
        "inschrijving",
        CARLA_BSN,
        "Geweigerd",
        "-",
        "uitvoering van de taak",
    ]
    assert dirk[columns] == [*carla[2:6], DIRK_BSN, *carla[7:10]]
    assert "GM0935" not in text(response)


def test_a_known_bsn_living_here_is_added_to_that_person(
    privacy: Privacy, consulent: Client
) -> None:
    """Eva lives in Vaals and is known in Wmo only: with her BSN, surname and birth date the
    Participatiewet consulent registers her like a new person, and sees only that file."""
    eva = data.person(data_bsn(0), "Eva", "Dassen", privacy.vaals, [(privacy.wmo, Z, "Hulp")])
    assert consulent.get(f"/personen/{eva.pk}").status_code == 404
    persons, registrations, addresses = counts()
    response = consulent.post(
        "/personen/nieuw",
        as_stored(privacy, eva, surname=" dassen", street="Maastrichterlaan"),
        follow=True,
    )
    assert response.redirect_chain == [(f"/personen/{eva.pk}", 302)]
    assert counts() == (persons, registrations + 1, addresses)
    page = text(response)
    assert "Eva Dassen is vastgelegd." in page
    assert "Woonadres Kerkstraat 12, 6291 AB Vaals (sinds 1 januari 2020)" in page  # as stored
    assert table_rows(response) == [
        [
            privacy.participatiewet.name,
            "Algemene bijstand",
            "Zaakvertrouwelijk",
            date_format(dt.date.today(), "j F Y"),
        ]
    ]
    assert privacy.wmo.name not in page and "Hulp" not in page

    refused, create, read = entries(privacy.consulent)
    assert refused.action == "refused"  # the 404 above
    assert (create.action, create.object_type, create.data_subject_id) == (
        "create",
        "inschrijving",
        eva.bsn,
    )
    assert create.changes == {
        "fields": {"registration": [None, "participatiewet: Algemene bijstand"]},
        "added_to_existing_person": eva.pk,
        "stated_but_kept": ["surname", "street", "house_number", "postal_code", "living_since"],
    }
    assert (read.action, read.data_subject_id) == ("read", eva.bsn)


def test_registering_without_the_right_is_refused_and_nothing_is_saved(
    privacy: Privacy, consulent: Client
) -> None:
    # The Vaals consulent may not register a person in Maastricht...
    response = consulent.post(
        "/personen/nieuw", new_person_form(privacy, municipality=privacy.maastricht.cbs_code)
    )
    assert response.status_code == 403
    assert (
        "U mag geen persoon vastleggen voor Maastricht in het domein "
        f"{privacy.participatiewet.name}." in text(response)
    )
    # ... and a reviewer (toetser) may read but never register.
    toetser = logged_in(privacy.toetser)
    refused = toetser.post("/personen/nieuw", new_person_form(privacy))
    assert refused.status_code == 403
    assert "U mag geen persoon vastleggen voor Vaals" in text(refused)
    assert not Person.objects.filter(bsn=data.NEW_BSN).exists()
    assert not AuditEntry.objects.filter(action="create").exists()


# --- change ------------------------------------------------------------------------------------
def test_consulent_changes_names_with_the_version_they_saw(
    privacy: Privacy, consulent: Client
) -> None:
    anna = privacy.anna
    form = consulent.get(f"/personen/{anna.pk}/wijzigen")
    html = form.content.decode()
    assert 'name="version" value="1"' in html
    assert 'value="Janssen"' in html

    response = consulent.post(
        f"/personen/{anna.pk}/wijzigen",
        {
            "given_names": "Anna Maria",
            "surname_prefix": "",
            "surname": "Janssen-Peters",
            "birth_date": "1980-05-01",
            "version": "1",
        },
        follow=True,
    )
    assert "De wijziging is opgeslagen." in text(response)
    assert "Anna Maria Janssen-Peters" in text(response)
    anna.refresh_from_db()
    assert (anna.surname, anna.version) == ("Janssen-Peters", 2)

    actions = [(e.action, e.data_subject_id) for e in entries(privacy.consulent)]
    assert actions == [("read", ANNA_BSN), ("update", ANNA_BSN), ("read", ANNA_BSN)]
    update = entries(privacy.consulent, action="update")[0]
    assert update.changes == {
        "fields": {
            "given_names": ["Anna", "Anna Maria"],
            "surname": ["Janssen", "Janssen-Peters"],
        }
    }


def test_a_stale_version_shows_the_conflict_and_keeps_the_input(
    privacy: Privacy, consulent: Client
) -> None:
    anna = privacy.anna
    consulent.get(f"/personen/{anna.pk}/wijzigen")  # opens the form at version 1
    Person.objects.filter(pk=anna.pk).update(surname="Jansen", version=2)  # someone else

    response = consulent.post(
        f"/personen/{anna.pk}/wijzigen",
        {"given_names": "Anna", "surname": "Janssens", "birth_date": "1980-05-01", "version": "1"},
    )
    assert response.status_code == 409
    assert (
        "Deze persoon is intussen door iemand anders gewijzigd. Laad de gegevens opnieuw en "
        "breng uw wijziging dan opnieuw aan." in text(response)
    )
    html = response.content.decode()
    assert 'value="Janssens"' in html
    assert 'name="version" value="1"' in html
    anna.refresh_from_db()
    assert (anna.surname, anna.version) == ("Jansen", 2)
    assert not AuditEntry.objects.filter(action="update").exists()


def test_an_unchanged_form_saves_nothing(privacy: Privacy, consulent: Client) -> None:
    response = consulent.post(
        f"/personen/{privacy.bert.pk}/wijzigen",
        {"given_names": "Bert", "surname": "Hermans", "birth_date": "1980-05-01", "version": "1"},
        follow=True,
    )
    assert "Er is niets gewijzigd." in text(response)
    assert not AuditEntry.objects.filter(action="update").exists()


def test_a_birth_date_in_the_future_is_refused_in_dutch(
    privacy: Privacy, consulent: Client
) -> None:
    future = (dt.date.today() + dt.timedelta(days=30)).isoformat()
    response = consulent.post(
        f"/personen/{privacy.bert.pk}/wijzigen",
        {"given_names": "Bert", "surname": "Hermans", "birth_date": future, "version": "1"},
    )
    assert response.status_code == 400
    assert "De geboortedatum ligt in de toekomst." in text(response)
    privacy.bert.refresh_from_db()
    assert privacy.bert.version == 1


def test_a_reviewer_reads_but_may_not_change(privacy: Privacy) -> None:
    toetser = logged_in(privacy.toetser)
    detail = toetser.get(f"/personen/{privacy.anna.pk}")
    assert detail.status_code == 200
    assert "wijzigen" not in text(detail)
    assert toetser.get(f"/personen/{privacy.anna.pk}/wijzigen").status_code == 403
    refused = toetser.post(
        f"/personen/{privacy.anna.pk}/wijzigen",
        {"given_names": "X", "surname": "Y", "birth_date": "1980-05-01", "version": "1"},
    )
    assert refused.status_code == 403
    privacy.anna.refresh_from_db()
    assert privacy.anna.surname == "Janssen"


def test_every_person_page_view_is_audited(privacy: Privacy, consulent: Client) -> None:
    anna = privacy.anna
    steps = [
        (f"/personen?zoek={ANNA_BSN}", "list"),
        (f"/personen/{anna.pk}", "read"),
        (f"/personen/{anna.pk}/wijzigen", "read"),
        (f"/personen/{privacy.carla.pk}", "refused"),
    ]
    for url, action in steps:
        before = AuditEntry.objects.count()
        consulent.get(url)
        (entry,) = AuditEntry.objects.filter(sequence__gt=before)
        assert (entry.action, entry.actor_id, entry.purpose) == (
            action,
            privacy.consulent.pk,
            UITVOERING,
        ), url
        expected = "" if action == "refused" else ANNA_BSN
        assert entry.data_subject_id == expected
        assert entry.trace_id and entry.client_address == "127.0.0.1"


def test_person_screens_in_english(privacy: Privacy, consulent: Client, settings) -> None:  # noqa: ANN001
    consulent.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = consulent.get(f"/personen/{privacy.anna.pk}")
    assert nav(response) == ["Home", "Persons", "Worklist", "My access"]
    page = text(response)
    assert "Responsible municipality Vaals (GM0981)" in page
    assert "Registrations you may see" in page
