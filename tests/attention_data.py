"""Test data for the signals on the file (samen.common.attention), on top of
``tests/web/privacy.py``: every date explicit.

- ``pim``: Pim van der Maes, born 24 July 1959, lives in Vaals, algemene bijstand since
  1 January 2024; he reaches the AOW age (67, born 1957-1960) on 24 July 2026.
- ``carla`` (Maastricht) gets a benefit of Maastricht too, outside the Vaals consulent's
  grants.
- ``maastricht_consulent``: consulent for Maastricht, Participatiewet.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from samen.cases.models import Case, CaseType, Status, TermUnit
from samen.income.models import Benefit, PaymentLine, PaymentRun
from samen.people.models import Person
from tests.web import privacy as data

D = dt.date
PIM_BSN = "999990068"
IBAN = "NL91ABNA0417164300"
PIM_AOW = D(2026, 7, 24)


@dataclass
class Signals:
    privacy: data.Privacy
    pim: Person
    pim_benefit: Benefit
    carla_benefit: Benefit
    maastricht_consulent: Any


def benefit(person: Person, municipality: Any, domain: Any, **extra: Any) -> Benefit:
    return Benefit.objects.create(
        person=person,
        municipality=municipality,
        domain=domain,
        iban=IBAN,
        start_date=extra.pop("start_date", D(2024, 1, 1)),
        **extra,
    )


def build() -> Signals:
    privacy = data.build()
    pim = data.person(
        PIM_BSN,
        "Pim",
        "Maes",
        privacy.vaals,
        [(privacy.participatiewet, data.Z, "Algemene bijstand")],
    )
    pim.surname_prefix = "van der"
    pim.birth_date = D(1959, 7, 24)
    pim.save()
    maastricht_consulent = data.staff_user("consulent.maastricht", "Mieke Maas", privacy.maastricht)
    data.give(maastricht_consulent, "consulent", [privacy.maastricht], [privacy.participatiewet])
    return Signals(
        privacy=privacy,
        pim=pim,
        pim_benefit=benefit(pim, privacy.vaals, privacy.participatiewet),
        carla_benefit=benefit(privacy.carla, privacy.maastricht, privacy.participatiewet),
        maastricht_consulent=maastricht_consulent,
    )


def done_run(month: dt.date) -> PaymentRun:
    return PaymentRun.objects.create(month=month, status=PaymentRun.Status.DONE)


def paid(run: PaymentRun, benefit: Benefit) -> PaymentLine:
    return PaymentLine.objects.create(
        run=run, benefit=benefit, month=run.month, amount=Decimal("1401.50"), calculation={}
    )


def bijstand_type(domain: Any) -> CaseType:
    return CaseType.objects.create(
        code="test-algemene-bijstand",
        domain=domain,
        name="Aanvraag algemene bijstand",
        legal_basis="artikel 43 Participatiewet",
        term_amount=8,
        term_unit=TermUnit.WEEKS,
        extension_amount=6,
        valid_from=D(2015, 1, 1),
    )


def open_case(
    reference: str, person: Person, municipality: Any, case_type: CaseType, deadline: dt.date
) -> Case:
    return Case.objects.create(
        reference=reference,
        case_type=case_type,
        person=person,
        municipality=municipality,
        domain=case_type.domain,
        status=Status.IN_BEHANDELING,
        reported_on=deadline - dt.timedelta(days=56),
        received_on=deadline - dt.timedelta(days=56),
        deadline=deadline,
    )
