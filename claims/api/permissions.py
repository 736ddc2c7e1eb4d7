"""Who may read and write what over the API.

Anonymous clients (and signed-in accounts without a newsroom role) read only what is published;
staff (is_staff, or a Reviewers/Editors member, whose groups grant view_claim) read everything.
Writes need the model permissions of migration 0004's groups; workflow moves check their own
permission inside `claims.review.workflow` (Forbidden becomes 403).
"""

from rest_framework.permissions import DjangoModelPermissions


class ModelPermissionsOrPublicRead(DjangoModelPermissions):
    """Reads for everyone (the view's queryset narrows what they see); writes need add/change/delete."""

    public_reads = True  # the schema declares sign-in optional for reads (claims.api.schema)
    authenticated_users_only = False
    perms_map = {
        **DjangoModelPermissions.perms_map,
        "GET": [],
        "OPTIONS": [],
        "HEAD": [],
    }

    def has_permission(self, request, view):
        if getattr(view, "_ignore_model_permissions", False):
            return True
        if request.method in ("GET", "HEAD", "OPTIONS"):
            return True
        if not request.user or not request.user.is_authenticated:
            return False  # DRF answers 401, with WWW-Authenticate from TokenAuthentication
        return super().has_permission(request, view)


class IsAuthenticatedForWrites(ModelPermissionsOrPublicRead):
    """For workflow actions: sign-in is checked here, the move's own permission by the workflow."""

    def has_permission(self, request, view):
        if request.method in ("GET", "HEAD", "OPTIONS"):
            return True
        return bool(request.user and request.user.is_authenticated)
