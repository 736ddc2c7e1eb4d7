"""The API of imported fact-checks: public reads (`GET /api/factchecks/`, `/api/factchecks/{id}/`) and
the editors' import (`POST /api/factchecks/import/`: a ClaimReview document as JSON, or an HTML page)."""

from __future__ import annotations

import django_filters
from django.conf import settings
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import exceptions, mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import BaseParser
from rest_framework.response import Response

from claims.api.exceptions import ErrorSerializer, PayloadTooLarge
from claims.api.filters import IdFilter, StaticFilterSet
from claims.api.pagination import CursorPage
from claims.api.parsers import SafeJSONParser
from claimtracker.numbers import ascii_digits
from factchecks.importing import document_reviews, factchecks_import_items, html_reviews
from factchecks.models import FactCheck, Publisher

IMPORT_MAX_BYTES = getattr(settings, "CLAIMTRACKER_FACTCHECKS_IMPORT_MAX_BYTES", 10 * 1024 * 1024)
NOTHING_IMPORTED = "No fact-check in the document could be imported."
NOT_A_DOCUMENT = "A ClaimReview document is a JSON object or a list."
BAD_ENCODING = "The page is not UTF-8 text."


class HTMLTextParser(BaseParser):
    """text/html bodies as text (the page's ClaimReview markup is read by the importer)."""

    media_type = "text/html"

    def parse(self, stream, media_type=None, parser_context=None):
        encoding = (parser_context or {}).get("encoding") or "utf-8"
        try:
            return stream.read().decode(encoding)
        except (UnicodeDecodeError, LookupError):
            raise exceptions.ParseError(BAD_ENCODING) from None


class PublisherSerializer(serializers.ModelSerializer):
    class Meta:
        model = Publisher
        fields = ["id", "name", "site"]


class FactCheckSerializer(serializers.ModelSerializer):
    publisher = PublisherSerializer(read_only=True)

    class Meta:
        model = FactCheck
        fields = ["id", "key", "url", "publisher", "title", "claim_reviewed", "claimant", "claim_date", "review_date",
                  "textual_rating", "rating", "language", "source", "imported_at"]
        read_only_fields = fields


class ImportReportSerializer(serializers.Serializer):
    new = serializers.IntegerField()
    existing = serializers.IntegerField(help_text="Already stored (same review URL): left as they were.")
    skipped = serializers.IntegerField()
    problems = serializers.ListField(child=serializers.CharField(), help_text="request:position: problem")
    unmapped_ratings = serializers.ListField(child=serializers.DictField(), help_text="[{label, count}]")


# The text filters' longest values (longer ones are refused: 400), as the schema says them too.
FILTER_MAX_LENGTHS = {"site": 255, "rating": 64, "language": 8}
FILTER_LABELS = {"site": "The publisher's site (snopes.com).", "rating": "A slug of the rating scale.",
                 "language": "ISO 639-1 code."}


class FactCheckFilter(StaticFilterSet):
    publisher = IdFilter(field_name="publisher_id")
    site = django_filters.CharFilter(field_name="publisher__site", lookup_expr="iexact",
                                     max_length=FILTER_MAX_LENGTHS["site"], label=FILTER_LABELS["site"])
    rating = django_filters.CharFilter(field_name="rating", max_length=FILTER_MAX_LENGTHS["rating"],
                                       label=FILTER_LABELS["rating"])
    language = django_filters.CharFilter(field_name="language", lookup_expr="iexact",
                                         max_length=FILTER_MAX_LENGTHS["language"], label=FILTER_LABELS["language"])

    class Meta:
        model = FactCheck
        fields = []


class FactCheckPage(CursorPage):
    ordering = ("-id",)


@extend_schema_view(
    list=extend_schema(summary="Imported fact-checks, newest imported first", tags=["factchecks"], parameters=[
        # django-filter's max_length does not reach the schema by itself.
        OpenApiParameter(name, {"type": "string", "maxLength": length}, OpenApiParameter.QUERY, required=False,
                         description=FILTER_LABELS[name]) for name, length in FILTER_MAX_LENGTHS.items()]),
    retrieve=extend_schema(summary="An imported fact-check", tags=["factchecks"],
                           responses={200: FactCheckSerializer, 404: OpenApiResponse(ErrorSerializer)}),
)
class FactCheckViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Fact-checks published elsewhere and imported (public data); editors import more."""

    queryset = FactCheck.objects.select_related("publisher").order_by("-id")
    serializer_class = FactCheckSerializer
    filterset_class = FactCheckFilter
    pagination_class = FactCheckPage

    @extend_schema(
        summary="Import published fact-checks (editors)",
        tags=["factchecks"],
        description=("A schema.org ClaimReview document as JSON (one ClaimReview, a list, an @graph, or a "
                     "DataFeed), or an HTML page (`text/html`) with ClaimReview markup (JSON-LD or microdata). "
                     "Fact-checks already stored (same review URL) are left as they are. Bad items are "
                     "reported as `request:position: problem` and skipped; a 400 when none could be imported."),
        request={"application/json": OpenApiTypes.OBJECT, "text/html": OpenApiTypes.STR},
        parameters=[OpenApiParameter("url", OpenApiTypes.URI, OpenApiParameter.QUERY, required=False,
                                     description="For an HTML page: its address, the review URL of a ClaimReview "
                                                 "without `url`.")],
        responses={200: ImportReportSerializer, 400: OpenApiResponse(description="Field errors."),
                   401: OpenApiResponse(ErrorSerializer), 403: OpenApiResponse(ErrorSerializer),
                   413: OpenApiResponse(ErrorSerializer, description="Request body too large.")},
    )
    @action(detail=False, methods=["post"], url_path="import", parser_classes=[SafeJSONParser, HTMLTextParser],
            pagination_class=None, filterset_class=None)
    def import_(self, request):
        length = request.META.get("CONTENT_LENGTH") or "0"
        if (ascii_digits(length) and int(length) > IMPORT_MAX_BYTES) or len(request.body) > IMPORT_MAX_BYTES:
            raise PayloadTooLarge(PayloadTooLarge.BODY_LIMIT.format(limit=IMPORT_MAX_BYTES))
        document = request.data
        if isinstance(document, str):
            items = html_reviews(document, base_url=request.query_params.get("url", ""))
        elif isinstance(document, (dict, list)):
            items = document_reviews(document)
        else:
            raise exceptions.ValidationError({"non_field_errors": [NOT_A_DOCUMENT]})
        report = factchecks_import_items(items, label="request")
        body = report.as_dict()
        if report.new + report.existing == 0:
            raise exceptions.ValidationError({"non_field_errors": [NOTHING_IMPORTED], "problems": body["problems"]
                                              or [NOTHING_IMPORTED]})
        return Response(body)
