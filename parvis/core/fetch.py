"""Fetch a URL that a person chose, without ever letting the server reach its own network.

Someone else chooses the URL (a link in a post, a calendar to import), so every fetch is a request the server makes
on a stranger's behalf. The defence:

- only http and https, on any port but the Fetch Standard's "bad ports" (SMTP, SSH, IRC...): an HTTP request sent to
  such a port of a third party is a cross-protocol attack, while sites on :8080 or :8443 are legitimate;
- the host name is resolved here, every address it resolves to must be public, and the connection goes to one of
  those verified addresses (never to the name again, so a DNS answer that changes between check and connect cannot
  point us inward), with the original name in the Host header, the TLS SNI and the certificate check;
- redirects are followed by hand, at most three, each target checked exactly like the first URL;
- bounded time (connect 3 s per address, 5 s for everything after the connection) and memory (1 MB of body).

Only the standard library is used: the whole request path stays readable in this file. Every feature that fetches
a URL a user chose goes through `fetch_url` (link previews in posts, the agenda's calendar import): one defence.
"""

import contextlib
import http.client
import ipaddress
import re
import socket
import ssl
import threading
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import quote, urljoin, urlsplit

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

USER_AGENT = "Parvis/1.0 (+https://parvis.example)"
CONNECT_TIMEOUT = 3.0
# Everything after the TCP connection (TLS handshake, headers, body) shares this budget, so a server trickling one
# byte a second cannot hold a worker for long.
READ_TIMEOUT = 5.0
MAX_BYTES = 1024 * 1024
MAX_REDIRECTS = 3
# A name resolving to many addresses must not multiply the connect timeout.
MAX_CONNECT_ATTEMPTS = 2
HTML_TYPES = {"text/html", "application/xhtml+xml"}
REDIRECT_STATUSES = {301, 302, 303, 307, 308}

# https://fetch.spec.whatwg.org/#bad-port: the ports browsers refuse for the same cross-protocol reason.
BAD_PORTS = frozenset(
    {0, 1, 7, 9, 11, 13, 15, 17, 19, 20, 21, 22, 23, 25, 37, 42, 43, 53, 69, 77, 79, 87, 95, 101, 102, 103, 104}
    | {109, 110, 111, 113, 115, 117, 119, 123, 135, 137, 139, 143, 161, 179, 389, 427, 465, 512, 513, 514, 515}
    | {526, 530, 531, 532, 540, 548, 554, 556, 563, 587, 601, 636, 989, 990, 993, 995, 1719, 1720, 1723, 2049}
    | {3659, 4045, 4190, 5060, 5061, 6000, 6566, 6665, 6666, 6667, 6668, 6669, 6679, 6697, 10080}
)

# Networks the `ipaddress` properties do not all cover on every Python 3.11 patch release, checked explicitly.
CARRIER_GRADE_NAT = ipaddress.ip_network("100.64.0.0/10")
UNIQUE_LOCAL = ipaddress.ip_network("fc00::/7")
SITE_LOCAL = ipaddress.ip_network("fec0::/10")
NAT64 = ipaddress.ip_network("64:ff9b::/96")


class FetchError(Exception):
    """The URL was refused or could not be fetched; the message is the reason, kept for the operator's logs."""


@dataclass(frozen=True)
class Fetched:
    url: str  # after redirects
    content_type: str
    body: bytes


def fetch_url(
    url: str,
    *,
    max_bytes: int | None = None,
    accept_types: frozenset[str] | set[str] | None = None,
    accept: str = "text/html,application/xhtml+xml;q=0.9",
    cut_at_limit: bool = True,
    user_agent: str | None = None,
    is_allowed_address: Callable[[IPAddress], bool] | None = None,
    headers: dict[str, str] | None = None,
) -> Fetched:
    """GET a URL someone else chose, with every check above, or raise FetchError.

    `accept_types` are the media types taken (HTML by default; None for any); a longer body than `max_bytes` is
    cut (`cut_at_limit`, right for a page whose <head> is all we need) or refused (right for a file that must be
    whole). `is_allowed_address` is for tests only, which need a local server to pass the check."""
    allowed = is_allowed_address or is_public_address
    options = {
        "extra_headers": headers,
        "max_bytes": MAX_BYTES if max_bytes is None else max_bytes,
        "accept_types": HTML_TYPES if accept_types is None and accept.startswith("text/html") else accept_types,
        "accept": accept,
        "cut_at_limit": cut_at_limit,
        "user_agent": user_agent or USER_AGENT,
    }
    for _hop in range(MAX_REDIRECTS + 1):
        target = _Target.parse(url)
        addresses = _resolve(target, allowed)
        status, location, content_type, body = _request(target, addresses, **options)
        if status in REDIRECT_STATUSES:
            if not location:
                raise FetchError(f"redirect without a Location (HTTP {status})")
            url = urljoin(url, location.strip())
            continue
        if status != 200:
            raise FetchError(f"HTTP {status}")
        return Fetched(url=url, content_type=content_type, body=body)
    raise FetchError(f"more than {MAX_REDIRECTS} redirects")


def post_url(
    url: str,
    *,
    body: bytes,
    headers: dict[str, str],
    is_allowed_address: Callable[[IPAddress], bool] | None = None,
) -> int:
    """POST `body` to a URL someone else chose (a remote inbox), with the same checks as `fetch_url`, following no
    redirect; returns the HTTP status (the answer's body is read up to 64 KB and dropped)."""
    target = _Target.parse(url)
    addresses = _resolve(target, is_allowed_address or is_public_address)
    status, _location, _type, _body = _request(
        target,
        addresses,
        max_bytes=64 * 1024,
        accept_types=None,
        accept="application/activity+json, application/ld+json, */*;q=0.1",
        cut_at_limit=True,
        user_agent=USER_AGENT,
        method="POST",
        body=body,
        extra_headers=headers,
    )
    return status


def check_url(url: str) -> None:
    """Raise FetchError when `url` would be refused whatever the network says (scheme, port, credentials, host),
    so that a form can say so at once rather than at the first fetch."""
    _Target.parse(url)


def is_public_address(ip: IPAddress) -> bool:
    """True when `ip` is on the public internet: not ours, not our neighbours', not special-purpose."""
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.scope_id or ip.teredo:
            return False
        # An IPv6 address that carries an IPv4 one reaches that IPv4 address: judge the carried address.
        embedded = ip.ipv4_mapped or ip.sixtofour
        if embedded is None and ip in NAT64:
            embedded = ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
        if embedded is not None:
            return is_public_address(embedded)
        if ip in UNIQUE_LOCAL or ip in SITE_LOCAL or ip.is_site_local:
            return False
    elif ip in CARRIER_GRADE_NAT:
        return False
    return ip.is_global and not (
        ip.is_private or ip.is_loopback or ip.is_link_local or ip.is_multicast or ip.is_reserved or ip.is_unspecified
    )


@dataclass(frozen=True)
class _Target:
    """One URL taken apart into what the connection needs; `parse` refuses what cannot be fetched safely."""

    scheme: str
    host: str
    port: int
    literal: IPAddress | None
    request_target: str

    @classmethod
    def parse(cls, url: str) -> "_Target":
        try:
            parts = urlsplit(url.strip())
            port = parts.port
        except ValueError as error:
            raise FetchError(f"invalid URL: {error}") from error
        scheme = parts.scheme.lower()
        if scheme not in {"http", "https"}:
            raise FetchError(f"scheme not allowed: {scheme or 'none'}")
        if parts.username is not None or parts.password is not None:
            raise FetchError("credentials in URL")
        host = (parts.hostname or "").rstrip(".")
        if not host:
            raise FetchError("no host")
        port = port if port is not None else (443 if scheme == "https" else 80)
        if port in BAD_PORTS:
            raise FetchError(f"port not allowed: {port}")
        literal = _ip_literal(host)
        if literal is None:
            try:
                host = host.encode("idna").decode("ascii")
            except UnicodeError as error:
                raise FetchError("invalid host name") from error
            if not re.fullmatch(r"[a-z0-9._-]+", host):
                raise FetchError("invalid host name")
        # Percent-encode what http.client would refuse (spaces, accents), keep existing escapes as they are.
        path = quote(parts.path or "/", safe="/%:@!$&'()*+,;=~")
        query = quote(parts.query, safe="/%:@!$&'()*+,;=~?")
        return cls(
            scheme=scheme, host=host, port=port, literal=literal, request_target=path + (f"?{query}" if query else "")
        )

    @property
    def host_header(self) -> str:
        host = f"[{self.host}]" if self.literal is not None and self.literal.version == 6 else self.host
        default = 443 if self.scheme == "https" else 80
        return host if self.port == default else f"{host}:{self.port}"


def _ip_literal(host: str) -> IPAddress | None:
    """The address a numeric host stands for, including the legacy forms (0x7f000001, 2130706433, 0177.1) that
    the C library accepts: they are judged as the address the system would connect to, without asking DNS."""
    try:
        return ipaddress.ip_address(host)
    except ValueError:
        pass
    if re.fullmatch(r"[0-9a-fx.]+", host):
        try:
            return ipaddress.IPv4Address(socket.inet_aton(host))
        except OSError:
            return None
    return None


def _resolve(target: _Target, allowed: Callable[[IPAddress], bool]) -> list[tuple]:
    """Socket addresses to connect to, all verified. One forbidden address refuses the name: a name that mixes
    public and private addresses is exactly what a rebinding attack looks like."""
    if target.literal is not None:
        infos = [(_family(target.literal), (str(target.literal), target.port))]
    else:
        try:
            found = socket.getaddrinfo(target.host, target.port, type=socket.SOCK_STREAM, proto=socket.IPPROTO_TCP)
        except (OSError, UnicodeError) as error:
            raise FetchError(f"cannot resolve {target.host}") from error
        infos = [(family, sockaddr) for family, _type, _proto, _name, sockaddr in found]
    if not infos:
        raise FetchError(f"cannot resolve {target.host}")
    for _, sockaddr in infos:
        try:
            ip = ipaddress.ip_address(sockaddr[0])
        except ValueError as error:
            raise FetchError(f"unexpected address for {target.host}") from error
        if not allowed(ip):
            raise FetchError(f"address not allowed: {ip}")
    return infos


def _family(ip: IPAddress) -> int:
    return socket.AF_INET6 if ip.version == 6 else socket.AF_INET


def _connect(addresses: list[tuple]) -> socket.socket:
    last_error: OSError | None = None
    for family, sockaddr in addresses[:MAX_CONNECT_ATTEMPTS]:
        sock = socket.socket(family, socket.SOCK_STREAM)
        sock.settimeout(CONNECT_TIMEOUT)
        try:
            sock.connect(sockaddr)
        except OSError as error:
            sock.close()
            last_error = error
            continue
        return sock
    raise FetchError(f"cannot connect: {last_error}")


def _request(
    target: _Target,
    addresses: list[tuple],
    *,
    max_bytes: int,
    accept_types: frozenset[str] | set[str] | None,
    accept: str,
    cut_at_limit: bool,
    user_agent: str,
    method: str = "GET",
    body: bytes | None = None,
    extra_headers: dict[str, str] | None = None,
) -> tuple[int, str, str, bytes]:
    """One request (a GET unless told) on a verified address. Returns (status, Location, Content-Type, body of at
    most `max_bytes`)."""
    sock = _connect(addresses)
    timed_out = threading.Event()

    def cut() -> None:
        # Shutting the descriptor down wakes a read blocked anywhere in http.client or ssl; the base-class call
        # works on TLS sockets too, without touching their state from this thread.
        timed_out.set()
        with contextlib.suppress(OSError):
            socket.socket.shutdown(sock, socket.SHUT_RDWR)

    watchdog = threading.Timer(READ_TIMEOUT, cut)
    watchdog.daemon = True
    watchdog.start()
    try:
        sock.settimeout(READ_TIMEOUT)
        if target.scheme == "https":
            context = ssl.create_default_context()
            sock = context.wrap_socket(sock, server_hostname=target.host)
        # The connection already exists: http.client only writes the request and parses the answer on it.
        connection = http.client.HTTPConnection(target.host, target.port, timeout=READ_TIMEOUT)
        connection.sock = sock
        connection.request(
            method,
            target.request_target,
            body=body,
            headers={
                "Host": target.host_header,
                "User-Agent": user_agent,
                "Accept": accept,
                "Accept-Encoding": "identity",
                "Connection": "close",
                **(extra_headers or {}),
            },
        )
        response = connection.getresponse()
        # A cut in the middle of the headers reads as their end to http.client: never judge a truncated answer.
        if timed_out.is_set():
            raise FetchError("timed out")
        status = response.status
        location = response.getheader("Location", "") or ""
        content_type = response.getheader("Content-Type", "") or ""
        body = b""
        if status == 200 and method == "GET":
            encoding = (response.getheader("Content-Encoding", "") or "identity").strip().lower()
            if encoding != "identity":
                raise FetchError(f"content encoding not supported: {encoding[:40]}")
            if accept_types is not None and _media_type(content_type) not in accept_types:
                wanted = "HTML" if accept_types == HTML_TYPES else "an accepted type"
                raise FetchError(f"not {wanted}: {_media_type(content_type)[:60] or 'no content type'}")
            if not cut_at_limit:
                length = response.getheader("Content-Length", "") or ""
                if length.strip().isdigit() and int(length) > max_bytes:
                    raise FetchError(f"too large: more than {max_bytes} bytes")
            body = _read_capped(response, max_bytes + (0 if cut_at_limit else 1))
            if not cut_at_limit and len(body) > max_bytes:
                raise FetchError(f"too large: more than {max_bytes} bytes")
        if timed_out.is_set():
            raise FetchError("timed out")
        return status, location, content_type, body
    except FetchError:
        raise
    except (OSError, http.client.HTTPException, ValueError) as error:
        if timed_out.is_set():
            raise FetchError("timed out") from error
        raise FetchError(f"fetch failed: {type(error).__name__}") from error
    finally:
        watchdog.cancel()
        sock.close()


def _read_capped(response: http.client.HTTPResponse, limit: int) -> bytes:
    """Read until the end of the body or `limit` bytes, whichever comes first: Open Graph tags live in the <head>,
    so a longer page is cut, not refused (callers that need a whole file read one byte more and refuse)."""
    body = bytearray()
    while len(body) < limit:
        chunk = response.read1(min(64 * 1024, limit - len(body)))
        if not chunk:
            break
        body += chunk
    return bytes(body)


def _media_type(content_type: str) -> str:
    return content_type.split(";", 1)[0].strip().lower()
