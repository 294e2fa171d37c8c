"""Benefits (uitkeringen), the facts they are calculated from, and the monthly payment runs.

History is never changed silently: a :class:`PaymentLine` is written once and never updated
(one regular line per benefit and month, enforced by a unique constraint). When a
recalculation shows that an already-paid month was paid too much, a :class:`RecoveryClaim`
(terugvordering) is created; when it was paid too little, a :class:`Supplement` (aanvulling)
is created and paid by the next payment run. Writing goes through
:mod:`samen.income.payments`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from schwifty import BIC, IBAN
from schwifty.exceptions import SchwiftyException

from samen.access.models import Confidentiality
from samen.common.periods import ValidityPeriod


def normalise_iban(value: str) -> str:
    return "".join((value or "").split()).upper()


def validate_iban(value: str) -> None:
    """Refuse an IBAN with a wrong country code, length, bank code or check digits."""
    try:
        IBAN(normalise_iban(value))
    except (SchwiftyException, ValueError) as exc:
        raise ValidationError(
            _(
                "%(value)s is geen geldig IBAN: controleer de landcode, de lengte en het "
                "controlegetal (bijvoorbeeld NL91 ABNA 0417 1643 00)."
            ),
            params={"value": value},
            code="invalid_iban",
        ) from exc


def validate_bic(value: str) -> None:
    try:
        BIC("".join((value or "").split()).upper())
    except (SchwiftyException, ValueError) as exc:
        raise ValidationError(
            _("%(value)s is geen geldige BIC: die bestaat uit 8 of 11 letters en cijfers."),
            params={"value": value},
            code="invalid_bic",
        ) from exc


# The longest reason a user may give for a change or the end of a benefit (API and screens).
MAX_REASON = 5_000


class EndReason(ValidityPeriod):
    """Why a benefit ended (reden beëindiging), as a coded list so that the outflow can be
    counted by reason and the DVO's "uitstroom naar regulier werk" computed. Loaded from
    ``data/redenen_beeindiging.csv``; functional management adds or closes reasons in
    ``/beheer/`` (a reason is closed with ``valid_until``, never deleted once used)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("naam"), max_length=120)
    towards_work = models.BooleanField(
        _("uitstroom naar regulier werk"),
        default=False,
        help_text=_("Telt mee als uitstroom naar regulier werk (loondienst of eigen bedrijf)."),
    )
    source = models.CharField(_("bron"), max_length=300)

    class Meta:
        verbose_name = _("reden van beëindiging")
        verbose_name_plural = _("redenen van beëindiging")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        self.clean_period()


class Benefit(models.Model):
    """A granted benefit (uitkering), paid monthly by the paying municipality."""

    class Status(models.TextChoices):
        ACTIVE = "actief", _("Actief")
        SUSPENDED = "opgeschort", _("Opgeschort")
        ENDED = "beeindigd", _("Beëindigd")

    person = models.ForeignKey(
        "people.Person",
        on_delete=models.PROTECT,
        related_name="benefits",
        verbose_name=_("persoon"),
    )
    case = models.ForeignKey(
        "cases.Case",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="benefits",
        verbose_name=_("zaak (toekenningsbesluit)"),
    )
    municipality = models.ForeignKey(
        "organisation.Municipality",
        on_delete=models.PROTECT,
        related_name="benefits",
        verbose_name=_("betalende gemeente"),
    )
    # Municipality, domain and confidentiality decide, through the one access policy
    # (Policy.scope_records), who may see the benefit; they come from the granting case.
    domain = models.ForeignKey(
        "organisation.Domain",
        on_delete=models.PROTECT,
        related_name="benefits",
        verbose_name=_("domein"),
    )
    confidentiality = models.PositiveSmallIntegerField(
        _("vertrouwelijkheid"),
        choices=Confidentiality.choices,
        default=Confidentiality.ZAAKVERTROUWELIJK,
    )
    iban = models.CharField(_("IBAN"), max_length=34, validators=[validate_iban])
    start_date = models.DateField(_("ingangsdatum"))
    end_date = models.DateField(_("einddatum"), null=True, blank=True)
    end_reason = models.ForeignKey(
        EndReason,
        verbose_name=_("reden van beëindiging"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.ACTIVE
    )
    version = models.PositiveIntegerField(_("versie"), default=1)
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)

    class Meta:
        verbose_name = _("uitkering")
        verbose_name_plural = _("uitkeringen")
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="income_benefit_end_after_start",
                violation_error_message=_("De einddatum ligt vóór de ingangsdatum."),
            )
        ]

    def __str__(self) -> str:
        return f"Uitkering {self.pk} ({self.start_date:%d-%m-%Y})"

    def save(self, *args: object, **kwargs: object) -> None:
        self.iban = normalise_iban(self.iban)
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def clean(self) -> None:
        self.iban = normalise_iban(self.iban)


class BenefitFact(models.Model):
    """A dated change in household or income: the facts the calculation needs, valid from
    ``valid_from`` until the next fact of the same benefit. A month is calculated with the
    facts in force on its first day. Recording a fact for a month that was already paid
    calls for :func:`samen.income.recalculation.recalculate_from`."""

    benefit = models.ForeignKey(
        Benefit, on_delete=models.CASCADE, related_name="facts", verbose_name=_("uitkering")
    )
    valid_from = models.DateField(_("geldig vanaf"))
    facts = models.JSONField(_("feiten"))
    reason = models.CharField(_("reden"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("vastgelegd op"), auto_now_add=True)

    class Meta:
        verbose_name = _("feit voor de berekening")
        verbose_name_plural = _("feiten voor de berekening")
        ordering = ["benefit", "valid_from", "pk"]
        indexes = [models.Index(fields=["benefit", "valid_from"], name="income_fact_benefit_from")]

    def __str__(self) -> str:
        return f"Feiten uitkering {self.benefit_id} vanaf {self.valid_from:%d-%m-%Y}"


class PayingAccount(ValidityPeriod):
    """The account from which a municipality pays benefits (the debtor in the SEPA file)."""

    municipality = models.ForeignKey(
        "organisation.Municipality",
        on_delete=models.PROTECT,
        related_name="paying_accounts",
        verbose_name=_("gemeente"),
    )
    name = models.CharField(_("naam rekeninghouder"), max_length=70)
    iban = models.CharField(_("IBAN"), max_length=34, validators=[validate_iban])
    bic = models.CharField(_("BIC"), max_length=11, validators=[validate_bic])

    class Meta:
        verbose_name = _("betaalrekening")
        verbose_name_plural = _("betaalrekeningen")
        ordering = ["municipality", "valid_from"]

    def __str__(self) -> str:
        return f"{self.name} ({self.iban})"

    def save(self, *args: object, **kwargs: object) -> None:
        self.iban = normalise_iban(self.iban)
        self.bic = "".join(self.bic.split()).upper()
        super().save(*args, **kwargs)  # type: ignore[arg-type]


class PaymentRun(models.Model):
    """The payment run of one month; running the month again reuses (and completes) it."""

    class Status(models.TextChoices):
        PLANNED = "gepland", _("Gepland")
        RUNNING = "lopend", _("Lopend")
        DONE = "gereed", _("Gereed")
        FAILED = "mislukt", _("Mislukt")

    month = models.DateField(_("maand"), help_text=_("De eerste dag van de maand."))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PLANNED
    )
    started_at = models.DateTimeField(_("gestart op"), null=True, blank=True)
    finished_at = models.DateTimeField(_("klaar op"), null=True, blank=True)
    total = models.PositiveIntegerField(_("uitkeringen deze maand"), default=0)
    done = models.PositiveIntegerField(_("berekend en vastgelegd"), default=0)
    supplements = models.PositiveIntegerField(_("aanvullingen"), default=0)
    holiday_allowances = models.PositiveIntegerField(_("uitbetalingen vakantietoeslag"), default=0)
    missing_facts = models.PositiveIntegerField(
        _("niet berekend (geen feiten)"),
        default=0,
        help_text=_("Uitkeringen zonder feiten op de eerste dag van de maand: niet betaald."),
    )
    amount_total = models.DecimalField(
        _("totaalbedrag"), max_digits=14, decimal_places=2, default=0
    )
    totals_per_municipality = models.JSONField(
        _("totalen per gemeente"),
        default=dict,
        blank=True,
        help_text=_('Per CBS-code: {"aantal": n, "bedrag": "123.45"}.'),
    )
    not_calculated = models.PositiveIntegerField(
        _("niet berekend (fout)"),
        default=0,
        help_text=_("Uitkeringen waarvan de berekening een fout gaf: niet betaald, zie problemen."),
    )
    problems = models.JSONField(
        _("problemen"),
        default=list,
        blank=True,
        help_text=_("Per uitkering die niet kon worden berekend: id en reden (de eerste 100)."),
    )
    attempts = models.PositiveIntegerField(_("pogingen"), default=0)
    error = models.TextField(_("foutmelding"), blank=True)
    # Four eyes: everyone who started (or resumed) the month through a screen; none of them
    # may release it. A run the payment calendar started by itself has no human starter.
    started_by = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="payment_runs_started",
        verbose_name=_("gestart door"),
    )
    released_at = models.DateTimeField(_("vrijgegeven op"), null=True, blank=True)
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="payment_runs_released",
        verbose_name=_("vrijgegeven door"),
    )

    class Meta:
        verbose_name = _("betaalrun")
        verbose_name_plural = _("betaalruns")
        ordering = ["-month"]
        constraints = [
            models.UniqueConstraint(fields=["month"], name="income_paymentrun_one_per_month"),
            models.CheckConstraint(
                condition=Q(released_at__isnull=True, released_by__isnull=True)
                | Q(released_at__isnull=False, released_by__isnull=False),
                name="income_paymentrun_released_by_and_at",
            ),
        ]
        permissions = [("release_paymentrun", _("Betaalruns vrijgeven (tweede paar ogen)"))]

    def __str__(self) -> str:
        return f"Betaalrun {self.month:%m-%Y} ({self.get_status_display()})"

    @property
    def progress(self) -> float:
        return self.done / self.total if self.total else 1.0

    @property
    def released(self) -> bool:
        return self.released_at is not None


class PaymentFile(models.Model):
    """The SEPA file (pain.001.001.03) of one paying municipality in a released run, as it
    was made at the release: from then on exactly these bytes are served, whatever changes
    later (an IBAN, a name, a paying account). ``sha256`` is checked on every download;
    ``transactions`` and ``control_sum`` are the file's own NbOfTxs and CtrlSum, read back
    from the XML at the release and compared with the run's lines."""

    run = models.ForeignKey(
        PaymentRun, on_delete=models.PROTECT, related_name="files", verbose_name=_("betaalrun")
    )
    municipality_code = models.CharField(_("CBS-code betalende gemeente"), max_length=6)
    content = models.BinaryField(_("inhoud"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    transactions = models.PositiveIntegerField(_("aantal transacties (NbOfTxs)"))
    control_sum = models.DecimalField(_("controlesom (CtrlSum)"), max_digits=14, decimal_places=2)
    execution_date = models.DateField(_("uitvoeringsdatum"))
    created_at = models.DateTimeField(_("gemaakt op"), auto_now_add=True)

    class Meta:
        verbose_name = _("betaalbestand")
        verbose_name_plural = _("betaalbestanden")
        ordering = ["run", "municipality_code"]
        constraints = [
            models.UniqueConstraint(
                fields=["run", "municipality_code"], name="income_paymentfile_one_per_municipality"
            )
        ]

    def __str__(self) -> str:
        return f"Betaalbestand {self.municipality_code} {self.run.month:%m-%Y}"

    def save(self, *args: object, **kwargs: object) -> None:
        if self.pk is not None and not self._state.adding:
            raise ValidationError(
                _("Een vrijgegeven betaalbestand wordt nooit gewijzigd."),
                code="payment_file_immutable",
            )
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def delete(self, *args: object, **kwargs: object) -> Any:
        raise ValidationError(
            _("Een vrijgegeven betaalbestand wordt nooit verwijderd."),
            code="payment_file_immutable",
        )


class PaymentDate(models.Model):
    """When the benefits of a month are paid (the SEPA execution date) and when that month's
    run starts by itself (the daily task ``income.run_due_months``). One row per month; the
    organisation sets them (``/beheer``), the default rule is :mod:`samen.income.calendar`.
    A month whose ``pay_on`` passed without a finished run is reported as missed."""

    month = models.DateField(_("maand"), unique=True, help_text=_("De eerste dag van de maand."))
    run_on = models.DateField(
        _("run start op"), help_text=_("Vanaf deze dag start de betaalrun vanzelf.")
    )
    pay_on = models.DateField(
        _("betaaldatum"), help_text=_("De uitvoeringsdatum in het betaalbestand.")
    )
    source = models.CharField(_("bron"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("betaaldatum")
        verbose_name_plural = _("betaalkalender")
        ordering = ["month"]

    def __str__(self) -> str:
        return f"{self.month:%m-%Y}: betaling {self.pay_on:%d-%m-%Y}"

    def clean(self) -> None:
        errors: dict[str, object] = {}
        if self.month and self.month.day != 1:
            errors["month"] = _("Kies de eerste dag van de maand.")
        if self.run_on and self.pay_on and self.run_on > self.pay_on:
            errors["run_on"] = _("De run moet op of vóór de betaaldatum starten.")
        if errors:
            raise ValidationError(errors)


class PaymentLine(models.Model):
    """One payment, immutable once written. A regular line pays one benefit for one month
    (at most one per benefit and month) and records the vakantietoeslag reserved for it; an
    aanvulling line pays, in the run of ``month``, the :class:`Supplement` records found by
    recalculations since the previous run; a vakantietoeslag line pays the reserved balance
    once a year (and after the benefit ends)."""

    class Kind(models.TextChoices):
        REGULAR = "regulier", _("Regulier")
        SUPPLEMENT = "aanvulling", _("Aanvulling")
        HOLIDAY_ALLOWANCE = "vakantietoeslag", _("Vakantietoeslag")

    run = models.ForeignKey(
        PaymentRun, on_delete=models.PROTECT, related_name="lines", verbose_name=_("betaalrun")
    )
    benefit = models.ForeignKey(
        Benefit, on_delete=models.PROTECT, related_name="payment_lines", verbose_name=_("uitkering")
    )
    month = models.DateField(_("maand"))
    kind = models.CharField(_("soort"), max_length=16, choices=Kind.choices, default=Kind.REGULAR)
    amount = models.DecimalField(_("bedrag"), max_digits=12, decimal_places=2)
    holiday_allowance = models.DecimalField(
        _("gereserveerde vakantietoeslag"),
        max_digits=12,
        decimal_places=2,
        default=0,
        help_text=_(
            "Regulier: de vakantietoeslag over deze maand, niet nu betaald maar gereserveerd "
            "tot de jaarlijkse uitbetaling."
        ),
    )
    calculation = models.JSONField(_("berekening"))
    reason = models.CharField(_("reden"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)

    class Meta:
        verbose_name = _("betaalregel")
        verbose_name_plural = _("betaalregels")
        ordering = ["run", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["benefit", "month", "kind"], name="income_paymentline_once_per_month"
            ),
            models.CheckConstraint(condition=Q(amount__gte=0), name="income_paymentline_amount"),
        ]
        indexes = [models.Index(fields=["month", "benefit"], name="income_line_month_benefit")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.month:%m-%Y} uitkering {self.benefit_id}"

    def save(self, *args: object, **kwargs: object) -> None:
        if self.pk is not None and not self._state.adding:
            raise ValidationError(
                _(
                    "Een betaalregel wordt nooit gewijzigd; "
                    "leg een terugvordering of aanvulling vast."
                ),
                code="payment_line_immutable",
            )
        if PaymentRun.objects.filter(pk=self.run_id, released_at__isnull=False).exists():
            raise ValidationError(
                _(
                    "De betaalrun is vrijgegeven: er kan geen betaalregel meer bij. "
                    "Wat nog betaald moet worden, gaat mee in een volgende betaalrun."
                ),
                code="payment_run_released",
            )
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def delete(self, *args: object, **kwargs: object) -> Any:
        if PaymentRun.objects.filter(pk=self.run_id, released_at__isnull=False).exists():
            raise ValidationError(
                _("De betaalrun is vrijgegeven: een betaalregel ervan wordt nooit verwijderd."),
                code="payment_run_released",
            )
        return super().delete(*args, **kwargs)  # type: ignore[arg-type]


class RecoveryClaim(models.Model):
    """Terugvordering: a recalculation showed that an already-paid month was overpaid."""

    benefit = models.ForeignKey(
        Benefit,
        on_delete=models.PROTECT,
        related_name="recovery_claims",
        verbose_name=_("uitkering"),
    )
    month = models.DateField(_("maand"))
    amount = models.DecimalField(_("bedrag"), max_digits=12, decimal_places=2)
    reason = models.CharField(_("reden"), max_length=300)
    holiday_allowance = models.DecimalField(
        _("wijziging gereserveerde vakantietoeslag"),
        max_digits=12,
        decimal_places=2,
        default=0,
        help_text=_(
            "Wat de herberekening verandert aan de voor deze maand gereserveerde "
            "vakantietoeslag (negatief: minder); verrekend bij de volgende uitbetaling."
        ),
    )
    calculation = models.JSONField(_("herberekening"), default=dict)
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)

    class Meta:
        verbose_name = _("terugvordering")
        verbose_name_plural = _("terugvorderingen")
        ordering = ["benefit", "month", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="income_recovery_amount"),
        ]

    def __str__(self) -> str:
        return f"Terugvordering {self.month:%m-%Y} uitkering {self.benefit_id}: {self.amount}"


class Supplement(models.Model):
    """Aanvulling: a recalculation showed that an already-paid month was paid too little.
    The next payment run pays every open supplement of a benefit in one aanvulling line
    and records that line here (``paid_by``). A supplement of 0.00 records only a change in
    the reserved vakantietoeslag (a one-cent rounding difference) and is never paid as a
    line: the change is settled with the yearly vakantietoeslag."""

    benefit = models.ForeignKey(
        Benefit, on_delete=models.PROTECT, related_name="supplements", verbose_name=_("uitkering")
    )
    month = models.DateField(_("maand waarover"))
    amount = models.DecimalField(_("bedrag"), max_digits=12, decimal_places=2)
    reason = models.CharField(_("reden"), max_length=300)
    holiday_allowance = models.DecimalField(
        _("wijziging gereserveerde vakantietoeslag"),
        max_digits=12,
        decimal_places=2,
        default=0,
        help_text=_(
            "Wat de herberekening verandert aan de voor deze maand gereserveerde "
            "vakantietoeslag (negatief: minder); verrekend bij de volgende uitbetaling."
        ),
    )
    calculation = models.JSONField(_("herberekening"), default=dict)
    paid_by = models.ForeignKey(
        PaymentLine,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="supplements",
        verbose_name=_("betaald met"),
    )
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)

    class Meta:
        verbose_name = _("aanvulling")
        verbose_name_plural = _("aanvullingen")
        ordering = ["benefit", "month", "pk"]
        constraints = [
            # amount 0 only for a correction of the reserved vakantietoeslag alone
            models.CheckConstraint(
                condition=Q(amount__gt=0) | (Q(amount=0) & ~Q(holiday_allowance=0)),
                name="income_supplement_amount",
            ),
        ]

    def __str__(self) -> str:
        return f"Aanvulling {self.month:%m-%Y} uitkering {self.benefit_id}: {self.amount}"


def first_of_month(day: dt.date) -> dt.date:
    return day.replace(day=1)


class PaymentDeduction(models.Model):
    """A deduction (inhouding) from a regular payment line, written by the run in the same
    transaction as its line and never changed: the municipality's own offset of a claim
    (verrekening, no transfer: the amount stays with the municipality), a garnishment
    (beslag, paid to the garnishee) or the client's own direct payment (paid to the
    creditor). The line's amount is what the client gets after all its deductions; each
    deduction with an IBAN is a transfer of its own in the run's SEPA file. Which
    deductions there are comes from the providers of :mod:`samen.income.deductions`."""

    class Kind(models.TextChoices):
        MEASURE = "maatregel", _("Verlaging (maatregel)")
        OFFSET = "verrekening", _("Verrekening")
        GARNISHMENT = "beslag", _("Beslag")
        DIRECT_PAYMENT = "directe_betaling", _("Directe betaling")

    line = models.ForeignKey(
        PaymentLine,
        on_delete=models.PROTECT,
        related_name="deductions",
        verbose_name=_("betaalregel"),
    )
    position = models.PositiveSmallIntegerField(_("volgorde"))
    kind = models.CharField(_("soort"), max_length=20, choices=Kind.choices)
    amount = models.DecimalField(_("bedrag"), max_digits=12, decimal_places=2)
    creditor_name = models.CharField(_("naam ontvanger"), max_length=70, blank=True)
    creditor_iban = models.CharField(_("IBAN ontvanger"), max_length=34, blank=True)
    reference = models.CharField(_("kenmerk"), max_length=140, blank=True)
    explanation = models.CharField(_("toelichting"), max_length=500)
    source = models.CharField(_("bron"), max_length=40)
    source_id = models.BigIntegerField(_("id in de bron"))
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)

    class Meta:
        verbose_name = _("inhouding")
        verbose_name_plural = _("inhoudingen")
        ordering = ["line", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["line", "position"], name="income_paymentdeduction_once"
            ),
            models.CheckConstraint(condition=Q(amount__gt=0), name="income_deduction_amount"),
        ]
        indexes = [
            models.Index(fields=["source", "source_id"], name="income_deduction_source"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.amount} (regel {self.line_id})"

    def save(self, *args: object, **kwargs: object) -> None:
        if self.pk is not None and not self._state.adding:
            raise ValidationError(
                _("Een inhouding wordt nooit gewijzigd."), code="payment_deduction_immutable"
            )
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def delete(self, *args: object, **kwargs: object) -> Any:
        raise ValidationError(
            _("Een inhouding wordt nooit verwijderd."), code="payment_deduction_immutable"
        )

    @property
    def transferred(self) -> bool:
        return bool(self.creditor_iban)


# Its own module for size; imported here so that Django and the app's callers find it.
from samen.income.one_off_models import OneOffPayment  # noqa: E402, F401
