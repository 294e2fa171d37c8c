"""Case work: open a case, move it through its lifecycle, suspend and extend its term,
assign the fixed consulent, take a decision under mandate and produce its letter.

This is the one entry point: the other apps, the screens, the API, the demo and the tests
import case work from here. The work itself is split by purpose:

* :mod:`samen.cases.opening`: opening a case (the case type on the day, the contracted
  domain, the youth search period, the fixed consulent for a new case);
* :mod:`samen.cases.reading`: one case, the worklist, a person's cases and the search;
* :mod:`samen.cases.lifecycle`: the statuses a case may move between, the steps between
  them and the decision deadline from the case's facts;
* :mod:`samen.cases.decisions`: the decision under mandate, the preview of a grant and the
  letter;
* :mod:`samen.cases.case_access`: what they share (the case through the access policy, the
  audit subject, the version check, the status history).

Every function here takes the actor, goes through the one access policy and records what
it read or changed in the audit trail. Refusals are the same exceptions as in
``samen.people.services``: :class:`NotVisible` (existence must not leak), :class:`NotAllowed`
(visible but not permitted), :class:`VersionConflict` (someone else changed it first), and
Django's ``ValidationError`` with a Dutch message for a rule of law or of the organisation
that forbids it. Nothing is saved when any of these is raised.
"""

from __future__ import annotations

from samen.cases.decisions import NewDecision, decide, grant_preview, letter_pdf, may_replace
from samen.cases.lifecycle import (
    TRANSITIONS,
    announce,
    close,
    deadline_of,
    extend_term,
    information_received,
    reassign,
    request_information,
    start_handling,
    take_case,
)
from samen.cases.opening import NewCase, case_type_on, open_case
from samen.cases.reading import (
    NEAR_DAYS,
    WorkItem,
    cases_of_person,
    get_case,
    search_cases,
    worklist,
)
from samen.people.services import NotAllowed, NotVisible, VersionConflict

__all__ = [
    "NEAR_DAYS",
    "TRANSITIONS",
    "NewCase",
    "NewDecision",
    "NotAllowed",
    "NotVisible",
    "VersionConflict",
    "WorkItem",
    "announce",
    "case_type_on",
    "cases_of_person",
    "close",
    "deadline_of",
    "decide",
    "extend_term",
    "get_case",
    "grant_preview",
    "information_received",
    "letter_pdf",
    "may_replace",
    "open_case",
    "reassign",
    "request_information",
    "search_cases",
    "start_handling",
    "take_case",
    "worklist",
]
