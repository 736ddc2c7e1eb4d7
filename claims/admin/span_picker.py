"""The span picker: a passage of an article in which selecting text fills a claim's start and end.

The passage is rendered by claims.highlight (body text inside `.span-source[data-offset]`, nothing
else); claims/static/claims/span_picker.js turns the selection into body offsets in code points, as
Python counts them. The browser only proposes: the span is checked on the server like any other.
"""

from django.utils.html import format_html

from claims.admin.forms import whole_number


def picked_article_id(request) -> int | None:
    """The article a new claim is being picked in (`?article=` from the article's page, or the posted form)."""
    return whole_number((request.POST if request.method == "POST" else request.GET).get("article", ""))



def span_picker_panel(passage, help_text: str, start_input: str = "id_start", end_input: str = "id_end",
                      link: str = ""):
    """`passage` with the picker's behaviour; the selection fills the inputs with those ids, or the
    link's href (its query's start and end) when `link` is given."""
    # Without a link, a selection fills the form's inputs; "Keep the stored span" undoes a stray one.
    reset = "" if link else format_html('<button type="button" class="button span-reset" hidden>{}</button>',
                                         "Keep the span as it was")
    return format_html(
        '<div class="span-picker" data-span-picker data-start-input="{}" data-end-input="{}">{}'
        '<p class="help span-picked" aria-live="polite">{}</p>{}{}</div>', start_input, end_input, passage, help_text,
        link, reset)
