"""Article text with claim spans marked, as escaped HTML for the admin.

Pure functions on strings: every piece of article text is escaped here, so a body containing
markup shows as text. The text is wrapped in `<span class="span-source" data-offset="N">`, N being
where it starts in the body, and nothing but body text is inside it: the span picker
(claims/static/claims/span_picker.js) turns a selection in it back into body offsets.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

# A sentence ends at . ! ? or … (with closing quotes or brackets) before white space, or at a blank line.
_SENTENCE_END = re.compile(r"[.!?…][\"'’”)\]]*\s+|\n\s*\n")
# How far either side of a claim to look for sentence ends; bodies can be megabytes long.
_CONTEXT_WINDOW = 3000


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    css_class: str = ""
    title: str = ""
    href: str = ""


def context_bounds(body: str, start: int, end: int, sentences: int = 2) -> tuple[int, int]:
    """Offsets of the passage from `sentences` sentences before the span to as many after it."""
    low, high = max(0, start - _CONTEXT_WINDOW), min(len(body), end + _CONTEXT_WINDOW)
    starts_before = [low] + [m.end() for m in _SENTENCE_END.finditer(body, low, start) if m.end() <= start]
    begin = starts_before[max(0, len(starts_before) - 1 - sentences)]
    stops = (m.start() + len(m.group().rstrip()) for m in _SENTENCE_END.finditer(body, start, high))
    ends_after = [stop for stop in stops if stop >= end]  # the first is the end of the claim's own sentence
    finish = ends_after[sentences] if len(ends_after) > sentences else high
    return begin, max(finish, end)


def render_in_context(body: str, start: int, end: int, sentences: int = 2, css_class: str = "") -> SafeString:
    """The span marked inside a few sentences of its article, with … where the passage is cut."""
    begin, finish = context_bounds(body, start, end, sentences)
    return format_html(
        '{}<span class="span-source" data-offset="{}">{}<mark class="claim-span {}">{}</mark>{}</span>{}',
        "… " if begin > 0 else "", begin, body[begin:start], css_class, body[start:end], body[end:finish],
        " …" if finish < len(body) else "",
    )


def render_highlighted(body: str, spans: Iterable[Span]) -> SafeString:
    """The whole body with every span marked; a span overlapping an earlier one is marked from where that ends."""
    parts, cursor = ['<span class="span-source" data-offset="0">'], 0
    for span in sorted(spans, key=lambda span: (span.start, -span.end)):
        begin = max(span.start, cursor)
        if begin >= span.end or begin >= len(body):
            continue
        parts.append(escape(body[cursor:begin]))
        text = body[begin:span.end]
        inner = format_html('<a href="{}">{}</a>', span.href, text) if span.href else escape(text)
        parts.append(format_html('<mark class="claim-span {}" title="{}">{}</mark>', span.css_class, span.title, inner))
        cursor = span.end
    parts.append(escape(body[cursor:]))
    parts.append("</span>")
    return mark_safe("".join(parts))  # noqa: S308 - every part above is escaped
