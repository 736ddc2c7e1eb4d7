"""Query-string filters for the API (django-filter FilterSets and the ordering filter)."""


import django_filters
from django import forms
from django.core.exceptions import ValidationError as FormValidationError
from django.core.validators import RegexValidator
from django_filters.fields import IsoDateTimeField
from drf_spectacular.utils import extend_schema_field
from rest_framework.exceptions import ValidationError
from rest_framework.filters import OrderingFilter

from claims.errors import IngestMessage
from claims.ingest.articles import moment_in_utc
from claims.models import Article, Claim, Claimant, ClaimKind, ClaimStatus, already_checked
from claims.review.matches import ALREADY_CHECKED_SCORE
from claims.review.ratings import rating_choices


SEARCH_MAX_LENGTH = 500
ASSIGNED_TO_PATTERN = r"^(me|[0-9]{1,18})$"
# The date-times the filters take, as a pattern for the schema: years 0001-9999, a UTC offset of at
# most 14 hours (moment_in_utc), seconds and their fractions optional.
DATE_TIME_PATTERN = (r"^([1-9][0-9]{3}|0[1-9][0-9]{2}|00[1-9][0-9]|000[1-9])-[0-9]{2}-[0-9]{2}"
                     r"T[0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]+)?)?(Z|[+-](0[0-9]|1[0-3]):[0-5][0-9]|[+-]14:00)$")
# Query parameters whose values the schema gives a pattern for (claims.api.schema).
QUERY_PATTERNS = {"assigned_to": ASSIGNED_TO_PATTERN}
DATETIME_OUT_OF_RANGE = IngestMessage.DATETIME_OUT_OF_RANGE


def is_search(request) -> bool:
    """The request searches: `q` holds more than white space (the filter strips it as Django's forms do)."""
    return bool((request.query_params.get("q") or "").strip())

class BoundedIsoDateTimeField(IsoDateTimeField):
    """An ISO 8601 date-time that PostgreSQL can compare with: sane offset, in range once in UTC."""

    def to_python(self, value):
        moment = super().to_python(value)
        if moment is None or moment.utcoffset() is None:
            return moment
        try:
            return moment_in_utc(moment)
        except ValueError as error:
            raise FormValidationError(str(error), code="invalid") from None


class BoundedIsoDateTimeFilter(django_filters.IsoDateTimeFilter):
    field_class = BoundedIsoDateTimeField


MAX_ID = 2**63 - 1  # PostgreSQL's bigint


@extend_schema_field({"type": "integer", "maximum": MAX_ID})
class IdFilter(django_filters.NumberFilter):
    """A row's id: a whole number up to bigint's largest (django-filter's NumberFilter takes any
    decimal up to 1e50)."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        super().__init__(*args, max_value=MAX_ID, **kwargs)


@extend_schema_field({"type": "number", "minimum": 0, "maximum": 1})
class ScoreFilter(django_filters.NumberFilter):
    """A check-worthiness from 0 to 1."""

    field_class = forms.FloatField

    def __init__(self, *args, **kwargs):
        super().__init__(*args, min_value=0, max_value=1, **kwargs)


class StrictBooleanField(forms.NullBooleanField):
    """true/false (1/0); anything else is refused, not read as "no filter" (django-filter's select does that)."""

    widget = forms.TextInput
    VALUES = {"true": True, "1": True, "false": False, "0": False}

    def to_python(self, value):
        value = (value or "").strip().lower()
        if not value:
            return None
        if value not in self.VALUES:
            raise FormValidationError("Give true or false.", code="invalid")
        return self.VALUES[value]

    def validate(self, value):
        pass


@extend_schema_field({"type": "boolean"})
class StrictBooleanFilter(django_filters.BooleanFilter):
    field_class = StrictBooleanField


class AnyOfFilter(django_filters.MultipleChoiceFilter):
    """`status=a&status=b`: any of the given values; an empty value is no filter, as for every
    other parameter (django-filter would refuse it as an unknown choice)."""

    class field_class(django_filters.MultipleChoiceFilter.field_class):
        def to_python(self, value):
            return [item for item in super().to_python(value) if item != ""]


class StableOrderingFilter(OrderingFilter):
    """`ordering=` on the view's `ordering_fields`, always ending in "-id" so that order is total.

    With `q=` and no `ordering=`, the search rank order set by the FilterSet is kept.
    """

    def get_ordering(self, request, queryset, view):
        requested = request.query_params.get(self.ordering_param)
        if requested:
            allowed = {name for name, _ in self.get_valid_fields(queryset, view, {"request": request})}
            unknown = [term for term in requested.split(",") if term.strip().lstrip("-") not in allowed]
            if unknown:
                raise ValidationError({self.ordering_param: [
                    f"Cannot order by {', '.join(unknown)!s}; choose from {', '.join(sorted(allowed))} "
                    "(prefix - for descending)."]})
        ordering = list(super().get_ordering(request, queryset, view) or ())
        if not any(field.lstrip("-") == "id" for field in ordering):
            ordering.append("-id")
        return tuple(ordering)

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        fields = "|".join(sorted(getattr(view, "ordering_fields", None) or ()))
        for parameter in parameters:
            if fields:  # one or more fields, comma-separated, each optionally prefixed with "-"
                parameter["schema"]["pattern"] = f"^-?({fields})(,-?({fields}))*$"
        return parameters

    def filter_queryset(self, request, queryset, view):
        if is_search(request) and not request.query_params.get(self.ordering_param):
            return queryset
        return queryset.order_by(*self.get_ordering(request, queryset, view))


class StaticFilterSet(django_filters.FilterSet):
    """A FilterSet whose form fields never depend on the request, so its form class is built once.

    django-filter builds a new form class, a form field per filter, on every request: about a fifth
    of a claim list's time. Subclasses must not build choices or querysets per request.
    """

    def get_form_class(self):
        filterset = type(self)
        if "_form_class" not in filterset.__dict__:  # per subclass; a race only builds it twice
            filterset._form_class = super().get_form_class()
        return filterset._form_class


class ClaimFilter(StaticFilterSet):
    # distinct=False: these filter claim columns (no join), and a DISTINCT over every column cannot use the index.
    status = AnyOfFilter(choices=ClaimStatus.choices, distinct=False)
    # A callable: the scale is read when a rating is given (forms evaluate it then), not per process.
    rating = AnyOfFilter(choices=rating_choices, distinct=False)
    kind = AnyOfFilter(choices=ClaimKind.choices, distinct=False)
    article = IdFilter(field_name="article_id")
    claimant = IdFilter(field_name="claimant_id")
    assigned_to = django_filters.CharFilter(
        method="filter_assigned_to", label='A user id, or "me" for the signed-in user.',
        validators=[RegexValidator(ASSIGNED_TO_PATTERN, 'Give a user id or "me".')])
    language = django_filters.CharFilter(
        field_name="article__language", lookup_expr="iexact", label="ISO 639-1 code of the article body.")
    min_check_worthiness = ScoreFilter(field_name="check_worthiness", lookup_expr="gte")
    created_after = BoundedIsoDateTimeFilter(field_name="created_at", lookup_expr="gte")
    created_before = BoundedIsoDateTimeFilter(field_name="created_at", lookup_expr="lt")
    q = django_filters.CharFilter(
        method="filter_search", max_length=SEARCH_MAX_LENGTH,
        label="Full-text search over the claim text (web search syntax), ranked.")
    already_checked = StrictBooleanFilter(
        method="filter_already_checked",
        label=f"Claims with (true) or without (false) a stored match scoring {ALREADY_CHECKED_SCORE} or more.")

    class Meta:
        model = Claim
        fields = []

    def filter_assigned_to(self, queryset, name, value):
        if value == "me":
            user = getattr(self.request, "user", None)
            if not user or not user.is_authenticated:
                return queryset.none()
            return queryset.filter(assigned_to=user)
        return queryset.filter(assigned_to_id=int(value))

    def filter_search(self, queryset, name, value):
        return queryset.search(value).order_by("-rank", "-id")

    def filter_already_checked(self, queryset, name, value):
        checked = already_checked(ALREADY_CHECKED_SCORE)
        return queryset.filter(checked if value else ~checked)


class ArticleFilter(StaticFilterSet):
    q = django_filters.CharFilter(
        method="filter_search", max_length=SEARCH_MAX_LENGTH,
        label="Full-text search over title and body (web search syntax), ranked.")
    language = django_filters.CharFilter(field_name="language", lookup_expr="iexact")
    source = django_filters.CharFilter(field_name="source__name", lookup_expr="iexact",
                                       label="The outlet's name (case-insensitive).")
    published_after = BoundedIsoDateTimeFilter(field_name="published_at", lookup_expr="gte")
    published_before = BoundedIsoDateTimeFilter(field_name="published_at", lookup_expr="lt")

    class Meta:
        model = Article
        fields = []

    def filter_search(self, queryset, name, value):
        return queryset.search(value)


class ClaimantFilter(StaticFilterSet):
    name = django_filters.CharFilter(field_name="name", lookup_expr="icontains")

    class Meta:
        model = Claimant
        fields = []
