"""The partner feed API: ``/feeds/{all|desk/x|region/x|lang/x}.{rss,atom,json,ninjs}``."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from urllib.parse import quote, urlencode

from litestar import Controller, Request, Response, get
from litestar.datastructures import State

from feeds.catalogue import collect, index_for
from feeds.render import MEDIA_TYPES, RENDERERS, Channel, Tombstone
from feeds.selection import from_entitlements, from_request, require_dimension
from wire.accounts import AccountStore
from wire.auth import require_partner
from wire.errors import NotFound
from wire.keys import Keys
from wire.settings import Settings
from wire.store import StoryStore

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
NARROWING = ("desk", "region", "lang", "urgency")


def split_name(name: str) -> tuple[str, str]:
    stem, dot, fmt = name.rpartition(".")
    if not dot or fmt not in RENDERERS:
        raise NotFound(
            f"Feed {name!r} has no known format; end it in .rss, .atom, .json or .ninjs."
        )
    return stem, fmt


def public_query(request: Request[Any, Any, State]) -> str:
    """The request's narrowing parameters, canonical and without secrets."""
    pairs = sorted((k, v) for k, v in request.query_params.items() if k in NARROWING)
    return f"?{urlencode(pairs)}" if pairs else ""


class FeedController(Controller):
    path = "/feeds"
    tags = ["feeds"]  # noqa: RUF012 (Litestar reads it as an instance attribute)

    @get("/{name:str}", summary="Everything the partner may read")
    async def everything(self, request: Request[Any, Any, State], name: str,
                         accounts: AccountStore, store: StoryStore, settings: Settings,
                         keys: Keys) -> Response[bytes]:
        stem, fmt = split_name(name)
        if stem != "all":
            raise NotFound(f"There is no feed {name!r}; try /feeds/all.{fmt}.")
        return await self._feed(request, "all", "", fmt, accounts, store, settings, keys)

    @get("/{dimension:str}/{name:str}", summary="One desk, region or language")
    async def by_dimension(self, request: Request[Any, Any, State], dimension: str, name: str,
                           accounts: AccountStore, store: StoryStore, settings: Settings,
                           keys: Keys) -> Response[bytes]:
        require_dimension(dimension)
        value, fmt = split_name(name)
        return await self._feed(request, dimension, value, fmt, accounts, store, settings, keys)

    async def _feed(self, request: Request[Any, Any, State], dimension: str, value: str,
                    fmt: str, accounts: AccountStore, store: StoryStore, settings: Settings,
                    keys: Keys) -> Response[bytes]:
        partner = await require_partner(request, accounts)
        selection = from_request(dimension, value, request.query_params)
        rights = from_entitlements(partner.entitlements)
        now = store.clock()
        lookup = "lang" if dimension == "lang" else dimension
        index = index_for(keys, lookup, value.lower() if lookup == "lang" else value)
        page = await collect(store, index, selection, rights, now, limit=settings.feeds.page_size)
        path = request.url.path
        token = request.query_params.get("token")
        newest = max((s.versioncreated for s in (*page.stories, *page.tombstones)), default=EPOCH)
        channel = Channel(
            title=f"newswire: {'everything' if dimension == 'all' else f'{dimension} {value}'}",
            feed_id=f"{settings.uri_prefix}feed:{dimension}:{value or 'all'}",
            self_url=f"{settings.public_url}{path}{public_query(request)}",
            site_url=settings.public_url,
            updated=newest,
            description=f"Wire stories for partner {partner.name}",
            token_query=f"?token={quote(token)}" if token else "",
        )
        tombstones = [Tombstone(ref=s.uri, when=s.versioncreated, comment=s.status_reason or "")
                      for s in page.tombstones]
        body = RENDERERS[fmt](channel, page.stories, tombstones)  # type: ignore[index]
        return Response(body, media_type=MEDIA_TYPES[fmt],  # type: ignore[index]
                        headers={"Vary": "Authorization, Accept-Encoding"})
