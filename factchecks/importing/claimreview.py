"""schema.org ClaimReview, in every form it is published in, to `Review`s (pure Python, no database).

A document is one ClaimReview, a list of them, an `@graph`, or a `DataFeed` whose `dataFeedElement`
holds them (each element a ClaimReview, or a `DataFeedItem` wrapping one or more in `item`), as
Google's and Data Commons' feeds are. `reviews_in` walks a document and yields, for each item, its
position (`[3]`, `dataFeedElement[12].item[0]`) and a `Review` or the problem that keeps it out.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Iterator
from urllib.parse import urlsplit

from django.utils.dateparse import parse_date, parse_datetime

from claims.web_urls import web_url
from factchecks.models import KEY_MAX_LENGTH, LABEL_MAX_LENGTH, URL_MAX_LENGTH, site_of_host

CLAIMANT_MAX_LENGTH = 500
PUBLISHER_NAME_MAX_LENGTH = 200
SITE_MAX_LENGTH = 255

# Problems of one item: the item is skipped, the rest loads.
NOT_A_CLAIMREVIEW = "not a ClaimReview (@type {types})"
NO_URL = "no review URL (url)"
BAD_URL = "the review URL is not an http or https URL: {url!r}"
URL_TOO_LONG = f"the review URL is longer than {URL_MAX_LENGTH} characters"
NO_CLAIM = "no claimReviewed"
NOT_AN_OBJECT = "not a JSON object but {kind}"
NO_SITE = "no publisher site: neither a review URL nor an author URL"


class ItemProblem(ValueError):
    """Why one item is not imported (its message is shown after `path:position: `)."""


@dataclass(frozen=True, slots=True)
class Review:
    """One published fact-check as it is stored (`FactCheck`), its publisher by name and site."""

    key: str
    url: str
    publisher_name: str
    publisher_site: str
    claim_reviewed: str
    source: str
    title: str = ""
    claimant: str = ""
    claim_date: dt.datetime | None = None
    review_date: dt.datetime | None = None
    textual_rating: str = ""
    language: str = ""


_CLAIMREVIEW_TYPES = {"claimreview", "schema:claimreview", "http://schema.org/claimreview",
                      "https://schema.org/claimreview"}
_FEED_TYPES = {"datafeed", "schema:datafeed", "http://schema.org/datafeed", "https://schema.org/datafeed"}
_FEED_ITEM_TYPES = {"datafeeditem", "schema:datafeeditem", "http://schema.org/datafeeditem",
                    "https://schema.org/datafeeditem"}
_SPACES = re.compile(r"\s+")
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")  # NUL and lone surrogates: PostgreSQL and UTF-8 refuse them
_LANGUAGE = re.compile(r"^([A-Za-z]{2})(?:[-_][A-Za-z0-9]+)*$")


def _types(node: dict) -> set[str]:
    kind = node.get("@type", node.get("type"))
    kinds = kind if isinstance(kind, list) else [kind]
    return {k.strip().casefold() for k in kinds if isinstance(k, str)}


def _kind(value) -> str:
    return {list: "a list", str: "a string", int: "a number", float: "a number", bool: "a boolean",
            type(None): "null"}.get(type(value), type(value).__name__)


def reviews_in(node, position: str = "$", *, source: str = "claimreview",
               in_graph: bool = False) -> Iterator[tuple[str, Review | ItemProblem]]:
    """Every ClaimReview in a decoded JSON(-LD) document, each as (position, Review or problem).
    In an `@graph`, nodes of other types (a WebPage, an Organization) are passed over in silence."""
    if isinstance(node, list):
        for index, element in enumerate(node):
            yield from reviews_in(element, _at(position, f"[{index}]"), source=source, in_graph=in_graph)
        return
    if not isinstance(node, dict):
        if not in_graph:
            yield position, ItemProblem(NOT_AN_OBJECT.format(kind=_kind(node)))
        return
    types = _types(node)
    if types & _CLAIMREVIEW_TYPES:
        try:
            yield position, review_from_claimreview(node, source=source)
        except ItemProblem as problem:
            yield position, problem
        return
    if in_graph and not types & (_FEED_TYPES | _FEED_ITEM_TYPES) and "@graph" not in node:
        return  # another node of the graph
    found = False
    for key in ("@graph", "dataFeedElement", "item"):
        if key in node:
            found = True
            yield from reviews_in(node[key], _at(position, key), source=source, in_graph=key == "@graph")
    if not found:
        if types & _FEED_TYPES or in_graph:
            return  # an empty feed
        yield position, ItemProblem(NOT_A_CLAIMREVIEW.format(types=", ".join(sorted(types)) or "missing"))


def _at(position: str, step: str) -> str:
    if position == "$":
        return step
    return f"{position}{step}" if step.startswith("[") else f"{position}.{step}"


def _first(value):
    """schema.org lets most properties hold one value or a list: the first."""
    if isinstance(value, list):
        return next((v for v in value if v not in (None, "", [], {})), None)
    return value


def _text(value, max_length: int | None = None) -> str:
    """A property's text: a string, or an object's name (a Thing), spaces collapsed."""
    value = _first(value)
    if isinstance(value, dict):
        value = _first(value.get("name")) or _first(value.get("@value"))
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        return ""
    text = _SPACES.sub(" ", clean(value)).strip()
    return text[:max_length] if max_length else text


def clean(text: str) -> str:
    """`text` without what cannot be stored: NUL goes, a lone surrogate becomes U+FFFD."""
    return _UNSTORABLE.sub(lambda m: "" if m.group() == "\x00" else "\ufffd", text)


def moment(value) -> dt.datetime | None:
    """An ISO 8601 date or date-time as an aware datetime (a date is its midnight UTC; no offset is
    UTC); None when there is none or it cannot be read."""
    text = _text(value)
    if not text:
        return None
    try:
        moment_ = parse_datetime(text.replace(" ", "T", 1) if len(text) > 10 else text)
        if moment_ is None:
            day = parse_date(text[:10])
            if day is None:
                return None
            moment_ = dt.datetime(day.year, day.month, day.day)
    except (ValueError, OverflowError):
        return None
    if moment_.tzinfo is None:
        moment_ = moment_.replace(tzinfo=dt.timezone.utc)
    try:
        return moment_.astimezone(dt.timezone.utc)
    except (ValueError, OverflowError):
        return None


def language_code(value) -> str:
    """ISO 639-1 from inLanguage ("en", "en-US", a Language object with alternateName); "" otherwise."""
    value = _first(value)
    candidates = [value.get("alternateName"), value.get("identifier"), value.get("name")] if isinstance(value, dict) else [value]
    for candidate in candidates:
        match = _LANGUAGE.match(_text(candidate))
        if match:
            return match.group(1).lower()
    return ""


def review_url(raw: str) -> str:
    """The review URL as stored: normalised (claims.web_urls); ItemProblem when it is none."""
    try:
        url = web_url(raw)
    except ValueError:
        raise ItemProblem(BAD_URL.format(url=raw[:200])) from None
    if len(url) > URL_MAX_LENGTH:
        raise ItemProblem(URL_TOO_LONG)
    return url


def _site(url: str) -> str:
    try:
        return site_of_host(urlsplit(url).netloc)[:SITE_MAX_LENGTH]
    except ValueError:
        return ""


def review_from_claimreview(node: dict, *, source: str = "claimreview", page_url: str = "") -> Review:
    """One ClaimReview object as a Review; ItemProblem when it has no review URL or no claim.
    `page_url` stands in for a missing `url` (a page's own ClaimReview)."""
    raw_url = _text(node.get("url")) or _text(node.get("@id")) or page_url
    if not raw_url:
        raise ItemProblem(NO_URL)
    url = review_url(raw_url)
    claim = _text(node.get("claimReviewed"))
    item = _first(node.get("itemReviewed"))
    item = item if isinstance(item, dict) else {}
    if not claim:
        claim = _text(item.get("text")) or _text(item.get("name"))
    if not claim:
        raise ItemProblem(NO_CLAIM)
    author = _first(node.get("author")) or _first(node.get("publisher"))
    publisher_name = _text(author, PUBLISHER_NAME_MAX_LENGTH)
    site = _site(url)
    if not site:
        raise ItemProblem(NO_SITE)
    rating = _first(node.get("reviewRating"))
    textual = ""
    if isinstance(rating, dict):
        textual = _text(rating.get("alternateName")) or _text(rating.get("name"))
    elif isinstance(rating, str):
        textual = _text(rating)
    return Review(
        key=url[:KEY_MAX_LENGTH],
        url=url,
        publisher_name=publisher_name or site,
        publisher_site=site,
        claim_reviewed=claim,
        source=source,
        title=_text(node.get("headline")) or _text(node.get("name")),
        claimant=_text(item.get("author"), CLAIMANT_MAX_LENGTH),
        claim_date=moment(item.get("datePublished")) or moment(node.get("itemReviewed.datePublished")),
        review_date=moment(node.get("datePublished")),
        textual_rating=textual[:LABEL_MAX_LENGTH],
        language=language_code(node.get("inLanguage")),
    )
