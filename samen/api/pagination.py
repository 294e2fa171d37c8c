"""Page-number pagination with Dutch, camelCase query keys (`pagina`, `paginaGrootte`).

One parser for both keys (:func:`page_request`): a page number that is not a whole number,
below 1 or beyond :data:`~samen.common.codes.MAX_PAGE` is a 400 naming ``pagina``, a size
outside 1-500 a 400 naming ``paginaGrootte``; a well-formed page after the last one is a 404,
as in DRF. The model viewsets use it through :class:`Pagination`, the scoped lists of persons,
cases and audit entries (whose services page in the database) through :func:`page_request`
and :func:`page_response`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rest_framework import exceptions
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

from samen.common import codes

PAGE = "pagina"
PAGE_SIZE = "paginaGrootte"
DEFAULT_PAGE_SIZE = 100
NO_SUCH_PAGE = "Deze pagina bestaat niet."


@dataclass(frozen=True)
class PageRequest:
    number: int
    size: int

    @property
    def offset(self) -> int:
        return (self.number - 1) * self.size


def _parse(request: Request, key: str, default: int, parse: Any) -> int:
    raw = request.query_params.get(key)
    if raw is None or raw == "":
        return default
    try:
        value: int = parse(raw)
    except codes.InputError as error:
        raise exceptions.ValidationError({key: [str(error)]}) from error
    return value


def page_request(request: Request) -> PageRequest:
    return PageRequest(
        _parse(request, PAGE, 1, codes.parse_page),
        _parse(request, PAGE_SIZE, DEFAULT_PAGE_SIZE, codes.parse_page_size),
    )


def page_response(request: Request, page: PageRequest, total: int, results: Any) -> Response:
    """The list answer (count, next, previous, results); a page after the last is a 404."""
    if page.number > 1 and page.offset >= total:
        raise exceptions.NotFound(NO_SUCH_PAGE)
    url = request.build_absolute_uri()
    previous = None
    if page.number == 2:
        previous = remove_query_param(url, PAGE)
    elif page.number > 2:
        previous = replace_query_param(url, PAGE, page.number - 1)
    following = None
    if page.number * page.size < total:
        following = replace_query_param(url, PAGE, page.number + 1)
    return Response({"count": total, "next": following, "previous": previous, "results": results})


class Pagination(PageNumberPagination):
    page_query_param = PAGE
    page_query_description = f"Het paginanummer, van 1 tot en met {codes.MAX_PAGE}."
    page_size_query_param = PAGE_SIZE
    page_size_query_description = (
        f"Aantal resultaten per pagina (standaard {DEFAULT_PAGE_SIZE}, "
        f"hoogstens {codes.MAX_PAGE_SIZE})."
    )
    page_size = DEFAULT_PAGE_SIZE
    max_page_size = codes.MAX_PAGE_SIZE
    invalid_page_message = NO_SUCH_PAGE

    def get_page_size(self, request: Request) -> int:
        return page_request(request).size

    def get_page_number(self, request: Request, paginator: Any) -> int:
        return page_request(request).number

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        return [
            {
                "name": PAGE,
                "required": False,
                "in": "query",
                "description": self.page_query_description,
                "schema": {"type": "integer", "minimum": 1, "maximum": codes.MAX_PAGE},
            },
            {
                "name": PAGE_SIZE,
                "required": False,
                "in": "query",
                "description": self.page_size_query_description,
                "schema": {"type": "integer", "minimum": 1, "maximum": codes.MAX_PAGE_SIZE},
            },
        ]
