"""Checkpoints of the audit trail: the chain's head (sequence, hash, time, number of entries)
written outside the database, signed with the audit key, and compared with the chain.

Pure: no ORM and no file system. :mod:`samen.access.checkpoint_files` reads and writes the
files, :mod:`samen.access.audit` walks the chain; this module turns a checkpoint into signed
bytes and back, and says what a chain that no longer matches its checkpoints has lost:

- the chain ends before a checkpoint's sequence: entries were removed from the end;
- the chain is empty although a checkpoint names entries: the table was emptied;
- the entry at a checkpoint's sequence has another hash: the chain was rewritten up to there
  (even by someone who has the key and recomputed every later hash);
- a file whose signature does not match was edited, or made without the key.
"""

from __future__ import annotations

import datetime as dt
import enum
import hashlib
import hmac
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from samen.common.dates import MONTHS_NL as MONTHS

FORMAT = "samen-audit-checkpoint/1"
GENESIS = "0" * 64
SIGNED_PREFIX = (FORMAT + "\n").encode()
FIELDS = frozenset({"format", "taken_at", "sequence", "entry_hash", "entries", "source"})


class Source(enum.StrEnum):
    """Who asked for the checkpoint."""

    SCHEDULE = "schedule"  # the hourly Celery task
    COMMAND = "command"  # samen audit checkpoint
    SUPERVISION = "supervision"  # the data-protection officer's button


@dataclass(frozen=True)
class Checkpoint:
    taken_at: dt.datetime  # aware
    sequence: int  # the head's sequence, 0 for an empty chain
    entry_hash: str  # the head's hash, GENESIS for an empty chain
    entries: int  # the number of entries in the table at that moment
    source: str = Source.COMMAND.value

    @property
    def short_hash(self) -> str:
        return self.entry_hash[:12]

    def body(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "taken_at": self.taken_at.astimezone(dt.UTC).isoformat(timespec="microseconds"),
            "sequence": self.sequence,
            "entry_hash": self.entry_hash,
            "entries": self.entries,
            "source": self.source,
        }


class CheckpointError(ValueError):
    """A checkpoint file that cannot be trusted; the message says why, in Dutch."""


def _canonical(body: Mapping[str, Any]) -> bytes:
    return json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def signature(body: Mapping[str, Any], key: bytes) -> str:
    return hmac.new(key, SIGNED_PREFIX + _canonical(body), hashlib.sha256).hexdigest()


def encode(checkpoint: Checkpoint, key: bytes) -> bytes:
    body = checkpoint.body()
    signed = {**body, "signature": signature(body, key)}
    return (json.dumps(signed, sort_keys=True, ensure_ascii=False, indent=2) + "\n").encode()


def decode(data: bytes, key: bytes) -> Checkpoint:
    """The checkpoint in ``data``, or :class:`CheckpointError` if it is unreadable or its
    signature does not match its content."""
    try:
        found = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as error:
        raise CheckpointError(f"het bestand is geen leesbaar checkpoint ({error})") from error
    if not isinstance(found, dict) or not isinstance(found.get("signature"), str):
        raise CheckpointError("het bestand is geen checkpoint: de handtekening ontbreekt")
    body = {name: value for name, value in found.items() if name != "signature"}
    if not hmac.compare_digest(found["signature"], signature(body, key)):
        raise CheckpointError(
            "de handtekening klopt niet: het bestand is gewijzigd of niet met deze auditsleutel "
            "(SAMEN_AUDIT_KEY) gemaakt"
        )
    try:
        checkpoint = Checkpoint(
            taken_at=dt.datetime.fromisoformat(body["taken_at"]),
            sequence=body["sequence"],
            entry_hash=body["entry_hash"],
            entries=body["entries"],
            source=body["source"],
        )
    except (KeyError, TypeError, ValueError) as error:
        raise CheckpointError(
            f"het checkpoint mist een gegeven of is onleesbaar ({error})"
        ) from error
    if (
        set(body) != FIELDS
        or body["format"] != FORMAT
        or checkpoint.taken_at.tzinfo is None
        or not all(isinstance(n, int) and n >= 0 for n in (checkpoint.sequence, checkpoint.entries))
        or not isinstance(checkpoint.entry_hash, str)
    ):
        raise CheckpointError(f"het checkpoint heeft niet de vorm {FORMAT}")
    return checkpoint


def when(moment: dt.datetime) -> str:
    """A moment in Dutch, local time: '2 december 2026 10:00'."""
    local = timezone.localtime(moment)
    return f"{local.day} {MONTHS[local.month - 1]} {local.year} {local:%H:%M}"


# ---------------------------------------------------------------------------------------------
# Comparing the chain with its checkpoints
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Chain:
    """What the chain looks like now, as far as checkpoints need it."""

    head: int  # the last sequence, 0 when the table is empty
    hashes: Mapping[int, str]  # the hash at each sequence a checkpoint names, if that row exists


class Status(enum.StrEnum):
    MATCHES = "klopt"
    EMPTIED = "leeg"  # the table is empty, the checkpoint names entries
    SHORTENED = "ingekort"  # the chain ends before the checkpoint's sequence
    MISSING = "ontbreekt"  # the entry at the checkpoint's sequence is gone, later ones exist
    REWRITTEN = "herschreven"  # the entry at the checkpoint's sequence has another hash


def status(checkpoint: Checkpoint, chain: Chain) -> Status:
    if checkpoint.sequence == 0:
        return Status.MATCHES if checkpoint.entry_hash == GENESIS else Status.REWRITTEN
    if chain.head == 0:
        return Status.EMPTIED
    if chain.head < checkpoint.sequence:
        return Status.SHORTENED
    found = chain.hashes.get(checkpoint.sequence)
    if found is None:
        return Status.MISSING
    return Status.MATCHES if found == checkpoint.entry_hash else Status.REWRITTEN


def _numbers(first: int, last: int) -> str:
    if first == last:
        return f"volgnummer {first} ontbreekt"
    return f"volgnummer {first} tot en met {last} ontbreken"


def _others(count: int) -> str:
    if count == 0:
        return ""
    if count == 1:
        return " (en nog 1 later checkpoint)"
    return f" (en nog {count} latere checkpoints)"


def findings(chain: Chain, checkpoints: Sequence[Checkpoint]) -> list[str]:
    """What the checkpoints say is wrong with the chain, in Dutch; empty if all match.
    One sentence per kind of damage, naming the checkpoint that shows most of it."""
    by_status: dict[Status, list[Checkpoint]] = {}
    for checkpoint in sorted(checkpoints, key=lambda c: (c.sequence, c.taken_at)):
        by_status.setdefault(status(checkpoint, chain), []).append(checkpoint)
    lines = []
    if emptied := by_status.get(Status.EMPTIED):
        last = emptied[-1]
        lines.append(
            f"de audittrail is leeg, maar het checkpoint van {when(last.taken_at)} noemt "
            f"volgnummer {last.sequence}"
        )
    if shortened := by_status.get(Status.SHORTENED):
        last = shortened[-1]
        lines.append(
            f"{_numbers(chain.head + 1, last.sequence)} sinds het checkpoint van "
            f"{when(last.taken_at)}"
        )
    matching = by_status.get(Status.MATCHES, [])
    for kind in (Status.MISSING, Status.REWRITTEN):
        if not (damaged := by_status.get(kind)):
            continue
        first = damaged[0]
        if kind is Status.MISSING:
            line = f"regel {first.sequence} uit het checkpoint van {when(first.taken_at)} ontbreekt"
        else:
            line = (
                f"regel {first.sequence} is herschreven: de hash verschilt van die in het "
                f"checkpoint van {when(first.taken_at)}"
            )
        line += _others(len(damaged) - 1)
        intact = [c for c in matching if 0 < c.sequence < first.sequence]
        if intact:
            line += (
                f"; tot en met regel {intact[-1].sequence} klopt de audittrail nog met het "
                f"checkpoint van {when(intact[-1].taken_at)}"
            )
        lines.append(line)
    return lines
