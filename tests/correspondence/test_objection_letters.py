"""The letters of the objection procedure that are not decisions: each step makes exactly
one letter (a retry returns the letter already sent), its PDF says what the step is about,
the house style has no objection paragraph, the page and the API list the letters with
their download, and a Maastricht-only consulent gets 404 on a Vaals letter. "Today" is
pinned to 24 November 2026."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import re

import pytest
from django.core.exceptions import ValidationError
from pypdf import PdfReader
from rest_framework.test import APIClient

from samen.access.models import AuditEntry
from samen.cases.models import Decision
from samen.correspondence import services as correspondence
from samen.correspondence.models import SentLetter
from samen.objections import handling, letters, services
from samen.objections.handling import Hearing
from samen.objections.models import Objection
from samen.objections.services import NewObjection
from tests.cases.conftest import World
from tests.web.pages import logged_in, text

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture(autouse=True)
def demo_mode(settings) -> None:  # noqa: ANN001
    settings.DEMO_MODE = True


def pdf_text(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))


def file(world: World, decision: Decision) -> Objection:
    return services.file_objection(
        world.user("jurist"),
        NewObjection(
            decision_pk=decision.pk,
            filed_on=D(2026, 3, 10),
            received_via="post",
            grounds="Mijn vermogen is lager: de auto is van mijn zoon.",
            objector_name="Anna Janssen",
        ),
    )


def letters_of(objection: Objection, kind: str) -> list[SentLetter]:
    return list(
        SentLetter.objects.filter(about_reference=objection.case.reference, kind__code=kind)
    )


def test_filing_sends_one_acknowledgement_with_the_facts(world: World, contested: Decision) -> None:
    objection = file(world, contested)
    [letter] = letters_of(objection, "bezwaar-ontvangst")
    content = bytes(letter.pdf)
    assert letter.sha256 == hashlib.sha256(content).hexdigest()
    assert letter.sent_by == world.user("jurist").staff
    assert (letter.person, letter.municipality.name) == (objection.case.person, "Vaals")
    assert (letter.domain, letter.about_type) == (objection.case.domain, "bezwaar")
    assert letter.letter_date == D(2026, 11, 24)
    body = pdf_text(content)
    assert "Wij hebben uw bezwaar ontvangen" in body
    assert "Op 10 maart 2026 hebben wij uw bezwaar ontvangen" in body
    assert "20 februari 2026" in body  # the contested decision
    assert objection.case.reference in body
    assert "Anna Janssen" in body and "Kerkstraat 7" in body
    assert "Gemeente Vaals" in body
    assert "namens het college van burgemeester en wethouders van Vaals" in body
    assert "Sociale Zaken Maastricht-Heuvelland voert dit uit voor de gemeente Vaals" in body
    assert "artikel 6:14 lid 1 Algemene wet bestuursrecht" in body
    # no decision, so no objection paragraph
    assert "bezwaar maken" not in body and "Bent u het niet eens" not in body

    # a retry of the step returns the letter already sent, unchanged
    again = letters.acknowledge(world.user("jurist"), objection, services.Purpose.UITVOERING)
    assert again.pk == letter.pk and bytes(again.pdf) == content
    assert len(letters_of(objection, "bezwaar-ontvangst")) == 1


def test_herstel_verzuim_sends_the_letter_with_its_term(world: World, contested: Decision) -> None:
    objection = file(world, contested)
    handling.request_repair(
        world.user("jurist"),
        objection.pk,
        requested_on=D(2026, 11, 20),
        until=D(2026, 12, 4),
        what="Uw handtekening onder het bezwaarschrift.",
    )
    [letter] = letters_of(objection, "bezwaar-herstel-verzuim")
    body = pdf_text(bytes(letter.pdf))
    assert "Uw handtekening onder het bezwaarschrift." in body
    assert "uiterlijk op 4 december 2026" in body
    assert "niet-ontvankelijk" in body
    assert letter.letter_date == D(2026, 11, 20)
    retried = letters.repair_request(
        world.user("jurist"),
        objection,
        requested_on=D(2026, 11, 20),
        until=D(2026, 12, 4),
        what="Uw handtekening onder het bezwaarschrift.",
        purpose=services.Purpose.UITVOERING,
    )
    assert retried.pk == letter.pk
    assert len(letters_of(objection, "bezwaar-herstel-verzuim")) == 1


def test_planning_a_hearing_sends_one_invitation_with_date_time_and_place(
    world: World, contested: Decision
) -> None:
    objection = file(world, contested)
    jurist = world.user("jurist")
    hearing = Hearing(
        hearing_on=D(2026, 12, 8),
        hearing_time=dt.time(10, 30),
        place="Gemeentehuis Vaals, Von Clermontplein 11",
    )
    handling.record_hearing(jurist, objection.pk, hearing)
    objection.refresh_from_db()
    assert objection.invited_on == D(2026, 11, 24)  # the invitation went today
    [letter] = letters_of(objection, "bezwaar-hoorzitting")
    body = pdf_text(bytes(letter.pdf))
    assert "Uitnodiging voor de hoorzitting" in body
    assert "8 december 2026" in body and "10.30 uur" in body
    assert "Gemeentehuis Vaals, Von Clermontplein 11" in body
    # the same plan again (a retry) sends nothing new; another time is a new invitation
    handling.record_hearing(jurist, objection.pk, hearing)
    assert len(letters_of(objection, "bezwaar-hoorzitting")) == 1
    handling.record_hearing(
        jurist,
        objection.pk,
        Hearing(hearing_on=D(2026, 12, 8), hearing_time=dt.time(14, 0), place=hearing.place),
    )
    assert len(letters_of(objection, "bezwaar-hoorzitting")) == 2


def test_an_invitation_needs_the_time_and_place_and_nothing_is_saved_without(
    world: World, contested: Decision
) -> None:
    objection = file(world, contested)
    with pytest.raises(ValidationError) as error:
        handling.record_hearing(
            world.user("jurist"), objection.pk, Hearing(hearing_on=D(2026, 12, 8))
        )
    messages = error.value.message_dict
    assert "tijdstip van de hoorzitting" in messages["hearing_time"][0]
    assert "plaats van de hoorzitting" in messages["place"][0]
    objection.refresh_from_db()
    assert objection.hearing_on is None and objection.version == 1
    assert letters_of(objection, "bezwaar-hoorzitting") == []


def test_a_hearing_recorded_afterwards_sends_no_invitation(
    world: World, contested: Decision
) -> None:
    objection = file(world, contested)
    handling.record_hearing(
        world.user("jurist"),
        objection.pk,
        Hearing(hearing_on=D(2026, 4, 28), invited_on=D(2026, 4, 14), minutes="Gehoord."),
    )
    assert letters_of(objection, "bezwaar-hoorzitting") == []


def test_verdaging_sends_the_notice_with_the_new_deadline(
    world: World, contested: Decision
) -> None:
    objection = file(world, contested)
    handling.postpone(
        world.user("jurist"),
        objection.pk,
        weeks=6,
        notified_on=D(2026, 5, 1),
        reason="Wij wachten op het advies van de bijzondere-bijstandsconsulent.",
    )
    [letter] = letters_of(objection, "bezwaar-verdaging")
    body = pdf_text(bytes(letter.pdf))
    assert "Wij verdagen de beslissing met 6 weken" in body
    assert "uiterlijk op 30 juni 2026" in body
    assert "advies van de bijzondere-bijstandsconsulent" in body
    assert letter.letter_date == D(2026, 5, 1)


def test_a_maastricht_consulent_gets_404_on_a_vaals_letter_and_reads_are_audited(
    world: World, contested: Decision
) -> None:
    objection = file(world, contested)
    [letter] = letters_of(objection, "bezwaar-ontvangst")
    maastricht = world.user("consulent.maastricht")
    with pytest.raises(correspondence.NotVisible):
        correspondence.letter_pdf(maastricht, letter.pk)
    assert correspondence.letters_about(maastricht, "bezwaar", objection.case.reference) == []
    assert logged_in(maastricht).get(f"/brieven/{letter.pk}").status_code == 404
    client = APIClient()
    client.force_authenticate(world.user("consulent.maastricht"))
    assert client.get(f"/api/v1/brieven/{letter.pk}/pdf").status_code == 404
    refused = AuditEntry.objects.filter(action="refused", object_type="brief")
    assert refused.count() == 3

    reads = AuditEntry.objects.filter(action="read", object_type="brief")
    response = logged_in(world.user("jurist")).get(f"/brieven/{letter.pk}")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content == bytes(letter.pdf)
    entry = reads.get()
    assert entry.object_id == f"{objection.case.reference}/bezwaar-ontvangst/{letter.pk}"
    assert entry.municipality_code == "GM0981"


def test_the_page_and_the_api_list_the_letters_with_their_download(
    world: World, contested: Decision
) -> None:
    objection = file(world, contested)
    [letter] = letters_of(objection, "bezwaar-ontvangst")
    page = logged_in(world.user("jurist")).get(f"/bezwaren/{objection.pk}")
    assert f'href="/brieven/{letter.pk}"' in page.content.decode()
    assert "Ontvangstbevestiging bezwaar" in text(page)
    listed = AuditEntry.objects.filter(action="list", object_type="brief")
    assert listed.count() == 1  # the page's list of letters is audited

    client = APIClient()
    client.force_authenticate(world.user("jurist"))
    detail = client.get(f"/api/v1/bezwaren/{objection.pk}").json()
    [entry] = detail["brieven"]
    assert entry["soort"] == "bezwaar-ontvangst"
    assert entry["datum"] == "2026-11-24"
    assert entry["controlegetal"] == letter.sha256
    assert entry["downloadUrl"].endswith(f"/api/v1/brieven/{letter.pk}/pdf")
    download = client.get(entry["downloadUrl"], HTTP_ACCEPT="application/pdf")
    assert download.status_code == 200 and download.content == bytes(letter.pdf)


def test_the_hearing_action_of_the_api_and_the_screen_send_the_invitation(
    world: World, contested: Decision
) -> None:
    objection = file(world, contested)
    client = APIClient()
    client.default_format = "json"
    client.force_authenticate(world.user("jurist"))
    url = f"/api/v1/bezwaren/{objection.pk}/hoorzitting"
    bad = client.post(url, {"datumHoorzitting": "2026-12-08", "tijdHoorzitting": "25:99"})
    assert bad.status_code == 400
    problem = bad.json()["invalidParams"]
    assert any(p["name"] == "tijdHoorzitting" and "UU:MM" in p["reason"] for p in problem), problem
    assert letters_of(objection, "bezwaar-hoorzitting") == []
    good = client.post(
        url,
        {
            "datumHoorzitting": "2026-12-08",
            "tijdHoorzitting": "10:30",
            "plaatsHoorzitting": "Gemeentehuis Vaals",
            "versie": 1,
        },
    )
    assert good.status_code == 200, good.json()
    body = good.json()
    assert (body["tijdHoorzitting"], body["plaatsHoorzitting"]) == ("10:30", "Gemeentehuis Vaals")
    assert [b["soort"] for b in body["brieven"]] == ["bezwaar-ontvangst", "bezwaar-hoorzitting"]

    page = logged_in(world.user("jurist")).post(
        f"/bezwaren/{objection.pk}/hoorzitting",
        {
            "version": 2,
            "hearing_on": "09-12-2026",
            "hearing_time": "14:00",
            "place": "Gemeentehuis Vaals",
        },
    )
    assert page.status_code == 302
    [_, moved] = letters_of(objection, "bezwaar-hoorzitting")
    assert "9 december 2026" in pdf_text(bytes(moved.pdf))
    assert "14.00 uur" in pdf_text(bytes(moved.pdf))
