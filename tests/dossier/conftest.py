"""The client's file: a Maastricht resident known in the Participatiewet with a case decided
on behalf of Maastricht, staff of Maastricht and of Vaals, and a private folder of its own
for the documents of every test. Every date explicit; "today" is set."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from samen.access.policy import forget
from samen.cases.models import Case, CaseType, Status
from tests.access.helpers import BSNS, V, Z, person, staff_with

D = dt.date
TODAY = D(2026, 2, 16)

PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 24
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 24


@pytest.fixture
def dossier_folder(dossier_storage_dir):  # noqa: ANN001, ANN201
    """The test's own folder for documents (tests/conftest.py)."""
    return dossier_storage_dir


@pytest.fixture
def today(monkeypatch: pytest.MonkeyPatch):  # noqa: ANN201
    def set_today(day: dt.date) -> None:
        monkeypatch.setattr(timezone, "localdate", lambda *a, **k: day)

    set_today(TODAY)
    return set_today


@pytest.fixture
def world(szmh, today):  # noqa: ANN001, ANN201
    pw = szmh.domains["participatiewet"]
    maastricht, vaals = szmh["Maastricht"], szmh["Vaals"]
    anna = person(BSNS[0], maastricht, [(pw, Z)], since=D(2018, 6, 1), surname="Smeets")
    bert = person(BSNS[1], vaals, [(pw, Z)], since=D(2015, 1, 1), surname="Janssen")
    case_type = CaseType.objects.create(
        code="pw-algemene-bijstand",
        domain=pw,
        name="Algemene bijstand",
        legal_basis="artikel 43 Participatiewet",
        term_amount=8,
        valid_from=D(2016, 1, 1),
    )
    case = Case.objects.create(
        reference="PW-2026-0001",
        case_type=case_type,
        person=anna,
        municipality=maastricht,
        domain=pw,
        status=Status.BESLUIT_GENOMEN,
        received_on=D(2026, 1, 5),
        decided_on=D(2026, 1, 20),
    )
    users = {
        "mt": staff_with("mt", "consulent", [maastricht], [pw]),
        "mt_v": staff_with("mtv", "handhaving", [maastricht], [pw], level=V),
        "mt_reader": staff_with("mtr", "toetser", [maastricht], [pw]),
        "vaals": staff_with("vls", "consulent", [vaals], [pw]),
        "wmo_staff": staff_with("wmo", "consulent", [maastricht], [szmh.domains["wmo"]]),
    }
    for user in users.values():
        forget(user)
    return {
        "pw": pw,
        "wmo": szmh.domains["wmo"],
        "maastricht": maastricht,
        "gm_vaals": vaals,
        "anna": anna,
        "bert": bert,
        "case": case,
        **users,
    }
