"""The Redis side of push delivery: queue, claim, acknowledge, retry, dead-letter.

Each target has a stream with one consumer group (``deliver``). Whoever holds the target's
lease reads its head: first ``XAUTOCLAIM`` (what a crashed worker had taken but not
acknowledged, always the oldest), then ``XREADGROUP`` for new entries. A delivered entry
is acknowledged and deleted in one ``MULTI``, so the stream holds exactly what is left to
deliver. Every step touches one target's keys only, or the ``{push}`` schedule alone.
"""

from __future__ import annotations

import asyncio
import json
import random
from collections.abc import Awaitable, Sequence
from dataclasses import dataclass
from importlib import resources
from typing import Any, cast

from feeds.push.targets import GROUP
from wire.storage.client import StoreClient, is_cluster
from wire.storage.keys import Keys
from wire.storage.store import Change, StreamRows, guarded, text

OUTBOX_MAXLEN = 100_000  # defaults of WIRE_PUSH__OUTBOX_MAX and …DEAD_LETTER_MAX
CLUSTER_BATCH = 16
DEAD_MAXLEN = 100_000


def _script(redis: StoreClient, name: str) -> Any:
    return redis.register_script(
        resources.files("wire").joinpath("lua", name).read_text(encoding="utf-8"))


@dataclass(frozen=True)
class Entry:
    """One queued delivery: the outbox entry id and the change it is about."""

    id: str
    change: Change

    @property
    def msg_id(self) -> str:
        """The ``webhook-id``: the same on every retry and replay of this change."""
        return f"msg_{self.change.cursor}"


def backoff(attempt: int, base: float, cap: float, rng: random.Random) -> float:
    """Seconds before retry ``attempt`` (1, 2, …): doubling from ``base`` up to ``cap``,
    with "equal jitter" (half fixed, half random) so failed targets do not retry in step."""
    delay: float = min(cap, base * 2 ** min(attempt - 1, 40))
    return delay / 2 + rng.uniform(0, delay / 2)


def read_rows(reply: Any) -> StreamRows:  # for the change log's consumer group
    """The entries of an ``XREADGROUP`` reply on one stream: ``[[stream, entries]]`` (the
    clients speak RESP2; redis-py's annotations describe RESP3's map)."""
    return cast(StreamRows, reply[0][1]) if reply else []


def claimed_rows(reply: Any) -> StreamRows:
    """The entries of an ``XAUTOCLAIM`` reply: ``[next, entries, deleted]``."""
    return cast(StreamRows, reply[1])


def _entries(rows: StreamRows) -> list[Entry]:
    out = []
    for eid, fields in rows:
        if not fields:  # XAUTOCLAIM reports entries deleted meanwhile without fields
            continue
        out.append(Entry(text(eid), Change(
            cursor=text(fields[b"cursor"]), event=text(fields[b"event"]),
            story_id=text(fields[b"id"]), version=int(fields[b"version"]))))
    return out


def overflow_error(bound: int) -> str:
    return (f"not attempted: the outbox was over its bound of {bound} undelivered events "
            "(WIRE_PUSH__OUTBOX_MAX), and this was the oldest not in flight")


class Outbox:
    def __init__(self, redis: StoreClient, keys: Keys, *, outbox_max: int = OUTBOX_MAXLEN,
                 dead_max: int = DEAD_MAXLEN) -> None:
        """``outbox_max`` and ``dead_max`` bound each target's streams; past them entries
        move (outbox → dead letters) or are dropped and counted (dead letters), never
        trimmed without a trace."""
        self.redis = redis
        self.keys = keys
        self.outbox_max = outbox_max
        self.dead_max = dead_max
        self._add = _script(redis, "outbox_add.lua")
        self._bound_dead = _script(redis, "dead_bound.lua")
        self._replay = _script(redis, "dead_replay.lua")
        self._lease = _script(redis, "lease.lua")
        self._take = _script(redis, "outbox_take.lua")

    # -- queueing (fan-out) ------------------------------------------------------------
    async def queue(self, tids: Sequence[str], change: Change) -> list[tuple[int, int]]:
        """Queue ``change`` for each target, in one pipeline (each script touches one
        target's slot): per target (1 queued, 0 queued before (a fan-out rerun) or -1 gone;
        entries its outbox's bound moved to the dead letters)."""
        if not tids:
            return []
        keys = self.keys
        error = overflow_error(self.outbox_max)

        def add(tid: str, client: Any = None) -> Awaitable[Any]:
            return cast(Awaitable[Any], self._add(
                keys=[keys.outbox(tid), keys.target_state(tid), keys.dead_letters(tid)],
                args=[change.cursor, change.event, change.story_id, change.version,
                      self.outbox_max, GROUP, error], client=client))

        if is_cluster(self.redis):
            # redis-py refuses EVALSHA in a cluster pipeline: the targets' scripts go out
            # concurrently instead, a bounded number at a time (each holds a connection).
            replies: list[Any] = []
            for start in range(0, len(tids), CLUSTER_BATCH):
                batch = tids[start:start + CLUSTER_BATCH]
                replies += await guarded(asyncio.gather(*(add(t) for t in batch)))
        else:
            async with self.redis.pipeline(transaction=False) as pipe:
                for tid in tids:
                    await add(tid, pipe)
                replies = await guarded(pipe.execute())
        return [(int(queued), int(moved)) for queued, moved in replies]

    async def bound_dead(self, tid: str) -> int:
        """Hold the target's dead letters to their bound; how many (oldest) were dropped.

        A step of its own after the one that added dead letters: between the two the
        stream may be over its bound by a few, never short of anything."""
        keys = self.keys
        return int(await guarded(self._bound_dead(
            keys=[keys.dead_letters(tid), keys.target_state(tid)], args=[self.dead_max])))

    async def mark_due(self, tids: Sequence[str], at_ms: int) -> None:
        """Schedule ``tids`` now, leaving alone those already scheduled (a backoff holds)."""
        if tids:
            await guarded(self.redis.zadd(self.keys.push_due(), dict.fromkeys(tids, at_ms),
                                          nx=True))

    async def due(self, now_ms: int, limit: int) -> list[str]:
        rows = cast(list[bytes], await guarded(self.redis.zrangebyscore(
            self.keys.push_due(), "-inf", now_ms, start=0, num=limit)))
        return [text(r) for r in rows]

    async def retry_at(self, tid: str, at_ms: int) -> None:
        await guarded(self.redis.zadd(self.keys.push_due(), {tid: at_ms}))

    async def settle(self, tid: str, now_ms: int) -> None:
        """Take an idle target off the schedule, then look again: the fan-out queues before
        it schedules, so an entry queued meanwhile is seen here and rescheduled."""
        await guarded(self.redis.zrem(self.keys.push_due(), tid))
        if await guarded(self.redis.xlen(self.keys.outbox(tid))):
            await self.mark_due([tid], now_ms)

    # -- leases ------------------------------------------------------------------------
    async def acquire(self, key: str, holder: str, ttl_ms: int) -> bool:
        return bool(await guarded(self.redis.set(key, holder, nx=True, px=ttl_ms)))

    async def renew(self, key: str, holder: str, ttl_ms: int) -> bool:
        return bool(await guarded(self._lease(keys=[key], args=[holder, ttl_ms])))

    async def release(self, key: str, holder: str) -> None:
        await guarded(self._lease(keys=[key], args=[holder, 0]))

    # -- delivering --------------------------------------------------------------------
    async def take(self, tid: str, holder: str, count: int, lease_ms: int,
                   delivered: Sequence[Entry] = ()) -> list[Entry] | None:
        """Take or keep the target's lease, acknowledge ``delivered`` and take the next
        entries, in one step. None: another worker holds the lease. []: nothing left, and
        the lease is given up."""
        keys = self.keys
        rows: Any = await guarded(self._take(
            keys=[keys.outbox(tid), keys.target_state(tid), keys.target_lease(tid)],
            args=[GROUP, holder, count, lease_ms, *(e.id for e in delivered)]))
        if rows is None:
            return None
        # Lua turns a stream entry's field map into a flat list.
        return _entries([(eid, dict(zip(flat[::2], flat[1::2], strict=True)))
                         for eid, flat in rows])

    async def failed(self, tid: str, now_ms: int, error: str) -> tuple[int, int]:
        """Count a failed attempt; (attempts so far, ms of the first failure)."""
        state = self.keys.target_state(tid)
        async with self.redis.pipeline(transaction=True) as pipe:
            pipe.hincrby(state, "attempts", 1)
            pipe.hsetnx(state, "first_failure", now_ms)
            pipe.hset(state, "last_error", error[:500])
            pipe.hget(state, "first_failure")
            attempts, _, _, first = await guarded(pipe.execute())
        return int(attempts), int(first)

    async def bury(self, tid: str, entries: Sequence[Entry], attempts: int, error: str) -> int:
        """Move entries to the dead-letter stream, all in one step; then hold that stream
        to its bound (how many old dead letters that dropped)."""
        keys = self.keys
        ids = [e.id for e in entries]
        async with self.redis.pipeline(transaction=True) as pipe:
            for entry in entries:
                change = entry.change
                pipe.xadd(keys.dead_letters(tid), {
                    "cursor": change.cursor, "event": change.event, "id": change.story_id,
                    "version": change.version, "attempts": attempts, "error": error[:500]})
            pipe.xack(keys.outbox(tid), GROUP, *ids)
            pipe.xdel(keys.outbox(tid), *ids)
            pipe.hdel(keys.target_state(tid), "attempts", "first_failure")
            await guarded(pipe.execute())
        return await self.bound_dead(tid)

    async def dead(self, tid: str) -> list[dict[str, str]]:
        rows = cast(StreamRows, await guarded(self.redis.xrange(self.keys.dead_letters(tid))))
        return [{text(k): text(v) for k, v in fields.items()} for _, fields in rows]

    async def replay(self, tid: str, now_ms: int) -> tuple[int, int]:
        """Queue the dead letters again (behind what is queued now), in their order, as many
        as the outbox's bound leaves room for: (queued again, left in the dead letters)."""
        keys = self.keys
        queued, left = cast(list[int], await guarded(self._replay(
            keys=[keys.dead_letters(tid), keys.outbox(tid), keys.target_state(tid)],
            args=[self.outbox_max])))
        if queued:
            await self.mark_due([tid], now_ms)
        return int(queued), int(left)


def dead_letter_json(fields: dict[str, str]) -> str:
    return json.dumps(fields, ensure_ascii=False)
