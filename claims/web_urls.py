"""Web addresses as ClaimTracker stores them (an article's URL, an evidence link): http or https,
as Django's URLValidator accepts them, and written as valid URIs (RFC 3986), so that what the API
gives back is what its schema promises (`format: uri`)."""

import re
from urllib.parse import quote, urlsplit, urlunsplit

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

# RFC 3986: what may stand unencoded in a path, and in a query or fragment. "%" stays, so that
# existing escapes are kept; a "%" that starts no escape is encoded below.
_SUB_DELIMS = "!$&'()*+,;="
_PATH_SAFE = _SUB_DELIMS + ":@/%"
_QUERY_SAFE = _PATH_SAFE + "?"
_USERINFO_SAFE = _SUB_DELIMS + ":%"
_STRAY_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")
_ESCAPE = re.compile(r"%[0-9A-Fa-f]{2}")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_HTTP_URL = URLValidator(schemes=["http", "https"])

# The URLs `web_url` takes, as a pattern for the API's schema: the part of what URLValidator accepts
# that names its host by name (no IP addresses) in at most five labels of at most 42 characters, so
# at most 253 characters in all, as URLValidator wants (a test holds the pattern inside `web_url`).
# No lookahead: a pattern generators can draw from directly.
WEB_URL_PATTERN = ("^[Hh][Tt][Tt][Pp][Ss]?://"
                   "(localhost|([A-Za-z0-9]([A-Za-z0-9-]{0,40}[A-Za-z0-9])?\\.){1,4}[A-Za-z]{2,24})"
                   "(:[0-9]{1,5})?([/?#][^\\s\\x00-\\x1f\\x7f]*)?$")


def _encoded(text: str, safe: str) -> str:
    return quote(_STRAY_PERCENT.sub("%25", text), safe=safe)


def url_normalised(url: str) -> str:
    """`url` as a valid URI: what RFC 3986 does not allow unencoded is percent-encoded (UTF-8), an
    international host name goes to its IDNA form; existing escapes and reserved characters stay.

    Raises ValueError for what cannot be split into a URL's parts, or holds control characters.
    """
    if _CONTROL.search(url):
        raise ValueError("control character in a URL")
    parts = urlsplit(url)
    userinfo, at, hostport = parts.netloc.rpartition("@")
    if not hostport.isascii():
        host, colon, port = hostport.partition(":")
        try:
            host = host.encode("idna").decode("ascii")
        except UnicodeError as error:
            raise ValueError("not a host name") from error
        hostport = f"{host}{colon}{port}"
    return urlunsplit((parts.scheme, _encoded(userinfo, _USERINFO_SAFE) + at + hostport,
                       _encoded(parts.path, _PATH_SAFE), _encoded(parts.query, _QUERY_SAFE),
                       _encoded(parts.fragment, _QUERY_SAFE)))


def web_url(raw: str) -> str:
    """The URL to store for `raw`; ValueError when it is no http or https URL."""
    try:
        url = url_normalised(raw)
        _HTTP_URL(url)
    except ValidationError:
        raise ValueError("not an http or https URL") from None
    return url


def same_url_key(url: str) -> str:
    """What two normalised URLs share when they name the same resource: scheme and host are
    case-insensitive, so are the hex digits of escapes, and an empty path is "/"."""
    parts = urlsplit(url)
    userinfo, at, hostport = parts.netloc.rpartition("@")
    key = urlunsplit((parts.scheme.lower(), userinfo + at + hostport.lower(), parts.path or "/",
                      parts.query, parts.fragment))
    return _ESCAPE.sub(lambda escape: escape.group().upper(), key)
