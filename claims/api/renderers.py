from rest_framework.renderers import JSONRenderer


class JSONLDRenderer(JSONRenderer):
    """JSON-LD (schema.org ClaimReview); clients asking for application/json get the same body."""

    media_type = "application/ld+json"
    format = "jsonld"
