import pytest

from claims.models import Rating
from tests.factories import ClaimantFactory, ClaimFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def petro(publish, rate):
    petro = ClaimantFactory(name="Gustavo Petro")
    publish(ClaimFactory(claimant=petro), Rating.FALSE)
    publish(ClaimFactory(claimant=petro), Rating.FALSE)
    rate(ClaimFactory(claimant=petro), Rating.TRUE)  # reviewed, not published
    ClaimFactory(claimant=petro)  # unreviewed
    return petro


def test_claimant_detail_counts_claims_by_rating(as_staff, petro):
    response = as_staff.get(f"/api/claimants/{petro.pk}/")
    assert response.status_code == 200
    data = response.json()
    assert (data["name"], data["claim_count"]) == ("Gustavo Petro", 4)
    assert data["counts_by_rating"] == {**{rating: 0 for rating in Rating.values}, "false": 2, "true": 1}


def test_the_public_sees_counts_of_published_claims_only(anon, petro):
    data = anon.get(f"/api/claimants/{petro.pk}/").json()
    assert data["claim_count"] == 2
    assert data["counts_by_rating"]["false"] == 2 and data["counts_by_rating"]["true"] == 0


def test_the_public_sees_only_claimants_with_published_claims(anon, as_staff, petro):
    quiet = ClaimantFactory(name="Anonymous source")
    ClaimFactory(claimant=quiet)
    assert [row["id"] for row in anon.get("/api/claimants/").json()["results"]] == [petro.pk]
    assert anon.get(f"/api/claimants/{quiet.pk}/").status_code == 404
    assert [row["name"] for row in as_staff.get("/api/claimants/").json()["results"]] == [
        "Anonymous source", "Gustavo Petro"]


def test_claimants_filter_by_name(as_staff, petro):
    ClaimantFactory(name="Donald Trump")
    assert [row["id"] for row in as_staff.get("/api/claimants/?name=petro").json()["results"]] == [petro.pk]


def test_claimants_are_read_only(as_editor, petro):
    assert as_editor.post("/api/claimants/", {"name": "New"}).status_code == 405
    assert as_editor.patch(f"/api/claimants/{petro.pk}/", {"name": "New"}).status_code == 405
