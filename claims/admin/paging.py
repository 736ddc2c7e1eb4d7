"""Admin pages over big tables: counts from the planner's estimate, no full-count queries."""

from django.contrib import admin
from django.contrib.admin.views.main import ChangeList
from django.core.paginator import Paginator
from django.db import connection, models
from django.db.models import QuerySet
from django.utils.functional import cached_property



# Below this many rows (by the planner's estimate) an exact COUNT(*) is cheap enough to run.
EXACT_COUNT_BELOW = 10_000


def estimated_row_count(model) -> int:
    """PostgreSQL's estimate of a table's rows (-1 or 0 before the table is first analysed)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples::bigint FROM pg_class WHERE oid = %s::regclass", [model._meta.db_table])
        row = cursor.fetchone()
    return row[0] if row else -1


class EstimatedCountPaginator(Paginator):
    """Counts exactly when filtered or small; on a big unfiltered table uses the planner's estimate."""

    @cached_property
    def count(self):
        if isinstance(self.object_list, QuerySet) and not self.object_list.query.where:
            estimate = estimated_row_count(self.object_list.model)
            if estimate >= EXACT_COUNT_BELOW:
                return estimate
        return super().count


class LeanChangeList(ChangeList):
    """Leaves out the model admin's `changelist_defer` columns (article bodies, search vectors) from list pages."""

    def get_queryset(self, request, exclude_parameters=None):
        queryset = super().get_queryset(request, exclude_parameters)
        return queryset.defer(*self.model_admin.changelist_defer)


class BigTableAdmin(admin.ModelAdmin):
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    show_full_result_count = False
    paginator = EstimatedCountPaginator
    changelist_defer = ()

    def get_changelist(self, request, **kwargs):
        return LeanChangeList


# --- Small tables -----------------------------------------------------------------------------
