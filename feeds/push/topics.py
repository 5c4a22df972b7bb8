"""WebSub topics: feed URLs of this service, carrying the token that authorizes them.

A topic is exactly what a reader fetched, ``{base}/feeds/region/lampung.atom?token=pt_…``
(readers cannot set headers, so the token rides in the URL). It names the feed, its
narrowing query and the partner; the partner's rights are looked up again at every
delivery, so a revoked token or narrowed entitlements stop what is pushed.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import parse_qsl, unquote, urlsplit

from feeds.api import NARROWING, page_url, split_name
from feeds.selection import Selection, from_request, require_dimension
from wire.errors import InvalidField, NotFound


@dataclass(frozen=True)
class Topic:
    path: str
    dimension: str
    value: str
    fmt: str
    query: tuple[tuple[str, str], ...]
    """The narrowing parameters, sorted (as the feed's own links write them)."""
    token: str

    def selection(self) -> Selection:
        return from_request(self.dimension, self.value, dict(self.query))

    def url(self, base: str) -> str:
        """The canonical topic URL: the feed's own ``rel=self``."""
        return page_url(f"{base}{self.path}", list(self.query), None, self.token)


def parse_topic(url: str, base: str) -> Topic:
    """The feed ``url`` names; ``InvalidField``/``NotFound`` saying why it is no topic."""
    parts = urlsplit(url.strip())
    hub = urlsplit(base)
    if (parts.scheme, parts.netloc) != (hub.scheme, hub.netloc):
        raise NotFound(f"hub.topic {_safe(url)!r} is not a feed of this hub; topics are the "
                       f"feed URLs under {base}/feeds/ that your reader fetched.")
    path = unquote(parts.path)
    segments = path.split("/")[1:]
    if segments[:1] != ["feeds"] or len(segments) not in (2, 3) or not all(segments):
        raise NotFound(f"hub.topic path {path!r} is not a feed; feeds look like "
                       "/feeds/all.atom or /feeds/region/SLUG.rss.")
    if len(segments) == 2:
        stem, fmt = split_name(segments[1])
        if stem != "all":
            raise NotFound(f"There is no feed {segments[1]!r}; try /feeds/all.{fmt}.")
        dimension, value = "all", ""
    else:
        dimension = require_dimension(segments[1])
        value, fmt = split_name(segments[2])
    params = parse_qsl(parts.query)
    token = next((v for k, v in params if k == "token"), "")
    if not token:
        raise InvalidField("hub.topic carries no token: subscribe to the feed URL with "
                           "?token=<your partner token>, as your reader fetches it.")
    query = tuple(sorted((k, v) for k, v in params if k in NARROWING))
    topic = Topic(path, dimension, value.lower() if dimension == "lang" else value, fmt,
                  query, token)
    topic.selection()  # a bad narrowing value is refused now, not at the first delivery
    return topic


def _safe(url: str) -> str:
    """``url`` without its query (it may hold a token), for messages and logs."""
    return url.split("?", 1)[0]
