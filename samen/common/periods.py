"""Validity periods: the one helper for "as of a date" look-ups.

Everything that changes by date (memberships, contracts, mandates, appointments, norms) has
``valid_from`` (inclusive) and ``valid_until`` (inclusive, empty means open-ended). Pure
functions here decide overlap and containment; :class:`ValidityQuerySet` applies the same
rule in the database so that look-ups stay one query.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from samen.common.dates import MONTHS_NL, long_date

__all__ = ["MONTHS_NL", "Period", "ValidityPeriod", "ValidityQuerySet", "long_date"]


@dataclass(frozen=True)
class Period:
    valid_from: dt.date
    valid_until: dt.date | None = None

    def contains(self, day: dt.date) -> bool:
        return self.valid_from <= day and (self.valid_until is None or day <= self.valid_until)

    def overlaps(self, other: Period) -> bool:
        starts_before_other_ends = other.valid_until is None or self.valid_from <= other.valid_until
        ends_after_other_starts = self.valid_until is None or other.valid_from <= self.valid_until
        return starts_before_other_ends and ends_after_other_starts

    def covers(self, other: Period) -> bool:
        """True when every day of ``other`` lies inside this period."""
        if other.valid_from < self.valid_from:
            return False
        if self.valid_until is None:
            return True
        return other.valid_until is not None and other.valid_until <= self.valid_until

    def label(self) -> str:
        start = long_date(self.valid_from)
        if self.valid_until is None:
            return f"vanaf {start}"
        return f"van {start} t/m {long_date(self.valid_until)}"


class ValidityQuerySet(models.QuerySet):
    def valid_on(self, day: dt.date) -> ValidityQuerySet:
        return self.filter(
            Q(valid_until__isnull=True) | Q(valid_until__gte=day), valid_from__lte=day
        )

    def overlapping(self, valid_from: dt.date, valid_until: dt.date | None) -> ValidityQuerySet:
        qs = self.filter(Q(valid_until__isnull=True) | Q(valid_until__gte=valid_from))
        if valid_until is not None:
            qs = qs.filter(valid_from__lte=valid_until)
        return qs


class ValidityPeriod(models.Model):
    """Abstract base for anything valid for a period."""

    valid_from = models.DateField(_("geldig vanaf"))
    valid_until = models.DateField(
        _("geldig tot en met"),
        null=True,
        blank=True,
        help_text=_("Leeg: geldt voor onbepaalde tijd."),
    )

    objects = ValidityQuerySet.as_manager()

    class Meta:
        abstract = True

    @property
    def period(self) -> Period:
        return Period(self.valid_from, self.valid_until)

    def is_valid_on(self, day: dt.date) -> bool:
        return self.period.contains(day)

    def clean_period(self) -> None:
        if self.valid_from and self.valid_until and self.valid_until < self.valid_from:
            raise ValidationError(
                {"valid_until": _("De einddatum ligt vóór de begindatum.")}, code="period_reversed"
            )

    def refuse_overlap(self, siblings: models.QuerySet, message: str) -> None:
        """Raise when another row of ``siblings`` overlaps this row's period."""
        if self.valid_from is None:
            return
        clashes = siblings.overlapping(self.valid_from, self.valid_until)  # type: ignore[attr-defined]
        if self.pk is not None:
            clashes = clashes.exclude(pk=self.pk)
        clash = clashes.first()
        if clash is not None:
            raise ValidationError(message.format(other=clash.period.label()), code="period_overlap")
