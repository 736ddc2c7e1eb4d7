"""Additions to the generated OpenAPI schema: what every operation may answer, whatever its view."""

BAD_REQUEST = {
    "description": 'Bad input, e.g. a query parameter holding a NUL character: {"<parameter>": ["message"]}.',
}


def document_bad_requests(result, generator, request, public):
    """Every operation may answer 400: a NUL in any query parameter is refused before its view runs
    (claimtracker.middleware.RefuseNulParameters)."""
    for path in result.get("paths", {}).values():
        for operation in path.values():
            if isinstance(operation, dict) and "responses" in operation:
                operation["responses"].setdefault("400", BAD_REQUEST)
    return result
