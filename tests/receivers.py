"""Real HTTP callback receivers on loopback, for push tests and the push benchmark.

A ``Receiver`` is a threaded ``http.server`` on 127.0.0.1 with an ephemeral port that
records every request. It answers WebSub verification GETs by echoing ``hub.challenge``
(unless told not to; ``fail_gets`` 503s first) and POSTs with the status its ``plan``
gives: ``fail_first`` 500s, then ``status``; ``delay`` seconds before each answer make a
slow endpoint. It listens on
``address`` (any loopback address), over TLS when given a server context, and names
itself ``name`` in its URL.
"""

from __future__ import annotations

import ssl
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit


@dataclass(frozen=True)
class Received:
    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    body: bytes
    status: int
    """What the receiver answered."""
    at: float


@dataclass
class Receiver:
    fail_first: int = 0
    status: int = 200
    delay: float = 0.0
    echo_challenge: bool = True
    fail_gets: int = 0
    requests: list[Received] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    server: ThreadingHTTPServer | None = None
    name: str = "127.0.0.1"
    tls: ssl.SSLContext | None = None
    server_names: list[str | None] = field(default_factory=list)
    """The SNI of each TLS handshake."""

    @property
    def port(self) -> int:
        assert self.server is not None
        return int(self.server.server_address[1])

    @property
    def url(self) -> str:
        return f"{'https' if self.tls else 'http'}://{self.name}:{self.port}/hook"

    def posts(self, ok_only: bool = False) -> list[Received]:
        with self.lock:
            return [r for r in self.requests if r.method == "POST"
                    and (not ok_only or 200 <= r.status < 300)]

    def gets(self) -> list[Received]:
        with self.lock:
            return [r for r in self.requests if r.method == "GET"]

    def wait(self, done: Callable[[Receiver], bool], timeout: float = 20.0) -> None:
        deadline = time.monotonic() + timeout
        while not done(self):
            if time.monotonic() > deadline:
                raise AssertionError(f"receiver waited {timeout}s; got {len(self.requests)} "
                                     "requests")
            time.sleep(0.02)

    def answer(self, method: str, query: dict[str, str]) -> tuple[int, bytes]:
        if method == "GET":
            with self.lock:
                got = sum(r.method == "GET" for r in self.requests)
            if got < self.fail_gets:
                return 503, b"down for a moment"
            challenge = query.get("hub.challenge")
            if challenge is not None and self.echo_challenge:
                return 200, challenge.encode()
            return (200, b"") if query.get("hub.mode") == "denied" else (404, b"no")
        with self.lock:
            posted = sum(r.method == "POST" for r in self.requests)
        return (500, b"failing on purpose") if posted < self.fail_first else (self.status, b"ok")


def _handler(receiver: Receiver) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def _handle(self) -> None:
            parts = urlsplit(self.path)
            query = {k: v[0] for k, v in parse_qs(parts.query).items()}
            length = int(self.headers.get("content-length") or 0)
            body = self.rfile.read(length) if length else b""
            if receiver.delay:
                time.sleep(receiver.delay)
            status, reply = receiver.answer(self.command, query)
            with receiver.lock:
                receiver.requests.append(Received(
                    self.command, parts.path, query,
                    {k.lower(): v for k, v in self.headers.items()}, body, status,
                    time.monotonic()))
            self.send_response(status)
            if status in (301, 302, 307, 308):
                self.send_header("location", f"http://127.0.0.1:{self.server.server_address[1]}"
                                             "/elsewhere")
            self.send_header("content-length", str(len(reply)))
            self.end_headers()
            self.wfile.write(reply)

        do_GET = do_POST = _handle

        def log_message(self, format: str, *args: object) -> None:
            pass

    return Handler


@contextmanager
def receiving(address: str = "127.0.0.1", port: int = 0, **plan: object) -> Iterator[Receiver]:
    receiver = Receiver(**plan)  # type: ignore[arg-type]
    server = ThreadingHTTPServer((address, port), _handler(receiver))
    server.daemon_threads = True
    if receiver.tls is not None:
        receiver.tls.sni_callback = lambda sock, name, ctx: receiver.server_names.append(name)
        server.socket = receiver.tls.wrap_socket(server.socket, server_side=True)
    receiver.server = server
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield receiver
    finally:
        server.shutdown()
        server.server_close()
