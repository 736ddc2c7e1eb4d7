"""Query-string filters for the API (django-filter FilterSets and the ordering filter)."""

import django_filters
from django.core.validators import RegexValidator
from rest_framework.exceptions import ValidationError
from rest_framework.filters import OrderingFilter

from claims.models import Article, Claim, Claimant, ClaimKind, ClaimStatus, Rating

SEARCH_MAX_LENGTH = 500


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

    def filter_queryset(self, request, queryset, view):
        if request.query_params.get("q") and not request.query_params.get(self.ordering_param):
            return queryset
        return queryset.order_by(*self.get_ordering(request, queryset, view))


class ClaimFilter(django_filters.FilterSet):
    status = django_filters.MultipleChoiceFilter(choices=ClaimStatus.choices)
    rating = django_filters.MultipleChoiceFilter(choices=Rating.choices)
    kind = django_filters.MultipleChoiceFilter(choices=ClaimKind.choices)
    article = django_filters.NumberFilter(field_name="article_id")
    claimant = django_filters.NumberFilter(field_name="claimant_id")
    assigned_to = django_filters.CharFilter(
        method="filter_assigned_to", label='A user id, or "me" for the signed-in user.',
        validators=[RegexValidator(r"^(me|[0-9]{1,18})$", 'Give a user id or "me".')])
    language = django_filters.CharFilter(
        field_name="article__language", lookup_expr="iexact", label="ISO 639-1 code of the article body.")
    min_check_worthiness = django_filters.NumberFilter(field_name="check_worthiness", lookup_expr="gte")
    created_after = django_filters.IsoDateTimeFilter(field_name="created_at", lookup_expr="gte")
    created_before = django_filters.IsoDateTimeFilter(field_name="created_at", lookup_expr="lt")
    q = django_filters.CharFilter(
        method="filter_search", max_length=SEARCH_MAX_LENGTH,
        label="Full-text search over the claim text (web search syntax), ranked.")

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


class ArticleFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        method="filter_search", max_length=SEARCH_MAX_LENGTH,
        label="Full-text search over title and body (web search syntax), ranked.")
    language = django_filters.CharFilter(field_name="language", lookup_expr="iexact")
    source = django_filters.CharFilter(field_name="source__name", lookup_expr="iexact",
                                       label="The outlet's name (case-insensitive).")
    published_after = django_filters.IsoDateTimeFilter(field_name="published_at", lookup_expr="gte")
    published_before = django_filters.IsoDateTimeFilter(field_name="published_at", lookup_expr="lt")

    class Meta:
        model = Article
        fields = []

    def filter_search(self, queryset, name, value):
        return queryset.search(value)


class ClaimantFilter(django_filters.FilterSet):
    name = django_filters.CharFilter(field_name="name", lookup_expr="icontains")

    class Meta:
        model = Claimant
        fields = []
