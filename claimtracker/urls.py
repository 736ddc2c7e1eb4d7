from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="api-docs"),
    path("api/redoc/", SpectacularRedocView.as_view(url_name="schema"), name="api-redoc"),
    path("", include("factchecks.urls")),  # /api/factchecks/..., /v1alpha1/claims:search
    path("api/", include("claims.api.urls")),
    path("", include("public.urls")),
]

# JSON errors under /api/, Django's pages elsewhere.
handler400 = "claims.api.exceptions.handler400"
handler404 = "claims.api.exceptions.handler404"
handler500 = "claims.api.exceptions.handler500"
