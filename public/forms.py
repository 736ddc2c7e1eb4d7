"""The reader's search and filters on the list of fact-checks (GET parameters)."""

import re
from datetime import date, datetime, time, timedelta, timezone

from django import forms
from django.conf.locale import LANG_INFO
from django.contrib.postgres.search import SearchQuery
from django.db.models import Q

from claims.models import SEARCH_CONFIG, Claimant
from claims.models import RatingLevel

QUERY_MAX_LENGTH = 200
_LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}$")
_BIGINT_MAX = 2**63 - 1


def language_name(code: str) -> str:
    return LANG_INFO.get(code, {}).get("name", code)


class LanguageField(forms.ChoiceField):
    """An ISO 639 code; the choices offered are the languages of stored articles, but any code is valid
    (the list is cached, so a language just added must not make its link a 400)."""

    def valid_value(self, value):
        return bool(_LANGUAGE_CODE.match(value))


class FactCheckFilters(forms.Form):
    q = forms.CharField(label="Search claims and claimants", required=False, max_length=QUERY_MAX_LENGTH,
                        widget=forms.SearchInput(attrs={"placeholder": "e.g. inflation, coca, Smith"}))
    rating = forms.ChoiceField(label="Rating", required=False)
    language = LanguageField(label="Language", required=False)
    date_from = forms.DateField(label="Published from", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label="Published until", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    # Set by the links on claimant names and pages; shown as a removable filter, not as a field.
    claimant = forms.IntegerField(required=False, min_value=1, max_value=_BIGINT_MAX, widget=forms.HiddenInput)

    def __init__(self, data, *, ratings: list[RatingLevel], languages: list[str]):
        super().__init__(data)
        self.fields["rating"].choices = [("", "Any rating")] + [(r.slug, r.label) for r in ratings]
        self.fields["language"].choices = [("", "Any language")] + [(code, language_name(code)) for code in languages]

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            self.add_error("date_to", "The end date is before the start date.")
        return data

    def filter(self, claims):
        """`claims` narrowed by the valid filters (call after is_valid())."""
        data = self.cleaned_data
        if data.get("q"):
            claims = _search(claims, data["q"])
        if data.get("rating"):
            claims = claims.filter(rating=data["rating"])
        if data.get("claimant"):
            claims = claims.filter(claimant_id=data["claimant"])
        if data.get("language"):
            claims = claims.filter(article__language=data["language"])
        if data.get("date_from"):
            claims = claims.filter(first_published_at__gte=_day_start(data["date_from"]))
        if data.get("date_to") and data["date_to"] < date.max:
            claims = claims.filter(first_published_at__lt=_day_start(data["date_to"] + timedelta(days=1)))
        return claims

    @property
    def active(self) -> bool:
        return self.is_bound and self.is_valid() and any(self.cleaned_data.get(name) for name in self.fields)


def _day_start(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=timezone.utc)


def _search(claims, query: str):
    """Words of the claim (full text, the stored vector's GIN index) or a part of the claimant's name."""
    words = SearchQuery(query, search_type="websearch", config=SEARCH_CONFIG)
    claimants = Claimant.objects.filter(name__icontains=query).values("pk")
    return claims.filter(Q(search_vector=words) | Q(claimant__in=claimants))
