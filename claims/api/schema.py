"""Additions to the generated OpenAPI schema: what every operation may answer, whatever its view."""

_ERROR = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
BAD_REQUEST = {
    "description": 'Bad input, e.g. a query parameter holding a NUL character: {"<parameter>": ["message"]}.',
}
TOO_MANY_REQUESTS = {"description": "Too many requests from this client; `Retry-After` says when to try again.",
                     "content": _ERROR}
UNAVAILABLE = {"description": "The database is not reachable just now; `Retry-After` says when to try again.",
               "content": _ERROR}
TOO_LARGE = {"description": "The request body is larger than the API accepts (an article at its limit, in JSON).",
             "content": _ERROR}


def document_bad_requests(result, generator, request, public):
    """Every operation may answer 400 (a NUL in any query parameter is refused before its view runs,
    claimtracker.middleware.RefuseNulParameters), 429 (throttling), 503 (no database); every
    operation with a body, 413."""
    for path in result.get("paths", {}).values():
        for operation in path.values():
            if isinstance(operation, dict) and "responses" in operation:
                responses = operation["responses"]
                responses.setdefault("400", BAD_REQUEST)
                responses.setdefault("429", TOO_MANY_REQUESTS)
                responses.setdefault("503", UNAVAILABLE)
                if "requestBody" in operation:
                    responses.setdefault("413", TOO_LARGE)
    return result
