"""Pagination: cursors for lists that grow without bound, page numbers for ranked search results.

A cursor cannot express a search rank (a computed float), so `q=` results are paged by number.
"""

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from rest_framework import exceptions
from rest_framework.pagination import CursorPagination, PageNumberPagination

DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 200


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
            raise InvalidCursor({self.cursor_query_param: ["Invalid cursor."]}) from None


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
    """Takes the count from the page's rows (a `matches` window count), not from a second query."""

    def page(self, number):
        try:
            number = int(number)
        except (TypeError, ValueError):
            raise PageNotAnInteger("That page number is not an integer.") from None
        if number < 1:
            raise EmptyPage("That page number is less than 1.")
        bottom = (number - 1) * self.per_page
        rows = list(self.object_list[bottom:bottom + self.per_page])
        if rows:
            self.count = rows[0].matches  # overrides the cached_property: no COUNT query
        elif number > 1:
            raise EmptyPage("That page contains no results.")
        else:
            self.count = 0
        return self._get_page(rows, number, self)


class SearchPage(NumberedPage):
    """Ranked search results (querysets from `search()`, which annotate `matches`)."""

    django_paginator_class = WindowCountPaginator

