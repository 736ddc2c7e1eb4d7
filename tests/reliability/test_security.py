"""Proof 6: a deploy-ready configuration, limited sign-ins, revocable tokens, no anonymous writes,
a staff-only admin, and no SQL built from strings."""

import re
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
import yaml
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from rest_framework.test import APIClient

from claims.models import Article, Claim, ClaimEvent, ClaimStatus, Verdict
from tests.factories import UserFactory
from tests.reliability.conftest import BASE_DIR

PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "claimtracker.settings.production",
    "SECRET_KEY": "k3V9-production-like-secret-" + "x7Qm2pL8rT4wZ6nB1cF5hJ0sD3gK9vY" * 2,
    "ALLOWED_HOSTS": "claims.example.org",
    "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/unused",
}


def run_manage(*args, env: dict) -> subprocess.CompletedProcess:
    base = {key: value for key, value in __import__("os").environ.items()
            if key not in ("SECRET_KEY", "ALLOWED_HOSTS", "DJANGO_SETTINGS_MODULE", "DEBUG",
                           "DJANGO_ALLOW_ASYNC_UNSAFE")}
    return subprocess.run([sys.executable, "manage.py", *args], cwd=BASE_DIR, env={**base, **env},
                          capture_output=True, text=True, timeout=120)


def test_production_settings_pass_check_deploy_with_no_warnings():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)

    assert result.returncode == 0, result.stderr + result.stdout
    assert "System check identified no issues (0 silenced)." in result.stdout


@pytest.mark.parametrize("missing", ["SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL"])
def test_production_settings_refuse_to_start_without_required_environment(missing):
    env = {key: value for key, value in PRODUCTION_ENV.items() if key != missing}
    if missing == "DATABASE_URL":
        env["DATABASE_URL"] = ""

    result = run_manage("check", env=env)

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and missing in result.stderr


def test_production_settings_are_secure():
    result = run_manage("shell", "-c", (
        "from django.conf import settings as s; print(s.DEBUG, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, "
        "s.SECURE_HSTS_SECONDS >= 31536000, s.SECURE_SSL_REDIRECT, s.DATABASES['default']['CONN_HEALTH_CHECKS'], "
        "s.AXES_ENABLED)"), env=PRODUCTION_ENV)

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1].split() == ["False", "True", "True", "True", "True", "True", "True"]


def test_demo_accounts_are_refused_outside_demo_mode(db):
    assert settings.CLAIMTRACKER_DEMO_MODE is False

    with pytest.raises(CommandError, match="only in the local demo mode"):
        call_command("demo_accounts", stdout=StringIO())

    assert not get_user_model().objects.filter(username__in=["reviewer", "editor"]).exists()


@pytest.mark.parametrize("weak", ["password", "12345678", "short", "rel-admin-1"])
def test_weak_passwords_are_refused_by_the_validators(db, weak):
    user = UserFactory(username="rel-admin-1")
    with pytest.raises(ValidationError):
        validate_password(weak, user)


def test_admin_refuses_a_weak_password_for_a_new_user(db, client):
    admin_user = UserFactory(username="rel-root", is_superuser=True)
    client.force_login(admin_user)

    response = client.post("/admin/auth/user/add/", {
        "username": "new-reviewer", "password1": "password", "password2": "password", "usable_password": "true"})

    assert response.status_code == 200  # the form again, with the validators' errors
    assert "This password is too common." in response.content.decode()
    assert not get_user_model().objects.filter(username="new-reviewer").exists()


def test_admin_sign_in_is_locked_after_repeated_failures(db, client, settings):
    settings.AXES_ENABLED = True
    UserFactory(username="rel-staff", password="a-long-test-password")
    statuses = [client.post("/admin/login/", {"username": "rel-staff", "password": "wrong guess"}).status_code
                for _ in range(settings.AXES_FAILURE_LIMIT)]
    assert statuses == [200] * (settings.AXES_FAILURE_LIMIT - 1) + [429]  # the form again, then locked

    locked = client.post("/admin/login/?next=/admin/", {"username": "rel-staff", "password": "a-long-test-password"})

    assert locked.status_code == 429
    assert "_auth_user_id" not in client.session


def test_admin_sign_in_works_below_the_limit(db, client, settings):
    settings.AXES_ENABLED = True
    UserFactory(username="rel-staff", password="a-long-test-password")
    client.post("/admin/login/", {"username": "rel-staff", "password": "wrong guess"})

    response = client.post("/admin/login/?next=/admin/", {"username": "rel-staff", "password": "a-long-test-password"})

    assert response.status_code == 302 and response["Location"] == "/admin/"


def test_revoked_token_gets_401(world):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {world.tokens['reviewer']}")
    assert client.get("/api/claims/").status_code == 200

    call_command("issue_token", "rel-reviewer", "--revoke", stdout=StringIO())

    response = client.get("/api/claims/")
    assert response.status_code == 401
    assert response.json()["code"] == "authentication_failed"


def _operations():
    document = yaml.safe_load(APIClient().get("/api/schema/").content)
    for path, methods in document["paths"].items():
        for method in methods:
            if method in ("get", "post", "put", "patch", "delete"):
                yield path, method


STAFF_ONLY_READS = {"/api/claims/{id}/history/"}


def test_anonymous_clients_can_write_nothing_and_read_nothing_unpublished(world):
    anon = APIClient()
    unpublished = list(Claim.objects.exclude(status=ClaimStatus.PUBLISHED).values_list("id", flat=True))
    published = Claim.objects.filter(status=ClaimStatus.PUBLISHED).first()
    before = (Article.objects.count(), Claim.objects.count(), ClaimEvent.objects.count(), Verdict.objects.count(),
              list(Claim.objects.order_by("id").values_list("status", "version")))
    operations = list(_operations())
    assert len(operations) >= 15
    for path, method in operations:
        claim_path = path.startswith("/api/claims/{id}")
        ids = [*unpublished, published.pk] if claim_path else [world.article_ids[0]]
        for object_id in ids:
            url = path.replace("{id}", str(object_id))
            if method == "get":
                # claims:search takes a query (Google's rule: a query or a publisher site); so does a client
                response = anon.get(url, {"query": "Colombia"} if path == "/v1alpha1/claims:search" else None)
                if claim_path and object_id in unpublished:
                    expected = {404}
                elif path in STAFF_ONLY_READS:
                    expected = {401}
                else:
                    expected = {200, 404}
            else:
                response = getattr(anon, method)(url, {"action": "start", "title": "T", "body": "B. C."}, format="json")
                expected = {401}
            assert response.status_code in expected, (method, url, response.status_code)
            if method != "get":
                assert response.json()["code"] == "not_authenticated"
    after = (Article.objects.count(), Claim.objects.count(), ClaimEvent.objects.count(), Verdict.objects.count(),
             list(Claim.objects.order_by("id").values_list("status", "version")))
    assert after == before


def test_anonymous_lists_show_only_published_claims(world):
    anon = APIClient()
    ids = {row["id"] for row in anon.get("/api/claims/?page_size=200").json()["results"]}
    for article_id in world.article_ids:
        ids |= {row["id"] for row in anon.get(f"/api/articles/{article_id}/claims/").json().get("results", [])}

    assert ids == set(Claim.objects.filter(status=ClaimStatus.PUBLISHED).values_list("id", flat=True))


@pytest.mark.parametrize("path", ["/admin/", "/admin/claims/claim/", "/admin/claims/article/"])
def test_the_admin_needs_staff_status(db, client, path):
    client.force_login(UserFactory(username="rel-not-staff", is_staff=False))

    response = client.get(path)

    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")


RAW_SQL = re.compile(r"\.raw\(|\.extra\(|RawSQL\(|execute\(\s*f[\"']|execute\([^)]*%\s*\(|execute\([^)]*\.format\(")


def test_no_sql_is_built_from_strings():
    offenders = []
    for path in [*Path(BASE_DIR, "claims").rglob("*.py"), *Path(BASE_DIR, "claimtracker").rglob("*.py")]:
        for number, line in enumerate(path.read_text().splitlines(), start=1):
            if RAW_SQL.search(line):
                offenders.append(f"{path.relative_to(BASE_DIR)}:{number}: {line.strip()}")

    assert offenders == []


def test_the_sql_scan_would_catch_string_built_sql():
    for line in ['Claim.objects.raw("SELECT 1")', "qs.extra(where=['x'])", 'cursor.execute(f"DROP {x}")',
                 'cursor.execute("SELECT %s" % (x,))', 'cursor.execute("SELECT {}".format(x))']:
        assert RAW_SQL.search(line), line
    assert not RAW_SQL.search('cursor.execute("SELECT 1 FROM t WHERE id = %s", [pk])')
