"""The public site: published fact-checks for readers and search engines (no sign-in)."""

from django.urls import path

from public import views


app_name = "public"

urlpatterns = [
    path("fact-checks/<int:pk>-<slug:slug>/", views.fact_check, name="fact-check"),
]
