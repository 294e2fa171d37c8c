"""A reminder and a summons each send their letter (samen.correspondence): the open balance,
the day to pay by (two weeks, Awb 4:112) and the payment reference; one letter per step; the
claim's page lists them; a Maastricht-only grant cannot read them, and every read is
audited."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from django.test import Client
from pypdf import PdfReader

from samen.access.models import AuditEntry
from samen.access.policy import Purpose
from samen.correspondence import services as correspondence
from samen.correspondence.models import SentLetter
from samen.recovery import letters, steps
from samen.recovery.models import Claim
from tests.cases.conftest import World

D = dt.date


def pdf_text(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))


def test_each_step_sends_its_letter_once(world: World, claims: list[Claim], settings) -> None:
    settings.DEMO_MODE = True
    claim = claims[0]
    user = world.user("consulent.vaals")
    reminder = steps.record_step(
        user, claim.pk, kind="herinnering", sent_on=D(2026, 5, 15), expected_version=claim.version
    )
    claim.refresh_from_db()
    summons = steps.record_step(
        user, claim.pk, kind="aanmaning", sent_on=D(2026, 5, 15), expected_version=claim.version
    )
    sent = list(SentLetter.objects.filter(about_reference=claim.reference).order_by("pk"))
    assert [s.kind.code for s in sent] == ["vordering-herinnering", "vordering-aanmaning"]
    assert [s.letter_date for s in sent] == [D(2026, 5, 15), D(2026, 5, 15)]
    text = pdf_text(bytes(sent[1].pdf))
    assert "€ 190,00" in text and claim.reference in text
    assert "29 mei 2026" in text  # two weeks after the summons was sent
    # a retry of the same step gives the same letter, not a second one
    again = letters.collection_letter(
        user,
        claim,
        summons,
        balance=claim.balance(),
        pay_by=D(2026, 5, 29),
        purpose=Purpose.UITVOERING,
    )
    assert again.pk == sent[1].pk and SentLetter.objects.count() == 2
    assert reminder.pk != summons.pk

    page = Client()
    page.force_login(user)
    html = page.get(f"/vorderingen/{claim.pk}").content.decode()
    assert "Herinnering vordering" in html and "Aanmaning vordering" in html
    listed = AuditEntry.objects.filter(object_type="brief", action="list")
    assert {e.object_id for e in listed} == {
        f"{claim.reference}/{s.kind.code}/{s.pk}" for s in sent
    }

    # another municipality's staff: no letter, and the refusal is like "does not exist"
    other = world.user("consulent.maastricht")
    with pytest.raises(correspondence.NotVisible):
        correspondence.letter_pdf(other, sent[0].pk)
    assert correspondence.letters_about(other, letters.ABOUT, claim.reference) == []
