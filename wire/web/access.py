"""One structured access-log line per request, ahead of everything else in the app.

The line carries the method, the path (never the query: a ``?token=`` stays out of the
log), the status, the time to the last byte in milliseconds, and who called: the partner or
correspondent id that authentication put in the request's scope (``caller``), or nothing
for an anonymous or refused request.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

import msgspec

CALLER = "wire.caller"
_encode = msgspec.json.Encoder().encode


def write_json_line(fields: dict[str, Any]) -> None:
    """The access line as structlog's JSON renderer would write it (event, level, UTC
    timestamp), encoded directly: 2 µs a line instead of 13, on a path that serves tens of
    thousands of feed polls a second."""
    stamp = datetime.now(UTC).isoformat().replace("+00:00", "Z")
    sys.stderr.write(_encode({**fields, "level": "info", "timestamp": stamp}).decode() + "\n")


def record_caller(scope: Mapping[str, Any], kind: str, ident: str) -> None:
    """Name the authenticated caller for this request's access-log line."""
    state = scope.get("state")
    if isinstance(state, dict):
        state[CALLER] = f"{kind}:{ident}"


class AccessLog:
    """ASGI wrapper writing the access line when the response is finished (or broken)."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 0
        # The server gives each request its own copy of the lifespan state; one is made
        # when it does not, so that authentication has somewhere to name the caller.
        state = scope.setdefault("state", {})

        async def recording(message: dict[str, Any]) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, recording)
        finally:
            write_json_line({"event": "request", "method": scope["method"],
                             "path": scope["path"], "status": status,
                             "ms": round((time.perf_counter() - started) * 1000, 2),
                             "caller": state.get(CALLER)})
