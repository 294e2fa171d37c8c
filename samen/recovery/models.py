"""The debtor administration (debiteurenadministratie): claims (vorderingen), their ledger
of movements, payment arrangements, and the parameters of the beslagvrije voet.

A claim's balance is always the sum of its ledger: the principal and the costs are the
first movements, every receipt, offset, write-off or correction is one more. Movements are
append-only: they are never changed or deleted (a mistake is corrected by a correction).
"""

from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.db.models import Q, Sum
from django.utils.translation import gettext_lazy as _

from samen.common.periods import ValidityPeriod

MAX_REASON = 300
MAX_AMOUNT = Decimal("9999999.99")


class ProtectionParameter(ValidityPeriod):
    """A percentage of the beslagvrije voet (Rv 475d, 475da) with its validity and source."""

    name = models.CharField(_("naam"), max_length=40)
    value = models.DecimalField(_("waarde"), max_digits=6, decimal_places=2)
    source = models.CharField(_("bron"), max_length=500)

    class Meta:
        verbose_name = _("parameter beslagvrije voet")
        verbose_name_plural = _("parameters beslagvrije voet")
        ordering = ["name", "valid_from"]

    def __str__(self) -> str:
        return f"{self.name} {self.value} vanaf {self.valid_from}"


class Claim(models.Model):
    """A vordering on a debtor, of one municipality and domain."""

    class Origin(models.TextChoices):
        # the CBS categories of the debiteurenstatistiek (Debiteuren bijstand)
        INLICHTINGENPLICHT = "inlichtingenplicht", _("Schending inlichtingenplicht")
        BOETE = "boete", _("Boete")
        VERHAAL = "verhaal", _("Verhaal")
        GELDLENING = "geldlening", _("Geldlening")
        OVERIGE = "overige", _("Overige")

    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="claims", verbose_name=_("debiteur")
    )
    municipality = models.ForeignKey(
        "organisation.Municipality", on_delete=models.PROTECT, verbose_name=_("gemeente")
    )
    domain = models.ForeignKey(
        "organisation.Domain", on_delete=models.PROTECT, verbose_name=_("domein")
    )
    confidentiality = models.PositiveSmallIntegerField(_("vertrouwelijkheid"), default=3)
    origin = models.CharField(_("herkomst"), max_length=20, choices=Origin.choices)
    decision = models.ForeignKey(
        "cases.Decision",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="claims",
        verbose_name=_("besluit"),
    )
    principal = models.DecimalField(_("hoofdsom"), max_digits=12, decimal_places=2)
    costs = models.DecimalField(_("kosten"), max_digits=12, decimal_places=2, default=0)
    description = models.CharField(_("omschrijving"), max_length=MAX_REASON)
    established_on = models.DateField(_("ontstaan op"))
    #: when payment was due (the end of the payment term the recovery decision set); the
    #: limitation term runs from the next day (Awb 4:104)
    due_on = models.DateField(_("betalen uiterlijk op"), null=True, blank=True)
    #: the kind of provision whose costs are recovered (the decision type of the benefit,
    #: e.g. bijzondere bijstand), set by the recovery decision; the KPIs split by it
    benefit_type = models.ForeignKey(
        "organisation.DecisionType",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("soort verstrekking"),
    )
    #: the income recovery claim this claim took over (idempotent take-over)
    income_claim = models.OneToOneField(
        "income.RecoveryClaim",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("terugvordering uit herberekening"),
    )
    version = models.PositiveIntegerField(_("versie"), default=1)
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)

    class Meta:
        verbose_name = _("vordering")
        verbose_name_plural = _("vorderingen")
        ordering = ["-established_on", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(principal__gt=0), name="recovery_claim_principal"),
            models.CheckConstraint(condition=Q(costs__gte=0), name="recovery_claim_costs"),
        ]

    def __str__(self) -> str:
        return f"Vordering {self.pk}"

    @property
    def reference(self) -> str:
        """The payment reference the debtor quotes (betalingskenmerk)."""
        return f"VORD-{self.pk:08d}"

    def balance(self) -> Decimal:
        total = self.movements.aggregate(total=Sum("amount"))["total"]
        return (total or Decimal("0")).quantize(Decimal("0.01"))


class AppendOnlyError(Exception):
    pass


class Movement(models.Model):
    """One line of a claim's ledger; positive raises the balance, negative lowers it."""

    class Kind(models.TextChoices):
        PRINCIPAL = "hoofdsom", _("Hoofdsom")
        COSTS = "kosten", _("Kosten")
        RECEIPT = "ontvangst", _("Ontvangst")
        OFFSET = "verrekening", _("Verrekening")
        WRITE_OFF = "afboeking", _("Afboeking")
        CORRECTION = "correctie", _("Correctie")

    claim = models.ForeignKey(Claim, on_delete=models.PROTECT, related_name="movements")
    kind = models.CharField(_("soort"), max_length=20, choices=Kind.choices)
    amount = models.DecimalField(_("bedrag"), max_digits=12, decimal_places=2)
    booked_on = models.DateField(_("boekdatum"))
    reason = models.CharField(_("reden"), max_length=MAX_REASON)
    recorded_by = models.CharField(_("vastgelegd door"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)

    class Meta:
        verbose_name = _("boeking")
        verbose_name_plural = _("boekingen")
        ordering = ["booked_on", "pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(amount=0), name="recovery_movement_not_zero"),
            models.CheckConstraint(
                condition=Q(kind__in=["hoofdsom", "kosten"], amount__gt=0)
                | Q(kind__in=["ontvangst", "verrekening", "afboeking"], amount__lt=0)
                | Q(kind="correctie"),
                name="recovery_movement_sign",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.amount} op {self.booked_on}"

    def save(self, *args: object, **kwargs: object) -> None:
        if self.pk is not None:
            raise AppendOnlyError("Een boeking wordt nooit gewijzigd; boek een correctie.")
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("Een boeking wordt nooit verwijderd; boek een correctie.")


class Arrangement(models.Model):
    """A betalingsregeling: a monthly instalment from a start month, for one claim."""

    claim = models.ForeignKey(Claim, on_delete=models.PROTECT, related_name="arrangements")
    instalment = models.DecimalField(_("termijnbedrag"), max_digits=12, decimal_places=2)
    start_month = models.DateField(_("eerste maand"))
    day_of_month = models.PositiveSmallIntegerField(_("uiterlijk op dag"), default=28)
    reason = models.CharField(_("reden"), max_length=MAX_REASON)
    ended_on = models.DateField(_("beëindigd op"), null=True, blank=True)
    version = models.PositiveIntegerField(_("versie"), default=1)
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)

    class Meta:
        verbose_name = _("betalingsregeling")
        verbose_name_plural = _("betalingsregelingen")
        ordering = ["-start_month", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(instalment__gt=0), name="recovery_arrangement_instalment"
            ),
            models.CheckConstraint(
                condition=Q(day_of_month__gte=1, day_of_month__lte=28),
                name="recovery_arrangement_day",
            ),
        ]

    def __str__(self) -> str:
        return f"Betalingsregeling {self.pk}"


# ---------------------------------------------------------------------------------------------
# Bank statements (camt.053) and their credits: incoming payments matched to claims
# (samen/recovery/bank.py; docs/recovery.md "Incoming payments")
# ---------------------------------------------------------------------------------------------
class BankStatement(models.Model):
    """One imported camt.053 statement of one of the organisation's accounts. Unique on the
    account and the bank's statement id, and on the file's SHA-256: the same statement is
    imported once."""

    account_iban = models.CharField(_("rekening (IBAN)"), max_length=34)
    statement_id = models.CharField(_("afschriftnummer"), max_length=35)
    message_id = models.CharField(_("berichtnummer"), max_length=35)
    created_on = models.DateTimeField(_("aangemaakt door de bank op"))
    sha256 = models.CharField(_("SHA-256 van het bestand"), max_length=64, unique=True)
    file_name = models.CharField(_("bestandsnaam"), max_length=200, blank=True)
    credits = models.PositiveIntegerField(_("bijschrijvingen"), default=0)
    matched = models.PositiveIntegerField(_("gekoppeld"), default=0)
    skipped = models.PositiveIntegerField(_("overgeslagen (afschrijvingen e.d.)"), default=0)
    credit_total = models.DecimalField(
        _("totaal bijgeschreven"), max_digits=14, decimal_places=2, default=0
    )
    imported_at = models.DateTimeField(_("ingelezen op"), auto_now_add=True)
    imported_by = models.CharField(_("ingelezen door"), max_length=200)

    class Meta:
        verbose_name = _("bankafschrift")
        verbose_name_plural = _("bankafschriften")
        ordering = ["-imported_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["account_iban", "statement_id"], name="recovery_statement_once"
            ),
        ]

    def __str__(self) -> str:
        return f"Afschrift {self.statement_id} ({self.account_iban})"


class BankCredit(models.Model):
    """One credit (bijschrijving) of a statement. ``claim`` and ``movement`` are set when it
    became a receipt on a claim; ``referenced_claim`` is the claim whose payment reference
    the remittance quotes (when one exists), also when it could not be matched."""

    statement = models.ForeignKey(
        BankStatement, on_delete=models.PROTECT, related_name="bank_credits"
    )
    entry_reference = models.CharField(_("referentie van de bank"), max_length=80)
    amount = models.DecimalField(_("bedrag"), max_digits=12, decimal_places=2)
    booked_on = models.DateField(_("boekdatum"))
    remittance = models.CharField(_("omschrijving"), max_length=500, blank=True)
    counterparty_name = models.CharField(_("naam tegenpartij"), max_length=140, blank=True)
    counterparty_iban = models.CharField(_("rekening tegenpartij"), max_length=34, blank=True)
    payment_reference = models.CharField(_("betalingskenmerk"), max_length=13, blank=True)
    referenced_claim = models.ForeignKey(
        Claim,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("genoemde vordering"),
    )
    claim = models.ForeignKey(
        Claim,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="bank_credits",
        verbose_name=_("gekoppelde vordering"),
    )
    movement = models.OneToOneField(
        Movement,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="bank_credit",
        verbose_name=_("boeking"),
    )
    matched_by = models.CharField(_("gekoppeld door"), max_length=200, blank=True)
    matched_at = models.DateTimeField(_("gekoppeld op"), null=True, blank=True)

    class Meta:
        verbose_name = _("bijschrijving")
        verbose_name_plural = _("bijschrijvingen")
        ordering = ["booked_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["statement", "entry_reference"], name="recovery_credit_once"
            ),
            models.CheckConstraint(condition=Q(amount__gt=0), name="recovery_credit_positive"),
            models.CheckConstraint(
                condition=Q(claim__isnull=True, movement__isnull=True)
                | Q(claim__isnull=False, movement__isnull=False),
                name="recovery_credit_matched_whole",
            ),
        ]
        indexes = [
            models.Index(
                fields=["booked_on"],
                name="recovery_credit_open",
                condition=Q(claim__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return f"Bijschrijving {self.entry_reference}"


# ---------------------------------------------------------------------------------------------
# Offsetting, garnishment and direct payments in the monthly payment run (issue 15 items 4
# and 5; see docs/recovery.md and samen/recovery/run_deductions.py)
# ---------------------------------------------------------------------------------------------
MAX_NAME = 70  # a SEPA creditor name
MAX_REFERENCE = 35  # what the creditor quotes; fits the SEPA remittance information


class OffsetInstruction(models.Model):
    """*Verrekenen*: the municipality offsets this claim against the debtor's running benefit
    of the same municipality, ``amount`` a month at most (without one, an active payment
    arrangement's instalment is offset)."""

    claim = models.ForeignKey(Claim, on_delete=models.PROTECT, related_name="offsets")
    amount = models.DecimalField(_("bedrag per maand"), max_digits=12, decimal_places=2)
    start_month = models.DateField(_("eerste maand"))
    ended_on = models.DateField(_("beëindigd op"), null=True, blank=True)
    reason = models.CharField(_("reden"), max_length=MAX_REASON)
    version = models.PositiveIntegerField(_("versie"), default=1)
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)

    class Meta:
        verbose_name = _("verrekening met de uitkering")
        verbose_name_plural = _("verrekeningen met de uitkering")
        ordering = ["-start_month", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="recovery_offset_amount"),
        ]

    def __str__(self) -> str:
        return f"Verrekening {self.pk}"


class Garnishment(models.Model):
    """A third-party garnishment (derdenbeslag) on a benefit, served on the municipality as
    the paying party: paid each month to the garnishee from the room above the beslagvrije
    voet, in the order of :mod:`samen.recovery.allocation`."""

    benefit = models.ForeignKey(
        "income.Benefit", on_delete=models.PROTECT, related_name="garnishments"
    )
    garnishee = models.CharField(_("beslaglegger"), max_length=MAX_NAME)
    iban = models.CharField(_("IBAN beslaglegger"), max_length=34)
    reference = models.CharField(_("kenmerk"), max_length=MAX_REFERENCE)
    #: empty: everything above the beslagvrije voet
    monthly_amount = models.DecimalField(
        _("bedrag per maand"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    served_on = models.DateField(_("datum betekening"))
    preferent = models.BooleanField(_("preferent"), default=False)
    ends_on = models.DateField(_("einddatum"), null=True, blank=True)
    reason = models.CharField(_("toelichting"), max_length=MAX_REASON, blank=True)
    version = models.PositiveIntegerField(_("versie"), default=1)
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)

    class Meta:
        verbose_name = _("beslag")
        verbose_name_plural = _("beslagen")
        ordering = ["-preferent", "served_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(monthly_amount__isnull=True) | Q(monthly_amount__gt=0),
                name="recovery_garnishment_amount",
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("served_on")),
                name="recovery_garnishment_end",
            ),
        ]
        indexes = [models.Index(fields=["benefit"], name="recovery_garnishment_benefit")]

    def __str__(self) -> str:
        return f"Beslag {self.pk}"


class DirectPayment(models.Model):
    """The client's own direct payment from the benefit (rent to the housing corporation,
    budgetbeheer): voluntary, taken from the client's own share, paid to the creditor."""

    benefit = models.ForeignKey(
        "income.Benefit", on_delete=models.PROTECT, related_name="direct_payments"
    )
    creditor = models.CharField(_("ontvanger"), max_length=MAX_NAME)
    iban = models.CharField(_("IBAN ontvanger"), max_length=34)
    reference = models.CharField(_("kenmerk"), max_length=MAX_REFERENCE)
    amount = models.DecimalField(_("bedrag per maand"), max_digits=12, decimal_places=2)
    start_month = models.DateField(_("eerste maand"))
    ends_on = models.DateField(_("einddatum"), null=True, blank=True)
    reason = models.CharField(_("toelichting"), max_length=MAX_REASON, blank=True)
    version = models.PositiveIntegerField(_("versie"), default=1)
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)

    class Meta:
        verbose_name = _("directe betaling")
        verbose_name_plural = _("directe betalingen")
        ordering = ["start_month", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="recovery_direct_amount"),
        ]
        indexes = [models.Index(fields=["benefit"], name="recovery_direct_benefit")]

    def __str__(self) -> str:
        return f"Directe betaling {self.pk}"


class DeductionOrder(ValidityPeriod):
    """Whether the municipality's own offset comes before or after garnishments, as data
    with its validity and source (see docs/recovery.md: the source found is secondary)."""

    offset_first = models.BooleanField(_("verrekening vóór beslag"))
    source = models.CharField(_("bron"), max_length=500)

    class Meta:
        verbose_name = _("volgorde van inhoudingen")
        verbose_name_plural = _("volgorde van inhoudingen")
        ordering = ["valid_from"]

    def __str__(self) -> str:
        return f"Volgorde vanaf {self.valid_from}"


class OffsetBooking(models.Model):
    """The one ledger movement an offset in a released payment run booked: unique on the
    run's deduction, so the offset is booked exactly once."""

    deduction = models.OneToOneField(
        "income.PaymentDeduction", on_delete=models.PROTECT, related_name="offset_booking"
    )
    movement = models.OneToOneField(Movement, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("geboekte verrekening")
        verbose_name_plural = _("geboekte verrekeningen")

    def __str__(self) -> str:
        return f"Verrekening van inhouding {self.deduction_id}"


# ---------------------------------------------------------------------------------------------
# Decisions on a claim (terugvordering, dwangbevel, afzien van terugvordering), the collection
# steps (herinnering, aanmaning) and the rules that change by date (docs/recovery.md
# "Decisions, collection steps and limitation")
# ---------------------------------------------------------------------------------------------
class RecoveryParameter(ValidityPeriod):
    """A figure of the recovery rules with its validity and source: the limitation term
    (Awb 4:104), the payment term (Awb 4:87), the term of a summons (Awb 4:112), whether the
    gross amount is recovered after the calendar year (Pw art. 58 lid 5), the horizon of the
    limitation worklist. A new figure is a new row."""

    name = models.CharField(_("naam"), max_length=40)
    value = models.DecimalField(_("waarde"), max_digits=8, decimal_places=2)
    source = models.CharField(_("bron"), max_length=500)

    class Meta:
        verbose_name = _("parameter invordering")
        verbose_name_plural = _("parameters invordering")
        ordering = ["name", "valid_from"]

    def __str__(self) -> str:
        return f"{self.name} {self.value} vanaf {self.valid_from}"


class RecoveryDecision(models.Model):
    """A decision on a claim, taken under mandate through the cases app (its case, decision
    and letter live there): the recovery decision that founds the claim, a dwangbevel, or a
    decision to forgo (further) recovery, which books a write-off."""

    class Kind(models.TextChoices):
        RECOVERY = "terugvordering", _("Terugvordering")
        WRIT = "dwangbevel", _("Dwangbevel")
        WRITE_OFF = "afzien", _("Afzien van terugvordering")

    class Ground(models.TextChoices):
        MANDATORY = "pw-58-1", _("Participatiewet art. 58 lid 1 (inlichtingenplicht geschonden)")
        DISCRETIONARY = "pw-58-2", _("Participatiewet art. 58 lid 2 (bevoegdheid)")
        WRIT = "pw-60", _("Participatiewet art. 60 (dwangbevel)")
        FURTHER = "pw-58-7", _("Participatiewet art. 58 lid 7 (afzien van verdere terugvordering)")
        URGENT = "pw-58-8", _("Participatiewet art. 58 lid 8 (dringende redenen)")

    claim = models.ForeignKey(Claim, on_delete=models.PROTECT, related_name="decisions")
    kind = models.CharField(_("soort"), max_length=20, choices=Kind.choices)
    ground = models.CharField(_("grondslag"), max_length=20, choices=Ground.choices)
    decision = models.OneToOneField(
        "cases.Decision", on_delete=models.PROTECT, related_name="recovery_decision"
    )
    decided_on = models.DateField(_("besluitdatum"))
    period_from = models.DateField(_("periode vanaf"), null=True, blank=True)
    period_until = models.DateField(_("periode tot en met"), null=True, blank=True)
    #: what the decision is about: the net amount recovered, the amount of the writ or the
    #: amount written off
    amount = models.DecimalField(_("bedrag"), max_digits=12, decimal_places=2)
    gross = models.BooleanField(_("bruto teruggevorderd"), default=False)
    gross_amount = models.DecimalField(
        _("bruto bedrag"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    #: the ledger movement the decision booked (the gross-up or the write-off), if any
    movement = models.OneToOneField(
        Movement, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)

    class Meta:
        verbose_name = _("besluit op een vordering")
        verbose_name_plural = _("besluiten op vorderingen")
        ordering = ["decided_on", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="recovery_decision_amount"),
            models.UniqueConstraint(
                fields=["claim"],
                condition=Q(kind="terugvordering"),
                name="recovery_decision_founds_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.decided_on}"


class CollectionStep(models.Model):
    """A reminder (herinnering) or summons (aanmaning, Awb 4:112) sent for a claim: when and
    by whom. The letter itself is not made here (docs/recovery.md)."""

    class Kind(models.TextChoices):
        REMINDER = "herinnering", _("Herinnering")
        SUMMONS = "aanmaning", _("Aanmaning")

    claim = models.ForeignKey(Claim, on_delete=models.PROTECT, related_name="steps")
    kind = models.CharField(_("soort"), max_length=20, choices=Kind.choices)
    sent_on = models.DateField(_("verzonden op"))
    sent_by = models.CharField(_("verzonden door"), max_length=200)
    note = models.CharField(_("toelichting"), max_length=MAX_REASON, blank=True)
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)

    class Meta:
        verbose_name = _("invorderingsstap")
        verbose_name_plural = _("invorderingsstappen")
        ordering = ["sent_on", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.sent_on}"
