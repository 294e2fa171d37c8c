"""Four-eyes review (toetsing) of decisions before they are announced.

Configuration (edited in ``/beheer/``, no personal data): :class:`ReviewRule`, dated data
with its source, says per decision type and, optionally, the function of the employee who
decided, whether a decision needs a reviewer's approval before bekendmaking.

Work (never in the admin: it points at residents' decisions): :class:`Review`, the verdict
of a reviewer on one decision, with her remarks.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from samen.cases.models import Decision
from samen.common.periods import ValidityPeriod
from samen.organisation.models import DecisionType, Function, Staff

MAX_REMARKS = 2000


class ReviewRule(ValidityPeriod):
    """Whether decisions of ``decision_type`` taken by an employee in ``function`` (on the
    decision date; empty: any function) need a reviewer's approval before they are
    announced. The rule valid on the decision date wins; one for the function wins over one
    for every function."""

    decision_type = models.ForeignKey(
        DecisionType, verbose_name=_("besluittype"), on_delete=models.PROTECT
    )
    function = models.ForeignKey(
        Function,
        verbose_name=_("functie van wie besluit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        help_text=_("Leeg: voor elke functie."),
    )
    required = models.BooleanField(_("toetsing verplicht"), default=True)
    source = models.CharField(_("bron"), max_length=300)

    class Meta:
        verbose_name = _("toetsingsregel")
        verbose_name_plural = _("toetsingsregels")
        ordering = ["decision_type__name", "function__name", "valid_from"]

    def __str__(self) -> str:
        who = self.function.name if self.function else _("elke functie")
        return f"{self.decision_type} ({who})"


class Verdict(models.TextChoices):
    AKKOORD = "akkoord", _("Akkoord")
    NIET_AKKOORD = "niet_akkoord", _("Niet akkoord")


class Review(models.Model):
    """The reviewer's verdict on one decision. Written once; a decision that is not approved
    stays unannounced and a new decision needs a new review."""

    decision = models.OneToOneField(
        Decision, verbose_name=_("besluit"), on_delete=models.PROTECT, related_name="review"
    )
    requested_at = models.DateTimeField(
        _("toetsing gevraagd op"), help_text=_("Het moment waarop het besluit werd vastgelegd.")
    )
    reviewer = models.ForeignKey(Staff, verbose_name=_("toetser"), on_delete=models.PROTECT)
    verdict = models.CharField(_("oordeel"), max_length=20, choices=Verdict.choices)
    remarks = models.TextField(_("opmerkingen"), max_length=MAX_REMARKS, blank=True)
    reviewed_at = models.DateTimeField(_("getoetst op"), auto_now_add=True)
    version = models.PositiveIntegerField(_("versie"), default=1)

    class Meta:
        verbose_name = _("toetsing")
        verbose_name_plural = _("toetsingen")
        ordering = ["reviewed_at", "pk"]

    def __str__(self) -> str:
        return f"{self.decision} ({self.get_verdict_display()})"
