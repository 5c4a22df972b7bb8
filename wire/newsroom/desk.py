"""What the desk's commands do, over the same store as the server (``wire.cli`` is the shell).

- Accounts: the listings behind ``wire correspondents …`` and ``wire partners …``.
- Stories: ``import`` sends files of copy through ``StoryService.create``, the path the API
  uses (normalization, duplicate detection, the atomic commit and its change event), so a
  running server sees each story at once; ``list`` reads the feed indexes, ``show`` a story.
- Feeds: ``print`` renders a feed exactly as a partner gets it over HTTP, with the functions
  of ``feeds.api`` (selection, entitlements, the 404-outside-rights rule, ``render_feed``);
  ``list`` gives the paths a partner may read, as its OPML file lists them.

Every function takes a ``Desk`` (one Redis client for the length of a command) and raises
``WireError``s whose ``detail`` the command prints.
"""

from __future__ import annotations

import shlex
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl, unquote, urlsplit

from wire.errors import CopyTooLarge, EmptyCopy, InvalidField, NotFound, WireError
from wire.settings import Settings
from wire.storage.accounts import (
    AccountStore,
    Correspondent,
    Entitlements,
    Partner,
    Token,
    check_languages,
    check_slugs,
)
from wire.storage.client import StoreClient
from wire.storage.keys import Keys
from wire.storage.store import StoryStore, guarded, utcnow
from wire.story import Story

if TYPE_CHECKING:
    from litestar.datastructures import MultiDict

    from wire.newsroom.ingest import Submission
    from wire.newsroom.stories import StoryService

# Commands import this module at start; the heavy parts (normalization, the feed renderers,
# Litestar's query parsing) are imported by the commands that use them.

HTML_SUFFIXES = (".html", ".htm")
LIST_BATCH = 200
LIST_MAX_SCANNED = 20_000


@dataclass
class Desk:
    """The store as one desk command sees it."""

    settings: Settings
    redis: StoreClient

    @cached_property
    def keys(self) -> Keys:
        return Keys(self.settings.redis.key_prefix)

    @cached_property
    def accounts(self) -> AccountStore:
        return AccountStore(self.redis, self.keys)

    @cached_property
    def store(self) -> StoryStore:
        return StoryStore(self.redis, self.keys, utcnow)

    @cached_property
    def stories(self) -> StoryService:
        """The API's story service (normalization data is loaded on first use)."""
        from wire.newsroom.stories import StoryService
        from wire.normalize import load_resources

        settings = self.settings
        return StoryService(
            self.store, load_resources(settings.config_dir, settings.ingest.languages),
            uri_prefix=settings.uri_prefix,
            idempotency_ttl=settings.ingest.idempotency_ttl_hours * 3600, clock=utcnow,
        )


# -- accounts -----------------------------------------------------------------------------
def describe(rights: Entitlements) -> str:
    return (f"desks={','.join(rights.desks) or 'all'} "
            f"regions={','.join(rights.regions) or 'all'} "
            f"languages={','.join(rights.languages) or 'all'}"
            + (" early-urgent" if rights.early_urgent else ""))


def token_json(token: Token) -> dict[str, Any]:
    return {"id": token.id, "created": token.created.isoformat(), "label": token.label}


def partner_json(partner: Partner, tokens: list[Token]) -> dict[str, Any]:
    return {**partner.model_dump(mode="json"), "tokens": [token_json(t) for t in tokens]}


async def correspondents_with_keys(
    accounts: AccountStore,
) -> list[tuple[Correspondent, list[Token]]]:
    return [(c, await accounts.tokens("correspondent", c.id))
            for c in await accounts.list_correspondents()]


async def correspondent_with_keys(accounts: AccountStore,
                                  name: str) -> tuple[Correspondent, list[Token]]:
    rid = await accounts.account_id("correspondent", name)
    found = await accounts.correspondent(rid)
    if found is None:
        raise NotFound(f"The correspondent {name!r} was removed meanwhile.")
    return found, await accounts.tokens("correspondent", rid)


async def partners_with_tokens(accounts: AccountStore) -> list[tuple[Partner, list[Token]]]:
    return [(p, await accounts.tokens("partner", p.id)) for p in await accounts.list_partners()]


async def partner_named(accounts: AccountStore, name: str) -> Partner:
    partner = await accounts.partner(await accounts.account_id("partner", name))
    if partner is None:
        raise NotFound(f"The partner {name!r} was removed meanwhile.")
    return partner


async def partner_with_tokens(accounts: AccountStore, name: str) -> tuple[Partner, list[Token]]:
    partner = await partner_named(accounts, name)
    return partner, await accounts.tokens("partner", partner.id)


# -- stories: import ----------------------------------------------------------------------
@dataclass(frozen=True)
class Imported:
    """What became of one file: 201 (created), 200 (already there) or a refusal."""

    file: Path
    status: int | None
    story: Story | None = None
    problem: str | None = None


def declared_fields(*, desk: str | None, region: str | None, urgency: int | None,
                    language: str | None) -> dict[str, str]:
    """The import's command-line fields, checked, as the API's query parameters."""
    fields: dict[str, str] = {}
    if desk:
        fields["desk"] = check_slugs([desk], "desk")[0]
    if region:
        fields["region"] = check_slugs([region], "region")[0]
    if urgency is not None:
        if not 1 <= urgency <= 9:
            raise InvalidField(f"urgency {urgency} is not a level from 1 (highest) to 9.")
        fields["urgency"] = str(urgency)
    if language:
        fields["language"] = check_languages([language])[0]
    return fields


def submission_from_file(path: Path, body: bytes, fields: Mapping[str, str],
                         max_bytes: int) -> Submission:
    """A file read as the API reads a request: ``.json`` as JSON (ours or ninjs),
    ``.html``/``.htm`` as HTML, anything else as plain-text copy.

    The command line's fields apply to every file, and win over those a JSON file declares.
    """
    from wire.newsroom.ingest import submission_from_json, submission_from_text

    if len(body) > max_bytes:
        raise CopyTooLarge(f"The file is {len(body)} bytes; the limit is {max_bytes}. "
                           "Split it or raise WIRE_INGEST__MAX_BYTES.")
    is_json = path.suffix.lower() == ".json"
    if not body.strip():
        raise EmptyCopy("The file is empty: " + ("put a JSON object with headline and body in it."
                                                 if is_json else
                                                 "put the copy in it, headline on the first line."))
    if is_json:
        sub = submission_from_json(body, {})
        declared = {k: int(v) if k == "urgency" else v for k, v in fields.items()}
        return sub.model_copy(update=declared) if declared else sub
    sub = submission_from_text(body, None, fields)
    return sub.model_copy(update={"html": True}) if path.suffix.lower() in HTML_SUFFIXES else sub


async def import_files(desk: Desk, files: Sequence[Path],
                       correspondent_name: str, fields: Mapping[str, str],
                       report: Callable[[Imported], None]) -> list[Imported]:
    """Create a story from each file as ``correspondent_name``; ``report`` hears each result.

    No rate limit applies. A file that fails is reported and the next one is read; an
    unknown correspondent stops the import before any file is read.
    """
    from wire.newsroom.stories import WriteContext

    rid = await desk.accounts.account_id("correspondent", correspondent_name)
    correspondent = await desk.accounts.correspondent(rid)
    if correspondent is None:
        raise NotFound(f"The correspondent {correspondent_name!r} was removed meanwhile.")
    ctx = WriteContext(correspondent=correspondent)
    results: list[Imported] = []
    for path in files:
        try:
            sub = submission_from_file(path, path.read_bytes(), fields,
                                       desk.settings.ingest.max_bytes)
            written = await desk.stories.create(sub, ctx)
            result = Imported(path, written.status, written.story)
        except WireError as exc:
            result = Imported(path, None, problem=exc.detail)
        except OSError as exc:
            result = Imported(path, None, problem=f"cannot read the file ({exc.strerror}).")
        results.append(result)
        report(result)
    return results


async def sync_narrowing(desk: Desk, entries: Iterable[tuple[str, Entitlements]]
                         ) -> list[tuple[str, list[str]]]:
    """The existing partners a sync would take something away from, and what."""
    from wire.gazetteer import load_gazetteer

    lineage = load_gazetteer(desk.settings.config_dir / "gazetteer.json").lineage
    found = []
    for name, rights in entries:
        current = await desk.accounts.partner_by_name(name)
        if current is not None and (lost := narrowing(current.entitlements, rights, lineage)):
            found.append((name, lost))
    return found


def narrowing(before: Entitlements, after: Entitlements,
              lineage: Callable[[str], tuple[str, ...]]) -> list[str]:
    """What ``after`` takes away from ``before``. Regions nest: a region stays covered when
    it or a region containing it is still entitled."""
    lost = []
    for dimension in ("desks", "regions", "languages"):
        old, new = getattr(before, dimension), set(getattr(after, dimension))
        if new and not old:
            lost.append(f"{dimension}: all -> {','.join(sorted(new))}")
            continue
        covering = lineage if dimension == "regions" else (lambda v: (v,))
        if new and (gone := [v for v in old if new.isdisjoint(covering(v) or (v,))]):
            lost.append(f"{dimension}: loses {','.join(gone)}")
    if before.early_urgent and not after.early_urgent:
        lost.append("early-urgent: removed")
    return lost


# -- stories: list and show ---------------------------------------------------------------
async def latest_stories(desk: Desk, *, limit: int, region: str | None = None,
                         desk_slug: str | None = None, language: str | None = None,
                         ) -> list[Story]:
    """Up to ``limit`` stories, newest first by feed time, in every state (the desk sees
    withheld, killed and embargoed stories too). The narrowest index is read; the other
    filters apply to the stories."""
    region = check_slugs([region], "region")[0] if region else None
    desk_slug = check_slugs([desk_slug], "desk")[0] if desk_slug else None
    language = check_languages([language])[0].lower() if language else None
    keys = desk.keys
    if region:
        index = keys.index("region", region)
    elif desk_slug:
        index = keys.index("desk", desk_slug)
    elif language:
        index = keys.index("lang", language)
    else:
        index = keys.index("all")

    def keep(story: Story) -> bool:
        return ((not desk_slug or story.desk == desk_slug)
                and (not language or story.language.lower() == language
                     or story.language.lower().split("-")[0] == language))

    found: list[Story] = []
    seen: set[str] = set()
    cursor: int | None = None
    inclusive = False
    while len(seen) < LIST_MAX_SCANNED:
        batch = await desk.store.page(index, before=cursor, count=LIST_BATCH,
                                      inclusive=inclusive)
        fresh = [sid for sid, _ in batch if sid not in seen]
        seen.update(fresh)
        for story in await desk.store.get_many(fresh):
            if keep(story):
                found.append(story)
                if len(found) >= limit:
                    return found
        if len(batch) < LIST_BATCH or not fresh:
            break
        # Go on from the batch's last time inclusively: stories sharing it may straddle.
        cursor, inclusive = batch[-1][1], True
    return found


async def story_by_id(desk: Desk, sid: str) -> Story:
    story = await desk.store.get(sid)
    if story is None:
        raise NotFound(f"There is no story {sid!r}; 'wire stories list' shows the newest.")
    return story


async def purge(desk: Desk, sids: Sequence[str]) -> set[str]:
    """Purge each story; the ids that were not found."""
    return {sid for sid in sids if not await desk.store.purge(sid)}


# -- feeds --------------------------------------------------------------------------------
@dataclass(frozen=True)
class FeedRequest:
    """A feed path as the HTTP API routes it: ``/feeds/region/lampung.atom?desk=politics``."""

    path: str
    dimension: str
    value: str
    fmt: str
    params: MultiDict[str]


def parse_feed_path(target: str) -> FeedRequest:
    """Route a feed path (or a whole feed URL) the way ``FeedController`` does."""
    from litestar.datastructures import MultiDict

    from feeds.api import split_name
    from feeds.selection import require_dimension

    parts = urlsplit(target.strip())
    path = unquote(parts.path)
    if not path.startswith("/"):
        path = f"/{path}"
    params: MultiDict[str] = MultiDict(parse_qsl(parts.query, separator="&"))
    if "token" in params:
        raise InvalidField("Leave token= out of the path: --partner names whose feed to print.")
    segments = path.split("/")[1:]
    if segments[:1] != ["feeds"] or len(segments) not in (2, 3) or not all(segments):
        raise NotFound(f"Nothing is served at {path}; feed paths look like /feeds/all.rss, "
                       "/feeds/desk/SLUG.atom, /feeds/region/SLUG.json, /feeds/lang/CODE.ninjs.")
    if len(segments) == 2:
        stem, fmt = split_name(segments[1])
        if stem != "all":
            raise NotFound(f"There is no feed {segments[1]!r}; try /feeds/all.{fmt}.")
        return FeedRequest(path, "all", "", fmt, params)
    dimension = require_dimension(segments[1])
    value, fmt = split_name(segments[2])
    return FeedRequest(path, dimension, value, fmt, params)


async def render_partner_feed(desk: Desk, target: str, partner_name: str) -> bytes:
    """The document the partner gets for ``target`` over HTTP (authenticated by header).

    ``NotFound`` when that request would be a 404, e.g. a feed outside the partner's rights.
    """
    from feeds.api import NARROWING, outside_rights, parse_before, render_feed
    from feeds.selection import from_entitlements, from_request
    from wire.gazetteer import load_gazetteer

    request = parse_feed_path(target)
    partner = await partner_named(desk.accounts, partner_name)
    rights = from_entitlements(partner.entitlements)
    gazetteer = load_gazetteer(desk.settings.config_dir / "gazetteer.json")
    if outside_rights(request.dimension, request.value, rights, gazetteer.lineage):
        raise NotFound(
            f"Partner {partner.name!r} may not read {request.path}: it lies outside its rights "
            f"({describe(partner.entitlements)}), so over HTTP it gets 404. "
            f"'wire feeds list --partner {shlex.quote(partner.name)}' lists its feeds."
        )
    before = parse_before(request.params.get("before"))
    query = sorted((k, v) for k, v in request.params.items() if k in NARROWING)
    selection = from_request(request.dimension, request.value, request.params)
    body, _updated = await render_feed(
        desk.store, desk.keys, desk.settings, request.path, query, request.dimension,
        request.value, request.fmt, selection, rights, before, partner,
    )
    return body


async def partner_feed_paths(desk: Desk, partner_name: str,
                             formats: Iterable[str]) -> list[str]:
    """Every feed path the partner may read, in ``formats``: the feeds of its OPML file."""
    from feeds.opml import feed_path, readable_feeds
    from wire.gazetteer import load_gazetteer

    partner = await partner_named(desk.accounts, partner_name)
    names = await guarded(desk.redis.smembers(desk.keys.index_names()))
    indexed = [found for name in names
               if (found := desk.keys.index_of(name.decode() if isinstance(name, bytes)
                                               else name))]
    gazetteer = load_gazetteer(desk.settings.config_dir / "gazetteer.json")
    feeds = readable_feeds(partner.entitlements, indexed, gazetteer.lineage)
    chosen = list(formats)
    return [feed_path(dimension, value, fmt) for dimension, value in feeds for fmt in chosen]
