"""Pagination: cursors for lists that grow without bound, page numbers for ranked search results.

A cursor cannot express a search rank (a computed float), so `q=` results are paged by number.
"""

from functools import partial

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from rest_framework import exceptions
from rest_framework.pagination import CursorPagination, PageNumberPagination

from claimtracker.numbers import ascii_digits


DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 200


INVALID_CURSOR = "Invalid cursor."
# The highest page number (the schema's maximum): its rows start far inside PostgreSQL's bigint
# OFFSET at any page size, and a client paging that far has a bug.
PAGE_MAX = 10**15


class InvalidCursor(exceptions.ValidationError):
    default_code = "invalid_cursor"


class InvalidPageSize(exceptions.ValidationError):
    default_code = "invalid_page_size"


PAGE_SIZE_INVALID = f"A whole number of at least 1 (at most {MAX_PAGE_SIZE} are given)."


class StrictPageSize:
    """`page_size` is a whole number from 1 up, or absent (or empty): DRF would silently give the
    default page for "abc" or 0. Above MAX_PAGE_SIZE the page holds MAX_PAGE_SIZE rows."""

    def get_page_size(self, request):
        value = request.query_params.get(self.page_size_query_param, "")
        if value == "":
            return self.page_size
        if not ascii_digits(value) or int(value) < 1:
            raise InvalidPageSize({self.page_size_query_param: [PAGE_SIZE_INVALID]})
        return min(int(value), self.max_page_size)


class CursorPage(StrictPageSize, CursorPagination):
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


class EmptyPastTheEnd(Paginator):
    """Any page from 1 up exists: past the last one it is empty (200, no results), as a cursor list's
    end is. Only a page number that is not a whole number of at least 1 is bad input."""

    def validate_number(self, number):
        if isinstance(number, str) and not ascii_digits(number):
            raise PageNotAnInteger("That page number is not a whole number.")  # int() takes "٣" and " 2"
        number = int(number)
        if number < 1:
            raise EmptyPage("That page number is less than 1.")
        if number > PAGE_MAX:
            raise EmptyPage(f"That page number is more than {PAGE_MAX}.")
        return number

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        if bottom >= self.count:
            return self._get_page([], number, self)
        return self._get_page(self.object_list[bottom:bottom + self.per_page], number, self)


class NumberedPage(StrictPageSize, PageNumberPagination):
    django_paginator_class = EmptyPastTheEnd
    last_page_strings = ()  # `page` is a number, as the schema says
    invalid_page_message = "Invalid page. {message}"
    page_size = DEFAULT_PAGE_SIZE
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE

    def get_page_number(self, request, paginator):
        return request.query_params.get(self.page_query_param) or 1  # empty: as if absent

    def paginate_queryset(self, queryset, request, view=None):
        # A bad page number is bad input (400, like a bad cursor), not a missing resource.
        try:
            return super().paginate_queryset(queryset, request, view)
        except exceptions.NotFound as error:
            raise InvalidPage({self.page_query_param: [str(error.detail)]}) from None


class WindowCountPaginator(EmptyPastTheEnd):
    """A page of ranked search results in two small queries and no COUNT.

    First the page's ids with their `rank` and `search_total` (a window count over every match), from the
    search queryset without its joins; then those rows as a list shows them, from `rows_for(ids)` (a
    dict by id). One query with the joins made PostgreSQL join every ranked candidate (up to
    SEARCH_CANDIDATES) to its article and claimant before taking the page.
    """

    def __init__(self, object_list, per_page, *, rows_for, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.rows_for = rows_for

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        ranked = list(self.object_list.values_list("pk", "rank", "search_total")[bottom:bottom + self.per_page])
        if ranked:
            self.count = ranked[0][2]  # overrides the cached_property: no COUNT query
        elif number > 1:
            self.count = self.object_list.count()  # past the end (rare): an empty page, and the total
        else:
            self.count = 0
        loaded = self.rows_for([pk for pk, _, _ in ranked]) if ranked else {}
        rows = []
        for pk, rank, total in ranked:
            if pk in loaded:  # else deleted between the two queries
                row = loaded[pk]
                row.rank, row.search_total = rank, total
                rows.append(row)
        return self._get_page(rows, number, self)


class SearchPage(NumberedPage):
    """Ranked search results: querysets from `search()`, which annotate `rank` and `search_total`;
    `rows_for(ids)` loads the page's rows as the view lists them."""

    def __init__(self, rows_for):
        self.django_paginator_class = partial(WindowCountPaginator, rows_for=rows_for)

