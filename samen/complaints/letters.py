"""The letters of the complaint procedure, through :mod:`samen.correspondence`: the
acknowledgement of receipt (Awb 9:6), the copy of the complaint to the official it is about
(9:9; an internal letter to that official, not to the complainant) and the written outcome
(9:12, also when the complaint is not handled under 9:8 or was resolved under 9:5).

Each function is called by the step that needs the letter, inside that step's transaction,
after the complaint was loaded through the access policy; the same step never makes a second
letter (:func:`samen.correspondence.services.send`).
"""

from __future__ import annotations

from typing import Any

from samen.access.policy import Purpose
from samen.common.dates import long_date
from samen.common.letter_text import EXECUTOR
from samen.complaints.models import Complaint
from samen.correspondence import services as correspondence
from samen.correspondence.models import SentLetter

ABOUT = "klacht"


def about(complaint: Complaint) -> correspondence.About:
    return correspondence.About(
        type=ABOUT,
        reference=complaint.reference,
        person=complaint.person,
        municipality=complaint.municipality,
        domain=complaint.domain,
        confidentiality=complaint.confidentiality,
    )


def _complainant(complaint: Complaint) -> correspondence.Recipient | None:
    """The complainant at their address, or the representative (whose address the product
    does not register: the letter names them only)."""
    if complaint.representative:
        return correspondence.Recipient(complaint.representative)
    return None


def acknowledge(actor: Any, complaint: Complaint, purpose: Purpose) -> SentLetter:
    """Awb 9:6: the written acknowledgement of receipt."""
    return correspondence.send(
        actor,
        kind="klacht-ontvangst",
        about=about(complaint),
        step="ontvangst",
        facts={
            "ontvangen_op": long_date(complaint.received_on),
            "gedraging": complaint.behaviour,
            "uiterste_afhandeldatum": long_date(complaint.deadline),
            "behandelaar": complaint.handler.name,
        },
        summary=[
            ("Ontvangen op", long_date(complaint.received_on)),
            ("Behandelaar", complaint.handler.name),
            ("Uiterste afhandeldatum", long_date(complaint.deadline)),
        ],
        recipient=_complainant(complaint),
        purpose=purpose,
    )


def copy_to_official(actor: Any, complaint: Complaint, purpose: Purpose) -> SentLetter | None:
    """Awb 9:9: the copy of the complaint to the official it is about, addressed internally
    to that official. None when the complaint names no official."""
    official = complaint.official
    if official is None:
        return None
    return correspondence.send(
        actor,
        kind="klacht-kopie-medewerker",
        about=about(complaint),
        step=f"afschrift-medewerker-{official.pk}",
        facts={
            "klager": complaint.person.full_name,
            "ontvangen_op": long_date(complaint.received_on),
            "gedraging": complaint.behaviour,
            "gedraging_op": long_date(complaint.behaviour_on),
            "behandelaar": complaint.handler.name,
        },
        summary=[
            ("Klager", complaint.person.full_name),
            ("Datum van de gedraging", long_date(complaint.behaviour_on)),
            ("Behandelaar", complaint.handler.name),
        ],
        recipient=correspondence.Recipient(official.name, (EXECUTOR,), internal=True),
        purpose=purpose,
    )


def outcome(actor: Any, complaint: Complaint, purpose: Purpose) -> SentLetter:
    """Awb 9:12: the findings, the judgement and the conclusions, in writing."""
    assert complaint.outcome and complaint.concluded_on  # noqa: S101  (set by conclude)
    label = complaint.get_outcome_display().lower()
    measures = complaint.measures if complaint.measures_taken else ""
    summary = [("Uitkomst", label), ("Afgehandeld op", long_date(complaint.concluded_on))]
    if complaint.not_handled_ground:
        summary.append(("Grond (artikel 9:8 Awb)", complaint.get_not_handled_ground_display()))
    return correspondence.send(
        actor,
        kind="klacht-uitkomst",
        about=about(complaint),
        step="uitkomst",
        facts={
            "uitkomst": label,
            "conclusie": complaint.conclusion,
            "maatregelen": measures,
            "afgehandeld_op": long_date(complaint.concluded_on),
            "gedraging": complaint.behaviour,
        },
        summary=summary,
        recipient=_complainant(complaint),
        letter_date=complaint.concluded_on,
        purpose=purpose,
    )


def letters_of(
    actor: Any, complaint: Complaint, purpose: Purpose = Purpose.UITVOERING
) -> list[SentLetter]:
    """The letters of the complaint the actor may read (each read audited)."""
    return correspondence.letters_about(actor, ABOUT, complaint.reference, purpose)
