"""The fixtures of the objection and complaint tests: the case tests' demo organisation, a
decided bijstand case of a Vaals resident to object to, the residents registered in the
Participatiewet for complaints, and "today" pinned to 24 November 2026."""

from tests.complaints.conftest import office  # noqa: F401
from tests.objections.conftest import contested, contested_case, today, world  # noqa: F401
