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


def client_port(request) -> int | None:
    """The client's source port, or None when unknown: French hosting law asks for it beside the address, since
    several subscribers of one operator share one IPv4 address (CGNAT) and only the port tells them apart.

    With no trusted proxy, the port of the connection (REMOTE_PORT, which gunicorn and uWSGI set). Behind trusted
    proxies that connection is the proxy's, so only the port the outermost proxy saw counts: it writes it in
    X-Real-Port (nginx: `proxy_set_header X-Real-Port $remote_port;`) and the proxies after it pass it on. A client's
    own X-Real-Port is overwritten by that proxy; without a trusted proxy the header is never read."""
    if getattr(settings, "PARVIS_TRUSTED_PROXIES", 0) > 0:
        return _port(request.META.get("HTTP_X_REAL_PORT", ""))
    return _port(request.META.get("REMOTE_PORT", ""))


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


def _port(value) -> int | None:
    value = str(value).strip()
    if not value.isdigit() or len(value) > 5:
        return None
    port = int(value)
    return port if 0 < port < 65536 else None
