"""The public site: published fact-checks for readers and search engines (no sign-in)."""

from django.contrib.sitemaps.views import sitemap
from django.urls import path

from public import views
from public.feeds import CorrectionFeed, FactCheckFeed
from public.sitemaps import SITEMAPS


app_name = "public"

urlpatterns = [
    path("", views.fact_check_list, name="index"),
    path("fact-checks/<int:pk>-<slug:slug>/", views.fact_check, name="fact-check"),
    path("fact-checks/<int:pk>/", views.fact_check, name="fact-check-short"),
    path("claimants/<int:pk>-<slug:slug>/", views.claimant, name="claimant"),
    path("claimants/<int:pk>/", views.claimant, name="claimant-short"),
    path("corrections/", views.corrections, name="corrections"),
    path("corrections/feed/", views.public_page(CorrectionFeed()), name="corrections-feed"),
    path("feed/", views.public_page(FactCheckFeed()), name="feed"),
    path("sitemap.xml", views.public_page(sitemap), {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", views.robots_txt, name="robots"),
]
