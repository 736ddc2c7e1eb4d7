"""What the generated OpenAPI schema cannot say by itself: what every operation may answer, whatever
its view; which operations anyone may call without signing in; and the rules that serializers and
filters check in code (patterns, bounds, moves by action), so that what the schema admits the API
takes and what it refuses the API refuses (schemathesis checks both)."""

from drf_spectacular.openapi import AutoSchema
from rest_framework.permissions import SAFE_METHODS

from claims.api.filters import DATE_TIME_PATTERN, QUERY_PATTERNS, SEARCH_MAX_LENGTH
from claims.api.pagination import PAGE_MAX
from claims.models.ratings import SLUG_PATTERN
from claims.web_urls import WEB_URL_PATTERN


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


EMPTY_IS_ABSENT = "An empty value is the same as leaving the parameter out."
# Page numbers and sizes start at 1 (0 and negative numbers are refused with a 400).
COUNTING_PARAMETERS = ("page", "page_size")
RATING_SLUG = {"type": "string", "pattern": SLUG_PATTERN, "maxLength": 64,
               "description": "A slug of the rating scale (GET /api/ratings/)."}
# No query parameter may hold a NUL (claimtracker.middleware.RefuseNulParameters answers 400).
NO_NUL = "^[^\\x00]*$"


def _document_query_parameters(operation: dict) -> None:
    for parameter in operation.get("parameters", []):
        if parameter.get("in") != "query" or parameter.get("required"):
            continue
        parameter["allowEmptyValue"] = True
        if EMPTY_IS_ABSENT not in parameter.get("description", ""):
            parameter["description"] = f"{parameter.get('description', '')} {EMPTY_IS_ABSENT}".strip()
        schema = parameter.get("schema", {})
        if parameter["name"] in COUNTING_PARAMETERS and schema.get("type") == "integer":
            schema["minimum"] = 1
            if parameter["name"] == "page":
                schema["maximum"] = PAGE_MAX
        if parameter["name"] == "q" and schema.get("type") == "string":
            schema["maxLength"] = SEARCH_MAX_LENGTH
        if parameter["name"] == "rating" and schema.get("type") == "array":
            # Slugs of the scale editors manage (GET /api/ratings/): a form, not an enum.
            schema["items"] = RATING_SLUG
        if parameter["name"] in QUERY_PATTERNS:
            schema["pattern"] = QUERY_PATTERNS[parameter["name"]]
        elif schema.get("format") == "date-time":
            schema["pattern"] = DATE_TIME_PATTERN
        if schema.get("type") == "string" and "pattern" not in schema and "enum" not in schema:
            schema["pattern"] = NO_NUL


NOT_BLANK = "\\S"
# An article's title and body: no NUL (binary data), and something left once control characters
# and white space are taken out (claims.ingest.articles).
HAS_TEXT = "^[^\\x00]*[^\\s\\x00-\\x1f\\x7f-\\x9f\\ufeff][^\\x00]*$"
ARTICLE_TEXT_FIELDS = ("title", "body")


def _refuse_nul(schema: dict) -> None:
    for choice in schema.get("oneOf", [schema]):  # DRF refuses NUL in every text field
        if choice.get("type") == "string" and not {"pattern", "enum", "format"} & choice.keys():
            choice["pattern"] = NO_NUL


def _document_request_bodies(components: dict) -> None:
    """Request bodies refuse unknown fields (StrictInputMixin) and NUL in text, URLs are http(s),
    date-times keep to the filters' rule (one rule, moment_in_utc)."""
    for name, component in components.items():
        if not name.endswith("Request") or component.get("type") != "object" or "oneOf" in component:
            continue
        component["additionalProperties"] = False
        for field, schema in component.get("properties", {}).items():
            if name == "ArticleCreateRequest" and field in ARTICLE_TEXT_FIELDS:
                schema["pattern"] = HAS_TEXT
            elif field == "url":  # the URL itself, beside the empty string where that clears it
                for choice in schema.get("oneOf", [schema]):
                    if choice.get("maxLength") != 0:
                        # Not `format: uri`: an IRI or a stray "%" is taken and stored percent-encoded
                        # (claims.web_urls); responses give `format: uri`.
                        choice.pop("format", None)
                        choice["pattern"] = WEB_URL_PATTERN
            elif schema.get("format") == "date-time":
                schema["pattern"] = DATE_TIME_PATTERN
            _refuse_nul(schema)


def _document_transitions(components: dict) -> None:
    """A move's body, by its action: rate needs a rating and a summary, reopen a note (the
    workflow's rules, claims/review/workflow.py); every action takes the same fields."""
    transition = components.get("TransitionRequest")
    if not transition or "oneOf" in transition:
        return
    actions = components["TransitionActionEnum"]["enum"]
    properties = transition["properties"]

    def variant(names: list[str], required: list[str], **overrides) -> dict:
        return {"type": "object", "additionalProperties": False, "required": ["action", *required],
                "properties": {**properties, "action": {"type": "string", "enum": names}, **overrides}}

    rating = {**RATING_SLUG, "description": properties["rating"].get("description", "")}
    for key in ("properties", "required", "type"):
        transition.pop(key, None)
    transition["oneOf"] = [
        variant(["rate"], ["rating", "summary"], rating=rating,
                summary={**properties["summary"], "pattern": NOT_BLANK}),
        variant(["reopen"], ["note"], note={**properties["note"], "pattern": NOT_BLANK}),
        variant([action for action in actions if action not in ("rate", "reopen")], []),
    ]
    for each in transition["oneOf"]:
        for schema in each["properties"].values():
            _refuse_nul(schema)


def complete_schema(result, generator, request, public):
    """Every operation may answer 400 (a NUL in any query parameter is refused before its view runs,
    claimtracker.middleware.RefuseNulParameters), 429 (throttling), 503 (no database); every
    operation with a body, 413. Optional query parameters may be sent empty, meaning absent."""
    components = result.get("components", {}).get("schemas", {})
    _document_transitions(components)
    _document_request_bodies(components)
    for path in result.get("paths", {}).values():
        for operation in path.values():
            if isinstance(operation, dict) and "responses" in operation:
                _document_query_parameters(operation)
                responses = operation["responses"]
                responses.setdefault("400", BAD_REQUEST)
                responses.setdefault("429", TOO_MANY_REQUESTS)
                responses.setdefault("503", UNAVAILABLE)
                if "requestBody" in operation:
                    responses.setdefault("413", TOO_LARGE)
    return result


class ClaimTrackerSchema(AutoSchema):
    """Reads that anonymous clients may make (permissions with `public_reads`) declare their
    authentication optional (`{}` among the security requirements): a token or a session is
    accepted there, and shows more, but none is needed."""

    def get_auth(self):
        auths = super().get_auth()
        permissions = self.view.get_permissions()
        if (self.method in SAFE_METHODS and permissions and {} not in auths
                and all(getattr(permission, "public_reads", False) for permission in permissions)):
            auths.append({})
        return auths
