from __future__ import annotations

import pytest

from tests.web.data import Org, build


@pytest.fixture
def org(db) -> Org:
    return build()
