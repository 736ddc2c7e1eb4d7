"""`GET /v1alpha1/claims:search`: Google's Fact Check Tools API, answered from ClaimTracker.

A client written for https://factchecktools.googleapis.com works by changing its base URL: the same
parameters (`query`, `languageCode`, `reviewPublisherSiteFilter`, `maxAgeDays`, `pageSize`, `pageToken`,
`offset`; others, such as `key`, are ignored), the same response (`claims[]` with `claimReview[]`,
`nextPageToken`; dates in RFC 3339; absent fields left out) and Google's errors
(`{"error": {"code", "message", "status"}}`). Results come from `factchecks.search.search` over imported
and published fact-checks. Open to anonymous clients, throttled per address.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import re

from django.conf import settings
from django.core import signing
from django.db import DatabaseError, InterfaceError, OperationalError
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, inline_serializer
from rest_framework import exceptions, serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.throttling import SimpleRateThrottle
from rest_framework.views import APIView

from claims.review.publication import fact_check_url
from claimtracker.numbers import ascii_digits
from factchecks.search import Hit, own_site, search

logger = logging.getLogger(__name__)

DEFAULT_PAGE_SIZE = 10
MAX_PAGE_SIZE = 100
MAX_RESULTS = 1000  # how deep a search pages (offset + pageSize); beyond it, no more claims
DEFAULT_RATE = "60/min"
TOKEN_SALT = "factchecks.claims-search.page"
LANGUAGE_PATTERN = r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$"
WHOLE_NUMBER_PATTERN = r"^[0-9]+$"

NEEDS_QUERY_OR_SITE = "Either query or reviewPublisherSiteFilter must be given."
BAD_INTEGER = "Invalid value at '{name}' ({value!r}): a whole number from 0 up is expected."
BAD_LANGUAGE = "Invalid value at 'languageCode' ({value!r}): a BCP-47 language code such as en-US is expected."
BAD_PAGE_TOKEN = "Invalid pageToken: it is not one this API gave, or the other parameters changed since."

STATUS_NAMES = {400: "INVALID_ARGUMENT", 401: "UNAUTHENTICATED", 403: "PERMISSION_DENIED", 404: "NOT_FOUND",
                405: "METHOD_NOT_ALLOWED", 406: "INVALID_ARGUMENT", 429: "RESOURCE_EXHAUSTED", 500: "INTERNAL",
                503: "UNAVAILABLE"}


def google_error(code: int, message: str) -> dict:
    """Google's error body: `{"error": {"code", "message", "status"}}`."""
    return {"error": {"code": code, "message": message, "status": STATUS_NAMES.get(code, "UNKNOWN")}}


class GoogleError(exceptions.APIException):
    status_code = 400

    def __init__(self, message: str, status_code: int = 400):
        super().__init__(message)
        self.status_code = status_code


class ClaimsSearchThrottle(SimpleRateThrottle):
    """Per client address, signed in or not: CLAIMTRACKER_FACTCHECKTOOLS_RATE (default 60/min)."""

    scope = "factchecktools"

    def get_rate(self):
        return getattr(settings, "CLAIMTRACKER_FACTCHECKTOOLS_RATE", DEFAULT_RATE)

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


def _rfc3339(moment: dt.datetime | None) -> str | None:
    if moment is None:
        return None
    return moment.astimezone(dt.timezone.utc).isoformat(timespec="seconds").replace("+00:00", "Z")


def _without_empty(fields: dict) -> dict:
    return {k: v for k, v in fields.items() if v not in (None, "", [], {})}


def claim_of_hit(hit: Hit) -> dict:
    """One Google `Claim` with its one `ClaimReview`."""
    if hit.fact_check is not None:
        f = hit.fact_check
        review = _without_empty({
            "publisher": _without_empty({"name": f.publisher.name, "site": f.publisher.site}),
            "url": f.url, "title": f.title, "reviewDate": _rfc3339(f.review_date),
            "textualRating": f.textual_rating, "languageCode": f.language,
        })
        return _without_empty({"text": f.claim_reviewed, "claimant": f.claimant,
                               "claimDate": _rfc3339(f.claim_date), "claimReview": [review]})
    claim = hit.claim
    article = claim.article
    review = _without_empty({
        "publisher": _without_empty({"name": settings.CLAIMTRACKER_ORGANIZATION_NAME, "site": own_site()}),
        "url": fact_check_url(claim), "reviewDate": _rfc3339(claim.first_published_at),
        "textualRating": claim.rating_level.label if claim.rating_level else claim.rating,
        "languageCode": article.language,
    })
    return _without_empty({"text": claim.text, "claimant": claim.claimant.name if claim.claimant_id else "",
                           "claimDate": _rfc3339(article.published_at), "claimReview": [review]})


def _whole_number(params, name: str) -> int | None:
    value = params.get(name, "").strip()
    if value == "":
        return None
    if not ascii_digits(value):
        raise GoogleError(BAD_INTEGER.format(name=name, value=value[:100]))
    return int(value)


def _filters_digest(query: str, language: str | None, site: str | None, max_age_days: int | None) -> str:
    text = json.dumps([query, language, site, max_age_days], ensure_ascii=True)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def page_token(offset: int, digest: str) -> str:
    return signing.dumps({"o": offset, "f": digest}, salt=TOKEN_SALT, compress=True)


def _offset_of_token(token: str, digest: str) -> int:
    try:
        data = signing.loads(token, salt=TOKEN_SALT)
    except (signing.BadSignature, ValueError, UnicodeError):
        raise GoogleError(BAD_PAGE_TOKEN) from None
    if not isinstance(data, dict) or data.get("f") != digest or not isinstance(data.get("o"), int) or data["o"] < 0:
        raise GoogleError(BAD_PAGE_TOKEN)
    return data["o"]


def _publisher():
    return inline_serializer("FactCheckToolsPublisher", {
        "name": serializers.CharField(required=False),
        "site": serializers.CharField(required=False, help_text="The review URL's host without www: nytimes.com."),
    }, required=False)


def _review(**kwargs):
    return inline_serializer("FactCheckToolsClaimReview", {
        "publisher": _publisher(),
        "url": serializers.URLField(required=False), "title": serializers.CharField(required=False),
        "reviewDate": serializers.DateTimeField(required=False),
        "textualRating": serializers.CharField(required=False),
        "languageCode": serializers.CharField(required=False),
    }, **kwargs)


def _claim(**kwargs):
    return inline_serializer("FactCheckToolsClaim", {
        "text": serializers.CharField(required=False), "claimant": serializers.CharField(required=False),
        "claimDate": serializers.DateTimeField(required=False),
        "claimReview": _review(many=True, required=False),
    }, **kwargs)


SEARCH_RESPONSE = inline_serializer("FactCheckedClaimSearchResponse", {
    "claims": _claim(many=True, required=False),
    "nextPageToken": serializers.CharField(required=False, help_text="Absent or empty: no more results."),
})
GOOGLE_ERROR = inline_serializer("FactCheckToolsError", {
    "error": inline_serializer("FactCheckToolsErrorBody", {
        "code": serializers.IntegerField(), "message": serializers.CharField(),
        "status": serializers.CharField(help_text="INVALID_ARGUMENT, RESOURCE_EXHAUSTED, UNAVAILABLE...")}),
})


def _string(name: str, description: str, **schema) -> OpenApiParameter:
    return OpenApiParameter(name, OpenApiTypes.STR, OpenApiParameter.QUERY, required=False,
                            description=description, **schema)


def _whole_number_parameter(name: str, description: str) -> OpenApiParameter:
    """An integer parameter from 0 up (a negative one is refused: BAD_INTEGER)."""
    return OpenApiParameter(name, {"type": "integer", "minimum": 0}, OpenApiParameter.QUERY, required=False,
                            description=description)


class ClaimsSearchView(APIView):
    """Google Fact Check Tools' `claims.search`."""

    permission_classes = [AllowAny]
    authentication_classes = []
    throttle_classes = [ClaimsSearchThrottle]

    @extend_schema(
        operation_id="factchecktools_claims_search",
        tags=["Fact Check Tools"],
        summary="Search fact-checked claims (Google Fact Check Tools API, v1alpha1)",
        description=(
            "Google's `claims:search`, over fact-checks imported from other publishers and ClaimTracker's own "
            "published ones: a client of https://factchecktools.googleapis.com works by changing its base "
            "URL. `query` is natural language of any length, ranked by meaning. `query` or "
            "`reviewPublisherSiteFilter` must be given. Errors are Google's: "
            "`{\"error\": {\"code\": 400, \"message\": \"...\", \"status\": \"INVALID_ARGUMENT\"}}`. "
            f"At most {MAX_RESULTS} results are paged through; anonymous clients welcome, throttled per address."),
        parameters=[
            _string("query", "Textual query string. Required unless reviewPublisherSiteFilter is given."),
            _string("languageCode", "BCP-47 language code such as en-US; results are restricted by its "
                                    "language (the region is not considered).", pattern=LANGUAGE_PATTERN),
            _string("reviewPublisherSiteFilter", "The review publisher site to filter results by, e.g. nytimes.com."),
            _whole_number_parameter("maxAgeDays", "The maximum age of the results in days (by claim date or "
                                                  "review date, whichever is newer)."),
            _whole_number_parameter("pageSize", f"Results per page; default {DEFAULT_PAGE_SIZE} (0 too), at most "
                                                f"{MAX_PAGE_SIZE} are given."),
            _string("pageToken", "The nextPageToken of the previous response; the other parameters must be "
                                 "the same as there."),
            _whole_number_parameter("offset", "Where the results start (0 is the first); only when pageToken "
                                              "is not set."),
        ],
        responses={200: SEARCH_RESPONSE,
                   400: OpenApiResponse(GOOGLE_ERROR, description="An invalid argument."),
                   429: OpenApiResponse(GOOGLE_ERROR, description="Too many requests; try again later."),
                   503: OpenApiResponse(GOOGLE_ERROR, description="Not available just now.")},
    )
    def get(self, request):
        params = request.query_params
        query = params.get("query", "").strip()
        language = params.get("languageCode", "").strip()
        if language and not re.match(LANGUAGE_PATTERN, language):
            raise GoogleError(BAD_LANGUAGE.format(value=language[:100]))
        language = language[:2].lower() if language else None
        site = params.get("reviewPublisherSiteFilter", "").strip().lower().removeprefix("www.")[:255] or None
        if not query and not site:
            raise GoogleError(NEEDS_QUERY_OR_SITE)
        max_age_days = _whole_number(params, "maxAgeDays")
        page_size = _whole_number(params, "pageSize") or DEFAULT_PAGE_SIZE
        page_size = min(page_size, MAX_PAGE_SIZE)
        digest = _filters_digest(query, language, site, max_age_days)
        token = params.get("pageToken", "").strip()
        if token:
            offset = _offset_of_token(token, digest)
        else:
            offset = _whole_number(params, "offset") or 0
        if offset >= MAX_RESULTS:
            return Response({"claims": []})
        limit = min(page_size, MAX_RESULTS - offset)
        hits = search(query, language=language, publisher_site=site, max_age_days=max_age_days,
                      offset=offset, limit=limit + 1)
        body = {"claims": [claim_of_hit(hit) for hit in hits[:limit]]}
        if len(hits) > limit and offset + limit < MAX_RESULTS:
            body["nextPageToken"] = page_token(offset + limit, digest)
        return Response(body)

    def handle_exception(self, exc):
        """Every error in Google's shape, never a traceback."""
        if isinstance(exc, (OperationalError, InterfaceError)):
            logger.error("claims:search: database unavailable: %s", exc)
            exc = GoogleError("The service is currently unavailable.", 503)
        elif isinstance(exc, DatabaseError):
            logger.exception("claims:search failed")
            exc = GoogleError("Internal error encountered.", 500)
        if not isinstance(exc, exceptions.APIException):
            logger.exception("claims:search failed")
            exc = GoogleError("Internal error encountered.", 500)
        code = exc.status_code
        message = str(exc.detail) if not isinstance(exc.detail, (dict, list)) else json.dumps(exc.detail)
        response = Response(google_error(code, message), status=code)
        wait = getattr(exc, "wait", None)
        if wait:
            response["Retry-After"] = str(int(wait) + 1)
        elif code == 503:
            response["Retry-After"] = "5"
        return response
