"""Pagination: cursors for lists that grow without bound, page numbers for ranked search results.

A cursor cannot express a search rank (a computed float), so `q=` results are paged by number.
"""

from functools import partial

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from rest_framework import exceptions
from rest_framework.pagination import CursorPagination, PageNumberPagination


DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 200


INVALID_CURSOR = "Invalid cursor."
# PostgreSQL's OFFSET is a bigint: a page starting past it has no results, and is not asked for.
MAX_OFFSET = 2**63 - 1


class InvalidCursor(exceptions.ValidationError):
    default_code = "invalid_cursor"


class CursorPage(CursorPagination):
    """Newest first by default; views set `ordering` (always ending in a unique "-id")."""

    ordering = ("-created_at", "-id")
    page_size = DEFAULT_PAGE_SIZE
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE

    def decode_cursor(self, request):
        try:
            return super().decode_cursor(request)
        except exceptions.NotFound:
            raise InvalidCursor({self.cursor_query_param: [INVALID_CURSOR]}) from None

    def paginate_queryset(self, queryset, request, view=None):
        # A cursor decodes to any position a client cares to write ("o=0&p=abc"): one that does not
        # fit the ordering's field is refused when the filter is built, before any query runs.
        try:
            return super().paginate_queryset(queryset, request, view)
        except (ValueError, TypeError, DjangoValidationError):
            if request.query_params.get(self.cursor_query_param) is None:
                raise
            raise InvalidCursor({self.cursor_query_param: [INVALID_CURSOR]}) from None


class FixedOrderCursorPage(CursorPage):
    """A cursor page that keeps its own `ordering`, whatever ordering filter the view has."""

    def get_ordering(self, request, queryset, view):
        return self.ordering


class ClaimQueueCursorPage(FixedOrderCursorPage):
    ordering = ("-check_worthiness", "-id")


class ClaimHistoryCursorPage(FixedOrderCursorPage):
    ordering = ("-created_at", "-id")


class ClaimReviewFeedPage(FixedOrderCursorPage):
    ordering = ("-first_published_at", "-id")


class InvalidPage(exceptions.ValidationError):
    default_code = "invalid_page"


class NumberedPage(PageNumberPagination):
    page_size = DEFAULT_PAGE_SIZE
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE

    def paginate_queryset(self, queryset, request, view=None):
        # A bad page number is bad input (400, like a bad cursor), not a missing resource.
        try:
            return super().paginate_queryset(queryset, request, view)
        except exceptions.NotFound as error:
            raise InvalidPage({self.page_query_param: [str(error.detail)]}) from None


class WindowCountPaginator(Paginator):
    """A page of ranked search results in two small queries and no COUNT.

    First the page's ids with their `rank` and `matches` (a window count over every match), from the
    search queryset without its joins; then those rows as a list shows them, from `rows_for(ids)` (a
    dict by id). One query with the joins made PostgreSQL join every ranked candidate (up to
    SEARCH_CANDIDATES) to its article and claimant before taking the page.
    """

    def __init__(self, object_list, per_page, *, rows_for, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.rows_for = rows_for

    def page(self, number):
        try:
            number = int(number)
        except (TypeError, ValueError):
            raise PageNotAnInteger("That page number is not an integer.") from None
        if number < 1:
            raise EmptyPage("That page number is less than 1.")
        bottom = (number - 1) * self.per_page
        if bottom + self.per_page > MAX_OFFSET:
            raise EmptyPage("That page contains no results.")
        ranked = list(self.object_list.values_list("pk", "rank", "matches")[bottom:bottom + self.per_page])
        if ranked:
            self.count = ranked[0][2]  # overrides the cached_property: no COUNT query
        elif number > 1:
            raise EmptyPage("That page contains no results.")
        else:
            self.count = 0
        loaded = self.rows_for([pk for pk, _, _ in ranked]) if ranked else {}
        rows = []
        for pk, rank, matches in ranked:
            if pk in loaded:  # else deleted between the two queries
                row = loaded[pk]
                row.rank, row.matches = rank, matches
                rows.append(row)
        return self._get_page(rows, number, self)


class SearchPage(NumberedPage):
    """Ranked search results: querysets from `search()`, which annotate `rank` and `matches`;
    `rows_for(ids)` loads the page's rows as the view lists them."""

    def __init__(self, rows_for):
        self.django_paginator_class = partial(WindowCountPaginator, rows_for=rows_for)

