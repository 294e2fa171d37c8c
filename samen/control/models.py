"""Internal control on lawfulness (interne controle op rechtmatigheid).

Configuration (edited in ``/beheer/``, no personal data): the roles that perform internal
control (:class:`ControlRole`), the rule that sets the sample size per population
(:class:`SampleRule`, dated data with its source) and the checklist questions per case type
(:class:`ChecklistQuestion`).

Work (never in the admin: it points at decisions and payments of residents): a sample drawn
for a municipality and period (:class:`Sample`) with its seed, its items (:class:`SampleItem`,
a decision or a payment line), the findings per item and question (:class:`Finding`), and the
twice-yearly report per partner with the staff's conclusions (:class:`ControlReport`).
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from samen.common.periods import ValidityPeriod
from samen.organisation.models import Municipality

MAX_REMARK = 1000
MAX_CONCLUSIONS = 10000
MAX_AMOUNT = Decimal("9999999999.99")


class Population(models.TextChoices):
    """What a sample is drawn from."""

    DECISIONS = "besluiten", _("Besluiten")
    PAYMENT_LINES = "betaalregels", _("Betaalregels")


class ControlRole(models.Model):
    """A role of the access app (by its code) whose holders perform internal control: they
    draw samples and record findings for the municipalities of their grants. Data, so a
    second control role needs no code change; migration 0002 names ``interne-controle``."""

    role_code = models.SlugField(_("code van de rol"), max_length=40, unique=True)
    note = models.CharField(_("toelichting"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("rol voor interne controle")
        verbose_name_plural = _("rollen voor interne controle")
        ordering = ["role_code"]

    def __str__(self) -> str:
        return self.role_code


class SampleRule(ValidityPeriod):
    """How many items to draw from a population: the smallest sample that, when it holds no
    error, shows with ``confidence`` that the population's error rate is below
    ``tolerable_rate`` (attribute sampling with zero expected errors, exact for a finite
    population; :func:`samen.control.sampling.sample_size`)."""

    population = models.CharField(_("populatie"), max_length=20, choices=Population.choices)
    confidence = models.DecimalField(
        _("betrouwbaarheid"),
        max_digits=4,
        decimal_places=3,
        validators=[MinValueValidator(Decimal("0.5")), MaxValueValidator(Decimal("0.999"))],
        help_text=_("Bijvoorbeeld 0,950 voor 95 %."),
    )
    tolerable_rate = models.DecimalField(
        _("toelaatbaar foutpercentage"),
        max_digits=4,
        decimal_places=3,
        validators=[MinValueValidator(Decimal("0.001")), MaxValueValidator(Decimal("0.5"))],
        help_text=_("Als fractie: 0,010 voor 1 %."),
    )
    source = models.TextField(_("bron"))

    class Meta:
        verbose_name = _("steekproefregel")
        verbose_name_plural = _("steekproefregels")
        ordering = ["population", "valid_from"]

    def __str__(self) -> str:
        return f"{self.get_population_display()} ({self.period.label()})"

    def clean(self) -> None:
        self.clean_period()
        self.refuse_overlap(
            SampleRule.objects.filter(population=self.population),
            str(_("Er geldt al een steekproefregel voor deze populatie ({other}).")),
        )


class ChecklistQuestion(ValidityPeriod):
    """A question of the checklist: for the decisions of one case type (``case_type_code``),
    for every decision (empty code), or for payment lines."""

    population = models.CharField(_("populatie"), max_length=20, choices=Population.choices)
    case_type_code = models.SlugField(
        _("zaaktype (code)"),
        max_length=60,
        blank=True,
        help_text=_("Leeg: geldt voor elk besluit, of voor betaalregels."),
    )
    order = models.PositiveSmallIntegerField(_("volgorde"), default=10)
    text = models.CharField(_("vraag"), max_length=300)
    guidance = models.TextField(_("toelichting voor de controleur"), blank=True)
    source = models.CharField(_("bron (norm)"), max_length=300)

    class Meta:
        verbose_name = _("controlevraag")
        verbose_name_plural = _("controlevragen")
        ordering = ["population", "case_type_code", "order", "pk"]

    def __str__(self) -> str:
        return self.text

    def clean(self) -> None:
        self.clean_period()
        if self.population == Population.PAYMENT_LINES and self.case_type_code:
            raise ValidationError(
                {"case_type_code": _("Een vraag over betaalregels hoort niet bij een zaaktype.")}
            )


class Sample(models.Model):
    """A sample of one municipality's decisions and payment lines over a period, drawn
    reproducibly from ``seed`` (:mod:`samen.control.sampling`)."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "afgerond", _("Afgerond")

    municipality = models.ForeignKey(
        Municipality, verbose_name=_("gemeente"), on_delete=models.PROTECT, related_name="+"
    )
    period_from = models.DateField(_("periode vanaf"))
    period_until = models.DateField(_("periode tot en met"))
    seed = models.BigIntegerField(_("startwaarde (seed)"))
    seed_given = models.BooleanField(_("startwaarde opgegeven"), default=False)
    #: Per population: the rule used (id, confidence, tolerable rate, source), the size of
    #: the population and of the sample, so the draw can be repeated and explained.
    rules = models.JSONField(_("steekproefregels"), default=dict)
    population_decisions = models.PositiveIntegerField(_("besluiten in de populatie"))
    population_lines = models.PositiveIntegerField(_("betaalregels in de populatie"))
    population_amount = models.DecimalField(
        _("totaal betaald in de populatie"), max_digits=14, decimal_places=2
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    drawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("getrokken door"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    drawn_by_name = models.CharField(_("getrokken door (naam)"), max_length=150)
    drawn_at = models.DateTimeField(_("getrokken op"), auto_now_add=True)
    closed_at = models.DateTimeField(_("afgerond op"), null=True, blank=True)
    version = models.PositiveIntegerField(_("versie"), default=1)

    class Meta:
        verbose_name = _("steekproef")
        verbose_name_plural = _("steekproeven")
        ordering = ["-period_until", "municipality__name", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_until__gte=models.F("period_from")),
                name="control_sample_period_order",
            )
        ]

    def __str__(self) -> str:
        return f"Steekproef {self.pk} {self.period_from:%d-%m-%Y} t/m {self.period_until:%d-%m-%Y}"


class SampleItem(models.Model):
    """One drawn decision or payment line, by id: what it holds is read through the app that
    owns it (``samen.cases.sampling``, ``samen.income.sampling``), under the access policy."""

    sample = models.ForeignKey(
        Sample, verbose_name=_("steekproef"), on_delete=models.CASCADE, related_name="items"
    )
    population = models.CharField(_("populatie"), max_length=20, choices=Population.choices)
    object_id = models.BigIntegerField(_("id van het besluit of de betaalregel"))
    position = models.PositiveIntegerField(_("volgnummer in de trekking"))
    case_type_code = models.SlugField(_("zaaktype (code)"), max_length=60, blank=True)
    amount = models.DecimalField(
        _("bedrag betaald"), max_digits=12, decimal_places=2, null=True, blank=True
    )

    class Meta:
        verbose_name = _("steekproefpost")
        verbose_name_plural = _("steekproefposten")
        ordering = ["sample", "population", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["sample", "population", "object_id"], name="control_item_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_population_display()} {self.object_id}"


class Verdict(models.TextChoices):
    IN_ORDER = "in_orde", _("In orde")
    ERROR = "fout", _("Fout")
    UNCERTAIN = "onzeker", _("Onzeker")


class Finding(models.Model):
    """The answer to one checklist question for one sampled item: in order, an error, or an
    uncertainty (the file does not show whether it is right), with the amount concerned."""

    item = models.ForeignKey(
        SampleItem, verbose_name=_("post"), on_delete=models.CASCADE, related_name="findings"
    )
    question = models.ForeignKey(
        ChecklistQuestion, verbose_name=_("vraag"), on_delete=models.PROTECT, related_name="+"
    )
    verdict = models.CharField(_("bevinding"), max_length=10, choices=Verdict.choices)
    amount = models.DecimalField(
        _("bedrag"),
        max_digits=12,
        decimal_places=2,
        default=Decimal("0.00"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(MAX_AMOUNT)],
    )
    remark = models.TextField(_("toelichting"), max_length=MAX_REMARK, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("vastgelegd door"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_by_name = models.CharField(_("vastgelegd door (naam)"), max_length=150)
    recorded_at = models.DateTimeField(_("vastgelegd op"), auto_now=True)
    version = models.PositiveIntegerField(_("versie"), default=1)

    class Meta:
        verbose_name = _("bevinding")
        verbose_name_plural = _("bevindingen")
        ordering = ["item", "question__order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["item", "question"], name="control_finding_once"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="control_finding_amount"),
        ]

    def __str__(self) -> str:
        return f"{self.get_verdict_display()} ({self.question_id})"


class ControlReport(models.Model):
    """The internal control report of one partner over one half-year: the figures come from
    the samples whose period ends in the half-year; conclusions and recommendations are
    written by staff, with optimistic locking."""

    municipality = models.ForeignKey(
        Municipality, verbose_name=_("gemeente"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(
        _("jaar"), validators=[MinValueValidator(2000), MaxValueValidator(2099)]
    )
    half = models.PositiveSmallIntegerField(
        _("halfjaar"), validators=[MinValueValidator(1), MaxValueValidator(2)]
    )
    conclusions = models.TextField(_("conclusies"), max_length=MAX_CONCLUSIONS, blank=True)
    recommendations = models.TextField(_("aanbevelingen"), max_length=MAX_CONCLUSIONS, blank=True)
    written_by_name = models.CharField(_("geschreven door"), max_length=150, blank=True)
    written_at = models.DateTimeField(_("geschreven op"), null=True, blank=True)
    version = models.PositiveIntegerField(_("versie"), default=1)

    class Meta:
        verbose_name = _("rapportage interne controle")
        verbose_name_plural = _("rapportages interne controle")
        ordering = ["-year", "-half", "municipality__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "year", "half"], name="control_report_once"
            )
        ]

    def __str__(self) -> str:
        return f"Interne controle {self.year}-H{self.half}"
