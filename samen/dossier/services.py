"""Reading and writing the client's file: always through the one access policy, always
audited.

A note or document belongs to the college of its case, or else to the person's responsible
municipality on the day it is recorded; with its domain and confidentiality that decides who
may read it (``Policy.scope_records``: one grant must cover all three, so reading a note at
*vertrouwelijk* needs a grant at that level). Refusals are those of
:mod:`samen.people.services`: :class:`NotVisible` (also for what does not exist),
:class:`NotAllowed` (visible, not permitted), :class:`VersionConflict`, and Django's
``ValidationError`` with a Dutch message naming the field. Nothing is saved then. The audit
trail records who read or wrote which note or document of whom, never its text.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.db import transaction
from django.db.models import F, Model, QuerySet
from django.utils import timezone

from samen.access import audit
from samen.access.models import Action, AuditEntry, Confidentiality
from samen.access.policy import Policy, Purpose, policy_for
from samen.cases.models import Case
from samen.dossier import files
from samen.dossier.models import (
    Document,
    DocumentType,
    Note,
    RetentionClass,
    document_path,
    dossier_storage,
)
from samen.organisation.models import Domain, Municipality
from samen.people import services as people
from samen.people.models import Person, Registration
from samen.people.services import NotAllowed, NotVisible, VersionConflict

__all__ = [
    "NotAllowed",
    "NotVisible",
    "VersionConflict",
    "NewNote",
    "NewDocument",
    "write_note",
    "notes_of_person",
    "get_note",
    "upload_document",
    "documents_of_person",
    "get_document",
    "open_document",
    "withdraw_document",
]

NOTE = "notitie"
DOCUMENT = "document"
NO_NOTE = "Notitie niet gevonden, of u heeft geen toegang."
NO_DOCUMENT = "Document niet gevonden, of u heeft geen toegang."
NO_PERSON = "Persoon niet gevonden, of u heeft geen toegang."
NO_CASE = "Deze zaak is niet gevonden bij deze persoon in dit domein."
CHUNK = 64 * 1024


def _subject(kind: str, item: Note | Document) -> audit.Subject:
    return audit.Subject(
        object_type=kind,
        object_id=str(item.pk),
        data_subject_id=item.person.bsn,
        municipality_code=item.municipality.cbs_code,
        domain_code=item.domain.code,
    )


def _scoped(policy: Policy, model: type[Model], action: str) -> QuerySet[Any]:
    return policy.scope_records(
        model.objects.select_related("person", "municipality", "domain", "case", "author"),  # type: ignore[attr-defined]
        action,
    )


def _record(
    actor: Any,
    policy: Policy,
    kind: str,
    action: str,
    items: list[Any],
    purpose: Purpose,
    changes: dict[str, Any] | None = None,
) -> None:
    if items:
        audit.record(
            actor=actor,
            action=action,
            subjects=[_subject(kind, i) for i in items],
            purpose=purpose.value,
            roles=policy.role_names(),
            changes=changes,
        )


# ---------------------------------------------------------------------------------------------
# Where a new note or document belongs
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Place:
    person: Person
    municipality: Municipality
    case: Case | None


def _place(
    policy: Policy, person_pk: Any, domain: Domain, case_pk: Any, level: int, what: str
) -> Place:
    """The person, college and case a new item of ``domain`` at ``level`` belongs to; the
    actor must be allowed to change data there. A case must be one of this person's cases in
    this domain that the actor may read; otherwise the same message as for no such case."""
    if not str(person_pk).isdigit():
        raise NotVisible(NO_PERSON)
    person = people.visible_to(policy.user, Purpose.UITVOERING).filter(pk=person_pk).first()
    if case_pk not in (None, ""):
        # A case the actor may read is enough: after a move the college that handled the case
        # still works on it, though the person now lives elsewhere.
        case = (
            policy.scope_records(Case.objects.select_related("municipality", "person"), Action.READ)
            .filter(pk=case_pk, person_id=person_pk, domain=domain)
            .first()
            if str(case_pk).isdigit()
            else None
        )
        if case is None:
            if person is None:
                raise NotVisible(NO_PERSON)
            raise ValidationError({"case": NO_CASE}, code="unknown_case")
        person, municipality = case.person, case.municipality
        floor = case.confidentiality
    else:
        if person is None:
            raise NotVisible(NO_PERSON)
        case = None
        responsible = people.responsible_municipality(person, policy.day)
        if responsible is None:
            raise ValidationError(
                "Deze persoon heeft vandaag geen woonadres; koppel het aan een zaak.",
                code="no_address",
            )
        municipality = responsible
        registered = Registration.objects.filter(person=person, domain=domain)
        visible = policy.visible_registrations(
            person, list(registered), Action.READ, municipality.pk
        )
        if not visible:
            raise ValidationError(
                {"domain": "Deze persoon heeft geen inschrijving in dit domein die u mag zien."},
                code="not_registered",
            )
        floor = min(r.confidentiality for r in visible)
    if level < floor:
        # Less confidential than what it belongs to would show it to staff who may not see
        # the case or the registration.
        raise ValidationError(
            {
                "confidentiality": (
                    f"Een {what} hierbij is ten minste "
                    f"{Confidentiality(floor).label.lower()}, net als "
                    f"{'de zaak' if case else 'de inschrijving'}."
                )
            },
            code="below_floor",
        )
    if not policy.allows(Action.CHANGE, municipality.pk, domain.pk, level):
        raise NotAllowed(
            f"U mag geen {what} vastleggen voor {municipality.name} in het domein "
            f"{domain.name} op dit niveau van vertrouwelijkheid."
        )
    return Place(person, municipality, case)


def _author(actor: Any) -> tuple[Any, str]:
    staff = getattr(actor, "staff", None)
    return staff, staff.name if staff else str(actor)


def _refused(actor: Any, purpose: Purpose, kind: str, object_id: str) -> None:
    audit.refused(actor, policy_for(actor), purpose, audit.Subject(kind, object_id))


# ---------------------------------------------------------------------------------------------
# Notes
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class NewNote:
    domain: Domain
    text: str
    on_date: dt.date
    confidentiality: int
    case_pk: int | None = None
    corrects_pk: int | None = None


def write_note(actor: Any, person_pk: Any, data: NewNote, purpose: Purpose) -> Note:
    """Add a note to the file of ``person_pk``. A correction names the note it corrects
    (``corrects_pk``, a note of the same person the actor may read); the corrected note stays
    as it was."""
    try:
        return _write_note(actor, person_pk, data, purpose)
    except NotVisible:
        _refused(actor, purpose, "persoon", str(person_pk))
        raise


@transaction.atomic
def _write_note(actor: Any, person_pk: Any, data: NewNote, purpose: Purpose) -> Note:
    policy = policy_for(actor)
    if data.on_date > policy.day:
        raise ValidationError({"on_date": "De datum ligt in de toekomst."}, code="future")
    place = _place(policy, person_pk, data.domain, data.case_pk, data.confidentiality, "notitie")
    corrects = None
    if data.corrects_pk is not None:
        corrects = (
            _scoped(policy, Note, Action.READ).filter(pk=data.corrects_pk, person=place.person)
        ).first()
        if corrects is None:
            raise ValidationError({"corrects": NO_NOTE}, code="unknown_note")
    author, author_name = _author(actor)
    note = Note(
        person=place.person,
        municipality=place.municipality,
        domain=data.domain,
        case=place.case,
        confidentiality=data.confidentiality,
        author=author,
        author_name=author_name,
        on_date=data.on_date,
        text=data.text,
        corrects=corrects,
    )
    note.full_clean()
    note.save()
    _record(
        actor,
        policy,
        NOTE,
        AuditEntry.Kind.CREATE,
        [note],
        purpose,
        {
            "fields": {
                "on_date": [None, note.on_date.isoformat()],
                "confidentiality": [None, note.confidentiality],
                "case": [None, place.case.reference if place.case else None],
                "corrects": [None, corrects.pk if corrects else None],
            }
        },
    )
    return note


def notes_of_person(actor: Any, person_pk: Any, purpose: Purpose) -> list[Note]:
    """The notes of one person the actor may read, newest first; every note shown is
    audited. Notes outside the actor's grants are left out without a trace."""
    policy = policy_for(actor)
    if not str(person_pk).isdigit():
        return []
    notes = list(_scoped(policy, Note, Action.READ).filter(person_id=person_pk)[:500])
    _record(actor, policy, NOTE, AuditEntry.Kind.LIST, notes, purpose)
    return notes


def get_note(actor: Any, pk: Any, purpose: Purpose) -> Note:
    policy = policy_for(actor)
    note = _scoped(policy, Note, Action.READ).filter(pk=pk).first() if str(pk).isdigit() else None
    if note is None:
        _refused(actor, purpose, NOTE, str(pk)[:64])
        raise NotVisible(NO_NOTE)
    _record(actor, policy, NOTE, AuditEntry.Kind.READ, [note], purpose)
    return note


# ---------------------------------------------------------------------------------------------
# Documents
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class NewDocument:
    domain: Domain
    document_type: DocumentType
    title: str
    received_on: dt.date
    confidentiality: int
    upload: Any  # an uploaded file: .name, .size, .chunks(), .seek()
    case_pk: int | None = None
    retention_class: RetentionClass | None = None  # None: the document type's own


def check_upload(upload: Any) -> files.FileKind:
    """The kind of an uploaded file, or a Dutch ``ValidationError`` on ``file``: empty, too
    large, or not a PDF, PNG or JPEG by its content."""
    limit = settings.DOSSIER_MAX_UPLOAD_BYTES
    if not upload.size:
        raise ValidationError({"file": "Het bestand is leeg."}, code="empty")
    if upload.size > limit:
        raise ValidationError(
            {
                "file": f"Het bestand is te groot: hoogstens {limit // (1024 * 1024)} MB "
                "is toegestaan."
            },
            code="too_large",
        )
    upload.seek(0)
    kind = files.detect(upload.read(files.HEAD_BYTES))
    upload.seek(0)
    if kind is None:
        raise ValidationError(
            {"file": f"Dit soort bestand wordt niet aangenomen; alleen {files.ALLOWED}."},
            code="file_type",
        )
    return kind


def _safe_name(name: str) -> str:
    base = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    cleaned = "".join(c for c in base if c.isprintable())[:200]
    return cleaned or "bestand"


def upload_document(actor: Any, person_pk: Any, data: NewDocument, purpose: Purpose) -> Document:
    """Store an uploaded document in the file of ``person_pk``. Its type is read from its
    content; its SHA-256 is kept. A file that cannot be stored leaves nothing behind."""
    try:
        return _upload_document(actor, person_pk, data, purpose)
    except NotVisible:
        _refused(actor, purpose, "persoon", str(person_pk))
        raise


def _upload_document(actor: Any, person_pk: Any, data: NewDocument, purpose: Purpose) -> Document:
    policy = policy_for(actor)
    if data.received_on > policy.day:
        raise ValidationError({"received_on": "De datum ligt in de toekomst."}, code="future")
    kind = check_upload(data.upload)
    digest = files.sha256(data.upload.chunks(CHUNK))
    data.upload.seek(0)
    author, author_name = _author(actor)
    stored: Document | None = None
    try:
        with transaction.atomic():
            place = _place(
                policy, person_pk, data.domain, data.case_pk, data.confidentiality, "document"
            )
            document = Document(
                person=place.person,
                municipality=place.municipality,
                domain=data.domain,
                case=place.case,
                confidentiality=data.confidentiality,
                author=author,
                author_name=author_name,
                document_type=data.document_type,
                retention_class=data.retention_class or data.document_type.retention_class,
                title=data.title,
                received_on=data.received_on,
                original_name=_safe_name(data.upload.name),
                content_type=kind.content_type,
                size=data.upload.size,
                sha256=digest,
                uploaded_at=timezone.now(),
            )
            # The storage is looked up when used (STORAGES["dossier"]), not when the model
            # class was built, so a changed setting (a test's own folder) is honoured.
            document.file.name = dossier_storage().save(
                document_path(document, kind.extension), File(data.upload)
            )
            stored = document
            document.full_clean()
            document.save()
            _record(
                actor,
                policy,
                DOCUMENT,
                AuditEntry.Kind.CREATE,
                [document],
                purpose,
                {
                    "fields": {
                        "document_type": [None, document.document_type.code],
                        "retention_class": [None, document.retention_class.code],
                        "confidentiality": [None, document.confidentiality],
                        "case": [None, place.case.reference if place.case else None],
                        "content_type": [None, document.content_type],
                        "size": [None, document.size],
                        "sha256": [None, document.sha256],
                    }
                },
            )
            return document
    except BaseException:
        if stored is not None and stored.file.name:
            dossier_storage().delete(stored.file.name)
        raise


def documents_of_person(actor: Any, person_pk: Any, purpose: Purpose) -> list[Document]:
    """The documents of one person the actor may read, newest first, withdrawn ones
    included (marked); every document shown is audited."""
    policy = policy_for(actor)
    if not str(person_pk).isdigit():
        return []
    found = list(
        _scoped(policy, Document, Action.READ)
        .select_related("document_type", "retention_class")
        .filter(person_id=person_pk)[:500]
    )
    _record(actor, policy, DOCUMENT, AuditEntry.Kind.LIST, found, purpose)
    return found


def _load_document(actor: Any, pk: Any, purpose: Purpose, action: str) -> tuple[Policy, Document]:
    policy = policy_for(actor)
    qs = _scoped(policy, Document, action).select_related("document_type", "retention_class")
    document = qs.filter(pk=pk).first() if str(pk).isdigit() else None
    if document is None:
        readable = (
            action != Action.READ
            and str(pk).isdigit()
            and _scoped(policy, Document, Action.READ).filter(pk=pk).exists()
        )
        _refused(actor, purpose, DOCUMENT, str(pk)[:64])
        if readable:
            raise NotAllowed("U mag dit document inzien maar niet wijzigen.")
        raise NotVisible(NO_DOCUMENT)
    return policy, document


def get_document(actor: Any, pk: Any, purpose: Purpose) -> Document:
    policy, document = _load_document(actor, pk, purpose, Action.READ)
    _record(actor, policy, DOCUMENT, AuditEntry.Kind.READ, [document], purpose)
    return document


def open_document(
    actor: Any, pk: Any, purpose: Purpose
) -> tuple[Document, Iterator[bytes], IO[bytes]]:
    """The document and its content, for a download; the download is audited as a read of
    the content (``changes["download"]``)."""
    policy, document = _load_document(actor, pk, purpose, Action.READ)
    handle = dossier_storage().open(document.file.name, "rb")
    _record(
        actor,
        policy,
        DOCUMENT,
        AuditEntry.Kind.READ,
        [document],
        purpose,
        {"download": True, "sha256": document.sha256},
    )
    return document, iter(lambda: handle.read(CHUNK), b""), handle


def withdraw_document(
    actor: Any, pk: Any, reason: str, *, expected_version: int, purpose: Purpose
) -> Document:
    """Mark a document withdrawn (ingetrokken) with a reason; its content stays as it was
    and stays readable for whom it was readable. Withdrawing twice is refused."""
    # Checked (and a refusal audited) outside the transaction; the update below only
    # happens at the version the actor saw.
    policy, document = _load_document(actor, pk, purpose, Action.CHANGE)
    with transaction.atomic():
        return _withdraw(actor, policy, document, reason, expected_version, purpose)


def _withdraw(
    actor: Any,
    policy: Policy,
    document: Document,
    reason: str,
    expected_version: int,
    purpose: Purpose,
) -> Document:
    if not reason.strip():
        raise ValidationError({"reason": "Geef de reden van de intrekking."}, code="required")
    if document.is_withdrawn:
        raise ValidationError("Dit document is al ingetrokken.", code="withdrawn")
    _, name = _author(actor)
    now = timezone.now()
    updated = Document.objects.filter(
        pk=document.pk, version=expected_version, withdrawn_at__isnull=True
    ).update(
        withdrawn_at=now,
        withdrawn_by_name=name,
        withdrawn_reason=reason.strip(),
        version=F("version") + 1,
    )
    if not updated:
        raise VersionConflict(
            "Iemand anders heeft dit document intussen gewijzigd. Laad het opnieuw en probeer "
            "het nog eens."
        )
    document.refresh_from_db()
    _record(
        actor,
        policy,
        DOCUMENT,
        AuditEntry.Kind.UPDATE,
        [document],
        purpose,
        {"fields": {"withdrawn_at": [None, now.isoformat()]}, "withdrawn": True},
    )
    return document
