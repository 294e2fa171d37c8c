"""Fines (bestuurlijke boete, Participatiewet art. 18a) and measures (maatregelen, art. 18
lid 2): the dated rules they are calculated by, and the fines and measures themselves.

A fine and a measure carry the municipality, domain and confidentiality of the benefit they
concern, so the one access policy scopes them as it scopes the benefit
(:meth:`samen.access.policy.Policy.scope_records`). Rules that change by date are rows with
a validity period and the source they were read from, loaded from ``data/*.csv`` by
migrations and editable in admin.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from samen.access.models import Confidentiality
from samen.common.periods import ValidityPeriod

MAX_TEXT = 2_000
MAX_REFERENCE = 80
MAX_SOURCE = 1_000


class Blame(models.TextChoices):
    OPZET = "opzet", _("Opzet")
    GROVE_SCHULD = "grove_schuld", _("Grove schuld")
    GEEN = "geen", _("Geen opzet en geen grove schuld")
    VERMINDERD = "verminderd", _("Verminderde verwijtbaarheid")


class BlameRate(ValidityPeriod):
    """The fine as a percentage of its maximum per degree of blame (Boetebesluit
    socialezekerheidswetten)."""

    blame = models.CharField(_("mate van verwijtbaarheid"), max_length=20, choices=Blame.choices)
    percentage = models.DecimalField(_("percentage"), max_digits=5, decimal_places=2)
    source = models.CharField(_("bron"), max_length=MAX_SOURCE)

    class Meta:
        verbose_name = _("boetepercentage")
        verbose_name_plural = _("boetepercentages")
        ordering = ["blame", "-valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["blame", "valid_from"], name="sanctions_blame_once"),
            models.CheckConstraint(
                condition=Q(percentage__gt=0, percentage__lte=100), name="sanctions_blame_pct"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_blame_display()} {self.percentage} % vanaf {self.valid_from}"


class CriminalFineCategory(ValidityPeriod):
    """The amount of a category of Wetboek van Strafrecht art. 23 lid 4, indexed every two
    years (lid 9)."""

    category = models.PositiveSmallIntegerField(_("categorie"))
    amount = models.DecimalField(_("bedrag"), max_digits=12, decimal_places=2)
    source = models.CharField(_("bron"), max_length=MAX_SOURCE)

    class Meta:
        verbose_name = _("boetecategorie Wetboek van Strafrecht")
        verbose_name_plural = _("boetecategorieën Wetboek van Strafrecht")
        ordering = ["category", "-valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["category", "valid_from"], name="sanctions_category_once"
            ),
            models.CheckConstraint(condition=Q(amount__gt=0), name="sanctions_category_amount"),
        ]

    def __str__(self) -> str:
        return f"Categorie {self.category}: {self.amount} vanaf {self.valid_from}"


class FineRule(ValidityPeriod):
    """The other dated figures of art. 18a and the Boetebesluit: the warning threshold and
    period, the recidive period and percentage."""

    warning_max = models.DecimalField(
        _("waarschuwing tot benadelingsbedrag"), max_digits=12, decimal_places=2
    )
    warning_years = models.PositiveSmallIntegerField(_("geen waarschuwing of boete in (jaren)"))
    recidive_years = models.PositiveSmallIntegerField(_("recidivetermijn (jaren)"))
    recidive_percentage = models.DecimalField(
        _("percentage bij recidive"), max_digits=5, decimal_places=2
    )
    source = models.CharField(_("bron"), max_length=MAX_SOURCE)

    class Meta:
        verbose_name = _("boeteregel")
        verbose_name_plural = _("boeteregels")
        ordering = ["-valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["valid_from"], name="sanctions_fine_rule_once"),
        ]

    def __str__(self) -> str:
        return f"Boeteregels vanaf {self.valid_from}"


class FineStatus(models.TextChoices):
    BEREKEND = "berekend", _("Berekend, nog geen besluit")
    OPGELEGD = "opgelegd", _("Boete opgelegd")
    WAARSCHUWING = "waarschuwing", _("Schriftelijke waarschuwing gegeven")
    AFGEZIEN = "afgezien", _("Afgezien (dringende redenen)")


class Fine(models.Model):
    """A fine for a breach of the duty to inform on one benefit: its calculation, the case
    it is decided on, the decision and the claim it became."""

    benefit = models.ForeignKey(
        "income.Benefit",
        verbose_name=_("uitkering"),
        on_delete=models.PROTECT,
        related_name="fines",
    )
    person = models.ForeignKey(
        "people.Person", verbose_name=_("klant"), on_delete=models.PROTECT, related_name="fines"
    )
    municipality = models.ForeignKey(
        "organisation.Municipality",
        verbose_name=_("gemeente"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    domain = models.ForeignKey(
        "organisation.Domain",
        verbose_name=_("domein"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    confidentiality = models.PositiveSmallIntegerField(
        _("vertrouwelijkheid"),
        choices=Confidentiality.choices,
        default=Confidentiality.ZAAKVERTROUWELIJK,
    )
    case = models.OneToOneField(
        "cases.Case", verbose_name=_("zaak"), on_delete=models.PROTECT, related_name="fine"
    )
    breach_on = models.DateField(_("datum van de gedraging"))
    #: the day of the boeterapport: the case's decision term (Awb 5:51) runs from it
    report_on = models.DateField(_("datum boeterapport"))
    breach = models.TextField(_("welke plicht is geschonden"), max_length=MAX_TEXT)
    detriment = models.DecimalField(_("benadelingsbedrag"), max_digits=12, decimal_places=2)
    blame = models.CharField(_("mate van verwijtbaarheid"), max_length=20, choices=Blame.choices)
    previous_fine_on = models.DateField(_("datum eerdere boete"), null=True, blank=True)
    previous_warning_or_fine_on = models.DateField(
        _("datum laatste waarschuwing of boete"), null=True, blank=True
    )
    warning_requested = models.BooleanField(_("waarschuwing in plaats van boete"), default=False)
    urgent_reasons = models.TextField(_("dringende redenen"), max_length=MAX_TEXT, blank=True)
    #: a loose reference to an investigation (fraudeonderzoek) of the enforcement app
    investigation_reference = models.CharField(
        _("kenmerk onderzoek"), max_length=MAX_REFERENCE, blank=True
    )
    result = models.CharField(_("uitkomst berekening"), max_length=20)
    amount = models.DecimalField(_("boete"), max_digits=12, decimal_places=2)
    steps = models.JSONField(_("berekening"), default=list)
    status = models.CharField(
        _("status"), max_length=20, choices=FineStatus.choices, default=FineStatus.BEREKEND
    )
    decision = models.OneToOneField(
        "cases.Decision",
        verbose_name=_("besluit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="fine",
    )
    claim = models.OneToOneField(
        "recovery.Claim",
        verbose_name=_("vordering"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="fine",
    )
    recorded_by = models.CharField(_("vastgelegd door"), max_length=200)
    version = models.PositiveIntegerField(_("versie"), default=1)
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)

    class Meta:
        verbose_name = _("boete")
        verbose_name_plural = _("boetes")
        ordering = ["-breach_on", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(detriment__gte=0), name="sanctions_fine_detriment"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="sanctions_fine_amount"),
        ]

    def __str__(self) -> str:
        return f"Boete {self.pk}"

    @property
    def reference(self) -> str:
        return f"BOETE-{self.pk:08d}"


class MeasureRule(ValidityPeriod):
    """A municipality's verordening: per kind of breach of an obligation, the percentage the
    benefit is lowered by and for how many months."""

    #: the CBS code of the municipality whose verordening this is (data can be loaded
    #: before the municipality is registered)
    municipality_code = models.CharField(_("CBS-code gemeente"), max_length=6)
    code = models.SlugField(_("code"), max_length=60)
    name = models.CharField(_("gedraging"), max_length=200)
    percentage = models.DecimalField(_("verlaging (%)"), max_digits=5, decimal_places=2)
    months = models.PositiveSmallIntegerField(_("duur (maanden)"))
    source = models.CharField(_("bron"), max_length=MAX_SOURCE)
    example = models.BooleanField(
        _("voorbeeld"),
        default=False,
        help_text=_("Een voorbeeldregel, niet de vastgestelde verordening van de gemeente."),
    )

    class Meta:
        verbose_name = _("maatregelregel")
        verbose_name_plural = _("maatregelregels")
        ordering = ["municipality_code", "code", "-valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality_code", "code", "valid_from"],
                name="sanctions_measure_rule_once",
            ),
            models.CheckConstraint(
                condition=Q(percentage__gt=0, percentage__lte=100), name="sanctions_rule_pct"
            ),
            models.CheckConstraint(condition=Q(months__gte=1), name="sanctions_rule_months"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.percentage} %, {self.months} mnd)"


class Measure(models.Model):
    """A measure recorded on a benefit: the benefit is lowered by ``percentage`` for
    ``months`` calendar months from ``start_month``, in the payment run."""

    benefit = models.ForeignKey(
        "income.Benefit",
        verbose_name=_("uitkering"),
        on_delete=models.PROTECT,
        related_name="measures",
    )
    person = models.ForeignKey(
        "people.Person",
        verbose_name=_("klant"),
        on_delete=models.PROTECT,
        related_name="measures",
    )
    municipality = models.ForeignKey(
        "organisation.Municipality",
        verbose_name=_("gemeente"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    domain = models.ForeignKey(
        "organisation.Domain",
        verbose_name=_("domein"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    confidentiality = models.PositiveSmallIntegerField(
        _("vertrouwelijkheid"),
        choices=Confidentiality.choices,
        default=Confidentiality.ZAAKVERTROUWELIJK,
    )
    rule = models.ForeignKey(
        MeasureRule,
        verbose_name=_("regel uit de verordening"),
        on_delete=models.PROTECT,
        related_name="measures",
    )
    breach_on = models.DateField(_("datum van de gedraging"))
    start_month = models.DateField(_("eerste maand"))
    months = models.PositiveSmallIntegerField(_("duur (maanden)"))
    percentage = models.DecimalField(_("verlaging (%)"), max_digits=5, decimal_places=2)
    reason = models.TextField(_("toelichting"), max_length=MAX_TEXT)
    recorded_by = models.CharField(_("vastgelegd door"), max_length=200)
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)

    class Meta:
        verbose_name = _("maatregel")
        verbose_name_plural = _("maatregelen")
        ordering = ["-start_month", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(percentage__gt=0, percentage__lte=100), name="sanctions_measure_pct"
            ),
            models.CheckConstraint(condition=Q(months__gte=1), name="sanctions_measure_months"),
        ]

    def __str__(self) -> str:
        return f"Maatregel {self.pk}"
