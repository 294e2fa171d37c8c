"""The one-off payment (eenmalige betaling): an amount another app owes a resident outside a
benefit, paid once in a payment run (the penalty for not deciding in time, Awb 4:17-4:20, is
the first). Imported by :mod:`samen.income.models`; the registry is
:mod:`samen.income.one_offs`."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from samen.access.models import Confidentiality


class OneOffPayment(models.Model):
    """Paid exactly once: one row per (``source``, ``source_id``), created by the payment run
    in which it is paid and never changed. Municipality, domain and confidentiality come from
    the case it belongs to and decide, through the one access policy, who may see it; the
    municipality pays it from its own account in its SEPA file."""

    source = models.CharField(_("bron"), max_length=40)
    source_id = models.BigIntegerField(_("id in de bron"))
    run = models.ForeignKey(
        "income.PaymentRun",
        on_delete=models.PROTECT,
        related_name="one_offs",
        verbose_name=_("betaalrun"),
    )
    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="+", verbose_name=_("persoon")
    )
    municipality = models.ForeignKey(
        "organisation.Municipality",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("betalende gemeente"),
    )
    domain = models.ForeignKey(
        "organisation.Domain", on_delete=models.PROTECT, related_name="+", verbose_name=_("domein")
    )
    confidentiality = models.PositiveSmallIntegerField(
        _("vertrouwelijkheid"),
        choices=Confidentiality.choices,
        default=Confidentiality.ZAAKVERTROUWELIJK,
    )
    creditor_name = models.CharField(_("naam ontvanger"), max_length=70)
    iban = models.CharField(_("IBAN"), max_length=34)
    amount = models.DecimalField(_("bedrag"), max_digits=12, decimal_places=2)
    reference = models.CharField(_("kenmerk"), max_length=140)
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)

    class Meta:
        verbose_name = _("eenmalige betaling")
        verbose_name_plural = _("eenmalige betalingen")
        ordering = ["run", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["source", "source_id"], name="income_one_off_once"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="income_one_off_amount"),
        ]

    def __str__(self) -> str:
        return f"Eenmalige betaling {self.reference}: {self.amount}"

    def save(self, *args: object, **kwargs: object) -> None:
        if self.pk is not None and not self._state.adding:
            raise ValidationError(
                _("Een eenmalige betaling wordt nooit gewijzigd."), code="one_off_immutable"
            )
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def delete(self, *args: object, **kwargs: object) -> Any:
        raise ValidationError(
            _("Een eenmalige betaling wordt nooit verwijderd."), code="one_off_immutable"
        )
