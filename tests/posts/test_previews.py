"""Link previews: the card is read from real local HTTP servers, and the server never reaches its own network.

`fetch_preview` refuses every local address, so the positive cases go through `_fetch` with an address check that
lets 127.0.0.1 (and only it) through; everything else about the request path is the production one.
"""

import contextlib
import datetime as dt
import functools
import http.client
import ipaddress
import socket
import ssl
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from parvis.core import fetch as fetcher
from parvis.core.fetch import is_public_address
from parvis.posts import previews
from parvis.posts.models import LinkPreview
from parvis.posts.previews import PreviewError, fetch_preview
from parvis.posts.tasks import link_preview_fetch

SENTINEL = "/__sentinel__"
HEAD = (
    b"<!doctype html><html><head>"
    b'<meta property="og:title" content="  March&eacute; de   Beauvais ">'
    b'<meta property="og:description" content="Every Saturday,\n place des Halles.">'
    b'<meta property="og:site_name" content="Ville de Beauvais">'
    b'<meta property="og:image" content="/img/marche.jpg">'
    b"<title>Ignored when og:title exists</title></head><body>"
)


def only_127_0_0_1(ip) -> bool:
    return ip == ipaddress.IPv4Address("127.0.0.1")


# The test servers live on 127.0.0.1; this lets that one address through and nothing else (not 127.0.0.2).
fetch = functools.partial(previews._fetch, is_allowed_address=only_127_0_0_1)


class LocalServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, host: str, respond):
        self.respond = respond
        self.connections = 0
        self.requests: list[tuple[str, dict]] = []
        super().__init__((host, 0), _Handler)

    def verify_request(self, request, client_address) -> bool:
        # Runs in the accept loop, in accept order: counts connections, even those that never send a request.
        self.connections += 1
        return True

    @property
    def port(self) -> int:
        return self.server_address[1]

    def url(self, path: str = "/") -> str:
        return f"http://{self.server_address[0]}:{self.port}{path}"

    def connections_so_far(self) -> int:
        """Connections accepted before this call. A sentinel request is answered only after every connection that
        queued before it was accepted, so a connection from the code under test cannot be missed by a race."""
        sentinel = http.client.HTTPConnection(self.server_address[0], self.port, timeout=60)  # a hang guard only
        sentinel.request("GET", SENTINEL)
        sentinel.getresponse().read()
        sentinel.close()
        return self.connections - 1


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        if self.path == SENTINEL:
            self.send_response(204)
            self.end_headers()
            return
        self.server.requests.append((self.path, dict(self.headers)))
        # The client hangs up on purpose when it has read enough or waited too long.
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self.server.respond(self)

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def serve():
    servers = []

    def start(respond, host: str = "127.0.0.1") -> LocalServer:
        server = LocalServer(host, respond)
        threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


def reply(body: bytes = b"", *, status: int = 200, content_type: str | None = "text/html", headers=()):
    def respond(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(status)
        if content_type:
            handler.send_header("Content-Type", content_type)
        for name, value in headers:
            handler.send_header(name, value)
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body)

    return respond


def assert_refused_fast(url: str, reason: str, fetcher=fetch_preview) -> None:
    started = time.monotonic()
    with pytest.raises(PreviewError, match=reason):
        fetcher(url)
    assert time.monotonic() - started < 0.5


# --- The address rule -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",
        "127.8.9.10",
        "10.0.0.1",
        "172.16.5.4",
        "192.168.1.1",
        "169.254.169.254",
        "100.64.0.1",
        "100.127.255.254",
        "0.0.0.0",  # noqa: S104 - an address under test, nothing binds to it
        "255.255.255.255",
        "224.0.0.1",
        "240.0.0.1",
        "192.0.2.1",
        "198.18.0.1",
        "::",
        "::1",
        "fe80::1",
        "fec0::1",
        "fc00::1",
        "fd12:3456::1",
        "ff02::1",
        "::ffff:127.0.0.1",
        "::ffff:10.0.0.1",
        "::ffff:169.254.169.254",
        "::ffff:100.64.0.1",
        "64:ff9b::a00:1",
        "2002:a00:1::1",
        "2001::1",
        "2001:db8::1",
        "::10.0.0.1",
    ],
)
def test_local_and_special_addresses_are_refused(address):
    assert not is_public_address(ipaddress.ip_address(address))


@pytest.mark.parametrize(
    "address", ["93.184.216.34", "8.8.8.8", "2606:4700:4700::1111", "::ffff:8.8.8.8", "64:ff9b::808:808"]
)
def test_public_addresses_are_allowed(address):
    assert is_public_address(ipaddress.ip_address(address))


# --- Refusals of the public function, proved against a real server on 127.0.0.1 ---------------------------------


@pytest.mark.parametrize(
    "template",
    [
        "http://127.0.0.1:{port}/",
        "http://localhost:{port}/",
        "http://LocalHost.:{port}/",
        "http://0x7f000001:{port}/",
        "http://2130706433:{port}/",
        "http://0177.0.0.1:{port}/",
        "http://127.1:{port}/",
        "http://[::ffff:127.0.0.1]:{port}/",
        "http://[::1]:{port}/",
    ],
)
def test_loopback_server_gets_no_connection(serve, template):
    server = serve(reply(HEAD))
    assert_refused_fast(template.format(port=server.port), "address not allowed")
    assert server.connections_so_far() == 0
    assert server.requests == []


@pytest.mark.parametrize(
    "url",
    [
        "http://169.254.169.254/latest/meta-data/",
        "http://10.0.0.1/",
        "http://192.168.0.1:8080/admin",
        "http://100.64.0.1/",
        "http://0.0.0.0/",
        "https://[fd00::1]/",
        "http://[fe80::1]/",
        "http://[::ffff:a9fe:a9fe]/",
    ],
)
def test_private_addresses_are_refused_before_any_connection(url):
    assert_refused_fast(url, "address not allowed")


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("file:///etc/passwd", "scheme not allowed"),
        ("ftp://example.org/", "scheme not allowed"),
        ("gopher://example.org:70/", "scheme not allowed"),
        ("javascript:alert(1)", "scheme not allowed"),
        ("http://example.org:25/", "port not allowed"),
        ("http://example.org:6379x/", "invalid URL"),
        ("http://user:secret@example.org/", "credentials"),
        ("http:///nohost", "no host"),
        ("http://exa mple.org/", "invalid host name"),
    ],
)
def test_urls_refused_without_resolving(url, reason):
    assert_refused_fast(url, reason)


# --- The card, from servers the test allows -------------------------------------------------------------------


def test_reads_the_open_graph_card(serve):
    server = serve(reply(HEAD + b"<p>Hello</p></body></html>", content_type="text/html; charset=utf-8"))
    card = fetch(server.url("/agenda/marche"))
    assert card == {
        "title": "Marché de Beauvais",
        "description": "Every Saturday, place des Halles.",
        "site_name": "Ville de Beauvais",
        "image_url": f"http://127.0.0.1:{server.port}/img/marche.jpg",
    }


def test_falls_back_to_title_and_meta_description_and_drops_unsafe_images(serve):
    page = (
        b"<html><head><title>\n  La mairie\t</title>"
        b'<meta name="description" content="Horaires &amp; services">'
        b'<meta property="og:image" content="javascript:alert(1)">'
        b"</head><body><p>unclosed <div><span></html>"
    )
    card = fetch(serve(reply(page)).url())
    assert card == {"title": "La mairie", "description": "Horaires & services", "site_name": "", "image_url": ""}


def test_long_fields_are_truncated_and_control_characters_removed(serve):
    page = (
        b'<meta property="og:title" content="' + b"T" * 1000 + b'">'
        b'<meta property="og:description" content="' + b"d" * 2000 + b'">'
        b'<meta property="og:site_name" content="Site\x00 &#0; name' + b"s" * 500 + b'">'
    )
    card = fetch(serve(reply(page)).url())
    assert len(card["title"]) == 300 and card["title"].endswith("…")
    assert len(card["description"]) == 600
    assert len(card["site_name"]) == 200 and card["site_name"].startswith("Site")
    assert "\x00" not in card["site_name"]


def test_broken_html_gives_what_could_be_read(serve):
    page = b'<html><head><meta property="og:title" content="Still here"><title>x</ti<<<!-- <![CDATA[ <meta'
    assert fetch(serve(reply(page)).url())["title"] == "Still here"


def test_sends_the_name_in_host_and_a_plain_user_agent(serve):
    server = serve(reply(HEAD))
    fetch(f"http://localhost:{server.port}/Compiègne page?q=é")
    path, headers = server.requests[0]
    # The connection went to the verified 127.0.0.1, the request still names the host the author wrote.
    assert headers["Host"] == f"localhost:{server.port}"
    assert headers["User-Agent"] == "ParvisLinkPreview/1.0 (+https://parvis.example)"
    assert path == "/Compi%C3%A8gne%20page?q=%C3%A9"


@pytest.mark.parametrize(
    ("content_type", "body", "title"),
    [
        ("text/html; charset=ISO-8859-1", b"<title>Compi\xe8gne</title>", "Compiègne"),
        ("text/html", b'<meta charset="windows-1252"><title>Caf\xe9 \x80</title>', "Café €"),
        (
            "text/html",
            b'<meta http-equiv="Content-Type" content="text/html; charset=koi8-r"><title>\xf0\xc1\xd2\xc9\xd6</title>',
            "Париж",
        ),
        ("text/html", b"<title>Cr\xc3\xa9py \xff</title>", "Crépy \ufffd"),
        ("text/html; charset=rot13", b"<title>Noyon</title>", "Noyon"),
        ("text/html; charset=nonsense", b"<title>Senlis</title>", "Senlis"),
        ("text/html; charset=utf-8", b"\xef\xbb\xbf<title>Chantilly</title>", "Chantilly"),
        ("application/xhtml+xml", b"<title>Creil</title>", "Creil"),
    ],
)
def test_charsets(serve, content_type, body, title):
    assert fetch(serve(reply(body, content_type=content_type)).url())["title"] == title


@pytest.mark.parametrize("content_type", ["application/json", "image/png", "text/plain", "text/htmlx", None])
def test_only_html_is_parsed(serve, content_type):
    with pytest.raises(PreviewError, match="not HTML"):
        fetch(serve(reply(HEAD, content_type=content_type)).url())


def test_error_status_is_refused(serve):
    with pytest.raises(PreviewError, match="HTTP 404"):
        fetch(serve(reply(HEAD, status=404)).url())


def test_stops_reading_an_endless_page_at_one_megabyte(serve):
    sent = []

    def endless(handler):
        handler.send_response(200)
        handler.send_header("Content-Type", "text/html")
        handler.end_headers()
        handler.wfile.write(HEAD)
        for _ in range(1000):  # 64 MB if nobody hangs up
            handler.wfile.write(b"<p>" + b"x" * 65_536 + b"</p>")
            sent.append(1)

    started = time.monotonic()
    assert fetch(serve(endless).url())["title"] == "Marché de Beauvais"
    assert time.monotonic() - started < 2
    assert len(sent) < 200


def test_content_past_one_megabyte_is_never_read(serve):
    page = b"<html><head><!--" + b"-" * (1024 * 1024) + b"--><title>Too late</title></head></html>"
    assert fetch(serve(reply(page)).url())["title"] == ""


def redirects(count: int, final: bytes = HEAD):
    """/hop/N redirects to /hop/N-1 (a relative Location), /hop/0 is the page."""

    def respond(handler):
        remaining = int(handler.path.rsplit("/", 1)[1])
        if remaining:
            reply(status=302, content_type=None, headers=[("Location", f"/hop/{remaining - 1}")])(handler)
        else:
            reply(final)(handler)

    return respond


def test_follows_three_redirects(serve):
    server = serve(redirects(3))
    card = fetch(server.url("/hop/3"))
    assert card["title"] == "Marché de Beauvais"
    # The image is made absolute against the final URL, not the first one.
    assert card["image_url"] == server.url("/img/marche.jpg")
    assert [path for path, _ in server.requests] == ["/hop/3", "/hop/2", "/hop/1", "/hop/0"]


def test_refuses_a_fourth_redirect_without_following_it(serve):
    server = serve(redirects(4))
    with pytest.raises(PreviewError, match="more than 3 redirects"):
        fetch(server.url("/hop/4"))
    assert [path for path, _ in server.requests] == ["/hop/4", "/hop/3", "/hop/2", "/hop/1"]


def test_redirect_to_a_forbidden_address_is_refused_before_connecting(serve):
    # 127.0.0.2 is as local as 127.0.0.1 but the test's check does not let it through: it plays the internal host.
    inner = serve(reply(b"<title>secret</title>"), host="127.0.0.2")
    outer = serve(reply(status=301, content_type=None, headers=[("Location", inner.url("/admin"))]))
    with pytest.raises(PreviewError, match="address not allowed: 127.0.0.2"):
        fetch(outer.url())
    assert inner.connections_so_far() == 0
    assert len(outer.requests) == 1


@pytest.mark.parametrize("location", ["file:///etc/passwd", "http://localhost:22/", "http://[::1]/", ""])
def test_redirect_targets_are_checked_like_the_first_url(serve, location):
    server = serve(reply(status=302, content_type=None, headers=[("Location", location)] if location else []))
    with pytest.raises(PreviewError):
        fetch(server.url())


def test_redirect_from_a_loopback_name_is_never_fetched(serve):
    # The strict function refuses the first hop already, so no redirect can smuggle a request out of it either.
    server = serve(redirects(1))
    assert_refused_fast(f"http://localhost:{server.port}/hop/1", "address not allowed")
    assert server.connections_so_far() == 0


def test_limits_are_the_documented_ones():
    assert (fetcher.CONNECT_TIMEOUT, fetcher.READ_TIMEOUT, fetcher.MAX_BYTES) == (3, 5, 1024 * 1024)
    assert fetcher.MAX_REDIRECTS == 3


# --- Time limits --------------------------------------------------------------------------------------------------


def trickle_body(handler):
    handler.send_response(200)
    handler.send_header("Content-Type", "text/html")
    handler.end_headers()
    for _ in range(100):
        handler.wfile.write(b" ")
        handler.wfile.flush()
        time.sleep(0.05)


def trickle_headers(handler):
    handler.wfile.write(b"HTTP/1.0 200 OK\r\n")
    for number in range(100):
        handler.wfile.write(f"X-Slow-{number}: a\r\n".encode())
        handler.wfile.flush()
        time.sleep(0.05)


@pytest.mark.parametrize("respond", [trickle_body, trickle_headers])
def test_a_trickling_server_times_out_within_the_total_read_limit(serve, monkeypatch, respond):
    # Each byte arrives well within any per-read timeout: only the total deadline can stop this. Lowered from 5 s
    # to keep the suite fast; the mechanism is the same.
    monkeypatch.setattr(fetcher, "READ_TIMEOUT", 0.6)
    server = serve(respond)
    started = time.monotonic()
    with pytest.raises(PreviewError, match="timed out"):
        fetch(server.url())
    assert 0.5 < time.monotonic() - started < 1.5


# --- TLS: the certificate is checked against the name the author wrote ------------------------------------------


def self_signed_certificate(tmp_path, name: str):
    x509 = pytest.importorskip("cryptography.x509")
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = dt.datetime.now(dt.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName(name)]), critical=False)
        .sign(key, hashes.SHA256())
    )
    cert_file, key_file = tmp_path / "cert.pem", tmp_path / "key.pem"
    cert_file.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    return cert_file, key_file


def test_https_sends_the_name_as_sni_and_refuses_an_untrusted_certificate(tmp_path):
    cert_file, key_file = self_signed_certificate(tmp_path, "localhost")
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert_file, key_file)
    seen_names = []
    context.sni_callback = lambda _sock, name, _context: seen_names.append(name)
    listener = socket.create_server(("127.0.0.1", 0))
    port = listener.getsockname()[1]

    def handshake_once():
        connection, _ = listener.accept()
        connection.settimeout(2)
        try:
            context.wrap_socket(connection, server_side=True).close()
        except (ssl.SSLError, OSError):
            connection.close()

    thread = threading.Thread(target=handshake_once, daemon=True)
    thread.start()
    try:
        with pytest.raises(PreviewError, match="fetch failed: SSLCertVerificationError"):
            fetch(f"https://localhost:{port}/")
        thread.join(2)
    finally:
        listener.close()
    assert seen_names == ["localhost"]


# --- The task -----------------------------------------------------------------------------------------------------


def test_task_marks_a_loopback_preview_failed_without_contacting_it(db, serve):
    server = serve(reply(HEAD))
    preview = LinkPreview.objects.create(url=server.url("/"), url_hash="a" * 64)
    assert link_preview_fetch.call(preview_id=preview.pk) == "failed"
    preview.refresh_from_db()
    assert preview.state == LinkPreview.State.FAILED
    assert preview.error == "address not allowed: 127.0.0.1"
    assert preview.fetched_at is not None
    assert server.connections_so_far() == 0


def test_task_leaves_a_ready_preview_alone(db, serve):
    server = serve(reply(HEAD))
    preview = LinkPreview.objects.create(
        url=server.url("/"), url_hash="b" * 64, state=LinkPreview.State.READY, title="Déjà là"
    )
    assert link_preview_fetch.call(preview_id=preview.pk) == "skipped"
    assert link_preview_fetch.enqueue(preview_id=preview.pk).return_value == "skipped"
    preview.refresh_from_db()
    assert (preview.state, preview.title, preview.error) == (LinkPreview.State.READY, "Déjà là", "")
    assert server.connections_so_far() == 0


def test_task_runs_twice_harmlessly(db):
    preview = LinkPreview.objects.create(url="http://10.0.0.1/", url_hash="c" * 64)
    assert link_preview_fetch.call(preview_id=preview.pk) == "failed"
    assert link_preview_fetch.call(preview_id=preview.pk) == "skipped"
    assert link_preview_fetch.call(preview_id=preview.pk + 1000) == "skipped"


def test_a_post_linking_to_the_server_itself_gets_a_failed_preview(
    spaces, inhabitant, serve, django_capture_on_commit_callbacks
):
    from parvis.posts.services import post_create

    server = serve(reply(HEAD))
    with django_capture_on_commit_callbacks(execute=True):
        post = post_create(author=inhabitant, space=spaces["public"], body=f"Voir {server.url('/admin')} ce soir")
    post.link_preview.refresh_from_db()
    assert post.link_preview.state == LinkPreview.State.FAILED
    assert server.connections_so_far() == 0
