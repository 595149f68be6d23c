"""The load balancer of the scaled profile: a small reverse proxy, round robin over the web processes.

It does what a load balancer in front of Parvis does and PARVIS_TRUSTED_PROXIES=1 expects: it appends the address
it received the connection from to X-Forwarded-For (what the client wrote there is kept on the left, and never
trusted), and writes that connection's source port in X-Real-Port, overwriting the client's. Each answer says which
web process gave it (X-Scaled-Backend), and `answered` counts them, so that the checks can see both at work.
"""

import http.client
import itertools
import threading
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

# Headers of one connection, not of the request (RFC 9110, 7.6.1): never passed on.
HOP_BY_HOP = frozenset(
    {"connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "te", "trailer", "transfer-encoding"}
    | {"upgrade", "proxy-connection"}
)
# A request that hangs is a failure of the profile, not something to wait for.
BACKEND_TIMEOUT = 300


class RoundRobinProxy(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, backends: list[tuple[str, int]]):
        super().__init__(("127.0.0.1", 0), ProxyHandler)
        self.backends = backends
        self._next = itertools.cycle(range(len(backends)))
        self._lock = threading.Lock()
        self.answered: Counter[int] = Counter()
        self.refused: Counter[int] = Counter()
        self.thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def choose(self) -> int:
        with self._lock:
            return next(self._next)

    def start(self) -> "RoundRobinProxy":
        self.thread = threading.Thread(target=self.serve_forever, name="scaled-proxy", daemon=True)
        self.thread.start()
        return self

    def stop(self) -> None:
        self.shutdown()
        self.server_close()


class ProxyHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: RoundRobinProxy

    def log_message(self, format, *args):  # noqa: A002 - the signature of BaseHTTPRequestHandler
        pass  # gunicorn's access log is enough

    def _forward(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else None
        client_host, client_port = self.client_address[:2]
        headers = [(name, value) for name, value in self.headers.items() if name.lower() not in HOP_BY_HOP]
        headers = [(name, value) for name, value in headers if name.lower() not in {"x-forwarded-for", "x-real-port"}]
        earlier = ", ".join(self.headers.get_all("X-Forwarded-For") or [])
        headers.append(("X-Forwarded-For", f"{earlier}, {client_host}" if earlier else client_host))
        headers.append(("X-Real-Port", str(client_port)))
        headers.append(("X-Forwarded-Proto", "http"))
        # A web process that refuses the connection never saw the request: the next one gets it, as a load balancer
        # does (nginx's proxy_next_upstream error). Any failure after the request was sent is a 502, never a retry.
        for _attempt in self.server.backends:
            index = self.server.choose()
            host, port = self.server.backends[index]
            backend = http.client.HTTPConnection(host, port, timeout=BACKEND_TIMEOUT)
            try:
                backend.connect()
            except ConnectionRefusedError:
                self.server.refused[index] += 1
                backend.close()
                continue
            try:
                answer, content = self._exchange(backend, headers, body)
            except OSError as error:
                self.send_error(502, f"web process {index + 1}: {type(error).__name__}")
                return
            finally:
                backend.close()
            break
        else:
            self.send_error(502, "no web process accepts connections")
            return
        self.server.answered[index] += 1
        self.send_response_only(answer.status, answer.reason)
        for name, value in answer.getheaders():
            if name.lower() not in HOP_BY_HOP and name.lower() != "content-length":
                self.send_header(name, value)
        # A HEAD's answer has no body but says the length the GET's would have.
        head = self.command == "HEAD"
        self.send_header("Content-Length", (answer.getheader("Content-Length") or "0") if head else str(len(content)))
        self.send_header("X-Scaled-Backend", str(index + 1))
        self.end_headers()
        if not head:
            self.wfile.write(content)

    def _exchange(self, backend: http.client.HTTPConnection, headers: list[tuple[str, str]], body: bytes | None):
        backend.putrequest(self.command, self.path, skip_host=True, skip_accept_encoding=True)
        for name, value in headers:
            backend.putheader(name, value)
        if body is not None and not any(name.lower() == "content-length" for name, _ in headers):
            backend.putheader("Content-Length", str(len(body)))
        backend.endheaders(body)
        answer = backend.getresponse()
        return answer, answer.read()

    do_GET = do_POST = do_HEAD = do_PUT = do_PATCH = do_DELETE = do_OPTIONS = _forward
