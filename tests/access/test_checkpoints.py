"""Checkpoints of the audit trail outside the database: the signed file format and how a chain
is compared with it (pure), writing files that are never overwritten, `samen audit
checkpoint`, and the hourly task in the beat schedule."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import stat
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from samen.access import audit, checkpoint_files, checkpoints
from samen.access.checkpoints import Chain, Checkpoint, CheckpointError, Status

KEY = b"a test key of thirty-two characters or more"
AT_TEN = dt.datetime(2026, 12, 2, 9, 0, tzinfo=dt.UTC)  # 10:00 in Amsterdam
HEAD = "ab" * 32


def at(sequence: int, entry_hash: str = HEAD, moment: dt.datetime = AT_TEN) -> Checkpoint:
    return Checkpoint(moment, sequence, entry_hash, sequence)


# ---------------------------------------------------------------------------------------------
# The file format (pure)
# ---------------------------------------------------------------------------------------------
def test_a_checkpoint_survives_encoding_and_names_the_head() -> None:
    taken = Checkpoint(AT_TEN, 58, HEAD, 58, checkpoints.Source.SCHEDULE.value)
    data = checkpoints.encode(taken, KEY)
    assert checkpoints.decode(data, KEY) == taken
    content = json.loads(data)
    assert content == {
        "format": "samen-audit-checkpoint/1",
        "taken_at": "2026-12-02T09:00:00.000000+00:00",
        "sequence": 58,
        "entry_hash": HEAD,
        "entries": 58,
        "source": "schedule",
        "signature": content["signature"],
    }
    assert len(content["signature"]) == 64


@pytest.mark.parametrize(
    ("field", "value"),
    [("sequence", 57), ("entry_hash", "cd" * 32), ("entries", 0), ("taken_at", "2026-12-03")],
)
def test_any_edit_breaks_the_signature(field: str, value: object) -> None:
    content = json.loads(checkpoints.encode(at(58), KEY))
    content[field] = value
    with pytest.raises(CheckpointError, match="de handtekening klopt niet"):
        checkpoints.decode(json.dumps(content).encode(), KEY)


def test_another_key_breaks_the_signature() -> None:
    with pytest.raises(CheckpointError, match="niet met deze auditsleutel"):
        checkpoints.decode(checkpoints.encode(at(58), b"another key"), KEY)


@pytest.mark.parametrize("data", [b"", b"{", b"[]", b'{"sequence": 58}', b"\xff\xfe"])
def test_what_is_not_a_checkpoint_is_refused(data: bytes) -> None:
    with pytest.raises(CheckpointError):
        checkpoints.decode(data, KEY)


def test_a_moment_in_dutch_local_time() -> None:
    assert checkpoints.when(AT_TEN) == "2 december 2026 10:00"
    assert checkpoints.when(dt.datetime(2026, 7, 1, 22, 5, tzinfo=dt.UTC)) == "2 juli 2026 00:05"


def test_the_status_of_a_checkpoint_against_the_chain() -> None:
    chain = Chain(head=60, hashes={58: HEAD, 59: "cd" * 32})
    assert checkpoints.status(at(58), chain) is Status.MATCHES
    assert checkpoints.status(at(59), chain) is Status.REWRITTEN
    assert checkpoints.status(at(57), chain) is Status.MISSING
    assert checkpoints.status(at(61), chain) is Status.SHORTENED
    assert checkpoints.status(at(58), Chain(0, {})) is Status.EMPTIED
    assert checkpoints.status(at(0, checkpoints.GENESIS), Chain(0, {})) is Status.MATCHES


def test_findings_name_the_checkpoint_that_shows_most() -> None:
    nine = dt.datetime(2026, 12, 2, 8, 0, tzinfo=dt.UTC)
    shortened = Chain(head=53, hashes={50: HEAD})
    assert checkpoints.findings(shortened, [at(50), at(55, moment=nine), at(58)]) == [
        "volgnummer 54 tot en met 58 ontbreken sinds het checkpoint van 2 december 2026 10:00"
    ]
    rewritten = Chain(head=40, hashes={10: HEAD, 20: "cd" * 32, 30: "ef" * 32})
    assert checkpoints.findings(rewritten, [at(10, moment=nine), at(20), at(30)]) == [
        "regel 20 is herschreven: de hash verschilt van die in het checkpoint van 2 december "
        "2026 10:00 (en nog 1 later checkpoint); tot en met regel 10 klopt de audittrail nog "
        "met het checkpoint van 2 december 2026 09:00"
    ]
    assert checkpoints.findings(Chain(head=0, hashes={}), [at(3), at(58)]) == [
        "de audittrail is leeg, maar het checkpoint van 2 december 2026 10:00 noemt volgnummer 58"
    ]
    assert checkpoints.findings(Chain(head=60, hashes={58: HEAD}), [at(58)]) == []


# ---------------------------------------------------------------------------------------------
# Files
# ---------------------------------------------------------------------------------------------
def test_a_checkpoint_file_is_new_read_only_and_never_overwritten(tmp_path: Path) -> None:
    path = checkpoint_files.write(at(58), KEY, tmp_path)
    assert path.name == "checkpoint-20261202T090000000000Z-58.json"
    assert stat.S_IMODE(path.stat().st_mode) == 0o444
    written = path.read_bytes()
    assert checkpoints.decode(written, KEY) == at(58)

    # The same moment and head again: refused, the first file untouched.
    with pytest.raises(checkpoint_files.CheckpointExistsError, match="nooit overschreven"):
        checkpoint_files.write(at(58), KEY, tmp_path)
    assert path.read_bytes() == written
    # Even a file that can be written to is not overwritten.
    os.chmod(path, 0o644)
    with pytest.raises(checkpoint_files.CheckpointExistsError):
        checkpoint_files.write(at(58), KEY, tmp_path)
    assert path.read_bytes() == written

    later = checkpoint_files.write(at(60, moment=AT_TEN + dt.timedelta(hours=1)), KEY, tmp_path)
    assert checkpoint_files.names(tmp_path) == [path.name, later.name]
    stored = checkpoint_files.read_all(KEY, tmp_path)
    assert [s.checkpoint.sequence for s in stored if s.checkpoint] == [58, 60]


def test_a_symbolic_link_is_not_followed(tmp_path: Path) -> None:
    target = tmp_path / "elsewhere"
    target.write_text("niet van samen")
    (tmp_path / checkpoint_files.file_name(at(58))).symlink_to(target)
    with pytest.raises(checkpoint_files.CheckpointExistsError):
        checkpoint_files.write(at(58), KEY, tmp_path)
    assert target.read_text() == "niet van samen"


def test_development_creates_the_directory_production_does_not(
    tmp_path: Path,
    settings,  # noqa: ANN001
) -> None:
    checkpoint_files.write(at(1), KEY, tmp_path / "nieuw")
    assert checkpoint_files.names(tmp_path / "nieuw")
    settings.PRODUCTION = True
    with pytest.raises(FileNotFoundError):
        checkpoint_files.write(at(1), KEY, tmp_path / "niet-gekoppeld")
    assert not (tmp_path / "niet-gekoppeld").exists()


def test_files_that_are_not_checkpoints_are_left_alone(tmp_path: Path) -> None:
    (tmp_path / "README").write_text("WORM")
    (tmp_path / "checkpoint-kapot.json").write_bytes(b"x" * 5000)
    [stored] = checkpoint_files.read_all(KEY, tmp_path)
    assert stored.checkpoint is None
    assert "groter dan 4096 bytes" in stored.problem


# ---------------------------------------------------------------------------------------------
# The command and the task
# ---------------------------------------------------------------------------------------------
def append(count: int) -> None:
    audit.record(
        actor=None,
        action="read",
        subjects=[audit.Subject("persoon", str(i)) for i in range(count)],
        purpose="t",
    )


def only_checkpoint() -> Checkpoint:
    [stored] = checkpoint_files.read_all(audit.audit_key())
    assert stored.checkpoint is not None, stored.problem
    return stored.checkpoint


@pytest.mark.django_db
def test_the_command_writes_the_head_and_verify_then_checks_it() -> None:
    append(4)
    head = audit.hashes_at([4])[4]
    out = io.StringIO()
    call_command("audit", "checkpoint", stdout=out)
    taken = only_checkpoint()
    assert (taken.sequence, taken.entry_hash, taken.entries, taken.source) == (
        4,
        head,
        4,
        "command",
    )
    assert abs(taken.taken_at - timezone.now()) < dt.timedelta(minutes=1)
    path = Path(settings.SAMEN_AUDIT_CHECKPOINT_DIR) / checkpoint_files.file_name(taken)
    assert out.getvalue() == (
        f"Checkpoint vastgelegd in {path}: volgnummer 4, 4 regels, hash {head[:12]}.\n"
    )

    verified = io.StringIO()
    call_command("audit", "verify", stdout=verified)
    assert verified.getvalue() == (
        "Audittrail in orde: 4 regels, keten intact.\n"
        f"Het checkpoint klopt; het laatste is van {checkpoints.when(taken.taken_at)} "
        "(volgnummer 4).\n"
    )


@pytest.mark.django_db
def test_a_checkpoint_of_an_empty_trail() -> None:
    call_command("audit", "checkpoint", stdout=io.StringIO())
    taken = only_checkpoint()
    assert (taken.sequence, taken.entry_hash, taken.entries) == (0, checkpoints.GENESIS, 0)
    append(2)
    out = io.StringIO()
    call_command("audit", "verify", stdout=out)
    assert "keten intact" in out.getvalue()


@pytest.mark.django_db
def test_the_command_says_why_it_could_not_write(settings, tmp_path: Path) -> None:  # noqa: ANN001
    settings.PRODUCTION = True  # a missing mount is not created
    settings.SAMEN_AUDIT_CHECKPOINT_DIR = str(tmp_path / "niet-gekoppeld")
    with pytest.raises(CommandError, match="Checkpoint niet vastgelegd: .*niet-gekoppeld"):
        call_command("audit", "checkpoint", stdout=io.StringIO())


@pytest.mark.django_db
def test_the_hourly_task_writes_a_checkpoint() -> None:
    from samen.access.tasks import audit_checkpoint_task
    from samen.celery import app

    entry = settings.CELERY_BEAT_SCHEDULE["audit-checkpoint"]
    assert entry["task"] == audit_checkpoint_task.name == "access.audit_checkpoint"
    assert entry["task"] in app.tasks
    schedule = entry["schedule"]
    assert (schedule.minute, len(schedule.hour)) == ({0}, 24)  # on the hour, every hour

    append(3)
    result = audit_checkpoint_task.delay().get()
    taken = only_checkpoint()
    assert (taken.sequence, taken.entries, taken.source) == (3, 3, "schedule")
    assert result["volgnummer"] == 3
    assert result["bestand"].endswith(checkpoint_files.file_name(taken))
