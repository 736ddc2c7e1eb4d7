"""Token sign-in that brings the user's permissions along.

Claim details and workflow moves ask `user.has_perm` (the allowed actions, the move's own
permission), and Django's ModelBackend would then run two more queries on every such request: the
user's own permissions and their groups'. Here the token query fetches both, fresh each request.
"""

from django.contrib.auth.models import Permission
from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import OuterRef, Value
from django.db.models.functions import Concat
from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions


def _permission_names(permissions):
    """"app_label.codename", as ModelBackend names them."""
    return ArraySubquery(permissions.order_by().annotate(
        full_name=Concat("content_type__app_label", Value("."), "codename")).values("full_name"))


class TokenAuthentication(authentication.TokenAuthentication):
    def authenticate_credentials(self, key):
        model = self.get_model()
        try:
            token = model.objects.select_related("user").annotate(
                own_permissions=_permission_names(Permission.objects.filter(user=OuterRef("user"))),
                group_permissions=_permission_names(Permission.objects.filter(group__user=OuterRef("user"))),
            ).get(key=key)
        except model.DoesNotExist:
            raise exceptions.AuthenticationFailed(_("Invalid token.")) from None
        user = token.user
        if not user.is_active:
            raise exceptions.AuthenticationFailed(_("User inactive or deleted."))
        if not user.is_superuser:  # a superuser has every permission; ModelBackend answers that itself
            # ModelBackend's own per-user caches (django.contrib.auth.backends.ModelBackend._get_permissions).
            user._user_perm_cache = set(token.own_permissions)
            user._group_perm_cache = set(token.group_permissions)
        return user, token
