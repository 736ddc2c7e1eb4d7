import pytest
import yaml
from django.core.management import call_command

pytestmark = pytest.mark.django_db

ENDPOINTS = {
    "/api/articles/": {"get", "post"},
    "/api/articles/{id}/": {"get", "patch", "delete"},
    "/api/articles/{id}/claims/": {"get"},
    "/api/claims/": {"get", "post"},
    "/api/claims/{id}/": {"get", "patch", "delete"},
    "/api/claims/{id}/transition/": {"post"},
    "/api/claims/{id}/similar/": {"get"},
    "/api/claims/{id}/claimreview/": {"get"},
    "/api/claimreview/": {"get"},
    "/api/claimants/": {"get"},
    "/api/claimants/{id}/": {"get"},
}


@pytest.fixture(scope="module")
def schema():
    from rest_framework.test import APIClient

    return yaml.safe_load(APIClient().get("/api/schema/").content)


def test_schema_lists_every_endpoint_and_method(anon, schema):
    paths = schema["paths"]
    for path, methods in ENDPOINTS.items():
        assert set(paths[path]) - {"parameters"} == methods, path


def test_schema_gives_request_and_response_shapes(schema):
    transition = schema["paths"]["/api/claims/{id}/transition/"]["post"]
    assert transition["requestBody"]["content"]["application/json"]["schema"]["$ref"].endswith("/TransitionRequest")
    assert set(transition["responses"]) == {"200", "400", "401", "403", "404", "409", "412", "413", "429", "503"}
    components = schema["components"]["schemas"]
    for variant in components["TransitionRequest"]["oneOf"]:
        assert {"action", "rating", "summary", "evidence", "note", "version"} <= set(variant["properties"])
    assert {"@context", "@type", "claimReviewed", "reviewRating", "itemReviewed"} <= set(
        components["ClaimReview"]["properties"])
    parameters = {p["name"] for p in schema["paths"]["/api/claims/"]["get"]["parameters"]}
    assert {"status", "rating", "kind", "article", "claimant", "assigned_to", "language",
            "min_check_worthiness", "created_after", "created_before", "q", "ordering", "cursor",
            "page_size"} <= parameters


def test_schema_validates_without_warnings(tmp_path):
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yaml"))


def test_docs_are_served_without_a_cdn(anon):
    for path in ("/api/docs/", "/api/redoc/"):
        response = anon.get(path)
        assert response.status_code == 200
        html = response.content.decode()
        assert "cdn.jsdelivr.net" not in html and "unpkg.com" not in html
        assert "/static/drf_spectacular_sidecar/" in html


def test_api_root_lists_the_collections(anon):
    assert set(anon.get("/api/").json()) == {"articles", "claims", "claimants", "claimreview", "ratings"}
