"""API views: thin ViewSets that read through querysets and write through services and the workflow."""

import re

from django.conf import settings
from django.db import transaction
from django.db.models import Prefetch
from django.http import Http404
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.reverse import reverse

from claims.api import inputs
from claims.api import serializers as api
from claims.api.claimreview import ClaimReviewSerializer
from claims.api.exceptions import ConflictSerializer, ErrorSerializer, PayloadTooLarge, PreconditionFailed
from claims.api.filters import ArticleFilter, ClaimantFilter, ClaimFilter, StableOrderingFilter, is_search
from claims.api.pagination import (
    ClaimHistoryCursorPage, ClaimQueueCursorPage, ClaimReviewFeedPage, CursorPage, NumberedPage, SearchPage
)
from claims.api.permissions import IsAuthenticatedForWrites
from claims.api.renderers import ClaimCSVRenderer, JSONLDRenderer
from claims.ingest.articles import article_ingest
from claims.models import Claim, ClaimEvent, Claimant, ClaimStatus, RatingLevel, already_checked
from claims.review import workflow
from claims.review.articles import article_delete, article_update
from claims.review.edits import claim_create, claim_delete, claim_edit
from claims.review.exports import claims_csv_response
from claims.review.matches import ALREADY_CHECKED_SCORE, MATCH_MIN_SCORE, MATCHES_KEPT, claim_matches
from claims.review.selectors import can_read_all, visible_articles, visible_claimants, visible_claims


ID_PATTERN = r"[0-9]+"
SEARCHABLE_LIST = "Cursor-paginated; with `q=` ordered by search rank and paginated by `page` number instead."
_IF_MATCH = re.compile(r'^(?:W/)?"?(?:([0-9]{1,19})-)?([0-9]{1,10})"?$')

ERRORS = {
    400: OpenApiResponse(description="Field errors: {\"<field>\": [\"message\", ...]}"),
    401: OpenApiResponse(ErrorSerializer, description="Not signed in."),
    403: OpenApiResponse(ErrorSerializer, description="Signed in without the permission."),
    404: OpenApiResponse(ErrorSerializer, description="No such object, or not visible to you."),
}
CONFLICT = {409: OpenApiResponse(ConflictSerializer, description="Not allowed from the current status, "
                                 "or the version is stale; the body gives the current status and version."),
            412: OpenApiResponse(ErrorSerializer, description="If-Match holds the ETag of another claim.")}
IF_MATCH = OpenApiParameter(
    "If-Match", OpenApiTypes.STR, OpenApiParameter.HEADER, required=False,
    description="The claim's ETag (as sent with its detail): works as `version` does.")


def with_already_checked(claims):
    """Claims annotated with `already_checked` (one EXISTS per row, on the matches' (claim, score) index)."""
    return claims.annotate(already_checked=already_checked(ALREADY_CHECKED_SCORE))


def claim_etag(claim: Claim) -> str:
    # Weak: the representation also depends on who asks (allowed_actions).
    return f'W/"{claim.pk}-{claim.version}"'


class VisibilityMixin:
    """Public readers see published work only; `can_read_all` goes to the serializers too."""

    @property
    def reads_all(self) -> bool:
        if not hasattr(self, "_reads_all"):
            self._reads_all = can_read_all(self.request.user)
        return self._reads_all

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "can_read_all": self.reads_all}

    def visible_claims(self):
        return visible_claims(self.request.user, reads_all=self.reads_all)


class ListFiltersMixin:
    """Query-string filters and ordering shape lists; a single object's URL names it whatever they say
    (DRF would run the whole FilterSet on every detail and workflow request too)."""

    def filter_queryset(self, queryset):
        return super().filter_queryset(queryset) if self.action == "list" else queryset


class SearchPaginationMixin:
    """Cursor pages normally; numbered pages for `q=` results, which are ordered by search rank."""

    @property
    def paginator(self):
        if not hasattr(self, "_paginator"):
            searching = self.action == "list" and is_search(self.request)
            self._paginator = SearchPage(rows_for=self._list_rows) if searching else self.pagination_class()
        return self._paginator

    def _list_rows(self, ids) -> dict:
        return self.get_queryset().in_bulk(ids)


FORMATS = ("json", "csv")
UNKNOWN_FORMAT = "Give json or csv."
CSV_FORMAT = OpenApiParameter(
    "format", OpenApiTypes.STR, OpenApiParameter.QUERY, required=False, enum=list(FORMATS),
    description="csv: the whole filtered list (no pages, in the list's order) as a CSV download, as "
                "`Accept: text/csv` gives; json (the default): one page.")
CSV_LIST = ("With `format=csv` or `Accept: text/csv`: every claim of the filtered list, in its order, streamed as "
            "UTF-8 CSV with a header row (`assigned_to` for newsroom staff only); cells starting with = + - @, a "
            "tab or a carriage return are prefixed with a single quote. Bad filters are refused as for JSON.")


@extend_schema_view(
    list=extend_schema(summary="Claims, most check-worthy first (or all of them as CSV)",
                       description=f"{SEARCHABLE_LIST} {CSV_LIST}",
                       parameters=[CSV_FORMAT],
                       responses={(200, "application/json"): api.ClaimSerializer, (200, "text/csv"): OpenApiTypes.STR,
                                  400: ERRORS[400]}),
    retrieve=extend_schema(summary="A claim with its article, verdict, evidence and history",
                           responses={200: api.ClaimDetailSerializer, 404: ERRORS[404]}),
    create=extend_schema(summary="Add a claim by hand (a span of the article body)",
                         request=inputs.ClaimCreateSerializer,
                         responses={201: api.ClaimDetailSerializer, **ERRORS}),
    partial_update=extend_schema(summary="Edit a claim's span, claimant or kind",
                                 request=inputs.ClaimUpdateSerializer, parameters=[IF_MATCH],
                                 responses={200: api.ClaimDetailSerializer, **ERRORS, **CONFLICT}),
    destroy=extend_schema(summary="Delete an unreviewed or dismissed claim (editors)", parameters=[IF_MATCH],
                          responses={204: None, **{k: v for k, v in ERRORS.items() if k != 400}, **CONFLICT}),
)
class ClaimViewSet(VisibilityMixin, ListFiltersMixin, SearchPaginationMixin, mixins.ListModelMixin,
                   mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    lookup_value_regex = ID_PATTERN
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]
    pagination_class = CursorPage
    filter_backends = [DjangoFilterBackend, StableOrderingFilter]
    filterset_class = ClaimFilter
    ordering_fields = ["check_worthiness", "created_at", "updated_at"]
    ordering = ["-check_worthiness", "-id"]
    # The workflow and services lock and reload the claim to write it, and its history is a list of
    # events: these need the claim's id only, to know it exists and is visible.
    ID_ONLY_ACTIONS = {"partial_update", "destroy", "transition", "history", "matches"}

    def get_renderers(self):
        if self.action == "list":
            return [JSONRenderer(), ClaimCSVRenderer()]
        return super().get_renderers()

    def perform_content_negotiation(self, request, force=False):
        try:
            return super().perform_content_negotiation(request, force)
        except Http404:  # DRF's answer to an unknown ?format=
            if self.action is None:  # a method not allowed here: its 405 comes first
                return super().perform_content_negotiation(request, force=True)
            if self.action != "list":
                raise
            raise ValidationError({"format": [UNKNOWN_FORMAT]}) from None

    def handle_exception(self, exc):
        # Refusals stay JSON whatever format was asked for.
        if isinstance(getattr(self.request, "accepted_renderer", None), ClaimCSVRenderer):
            self.request.accepted_renderer, self.request.accepted_media_type = JSONRenderer(), "application/json"
        return super().handle_exception(exc)

    def list(self, request, *args, **kwargs):
        if isinstance(request.accepted_renderer, ClaimCSVRenderer):
            claims = self.filter_queryset(self.get_queryset())
            self.paginate_queryset(claims.none())  # CSV has no pages, but bad page parameters are refused as for JSON
            return claims_csv_response(claims, reads_all=self.reads_all)
        return super().list(request, *args, **kwargs)

    def get_queryset(self):
        claims = self.visible_claims()
        if self.action == "list":
            return with_already_checked(claims.for_list())
        if self.action in self.ID_ONLY_ACTIONS:
            return claims.only("id")
        if self.action == "retrieve":
            return self._detailed(claims)
        return self._with_relations(claims)

    @staticmethod
    def _with_relations(claims):
        return with_already_checked(claims).select_related(
            "article__source", "claimant", "assigned_to", "current_verdict__reviewer", "current_verdict__rating_level",
        ).defer("article__body", "article__search_vector")

    def _detailed(self, claims):
        """What the detail shows beyond a list row: the verdict's evidence (and, for staff,
        `Claim.recent_history`: one LIMIT query, cheaper than a prefetch for a single claim)."""
        return self._with_relations(claims).prefetch_related("current_verdict__evidence")

    def get_serializer_class(self):
        if self.action == "list":
            return api.ClaimSerializer
        if self.action == "similar":
            return api.SimilarClaimSerializer
        if self.action == "history":
            return api.ClaimEventSerializer
        return api.ClaimDetailSerializer

    def _expected_version(self, claim: Claim, body_version: int | None) -> int | None:
        header = self.request.headers.get("If-Match", "").strip()
        header_version = None
        if header and header != "*":
            match = _IF_MATCH.match(header)
            if not match:
                raise ValidationError({"If-Match": [f"Not an ETag of this API: {header[:100]!r}."]})
            if match.group(1) is not None and int(match.group(1)) != claim.pk:
                raise PreconditionFailed(f"The ETag {header[:100]!r} is another claim's, not claim {claim.pk}'s.")
            header_version = int(match.group(2))
        if body_version is not None and header_version is not None and body_version != header_version:
            raise ValidationError({"version": [inputs.InputMessage.VERSION_CONFLICT.format(
                body=body_version, header=header_version)]})
        return body_version if body_version is not None else header_version

    def _claim_response(self, claim_id: int, status_code=status.HTTP_200_OK, headers=None) -> Response:
        claim = self._detailed(self.visible_claims()).get(pk=claim_id)
        data = api.ClaimDetailSerializer(claim, context=self.get_serializer_context()).data
        return Response(data, status=status_code, headers={"ETag": claim_etag(claim), **(headers or {})})

    def retrieve(self, request, *args, **kwargs):
        claim = self.get_object()
        return Response(self.get_serializer(claim).data, headers={"ETag": claim_etag(claim)})

    def create(self, request, *args, **kwargs):
        given = inputs.ClaimCreateSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        claim = claim_create(actor=request.user, **given.validated_data)
        location = reverse("claim-detail", args=[claim.pk], request=request)
        return self._claim_response(claim.pk, status.HTTP_201_CREATED, {"Location": location})

    def partial_update(self, request, *args, **kwargs):
        claim = self.get_object()
        given = inputs.ClaimUpdateSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        changes = dict(given.validated_data)
        expected = self._expected_version(claim, changes.pop("version", None))
        claim_edit(claim=claim, actor=request.user, expected_version=expected, **changes)
        return self._claim_response(claim.pk)

    def destroy(self, request, *args, **kwargs):
        claim = self.get_object()
        claim_delete(claim=claim, actor=request.user, expected_version=self._expected_version(claim, None))
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        summary="Make a workflow move: start, release, rate, publish, reopen, dismiss or restore",
        description="To take a match (GET /api/claims/{id}/matches/) as evidence for a verdict, give its "
                    "`fact_check.url` (or `claim.url` for one of our own) as an item of `evidence` with the "
                    "rate move, e.g. `{\"url\": ..., \"title\": ..., \"stance\": \"refutes\"}`; it is "
                    "checked like any other evidence.",
        request=inputs.TransitionSerializer, parameters=[IF_MATCH],
        responses={200: api.ClaimDetailSerializer, **ERRORS, **CONFLICT},
    )
    @action(detail=True, methods=["post"], permission_classes=[IsAuthenticatedForWrites])
    def transition(self, request, pk=None):
        claim = self.get_object()
        given = inputs.TransitionSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        move = given.validated_data
        # One transaction: the claim stays locked until the answer is read, so the answer is the state
        # (and version) this move made, not a later one a concurrent move made after the commit.
        with transaction.atomic():
            workflow.claim_transition(
                claim=claim, actor=request.user, action=move["action"],
                expected_version=self._expected_version(claim, move.get("version")),
                rating=move.get("rating"), summary=move.get("summary", ""),
                evidence=move.get("evidence", ()), note=move.get("note", ""),
            )
            return self._claim_response(claim.pk)

    @extend_schema(
        summary="The claim's whole history, newest first (newsroom staff)",
        responses={200: api.ClaimEventSerializer(many=True), **{k: v for k, v in ERRORS.items() if k != 400}},
        description="401 or 403 for clients outside the newsroom.",
        filters=False, auth=[{"tokenAuth": []}, {"cookieAuth": []}],  # sign-in needed: no public read
    )
    @action(detail=True, methods=["get"], pagination_class=ClaimHistoryCursorPage)
    def history(self, request, pk=None):
        claim = self.get_object()
        if not self.reads_all:
            self.permission_denied(request, "The history of a claim is shown to newsroom staff only.")  # 401 or 403
        events = self.paginate_queryset(ClaimEvent.objects.filter(claim=claim).select_related("actor"))
        return self.get_paginated_response(self.get_serializer(events, many=True).data)

    @extend_schema(
        summary="Claims in other articles that say the same thing",
        description="Up to 20 claims, by trigram similarity of their text (0..1), most similar first.",
        responses={200: api.SimilarClaimSerializer(many=True), 404: ERRORS[404]},
        filters=False,
    )
    @action(detail=True, methods=["get"], pagination_class=None)
    def similar(self, request, pk=None):
        claim = self.get_object()
        similar = with_already_checked(self.visible_claims().for_list()).similar_to(claim, limit=20)
        return Response(self.get_serializer(similar, many=True).data)

    @extend_schema(
        summary="Who already checked this claim: its best matches among imported fact-checks and our published claims",
        description=(
            f"Up to {MATCHES_KEPT}, best first, each scoring {MATCH_MIN_SCORE} or more (the matcher's score, 0..1; "
            f"from {ALREADY_CHECKED_SCORE} on the claim counts as `already_checked`). Exactly one of `fact_check` "
            "and `claim` is set. Computed when the claim is stored; computed again here first when never "
            "computed, or before the newest fact-check import. Visible as the claim is. To cite a match in a "
            "verdict, put its `fact_check.url` (or `claim.url`) in the rate move's `evidence`."),
        responses={200: api.ClaimMatchSerializer(many=True), 404: ERRORS[404]},
        filters=False,
    )
    @action(detail=True, methods=["get"], pagination_class=None)
    def matches(self, request, pk=None):
        claim = self.get_object()
        return Response(api.ClaimMatchSerializer(claim_matches(claim), many=True).data)

    @extend_schema(
        summary="schema.org ClaimReview of a published claim (JSON-LD)",
        responses={200: OpenApiResponse(ClaimReviewSerializer), 404: ERRORS[404]},
        filters=False,
    )
    @action(detail=True, methods=["get"], renderer_classes=[JSONLDRenderer, JSONRenderer])
    def claimreview(self, request, pk=None):
        claim = self.get_object()
        if claim.status != ClaimStatus.PUBLISHED:
            return Response({"detail": "Only published claims have a ClaimReview.", "code": "not_found"},
                            status=status.HTTP_404_NOT_FOUND)
        return Response(ClaimReviewSerializer(claim, context=self.get_serializer_context()).data)


@extend_schema_view(
    list=extend_schema(summary="The ClaimReview feed: every published claim, newest first (JSON-LD)",
                       responses={200: ClaimReviewSerializer, 400: ERRORS[400],
                                  404: OpenApiResponse(ErrorSerializer, description="Unknown format.")}),
)
class ClaimReviewViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """Published ClaimReviews for aggregators; public."""

    serializer_class = ClaimReviewSerializer
    pagination_class = ClaimReviewFeedPage
    renderer_classes = [JSONLDRenderer, JSONRenderer]
    filter_backends = []

    def get_queryset(self):
        return Claim.objects.published().select_related("article__source", "claimant", "current_verdict").defer(
            "search_vector", "article__body", "article__search_vector")  # a 5 MB body per row otherwise


@extend_schema_view(
    list=extend_schema(summary="The newsroom's rating scale, best first (what `rating` takes)",
                       responses={200: api.RatingSerializer(many=True)}),
)
class RatingViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """The rating scale; public. Editors manage it in the admin."""

    serializer_class = api.RatingSerializer
    queryset = RatingLevel.objects.on_scale()
    pagination_class = None  # a handful of rows
    filter_backends = []


@extend_schema_view(
    list=extend_schema(summary="Articles, newest first",
                       description=SEARCHABLE_LIST, responses={200: api.ArticleSerializer, 400: ERRORS[400]}),
    retrieve=extend_schema(summary="An article with its body and claim counts by status",
                           responses={200: api.ArticleDetailSerializer, 404: ERRORS[404]}),
    create=extend_schema(
        summary="Add an article; its claims are extracted at once",
        request=inputs.ArticleCreateSerializer,
        responses={201: api.ArticleWithClaimsSerializer,
                   200: OpenApiResponse(api.ArticleWithClaimsSerializer,
                                        description="The same content was stored before: that article."),
                   413: OpenApiResponse(ErrorSerializer, description="Request body too large."),
                   **{k: v for k, v in ERRORS.items() if k != 404}},
    ),
    partial_update=extend_schema(
        summary="Edit an article's metadata (title and body are fixed after creation)",
        request=inputs.ArticleUpdateSerializer, responses={200: api.ArticleDetailSerializer, **ERRORS}),
    destroy=extend_schema(
        summary="Delete an article whose claims are all unreviewed or dismissed (editors)",
        responses={204: None, **{k: v for k, v in ERRORS.items() if k != 400},
                   409: OpenApiResponse(ErrorSerializer, description="Some claims are under review.")}),
)
class ArticleViewSet(VisibilityMixin, ListFiltersMixin, SearchPaginationMixin, viewsets.ModelViewSet):
    lookup_value_regex = ID_PATTERN
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]
    pagination_class = CursorPage
    filter_backends = [DjangoFilterBackend, StableOrderingFilter]
    filterset_class = ArticleFilter
    ordering_fields = ["created_at", "updated_at"]
    ordering = ["-created_at", "-id"]

    def get_queryset(self):
        articles = visible_articles(self.request.user, reads_all=self.reads_all).select_related(
            "source").with_claim_counts()
        if self.action == "list":
            articles = articles.defer("body", "search_vector")  # a list row shows neither
        return articles

    def get_serializer_class(self):
        if self.action == "list":
            return api.ArticleSerializer
        if self.action == "claims":
            return api.ClaimSerializer
        return api.ArticleDetailSerializer

    def create(self, request, *args, **kwargs):
        limit = settings.CLAIMTRACKER_MAX_ARTICLE_BYTES
        if int(request.META.get("CONTENT_LENGTH") or 0) > 6 * limit + 65536:  # JSON escapes take up to 6 bytes
            raise PayloadTooLarge(f"The request is larger than an article of {limit} bytes can be.")
        given = inputs.ArticleCreateSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        result = article_ingest(**given.validated_data)
        article = self.get_queryset().prefetch_related(
            Prefetch("claims", queryset=with_already_checked(self.visible_claims().for_list()).order_by(
                "-check_worthiness", "-id")),
        ).get(pk=result.article.pk)
        data = api.ArticleWithClaimsSerializer(article, context=self.get_serializer_context()).data
        if not result.created:
            return Response(data, status=status.HTTP_200_OK)
        location = reverse("article-detail", args=[article.pk], request=request)
        return Response(data, status=status.HTTP_201_CREATED, headers={"Location": location})

    def partial_update(self, request, *args, **kwargs):
        article = self.get_object()
        given = inputs.ArticleUpdateSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        article_update(article=article, actor=request.user, **given.validated_data)
        return Response(self.get_serializer(self.get_queryset().get(pk=article.pk)).data)

    def perform_destroy(self, article):
        article_delete(article=article, actor=self.request.user)

    @extend_schema(
        summary="The article's claims, most check-worthy first",
        responses={200: api.ClaimSerializer(many=True), 404: ERRORS[404]}, filters=False,
    )
    @action(detail=True, methods=["get"], pagination_class=ClaimQueueCursorPage)
    def claims(self, request, pk=None):
        article = self.get_object()
        claims = with_already_checked(self.visible_claims().filter(article=article).for_list())
        page = self.paginate_queryset(claims)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


@extend_schema_view(
    list=extend_schema(summary="Claimants, by name", responses={200: api.ClaimantSerializer, 400: ERRORS[400]}),
    retrieve=extend_schema(summary="A claimant with claim counts by rating",
                           responses={200: api.ClaimantSerializer, 404: ERRORS[404]}),
)
class ClaimantViewSet(VisibilityMixin, viewsets.ReadOnlyModelViewSet):
    """Who makes claims; the public sees those with published claims, counted over those only."""

    lookup_value_regex = ID_PATTERN
    serializer_class = api.ClaimantSerializer
    pagination_class = NumberedPage
    filter_backends = [DjangoFilterBackend]
    filterset_class = ClaimantFilter

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema: no database (its counts read the scale)
            return Claimant.objects.none()
        return visible_claimants(self.request.user, reads_all=self.reads_all).order_by("name", "id")
