"""/sitemap.xml: the list of fact-checks, every published fact-check and every claimant with one,
each with lastmod, on CLAIMTRACKER_SITE_URL (django.contrib.sitemaps)."""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.urls import reverse

from claims.models import Claim, Claimant, ClaimStatus
from claims.review.publication import claimant_path, fact_check_path, published_claims


class _OnSite(Sitemap):
    """Absolute URLs on CLAIMTRACKER_SITE_URL rather than on the request's host."""

    def get_protocol(self, protocol=None):
        return urlsplit(settings.CLAIMTRACKER_SITE_URL).scheme

    def get_domain(self, site=None):
        return settings.CLAIMTRACKER_SITE_URL.split("://", 1)[1].rstrip("/")


class HomeSitemap(_OnSite):
    changefreq = "hourly"
    priority = 1.0

    def items(self):
        return ["public:index"]

    def location(self, name):
        return reverse(name)

    def lastmod(self, name):
        return Claim.objects.filter(first_published_at__isnull=False).aggregate(changed=Max("updated_at"))["changed"]


class FactCheckSitemap(_OnSite):
    changefreq = "weekly"

    def items(self):
        return published_claims().select_related(None).only("id", "text", "updated_at").order_by("id")

    def location(self, claim):
        return fact_check_path(claim)

    def lastmod(self, claim):
        return claim.updated_at


class ClaimantSitemap(_OnSite):
    changefreq = "weekly"

    def items(self):
        return (Claimant.objects.filter(claims__status=ClaimStatus.PUBLISHED)
                .annotate(changed=Max("claims__updated_at")).only("id", "name").order_by("id"))

    def location(self, claimant):
        return claimant_path(claimant)

    def lastmod(self, claimant):
        return claimant.changed


SITEMAPS = {"home": HomeSitemap, "fact-checks": FactCheckSitemap, "claimants": ClaimantSitemap}
