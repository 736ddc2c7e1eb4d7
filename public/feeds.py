"""Atom feeds of the public site: published fact-checks, and corrections (django.contrib.syndication).

Every link is absolute on CLAIMTRACKER_SITE_URL, like the pages' canonical URLs.
"""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.text import Truncator

from claims.review.publication import fact_check_url, published_claims, site_url
from public.ratings import rating_labels, rating_scale

FEED_ITEMS = 50
TITLE_WORDS = 25


class _SiteFeed(Feed):
    feed_type = Atom1Feed
    url_name = ""

    def get_object(self, request, *args, **kwargs):
        # Feed instances are shared by every request: what a request reads lives in its object.
        return {"labels": rating_labels(rating_scale())}

    def link(self):
        return site_url(reverse("public:index"))

    def feed_url(self):
        return site_url(reverse(self.url_name))

    def feed_guid(self):
        return self.feed_url()  # each feed its own Atom id

    def author_name(self):
        return settings.CLAIMTRACKER_ORGANIZATION_NAME

    def author_link(self):
        return settings.CLAIMTRACKER_ORGANIZATION_URL


class FactCheckFeed(_SiteFeed):
    url_name = "public:feed"
    description_template = None

    def title(self):
        return f"{settings.CLAIMTRACKER_ORGANIZATION_NAME} fact-checks"

    def subtitle(self):
        return "Published fact-checks, newest first."

    def items(self, obj):
        claims = list(published_claims().select_related(None).select_related("claimant", "current_verdict")
                      .defer("search_vector").order_by("-first_published_at", "-id")[:FEED_ITEMS])
        for claim in claims:
            claim.rating_label = obj["labels"].get(claim.rating, claim.rating)
        return claims

    def item_title(self, claim):
        return f"{claim.rating_label}: {Truncator(claim.text).words(TITLE_WORDS)}"

    def item_description(self, claim):
        return claim.current_verdict.summary if claim.current_verdict_id else ""

    def item_link(self, claim):
        return fact_check_url(claim)

    def item_guid(self, claim):
        return fact_check_url(claim)

    def item_pubdate(self, claim):
        return claim.first_published_at

    def item_updateddate(self, claim):
        return max(claim.updated_at, claim.first_published_at)

    def item_categories(self, claim):
        return [claim.rating_label]


class CorrectionFeed(_SiteFeed):
    url_name = "public:corrections-feed"

    def title(self):
        return f"{settings.CLAIMTRACKER_ORGANIZATION_NAME} corrections"

    def subtitle(self):
        return "Fact-checks whose rating or explanation was corrected after publication, newest first."

    def items(self, obj):
        from public.views import corrections_list

        events = list(corrections_list()[:FEED_ITEMS])
        for event in events:
            event.was_label = obj["labels"].get(event.previous_rating, event.previous_rating)
            event.now_label = obj["labels"].get(event.rating, event.rating)
        return events

    def item_title(self, event):
        return f"Corrected: {Truncator(event.claim.text).words(TITLE_WORDS)} (was {event.was_label}, now {event.now_label})"

    def item_description(self, event):
        return f"Rating was {event.was_label}, now {event.now_label}. {event.verdict.summary if event.verdict_id else ''}"

    def item_link(self, event):
        return fact_check_url(event.claim) + "#corrections"

    def item_guid(self, event):
        return fact_check_url(event.claim) + f"#correction-{event.pk}"

    def item_pubdate(self, event):
        return event.created_at
