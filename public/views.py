"""Views of the public site: published fact-checks for readers and search engines.

No sign-in, GET and HEAD only (405 otherwise), nothing written. What is public comes from
claims.review.publication (published claims only); every page runs a fixed number of queries.
"""

import hashlib
from functools import wraps
from itertools import pairwise
from urllib.parse import urlsplit

from django.conf import settings
from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models import Count, F, Max, Value
from django.db.models.functions import Greatest, Substr
from django.http import Http404, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.html import format_html
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import condition, require_safe

from claims.api.claimreview import claim_review
from claims.highlight import context_bounds
from claims.models import Claim, Claimant, Evidence
from claims.review.publication import (
    claimant_path, claimant_slug, fact_check_path, fact_check_slug, fact_check_url, publications,
    published_claims, published_corrections, site_url,
)
from public.forms import FactCheckFilters, language_name
from public.ratings import rating_labels, rating_scale

PAGE_SIZE = 20
MAX_AGE_SECONDS = 60
LANGUAGES_CACHE_SECONDS = 300
# Characters of the article either side of a claim read from the database for its passage.
PASSAGE_WINDOW = 1500
# Bumped when the pages' markup changes, so that caches holding an ETag fetch the new pages.
PAGES_VERSION = "1"


def _content_security_policy() -> str:
    styles = ["'self'"]
    if urlsplit(settings.STATIC_URL).netloc:  # static files served from another origin
        parts = urlsplit(settings.STATIC_URL)
        styles.append(f"{parts.scheme}://{parts.netloc}")
    return (f"default-src 'none'; style-src {' '.join(styles)}; img-src 'self'; form-action 'self'; "
            "base-uri 'none'; frame-ancestors 'none'")


def public_page(view):
    """GET and HEAD only; no CSRF check, since nothing is written; any cache may keep the answer a
    minute; no script runs (the JSON-LD is data, which a CSP does not block)."""

    @wraps(view)
    def page(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        patch_cache_control(response, public=True, max_age=MAX_AGE_SECONDS)
        response.headers.setdefault("Content-Security-Policy", _content_security_policy())
        return response

    return csrf_exempt(require_safe(page))


def rendered_once(key_func):
    """Keep a page's rendered HTML under its ETag and query string for CLAIMTRACKER_PUBLIC_CACHE_SECONDS
    (in the process's cache): readers asking for the same page again cost two index reads, not a
    render. A change to what the page shows changes its ETag, and so the key."""

    def decorate(view):
        @wraps(view)
        def cached(request, *args, **kwargs):
            seconds = settings.CLAIMTRACKER_PUBLIC_CACHE_SECONDS
            etag = key_func(request, *args, **kwargs)
            if not seconds or etag is None:
                return view(request, *args, **kwargs)
            key = "public:page:" + _etag(request.path, request.GET.urlencode(), etag)
            if (content := cache.get(key)) is not None:
                return HttpResponse(content)
            response = view(request, *args, **kwargs)
            if response.status_code == 200:
                cache.set(key, response.content, seconds)
            return response

        return cached

    return decorate


def _render(request, template: str, context: dict, *, status: int = 200):
    return render(request, f"public/{template}", {
        "site_name": settings.CLAIMTRACKER_ORGANIZATION_NAME,
        "organization_url": settings.CLAIMTRACKER_ORGANIZATION_URL,
        "feed_url": site_url(reverse("public:feed")),
        "corrections_feed_url": site_url(reverse("public:corrections-feed")),
        **context,
    }, status=status)


def _etag(*parts) -> str:
    return hashlib.blake2b(repr((PAGES_VERSION, *parts)).encode(), digest_size=12).hexdigest()


def _cards(claims):
    """What a list row shows: claim, article title and outlet, claimant, verdict; no article bodies."""
    return (claims.select_related(None).select_related("article", "article__source", "claimant", "current_verdict")
            .defer("search_vector", "article__body", "article__search_vector")
            .order_by("-first_published_at", "-id"))


def article_languages() -> list[str]:
    """Languages of articles with a published claim, for the filter (cached: a DISTINCT over them all)."""
    return cache.get_or_set("public:article-languages", lambda: sorted(
        published_claims().exclude(article__language="").order_by()
        .values_list("article__language", flat=True).distinct()), LANGUAGES_CACHE_SECONDS)


# --- The list of fact-checks: "/" ---

def _list_state(request) -> tuple:
    """When the published set last changed, and its size (one query). A claim leaving it (reopened)
    keeps its first_published_at and its change counts, so Last-Modified never goes back."""
    if not hasattr(request, "_public_list_state"):
        # Two index-only reads (claims_claim_ever_published, claims_claim_published); together in one
        # aggregate they read 50,000 heap rows at a million claims.
        changed = Claim.objects.filter(first_published_at__isnull=False).aggregate(changed=Max("updated_at"))
        request._public_list_state = (changed["changed"], published_claims().select_related(None).count())
    return request._public_list_state


def _list_etag(request, *args, **kwargs):
    return _etag("list", *_list_state(request))


def _list_modified(request, *args, **kwargs):
    return _list_state(request)[0]


@public_page
@condition(etag_func=_list_etag, last_modified_func=_list_modified)
@rendered_once(_list_etag)
def fact_check_list(request):
    scale = rating_scale()
    form = FactCheckFilters(request.GET, ratings=scale, languages=article_languages())
    context = {"form": form, "labels": rating_labels(scale), "page": None, "claimant": None}
    if not form.is_valid():
        return _render(request, "index.html", context, status=400)
    claims = form.filter(_cards(published_claims()))
    if form.cleaned_data.get("claimant"):
        context["claimant"] = Claimant.objects.filter(pk=form.cleaned_data["claimant"]).first()
    paginator = Paginator(claims, PAGE_SIZE)
    if not form.active:  # the whole published set: its size is known already
        paginator.count = _list_state(request)[1]
    context["page"] = paginator.get_page(request.GET.get("page"))
    context["language"] = language_name(form.cleaned_data["language"]) if form.cleaned_data.get("language") else ""
    return _render(request, "index.html", context)


# --- A fact-check's page ---

def _fact_check_state(request, pk: int):
    if not hasattr(request, "_public_fact_check_state"):
        request._public_fact_check_state = (
            published_claims().filter(pk=pk).values_list("updated_at", "article__updated_at").first())
    return request._public_fact_check_state


def _fact_check_etag(request, pk: int, slug: str | None = None):
    state = _fact_check_state(request, pk)
    return _etag("fact-check", pk, slug, *state) if state else None


def _fact_check_modified(request, pk: int, slug: str | None = None):
    state = _fact_check_state(request, pk)
    return max(state) if state else None


def _passage(claim):
    """The claim marked in the sentences around it, from the window of the body read with it."""
    window, offset = claim.passage_text, claim.passage_start
    start, end = claim.start - offset, claim.end - offset
    begin, finish = context_bounds(window, start, end, sentences=1)
    window_was_cut = len(window) == claim.end + PASSAGE_WINDOW - offset  # the body may go on
    return format_html('{}{}<mark>{}</mark>{}{}', "… " if offset + begin > 0 else "", window[begin:start],
                       window[start:end], window[end:finish], " …" if finish < len(window) or window_was_cut else "")


@public_page
@condition(etag_func=_fact_check_etag, last_modified_func=_fact_check_modified)
@rendered_once(_fact_check_etag)
def fact_check(request, pk: int, slug: str | None = None):
    window_start = Greatest(F("start") - PASSAGE_WINDOW, Value(0))
    claim = (published_claims().defer("search_vector", "article__body", "article__search_vector")
             .annotate(passage_start=window_start,
                       passage_text=Substr("article__body", window_start + 1, F("end") + PASSAGE_WINDOW - window_start))
             .filter(pk=pk).first())
    if claim is None:
        raise Http404("No published fact-check has this address.")
    if slug != fact_check_slug(claim):
        return HttpResponsePermanentRedirect(fact_check_path(claim))

    url = fact_check_url(claim)
    scale = rating_scale()
    review = claim_review(claim, url=url, scale=scale)
    labels = rating_labels(scale)
    history = publications(claim)
    corrections = [{
        "when": later.created_at, "was": labels.get(earlier.rating, earlier.rating),
        "now": labels.get(later.rating, later.rating), "was_slug": earlier.rating, "now_slug": later.rating,
        "earlier_summary": earlier.verdict.summary if earlier.verdict else "",
    } for earlier, later in pairwise(history)]
    return _render(request, "fact_check.html", {
        "claim": claim, "article": claim.article, "verdict": claim.current_verdict,
        "passage": _passage(claim), "canonical_url": url, "review": review,
        "rating_label": review["reviewRating"]["alternateName"],
        "rating": next((rating for rating in scale if rating.slug == claim.rating), None),
        "evidence": list(Evidence.objects.filter(verdict_id=claim.current_verdict_id).order_by("id")),
        "corrections": corrections[::-1],
        "claimant_path": claimant_path(claim.claimant) if claim.claimant_id else "",
    })


# --- A claimant's page ---

@public_page
def claimant(request, pk: int, slug: str | None = None):
    person = Claimant.objects.filter(pk=pk).first()
    if person is None:
        raise Http404("No claimant has this address.")
    theirs = published_claims().filter(claimant=person)
    counts = dict(theirs.order_by().values_list("rating").annotate(count=Count("pk")))
    if not counts:
        raise Http404("This claimant has no published fact-check.")
    if slug != claimant_slug(person):
        return HttpResponsePermanentRedirect(claimant_path(person))
    scale = rating_scale()
    total = sum(counts.values())
    on_scale = {rating.slug for rating in scale}
    breakdown = [(rating.slug, rating.label, counts[rating.slug]) for rating in scale if counts.get(rating.slug)]
    breakdown += [(slug, slug, count) for slug, count in counts.items() if slug not in on_scale]
    paginator = Paginator(_cards(theirs), PAGE_SIZE)
    paginator.count = total  # known from the breakdown: no COUNT query
    return _render(request, "claimant.html", {
        "claimant": person, "total": total, "breakdown": breakdown, "labels": rating_labels(scale),
        "canonical_url": site_url(claimant_path(person)), "page": paginator.get_page(request.GET.get("page")),
    })


# --- Corrections ---

def corrections_list():
    """Corrections with what their rows show: the claim (for its link), its claimant, the new summary."""
    return (published_corrections().select_related("claim", "claim__claimant", "verdict")
            .only("id", "created_at", "rating", "claim__id", "claim__text", "claim__claimant__id",
                  "claim__claimant__name", "verdict__id", "verdict__summary"))


@public_page
def corrections(request):
    scale = rating_scale()
    return _render(request, "corrections.html", {
        "labels": rating_labels(scale), "canonical_url": site_url(reverse("public:corrections")),
        "page": Paginator(corrections_list(), PAGE_SIZE).get_page(request.GET.get("page")),
    })


@public_page
def robots_txt(request):
    text = f"User-agent: *\nAllow: /\n\nSitemap: {site_url(reverse('public:sitemap'))}\n"
    return HttpResponse(text, content_type="text/plain; charset=utf-8")
