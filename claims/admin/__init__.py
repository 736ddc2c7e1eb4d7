"""The Django admin: the reviewer workspace (claims), articles, filters, big-table paging, history.

Importing the package registers every admin (Django's autodiscover imports `claims.admin`) and names
the site: every admin page says ClaimTracker, none "Django administration". Its first page opens
with the dashboard.
"""

from django.contrib import admin

from claims.admin import articles, claims, dashboard, history, ratings  # noqa: F401 -- registers the ModelAdmins
from claims.review.selectors import can_read_all

admin.site.site_header = "ClaimTracker"
admin.site.site_title = "ClaimTracker"
admin.site.index_title = "Newsroom"

# The first page opens with the dashboard (claims.admin.dashboard), then Django's app list.
admin.site.index_template = "admin/claims/site_index.html"
_django_index = admin.site.index


def _index_with_dashboard(request, extra_context=None):
    board = dashboard.dashboard(request.user) if can_read_all(request.user) else None
    context = {"dashboard": board, "charts": board and dashboard.charts(board), **(extra_context or {})}
    return _django_index(request, extra_context=context)


admin.site.index = _index_with_dashboard
