"""Validators of national identifiers that more than one app checks."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum.nl import bsn as bsn_number


def validate_bsn(value: str) -> None:
    """A burgerservicenummer: nine digits that pass the elfproef. The shape alone is
    :func:`samen.common.codes.parse_bsn_shape`."""
    if not bsn_number.is_valid(value or ""):
        raise ValidationError(
            _(
                "%(value)s is geen geldig burgerservicenummer (BSN): het moet uit negen cijfers "
                "bestaan en voldoen aan de elfproef."
            ),
            params={"value": value},
            code="invalid_bsn",
        )
