"""SEPA credit transfer files (pain.001.001.03) for a payment run: one per paying
municipality, debited from that municipality's :class:`PayingAccount` valid in the month.

A line of 0.00 is recorded (the month was calculated) but not transferred. The group
header's control sum is the sum of the transferred lines and NbOfTxs their number.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any

import sepaxml
from sepaxml import SepaTransfer

from samen.common.periods import MONTHS_NL
from samen.income.models import OneOffPayment, PayingAccount, PaymentDeduction, PaymentLine

if TYPE_CHECKING:
    from samen.income.models import PaymentRun

SCHEMA = "pain.001.001.03"
SCHEMA_PATH = Path(sepaxml.__file__).resolve().parent / "schemas" / f"{SCHEMA}.xsd"


class SepaConfigurationError(Exception):
    """A paying municipality has no paying account for the month."""


def _description(line: PaymentLine) -> str:
    label = f"{MONTHS_NL[line.month.month - 1]} {line.month.year}"
    if line.kind == PaymentLine.Kind.SUPPLEMENT:
        return f"Aanvulling uitkering {label}: {line.reason}"
    if line.kind == PaymentLine.Kind.HOLIDAY_ALLOWANCE:
        return f"Vakantietoeslag Participatiewet {label}"
    return f"Uitkering Participatiewet {label}"


def _account(municipality: Any, month: dt.date) -> PayingAccount:
    account = (
        PayingAccount.objects.filter(municipality=municipality)
        .valid_on(month)
        .order_by("-valid_from")
        .first()
    )
    if account is None:
        raise SepaConfigurationError(
            f"Gemeente {municipality.name} ({municipality.cbs_code}) heeft geen betaalrekening "
            f"die geldt op {month:%d-%m-%Y}: leg die vast voordat de betaalbestanden "
            "worden gemaakt."
        )
    return account


def sepa_files(
    run: PaymentRun,
    *,
    execution_date: dt.date | None = None,
    validate: bool = False,
    municipality_code: str | None = None,
) -> dict[str, bytes]:
    """One pain.001.001.03 file per paying municipality (keyed by CBS code) with every line
    of the run above 0.00; only that municipality's with ``municipality_code``. ``validate``
    checks each file against the XSD (slow for big runs; the tests always do)."""
    when = execution_date or dt.date.today()
    transfers: dict[str, SepaTransfer] = {}
    lines = (
        PaymentLine.objects.filter(run=run, amount__gt=0)
        .filter(
            **({"benefit__municipality__cbs_code": municipality_code} if municipality_code else {})
        )
        .select_related("benefit__person", "benefit__municipality")
        .order_by("benefit__municipality__cbs_code", "pk")
    )

    def transfer_of(municipality: Any) -> SepaTransfer:
        transfer = transfers.get(municipality.cbs_code)
        if transfer is None:
            account = _account(municipality, run.month)
            transfer = SepaTransfer(
                {
                    "name": account.name,
                    "IBAN": account.iban,
                    "BIC": account.bic,
                    "batch": True,
                    "currency": "EUR",
                },
                schema=SCHEMA,
            )
            transfers[municipality.cbs_code] = transfer
        return transfer

    for line in lines.iterator(chunk_size=5000):
        transfer = transfer_of(line.benefit.municipality)
        transfer.add_payment(
            {
                "name": line.benefit.person.full_name or "Onbekend",
                "IBAN": line.benefit.iban,
                "amount": int(line.amount * 100),
                "execution_date": when,
                "description": _description(line),
                "endtoend_id": f"SAMEN-{run.month:%Y%m}-{line.pk}"[:35],
            }
        )
    # Deductions paid to a third party (a garnishee, the client's landlord): a transfer of
    # their own, with the creditor's reference, in the same file as the client's payment.
    paid_on = (
        PaymentDeduction.objects.filter(line__run=run)
        .exclude(creditor_iban="")
        .filter(
            **(
                {"line__benefit__municipality__cbs_code": municipality_code}
                if municipality_code
                else {}
            )
        )
        .select_related("line__benefit__municipality")
        .order_by("line__benefit__municipality__cbs_code", "pk")
    )
    for deduction in paid_on.iterator(chunk_size=5000):
        transfer_of(deduction.line.benefit.municipality).add_payment(
            {
                "name": deduction.creditor_name,
                "IBAN": deduction.creditor_iban,
                "amount": int(deduction.amount * 100),
                "execution_date": when,
                "description": _deduction_description(deduction),
                "endtoend_id": f"SAMEN-{run.month:%Y%m}-D{deduction.pk}"[:35],
            }
        )
    # One-off payments (a penalty for not deciding in time): a transfer of their own.
    one_offs = (
        OneOffPayment.objects.filter(run=run)
        .filter(**({"municipality__cbs_code": municipality_code} if municipality_code else {}))
        .select_related("municipality")
        .order_by("municipality__cbs_code", "pk")
    )
    for one_off in one_offs:
        transfer_of(one_off.municipality).add_payment(
            {
                "name": one_off.creditor_name,
                "IBAN": one_off.iban,
                "amount": int(one_off.amount * 100),
                "execution_date": when,
                "description": one_off.reference[:140],
                "endtoend_id": f"SAMEN-{run.month:%Y%m}-E{one_off.pk}"[:35],
            }
        )
    return {cbs: transfer.export(validate=validate) for cbs, transfer in transfers.items()}


def _deduction_description(deduction: PaymentDeduction) -> str:
    month = deduction.line.month
    label = f"{MONTHS_NL[month.month - 1]} {month.year}"
    what = "Beslag" if deduction.kind == PaymentDeduction.Kind.GARNISHMENT else "Betaling"
    return f"{deduction.reference} {what} uitkering {label}".strip()[:140]
