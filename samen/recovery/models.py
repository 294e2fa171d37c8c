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
