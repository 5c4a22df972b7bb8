"""The HTTP protocol the service runs under uvicorn: httptools with bounds on what a client may
send before the app sees it, and refusals as problems like every other.

uvicorn's httptools protocol has no limit on header size or count (a 256 MB header held a
worker for minutes) and answers a request it cannot parse with plain text. Here the request
line and headers are counted as the parser delivers them; past a limit the connection gets a
``414``/``431`` problem and is closed, before anything is buffered further.
"""

from __future__ import annotations

import asyncio
import json
import os
from functools import cache
from http import HTTPStatus
from typing import Any

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol


@cache
def _limit(name: str, default: int) -> int:
    # Read once per worker (not per connection) from the environment `wire serve` sets.
    return int(os.environ.get(name, default))


class RequestTooLarge(Exception):
    """Raised inside a parser callback; uvicorn turns it into ``send_400_response``."""


def problem_bytes(status: int, detail: str) -> bytes:
    body = json.dumps({"type": "about:blank", "title": HTTPStatus(status).phrase,
                       "status": status, "detail": detail}).encode()
    head = (f"HTTP/1.1 {status} {HTTPStatus(status).phrase}\r\n"
            f"content-type: application/problem+json\r\ncontent-length: {len(body)}\r\n"
            "connection: close\r\n\r\n").encode()
    return head + body


class BoundedHttpToolsProtocol(HttpToolsProtocol):
    """httptools with bounded request line and headers, refusing with problems."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.max_url = _limit("WIRE_SERVER__MAX_URL_BYTES", 8 * 1024)
        self.max_header_bytes = _limit("WIRE_SERVER__MAX_HEADER_BYTES", 32 * 1024)
        self.max_headers = _limit("WIRE_SERVER__MAX_HEADERS", 100)
        self._refusal: tuple[int, str] | None = None
        self._header_bytes = 0

    def on_message_begin(self) -> None:
        super().on_message_begin()
        self._refusal = None
        self._header_bytes = 0

    def on_url(self, url: bytes) -> None:
        super().on_url(url)
        if len(self.url) > self.max_url:
            self._refusal = (414, f"The URL is longer than {self.max_url} bytes; send fewer or "
                                  "shorter query parameters.")
            raise RequestTooLarge

    def on_header(self, name: bytes, value: bytes) -> None:
        super().on_header(name, value)
        self._header_bytes += len(name) + len(value) + 4
        if self._header_bytes > self.max_header_bytes or len(self.headers) > self.max_headers:
            self._refusal = (431, f"The request headers are larger than {self.max_header_bytes} "
                                  f"bytes or more than {self.max_headers}; send fewer or "
                                  "smaller headers.")
            raise RequestTooLarge

    def send_400_response(self, msg: str) -> None:
        status, detail = self._refusal or (
            400, "The request is not valid HTTP/1.1; check the request line and headers.")
        self.transport.write(problem_bytes(status, detail))
        self.transport.close()


class BodyDeadline:
    """ASGI wrapper bounding how long a client may take to send a request body.

    A correspondent on a slow link gets ``timeout`` seconds in all (from the first read of
    the body); a client that trickles bytes to hold a worker gets a ``408`` problem instead.
    """

    def __init__(self, app: Any, timeout: float) -> None:
        self.app = app
        self.timeout = timeout

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS"):
            await self.app(scope, receive, send)
            return
        loop = asyncio.get_running_loop()
        deadline: float | None = None
        refused = False

        async def bounded_receive() -> dict[str, Any]:
            nonlocal deadline, refused
            deadline = deadline or loop.time() + self.timeout
            try:
                message: dict[str, Any] = await asyncio.wait_for(
                    receive(), max(0.0, deadline - loop.time()))
            except TimeoutError:
                if not refused:
                    refused = True
                    await _send_problem(send, 408, f"The body took longer than {self.timeout:g} "
                                                   "s to arrive; send it again on a faster link "
                                                   "or in smaller pieces.")
                return {"type": "http.disconnect"}
            return message

        async def guarded_send(message: dict[str, Any]) -> None:
            if not refused:  # the 408 is the answer; the app's own comes too late
                await send(message)

        await self.app(scope, bounded_receive, guarded_send)


async def _send_problem(send: Any, status: int, detail: str) -> None:
    body = json.dumps({"type": "about:blank", "title": HTTPStatus(status).phrase,
                       "status": status, "detail": detail}).encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/problem+json"),
                            (b"content-length", str(len(body)).encode()),
                            (b"connection", b"close")]})
    await send({"type": "http.response.body", "body": body})


class HeadAsGet:
    """ASGI wrapper answering ``HEAD`` as the ``GET`` of the same URL, without the body.

    Every feed, story and page then answers ``HEAD`` with exactly the headers of its ``GET``
    (``ETag``, ``Last-Modified``, ``Content-Length`` of the body a ``GET`` would get), which
    is what readers and caches use to check for changes. A path with no ``GET`` answers
    ``405`` with its ``Allow``, as for any other method.
    """

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http" or scope["method"] != "HEAD":
            await self.app(scope, receive, send)
            return

        async def without_body(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.body":
                message = {**message, "body": b""}
            await send(message)

        await self.app({**scope, "method": "GET"}, receive, without_body)
