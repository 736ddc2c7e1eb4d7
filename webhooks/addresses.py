"""Which endpoint URLs ClaimTracker may POST to.

http or https only, no credentials in the URL. Unless CLAIMTRACKER_WEBHOOKS_ALLOW_PRIVATE is on
(tests, the demo), a host must resolve to public addresses only: no loopback, private, link-local
(cloud metadata at 169.254.169.254), shared or reserved ranges (server-side request forgery). The
check runs when an endpoint is saved and again at each send, on the very address connected to.
"""

from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

URL_MAX_LENGTH = 2000


class UrlMessage:
    SCHEME = "Enter an http or https URL."
    CREDENTIALS = "A webhook URL cannot carry a user name or password."
    UNRESOLVED = "The host name {host} does not resolve."
    PRIVATE = "{host} is a loopback, private or reserved address, which webhooks may not be sent to."


class AddressRefused(Exception):
    """A host that resolves to nothing, or to an address webhooks may not reach."""


class HostUnresolved(AddressRefused):
    """No address for the name now (which may change: a send is retried)."""


class PrivateAddress(AddressRefused):
    """An address webhooks may not reach."""


_url_validator = URLValidator(schemes=["http", "https"], message=UrlMessage.SCHEME)


def _allow_private() -> bool:
    return settings.CLAIMTRACKER_WEBHOOKS_ALLOW_PRIVATE


def is_public(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def resolve(host: str, port: int) -> list[str]:
    """The addresses to connect to, each allowed; AddressRefused when none is or one is not."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as error:
        raise HostUnresolved(UrlMessage.UNRESOLVED.format(host=host)) from error
    addresses = list(dict.fromkeys(info[4][0] for info in infos))
    if not addresses:
        raise HostUnresolved(UrlMessage.UNRESOLVED.format(host=host))
    # Every address must pass: a name with one public and one private address is refused.
    if not _allow_private() and not all(is_public(address) for address in addresses):
        raise PrivateAddress(UrlMessage.PRIVATE.format(host=host))
    return addresses


def validate_endpoint_url(url: str) -> None:
    if len(url) > URL_MAX_LENGTH or not url.lower().startswith(("http://", "https://")):
        raise ValidationError(UrlMessage.SCHEME, code="scheme")
    _url_validator(url)
    parts = urlsplit(url)
    if parts.username is not None or parts.password is not None:
        raise ValidationError(UrlMessage.CREDENTIALS, code="credentials")
    if _allow_private():
        return
    try:
        resolve(parts.hostname, parts.port or (443 if parts.scheme.lower() == "https" else 80))
    except AddressRefused as refused:
        raise ValidationError(str(refused), code="address") from refused
