"""ClaimReview embedded in HTML pages (JSON-LD scripts and microdata), read with extruct."""

from __future__ import annotations

from typing import Iterator

import extruct
from lxml import html as lxml_html

from factchecks.importing.claimreview import ItemProblem, Review, _CLAIMREVIEW_TYPES, _types, review_from_claimreview, reviews_in

NO_MARKUP = "no ClaimReview markup (JSON-LD or microdata) in the page"
NOT_HTML = "cannot read the page: {error}"


def _canonical(text: str) -> str:
    """The page's own address (link rel=canonical, or og:url), for a ClaimReview without `url`."""
    try:
        tree = lxml_html.fromstring(text)
    except (ValueError, lxml_html.etree.ParserError):
        return ""
    for found in (tree.xpath('//link[@rel="canonical"]/@href'), tree.xpath('//meta[@property="og:url"]/@content')):
        if found:
            return str(found[0]).strip()
    return ""


def html_reviews(text: str, *, base_url: str = "", source: str = "claimreview") -> Iterator[tuple[str, Review | ItemProblem]]:
    """(position, Review or problem) of each ClaimReview in the page: `json-ld[0]`, `microdata[1]`."""
    page_url = base_url or _canonical(text)
    try:
        data = extruct.extract(text, base_url=page_url or None, syntaxes=["json-ld", "microdata"], uniform=True,
                               errors="ignore")
    except Exception as error:  # extruct raises whatever its parsers raise
        yield "$", ItemProblem(NOT_HTML.format(error=error))
        return
    found = False
    for syntax in ("json-ld", "microdata"):
        for index, node in enumerate(data.get(syntax) or []):
            position = f"{syntax}[{index}]"
            if isinstance(node, dict) and _types(node) & _CLAIMREVIEW_TYPES:
                found = True
                try:
                    yield position, review_from_claimreview(node, source=source, page_url=page_url)
                except ItemProblem as problem:
                    yield position, problem
            elif isinstance(node, (dict, list)) and _holds_reviews(node):
                found = True
                yield from ((f"{position}.{p}" if p != "$" else position, r)
                            for p, r in reviews_in(node, source=source))
    if not found:
        yield "$", ItemProblem(NO_MARKUP)


def _holds_reviews(node) -> bool:
    """A graph or feed with a ClaimReview in it (a page's other markup, such as its Organization, is not reported)."""
    if isinstance(node, list):
        return any(_holds_reviews(n) for n in node)
    if isinstance(node, dict):
        if _types(node) & _CLAIMREVIEW_TYPES:
            return True
        return any(_holds_reviews(node[k]) for k in ("@graph", "dataFeedElement", "item") if k in node)
    return False
