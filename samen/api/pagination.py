"""Page-number pagination with Dutch, camelCase query keys (`pagina`, `paginaGrootte`)."""

from rest_framework.pagination import PageNumberPagination


class Pagination(PageNumberPagination):
    page_query_param = "pagina"
    page_query_description = "Het paginanummer, vanaf 1."
    page_size_query_param = "paginaGrootte"
    page_size_query_description = "Aantal resultaten per pagina (standaard 100, hoogstens 500)."
    max_page_size = 500
    invalid_page_message = "Deze pagina bestaat niet."
