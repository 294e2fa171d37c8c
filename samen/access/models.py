"""Roles, grants and the audit trail.

A **grant** gives a role to a staff member for a set of municipalities and domains, for a
period, up to a confidentiality level. The one access policy (:mod:`samen.access.policy`)
decides every access to personal data from the grants; the audit trail
(:mod:`samen.access.audit`) records every read and change.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from samen.common.periods import ValidityPeriod
from samen.organisation.models import Domain, Municipality, Staff


class Confidentiality(models.IntegerChoices):
    """The ZGW vertrouwelijkheidaanduiding scale, from open to most secret."""

    OPENBAAR = 1, _("Openbaar")
    BEPERKT_OPENBAAR = 2, _("Beperkt openbaar")
    INTERN = 3, _("Intern")
    ZAAKVERTROUWELIJK = 4, _("Zaakvertrouwelijk")
    VERTROUWELIJK = 5, _("Vertrouwelijk")
    CONFIDENTIEEL = 6, _("Confidentieel")
    GEHEIM = 7, _("Geheim")
    ZEER_GEHEIM = 8, _("Zeer geheim")


class Action(models.TextChoices):
    READ = "read", _("Inzien")
    CHANGE = "change", _("Wijzigen")
    EXPORT = "export", _("Exporteren")


class Role(models.Model):
    """A role, with what it may do with personal data. Roles are data: functional management
    can add or adjust them; the codes below are seeded by migration."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("naam"), max_length=100)
    description = models.TextField(_("omschrijving"), blank=True)
    may_read = models.BooleanField(_("mag persoonsgegevens inzien"), default=False)
    may_change = models.BooleanField(_("mag persoonsgegevens wijzigen"), default=False)
    may_export = models.BooleanField(_("mag persoonsgegevens exporteren"), default=False)
    may_read_audit = models.BooleanField(_("mag de audittrail inzien"), default=False)
    may_read_figures = models.BooleanField(_("mag cijfers en rapportages inzien"), default=False)

    class Meta:
        verbose_name = _("rol")
        verbose_name_plural = _("rollen")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def allows(self, action: str) -> bool:
        allowed: dict[str, bool] = {
            Action.READ.value: self.may_read,
            Action.CHANGE.value: self.may_change,
            Action.EXPORT.value: self.may_export,
        }
        return allowed.get(action, False)


class Grant(ValidityPeriod):
    """A role for a staff member, for municipalities and domains, for a period, up to a
    confidentiality level (autorisatie).

    A grant is *proposed* by functional management and takes effect only once a second person
    with the approval right has *approved* it (four eyes); the policy counts approved grants
    only. A proposal can be *rejected* or *withdrawn*. An approved grant's scope never changes:
    it can only be ended early (``valid_until`` moved earlier, no second person needed); more
    access is a new proposal. The lifecycle lives in :mod:`samen.access.grants`, which records
    every step in the audit trail. Grants that existed before the lifecycle were approved by
    migration (``decision_note``).
    """

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Voorgesteld")
        APPROVED = "approved", _("Goedgekeurd")
        REJECTED = "rejected", _("Afgewezen")
        WITHDRAWN = "withdrawn", _("Ingetrokken")

    staff = models.ForeignKey(
        Staff, verbose_name=_("medewerker"), on_delete=models.PROTECT, related_name="grants"
    )
    role = models.ForeignKey(
        Role, verbose_name=_("rol"), on_delete=models.PROTECT, related_name="grants"
    )
    municipalities = models.ManyToManyField(
        Municipality, verbose_name=_("gemeenten"), related_name="grants", blank=True
    )
    domains = models.ManyToManyField(
        Domain, verbose_name=_("domeinen"), related_name="grants", blank=True
    )
    max_confidentiality = models.PositiveSmallIntegerField(
        _("hoogste vertrouwelijkheid"),
        choices=Confidentiality.choices,
        default=Confidentiality.ZAAKVERTROUWELIJK,
    )
    reason = models.CharField(_("reden"), max_length=300, blank=True)
    # Default deny: a grant made without the lifecycle is a proposal and gives no access.
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PROPOSED
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("voorgesteld door"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    proposed_at = models.DateTimeField(_("voorgesteld op"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("goedgekeurd, afgewezen of ingetrokken door"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    decided_at = models.DateTimeField(_("besloten op"), null=True, blank=True)
    decision_note = models.CharField(_("toelichting bij het besluit"), max_length=300, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("beëindigd door"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    ended_at = models.DateTimeField(_("beëindigd op"), null=True, blank=True)
    end_reason = models.CharField(_("reden van beëindiging"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("autorisatie")
        verbose_name_plural = _("autorisaties")
        ordering = ["staff__name", "valid_from"]
        permissions = [
            ("manage_grants", _("Mag autorisaties beheren: medewerkers, logins, voorstellen")),
            ("approve_grants", _("Mag voorgestelde autorisaties goedkeuren of afwijzen")),
        ]

    def __str__(self) -> str:
        return f"{self.staff} als {self.role} ({self.period.label()})"

    @property
    def is_approved(self) -> bool:
        return self.status == self.Status.APPROVED

    def clean(self) -> None:
        self.clean_period()


class AuditEntry(models.Model):
    """One processing of personal data (verwerking), append-only and hash-chained.

    Field names follow the meaning of the Logboek Dataverwerkingen standard where it has
    them (see docs/privacy.md): ``trace_id`` (request id), ``activity`` (the processing
    activity: action and object type), ``data_subject_id`` (the BSN of the person concerned),
    ``purpose`` (the grondslag/doel).

    Each entry carries ``entry_hash`` over its own content and the previous entry's hash:
    HMAC-SHA256 with the audit key, which is not in the database (``hash_scheme``
    ``hmac-sha256``); entries written before the key existed keep their unkeyed SHA-256
    (``sha256``), up to :class:`AuditKeyStart`. ``samen audit verify`` walks the chain and
    compares it with the checkpoints outside the database. The application never updates or
    deletes rows; on PostgreSQL triggers refuse UPDATE, DELETE and TRUNCATE.
    """

    class HashScheme(models.TextChoices):
        UNKEYED = "sha256", _("SHA-256 zonder sleutel (van vóór de auditsleutel)")
        KEYED = "hmac-sha256", _("HMAC-SHA256 met de auditsleutel")

    class Kind(models.TextChoices):
        READ = "read", _("Inzien")
        LIST = "list", _("Lijst inzien")
        CREATE = "create", _("Aanmaken")
        UPDATE = "update", _("Wijzigen")
        DELETE = "delete", _("Verwijderen")
        EXPORT = "export", _("Exporteren")
        REFUSED = "refused", _("Geweigerd")

    sequence = models.BigIntegerField(_("volgnummer"), unique=True)
    occurred_at = models.DateTimeField(_("tijdstip"))
    actor_id = models.BigIntegerField(_("gebruiker-id"), null=True)
    actor_name = models.CharField(_("gebruiker"), max_length=150)
    roles = models.CharField(_("rollen"), max_length=300, blank=True)
    municipality_code = models.CharField(_("namens gemeente"), max_length=6, blank=True)
    domain_code = models.CharField(_("domein"), max_length=40, blank=True)
    action = models.CharField(_("handeling"), max_length=10, choices=Kind.choices)
    object_type = models.CharField(_("soort object"), max_length=60)
    object_id = models.CharField(_("object-id"), max_length=64, blank=True)
    data_subject_id = models.CharField(_("BSN betrokkene"), max_length=9, blank=True)
    purpose = models.CharField(_("doel"), max_length=200)
    changes = models.JSONField(_("wijzigingen"), default=dict, blank=True)
    trace_id = models.CharField(_("verzoek-id"), max_length=64, blank=True)
    client_address = models.CharField(_("adres cliënt"), max_length=64, blank=True)
    previous_hash = models.CharField(_("vorige hash"), max_length=64)
    entry_hash = models.CharField(_("hash"), max_length=64)
    hash_scheme = models.CharField(_("hashmethode"), max_length=16, choices=HashScheme.choices)

    class Meta:
        verbose_name = _("auditregel")
        verbose_name_plural = _("audittrail")
        ordering = ["sequence"]
        indexes = [
            models.Index(fields=["data_subject_id", "occurred_at"]),
            models.Index(fields=["actor_id", "occurred_at"]),
            models.Index(fields=["municipality_code", "occurred_at"]),
            models.Index(fields=["occurred_at"]),
        ]

    def __str__(self) -> str:
        return f"#{self.sequence} {self.actor_name} {self.action} {self.object_type}"


class AuditKeyStart(models.Model):
    """Where the keyed hashes begin: the entries up to and including ``unkeyed_until`` were
    written before the audit key existed and keep their unkeyed SHA-256; every later entry must
    carry an HMAC. Written once, by migration 0004, and signed with the audit key, so nobody
    without the key can pass rewritten entries off as old unkeyed ones by moving the boundary.
    On PostgreSQL triggers refuse UPDATE, DELETE and TRUNCATE, as for the entries."""

    unkeyed_until = models.BigIntegerField(_("laatste volgnummer zonder sleutel"))
    signature = models.CharField(_("handtekening"), max_length=64)

    class Meta:
        verbose_name = _("begin van de auditsleutel")
        verbose_name_plural = _("begin van de auditsleutel")

    def __str__(self) -> str:
        return f"zonder sleutel t/m volgnummer {self.unkeyed_until}"
