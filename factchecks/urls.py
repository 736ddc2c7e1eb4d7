"""Imported fact-checks under /api/ (read, and the editors' import), and Google's Fact Check Tools
`claims:search` at its own path (a colon in it: a regular expression)."""

from django.urls import include, path, re_path
from rest_framework.routers import SimpleRouter

from factchecks.api import FactCheckViewSet
from factchecks.factchecktools import ClaimsSearchView

router = SimpleRouter()
router.register("factchecks", FactCheckViewSet, basename="factcheck")

urlpatterns = [
    path("api/", include(router.urls)),
    re_path(r"^v1alpha1/claims:search$", ClaimsSearchView.as_view(), name="factchecktools-claims-search"),
]
