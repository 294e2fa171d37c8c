"""The one access policy for personal data.

Every access to personal data is decided here, from the actor's grants valid on the day:
the action (read, change, export) must be allowed by the grant's role, the object's
responsible municipality and domain must be in the grant, and the object's confidentiality
must not exceed the grant's level. Default deny: no grant, no access.

The policy costs a fixed number of queries per actor and day (three: the grants and their
municipalities and domains), whatever the number of municipalities, domains or grants; it is
cached on the user object for the request. Querysets are scoped with :meth:`Policy.q` and its
helpers, so the database does the filtering in the same single query that fetches the data.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from samen.access.models import Action, Grant


class Purpose(StrEnum):
    """Why personal data is processed (doelbinding); recorded with every audit entry."""

    UITVOERING = "uitvoering"  # executing the tasks: case work, payments
    TOEZICHT = "toezicht"  # supervision by the data-protection officer
    CONTROLE = "controle"  # internal control and review
    BEHEER = "beheer"  # functional management
    STURING = "sturing"  # steering and accountability: aggregated figures, no personal data

    @property
    def label(self) -> str:
        return {
            "uitvoering": "uitvoering van de taak",
            "toezicht": "toezicht gegevensbescherming",
            "controle": "interne controle",
            "beheer": "functioneel beheer",
            "sturing": "sturing en verantwoording (cijfers)",
        }[self.value]


@dataclass(frozen=True)
class GrantScope:
    role_code: str
    role_name: str
    actions: frozenset[str]
    municipality_ids: frozenset[int]
    domain_ids: frozenset[int]
    max_level: int
    may_read_audit: bool
    may_read_figures: bool

    def covers(
        self, action: str, municipality_id: int | None, domain_id: int | None, level: int
    ) -> bool:
        return (
            action in self.actions
            and municipality_id in self.municipality_ids
            and domain_id in self.domain_ids
            and level <= self.max_level
        )


class Policy:
    """The grants of one actor on one day, and the decisions that follow from them."""

    def __init__(self, user: Any, day: dt.date, grants: list[GrantScope]) -> None:
        self.user = user
        self.day = day
        self.grants = grants

    # -- questions --------------------------------------------------------------------------
    def allows(
        self,
        action: str,
        municipality_id: int | None,
        domain_id: int | None,
        level: int,
        roles: Collection[str] | None = None,
    ) -> bool:
        return any(
            g.covers(action, municipality_id, domain_id, level)
            for g in self.grants
            if roles is None or g.role_code in roles
        )

    def grants_for(self, action: str) -> list[GrantScope]:
        return [g for g in self.grants if action in g.actions]

    @property
    def may_read_audit(self) -> bool:
        return any(g.may_read_audit for g in self.grants)

    @property
    def may_read_figures(self) -> bool:
        return any(g.may_read_figures for g in self.grants)

    @property
    def handles_personal_data(self) -> bool:
        return bool(self.grants_for(Action.READ))

    def figure_municipality_ids(self) -> set[int]:
        """The municipalities whose aggregated figures (KPIs, reports, dashboards) this actor
        may see: those of the grants whose role may read figures. Figures are no personal
        data, so the grant's domains and confidentiality level play no part."""
        return {m for g in self.grants if g.may_read_figures for m in g.municipality_ids}

    def municipality_ids(self, action: str) -> set[int]:
        return {m for g in self.grants_for(action) for m in g.municipality_ids}

    def role_names(self) -> str:
        return ", ".join(sorted({g.role_name for g in self.grants}))

    # -- scoping ----------------------------------------------------------------------------
    def scope_persons(self, queryset: QuerySet, action: str) -> QuerySet:
        """Persons whose responsible municipality (by address on the day) and at least one
        registration (domain, confidentiality) fall in one grant."""
        from samen.people.models import Address, Registration

        day = self.day
        condition = Q(pk__in=[])
        for grant in self.grants_for(action):
            lives = Address.objects.valid_on(day).filter(
                person=OuterRef("pk"), municipality_id__in=grant.municipality_ids
            )
            known = Registration.objects.filter(
                person=OuterRef("pk"),
                domain_id__in=grant.domain_ids,
                confidentiality__lte=grant.max_level,
            )
            condition |= Q(Exists(lives)) & Q(Exists(known))
        return queryset.filter(condition)

    def count_persons(self, action: str) -> int:
        """How many persons :meth:`scope_persons` lets through, counted from the addresses
        valid on the day: the same condition per grant (an address in one of its
        municipalities, a registration in one of its domains up to its level), each person
        once. It reads only the two policy indexes; counting from the persons' side scanned
        every person (bench/load.py: at 1,000,000 persons about 5 times slower)."""
        from samen.people.models import Address, Registration

        condition = Q(pk__in=[])
        for grant in self.grants_for(action):
            known = Registration.objects.filter(
                person=OuterRef("person"),
                domain_id__in=grant.domain_ids,
                confidentiality__lte=grant.max_level,
            )
            condition |= Q(municipality_id__in=grant.municipality_ids) & Q(Exists(known))
        lives = Address.objects.valid_on(self.day).filter(condition)
        return int(lives.order_by().values("person").distinct().count())

    def scope_records(
        self, queryset: QuerySet, action: str, roles: Collection[str] | None = None
    ) -> QuerySet:
        """Records that carry their own municipality, domain and confidentiality (cases,
        decisions through their case): one grant must cover all three. With ``roles``, only
        the grants of those roles count (a fraud investigation opens only to a grant of an
        enforcement role, whatever level another grant reaches)."""
        condition = Q(pk__in=[])
        for grant in self.grants_for(action):
            if roles is not None and grant.role_code not in roles:
                continue
            condition |= Q(
                municipality_id__in=grant.municipality_ids,
                domain_id__in=grant.domain_ids,
                confidentiality__lte=grant.max_level,
            )
        return queryset.filter(condition)

    def visible_registrations(
        self, person: Any, registrations: list[Any], action: str, municipality_id: int | None
    ) -> list[Any]:
        """Of a person's registrations, those this actor may see: a person known in two
        domains shows each actor only the domains that actor holds."""
        return [
            r
            for r in registrations
            if self.allows(action, municipality_id, r.domain_id, r.confidentiality)
        ]


def _load(user: Any, day: dt.date) -> list[GrantScope]:
    """The actor's grants valid on ``day`` in three queries: the grants with their role, then
    the municipality and domain ids of all of them as plain values (the ORM's prefetch of
    the related objects cost more than the queries themselves)."""
    staff = getattr(user, "staff", None) if getattr(user, "is_authenticated", False) else None
    if staff is None:
        return []
    grants = list(
        Grant.objects.valid_on(day)
        .filter(staff=staff, status=Grant.Status.APPROVED)  # a proposal gives no access
        .select_related("role")
    )
    if not grants:
        return []
    ids = [g.pk for g in grants]
    municipalities: dict[int, set[int]] = {pk: set() for pk in ids}
    domains: dict[int, set[int]] = {pk: set() for pk in ids}
    for into, through, column in (
        (municipalities, Grant.municipalities.through, "municipality_id"),
        (domains, Grant.domains.through, "domain_id"),
    ):
        for grant_id, value in through.objects.filter(grant_id__in=ids).values_list(
            "grant_id", column
        ):
            into[grant_id].add(value)
    return [
        GrantScope(
            role_code=g.role.code,
            role_name=g.role.name,
            actions=frozenset(a for a in Action.values if g.role.allows(a)),
            municipality_ids=frozenset(municipalities[g.pk]),
            domain_ids=frozenset(domains[g.pk]),
            max_level=g.max_confidentiality,
            may_read_audit=g.role.may_read_audit,
            may_read_figures=g.role.may_read_figures,
        )
        for g in grants
    ]


def policy_for(user: Any, day: dt.date | None = None) -> Policy:
    """The policy of ``user`` on ``day`` (today by default), cached on the user object so a
    request pays for it once."""
    day = day or timezone.localdate()
    cache: dict[dt.date, Policy] = getattr(user, "_samen_policy", None) or {}
    if day not in cache:
        cache[day] = Policy(user, day, _load(user, day))
        with contextlib.suppress(AttributeError):  # AnonymousUser needs no cache
            user._samen_policy = cache
    return cache[day]


def forget(user: Any) -> None:
    """Drop the cached policy (after grants change within one request or test)."""
    if hasattr(user, "_samen_policy"):
        del user._samen_policy
