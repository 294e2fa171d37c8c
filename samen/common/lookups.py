"""``field__anyof=[...]``: membership in a long list of values as one parameter.

Django's ``__in`` sends every value as its own query parameter, and prepares each one: for
a batch of thousands of BSNs or ids that preparation costs more than the query. On
PostgreSQL ``anyof`` sends the list as one array (``col = ANY(%s)``); elsewhere it is the
same ``IN (...)`` as ``__in``. The values must already be of the column's type (strings for
a text column, ints for an id); an empty list matches nothing. Registered on every field
and relation from ``CommonConfig.ready``.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Field, ForeignObject, Lookup


class AnyOf(Lookup):
    lookup_name = "anyof"
    prepare_rhs = False

    def get_prep_lookup(self) -> Any:
        return list(self.rhs)

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, list[Any]]:
        lhs, lhs_params = self.process_lhs(compiler, connection)
        values = list(self.rhs)
        if not values:
            return "1 = 0", []
        if connection.vendor == "postgresql":
            return f"{lhs} = ANY(%s)", [*lhs_params, values]
        marks = ", ".join(["%s"] * len(values))
        return f"{lhs} IN ({marks})", [*lhs_params, *values]


def register() -> None:
    Field.register_lookup(AnyOf)
    ForeignObject.register_lookup(AnyOf)  # person_id__anyof: a relation has its own lookups
