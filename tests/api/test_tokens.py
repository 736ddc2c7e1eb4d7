import pytest
from django.core.management import CommandError, call_command
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.factories import ClaimFactory

pytestmark = pytest.mark.django_db


def issue(*args):
    from io import StringIO

    out = StringIO()
    call_command("issue_token", *args, stdout=out)
    return out.getvalue().strip()


def test_issued_token_signs_in_over_the_api(reviewer):
    key = issue(reviewer.username)
    assert Token.objects.get(user=reviewer).key == key
    claim = ClaimFactory()
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    response = client.post(f"/api/claims/{claim.pk}/transition/", {"action": "start"})
    assert response.status_code == 200
    assert response.json()["assigned_to"] == reviewer.username


def test_issuing_again_gives_the_same_token_unless_rotated(reviewer):
    key = issue(reviewer.username)
    assert issue(reviewer.username) == key
    rotated = issue(reviewer.username, "--rotate")
    assert rotated != key and Token.objects.get(user=reviewer).key == rotated


def test_revoked_token_no_longer_works(reviewer):
    key = issue(reviewer.username)
    assert "Revoked" in issue(reviewer.username, "--revoke")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert client.get("/api/claims/").status_code == 401


def test_unknown_user_is_an_error(db):
    with pytest.raises(CommandError, match="No user named 'nobody'"):
        issue("nobody")


def test_session_sign_in_works_too(client, reviewer):
    client.force_login(reviewer)
    claim = ClaimFactory()
    assert client.get(f"/api/claims/{claim.pk}/").status_code == 200
