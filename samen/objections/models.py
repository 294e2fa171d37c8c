"""Objections (bezwaar): the objection-specific record next to the case that carries its
term, worklist, deadline and mandate, and the penalty rules for not deciding in time.

An objection belongs to the municipality and domain of the contested decision's case; its
own case (type ``bezwaar`` or ``bezwaar-adviescommissie``) is opened for the same resident,
so the one access policy scopes both through :class:`samen.cases.models.Case`.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from samen.cases.models import Case, Decision
from samen.common.periods import ValidityPeriod
from samen.organisation.models import Staff

MAX_GROUNDS = 10_000
MAX_TEXT = 2_000
MAX_MINUTES = 20_000
MAX_NAME = 200
MAX_PLACE = 200


class ReceivedVia(models.TextChoices):
    POST = "post", _("Per post")
    DIGITAAL = "digitaal", _("Digitaal (formulier of e-mail)")
    BALIE = "balie", _("Aan de balie")
    FAX = "fax", _("Per fax")


class Timeliness(models.TextChoices):
    TIJDIG = "tijdig", _("Op tijd")
    TIJDIG_PER_POST = "tijdig_per_post", _("Op tijd op de post gedaan")
    TE_LAAT = "te_laat", _("Te laat")
    TE_VROEG = "te_vroeg", _("Vóór de bekendmaking")


class HearingSkipped(models.TextChoices):
    """Awb art. 7:3: the objector need not be heard when ..."""

    A = "a", _("a. het bezwaar kennelijk niet-ontvankelijk is")
    B = "b", _("b. het bezwaar kennelijk ongegrond is")
    C = (
        "c",
        _("c. de indiener heeft verklaard geen gebruik te maken van het recht te worden gehoord"),
    )
    D = (
        "d",
        _(
            "d. de indiener niet binnen de gestelde termijn heeft verklaard te willen worden "
            "gehoord"
        ),
    )
    E = "e", _("e. aan het bezwaar volledig tegemoet wordt gekomen")


class ObjectionOutcome(models.TextChoices):
    NIET_ONTVANKELIJK = "niet_ontvankelijk", _("Niet-ontvankelijk")
    ONGEGROND = "ongegrond", _("Ongegrond")
    GEGROND = "gegrond", _("Gegrond")
    DEELS_GEGROND = "deels_gegrond", _("Deels gegrond")
    INGETROKKEN = "ingetrokken", _("Ingetrokken")


class Objection(models.Model):
    case = models.OneToOneField(
        Case, verbose_name=_("zaak"), on_delete=models.PROTECT, related_name="objection"
    )
    contested = models.ForeignKey(
        Decision,
        verbose_name=_("bestreden besluit"),
        on_delete=models.PROTECT,
        related_name="objections",
    )
    announced_on = models.DateField(_("besluit bekendgemaakt op"))
    term_end = models.DateField(_("einde bezwaartermijn"))
    term_explanation = models.JSONField(_("toelichting bezwaartermijn"), default=list)
    filed_on = models.DateField(_("bezwaar ontvangen op"))
    posted_on = models.DateField(_("op de post gedaan op"), null=True, blank=True)
    received_via = models.CharField(_("ontvangen"), max_length=20, choices=ReceivedVia.choices)
    grounds = models.TextField(_("gronden van het bezwaar"), max_length=MAX_GROUNDS)
    objector_name = models.CharField(_("indiener"), max_length=MAX_NAME)
    by_representative = models.BooleanField(_("ingediend door een gemachtigde"), default=False)
    committee = models.BooleanField(_("met adviescommissie"), default=False)
    timeliness = models.CharField(_("termijn"), max_length=20, choices=Timeliness.choices)
    excuse = models.TextField(
        _("reden verschoonbare termijnoverschrijding"), max_length=MAX_TEXT, blank=True
    )
    # Hearing (Awb 7:2) or the ground to skip it (7:3).
    hearing_on = models.DateField(_("hoorzitting op"), null=True, blank=True)
    hearing_time = models.TimeField(_("aanvang hoorzitting"), null=True, blank=True)
    hearing_place = models.CharField(_("plaats hoorzitting"), max_length=MAX_PLACE, blank=True)
    invited_on = models.DateField(_("uitnodiging verstuurd op"), null=True, blank=True)
    minutes = models.TextField(_("verslag hoorzitting"), max_length=MAX_MINUTES, blank=True)
    hearing_skipped = models.CharField(
        _("afgezien van horen"), max_length=1, choices=HearingSkipped.choices, blank=True
    )
    # Outcome: the decision on the objection (pw-beslissing-op-bezwaar) on the own case.
    outcome = models.CharField(
        _("uitkomst"), max_length=20, choices=ObjectionOutcome.choices, blank=True
    )
    decision = models.OneToOneField(
        Decision,
        verbose_name=_("beslissing op bezwaar"),
        on_delete=models.PROTECT,
        related_name="objection_decided",
        null=True,
        blank=True,
    )
    revokes = models.BooleanField(_("bestreden besluit herroepen of gewijzigd"), default=False)
    follow_up = models.TextField(_("vervolg"), max_length=MAX_TEXT, blank=True)
    version = models.PositiveIntegerField(_("versie"), default=1)
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)

    class Meta:
        verbose_name = _("bezwaar")
        verbose_name_plural = _("bezwaren")
        ordering = ["case__deadline", "pk"]

    def __str__(self) -> str:
        return f"Bezwaar {self.case.reference}"


class Postponement(models.Model):
    """The one verdaging (Awb 7:10 lid 3) or a further postponement with consent (lid 4)."""

    objection = models.ForeignKey(
        Objection, verbose_name=_("bezwaar"), on_delete=models.CASCADE, related_name="postponements"
    )
    weeks = models.PositiveSmallIntegerField(_("weken"))
    notified_on = models.DateField(_("bericht verzonden op"))
    consented_on = models.DateField(_("instemming indiener op"), null=True, blank=True)
    reason = models.TextField(_("reden"), max_length=MAX_TEXT)

    class Meta:
        verbose_name = _("verdaging")
        verbose_name_plural = _("verdagingen")
        ordering = ["objection", "notified_on", "pk"]

    def __str__(self) -> str:
        return f"Uitstel met {self.weeks} weken"


class NoticeOfDefault(models.Model):
    """A written notice of default (ingebrekestelling, Awb 4:17 lid 3) on any case with a
    decision term."""

    case = models.OneToOneField(
        Case, verbose_name=_("zaak"), on_delete=models.PROTECT, related_name="notice_of_default"
    )
    received_on = models.DateField(_("ingebrekestelling ontvangen op"))
    recorded_by = models.ForeignKey(
        Staff, verbose_name=_("vastgelegd door"), on_delete=models.PROTECT, null=True
    )
    created_at = models.DateTimeField(_("vastgelegd op"), auto_now_add=True)

    class Meta:
        verbose_name = _("ingebrekestelling")
        verbose_name_plural = _("ingebrekestellingen")

    def __str__(self) -> str:
        return f"Ingebrekestelling van {self.received_on:%d-%m-%Y}"


class PenaltyRule(ValidityPeriod):
    """Awb 4:17: the days after the notice before the penalty runs, with its tiers. Data,
    loaded from ``data/dwangsom.csv``; a change of law is a new version."""

    grace_days = models.PositiveSmallIntegerField(_("dagen na ingebrekestelling"))
    source = models.TextField(_("bron"))

    class Meta:
        verbose_name = _("dwangsomregel")
        verbose_name_plural = _("dwangsomregels")
        ordering = ["-valid_from"]

    def __str__(self) -> str:
        return f"Dwangsom {self.period.label()}"


class PenaltyTier(models.Model):
    rule = models.ForeignKey(
        PenaltyRule, verbose_name=_("regel"), on_delete=models.CASCADE, related_name="tiers"
    )
    first_day = models.PositiveSmallIntegerField(_("van dag"))
    last_day = models.PositiveSmallIntegerField(_("tot en met dag"))
    per_day = models.DecimalField(_("bedrag per dag"), max_digits=7, decimal_places=2)

    class Meta:
        verbose_name = _("staffel")
        verbose_name_plural = _("staffels")
        ordering = ["rule", "first_day"]

    def __str__(self) -> str:
        return f"Dag {self.first_day} tot en met {self.last_day}: € {self.per_day} per dag"


class FixedPenalty(models.Model):
    """The penalty for not deciding in time as the college fixed it (Awb 4:18: within two
    weeks after the last day it was forfeited), with the account the applicant is paid on.
    One per case; income pays it once in the next payment run (``samen.income.one_offs``)."""

    case = models.OneToOneField(
        Case, verbose_name=_("zaak"), on_delete=models.PROTECT, related_name="fixed_penalty"
    )
    amount = models.DecimalField(_("bedrag"), max_digits=9, decimal_places=2)
    days = models.PositiveSmallIntegerField(_("dagen in gebreke"))
    fixed_on = models.DateField(_("vastgesteld op"))
    iban = models.CharField(_("IBAN"), max_length=34)
    fixed_by = models.ForeignKey(
        Staff, verbose_name=_("vastgesteld door"), on_delete=models.PROTECT, null=True
    )
    created_at = models.DateTimeField(_("vastgelegd op"), auto_now_add=True)

    class Meta:
        verbose_name = _("vastgestelde dwangsom")
        verbose_name_plural = _("vastgestelde dwangsommen")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount__gt=0), name="objections_fixed_penalty_amount"
            )
        ]

    def __str__(self) -> str:
        return f"Dwangsom € {self.amount} ({self.fixed_on:%d-%m-%Y})"
