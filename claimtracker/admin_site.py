"""ClaimTracker's admin site: Django's, with one rule for every list registered on it, ours and other
apps' (auth, tokens, axes): what a query string may filter on and start an add form with
(claims.admin.lookups). Installed as the default site by ClaimTrackerAdminConfig, so
`django.contrib.admin.site` is this one everywhere."""

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig


class ClaimTrackerAdminSite(admin.AdminSite):
    def register(self, model_or_iterable, admin_class=None, **options):
        from claims.admin.lookups import QueryStringRules

        admin_class = admin_class or admin.ModelAdmin
        if not issubclass(admin_class, QueryStringRules):
            admin_class = type(admin_class.__name__, (QueryStringRules, admin_class), {
                "__module__": admin_class.__module__, "__doc__": admin_class.__doc__})
        return super().register(model_or_iterable, admin_class, **options)


class ClaimTrackerAdminConfig(AdminConfig):
    default_site = "claimtracker.admin_site.ClaimTrackerAdminSite"
