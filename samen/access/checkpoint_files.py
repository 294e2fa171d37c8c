"""Checkpoint files: one new file per checkpoint in SAMEN_AUDIT_CHECKPOINT_DIR, never rewritten.

A file is created with ``O_EXCL`` (it fails if the name exists, so nothing is ever
overwritten), written once from the start, synced, and then made read-only. That is what
write-once storage accepts: a Linux directory with ``chattr +a`` (new files may be created,
none removed or renamed), a NetApp SnapLock volume (making a file read-only commits it to WORM)
or a bucket with S3 Object Lock behind a mount that writes new objects sequentially. See
docs/operations.md. Where the storage has no permissions to change (an S3 mount) the read-only
step is skipped with a warning; the storage itself keeps the file.

In development the directory is created when missing; in production it must exist (a missing
mount must not silently become a local folder).
"""

from __future__ import annotations

import datetime as dt
import logging
import os
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from samen.access.checkpoints import Checkpoint, CheckpointError, decode, encode

PREFIX = "checkpoint-"
SUFFIX = ".json"
MAX_SIZE = 4096  # a checkpoint is some 300 bytes

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Stored:
    """One file in the checkpoint directory: its checkpoint, or why it cannot be trusted."""

    name: str
    checkpoint: Checkpoint | None
    problem: str = ""


def directory() -> Path:
    return Path(settings.SAMEN_AUDIT_CHECKPOINT_DIR)


def file_name(checkpoint: Checkpoint) -> str:
    """Sorts by time: 'checkpoint-20261202T090000123456Z-58.json'."""
    stamp = checkpoint.taken_at.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%S%fZ")
    return f"{PREFIX}{stamp}-{checkpoint.sequence}{SUFFIX}"


class CheckpointExistsError(FileExistsError):
    pass


def write(checkpoint: Checkpoint, key: bytes, where: Path | None = None) -> Path:
    """Write ``checkpoint`` to a new file; never overwrites one. Returns its path."""
    where = where or directory()
    if not settings.PRODUCTION:
        where.mkdir(parents=True, exist_ok=True)
    path = where / file_name(checkpoint)
    data = encode(checkpoint, key)
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC | getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(path, flags, 0o600)
    except FileExistsError as error:
        raise CheckpointExistsError(
            f"het checkpointbestand {path} bestaat al; een checkpoint wordt nooit overschreven"
        ) from error
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
        os.fsync(fd)
        try:
            os.fchmod(fd, 0o444)  # on SnapLock this commits the file to WORM
        except OSError as error:
            logger.warning("Checkpoint %s niet alleen-lezen gemaakt: %s", path, error)
    finally:
        os.close(fd)
    _sync(where)
    return path


def _sync(where: Path) -> None:
    """Make the new directory entry durable too (best effort: not every storage allows it)."""
    try:
        fd = os.open(where, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


class CheckpointDirectoryError(OSError):
    """The checkpoint directory exists but cannot be read; ``str()`` is Dutch."""


def names(where: Path | None = None) -> list[str]:
    """The checkpoint files' names, oldest first; empty when the directory does not exist,
    :class:`CheckpointDirectoryError` when it cannot be read (a file, no permission)."""
    where = where or directory()
    try:
        with os.scandir(where) as entries:
            found = [
                e.name for e in entries if e.name.startswith(PREFIX) and e.name.endswith(SUFFIX)
            ]
    except FileNotFoundError:
        return []
    except OSError as error:
        raise CheckpointDirectoryError(
            f"de map met checkpoints {where} is niet te lezen ({error.strerror})"
        ) from error
    return sorted(found)


def read(name: str, key: bytes, where: Path | None = None) -> Stored:
    path = (where or directory()) / name
    try:
        with open(path, "rb") as file:
            data = file.read(MAX_SIZE + 1)
    except OSError as error:
        return Stored(name, None, f"het bestand is niet te lezen ({error.strerror})")
    if len(data) > MAX_SIZE:
        return Stored(name, None, f"het bestand is groter dan {MAX_SIZE} bytes: geen checkpoint")
    try:
        return Stored(name, decode(data, key))
    except CheckpointError as error:
        return Stored(name, None, str(error))


def read_all(key: bytes, where: Path | None = None) -> list[Stored]:
    return [read(name, key, where) for name in names(where)]
