"""The Vaals benefit of tests/income (granted from March 2026, March and April paid;
"today" is 15 May 2026) and the demo organisation, for the fine and measure tests."""

from __future__ import annotations

from tests.cases.conftest import World, world  # noqa: F401
from tests.income.test_benefit_changes import benefit  # noqa: F401

__all__ = ["World"]
