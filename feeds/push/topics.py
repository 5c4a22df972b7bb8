"""WebSub topics: the feed URLs of this service, and the token that authorizes each.

A topic is a feed URL, ``{base}/feeds/region/lampung.atom?urgency=1-3``. Feeds name
themselves (``rel=self``) without the partner's token, which never goes into a feed, so
the token comes with the subscription: in ``hub.topic`` itself (``…?token=pt_…``, the URL
a reader was given) or as the subscription request's own credentials. The partner's
rights are looked up again at every delivery, so a revoked token or narrowed
entitlements stop what is pushed.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import parse_qsl, unquote, urlsplit

from feeds.api import NARROWING, page_url, split_name
from feeds.selection import Selection, from_request, require_dimension
from wire.errors import NotFound


@dataclass(frozen=True)
class Topic:
    origin: str
    """``scheme://host[:port]`` the topic was named with (links in its document use it)."""
    path: str
    dimension: str
    value: str
    fmt: str
    query: tuple[tuple[str, str], ...]
    """The narrowing parameters, sorted (as the feed's own links write them)."""
    token: str
    """The partner token that authorizes the subscription ("" when none was given)."""

    def selection(self) -> Selection:
        return from_request(self.dimension, self.value, dict(self.query))

    def url(self) -> str:
        """The canonical topic URL: the feed's own ``rel=self`` (no token)."""
        return page_url(f"{self.origin}{self.path}", list(self.query), None)


def origin_of(url: str) -> str:
    parts = urlsplit(url.strip())
    return f"{parts.scheme}://{parts.netloc}"


def parse_topic(url: str, base: str, token: str = "") -> Topic:
    """The feed ``url`` names, on this hub at ``base``; ``NotFound`` saying why it is none.

    A ``token`` in the URL's query wins over ``token`` (the request's credentials).
    """
    parts = urlsplit(url.strip())
    if origin_of(url) != origin_of(base):
        raise NotFound(f"hub.topic {url.split('?', 1)[0]!r} is not a feed of this hub; "
                       f"topics are the feed URLs under {base}/feeds/.")
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
    given = next((v for k, v in params if k == "token"), "") or token
    query = tuple(sorted((k, v) for k, v in params if k in NARROWING))
    topic = Topic(origin_of(url), path, dimension,
                  value.lower() if dimension == "lang" else value, fmt, query, given)
    topic.selection()  # a bad narrowing value is refused now, not at the first delivery
    return topic


def stored_topic(url: str, token: str) -> Topic:
    """A subscription's topic as stored (canonical URL and its token)."""
    return parse_topic(url, origin_of(url), token)
