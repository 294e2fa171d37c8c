"""The checkpoints on the supervision screen: the data-protection officer sees each one (time,
sequence, short hash, whether the audit trail still matches it) and can take one with a
button; everyone else is refused, as for the rest of the supervision screen."""

from __future__ import annotations

import datetime as dt
import os
import re
from html import unescape
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test import Client
from django.utils import timezone

from samen.access import audit, checkpoint_files, services
from samen.access.models import AuditEntry
from tests.web import privacy as data
from tests.web.pages import logged_in, text
from tests.web.privacy import Privacy

pytestmark = pytest.mark.django_db
AT_TEN = dt.datetime(2026, 12, 2, 9, 0, tzinfo=dt.UTC)  # 10:00 in Amsterdam


@pytest.fixture
def privacy(db: None) -> Privacy:
    return data.build()


@pytest.fixture
def fg(privacy: Privacy) -> Client:
    return logged_in(privacy.fg)


def append(count: int) -> None:
    audit.record(
        actor=None,
        action="read",
        subjects=[audit.Subject("persoon", str(i)) for i in range(count)],
        purpose="t",
    )


def checkpoint_at(moment: dt.datetime, monkeypatch: pytest.MonkeyPatch) -> Path:
    with monkeypatch.context() as patch:
        patch.setattr(timezone, "now", lambda: moment)
        path, _taken = audit.take_checkpoint()
    return path


def checkpoint_rows(response) -> list[list[str]]:  # noqa: ANN001
    """The rows of the checkpoints table, cell texts only."""
    html = response.content.decode()
    section = re.search(r'<section[^>]*id="checkpoints".*?</section>', html, re.S)
    assert section is not None, "no checkpoints section"
    body = re.search(r'<tbody class="utrecht-table__body">(.*?)</tbody>', section.group(0), re.S)
    if body is None:
        return []
    return [
        [
            re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", cell))).strip()
            for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
        ]
        for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body.group(1), re.S)
    ]


def files() -> list[str]:
    return checkpoint_files.names()


def superuser(sql: str, params: list[object]) -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET session_replication_role = replica")
        cursor.execute(sql, params)
        if connection.vendor == "postgresql":
            cursor.execute("SET session_replication_role = DEFAULT")


def test_the_officer_sees_each_checkpoint_and_whether_it_still_matches(
    fg: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    append(4)
    checkpoint_at(AT_TEN - dt.timedelta(hours=1), monkeypatch)
    append(2)
    checkpoint_at(AT_TEN, monkeypatch)
    head = AuditEntry.objects.get(sequence=6).entry_hash

    response = fg.get("/toezicht")
    assert response.status_code == 200
    page = text(response)
    assert "Checkpoints van de audittrail" in page
    assert "2 checkpoints; u ziet de nieuwste 2." in page
    assert checkpoint_rows(response) == [
        ["2-12-2026 10:00:00", "6", head[:12], "6", "opdrachtregel", "Ja"],
        [
            "2-12-2026 09:00:00",
            "4",
            AuditEntry.objects.get(sequence=4).entry_hash[:12],
            "4",
            "opdrachtregel",
            "Ja",
        ],
    ]

    # Someone with the key rewrites entry 5 and everything after it: the newest no longer
    # matches, the older still does.
    previous = AuditEntry.objects.get(sequence=4).entry_hash
    for entry in AuditEntry.objects.filter(sequence__gte=5).order_by("sequence"):
        values = {name: getattr(entry, name) for name in audit.HASHED_FIELDS}
        values.update(purpose="nieuwsgierigheid", previous_hash=previous)
        previous = audit.compute_hash(values)
        superuser(
            "UPDATE access_auditentry SET purpose = %s, previous_hash = %s, entry_hash = %s "
            "WHERE id = %s",
            ["nieuwsgierigheid", values["previous_hash"], previous, entry.pk],
        )
    rows = checkpoint_rows(fg.get("/toezicht"))
    assert [row[-1] for row in rows] == ["Nee: deze regel is herschreven", "Ja"]

    superuser("DELETE FROM access_auditentry WHERE sequence >= %s", [5])
    rows = checkpoint_rows(fg.get("/toezicht"))
    assert [row[-1] for row in rows] == ["Nee: regels aan het eind ontbreken", "Ja"]

    superuser("DELETE FROM access_auditentry", [])
    rows = checkpoint_rows(fg.get("/toezicht"))
    assert [row[-1] for row in rows] == ["Nee: de audittrail is leeg"] * 2


def test_an_edited_checkpoint_file_is_shown_as_not_to_be_trusted(
    fg: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    append(3)
    path = checkpoint_at(AT_TEN, monkeypatch)
    os.chmod(path, 0o644)
    path.write_text(path.read_text().replace('"sequence": 3', '"sequence": 2'))
    [row] = checkpoint_rows(fg.get("/toezicht"))
    assert row[0] == path.name
    assert row[1].startswith("Nee: het bestand is niet te vertrouwen (de handtekening klopt niet")


def test_without_checkpoints_the_officer_is_told_so(fg: Client) -> None:
    response = fg.get("/toezicht")
    assert "Er is nog geen checkpoint gemaakt." in text(response)
    assert checkpoint_rows(response) == []


def test_the_officer_takes_a_checkpoint_with_the_button(fg: Client, privacy: Privacy) -> None:
    append(5)
    response = fg.post("/toezicht/checkpoint")
    assert response.status_code == 302
    assert response["Location"] == "/toezicht#checkpoints"
    [name] = files()
    stored = checkpoint_files.read(name, audit.audit_key())
    assert stored.checkpoint is not None
    assert (stored.checkpoint.sequence, stored.checkpoint.source) == (5, "supervision")

    page = fg.get("/toezicht")
    assert "Checkpoint vastgelegd: volgnummer 5, 5 regels." in text(page)
    assert checkpoint_rows(page)[0][1:] == [
        "5",
        stored.checkpoint.short_hash,
        "5",
        "functionaris gegevensbescherming",
        "Ja",
    ]
    assert fg.get("/toezicht/checkpoint").status_code == 405
    assert files() == [name]


def test_the_button_says_when_the_checkpoint_could_not_be_written(
    fg: Client,
    settings,
    tmp_path: Path,  # noqa: ANN001
) -> None:
    blocker = tmp_path / "een-bestand"
    blocker.write_text("geen map")
    settings.SAMEN_AUDIT_CHECKPOINT_DIR = str(blocker / "checkpoints")
    response = fg.post("/toezicht/checkpoint", follow=True)
    assert "Het checkpoint is niet vastgelegd:" in text(response)
    assert "Meld dit aan functioneel beheer." in text(response)


def test_a_consulent_is_refused_the_checkpoints_and_the_button(privacy: Privacy) -> None:
    append(2)
    consulent = logged_in(privacy.consulent)
    response = consulent.get("/toezicht")
    assert response.status_code == 403
    assert "Checkpoints" not in text(response)
    for method in (consulent.post, consulent.get):
        response = method("/toezicht/checkpoint")
        assert response.status_code == 403
        assert "Geen toegang" in text(response)
    assert files() == []
    with pytest.raises(PermissionDenied):
        services.checkpoint_overview(privacy.consulent)
    with pytest.raises(PermissionDenied):
        services.take_checkpoint(privacy.consulent)
    assert files() == []


def test_anonymous_is_sent_to_login_by_the_button(privacy: Privacy) -> None:
    response = Client().post("/toezicht/checkpoint")
    assert response.status_code == 302
    assert response["Location"].startswith("/inloggen")
    assert files() == []


def test_an_unreadable_checkpoint_folder_is_named_on_the_screen_and_by_verify(
    fg: Client,
    settings,  # noqa: ANN001
    tmp_path: Path,
) -> None:
    from samen.access import audit

    blocker = tmp_path / "een-bestand"
    blocker.write_text("geen map")
    settings.SAMEN_AUDIT_CHECKPOINT_DIR = str(blocker / "checkpoints")
    page = fg.get("/toezicht")
    assert page.status_code == 200
    assert "De map met checkpoints" in text(page) and "is niet te lezen" in text(page)
    result = audit.verify()
    assert not result.intact
    assert any("is niet te lezen" in problem for problem in result.problems)
