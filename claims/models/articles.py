"""Outlets, articles and claimants."""


from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector, SearchVectorField
from django.db import models
from django.db.models import F, OuterRef, Subquery, Window
from django.db.models.functions import Coalesce, Lower

from claims.models.search import SEARCH_CANDIDATES, SEARCH_CONFIG
from claims.models.vocabulary import ClaimStatus


class Source(models.Model):
    """The outlet that published an article."""

    name = models.CharField(max_length=200)
    url = models.URLField(max_length=2000, blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(Lower("name"), name="claims_source_name_ci_unique")]

    def __str__(self):
        return self.name


class ArticleQuerySet(models.QuerySet):
    def search(self, query: str):
        """Articles matching a web-search query, best first; `rank` and `search_total` as for claims."""
        search_query = SearchQuery(query, search_type="websearch", config=SEARCH_CONFIG)
        candidates = self.filter(search_vector=search_query).order_by().values("pk")[:SEARCH_CANDIDATES]
        return (
            self.filter(pk__in=candidates)
            .annotate(rank=SearchRank(F("search_vector"), search_query), search_total=Window(models.Count("*")))
            .order_by("-rank", "-id")
        )

    def with_claim_counts(self):
        """Annotate `claims_<status>` for every status, and `claims_total`.

        Each count is a subquery on the (article, status) index for the article's row alone, so a
        page of articles costs the same whatever the size of the claims table (a GROUP BY over all
        claims did not).
        """
        from claims.models.claims import Claim  # claims point at articles: imported when needed

        def count(**where):
            return Coalesce(Subquery(
                Claim.objects.filter(article=OuterRef("pk"), **where).order_by()
                .values("article").annotate(count=models.Count("*")).values("count")
            ), 0)

        # The total is its own subquery: a sum of the five annotations would run all five again.
        return self.annotate(**{f"claims_{status}": count(status=status) for status in ClaimStatus.values},
                             claims_total=count())


class Article(models.Model):
    title = models.CharField(max_length=1000)
    body = models.TextField()
    url = models.URLField(max_length=2000, null=True, blank=True, unique=True)
    source = models.ForeignKey(
        Source, null=True, blank=True, on_delete=models.SET_NULL, related_name="articles"
    )
    language = models.CharField(max_length=8, blank=True, help_text="ISO 639-1 code of the body.")
    title_language = models.CharField(max_length=8, blank=True, help_text="ISO 639-1 code of the title.")
    published_at = models.DateTimeField(null=True, blank=True)
    content_hash = models.CharField(
        max_length=64, unique=True, editable=False,
        help_text="SHA-256 of the normalised title and body: the natural key of an article.",
    )
    search_vector = models.GeneratedField(
        expression=SearchVector("title", "body", config=SEARCH_CONFIG),
        output_field=SearchVectorField(),
        db_persist=True,
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["-published_at", "-id"], name="claims_article_published"),
            models.Index(fields=["-created_at", "-id"], name="claims_article_created"),
            models.Index(fields=["language"], name="claims_article_language"),
            GinIndex(fields=["search_vector"], name="claims_article_search"),
        ]

    def __str__(self):
        return self.title


class Claimant(models.Model):
    """Who makes a claim: a person, an organisation, or the outlet itself."""

    name = models.CharField(max_length=200)
    description = models.CharField(max_length=500, blank=True, help_text='e.g. "President of Colombia"')

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(Lower("name"), name="claims_claimant_name_ci_unique")]

    def __str__(self):
        return self.name
