"""The hand-written claim, event and article representations give exactly what the declared fields would."""

import pytest
from rest_framework import serializers
from rest_framework.test import APIRequestFactory

from claims.review import workflow
from claims.api import serializers as api
from claims.models import Article, Claim, ClaimEvent, Rating, Source
from tests.factories import ClaimantFactory, ClaimFactory

pytestmark = pytest.mark.django_db

EVIDENCE = [{"url": "https://stats.example/report", "title": "Report", "excerpt": "12%", "stance": "refutes"}]


@pytest.fixture
def rated_claim(reviewer):
    claim = ClaimFactory(claimant=ClaimantFactory(name="Petro", description="President of Colombia"))
    workflow.claim_rate(claim=claim, actor=reviewer, rating=Rating.FALSE, summary="Wrong.", evidence=EVIDENCE)
    return Claim.objects.for_list().select_related("current_verdict__reviewer").get(pk=claim.pk)


@pytest.mark.parametrize("can_read_all", [True, False])
@pytest.mark.parametrize("serializer_class", [api.ClaimSerializer, api.ClaimDetailSerializer])
def test_fast_representation_equals_the_declared_fields(rated_claim, reviewer, serializer_class, can_read_all):
    request = APIRequestFactory().get("/api/claims/")
    request.user = reviewer
    serializer = serializer_class(rated_claim, context={"can_read_all": can_read_all, "request": request})
    declared = serializers.ModelSerializer.to_representation(serializer, rated_claim)
    assert serializer.data == declared
    assert list(serializer.data) == list(declared)


def test_fast_representation_of_a_bare_claim_and_a_similar_one(db):
    claim = Claim.objects.for_list().get(pk=ClaimFactory().pk)
    claim.similarity = 0.5
    serializer = api.SimilarClaimSerializer(claim, context={"can_read_all": True})
    assert serializer.data == serializers.ModelSerializer.to_representation(serializer, claim)
    assert serializer.data["claimant"] is None and serializer.data["assigned_to"] is None


@pytest.mark.parametrize("can_read_all", [True, False])
@pytest.mark.parametrize("serializer_class", [
    api.ArticleSerializer, api.ArticleDetailSerializer, api.ArticleWithClaimsSerializer])
@pytest.mark.parametrize("with_source", [True, False])
def test_fast_article_representation_equals_the_declared_fields(
        rated_claim, serializer_class, can_read_all, with_source):
    if with_source:
        Article.objects.filter(pk=rated_claim.article_id).update(source=Source.objects.create(name="El Tiempo"))
    ClaimFactory(article=rated_claim.article, start=0, end=5)
    article = Article.objects.select_related("source").with_claim_counts().prefetch_related("claims").get(
        pk=rated_claim.article_id)
    serializer = serializer_class(article, context={"can_read_all": can_read_all})
    declared = serializers.ModelSerializer.to_representation(serializer, article)
    assert serializer.data == declared
    assert list(serializer.data) == list(declared)
    assert (serializer.data["source"] is not None) == with_source


def test_fast_event_representation_equals_the_declared_fields(rated_claim, reviewer):
    ClaimEvent.objects.create(claim=rated_claim, actor=None, action="create", to_status="unreviewed", version=1,
                              note="By <b>hand</b>.")
    events = list(ClaimEvent.objects.filter(claim=rated_claim).select_related("actor"))
    assert {event.actor_id is None for event in events} == {True, False}
    assert any(event.verdict_id for event in events)
    for event in events:
        serializer = api.ClaimEventSerializer(event)
        declared = serializers.ModelSerializer.to_representation(serializer, event)
        assert serializer.data == declared
        assert list(serializer.data) == list(declared)
