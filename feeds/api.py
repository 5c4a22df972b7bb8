"""The partner feed API: ``/feeds/{all|desk/x|region/x|lang/x}.{rss,atom,json,ninjs}``.

A request authenticates, then asks the worker's cache for the document; only on a miss
(the first request after a change) is the page collected and rendered. Conditional GET,
gzip and RFC 5005 paging (``?before=<feed time ms>``) work on the cached bytes.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlencode

from litestar import Controller, Request, get
from litestar.datastructures import State
from litestar.openapi.datastructures import ResponseSpec
from litestar.params import FromPath
from litestar.response.base import ASGIResponse

from feeds.cache import FeedCache, Rendered, feed_key, prepare, representation
from feeds.catalogue import collect, feed_time, index_for
from feeds.render import MEDIA_TYPES, RENDERERS, Channel, Tombstone
from feeds.selection import Selection, from_entitlements, from_request, require_dimension
from feeds.shared import SharedDocuments, document_name
from wire.errors import InvalidField, NotFound
from wire.ops.metrics import Metrics
from wire.settings import Settings
from wire.storage.accounts import Partner
from wire.storage.keys import Keys
from wire.storage.notifier import ChangeNotifier
from wire.storage.store import StoryStore, from_ms
from wire.web import openapi as doc
from wire.web.auth import require_partner

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
NARROWING = ("desk", "region", "lang", "urgency")
ARCHIVE_MAX_AGE = 3600


FEED_QUERY = (
    doc.query("desk", "Only this desk (narrows, never widens)."),
    doc.query("region", "Only this region and the regions in it."),
    doc.query("lang", "Only this language."),
    doc.query("urgency", "Only these urgencies, e.g. 1-3.", pattern="^[1-9](-[1-9])?$"),
    doc.query("before", "An RFC 5005 archive page key; follow the feed's next link.",
              pattern="^[0-9]{1,16}$"),
)
FEED_DOC: dict[str, Any] = {
    "security": doc.PARTNER,
    "description": "A feed document; the name's extension picks the format (.rss, .atom, "
                   ".json for JSON Feed 1.1, .ninjs for strict ninjs 2.2 items). Conditional "
                   "GET with ETag / Last-Modified; gzip when asked.",
    "responses": {200: ResponseSpec(data_container=str, generate_examples=False,
                                    description="The feed document."),
                  304: ResponseSpec(data_container=None, description="Not modified."),
                  **doc.problems(400, 401, 403, 404, 422, 503)},
    "operation_class": doc.described(parameters=FEED_QUERY, content={200: doc.feed_content()}),
}


def split_name(name: str) -> tuple[str, str]:
    stem, dot, fmt = name.rpartition(".")
    if not dot or fmt not in RENDERERS:
        raise NotFound(
            f"Feed {name!r} has no known format; end it in .rss, .atom, .json or .ninjs."
        )
    return stem, fmt


def narrowing_query(request: Request[Any, Any, State]) -> list[tuple[str, str]]:
    """The request's narrowing parameters, canonical and without secrets."""
    return sorted((k, v) for k, v in request.query_params.items() if k in NARROWING)


MAX_PAGE_KEY_DIGITS = 16


def parse_before(value: str | None) -> int | None:
    if value is None:
        return None
    # A page key is a feed time in milliseconds: at most 16 digits (the year 318857).
    if not value.isdigit() or len(value) > MAX_PAGE_KEY_DIGITS:
        shown = value if len(value) <= 40 else f"{value[:20]}…"
        raise InvalidField(f"before={shown!r} is not a page key; follow the feed's next link.")
    return int(value)


def page_url(base: str, query: list[tuple[str, str]], before: int | None) -> str:
    """A page of this feed: its narrowing query and page key, never the partner's token."""
    pairs = [*query, *([("before", str(before))] if before is not None else [])]
    encoded = urlencode(pairs)
    return f"{base}?{encoded}" if encoded else base


def hub_url(public_url: str) -> str:
    """The WebSub hub every feed names (``POST /websub`` on this service)."""
    return f"{public_url}/websub"


def link_header(public_url: str, self_url: str) -> str:
    """The ``Link`` header of a feed response or a WebSub delivery: hub and topic."""
    return f'<{hub_url(public_url)}>; rel="hub", <{self_url}>; rel="self"'


def respond(request: Request[Any, Any, State], doc: Rendered) -> ASGIResponse:
    status, headers, body = representation(
        doc, if_none_match=request.headers.get("if-none-match"),
        if_modified_since=request.headers.get("if-modified-since"),
        accept_encoding=request.headers.get("accept-encoding", ""),
        accept=request.headers.get("accept", ""),
    )
    return ASGIResponse(body=body, status_code=status,
                        headers=[(k.decode(), v.decode()) for k, v in headers])


class FeedController(Controller):
    path = "/feeds"
    tags = ["feeds"]  # noqa: RUF012 (Litestar reads it as an instance attribute)

    # Handlers read the app state directly instead of through dependency injection: this is
    # the hot path, and a cached feed should cost little more than the framework's floor.
    @get("/{name:str}", operation_id="getFeed",
         summary="Everything the partner may read (all.rss, all.atom, ...)",
         **FEED_DOC)
    async def everything(self, request: Request[Any, Any, State],
                         name: FromPath[str]) -> ASGIResponse:
        stem, fmt = split_name(name)
        if stem != "all":
            raise NotFound(f"There is no feed {name!r}; try /feeds/all.{fmt}.")
        return await serve_feed(request, "all", "", fmt)

    @get("/{dimension:str}/{name:str}", operation_id="getDimensionFeed",
         summary="One desk, region or language", **FEED_DOC)
    async def by_dimension(self, request: Request[Any, Any, State], dimension: FromPath[str],
                           name: FromPath[str]) -> ASGIResponse:
        require_dimension(dimension)
        value, fmt = split_name(name)
        return await serve_feed(request, dimension, value, fmt)


def outside_rights(dimension: str, value: str, rights: Selection,
                   lineage: Callable[[str], tuple[str, ...]]) -> bool:
    """True when a feed's own desk, region or language lies outside the partner's rights.

    A region feed is inside when the region lies within an entitled region, or contains
    one (the partner then sees its entitled part of it).
    """
    if dimension == "desk":
        return bool(rights.desks) and value not in rights.desks
    if dimension == "lang":
        return bool(rights.languages) and not rights.matches_language(value)
    if dimension == "region" and rights.regions:
        within = not rights.regions.isdisjoint(lineage(value) or (value,))
        contains = any(value in lineage(region) for region in rights.regions)
        return not (within or contains)
    return False


async def serve_feed(request: Request[Any, Any, State], dimension: str, value: str,
                     fmt: str) -> ASGIResponse:
    state = request.app.state
    partner = await require_partner(request, state["accounts"], state["partner_logins"])
    notifier: ChangeNotifier = state["notifier"]
    cache: FeedCache = state["feed_cache"]
    before = parse_before(request.query_params.get("before"))
    host = request.headers.get("host")
    key = feed_key(request.scope["path"], request.scope["query_string"], partner, host)
    change = await notifier.current()
    doc = cache.get(key, change)
    metrics: Metrics = state["metrics"]
    result = "hit"
    if doc is None:
        result = "render"
        rights = from_entitlements(partner.entitlements)
        gazetteer = state["stories"].resources.gazetteer
        if outside_rights(dimension, value, rights, gazetteer.lineage):
            raise NotFound(f"There is no feed {dimension}/{value} among those you may read; "
                           "see /v1/partners/me/feeds.opml for yours.")
        shared: SharedDocuments | None = state["shared_documents"] if change else None
        # Named by the public URL where the local key has the Host: the Host matters only
        # through it, and processes behind one name (WIRE_BASE_URL) see different Hosts.
        public = state["settings"].url_for_request(request.scope.get("scheme", "http"), host)
        name = document_name(feed_key(request.scope["path"], request.scope["query_string"],
                                      partner, public))
        claimed = False
        if shared and change:
            doc, claimed = await shared.find(name, change)
            result = "render" if doc is None else "shared"
        if doc is None:
            try:
                doc = await render_document(request, dimension, value, fmt, rights, before,
                                            partner, change)
            except BaseException:
                if shared and claimed:
                    await shared.release(name)  # the others need not wait for it
                raise
            if shared:
                await shared.store(name, doc)
        cache.put(key, doc)
    response = respond(request, doc)
    metrics.feed_requests.labels(fmt, "304" if response.status_code == 304 else result).inc()
    return response


async def render_document(request: Request[Any, Any, State], dimension: str, value: str,
                          fmt: str, rights: Selection, before: int | None, partner: Partner,
                          change: str | None) -> Rendered:
    """Collect, render and prepare one feed document at ``change``."""
    state = request.app.state
    settings: Settings = state["settings"]
    started = time.perf_counter()
    public_url = settings.url_for_request(request.scope.get("scheme", "http"),
                                          request.headers.get("host"))
    query = narrowing_query(request)
    body, updated = await render_feed(
        state["store"], state["keys"], settings, request.url.path, query,
        dimension, value, fmt, from_request(dimension, value, request.query_params), rights,
        before, partner, public_url,
    )
    self_url = page_url(f"{public_url}{request.url.path}", query, before)
    max_age = ARCHIVE_MAX_AGE if before is not None else settings.feeds.max_age
    # Last-Modified is the change the document was built at, not its newest item: a
    # story leaving the feed changes it without adding anything newer.
    built_at = from_ms(int(change.split("-")[0])) if change else updated
    doc = prepare(change, body, max(built_at, updated), MEDIA_TYPES[fmt], max_age,
                  links=link_header(public_url, self_url))
    state["metrics"].render_seconds.labels(fmt).observe(time.perf_counter() - started)
    return doc


async def render_feed(
    store: StoryStore, keys: Keys, settings: Settings, path: str, query: list[tuple[str, str]],
    dimension: str, value: str, fmt: str, selection: Selection, rights: Selection,
    before: int | None, partner: Partner, public_url: str | None = None,
) -> tuple[bytes, datetime]:
    """One feed document and its newest time; links start at ``public_url`` (default: the
    configured one)."""
    now = store.clock()
    index = index_for(keys, dimension, value.lower() if dimension == "lang" else value)
    page = await collect(store, index, selection, rights, now,
                         limit=settings.feeds.page_size, before=before)
    public_url = public_url or settings.public_url
    base = f"{public_url}{path}"
    older = page_url(base, query, page.oldest_score) if page.more else None
    newest = max((feed_time(s, now) for s in (*page.stories, *page.tombstones)), default=EPOCH)
    name = "everything" if dimension == "all" else f"{dimension} {value}"
    channel = Channel(
        title=f"newswire: {name}" + (" (archive)" if before is not None else ""),
        feed_id=f"{settings.uri_prefix}feed:{dimension}:{value or 'all'}",
        self_url=page_url(base, query, before),
        hub_url=hub_url(public_url),
        site_url=f"{public_url}/",
        updated=newest,
        description=f"Wire stories for {partner.name}: {name}",
        next_url=older,
        prev_archive_url=older,
        current_url=page_url(base, query, None) if before is not None else None,
        archive=before is not None,
    )
    tombstones = [Tombstone(ref=s.uri, when=s.versioncreated, comment=s.status_reason or "")
                  for s in page.tombstones]
    body = RENDERERS[fmt](channel, page.stories, tombstones)
    return body, newest
