"""The KPI catalogue, the DVO of each partner with its norms, figures entered by hand, and
the four-monthly reports (bestuursrapportages) with their frozen figures.

Computed figures are kept as the latest result of each computation (:class:`ComputedValue`,
refreshed nightly and on demand through the registry of :mod:`samen.common.kpis`), which a
report that is not published shows. Publishing freezes them as :class:`ReportFigure` rows
(value, numerator, denominator, the query and the norm in force), so a published report
shows the same figures after late corrections.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from samen.common import kpis
from samen.common.periods import ValidityPeriod
from samen.organisation.models import Municipality
from samen.steering.marap import DueTerms

MAX_ANALYSIS = 20_000
MAX_NOTE = 300


class Unit(models.TextChoices):
    PERCENT = "procent", _("procent")
    COUNT = "aantal", _("aantal")
    AMOUNT = "bedrag", _("bedrag in euro")
    GRADE = "cijfer", _("rapportcijfer")


class Direction(models.TextChoices):
    HIGHER = "hoger", _("hoger is beter")
    LOWER = "lager", _("lager is beter")


class Comparator(models.TextChoices):
    GT = ">", _("meer dan")
    GTE = ">=", _("ten minste")
    LT = "<", _("minder dan")
    LTE = "<=", _("ten hoogste")
    EQ = "=", _("gelijk aan")
    INFO = "info", _("streefwaarde of ter informatie (geen oordeel)")


class Kpi(models.Model):
    """One indicator: what is counted, over which population and period, and how it is
    obtained (a registered computation, or entered by hand when ``computation`` is empty)."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("naam"), max_length=200)
    definition = models.TextField(
        _("definitie"),
        max_length=2_000,
        help_text=_("Wat wordt geteld, over welke groep en welke periode."),
    )
    unit = models.CharField(_("eenheid"), max_length=10, choices=Unit.choices)
    direction = models.CharField(_("richting"), max_length=10, choices=Direction.choices)
    computation = models.CharField(
        _("berekening"),
        max_length=100,
        blank=True,
        help_text=_("De code van de geregistreerde berekening; leeg: wordt met de hand ingevoerd."),
    )
    source = models.CharField(_("bron"), max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(_("volgorde"), default=100)

    class Meta:
        verbose_name = _("KPI")
        verbose_name_plural = _("KPI-catalogus")
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_manual(self) -> bool:
        return not self.computation

    def clean(self) -> None:
        if self.computation and kpis.computation(self.computation) is None:
            raise ValidationError(
                {
                    "computation": _(
                        "Er is geen berekening met deze code. Laat het veld leeg als de KPI met "
                        "de hand wordt ingevoerd."
                    )
                }
            )


class PeriodNumber(models.IntegerChoices):
    """Which period of the year a report or a figure entered by hand covers."""

    YEAR = 0, _("het hele jaar (jaarcijfers)")
    FIRST = 1, _("januari-april")
    SECOND = 2, _("mei-augustus")
    THIRD = 3, _("september-december")


class Dvo(ValidityPeriod):
    """The service agreement (dienstverleningsovereenkomst) of one municipality for a period:
    the KPIs it steers on, each with its norm, and its reporting calendar (when the
    four-monthly report and the annual figures are due)."""

    municipality = models.ForeignKey(
        Municipality, verbose_name=_("gemeente"), on_delete=models.PROTECT, related_name="dvos"
    )
    name = models.CharField(_("naam"), max_length=200)
    source = models.CharField(
        _("bron"),
        max_length=300,
        help_text=_("De overeenkomst of het besluit waar de normen staan."),
    )
    report_due_days = models.PositiveSmallIntegerField(
        _("bestuursrapportage klaar binnen (dagen)"),
        validators=[MinValueValidator(1), MaxValueValidator(365)],
        help_text=_(
            "Zoveel dagen na het eind van een periode van vier maanden is de "
            "bestuursrapportage uiterlijk klaar."
        ),
    )
    annual_due_month = models.PositiveSmallIntegerField(
        _("jaarcijfers klaar: maand"),
        validators=[MinValueValidator(1), MaxValueValidator(12)],
        help_text=_("De maand van het volgende jaar waarin de jaarcijfers uiterlijk klaar zijn."),
    )
    annual_due_day = models.PositiveSmallIntegerField(
        _("jaarcijfers klaar: dag"),
        validators=[MinValueValidator(1), MaxValueValidator(31)],
        help_text=_("De dag van die maand."),
    )

    class Meta:
        verbose_name = _("DVO")
        verbose_name_plural = _("DVO's")
        ordering = ["municipality__name", "valid_from"]

    def __str__(self) -> str:
        return f"{self.name} ({self.period.label()})"

    @property
    def due_terms(self) -> DueTerms:
        return DueTerms(self.report_due_days, self.annual_due_month, self.annual_due_day)

    def clean(self) -> None:
        self.clean_period()
        if self.annual_due_month and self.annual_due_day:
            try:
                dt.date(2027, self.annual_due_month, self.annual_due_day)  # not a leap year
            except ValueError:
                raise ValidationError(
                    {"annual_due_day": _("Die dag bestaat niet in elk jaar in die maand.")}
                ) from None
        if self.municipality_id:
            self.refuse_overlap(
                Dvo.objects.filter(municipality_id=self.municipality_id),
                str(_("Deze gemeente heeft in die periode al een DVO ({other}).")),
            )


class DvoNorm(models.Model):
    """The norm of one KPI in one DVO: a comparator and a value (a percentage, a target count
    or an amount); ``info`` shows the value beside the figure without judging it."""

    dvo = models.ForeignKey(
        Dvo, verbose_name=_("DVO"), on_delete=models.CASCADE, related_name="norms"
    )
    kpi = models.ForeignKey(
        Kpi, verbose_name=_("KPI"), on_delete=models.PROTECT, related_name="norms"
    )
    comparator = models.CharField(_("vergelijking"), max_length=4, choices=Comparator.choices)
    value = models.DecimalField(
        _("normwaarde"),
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(10**11)],
        max_digits=14,
        decimal_places=2,
    )
    annual_value = models.DecimalField(
        _("normwaarde over het jaar"),
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(10**11)],
        max_digits=14,
        decimal_places=2,
        help_text=_(
            "Alleen als de norm over het hele jaar een andere waarde heeft dan over "
            "vier maanden (een aantal per periode); leeg: dezelfde waarde."
        ),
    )
    note = models.CharField(_("toelichting"), max_length=MAX_NOTE, blank=True)

    class Meta:
        verbose_name = _("norm")
        verbose_name_plural = _("normen")
        ordering = ["dvo", "kpi__order", "kpi__code"]
        constraints = [models.UniqueConstraint(fields=["dvo", "kpi"], name="steering_norm_once")]

    def __str__(self) -> str:
        return f"{self.kpi}: {self.comparator} {self.value if self.value is not None else ''}"

    def value_for(self, whole_year: bool) -> Any:
        """The norm's value over a four-month period, or over the whole year."""
        if whole_year and self.annual_value is not None:
            return self.annual_value
        return self.value

    def clean(self) -> None:
        if self.comparator and self.comparator != Comparator.INFO and self.value is None:
            raise ValidationError({"value": _("Vul de normwaarde in.")})


class ManualValue(models.Model):
    """A KPI figure entered by hand for one municipality and Marap period (or the whole
    year, number 0), for a KPI whose data the product does not hold yet; the report marks it
    as entered by hand."""

    kpi = models.ForeignKey(Kpi, verbose_name=_("KPI"), on_delete=models.PROTECT, related_name="+")
    municipality = models.ForeignKey(
        Municipality, verbose_name=_("gemeente"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(
        _("jaar"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    number = models.PositiveSmallIntegerField(_("periode"), choices=PeriodNumber.choices)
    value = models.DecimalField(_("waarde"), max_digits=14, decimal_places=2)
    numerator = models.DecimalField(
        _("teller"), null=True, blank=True, max_digits=14, decimal_places=2
    )
    denominator = models.DecimalField(
        _("noemer"), null=True, blank=True, max_digits=14, decimal_places=2
    )
    note = models.CharField(_("toelichting en bron"), max_length=MAX_NOTE)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ingevoerd door"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("ingevoerd op"))
    version = models.PositiveIntegerField(_("versie"), default=1)

    class Meta:
        verbose_name = _("handmatig ingevoerde waarde")
        verbose_name_plural = _("handmatig ingevoerde waarden")
        ordering = ["municipality__name", "year", "number", "kpi__order"]
        constraints = [
            models.UniqueConstraint(
                fields=["kpi", "municipality", "year", "number"], name="steering_manual_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kpi} {self.municipality} {self.year}-{self.number}: {self.value}"


class Report(models.Model):
    """The bestuursrapportage of one municipality over one Marap period, or its annual
    figures (jaarcijfers, number 0) with the caseload analysis: the staff's analysis and,
    once published, the frozen figures."""

    class Status(models.TextChoices):
        DRAFT = "concept", _("concept")
        PUBLISHED = "gepubliceerd", _("gepubliceerd")

    municipality = models.ForeignKey(
        Municipality, verbose_name=_("gemeente"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("jaar"))
    number = models.PositiveSmallIntegerField(_("periode"), choices=PeriodNumber.choices)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    analysis = models.TextField(_("analyse"), max_length=MAX_ANALYSIS, blank=True)
    analysis_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("analyse door"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    analysis_at = models.DateTimeField(_("analyse bijgewerkt op"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("gepubliceerd door"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    published_at = models.DateTimeField(_("gepubliceerd op"), null=True, blank=True)
    version = models.PositiveIntegerField(_("versie"), default=1)

    class Meta:
        verbose_name = _("bestuursrapportage")
        verbose_name_plural = _("bestuursrapportages")
        ordering = ["municipality__name", "-year", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "year", "number"], name="steering_report_once"
            )
        ]
        permissions = [
            ("write_analysis", _("Mag de analyse van een bestuursrapportage schrijven")),
            ("publish_report", _("Mag een bestuursrapportage publiceren (cijfers bevriezen)")),
            ("enter_figures", _("Mag KPI-waarden met de hand invoeren")),
        ]

    def __str__(self) -> str:
        if self.number == PeriodNumber.YEAR:
            return f"{self.municipality} {self.year}"
        return f"{self.municipality} {self.year}-{self.number}"

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED


class ReportFigure(models.Model):
    """One frozen figure of a published report: what the report showed, with the inputs of
    its computation and the norm in force, copied so later changes to data, catalogue or
    norms do not change it."""

    class Origin(models.TextChoices):
        COMPUTED = "berekend", _("berekend")
        MANUAL = "handmatig", _("handmatig")
        NONE = "geen", _("geen gegevens")

    class Part(models.TextChoices):
        KPI = "kpi", _("KPI van de DVO")
        CASELOAD = "bestandsanalyse", _("bestandsanalyse van de jaarcijfers")

    report = models.ForeignKey(
        Report, verbose_name=_("rapportage"), on_delete=models.PROTECT, related_name="figures"
    )
    kpi_code = models.SlugField(_("KPI-code"), max_length=60)
    kpi_name = models.CharField(_("KPI"), max_length=200)
    unit = models.CharField(_("eenheid"), max_length=10, choices=Unit.choices)
    direction = models.CharField(_("richting"), max_length=10, choices=Direction.choices)
    comparator = models.CharField(_("vergelijking"), max_length=4, choices=Comparator.choices)
    norm_value = models.DecimalField(_("normwaarde"), null=True, max_digits=14, decimal_places=2)
    norm_note = models.CharField(_("toelichting norm"), max_length=MAX_NOTE, blank=True)
    origin = models.CharField(_("herkomst"), max_length=10, choices=Origin.choices)
    value = models.DecimalField(_("waarde"), null=True, max_digits=14, decimal_places=2)
    numerator = models.DecimalField(_("teller"), null=True, max_digits=14, decimal_places=2)
    denominator = models.DecimalField(_("noemer"), null=True, max_digits=14, decimal_places=2)
    query = models.TextField(_("berekening"), blank=True)
    breakdown = models.JSONField(_("uitsplitsing"), default=list, blank=True)
    part = models.CharField(_("onderdeel"), max_length=16, choices=Part.choices, default=Part.KPI)
    position = models.PositiveSmallIntegerField(_("volgorde"))

    class Meta:
        verbose_name = _("bevroren cijfer")
        verbose_name_plural = _("bevroren cijfers")
        ordering = ["report", "position"]
        constraints = [
            models.UniqueConstraint(fields=["report", "kpi_code"], name="steering_figure_once")
        ]

    def __str__(self) -> str:
        return f"{self.report} {self.kpi_code}: {self.value}"


class ComputedValue(models.Model):
    """The latest computed result of one registered computation for one municipality and
    Marap period (or year, number 0): what the report pages, dashboards and the API read
    instead of computing live (as municipal BI keeps its figures). Refreshed nightly and on
    demand by :func:`samen.steering.computed.refresh_figures` through the registry; a period
    without rows is computed once when first shown. Aggregates only, never a person.

    Keyed by the computation's code (``code``), not the KPI's: the result does not depend on
    the catalogue or the norm. ``part`` *bestandsanalyse*: a figure of the annual caseload
    analysis (its code as in :mod:`samen.steering.annual`)."""

    municipality = models.ForeignKey(
        Municipality, verbose_name=_("gemeente"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("jaar"))
    number = models.PositiveSmallIntegerField(_("periode"), choices=PeriodNumber.choices)
    part = models.CharField(
        _("onderdeel"),
        max_length=16,
        choices=ReportFigure.Part.choices,
        default=ReportFigure.Part.KPI,
    )
    code = models.CharField(_("berekening"), max_length=100)
    value = models.DecimalField(_("waarde"), null=True, max_digits=14, decimal_places=2)
    numerator = models.DecimalField(_("teller"), null=True, max_digits=14, decimal_places=2)
    denominator = models.DecimalField(_("noemer"), null=True, max_digits=14, decimal_places=2)
    query = models.TextField(_("hoe berekend"), blank=True)
    breakdown = models.JSONField(_("uitsplitsing"), default=list, blank=True)
    computed_at = models.DateTimeField(_("berekend op"))

    class Meta:
        verbose_name = _("berekend cijfer")
        verbose_name_plural = _("berekende cijfers")
        ordering = ["municipality__name", "year", "number", "part", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "year", "number", "part", "code"],
                name="steering_computed_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.municipality} {self.year}-{self.number} {self.code}: {self.value}"


class CountBasis(models.TextChoices):
    AVERAGE = "gemiddelde", _("gemiddelde van de maandelijks lopende uitkeringsdossiers")
    REFERENCE_DATE = "peildatum", _("aantal lopende uitkeringsdossiers op een peildatum")


MAX_AMOUNT = 10**11


def _amount_field(label: Any) -> models.DecimalField:
    return models.DecimalField(
        label,
        max_digits=14,
        decimal_places=2,
        validators=[MinValueValidator(0), MaxValueValidator(MAX_AMOUNT)],
    )


class CostYear(models.Model):
    """The execution costs of SZMH in one year, to be divided over the members by dossiers
    (GR art. 13 lid 2), with the count basis chosen for that year."""

    year = models.PositiveSmallIntegerField(
        _("jaar"), unique=True, validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    total = _amount_field(_("uitvoeringskosten (totaal)"))
    description = models.CharField(_("omschrijving"), max_length=MAX_NOTE)
    source = models.CharField(
        _("bron"), max_length=MAX_NOTE, help_text=_("De jaarrekening, begroting of het besluit.")
    )
    count_basis = models.CharField(_("telgrondslag"), max_length=10, choices=CountBasis.choices)
    reference_date = models.DateField(_("peildatum"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ingevoerd door"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("ingevoerd op"))
    version = models.PositiveIntegerField(_("versie"), default=1)

    class Meta:
        verbose_name = _("uitvoeringskosten van een jaar")
        verbose_name_plural = _("uitvoeringskosten")
        ordering = ["-year"]
        permissions = [("enter_costs", _("Mag uitvoeringskosten en additionele diensten invoeren"))]

    def __str__(self) -> str:
        return f"{self.year}: {self.total}"

    def clean(self) -> None:
        if self.count_basis == CountBasis.REFERENCE_DATE:
            if self.reference_date is None:
                raise ValidationError({"reference_date": _("Vul de peildatum in.")})
            if self.reference_date.year != self.year:
                raise ValidationError({"reference_date": _("De peildatum ligt in het jaar zelf.")})
        elif self.reference_date is not None:
            raise ValidationError(
                {"reference_date": _("Een peildatum hoort alleen bij de telgrondslag peildatum.")}
            )


class AdditionalService(models.Model):
    """Additional service (additionele dienstverlening) one municipality asked for in a year,
    billed to it whole and not shared."""

    cost_year = models.ForeignKey(
        CostYear, verbose_name=_("jaar"), on_delete=models.CASCADE, related_name="services"
    )
    municipality = models.ForeignKey(
        Municipality, verbose_name=_("gemeente"), on_delete=models.PROTECT, related_name="+"
    )
    description = models.CharField(_("wat"), max_length=MAX_NOTE)
    amount = _amount_field(_("bedrag"))
    requested = models.CharField(
        _("aangevraagd door"),
        max_length=MAX_NOTE,
        help_text=_("Wie bij de gemeente erom vroeg, met het besluit of de brief."),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ingevoerd door"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("ingevoerd op"))

    class Meta:
        verbose_name = _("additionele dienst")
        verbose_name_plural = _("additionele diensten")
        ordering = ["cost_year", "municipality__name", "pk"]

    def __str__(self) -> str:
        return f"{self.municipality} {self.cost_year.year}: {self.description}"


class GrowthRate(ValidityPeriod):
    """The expected growth of the caseload per year, used for the forecast (the 2017 DVO
    used the national 1.15 % on which the macro budget was based)."""

    rate = models.DecimalField(
        _("groei per jaar (procent)"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(-50), MaxValueValidator(50)],
    )
    source = models.CharField(_("bron"), max_length=MAX_NOTE)

    class Meta:
        verbose_name = _("verwachte groei van het bestand")
        verbose_name_plural = _("verwachte groei van het bestand")
        ordering = ["valid_from"]

    def __str__(self) -> str:
        return f"{self.rate} % ({self.period.label()})"

    def clean(self) -> None:
        self.clean_period()
        self.refuse_overlap(
            GrowthRate.objects.all(),
            str(_("In die periode geldt al een groeipercentage ({other}).")),
        )


class DossierCount(models.Model):
    """A dossier count entered for one municipality and cost year, for a year whose benefits
    the product does not hold (before its data begins, or from a previous system); the
    allocation uses it instead of the computed count and says so."""

    cost_year = models.ForeignKey(
        CostYear, verbose_name=_("jaar"), on_delete=models.CASCADE, related_name="dossier_counts"
    )
    municipality = models.ForeignKey(
        Municipality, verbose_name=_("gemeente"), on_delete=models.PROTECT, related_name="+"
    )
    dossiers = models.DecimalField(
        _("dossiers"),
        max_digits=10,
        decimal_places=2,
        validators=[MinValueValidator(0), MaxValueValidator(10**7)],
    )
    source = models.CharField(_("bron"), max_length=MAX_NOTE)

    class Meta:
        verbose_name = _("ingevoerd aantal dossiers")
        verbose_name_plural = _("ingevoerde aantallen dossiers")
        ordering = ["cost_year", "municipality__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["cost_year", "municipality"], name="steering_dossier_count_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.municipality} {self.cost_year.year}: {self.dossiers}"
