"""Complaints (klachten, Awb titel 9.1): a complaint about how the organisation behaved
towards a resident, its handler, the hearing, the term and the outcome, and the dated rules
of the procedure that are not in the case-type catalogue.

A complaint carries its own municipality, domain and confidentiality, so the one access
policy scopes it directly (:meth:`samen.access.policy.Policy.scope_records`), as it scopes a
case. It is not a case: the outcome of a complaint is no decision (besluit) in the sense of
Awb art. 1:3 (memorie van toelichting bij art. 9:12), so it has no decision under mandate
and no bezwaar. Its term comes from the case-type catalogue (``klacht`` and
``klacht-adviescommissie``, Awb art. 9:11), whose version valid on the day of receipt the
complaint keeps.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from samen.access.models import Confidentiality
from samen.cases.models import CaseType
from samen.common.periods import ValidityPeriod
from samen.organisation.models import Domain, Municipality, Staff
from samen.people.models import Person

MAX_BEHAVIOUR = 10_000
MAX_TEXT = 2_000
MAX_MINUTES = 20_000
MAX_CONCLUSION = 10_000
MAX_NAME = 200


class ReceivedVia(models.TextChoices):
    POST = "post", _("Per post")
    DIGITAAL = "digitaal", _("Digitaal (formulier of e-mail)")
    BALIE = "balie", _("Aan de balie, op papier gezet")


class HearingSkipped(models.TextChoices):
    """Awb art. 9:10 lid 2: the complainant need not be heard when ..."""

    A = "a", _("a. de klacht kennelijk ongegrond is")
    B = "b", _("b. de klager heeft verklaard niet gehoord te willen worden")
    C = (
        "c",
        _("c. de klager niet binnen de gestelde termijn heeft verklaard gehoord te willen worden"),
    )


class NotHandledGround(models.TextChoices):
    """Awb art. 9:8: the grounds on which the body need not handle the complaint."""

    EERDER = "1a", _("lid 1 a. over deze gedraging is al eerder een klacht behandeld")
    OUDER_DAN_JAAR = "1b", _("lid 1 b. de gedraging was meer dan een jaar voor de klacht")
    BEZWAAR_MOGELIJK = "1c", _("lid 1 c. de klager had bezwaar kunnen maken")
    BEROEP_MOGELIJK = "1d", _("lid 1 d. de klager kan of kon in beroep")
    ANDERE_RECHTER = "1e", _("lid 1 e. een andere rechter oordeelt of oordeelde erover")
    STRAFZAAK = "1f", _("lid 1 f. er loopt een opsporingsonderzoek of vervolging")
    GERING = "2", _("lid 2. het belang of het gewicht van de gedraging is kennelijk te klein")


class Outcome(models.TextChoices):
    GEGROND = "gegrond", _("Gegrond")
    ONGEGROND = "ongegrond", _("Ongegrond")
    NIET_IN_BEHANDELING = "niet_in_behandeling", _("Niet in behandeling genomen")
    NAAR_TEVREDENHEID = "naar_tevredenheid", _("Naar tevredenheid opgelost")


class Complaint(models.Model):
    reference = models.CharField(_("klachtnummer"), max_length=40, unique=True)
    person = models.ForeignKey(
        Person, verbose_name=_("klager"), on_delete=models.PROTECT, related_name="complaints"
    )
    representative = models.CharField(
        _("gemachtigde"), max_length=MAX_NAME, blank=True, help_text=_("Leeg: de klager zelf.")
    )
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("namens gemeente"),
        on_delete=models.PROTECT,
        related_name="complaints",
    )
    domain = models.ForeignKey(
        Domain, verbose_name=_("domein"), on_delete=models.PROTECT, related_name="complaints"
    )
    confidentiality = models.PositiveSmallIntegerField(
        _("vertrouwelijkheid"),
        choices=Confidentiality.choices,
        default=Confidentiality.ZAAKVERTROUWELIJK,
    )
    case_type = models.ForeignKey(
        CaseType,
        verbose_name=_("zaaktype (termijn)"),
        on_delete=models.PROTECT,
        related_name="complaints",
    )
    committee = models.BooleanField(_("met klachtadviescommissie"), default=False)
    received_on = models.DateField(_("klacht ontvangen op"))
    received_via = models.CharField(_("ontvangen"), max_length=20, choices=ReceivedVia.choices)
    behaviour = models.TextField(_("gedraging waarover geklaagd wordt"), max_length=MAX_BEHAVIOUR)
    behaviour_on = models.DateField(_("datum van de gedraging"))
    official = models.ForeignKey(
        Staff,
        verbose_name=_("medewerker over wie geklaagd wordt"),
        on_delete=models.PROTECT,
        related_name="complaints_about",
        null=True,
        blank=True,
    )
    handler = models.ForeignKey(
        Staff,
        verbose_name=_("behandelaar"),
        on_delete=models.PROTECT,
        related_name="complaints_handled",
    )
    deadline = models.DateField(_("uiterste afhandeldatum"))
    deadline_explanation = models.JSONField(_("toelichting termijn"), default=list)
    # Hearing (Awb 9:10 lid 1 and 3) or the ground for not hearing the complainant (lid 2).
    hearing_on = models.DateField(_("hoorgesprek op"), null=True, blank=True)
    minutes = models.TextField(_("verslag van het horen"), max_length=MAX_MINUTES, blank=True)
    official_heard = models.BooleanField(_("medewerker gehoord"), default=False)
    hearing_skipped = models.CharField(
        _("afgezien van horen"), max_length=1, choices=HearingSkipped.choices, blank=True
    )
    # Outcome (Awb 9:12, 9:8, 9:5).
    outcome = models.CharField(_("uitkomst"), max_length=20, choices=Outcome.choices, blank=True)
    concluded_on = models.DateField(_("afgehandeld op"), null=True, blank=True)
    conclusion = models.TextField(_("conclusie"), max_length=MAX_CONCLUSION, blank=True)
    not_handled_ground = models.CharField(
        _("grond niet behandelen"), max_length=2, choices=NotHandledGround.choices, blank=True
    )
    measures_taken = models.BooleanField(_("maatregelen genomen"), default=False)
    measures = models.TextField(_("maatregelen"), max_length=MAX_TEXT, blank=True)
    version = models.PositiveIntegerField(_("versie"), default=1)
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)

    class Meta:
        verbose_name = _("klacht")
        verbose_name_plural = _("klachten")
        ordering = ["deadline", "pk"]
        indexes = [
            models.Index(fields=["municipality", "domain", "outcome"]),
            models.Index(fields=["municipality", "concluded_on"]),
        ]

    def __str__(self) -> str:
        return f"Klacht {self.reference}"

    @property
    def is_open(self) -> bool:
        return not self.outcome


class Postponement(models.Model):
    """The verdaging (Awb 9:11 lid 2) or a further postponement with the complainant's
    written consent (lid 3)."""

    complaint = models.ForeignKey(
        Complaint,
        verbose_name=_("klacht"),
        on_delete=models.CASCADE,
        related_name="postponements",
    )
    weeks = models.PositiveSmallIntegerField(_("weken"))
    notified_on = models.DateField(_("bericht verzonden op"))
    consented_on = models.DateField(_("instemming klager op"), null=True, blank=True)
    reason = models.TextField(_("reden"), max_length=MAX_TEXT)

    class Meta:
        verbose_name = _("verdaging")
        verbose_name_plural = _("verdagingen")
        ordering = ["complaint", "notified_on", "pk"]

    def __str__(self) -> str:
        return f"Uitstel met {self.weeks} weken"


class ComplaintRule(ValidityPeriod):
    """The dated rules of Awb art. 9:8 that the case-type catalogue does not hold: how old a
    behaviour may be before the complaint need not be handled (lid 1 onder b) and within how
    many weeks the complainant hears that it is not handled (lid 3). Data, loaded from
    ``data/klachtregels.csv``; a change of law is a new version."""

    behaviour_years = models.PositiveSmallIntegerField(_("gedraging ouder dan (jaren)"))
    notice_weeks = models.PositiveSmallIntegerField(_("bericht niet behandelen binnen (weken)"))
    source = models.TextField(_("bron"))

    class Meta:
        verbose_name = _("klachtregel")
        verbose_name_plural = _("klachtregels")
        ordering = ["-valid_from"]

    def __str__(self) -> str:
        return f"Klachtregels {self.period.label()}"
