"""The demo organisation (six municipalities, GR SZMH, the contact persons' grants) with the
partners' DVO 2026-2027, for the steering tests. Every date explicit."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib.auth import get_user_model

from samen.access.demo import load_grants
from samen.access.policy import forget
from samen.organisation.demo import load_demo
from samen.organisation.models import Municipality
from samen.steering import demo as steering_demo

D = dt.date


@dataclass
class World:
    municipalities: dict[str, Municipality]

    def user(self, username: str) -> Any:
        user = get_user_model().objects.get(username=username)
        forget(user)
        return user


@pytest.fixture
def world(db: None) -> World:
    load_demo()
    load_grants()
    steering_demo.load()
    return World(municipalities={m.cbs_code: m for m in Municipality.objects.all()})
