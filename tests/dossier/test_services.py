"""The client's file through the one access policy: who may read and write which notes and
documents, by municipality, domain and confidentiality; what a move does to them; the
append-only rules; the upload's checks; the audit lines (never the text)."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from samen.access.models import AuditEntry, Confidentiality
from samen.access.policy import Purpose, forget
from samen.dossier import services
from samen.dossier.models import AppendOnly, Document, DocumentType, Note, RetentionClass
from samen.people import moves
from tests.dossier.conftest import PDF, PNG, TODAY

D = dt.date
U = Purpose.UITVOERING
Z = Confidentiality.ZAAKVERTROUWELIJK
V = Confidentiality.VERTROUWELIJK


def note(world, user="mt", person="anna", **kwargs) -> Note:  # noqa: ANN001, ANN003
    data = {
        "domain": world["pw"],
        "text": "Gesprek gevoerd over de inlichtingenplicht.",
        "on_date": TODAY,
        "confidentiality": Z,
        **kwargs,
    }
    return services.write_note(world[user], world[person].pk, services.NewNote(**data), U)


def upload(content: bytes = PDF, name: str = "loonstrook.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def document(world, user="mt", person="anna", content=PDF, **kwargs) -> Document:  # noqa: ANN001, ANN003
    data = {
        "domain": world["pw"],
        "document_type": DocumentType.objects.get(code="bewijs-inkomen"),
        "title": "Loonstrook januari 2026",
        "received_on": TODAY,
        "confidentiality": Z,
        "upload": upload(content),
        **kwargs,
    }
    return services.upload_document(world[user], world[person].pk, services.NewDocument(**data), U)


# -- the reference data ------------------------------------------------------------------------


def test_the_retention_classes_are_those_of_the_selectielijst_2020(db):
    ended = RetentionClass.objects.get(code="8.3")
    assert (ended.result, ended.appraisal, ended.retention_years) == (
        "Beëindigd",
        "vernietigen",
        10,
    )
    assert RetentionClass.objects.get(code="8.3.1").retention_years == 15
    assert (
        "Wet maatschappelijke ondersteuning 2015" in RetentionClass.objects.get(code="8.3.1").origin
    )
    assert RetentionClass.objects.get(code="8.2").retention_years == 5
    assert all("Selectielijst gemeenten" in r.source for r in RetentionClass.objects.all())
    assert DocumentType.objects.get(code="wmo-verslag").retention_class.code == "8.3.1"


# -- notes -------------------------------------------------------------------------------------


def test_a_note_has_its_date_author_confidentiality_and_belongs_to_the_responsible_college(world):
    written = note(world)
    assert written.on_date == TODAY
    assert written.author_name == world["mt"].staff.name
    assert written.municipality == world["maastricht"]
    assert written.confidentiality == Z
    entry = AuditEntry.objects.filter(object_type="notitie").latest("sequence")
    assert entry.action == AuditEntry.Kind.CREATE
    assert (entry.object_id, entry.data_subject_id) == (str(written.pk), world["anna"].bsn)
    assert (entry.municipality_code, entry.domain_code) == ("GM0935", "participatiewet")
    assert "inlichtingenplicht" not in str(entry.changes)  # the audit holds no contents


def test_staff_of_another_municipality_do_not_see_the_notes(world):
    written = note(world)
    assert services.notes_of_person(world["vaals"], world["anna"].pk, U) == []
    with pytest.raises(services.NotVisible):
        services.get_note(world["vaals"], written.pk, U)
    refused = AuditEntry.objects.filter(action=AuditEntry.Kind.REFUSED).latest("sequence")
    assert (refused.object_type, refused.object_id) == ("notitie", str(written.pk))
    with pytest.raises(services.NotVisible):
        note(world, user="vaals")


def test_staff_of_another_domain_do_not_see_the_notes(world):
    note(world)
    assert services.notes_of_person(world["wmo_staff"], world["anna"].pk, U) == []


def test_reading_a_vertrouwelijk_note_needs_a_grant_at_that_level(world):
    secret = note(world, user="mt_v", confidentiality=V, text="Signaal: mogelijk samenwonen.")
    ordinary = note(world)
    assert services.notes_of_person(world["mt"], world["anna"].pk, U) == [ordinary]
    with pytest.raises(services.NotVisible):
        services.get_note(world["mt"], secret.pk, U)
    assert services.get_note(world["mt_v"], secret.pk, U) == secret
    with pytest.raises(services.NotAllowed):  # may see the person, not write at that level
        note(world, confidentiality=V)


def test_a_reader_may_not_write(world):
    with pytest.raises(services.NotAllowed):
        note(world, user="mt_reader")
    assert Note.objects.count() == 0


def test_a_note_is_never_changed_a_correction_is_a_new_note(world):
    first = note(world, text="Afspraak op 3 maart.")
    first.text = "Afspraak op 4 maart."
    with pytest.raises(AppendOnly):
        first.save()
    correction = note(world, text="Correctie: de afspraak is op 4 maart.", corrects_pk=first.pk)
    assert correction.corrects == first
    assert Note.objects.get(pk=first.pk).text == "Afspraak op 3 maart."
    assert services.notes_of_person(world["mt"], world["anna"].pk, U) == [correction, first]


def test_a_correction_of_a_note_one_may_not_see_is_refused_as_unknown(world):
    other = note(world, person="bert", user="vaals")
    with pytest.raises(ValidationError) as refusal:
        note(world, corrects_pk=other.pk)
    assert refusal.value.message_dict["corrects"] == [services.NO_NOTE]


def test_a_note_dated_in_the_future_is_refused(world):
    with pytest.raises(ValidationError) as refusal:
        note(world, on_date=TODAY + dt.timedelta(days=1))
    assert "toekomst" in refusal.value.message_dict["on_date"][0]


def test_a_note_of_a_case_must_be_of_that_person_and_domain(world, szmh):
    linked = note(world, case_pk=world["case"].pk)
    assert linked.case == world["case"]
    with pytest.raises(ValidationError) as refusal:  # Bert's note on Anna's case
        note(world, user="vaals", person="bert", case_pk=world["case"].pk)
    assert refusal.value.message_dict["case"] == [services.NO_CASE]
    with pytest.raises(ValidationError):  # the case is not in the Wmo domain
        note(world, case_pk=world["case"].pk, domain=world["wmo"])
    with pytest.raises(ValidationError):
        note(world, case_pk=999999)


# -- documents ---------------------------------------------------------------------------------


def test_an_upload_keeps_type_hash_retention_class_and_is_stored_privately(world, dossier_folder):
    stored = document(world)
    assert stored.content_type == "application/pdf"
    assert stored.sha256 == hashlib.sha256(PDF).hexdigest()
    assert stored.size == len(PDF)
    assert stored.retention_class.code == "8.3"  # the document type's
    assert stored.original_name == "loonstrook.pdf"
    on_disk = dossier_folder / stored.file.name
    assert on_disk.read_bytes() == PDF
    assert "loonstrook" not in stored.file.name and world["anna"].bsn not in stored.file.name
    entry = AuditEntry.objects.filter(object_type="document").latest("sequence")
    assert entry.changes["fields"]["sha256"] == [None, stored.sha256]


def test_the_uploader_may_choose_another_retention_class(world):
    stored = document(world, retention_class=RetentionClass.objects.get(code="8.2"))
    assert stored.retention_class.code == "8.2"


def test_the_type_is_read_from_the_content_not_the_name(world, dossier_folder):
    with pytest.raises(ValidationError) as refusal:
        services.upload_document(
            world["mt"],
            world["anna"].pk,
            services.NewDocument(
                domain=world["pw"],
                document_type=DocumentType.objects.get(code="bankafschrift"),
                title="Afschrift",
                received_on=TODAY,
                confidentiality=Z,
                upload=upload(b"MZ\x90\x00 a program", name="afschrift.pdf"),
            ),
            U,
        )
    assert "alleen PDF, PNG, JPEG" in refusal.value.message_dict["file"][0]
    assert Document.objects.count() == 0
    assert not dossier_folder.exists() or not any(dossier_folder.rglob("*.*"))


def test_an_image_is_stored_as_what_it_is(world):
    assert document(world, content=PNG).content_type == "image/png"


def test_a_file_above_the_limit_is_refused(world, settings):
    settings.DOSSIER_MAX_UPLOAD_BYTES = 1024 * 1024
    with pytest.raises(ValidationError) as refusal:
        document(world, content=PDF + b"0" * (1024 * 1024))
    assert "hoogstens 1 MB" in refusal.value.message_dict["file"][0]
    assert Document.objects.count() == 0


def test_a_refused_upload_leaves_no_file_behind(world, dossier_folder):
    with pytest.raises(services.NotAllowed):
        document(world, user="mt_reader")
    assert Document.objects.count() == 0
    assert not dossier_folder.exists() or not [p for p in dossier_folder.rglob("*") if p.is_file()]


def test_staff_of_another_municipality_do_not_see_the_documents(world):
    stored = document(world)
    assert services.documents_of_person(world["vaals"], world["anna"].pk, U) == []
    for read in (services.get_document, services.open_document):
        with pytest.raises(services.NotVisible):
            read(world["vaals"], stored.pk, U)
    with pytest.raises(services.NotVisible):
        services.withdraw_document(
            world["vaals"], stored.pk, "Verkeerde persoon", expected_version=1, purpose=U
        )
    assert Document.objects.get(pk=stored.pk).withdrawn_at is None


def test_a_download_is_audited_and_gives_the_stored_bytes(world):
    stored = document(world)
    found, chunks, handle = services.open_document(world["mt"], stored.pk, U)
    assert b"".join(chunks) == PDF
    handle.close()
    entry = AuditEntry.objects.filter(object_type="document").latest("sequence")
    assert entry.action == AuditEntry.Kind.READ and entry.changes["download"] is True


def test_a_document_is_withdrawn_with_a_reason_once(world):
    stored = document(world)
    withdrawn = services.withdraw_document(
        world["mt"], stored.pk, "Hoort bij een andere cliënt", expected_version=1, purpose=U
    )
    assert withdrawn.is_withdrawn and withdrawn.withdrawn_reason == "Hoort bij een andere cliënt"
    assert withdrawn.sha256 == stored.sha256 and withdrawn.version == 2
    entry = AuditEntry.objects.filter(object_type="document").latest("sequence")
    assert entry.action == AuditEntry.Kind.UPDATE and entry.changes["withdrawn"] is True
    with pytest.raises(ValidationError):
        services.withdraw_document(
            world["mt"], stored.pk, "Nog eens", expected_version=2, purpose=U
        )
    with pytest.raises(services.NotAllowed):
        services.withdraw_document(
            world["mt_reader"], stored.pk, "x", expected_version=2, purpose=U
        )


def test_a_withdrawal_at_a_stale_version_is_refused(world):
    stored = document(world)
    with pytest.raises(services.VersionConflict):
        services.withdraw_document(world["mt"], stored.pk, "Reden", expected_version=5, purpose=U)
    with pytest.raises(ValidationError) as refusal:
        services.withdraw_document(world["mt"], stored.pk, "  ", expected_version=1, purpose=U)
    assert refusal.value.message_dict["reason"]


# -- a move ------------------------------------------------------------------------------------


def test_after_a_move_the_new_municipality_sees_only_what_is_theirs(world, today):
    before = note(world, text="Maastricht: intake.")
    on_case = document(world, case_pk=world["case"].pk)
    moves.move_person(
        world["mt"],
        world["anna"].pk,
        moves.NewAddress("Kerkstraat", "12", "6291 AB", "Vaals", world["gm_vaals"], D(2026, 3, 1)),
        expected_version=1,
        purpose=U,
    )
    today(D(2026, 3, 2))
    for user in ("mt", "vaals"):
        forget(world[user])
    after = note(world, user="vaals", text="Vaals: kennismaking.")
    assert after.municipality == world["gm_vaals"]
    assert services.notes_of_person(world["vaals"], world["anna"].pk, U) == [after]
    assert services.documents_of_person(world["vaals"], world["anna"].pk, U) == []
    with pytest.raises(services.NotVisible):
        services.get_note(world["vaals"], before.pk, U)
    # Maastricht keeps what it recorded, and still works on the case it decided.
    assert services.get_note(world["mt"], before.pk, U) == before
    assert services.get_document(world["mt"], on_case.pk, U) == on_case
    with pytest.raises(services.NotVisible):
        services.get_note(world["mt"], after.pk, U)
    on_the_case = note(world, text="Bezwaar ontvangen.", case_pk=world["case"].pk)
    assert on_the_case.municipality == world["maastricht"]
    with pytest.raises(services.NotVisible):  # no longer Maastricht's without a case
        note(world, text="Los van de zaak.")


def test_a_note_is_never_less_confidential_than_its_case_or_registration(world):
    world["case"].confidentiality = V
    world["case"].save(update_fields=["confidentiality"])
    with pytest.raises(ValidationError) as refusal:
        note(world, user="mt_v", case_pk=world["case"].pk, confidentiality=Z)
    assert (
        "ten minste vertrouwelijk, net als de zaak"
        in (refusal.value.message_dict["confidentiality"][0])
    )
    assert note(world, user="mt_v", case_pk=world["case"].pk, confidentiality=V).case_id
    with pytest.raises(ValidationError) as refusal:
        note(world, confidentiality=Confidentiality.OPENBAAR)
    assert (
        "ten minste zaakvertrouwelijk, net als de inschrijving"
        in (refusal.value.message_dict["confidentiality"][0])
    )
