import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.safestring import mark_safe

from claims.review.publication import claimant_path, fact_check_path

register = template.Library()

# As django.utils.html.json_script: no "</script>", "<!--" or "]]>" can come out of the JSON text.
_SCRIPT_SAFE = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


@register.filter
def json_ld(value) -> str:
    """`value` as JSON for a <script type="application/ld+json"> element, whatever text it holds."""
    text = json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False, indent=1).translate(_SCRIPT_SAFE)
    return mark_safe(text)  # noqa: S308 - the three characters that could end the script are escaped


@register.simple_tag
def rating_class(slug) -> str:
    """A CSS class for a rating's badge: `rating-<slug>` (unknown slugs get the neutral colour)."""
    return f"rating rating-{str(slug or 'none').replace('_', '-')}"


@register.filter
def get_label(labels: dict, slug) -> str:
    return labels.get(slug, slug or "")


@register.filter
def fact_check_href(claim) -> str:
    return fact_check_path(claim)


@register.filter
def claimant_href(claimant) -> str:
    return claimant_path(claimant)
