"""The Django admin: the reviewer workspace (claims), articles, filters, big-table paging, history.

Importing the package registers every admin (Django's autodiscover imports `claims.admin`) and names
the site: every admin page says ClaimTracker, none "Django administration".
"""

from django.contrib import admin

from claims.admin import articles, claims, history, ratings  # noqa: F401 -- registers the ModelAdmins

admin.site.site_header = "ClaimTracker"
admin.site.site_title = "ClaimTracker"
admin.site.index_title = "Newsroom"
