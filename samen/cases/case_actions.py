"""The actions on a case's page (`/zaken/<id>/<actie>`, see :func:`samen.cases.views.case_action`):
which actions there are and when a case allows each, the form of each with its first values,
the service call that performs it, and the calculation the decision form shows.

Whether the user may change the case at all, and so sees any action, is decided by the
view; every change itself by :mod:`samen.cases.services`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy

from samen.access.policy import Purpose
from samen.cases import services
from samen.cases.forms import (
    CaseDateForm,
    CaseVersionForm,
    DecisionForm,
    ExtensionForm,
    InformationReceivedForm,
    InformationRequestForm,
)
from samen.cases.models import Case, Status

PURPOSE = Purpose.UITVOERING


@dataclass(frozen=True)
class CaseAction:
    """An action on a case: its address segment, button label, form and service call."""

    slug: str
    label: Any
    title: Any
    form: type[CaseVersionForm]
    allowed: Callable[[Case], bool]
    done: Any

    @property
    def has_fields(self) -> bool:
        """More than the hidden version: the action has a form page of its own."""
        return len(self.form.base_fields) > 1


def _can_start(case: Case) -> bool:
    return case.status in (Status.MELDING, Status.ONTVANGEN)


def _can_request(case: Case) -> bool:
    return (
        case.status in services.TRANSITIONS[Status.INFORMATIE_OPGEVRAAGD]
        and case.case_type.suspension_allowed
    )


def _can_extend(case: Case) -> bool:
    case_type = case.case_type
    return (
        case.decided_on is None
        and case.status != Status.AFGESLOTEN
        and case.deadline_override is None
        and case_type.extension_allowed
        and bool(case_type.extension_amount)
    )


ACTIONS: dict[str, CaseAction] = {
    action.slug: action
    for action in (
        CaseAction(
            "oppakken",
            gettext_lazy("Oppakken"),
            gettext_lazy("Zaak oppakken"),
            CaseVersionForm,
            lambda case: case.is_open,
            gettext_lazy("U heeft zaak %(reference)s opgepakt."),
        ),
        CaseAction(
            "in-behandeling",
            gettext_lazy("In behandeling nemen"),
            gettext_lazy("Zaak in behandeling nemen"),
            CaseVersionForm,
            _can_start,
            gettext_lazy("De zaak is in behandeling genomen."),
        ),
        CaseAction(
            "informatie-opvragen",
            gettext_lazy("Informatie opvragen"),
            gettext_lazy("Informatie opvragen"),
            InformationRequestForm,
            _can_request,
            gettext_lazy("Het verzoek om informatie is vastgelegd; de termijn is opgeschort."),
        ),
        CaseAction(
            "informatie-ontvangen",
            gettext_lazy("Informatie ontvangen"),
            gettext_lazy("Informatie ontvangen"),
            InformationReceivedForm,
            lambda case: case.status == Status.INFORMATIE_OPGEVRAAGD,
            gettext_lazy("De ontvangst van de informatie is vastgelegd."),
        ),
        CaseAction(
            "termijn-verlengen",
            gettext_lazy("Termijn verlengen"),
            gettext_lazy("Beslistermijn verlengen"),
            ExtensionForm,
            _can_extend,
            gettext_lazy("De beslistermijn is verlengd."),
        ),
        CaseAction(
            "besluit",
            gettext_lazy("Besluit nemen"),
            gettext_lazy("Besluit nemen"),
            DecisionForm,
            lambda case: (
                case.status in services.TRANSITIONS[Status.BESLUIT_GENOMEN]
                or services.may_replace(case)
            ),
            gettext_lazy("Het besluit is vastgelegd en de brief is gemaakt."),
        ),
        CaseAction(
            "bekendgemaakt",
            gettext_lazy("Bekendgemaakt"),
            gettext_lazy("Besluit bekendgemaakt"),
            CaseDateForm,
            lambda case: case.status == Status.BESLUIT_GENOMEN,
            gettext_lazy("De bekendmaking is vastgelegd."),
        ),
        CaseAction(
            "afsluiten",
            gettext_lazy("Afsluiten"),
            gettext_lazy("Zaak afsluiten"),
            CaseDateForm,
            lambda case: case.status == Status.BEKENDGEMAAKT,
            gettext_lazy("De zaak is afgesloten."),
        ),
    )
}


def _decision_types(case: Case) -> list[tuple[str, str]]:
    return [(t.code, t.name) for t in case.case_type.decision_types.all()]


def _form(action: CaseAction, case: Case, data: Any = None) -> CaseVersionForm:
    kwargs: dict[str, Any] = {}
    if action.form is DecisionForm:
        kwargs["decision_types"] = _decision_types(case)
    if data is not None:
        return action.form(data, **kwargs)
    initial: dict[str, Any] = {"version": case.version}
    today = timezone.localdate()
    for name in ("on", "requested_on", "received_on", "notified_on", "decided_on"):
        if name in action.form.base_fields:
            initial[name] = today
    if "effective_from" in action.form.base_fields and case.received_on:
        # Pw art. 44: bijstand is granted from the day the client reported.
        initial["effective_from"] = case.received_on
    return action.form(initial=initial, **kwargs)


def _perform(request: HttpRequest, action: CaseAction, pk: int, data: dict[str, Any]) -> Any:
    user, version = request.user, data["version"]
    if action.slug == "oppakken":
        return services.take_case(user, pk, version=version, purpose=PURPOSE)
    if action.slug == "in-behandeling":
        return services.start_handling(user, pk, version=version, purpose=PURPOSE)
    if action.slug == "informatie-opvragen":
        return services.request_information(
            user,
            pk,
            requested_on=data["requested_on"],
            what=data["what"],
            supply_by=data["supply_by"],
            version=version,
            purpose=PURPOSE,
        )
    if action.slug == "informatie-ontvangen":
        return services.information_received(
            user, pk, received_on=data["received_on"], version=version, purpose=PURPOSE
        )
    if action.slug == "termijn-verlengen":
        return services.extend_term(
            user,
            pk,
            notified_on=data["notified_on"],
            reason=data["reason"],
            version=version,
            purpose=PURPOSE,
        )
    if action.slug == "besluit":
        return services.decide(
            user,
            pk,
            services.NewDecision(
                decision_type_code=data["decision_type"],
                outcome=data["outcome"],
                decided_on=data["decided_on"],
                reasoning=data["reasoning"],
                effective_from=data["effective_from"],
                iban=data.get("iban", ""),
            ),
            version=version,
            purpose=PURPOSE,
        )
    if action.slug == "bekendgemaakt":
        return services.announce(user, pk, on=data["on"], version=version, purpose=PURPOSE)
    return services.close(user, pk, on=data["on"], version=version, purpose=PURPOSE)


def _preview(request: HttpRequest, action: CaseAction, case: Case, form: Any) -> Any:
    """The decision form shows the calculation a grant would start with: on the start date
    entered (or, before anything is entered, on the day the application was received)."""
    if action.slug != "besluit":
        return None
    day = None
    if form.is_bound:
        # Read again from the input: a refusal by the service removes the field from
        # cleaned_data, and the calculation on the date entered is what explains it.
        for name in ("effective_from", "decided_on"):
            try:
                day = form.fields[name].clean(form.data.get(name))
            except ValidationError:
                day = None
            if day:
                break
    if day is None:
        day = case.received_on or timezone.localdate()
    try:
        return services.grant_preview(request.user, case.pk, day, PURPOSE)
    except services.NotVisible:
        return None
