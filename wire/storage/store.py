"""StoryStore: typed async access to stories, versions, feed indexes and the change log.

Every write of a story version goes through ``commit.lua`` (one hash tag, all or nothing).
Change times are kept strictly ordered by the script, so a reader walking the change log
never sees a change appear behind its cursor.
"""

from __future__ import annotations

import enum
import json
from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import resources
from typing import Any, TypeVar, cast

import structlog

from wire.errors import StorageUnavailable
from wire.storage.client import STORE_ERRORS, StoreClient, publish_command
from wire.storage.durability import Confirmed, Durability, guarded_write
from wire.storage.keys import Keys
from wire.story import Story

STREAM_MAXLEN = 1_000_000
"""The change log's hard cap. Retention (``trim``) keeps what a consumer group has not
fanned out, so a push fan-out down for good would otherwise grow the log until the store
runs out of memory, taking every write with it; the scripts count what the cap drops
(``Keys.changes_capped``, ``wire_change_log_capped`` in /metrics)."""
log = structlog.get_logger("wire.storage")
T = TypeVar("T")
Clock = Callable[[], datetime]
# The client is made without ``decode_responses``, so replies hold bytes; redis-py's own
# annotations admit ``str`` too. These are the shapes the calls below actually return.
ScoredRows = list[tuple[bytes, float]]
StreamRows = list[tuple[bytes, dict[bytes, bytes]]]


def text(value: bytes | str) -> str:
    """A Redis reply value as text (bytes without ``decode_responses``)."""
    return value.decode() if isinstance(value, bytes) else value


def utcnow() -> datetime:
    return datetime.now(UTC)


def to_ms(value: datetime) -> int:
    return int(value.timestamp() * 1000)


def from_ms(ms: int) -> datetime:
    return datetime.fromtimestamp(ms / 1000, UTC)


def _script(name: str) -> str:
    return resources.files("wire").joinpath("lua", name).read_text(encoding="utf-8")


class Outcome(enum.Enum):
    COMMITTED = "ok"
    CONFLICT = "conflict"
    DUPLICATE = "duplicate"
    REPLAYED = "idem"


@dataclass(frozen=True)
class CommitResult:
    outcome: Outcome
    story: Story | None = None
    change_id: str | None = None
    existing_id: str | None = None
    current_version: int | None = None
    idempotency_record: dict[str, Any] | None = None


@dataclass(frozen=True)
class Idempotency:
    key: str
    principal: str
    record: dict[str, Any]
    ttl_seconds: int


@dataclass(frozen=True)
class Change:
    cursor: str
    event: str
    story_id: str
    version: int


@dataclass(frozen=True)
class CommitRequest:
    """One version to write. ``build`` makes the story for a change time the store picks."""

    build: Callable[[datetime], Story]
    event: str
    expected_version: int
    previous: Story | None = None
    bands: Sequence[str] = ()
    idempotency: Idempotency | None = None
    feed_time: Callable[[Story], datetime] = field(
        default=lambda s: max(s.versioncreated, s.embargoed or s.versioncreated)
    )


def index_keys(keys: Keys, story: Story) -> list[str]:
    """Every feed index a story version belongs to."""
    names = [keys.index("all"), keys.index("lang", story.language.lower())]
    if story.desk:
        names.append(keys.index("desk", story.desk))
    names += [keys.index("region", region) for region in story.regions]
    return names


async def guarded(call: Awaitable[T]) -> T:
    """Await a Redis call, turning connection and server errors into StorageUnavailable."""
    try:
        return await call
    except STORE_ERRORS as exc:
        raise StorageUnavailable(
            "The story store is not answering; nothing was changed. Retry in a few seconds.",
            cause=str(exc),
        ) from exc


class StoryStore:
    def __init__(self, redis: StoreClient, keys: Keys, clock: Clock = utcnow, *,
                 durability: Durability | None = None) -> None:
        self.redis = redis
        self.confirmed = Confirmed(redis, durability or Durability())
        self.keys = keys
        self.clock = clock
        self._commit = redis.register_script(_script("commit.lua"))
        self._release = redis.register_script(_script("release.lua"))
        self._purge = redis.register_script(_script("purge.lua"))
        self._ready = redis.register_script(_script("ready.lua"))
        self._trim_changes = redis.register_script(_script("changes_trim.lua"))
        self._commit_body, self._touch_body = _script("commit.lua"), _script("touch.lua")

    # -- reads -------------------------------------------------------------------------
    async def get(self, sid: str) -> Story | None:
        raw = await guarded(self.redis.get(self.keys.story(sid)))
        return Story.model_validate_json(raw) if raw else None

    async def get_many(self, sids: Sequence[str]) -> list[Story]:
        if not sids:
            return []
        raws = await guarded(self.redis.mget([self.keys.story(s) for s in sids]))
        return [Story.model_validate_json(r) for r in raws if r]

    async def versions(self, sid: str) -> list[Story]:
        raw = await guarded(self.redis.hgetall(self.keys.versions(sid)))
        stories = [Story.model_validate_json(v) for v in raw.values()]
        return sorted(stories, key=lambda s: s.version)

    async def version(self, sid: str, number: int) -> Story | None:
        raw = await guarded(self.redis.hget(self.keys.versions(sid), str(number)))
        return Story.model_validate_json(raw) if raw else None

    async def versions_at(self, changes: Sequence[Change]) -> list[Story | None]:
        """The story version each change recorded, in one round trip."""
        if not changes:
            return []
        async with self.redis.pipeline(transaction=False) as pipe:
            for change in changes:
                pipe.hget(self.keys.versions(change.story_id), str(change.version))
            raws = await guarded(pipe.execute())
        return [Story.model_validate_json(r) if r else None for r in raws]

    async def find_by_fingerprint(self, correspondent: str, fingerprint: str) -> str | None:
        raw = await guarded(self.redis.get(self.keys.fingerprint(correspondent, fingerprint)))
        return text(raw) if raw else None

    async def find_by_bands(self, bands: Sequence[str]) -> str | None:
        """The first stored story sharing an LSH band with ``bands`` (a near duplicate)."""
        if not bands:
            return None
        found = await guarded(
            self.redis.mget([self.keys.band(i, b) for i, b in enumerate(bands)])
        )
        hits = [text(f) for f in found if f]
        return max(set(hits), key=hits.count) if hits else None

    async def idempotency_record(self, principal: str, key: str) -> dict[str, Any] | None:
        """The first answer to ``key``; when writes wait for the AOF or replicas, one found
        is confirmed the same way before it is answered again."""
        name = self.keys.idempotency(principal, key)
        if not self.confirmed.durability.waits:
            raw = await guarded(self.redis.get(name))
            return cast(dict[str, Any], json.loads(raw)) if raw else None
        await self.confirmed.precheck(name)
        raw, waits = await self.confirmed.run(self._touch_body, [name], [])
        if not raw:
            return None
        self.confirmed.require(waits, "The story first sent with this Idempotency-Key")
        return cast(dict[str, Any], json.loads(raw))

    async def page(
        self, index: str, *, before: int | None = None, count: int = 50, inclusive: bool = False
    ) -> list[tuple[str, int]]:
        """Story ids of ``index``, newest first, with their feed scores (ms), below ``before``."""
        top: int | str = "+inf" if before is None else f"{'' if inclusive else '('}{before}"
        rows = cast(ScoredRows, await guarded(
            self.redis.zrevrangebyscore(index, top, "-inf", start=0, num=count, withscores=True)
        ))
        return [(text(sid), int(score)) for sid, score in rows]

    async def newest_change(self) -> str | None:
        rows = cast(StreamRows, await guarded(self.redis.xrevrange(self.keys.changes(), count=1)))
        return text(rows[0][0]) if rows else None

    async def changes_after(self, cursor: str | None, count: int) -> list[Change]:
        low = "-" if cursor is None else f"({cursor}"
        rows = cast(StreamRows, await guarded(
            self.redis.xrange(self.keys.changes(), low, "+", count=count)
        ))
        return [
            Change(
                cursor=text(cid),
                event=text(f[b"event"]),
                story_id=text(f[b"id"]),
                version=int(f[b"version"]),
            )
            for cid, f in rows
        ]

    async def probe(self) -> str | None:
        """What part of the catalogue fails to answer (None: all of it answers).

        A real read of a catalogue key and a script on the catalogue's node: a PING alone
        says nothing of a cluster whose catalogue slot has no primary, or of scripts."""
        keys = self.keys
        checks: tuple[tuple[str, Callable[[], Awaitable[object]]], ...] = (
            ("catalogue read", lambda: self.redis.xrevrange(keys.changes(), count=1)),
            ("catalogue script", lambda: self._ready(keys=[keys.clock(), keys.changes()])),
        )
        for name, check in checks:
            try:
                await check()
            except Exception as exc:  # any failure means not ready
                log.warning("not ready", check=name, error=repr(exc))
                return name
        return None

    async def due_embargoes(self, now: datetime, limit: int = 100) -> list[str]:
        rows = cast(list[bytes], await guarded(
            self.redis.zrangebyscore(self.keys.embargoes(), "-inf", to_ms(now), start=0, num=limit)
        ))
        return [text(r) for r in rows]

    async def next_embargo(self) -> datetime | None:
        rows = cast(ScoredRows, await guarded(
            self.redis.zrange(self.keys.embargoes(), 0, 0, withscores=True)
        ))
        return from_ms(int(rows[0][1])) if rows else None

    # -- writes ------------------------------------------------------------------------
    async def commit(self, request: CommitRequest) -> CommitResult:
        """Write one version atomically, choosing a change time no earlier than the last."""
        ts = to_ms(self.clock())
        await self.confirmed.precheck(self.keys.changes())
        for _ in range(100):
            story = request.build(from_ms(ts))
            reply, waits = await self._run_commit(request, story, ts)
            kind, value = reply[0].decode(), reply[1].decode()
            if kind == "clock":
                ts = int(value)
                continue
            if kind in ("ok", "idem", "duplicate"):
                # The story (or, replayed, the first one) is acknowledged: it must be where
                # the settings say before it is (conflicts write nothing to confirm).
                self.confirmed.require(waits, "The story")
            if kind == "ok":
                return CommitResult(Outcome.COMMITTED, story=story, change_id=value)
            if kind == "idem":
                return CommitResult(Outcome.REPLAYED, idempotency_record=json.loads(value))
            if kind == "conflict":
                return CommitResult(Outcome.CONFLICT, current_version=int(value))
            return CommitResult(Outcome.DUPLICATE, existing_id=value)
        raise StorageUnavailable("The change log clock kept moving; retry the request.")

    async def _run_commit(self, request: CommitRequest, story: Story, ts: int
                          ) -> tuple[list[bytes], list[Any]]:
        """The script's reply and, when writes wait, the waits' replies (same connection)."""
        keys = self.keys
        add = index_keys(keys, story)
        remove = [k for k in index_keys(keys, request.previous) if k not in add] if (
            request.previous
        ) else []
        bands = [keys.band(i, b) for i, b in enumerate(request.bands)]
        idem = request.idempotency
        embargo = to_ms(story.embargoed) if story.embargoed else 0
        key_list = [
            keys.story(story.id),
            keys.versions(story.id),
            keys.changes(),
            keys.clock(),
            keys.index_names(),
            keys.embargoes(),
            keys.idempotency(idem.principal, idem.key) if idem else keys.idempotency("-", "-"),
            keys.fingerprint(story.correspondent, story.fingerprint),
            keys.changes_capped(),
            *add,
            *remove,
            *bands,
        ]
        args: list[str | int] = [
            request.expected_version,
            story.version,
            story.model_dump_json(),
            ts,
            to_ms(request.feed_time(story)),
            request.event,
            story.id,
            embargo,
            json.dumps(idem.record) if idem else "",
            idem.ttl_seconds if idem else 0,
            len(add),
            len(remove),
            len(bands),
            keys.events_channel(),
            STREAM_MAXLEN,
            await publish_command(self.redis),
        ]
        if self.confirmed.durability.waits:
            reply, waits = await self.confirmed.run(self._commit_body, key_list, args)
            return cast(list[bytes], reply), waits
        return cast(list[bytes], await guarded_write(self._commit(keys=key_list, args=args))), []

    async def release(self, sid: str, now: datetime) -> str | None:
        """Publish an embargoed story whose time has come; None if another worker did."""
        keys = self.keys
        reply = await guarded(
            self._release(
                keys=[keys.embargoes(), keys.story(sid), keys.changes(), keys.clock(),
                      keys.changes_capped()],
                args=[sid, to_ms(now), keys.events_channel(), STREAM_MAXLEN,
                      await publish_command(self.redis)],
            )
        )
        return reply.decode() if reply else None

    async def purge(self, sid: str) -> bool:
        """Delete a story and every trace of it in feeds; False when there is none."""
        story = await self.get(sid)
        if story is None:
            return False
        keys = self.keys
        reply = await guarded(self._purge(
            keys=[keys.story(sid), keys.versions(sid), keys.changes(), keys.clock(),
                  keys.embargoes(), keys.fingerprint(story.correspondent, story.fingerprint),
                  keys.changes_capped(), *index_keys(keys, story)],
            args=[sid, to_ms(self.clock()), keys.events_channel(), STREAM_MAXLEN,
                  await publish_command(self.redis)],
        ))
        return bool(reply)

    async def trim(self, older_than: datetime) -> int:
        """Drop stories older than ``older_than`` from every feed index (kept for GET by id),
        and changes older than it from the change log, except those a consumer group (the
        push fan-out) has not read and acknowledged yet: ``changes_trim.lua``."""
        names = await guarded(self.redis.smembers(self.keys.index_names()))
        cutoff = to_ms(older_than)
        removed = 0
        for name in names:
            removed += await guarded(self.redis.zremrangebyscore(name, "-inf", f"({cutoff}"))
        trimmed, kept_from, held = cast(list[Any], await guarded(self._trim_changes(
            keys=[self.keys.changes()], args=[cutoff])))
        if int(held):
            # Not an error: push is down or behind, and retention waits for it (the log
            # grows meanwhile, up to its cap: see wire_push_fanout_lag in /metrics).
            log.warning("retention kept changes a consumer group has not fanned out",
                        kept_from=text(kept_from), cutoff=cutoff, trimmed=int(trimmed))
        return removed


def ids_of(rows: Iterable[tuple[str, int]]) -> list[str]:
    return [sid for sid, _ in rows]
