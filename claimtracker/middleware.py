"""Requests refused before any view: what no view and no database could take."""

from django.http import HttpResponseBadRequest, JsonResponse

NUL_PARAMETER = "The query parameter {name!r} contains a NUL character, which is not text."
GOOGLE_API = "/v1alpha1/"  # Google's Fact Check Tools API (factchecks.factchecktools): Google's errors


class RefuseNulParameters:
    """A NUL character in a query parameter is a 400 that names the parameter: PostgreSQL refuses
    NUL in any string, so passed on it would end as a server error in a filter or a search."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        for name, values in request.GET.lists():
            if "\x00" in name or any("\x00" in value for value in values):
                message = NUL_PARAMETER.format(name=name.replace("\x00", "\\x00"))
                if request.path.startswith("/api/"):
                    return JsonResponse({name.replace("\x00", "\\x00"): [message]}, status=400)
                if request.path.startswith(GOOGLE_API):
                    from factchecks.factchecktools import google_error

                    return JsonResponse(google_error(400, message), status=400)
                return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")
        return self.get_response(request)
