"""Sending and reading informational letters (correspondence): the one entry point every app
uses for a letter that is not a decision.

:func:`send` makes the letter of one step of a procedure (an acknowledgement, an invitation,
a reminder), renders it in the house style (:mod:`samen.correspondence.house`) with the
body text valid for the kind of letter and the municipality, and stores the PDF once with
its SHA-256. The same step never makes a second letter: a retry returns the letter already
sent, unchanged. :func:`letters_about` and :func:`letter_pdf` read letters through the one
access policy (the letter's own municipality, domain and confidentiality) and record every
read in the audit trail; a letter the actor may not read is :class:`NotVisible`, as if it
did not exist.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone

from samen.access import audit
from samen.access.models import Action, AuditEntry
from samen.access.policy import Policy, Purpose, policy_for
from samen.common.letter_text import Sender, lines
from samen.correspondence import house
from samen.correspondence.models import MAX_STEP, BodyTemplate, LetterKind, SentLetter
from samen.organisation.models import Domain, Municipality, Staff
from samen.people.models import Person
from samen.people.services import NotAllowed, NotVisible

__all__ = ["NotAllowed", "NotVisible"]


@dataclass(frozen=True)
class About:
    """What a letter is about and whose it is: a record the calling app has loaded through
    the access policy (an objection, a complaint, a claim). The letter takes over its
    person, municipality, domain and confidentiality, so the same staff may read both."""

    type: str  # "bezwaar", "klacht", "vordering": the kind of record, in Dutch
    reference: str  # its reference, shown as "ons kenmerk"
    person: Person
    municipality: Municipality
    domain: Domain
    confidentiality: int


@dataclass(frozen=True)
class Recipient:
    """Whom the letter is addressed to, when that is not the person at their address on the
    letter's date (a representative, or an official for an internal letter)."""

    name: str
    address: tuple[str, ...] = ()
    internal: bool = False


def _subject(letter: SentLetter) -> audit.Subject:
    return audit.Subject(
        object_type="brief",
        object_id=f"{letter.about_reference}/{letter.kind.code}/{letter.pk}",
        data_subject_id=letter.person.bsn,
        municipality_code=letter.municipality.cbs_code,
        domain_code=letter.domain.code,
    )


def _letters(policy: Policy, action: str) -> QuerySet[SentLetter]:
    return policy.scope_records(
        SentLetter.objects.select_related("kind", "person", "municipality", "domain", "sent_by"),
        action,
    )


def body_for(kind: LetterKind, municipality: Municipality, day: dt.date) -> tuple[Any, str]:
    """The body text valid on ``day``: the municipality's own, else the one for all
    municipalities, else the default of the data folder (then the template is ``None``)."""
    found = (
        BodyTemplate.objects.valid_on(day)
        .filter(kind=kind)
        .filter(Q(municipality=municipality) | Q(municipality__isnull=True))
        .order_by(F("municipality").asc(nulls_last=True), "-valid_from")
        .first()
    )
    if found is not None:
        return found, found.body
    return None, house.default_body(kind.code)


def _address(person: Person, day: dt.date) -> tuple[str, ...]:
    address = person.addresses.filter(valid_from__lte=day).order_by("-valid_from").first()
    if address is None:
        return ()
    return (f"{address.street} {address.house_number}", f"{address.postal_code} {address.city}")


def _sender(municipality: Municipality) -> Sender:
    return Sender(
        name=municipality.name,
        cbs_code=municipality.cbs_code,
        postal_address=lines(municipality.postal_address),
        phone=municipality.phone,
        website=municipality.website,
        email=municipality.email,
    )


def _existing(about: About, kind: str, step: str) -> SentLetter | None:
    return (
        SentLetter.objects.select_related("kind")
        .filter(about_type=about.type, about_reference=about.reference, kind__code=kind, step=step)
        .first()
    )


def send(
    actor: Any,
    *,
    kind: str,
    about: About,
    step: str,
    facts: Mapping[str, str],
    summary: Sequence[tuple[str, str]] = (),
    recipient: Recipient | None = None,
    letter_date: dt.date | None = None,
    purpose: Purpose = Purpose.UITVOERING,
) -> SentLetter:
    """The letter of kind ``kind`` for ``step`` of the record ``about``, signed by the actor
    on behalf of the college of the record's municipality.

    ``facts`` fills the kind's own placeholders (every one of them, as text);
    ``summary`` lists the key facts (label, value) that the house style prints under the
    body whatever the body text says; ``recipient`` is the person at their address unless
    given. If a letter for the same record, kind and step exists, it is returned as it was
    sent and nothing else happens. The actor must be allowed to change the record's
    personal data; a body text or house-style field that is missing refuses the letter
    with a Dutch ``ValidationError`` and nothing is saved."""
    policy = policy_for(actor)
    if not policy.allows(
        Action.CHANGE, about.municipality.pk, about.domain.pk, about.confidentiality
    ):
        audit.refused(
            actor,
            policy,
            purpose,
            audit.Subject(
                "brief",
                about.reference,
                about.person.bsn,
                about.municipality.cbs_code,
                about.domain.code,
            ),
        )
        raise NotAllowed("U mag voor dit dossier geen brief versturen.")
    if not step or len(step) > MAX_STEP:
        raise ValueError(f"Een stap heeft 1 tot {MAX_STEP} tekens: {step!r}.")
    existing = _existing(about, kind, step)
    if existing is not None:
        return existing
    letter_kind = LetterKind.objects.filter(code=kind).first()
    if letter_kind is None:
        raise ValidationError(
            f"De briefsoort {kind} bestaat niet. Functioneel beheer kan die toevoegen.",
            code="unknown_letter_kind",
        )
    missing = set(letter_kind.placeholders) - set(facts)
    if missing:
        raise ValueError(f"Voor {kind} ontbreken de velden {', '.join(sorted(missing))}.")
    staff: Staff | None = getattr(actor, "staff", None)
    if staff is None:
        raise ValidationError(
            "Alleen een medewerker kan een brief ondertekenen.", code="no_signatory"
        )
    day = letter_date or timezone.localdate()
    template, body = body_for(letter_kind, about.municipality, day)
    to = recipient or Recipient(about.person.full_name, _address(about.person, day))
    appointment = staff.appointment_on(day)
    info = house.InfoLetter(
        sender=_sender(about.municipality),
        recipient_name=to.name,
        recipient_address=to.address,
        internal=to.internal,
        reference=about.reference,
        letter_date=day,
        subject=letter_kind.subject,
        college=f"het college van burgemeester en wethouders van {about.municipality.name}",
        official_name=staff.name,
        official_function=appointment.function.name if appointment else "",
        facts={name: str(value) for name, value in facts.items()},
        summary=tuple(summary),
        legal_basis=letter_kind.legal_basis,
    )
    pdf = house.render_pdf(info, body, letter_kind.placeholders)
    try:
        with transaction.atomic():
            letter = SentLetter.objects.create(
                kind=letter_kind,
                person=about.person,
                municipality=about.municipality,
                domain=about.domain,
                confidentiality=about.confidentiality,
                about_type=about.type,
                about_reference=about.reference,
                step=step,
                recipient_name=to.name[:200],
                internal=to.internal,
                subject=letter_kind.subject,
                letter_date=day,
                pdf=pdf,
                sha256=hashlib.sha256(pdf).hexdigest(),
                template=template,
                sent_by=staff,
            )
    except IntegrityError:
        # the same step, sent at the same moment by someone else: theirs is the letter
        found = _existing(about, kind, step)
        if found is None:
            raise
        return found
    audit.record(
        actor=actor,
        action=AuditEntry.Kind.CREATE,
        subjects=[_subject(letter)],
        purpose=purpose.value,
        roles=policy.role_names(),
        changes={"fields": {"briefsoort": [None, kind], "stap": [None, step]}},
    )
    return letter


def letters_about(
    actor: Any, about_type: str, reference: str, purpose: Purpose = Purpose.UITVOERING
) -> list[SentLetter]:
    """The letters about one record that the actor may read, oldest first; each audited."""
    policy = policy_for(actor)
    found = list(
        _letters(policy, Action.READ)
        .filter(about_type=about_type, about_reference=reference)
        .order_by("letter_date", "pk")
    )
    if found:
        audit.record(
            actor=actor,
            action=AuditEntry.Kind.LIST,
            subjects=[_subject(letter) for letter in found],
            purpose=purpose.value,
            roles=policy.role_names(),
        )
    return found


def letter_pdf(
    actor: Any, pk: Any, purpose: Purpose = Purpose.UITVOERING
) -> tuple[SentLetter, bytes]:
    """A stored letter as it was sent, if the actor may read it; the read is audited. Any
    other letter is :class:`NotVisible` (the refusal audited)."""
    policy = policy_for(actor)
    try:
        letter = _letters(policy, Action.READ).get(pk=pk)
    except (SentLetter.DoesNotExist, ValueError, TypeError):
        audit.refused(actor, policy, purpose, audit.Subject("brief", str(pk)[:40]))
        raise NotVisible("Brief niet gevonden, of u heeft geen toegang.") from None
    audit.record(
        actor=actor,
        action=AuditEntry.Kind.READ,
        subjects=[_subject(letter)],
        purpose=purpose.value,
        roles=policy.role_names(),
    )
    return letter, bytes(letter.pdf)


def file_name(letter: SentLetter) -> str:
    """The download name: the reference, the kind and the letter's id."""
    safe = "".join(c if c.isalnum() or c in "-_" else "-" for c in letter.about_reference)
    return f"{safe}-{letter.kind.code}-{letter.pk}.pdf"
