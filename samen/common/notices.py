"""Notices on the start page: each app registers a function that tells a user what needs
attention in that app (a missed payment run, norms running out; later: terms about to
expire). The shell's start page shows whatever the registered functions return, so the
shell knows no app's rules and an app adds its notices without touching the shell.

A function receives the user and the day and returns :class:`Notice` objects; it decides
itself who may see its notices (through the access policy or the user's permissions).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Notice:
    text: str
    url: str = ""
    level: str = "warning"  # "warning" or "info", as the Utrecht alert types


NoticeSource = Callable[[Any, dt.date], list[Notice]]
_sources: list[NoticeSource] = []


def register(source: NoticeSource) -> NoticeSource:
    """Register ``source`` (usable as a decorator); registering twice is harmless."""
    if source not in _sources:
        _sources.append(source)
    return source


def notices_for(user: Any, day: dt.date) -> list[Notice]:
    return [notice for source in _sources for notice in source(user, day)]
