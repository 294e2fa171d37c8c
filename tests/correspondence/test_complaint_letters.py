"""The letters of the complaint procedure: the acknowledgement to the complainant (Awb 9:6),
the copy to the official complained about, addressed internally to that official (9:9), and
the outcome (9:12); each step one letter, each PDF with its facts, another municipality's
staff 404. "Today" is pinned to 24 November 2026."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from pypdf import PdfReader
from rest_framework.test import APIClient

from samen.access.policy import Purpose
from samen.complaints import handling, letters
from samen.complaints.handling import Hearing, NewConclusion
from samen.correspondence import services as correspondence
from samen.correspondence.models import SentLetter
from tests.cases.conftest import World
from tests.complaints.conftest import register

pytestmark = pytest.mark.django_db
D = dt.date


def pdf_text(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))


def test_registering_sends_the_acknowledgement_and_the_internal_copy(office: World) -> None:
    complaint = register(office)
    found = {
        letter.kind.code: letter
        for letter in SentLetter.objects.filter(about_reference=complaint.reference)
    }
    assert set(found) == {"klacht-ontvangst", "klacht-kopie-medewerker"}

    receipt = found["klacht-ontvangst"]
    assert (receipt.recipient_name, receipt.internal) == ("Anna Janssen", False)
    body = pdf_text(bytes(receipt.pdf))
    assert "Wij hebben uw klacht ontvangen" in body
    assert "Op 10 februari 2026 hebben wij uw klacht ontvangen" in body
    assert "onvriendelijk aan de telefoon" in body
    assert complaint.handler.name in body
    assert "artikel 9:6 Algemene wet bestuursrecht" in body
    assert "Kerkstraat 7" in body

    official = complaint.official
    copy = found["klacht-kopie-medewerker"]
    assert (copy.recipient_name, copy.internal) == (official.name, True)
    body = pdf_text(bytes(copy.pdf))
    assert "INTERN" in body.upper() and official.name in body
    assert "Kerkstraat 7" not in body  # not addressed to the complainant
    assert "klacht ontvangen van Anna Janssen" in body
    assert "2 februari 2026" in body  # the day of the behaviour
    assert "artikel 9:9 Algemene wet bestuursrecht" in body

    # a retry of either step sends nothing new
    jurist = office.user("jurist")
    assert letters.acknowledge(jurist, complaint, Purpose.UITVOERING).pk == receipt.pk
    assert letters.copy_to_official(jurist, complaint, Purpose.UITVOERING).pk == copy.pk
    assert SentLetter.objects.filter(about_reference=complaint.reference).count() == 2


def test_a_complaint_without_an_official_has_no_copy(office: World) -> None:
    complaint = register(office, official="")
    kinds = set(
        SentLetter.objects.filter(about_reference=complaint.reference).values_list(
            "kind__code", flat=True
        )
    )
    assert kinds == {"klacht-ontvangst"}


def test_the_outcome_letter_gives_the_judgement_and_the_measures(office: World) -> None:
    complaint = register(office)
    jurist = office.user("jurist")
    handling.record_hearing(
        jurist,
        complaint.pk,
        Hearing(D(2026, 3, 2), "Mevrouw vertelde wat er gebeurde.", official_heard=True),
    )
    handling.conclude(
        jurist,
        complaint.pk,
        NewConclusion(
            "gegrond",
            D(2026, 3, 16),
            "De consulent hing op. Dat had niet mogen gebeuren.",
            measures_taken=True,
            measures="Werkinstructie telefoon aangepast.",
        ),
    )
    [letter] = SentLetter.objects.filter(
        about_reference=complaint.reference, kind__code="klacht-uitkomst"
    )
    body = pdf_text(bytes(letter.pdf))
    assert "uw klacht is gegrond" in body
    assert "De consulent hing op." in body
    assert "Werkinstructie telefoon aangepast." in body
    assert "Nationale ombudsman" in body
    assert letter.letter_date == D(2026, 3, 16)


def test_another_municipality_gets_404_on_a_complaint_letter(office: World) -> None:
    complaint = register(office)
    letter = SentLetter.objects.filter(about_reference=complaint.reference).first()
    maastricht = office.user("consulent.maastricht")
    with pytest.raises(correspondence.NotVisible):
        correspondence.letter_pdf(maastricht, letter.pk)
    client = APIClient()
    client.force_authenticate(office.user("consulent.maastricht"))
    assert client.get(f"/api/v1/brieven/{letter.pk}/pdf").status_code == 404
    jurist = APIClient()
    jurist.force_authenticate(office.user("jurist"))
    detail = jurist.get(f"/api/v1/klachten/{complaint.pk}").json()
    assert {entry["soort"] for entry in detail["brieven"]} == {
        "klacht-ontvangst",
        "klacht-kopie-medewerker",
    }
