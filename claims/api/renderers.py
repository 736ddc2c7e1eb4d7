from rest_framework.renderers import BaseRenderer, JSONRenderer


class JSONLDRenderer(JSONRenderer):
    """JSON-LD (schema.org ClaimReview); clients asking for application/json get the same body."""

    media_type = "application/ld+json"
    format = "jsonld"


class ClaimCSVRenderer(BaseRenderer):
    """Chosen by `?format=csv` or `Accept: text/csv` on the claim list, which then streams a response of
    its own (claims.review.exports); refusals go out as JSON (ClaimViewSet.handle_exception), so this
    renders nothing in practice: if ever asked to, it gives the JSON rather than fail."""

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return JSONRenderer().render(data, accepted_media_type, renderer_context)
