"""One exception handler for the API: every error is JSON with a stable shape.

- field errors (DRF or Django `ValidationError`): 400 `{"<field>": ["message", ...], ...}`
- everything else: `{"detail": "...", "code": "..."}`, plus `status` and `version` of the claim
  for workflow conflicts (409), so that a client can reload and retry.
"""

import logging
import sys

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError, InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.views import defaults
from rest_framework import exceptions, serializers, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from claims.errors import AnalysisError, Conflict, Forbidden, Protected, Refused, Stale
from claims.models import Claim, ClaimStatus


logger = logging.getLogger(__name__)

API_PREFIX = "/api/"


class DatabaseConflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "The request conflicts with the current state of the resource."
    default_code = "conflict"


class DatabaseUnavailable(exceptions.APIException):
    status_code = status.HTTP_503_SERVICE_UNAVAILABLE
    default_detail = "The database is not reachable just now; try again in a moment."
    default_code = "database_unavailable"


class RequestTooSlow(DatabaseUnavailable):
    default_detail = "The request took longer than the server allows{bound} and was stopped; nothing of it was stored."
    default_code = "request_too_slow"

    def __init__(self):
        bound = settings.CLAIMTRACKER_STATEMENT_TIMEOUT_MS
        super().__init__(self.default_detail.format(bound=f" ({bound / 1000} s)" if bound else ""))


def _query_canceled(error: BaseException) -> bool:
    """PostgreSQL cancelled the statement (statement_timeout): 57014, query_canceled."""
    return getattr(error.__cause__, "pgcode", None) == "57014"


def _unavailable(error: BaseException) -> DatabaseUnavailable:
    return RequestTooSlow() if _query_canceled(error) else DatabaseUnavailable()


RETRY_AFTER_SECONDS = "5"


class PayloadTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = "The request body is too large."
    default_code = "payload_too_large"
    BODY_LIMIT = "The request body is larger than {limit} bytes, the most this API accepts."


class PreconditionFailed(exceptions.APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = "The If-Match header does not match this resource."
    default_code = "precondition_failed"


def _field_errors(error: DjangoValidationError) -> dict:
    if hasattr(error, "error_dict"):
        return error.message_dict
    return {"non_field_errors": error.messages}


def _claim_state(context, error: Refused) -> dict:
    """The claim's current status and version, for a client to reload and retry."""
    if isinstance(error, Stale):
        return {"status": error.status, "version": error.current}
    claim_id = (context.get("kwargs") or {}).get("pk")
    state = Claim.objects.filter(pk=claim_id).values("status", "version").first() if claim_id else None
    return state or {"status": getattr(error, "from_status", None), "version": None}


def exception_handler(exc, context):
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(_field_errors(exc))
    elif isinstance(exc, Forbidden):
        return Response({"detail": str(exc), "code": exc.code}, status=status.HTTP_403_FORBIDDEN)
    elif isinstance(exc, (Conflict, Stale)):
        body = {"detail": str(exc), "code": exc.code, **_claim_state(context, exc)}
        return Response(body, status=status.HTTP_409_CONFLICT)
    elif isinstance(exc, Protected):
        return Response({"detail": str(exc), "code": exc.code}, status=status.HTTP_409_CONFLICT)
    elif isinstance(exc, AnalysisError):
        # Our defect, not the client's: logged whole; the client learns that this article cannot go in now.
        logger.error("Extraction failed on a posted article: %s\n%s", exc.problem, exc.trace)
        return Response({"detail": str(exc), "code": exc.code}, status=status.HTTP_422_UNPROCESSABLE_ENTITY)
    elif isinstance(exc, (OperationalError, InterfaceError)):
        # The database is down or restarting, or a statement ran past its bound: a clean 503 now;
        # CONN_HEALTH_CHECKS reconnects later.
        logger.error("API request failed, database unavailable: %s", exc)
        exc = _unavailable(exc)
    elif isinstance(exc, IntegrityError):
        # A concurrent write or a database invariant (span trigger) refused the change.
        logger.warning("API write refused by the database: %s", exc)
        exc = DatabaseConflict("The database refused the change: it conflicts with stored data.")

    response = drf_exception_handler(exc, context)
    if isinstance(exc, DatabaseUnavailable) and response is not None:
        response["Retry-After"] = RETRY_AFTER_SECONDS
    if response is None:
        return None  # a bug: Django's handler500 answers (JSON for /api/ paths)
    if isinstance(exc, exceptions.ValidationError):
        if not isinstance(response.data, dict):
            response.data = {"non_field_errors": response.data}
        return response
    if isinstance(response.data, dict) and "detail" in response.data:
        detail = exc.detail if isinstance(exc, exceptions.APIException) else response.data["detail"]
        response.data = {"detail": str(detail), "code": getattr(detail, "code", None) or _code(exc)}
    return response


def _code(exc) -> str:
    if isinstance(exc, exceptions.APIException):
        return exc.default_code
    return "error"


# Django-level errors (no view matched, or an unhandled exception): JSON under /api/.

def handler404(request, exception=None):
    if request.path.startswith(API_PREFIX):
        return JsonResponse({"detail": "Not found.", "code": "not_found"}, status=404)
    return defaults.page_not_found(request, exception)


def handler500(request):
    error = sys.exc_info()[1]
    if isinstance(error, (OperationalError, InterfaceError)):  # in a middleware, or an admin page
        # The database is down, or a statement ran past its bound: a 503 that says so, everywhere.
        unavailable = _unavailable(error)
        if request.path.startswith(API_PREFIX):
            response = JsonResponse({"detail": str(unavailable.detail), "code": unavailable.default_code},
                                    status=503)
        else:
            response = HttpResponse(str(unavailable.detail), content_type="text/plain; charset=utf-8", status=503)
        response["Retry-After"] = RETRY_AFTER_SECONDS
        return response
    if request.path.startswith(API_PREFIX):
        return JsonResponse({"detail": "Server error.", "code": "server_error"}, status=500)
    return defaults.server_error(request)


def handler400(request, exception=None):
    if request.path.startswith(API_PREFIX):
        if isinstance(exception, RequestDataTooBig):
            return JsonResponse({"detail": PayloadTooLarge.BODY_LIMIT.format(limit=settings.DATA_UPLOAD_MAX_MEMORY_SIZE),
                                 "code": PayloadTooLarge.default_code}, status=413)
        return JsonResponse({"detail": "Bad request.", "code": "bad_request"}, status=400)
    return defaults.bad_request(request, exception)


# --- The error bodies, for the OpenAPI schema ---

class ConflictSerializer(serializers.Serializer):
    """The body of a 409 from the workflow: reload the claim and try again."""

    detail = serializers.CharField()
    code = serializers.CharField()
    status = serializers.ChoiceField(choices=ClaimStatus.choices)
    version = serializers.IntegerField()


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField()
    code = serializers.CharField()




