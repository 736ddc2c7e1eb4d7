"""The Django admin: the reviewer workspace (claims), articles, filters, big-table paging, history.

Importing the package registers every admin (Django's autodiscover imports `claims.admin`).
"""

from claims.admin import articles, claims, history, ratings  # noqa: F401 -- registers the ModelAdmins
