"""Beroep and hoger beroep: the appeal against a decision on an objection at the court of
the municipality, and the appeal against the court's ruling at the Centrale Raad van Beroep;
and the terms of the court procedure as dated data.

An appeal belongs to its objection, so to the municipality and domain of the objection's
case: the one access policy scopes it through that case, as it scopes the objection.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from samen.appeals import terms
from samen.cases.models import Case, Decision
from samen.common.periods import Period, ValidityPeriod
from samen.objections.models import Objection, ObjectionOutcome

MAX_COURT = 200
MAX_TEXT = 2_000


class Instance(models.TextChoices):
    BEROEP = terms.Instance.BEROEP, _("Beroep bij de rechtbank")
    HOGER_BEROEP = terms.Instance.HOGER_BEROEP, _("Hoger beroep")


class FiledBy(models.TextChoices):
    INDIENER = terms.FiledBy.INDIENER, _("De inwoner (of diens gemachtigde)")
    COLLEGE = terms.FiledBy.COLLEGE, _("Het college (de gemeente)")


class AppealOutcome(models.TextChoices):
    ONGEGROND = terms.Outcome.ONGEGROND, _("Ongegrond")
    GEGROND = terms.Outcome.GEGROND, _("Gegrond")
    NIET_ONTVANKELIJK = terms.Outcome.NIET_ONTVANKELIJK, _("Niet-ontvankelijk")
    INGETROKKEN = terms.Outcome.INGETROKKEN, _("Ingetrokken")
    SCHIKKING = terms.Outcome.SCHIKKING, _("Schikking")


class Consequence(models.TextChoices):
    GEEN = terms.Consequence.GEEN, _("Niets: de beslissing op bezwaar blijft staan")
    NIEUW_BESLUIT = (
        terms.Consequence.NIEUW_BESLUIT,
        _("Nieuwe beslissing op bezwaar nemen (artikel 8:72 lid 4 Awb)"),
    )
    IN_STAND = (
        terms.Consequence.IN_STAND,
        _("Vernietigd, de rechtsgevolgen blijven in stand (artikel 8:72 lid 3 onder a Awb)"),
    )
    ZELF_VOORZIEN = (
        terms.Consequence.ZELF_VOORZIEN,
        _("Vernietigd, de uitspraak komt in de plaats (artikel 8:72 lid 3 onder b Awb)"),
    )


class CourtTerm(ValidityPeriod):
    """A term of the court procedure (verweerschrift, hoger beroep, the new decision after a
    ruling), loaded from ``data/termijnen.csv``; a change of law is a new version."""

    code = models.SlugField(_("code"), max_length=60)
    weeks = models.PositiveSmallIntegerField(_("weken"))
    court = models.CharField(_("rechter"), max_length=MAX_COURT, blank=True)
    source = models.TextField(_("bron"))

    class Meta:
        verbose_name = _("termijn rechtspraak")
        verbose_name_plural = _("termijnen rechtspraak")
        ordering = ["code", "-valid_from"]

    def __str__(self) -> str:
        return (
            f"{self.code}: {self.weeks} weken ({Period(self.valid_from, self.valid_until).label()})"
        )


class Appeal(models.Model):
    objection = models.ForeignKey(
        Objection, verbose_name=_("bezwaar"), on_delete=models.PROTECT, related_name="appeals"
    )
    instance = models.CharField(_("instantie"), max_length=20, choices=Instance.choices)
    contested = models.ForeignKey(
        Decision,
        verbose_name=_("bestreden beslissing op bezwaar"),
        on_delete=models.PROTECT,
        related_name="appeals",
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("beroep waarvan de uitspraak wordt bestreden"),
        on_delete=models.PROTECT,
        related_name="higher_appeals",
        null=True,
        blank=True,
    )
    court = models.CharField(_("rechter"), max_length=MAX_COURT)
    court_reference = models.CharField(
        _("zaaknummer rechter"), max_length=terms.MAX_COURT_REFERENCE
    )
    filed_on = models.DateField(_("ingesteld op"))
    filed_by = models.CharField(_("ingesteld door"), max_length=20, choices=FiledBy.choices)
    term_end = models.DateField(_("einde beroepstermijn"), null=True, blank=True)
    term_explanation = models.JSONField(_("toelichting beroepstermijn"), default=list)
    # The statement of defence (Awb 8:42): the date the court set, and when we sent it.
    notified_on = models.DateField(
        _("beroepschrift ontvangen van de rechter op"), null=True, blank=True
    )
    defence_due = models.DateField(_("verweerschrift uiterlijk"), null=True, blank=True)
    defence_sent_on = models.DateField(_("verweerschrift verzonden op"), null=True, blank=True)
    hearing_on = models.DateField(_("zitting op"), null=True, blank=True)
    # The ruling (uitspraak), or the end without one (withdrawal, settlement).
    ruling_on = models.DateField(_("uitspraak op"), null=True, blank=True)
    ruling_sent_on = models.DateField(_("uitspraak verzonden op"), null=True, blank=True)
    outcome = models.CharField(
        _("uitkomst"), max_length=20, choices=AppealOutcome.choices, blank=True
    )
    consequence = models.CharField(
        _("gevolg"), max_length=20, choices=Consequence.choices, blank=True
    )
    higher_appeal_term_end = models.DateField(
        _("einde termijn hoger beroep"), null=True, blank=True
    )
    higher_appeal_explanation = models.JSONField(
        _("toelichting termijn hoger beroep"), default=list
    )
    # A new decision on the objection ordered by the ruling (Awb 8:72 lid 4): its term and
    # the case on which it is taken.
    new_decision_due = models.DateField(_("nieuwe beslissing uiterlijk"), null=True, blank=True)
    new_decision_explanation = models.JSONField(_("toelichting termijn"), default=list)
    new_case = models.OneToOneField(
        Case,
        verbose_name=_("zaak nieuwe beslissing op bezwaar"),
        on_delete=models.PROTECT,
        related_name="appeal_ordering",
        null=True,
        blank=True,
    )
    new_outcome = models.CharField(
        _("uitkomst nieuwe beslissing op bezwaar"),
        max_length=20,
        choices=ObjectionOutcome.choices,
        blank=True,
    )
    follow_up = models.TextField(_("vervolg"), max_length=MAX_TEXT, blank=True)
    version = models.PositiveIntegerField(_("versie"), default=1)
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)

    class Meta:
        verbose_name = _("beroep")
        verbose_name_plural = _("beroepen")
        ordering = ["objection", "filed_on", "pk"]

    def __str__(self) -> str:
        return f"{self.get_instance_display()} {self.court_reference}"

    @property
    def is_higher(self) -> bool:
        return self.instance == Instance.HOGER_BEROEP

    @property
    def ended(self) -> bool:
        return self.ruling_on is not None
