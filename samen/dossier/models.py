"""The client's file (dossier): notes and documents of a person, in a domain, optionally of
one of that person's cases.

Each note and document carries the college it belongs to (``municipality``), its domain and
its confidentiality, like a case; with these the one access policy decides who may see it
(``Policy.scope_records``). The college is the case's when it belongs to a case, otherwise
the person's responsible municipality on the day it was recorded: after a move the new
municipality's staff see what was recorded for them, not what the old one recorded.

Notes are append-only: a correction is a new note that points to the note it corrects.
Documents are never changed after upload; they may be withdrawn, with a reason. Reading and
writing goes through :mod:`samen.dossier.services`, which asks the policy and audits.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.core.files.storage import Storage, storages
from django.db import models
from django.utils.translation import gettext_lazy as _

from samen.access.models import Confidentiality
from samen.cases.models import Case
from samen.organisation.models import Domain, Municipality, Staff
from samen.people.models import Person

# The longest note a user may write: about two printed pages.
MAX_NOTE = 5_000
MAX_TITLE = 200
MAX_REASON = 500


class AppendOnly(Exception):
    """A note or a document's content was about to be changed after it was saved."""


def dossier_storage() -> Storage:
    """The private storage of the documents (``STORAGES["dossier"]``): outside the static
    files, never served by the web server; only the download view hands a file out."""
    return storages["dossier"]


def document_path(instance: Any, filename: str) -> str:
    """A name that says nothing about the person or the file: year/month/random."""
    return f"{instance.uploaded_at:%Y/%m}/{uuid.uuid4().hex}"


class RetentionClass(models.Model):
    """A result of the *Selectielijst gemeenten en intergemeentelijke organen 2020* with its
    retention period (bewaartermijn) and appraisal (waardering). Data, loaded by migration;
    a later list is loaded as new rows, and a document keeps the class it was filed under."""

    class Appraisal(models.TextChoices):
        VERNIETIGEN = "vernietigen", _("vernietigen")
        BLIJVEND_BEWAREN = "blijvend_bewaren", _("blijvend bewaren")

    code = models.CharField(_("categorie"), max_length=20, unique=True)
    process_type = models.CharField(_("procestype"), max_length=100)
    result = models.CharField(_("resultaat"), max_length=200)
    appraisal = models.CharField(_("waardering"), max_length=20, choices=Appraisal.choices)
    retention_years = models.PositiveSmallIntegerField(
        _("bewaartermijn (jaren)"), null=True, blank=True, help_text=_("Leeg: blijvend bewaren.")
    )
    process_term = models.CharField(
        _("procestermijn"),
        max_length=100,
        help_text=_("Vanaf wanneer de bewaartermijn loopt (nihil: vanaf het afsluiten)."),
    )
    origin = models.CharField(_("herkomst"), max_length=300)
    source = models.TextField(_("bron"))
    order = models.PositiveSmallIntegerField(_("volgorde"), default=0)

    class Meta:
        verbose_name = _("selectielijstcategorie")
        verbose_name_plural = _("selectielijstcategorieën")
        ordering = ["order", "code"]

    def __str__(self) -> str:
        years = (
            _("%(years)s jaar") % {"years": self.retention_years}
            if self.retention_years is not None
            else _("blijvend")
        )
        return f"{self.code} {self.process_type}: {self.result} ({years})"


class DocumentType(models.Model):
    """A kind of document (documenttype), with the retention class it is filed under unless
    the uploader chooses another. Data, loaded by migration and editable in admin."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("naam"), max_length=100)
    retention_class = models.ForeignKey(
        RetentionClass,
        verbose_name=_("standaard selectielijstcategorie"),
        on_delete=models.PROTECT,
        related_name="document_types",
    )
    source = models.TextField(_("bron"))
    order = models.PositiveSmallIntegerField(_("volgorde"), default=0)

    class Meta:
        verbose_name = _("documenttype")
        verbose_name_plural = _("documenttypen")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class FileItem(models.Model):
    """What a note and a document share: whose, which college, domain, case, level, author."""

    person = models.ForeignKey(Person, verbose_name=_("persoon"), on_delete=models.PROTECT)
    municipality = models.ForeignKey(
        Municipality, verbose_name=_("namens gemeente"), on_delete=models.PROTECT
    )
    domain = models.ForeignKey(Domain, verbose_name=_("domein"), on_delete=models.PROTECT)
    case = models.ForeignKey(
        Case, verbose_name=_("zaak"), on_delete=models.PROTECT, null=True, blank=True
    )
    confidentiality = models.PositiveSmallIntegerField(
        _("vertrouwelijkheid"),
        choices=Confidentiality.choices,
        default=Confidentiality.ZAAKVERTROUWELIJK,
    )
    author = models.ForeignKey(
        Staff, verbose_name=_("auteur"), on_delete=models.PROTECT, null=True, blank=True
    )
    author_name = models.CharField(_("auteur (naam)"), max_length=150)

    class Meta:
        abstract = True


class Note(FileItem):
    """A note (notitie) in the file. Never changed: a correction is a new note."""

    on_date = models.DateField(_("datum"))
    text = models.TextField(_("tekst"), max_length=MAX_NOTE)
    corrects = models.ForeignKey(
        "self",
        verbose_name=_("corrigeert"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="corrections",
    )
    created_at = models.DateTimeField(_("vastgelegd op"), auto_now_add=True)

    class Meta:
        verbose_name = _("notitie")
        verbose_name_plural = _("notities")
        ordering = ["-on_date", "-pk"]
        indexes = [models.Index(fields=["person", "municipality", "domain"])]

    def __str__(self) -> str:
        return str(_("Notitie %(number)s") % {"number": self.pk})

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AppendOnly("Een notitie wordt niet gewijzigd; leg een correctie vast.")
        super().save(*args, **kwargs)


class Document(FileItem):
    """An uploaded document. Its content, type and hash never change; it may be withdrawn."""

    document_type = models.ForeignKey(
        DocumentType, verbose_name=_("documenttype"), on_delete=models.PROTECT
    )
    retention_class = models.ForeignKey(
        RetentionClass, verbose_name=_("selectielijstcategorie"), on_delete=models.PROTECT
    )
    title = models.CharField(_("titel"), max_length=MAX_TITLE)
    received_on = models.DateField(_("ontvangen op"))
    file = models.FileField(
        _("bestand"), storage=dossier_storage, upload_to=document_path, max_length=200
    )
    original_name = models.CharField(_("oorspronkelijke bestandsnaam"), max_length=200)
    content_type = models.CharField(_("soort bestand"), max_length=40)
    size = models.PositiveBigIntegerField(_("grootte (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_at = models.DateTimeField(_("geüpload op"))
    withdrawn_at = models.DateTimeField(_("ingetrokken op"), null=True, blank=True)
    withdrawn_by_name = models.CharField(_("ingetrokken door"), max_length=150, blank=True)
    withdrawn_reason = models.CharField(_("reden intrekking"), max_length=MAX_REASON, blank=True)
    version = models.PositiveIntegerField(_("versie"), default=1)

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documenten")
        ordering = ["-received_on", "-pk"]
        indexes = [models.Index(fields=["person", "municipality", "domain"])]

    def __str__(self) -> str:
        return self.title

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None
