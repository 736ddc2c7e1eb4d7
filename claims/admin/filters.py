"""The claim list's filters: check-worthiness bands, article language, assignment, claimant."""

from django.contrib import admin
from django.db.models import Q

from claims.extraction import CHECKWORTHY_THRESHOLD
from claims.models import Article, already_checked
from claims.review.matches import ALREADY_CHECKED_SCORE
from claims.review.ratings import rating_choices
from claimtracker.numbers import ascii_digits


# The check-worthiness bands of the filter and of the list's labels: "low" is under the extractor's
# check-worthiness threshold (what it would not call check-worthy), "high" the claims to check first.
HIGH_WORTHINESS = 0.7


def worthiness_band(score: float) -> str:
    """ "high", "medium" or "low": the WorthinessFilter band a check-worthiness score falls in."""
    if score >= HIGH_WORTHINESS:
        return "high"
    return "medium" if score >= CHECKWORTHY_THRESHOLD else "low"


class WorthinessFilter(admin.SimpleListFilter):
    title = "check-worthiness"
    parameter_name = "worthiness"
    BANDS = {
        "high": (f"High ({HIGH_WORTHINESS} and more)", Q(check_worthiness__gte=HIGH_WORTHINESS)),
        "medium": (f"Medium ({CHECKWORTHY_THRESHOLD} to {HIGH_WORTHINESS})",
                   Q(check_worthiness__gte=CHECKWORTHY_THRESHOLD, check_worthiness__lt=HIGH_WORTHINESS)),
        "low": (f"Low (under {CHECKWORTHY_THRESHOLD}, the threshold)", Q(check_worthiness__lt=CHECKWORTHY_THRESHOLD)),
    }

    def lookups(self, request, model_admin):
        return [(key, label) for key, (label, _) in self.BANDS.items()]

    def queryset(self, request, queryset):
        band = self.BANDS.get(self.value())
        return queryset.filter(band[1]) if band else queryset


class ArticleLanguageFilter(admin.SimpleListFilter):
    """The article languages, read from the articles' language index (not a DISTINCT over every claim)."""

    title = "article language"
    parameter_name = "article__language"

    def lookups(self, request, model_admin):
        languages = Article.objects.order_by("language").values_list("language", flat=True).distinct()
        return [(language, language) for language in languages if language]

    def queryset(self, request, queryset):
        return queryset.filter(article__language=self.value()) if self.value() else queryset


class AssignmentFilter(admin.SimpleListFilter):
    title = "assignment"
    parameter_name = "assigned"
    MINE_OPEN = "mine"

    def lookups(self, request, model_admin):
        return [(self.MINE_OPEN, "My open claims"), ("me", "Assigned to me"), ("none", "Unassigned")]

    def queryset(self, request, queryset):
        if self.value() == self.MINE_OPEN:
            return queryset.assigned_to(request.user).pending()
        if self.value() == "me":
            return queryset.assigned_to(request.user)
        if self.value() == "none":
            return queryset.filter(assigned_to__isnull=True)
        return queryset


class ClaimantFilter(admin.ListFilter):
    """A name box instead of a list of every claimant (there are many); `claimant_id` comes from links."""

    title = "claimant"
    template = "admin/claims/claimant_filter.html"
    parameters = ("claimant", "claimant_id")

    def __init__(self, request, params, model, model_admin):
        super().__init__(request, params, model, model_admin)
        self.values = {}
        for name in self.parameters:
            if name in params:
                value = params.pop(name)
                self.values[name] = (value[-1] if isinstance(value, list) else value).strip()
                self.used_parameters[name] = self.values[name]

    def has_output(self):
        return True

    def expected_parameters(self):
        return list(self.parameters)

    def queryset(self, request, queryset):
        if claimant_id := self.values.get("claimant_id"):
            if not ascii_digits(claimant_id):
                return queryset.none()
            queryset = queryset.filter(claimant_id=int(claimant_id))
        if name := self.values.get("claimant"):
            queryset = queryset.filter(claimant__name__icontains=name)
        return queryset

    def choices(self, changelist):
        yield {
            "value": self.values.get("claimant", ""),
            "clear_url": changelist.get_query_string(remove=list(self.parameters)),
            "is_set": bool(self.values),
            "hidden": [(key, value) for key, value in changelist.params.items() if key not in self.parameters],
        }


class RatingFilter(admin.SimpleListFilter):
    """The ratings of the scale (one small query), not a DISTINCT over every claim or verdict."""

    title = "rating"
    parameter_name = "rating"

    def lookups(self, request, model_admin):
        return rating_choices()

    def queryset(self, request, queryset):
        return queryset.filter(rating=self.value()) if self.value() else queryset


class AlreadyCheckedFilter(admin.SimpleListFilter):
    """Claims with a stored match that someone probably checked already (one EXISTS on an index)."""

    title = "already checked"
    parameter_name = "already_checked"

    def lookups(self, request, model_admin):
        return [("yes", "Yes"), ("no", "No")]

    def queryset(self, request, queryset):
        checked = already_checked(ALREADY_CHECKED_SCORE)
        if self.value() == "yes":
            return queryset.filter(checked)
        if self.value() == "no":
            return queryset.filter(~checked)
        return queryset
