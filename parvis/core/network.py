"""The address a request comes from, as far as it can be trusted.

Behind reverse proxies every connection comes from the proxy: limits counted per REMOTE_ADDR would then put every
visitor in one bucket and lock everyone out together. Each proxy appends the address it received the request from
to X-Forwarded-For, so with N trusted proxies the client is the N-th entry from the right; anything further left was
written by the client and is never read. With no trusted proxy (the default) the header is ignored entirely.
"""

import ipaddress

from django.conf import settings


def client_ip(request) -> str:
    """The client's address (normalised), or "" when none is known. Every rate limit and log that needs an address
    reads it here; allauth's limits too (`AccountAdapter.get_client_ip`)."""
    remote = _valid(request.META.get("REMOTE_ADDR", ""))
    trusted = getattr(settings, "PARVIS_TRUSTED_PROXIES", 0)
    if trusted <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if not forwarded:
        return remote
    # Fewer entries than proxies: a proxy of the chain added none; the leftmost is still one a proxy wrote.
    candidate = forwarded[-trusted] if len(forwarded) >= trusted else forwarded[0]
    return _valid(candidate) or remote


def address_key(ip: str) -> str:
    """The unit an address limit counts: the address itself for IPv4, its /64 network for IPv6 (one home or phone
    holds a whole /64 and could otherwise walk through it)."""
    try:
        address = ipaddress.ip_address(ip)
    except ValueError:
        return ip
    if address.version == 6:
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    return str(address)


def _valid(value: str) -> str:
    value = value.strip()
    if value.startswith("[") and "]" in value:  # "[2001:db8::1]:443"
        value = value[1 : value.index("]")]
    elif value.count(":") == 1:  # "192.0.2.1:51234"
        value = value.split(":")[0]
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return ""
