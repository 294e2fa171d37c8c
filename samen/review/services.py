"""Four-eyes review (toetsing): which decisions a reviewer must approve before bekendmaking,
the reviewer's worklist, the verdict, and the guard that keeps an unapproved decision from
being announced.

Design: the cases app does not know this app. It calls every announcement guard
(:mod:`samen.cases.guards`) before it announces; this app registers
:func:`announcement_guard` from ``ReviewConfig.ready``. Whether a decision needs review is
computed from the rules (:mod:`samen.review.rules`, data) when it is asked, so nothing has to
be written when a decision is taken; a :class:`Review` row is written only with the verdict.
The worklist is the latest decision of every case the reviewer may read that is not yet
announced (``samen.cases.sampling.awaiting_announcement``), needs review and has no verdict.

Every read goes through the one access policy (the decision's case) and is audited with
purpose *controle*; a decision the actor may not read is :class:`NotVisible`, like one that
does not exist. A verdict needs the permission ``review.add_review`` (role Toetser) and a
grant that lets the reviewer read the case; a reviewer cannot review a decision she took.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from samen.access import audit
from samen.access.models import AuditEntry
from samen.access.policy import Purpose, policy_for
from samen.cases import sampling
from samen.cases.models import Case, Decision, Status
from samen.organisation.models import Staff
from samen.people.services import NotAllowed, NotVisible, VersionConflict
from samen.review.models import MAX_REMARKS, Review, Verdict
from samen.review.rules import needs_review

__all__ = [
    "NotAllowed",
    "NotVisible",
    "Toetsing",
    "VersionConflict",
    "announcement_guard",
    "case_status",
    "get",
    "give_verdict",
    "may_review",
    "replacement_permit",
    "worklist",
]

PURPOSE = Purpose.CONTROLE
#: The version of a toetsing: 1 while it awaits a verdict, ``Review.version`` after.
AWAITING = 1

MUST_REVIEW = "Dit besluit moet eerst getoetst worden."
REJECTED = (
    "De toetser ging niet akkoord met dit besluit. Neem een nieuw besluit; dat wordt opnieuw "
    "getoetst."
)


@dataclass(frozen=True)
class Toetsing:
    """A decision that needs review, with the verdict once given."""

    decision: Decision
    review: Review | None

    @property
    def pk(self) -> int:
        return int(self.decision.pk)

    @property
    def version(self) -> int:
        return self.review.version if self.review else AWAITING

    @property
    def awaiting(self) -> bool:
        return self.review is None


def _review_of(decision: Decision) -> Review | None:
    return Review.objects.select_related("reviewer").filter(decision=decision).first()


# ---------------------------------------------------------------------------------------------
# The guard on announcing
# ---------------------------------------------------------------------------------------------
def announcement_guard(case: Case, decision: Decision) -> None:
    """Refuse announcing a decision that needs review and is not approved."""
    if not needs_review(decision):
        return
    review = _review_of(decision)
    if review is None:
        raise ValidationError(MUST_REVIEW, code="review_required")
    if review.verdict != Verdict.AKKOORD:
        raise ValidationError(REJECTED, code="review_rejected")


def replacement_permit(case: Case, decision: Decision) -> str | None:
    """For :mod:`samen.cases.guards`: a decision the reviewer did not approve may be replaced
    by a new decision, which is reviewed again (it has no verdict yet)."""
    review = _review_of(decision)
    if review is None or review.verdict != Verdict.NIET_AKKOORD:
        return None
    return (
        f"de toetser ({review.reviewer.name}) ging op "
        f"{timezone.localtime(review.reviewed_at):%d-%m-%Y} niet akkoord."
    )


def case_status(case: Case) -> Toetsing | None:
    """For the case page (already read and audited there): the toetsing of the case's latest
    decision, or None when it needs none."""
    decision = case.decisions.select_related("taken_by").order_by("-decided_on", "-pk").first()
    if decision is None or not needs_review(decision):
        return None
    return Toetsing(decision, _review_of(decision))


# ---------------------------------------------------------------------------------------------
# Reading
# ---------------------------------------------------------------------------------------------
def may_review(actor: Any) -> bool:
    return getattr(actor, "staff", None) is not None and actor.has_perm("review.add_review")


def _reviewer(actor: Any) -> Staff:
    if not may_review(actor):
        raise NotAllowed("Alleen een toetser kan besluiten toetsen.")
    return actor.staff  # type: ignore[no-any-return]


def worklist(actor: Any, *, purpose: Purpose = PURPOSE) -> list[Toetsing]:
    """The decisions awaiting the reviewer's verdict, the oldest first; each one shown is
    audited."""
    _reviewer(actor)
    candidates = (
        Decision.objects.filter(pk__in=sampling.awaiting_announcement(actor), review__isnull=True)
        .select_related("taken_by")
        .order_by("created_at", "pk")
    )
    ids = [d.pk for d in candidates if needs_review(d)]
    found = sampling.decisions(actor, ids, purpose)
    return [Toetsing(found[pk], None) for pk in ids if pk in found]


def get(actor: Any, pk: int | str, purpose: Purpose = PURPOSE) -> Toetsing:
    """One toetsing (by the decision's id), audited as read. A decision the actor may not
    read, or one that needs no review, is :class:`NotVisible`."""
    _reviewer(actor)
    try:
        decision_id = int(pk)
    except (TypeError, ValueError):
        raise NotVisible("Toetsing niet gevonden, of u heeft geen toegang.") from None
    decision = sampling.decision(actor, decision_id, purpose)
    review = _review_of(decision)
    if review is None and not needs_review(decision):
        raise NotVisible("Toetsing niet gevonden, of u heeft geen toegang.")
    return Toetsing(decision, review)


# ---------------------------------------------------------------------------------------------
# The verdict
# ---------------------------------------------------------------------------------------------
def give_verdict(
    actor: Any,
    pk: int | str,
    *,
    verdict: str,
    remarks: str,
    version: int | None = None,
    purpose: Purpose = PURPOSE,
) -> Toetsing:
    """Record the reviewer's verdict (akkoord or niet akkoord) with her remarks. Refused,
    with nothing written: a decision she took herself, one already reviewed or announced, a
    stale version, niet akkoord without remarks."""
    reviewer = _reviewer(actor)
    toetsing = get(actor, pk, purpose)
    decision = toetsing.decision
    errors: dict[str, str] = {}
    if verdict not in Verdict.values:
        errors["verdict"] = "Kies een oordeel: akkoord of niet akkoord."
    remarks = remarks.strip()
    if len(remarks) > MAX_REMARKS:
        errors["remarks"] = f"De opmerkingen zijn te lang: ten hoogste {MAX_REMARKS} tekens."
    elif verdict == Verdict.NIET_AKKOORD and not remarks:
        errors["remarks"] = "Schrijf op waarom u niet akkoord gaat."
    if errors:
        raise ValidationError(errors)
    if decision.taken_by_id == reviewer.pk:
        audit.refused(actor, policy_for(actor), purpose, sampling.subject(decision))
        raise ValidationError(
            "U kunt uw eigen besluit niet toetsen; een andere toetser moet dit doen.",
            code="own_decision",
        )
    if version is not None and version != toetsing.version:
        raise VersionConflict(
            "Deze toetsing is intussen gewijzigd. Laad haar opnieuw en kijk of uw oordeel "
            "nog nodig is."
        )
    if toetsing.review is not None:
        raise ValidationError("Dit besluit is al getoetst.", code="reviewed")
    if decision.case.status != Status.BESLUIT_GENOMEN:
        raise ValidationError(
            "Dit besluit is al bekendgemaakt of er is een nieuw besluit genomen.", code="status"
        )
    try:
        with transaction.atomic():
            review = Review.objects.create(
                decision=decision,
                requested_at=decision.created_at,
                reviewer=reviewer,
                verdict=verdict,
                remarks=remarks,
                version=AWAITING + 1,
            )
            audit.record(
                actor=actor,
                action=AuditEntry.Kind.CREATE,
                subjects=[sampling.subject(decision)],
                purpose=purpose.value,
                roles=policy_for(actor).role_names(),
                changes={"toetsing": verdict},
            )
    except IntegrityError:  # another reviewer was first
        raise VersionConflict("Dit besluit is intussen al getoetst.") from None
    return Toetsing(decision, review)
