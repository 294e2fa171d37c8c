from __future__ import annotations

import pytest

from tests.web import privacy as privacy_data
from tests.web.data import Org, build


@pytest.fixture
def org(db) -> Org:
    return build()


@pytest.fixture
def privacy(db) -> privacy_data.Privacy:
    """Persons in Vaals and Maastricht and staff with grants (see tests/web/privacy.py)."""
    return privacy_data.build()
