"""Token sign-in loads the user's permissions in its one query, and they are ModelBackend's."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from rest_framework.authtoken.models import Token
from rest_framework.exceptions import AuthenticationFailed

from claims.api.authentication import TokenAuthentication

pytestmark = pytest.mark.django_db



def every_permission():
    return [f"{app}.{codename}" for app, codename in
            Permission.objects.values_list("content_type__app_label", "codename")]


@pytest.fixture
def own_and_group_permissions(reviewer):
    reviewer.user_permissions.add(Permission.objects.get(codename="delete_article"))
    return reviewer


@pytest.mark.parametrize("who", ["reviewer", "editor", "own_and_group_permissions", "outsider", "superuser"])
def test_permissions_after_token_sign_in_are_model_backends_without_more_queries(
        request, who, django_assert_num_queries):
    if who == "outsider":
        user = get_user_model().objects.create_user("olga-outsider", password="x-Unused-9876")
    elif who == "superuser":
        user = get_user_model().objects.create_superuser("sam-super", password="x-Unused-9876")
    else:
        user = request.getfixturevalue(who)
    key = Token.objects.create(user=user).key
    names = every_permission()

    with django_assert_num_queries(1):
        signed_in, _ = TokenAuthentication().authenticate_credentials(key)
        granted = {name for name in names if signed_in.has_perm(name)}

    fresh = get_user_model().objects.get(pk=user.pk)
    assert granted == {name for name in names if fresh.has_perm(name)}
    assert (len(granted) == len(names)) == (who == "superuser")
    assert (granted == set()) == (who == "outsider")


def test_unknown_and_inactive_tokens_are_refused(reviewer):
    with pytest.raises(AuthenticationFailed, match="Invalid token"):
        TokenAuthentication().authenticate_credentials("0" * 40)
    key = Token.objects.create(user=reviewer).key
    reviewer.is_active = False
    reviewer.save()
    with pytest.raises(AuthenticationFailed, match="inactive"):
        TokenAuthentication().authenticate_credentials(key)
