"""Serve a feed document that is already rendered without entering the framework.

Partners poll: almost every feed request finds its document ready in the worker's cache.
``FeedFastPath`` wraps the Litestar app as plain ASGI and answers those requests from the
scope's raw headers (authentication from the worker's login cache, the document and its
prepared headers from the feed cache), so a poll costs neither Redis nor the framework's
routing, request, dependency and response machinery. Everything else (other paths, a
first request after a change, an unknown token, any error) goes to the Litestar app, whose
``FeedController`` renders, caches and answers in full with the same headers.
"""

from __future__ import annotations

from urllib.parse import parse_qsl

from litestar import Litestar
from litestar.enums import ScopeType
from litestar.types import Receive, Scope, Send

from feeds.cache import FeedCache, feed_key, representation
from wire.ops.metrics import Metrics
from wire.storage.notifier import ChangeNotifier
from wire.web.access import record_caller
from wire.web.auth import PartnerLogins, secret_from

WANTED = {b"authorization", b"if-none-match", b"if-modified-since", b"accept-encoding",
          b"host", b"accept"}


class FeedFastPath:
    """ASGI app: cached feed documents first, the Litestar ``app`` for everything else."""

    def __init__(self, app: Litestar) -> None:
        self.app = app
        self._parts: tuple[PartnerLogins, ChangeNotifier, FeedCache, Metrics] | None = None

    def parts(self) -> tuple[PartnerLogins, ChangeNotifier, FeedCache, Metrics]:
        """The lifespan's objects this path uses, looked up once (they live as long as it)."""
        if self._parts is None:
            state = self.app.state
            self._parts = (state["partner_logins"], state["notifier"], state["feed_cache"],
                           state["metrics"])
        return self._parts

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (scope["type"] != ScopeType.HTTP or scope["method"] != "GET"
                or not scope["path"].startswith("/feeds/")):
            await self.app(scope, receive, send)
            return
        next_app = self.app
        logins, notifier, cache, metrics = self.parts()
        headers = {k: v.decode("latin-1") for k, v in scope["headers"] if k in WANTED}
        query = scope["query_string"]
        token = dict(parse_qsl(query.decode("latin-1"))).get("token") if b"token=" in query \
            else None
        secret = secret_from(headers.get(b"authorization", ""), token)
        partner = logins.get(secret) if secret else None
        if partner is None:
            await next_app(scope, receive, send)
            return
        record_caller(scope, "partner", partner.id)
        # Only a live subscription vouches for freshness; otherwise the full path decides
        # (and answers a Redis outage with a problem, not a stale or broken document).
        doc = cache.get(feed_key(scope["path"], query, partner, headers.get(b"host")),
                        notifier.newest) \
            if notifier.live else None
        if doc is None:
            await next_app(scope, receive, send)
            return
        status, out, body = representation(
            doc, if_none_match=headers.get(b"if-none-match"),
            if_modified_since=headers.get(b"if-modified-since"),
            accept_encoding=headers.get(b"accept-encoding", ""),
            accept=headers.get(b"accept", ""),
        )
        metrics.count_feed_request(scope["path"].rpartition(".")[2], status == 304)
        await send({"type": "http.response.start", "status": status, "headers": out})
        await send({"type": "http.response.body", "body": body, "more_body": False})
