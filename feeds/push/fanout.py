"""From the change log to the outboxes: which target hears of which change.

The change log is read through the consumer group ``push``; a change is acknowledged only
after it is queued for every target, so a worker that dies mid-batch leaves the batch
pending and the next lease holder claims it (``XAUTOCLAIM``) and runs it again; the
outbox script makes that rerun queue nothing twice. One worker fans out at a time (a
lease), because queueing in log order is what keeps each target's outbox in order.

Who hears of a change is what the cursor API would show the partner now
(``feeds.cursor.partner_items``): a webhook gets every change its partner may see (of the
events it asked for); a WebSub subscription gets those that touch its topic's feed.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, cast

import structlog

from feeds.cursor import partner_items
from feeds.push.outbox import Outbox, claimed_rows, read_rows
from feeds.push.targets import Target, TargetStore, create_group
from feeds.push.topics import stored_topic
from feeds.selection import Selection, from_entitlements
from wire.errors import WireError
from wire.storage.accounts import AccountStore, Partner
from wire.storage.client import StoreClient
from wire.storage.keys import Keys
from wire.storage.store import Change, StoryStore, StreamRows, guarded, text
from wire.story import Story

if TYPE_CHECKING:  # the metrics are the service's; the CLI's endpoints need none
    from wire.ops.metrics import Metrics

log = structlog.get_logger("wire.push")
GROUP = "push"
BATCH = 50  # changes per step: one step stays well inside the fan-out lease
LAG_COUNT_MAX = 10_000  # when Redis cannot tell the lag, count at most this many (a floor)


async def ensure_change_group(redis: StoreClient, keys: Keys) -> None:
    """The fan-out's consumer group on the change log, from the newest change on.

    Made when the first target is added (and at every start), so changes committed while
    no worker runs (a CLI import) are still fanned out once one does.
    """
    await guarded(create_group(redis, keys.changes(), GROUP, "$"))


@dataclass(frozen=True)
class FanoutState:
    """How far the fan-out is behind the change log, for ``/metrics``."""

    lag: int
    """Changes not read yet by the group (0 with no group: nothing holds the log)."""
    pending: int
    """Changes read and not yet acknowledged."""
    capped: int
    """Changes the log's hard cap dropped, ever."""


async def fanout_state(redis: StoreClient, keys: Keys) -> FanoutState:
    """The ``push`` group's lag and pending count (``XINFO GROUPS``, Redis 7+ and Valkey)."""
    changes = keys.changes()
    groups: Any = await guarded(redis.xinfo_groups(changes)) if await guarded(
        redis.exists(changes)) else []
    capped = int(await guarded(redis.get(keys.changes_capped())) or 0)
    for group in groups:
        if text(group["name"]) != GROUP:
            continue
        lag = group.get("lag")
        if lag is None:
            # Redis reports no lag after entries inside the group's range were deleted;
            # the change log is never XDELed, but the figure must not vanish if it is.
            rows = cast(StreamRows, await guarded(redis.xrange(
                changes, f"({text(group['last-delivered-id'])}", "+", count=LAG_COUNT_MAX)))
            lag = len(rows)
        return FanoutState(int(lag), int(group["pending"]), capped)
    return FanoutState(0, 0, capped)


def _entries(rows: StreamRows) -> list[Change]:
    return [Change(cursor=text(cid), event=text(f[b"event"]), story_id=text(f[b"id"]),
                   version=int(f[b"version"])) for cid, f in rows if f]


class Fanout:
    def __init__(self, redis: StoreClient, keys: Keys, store: StoryStore, accounts: AccountStore,
                 targets: TargetStore, outbox: Outbox, metrics: Metrics | None = None) -> None:
        self.redis = redis
        self.keys = keys
        self.store = store
        self.accounts = accounts
        self.targets = targets
        self.outbox = outbox
        self.metrics = metrics
        self.consumer = f"fanout-{uuid.uuid4().hex[:12]}"

    async def step(self, now_ms: int) -> tuple[int, list[str]]:
        """Fan out one batch; (changes handled, targets given work)."""
        changes_key = self.keys.changes()
        claimed: Any = await guarded(self.redis.xautoclaim(
            changes_key, GROUP, self.consumer, 0, "0-0", count=BATCH))
        rows = claimed_rows(claimed)
        if not rows:
            read: Any = await guarded(self.redis.xreadgroup(
                GROUP, self.consumer, {changes_key: ">"}, count=BATCH))
            rows = read_rows(read)
        ids = [text(r[0]) for r in rows]
        if not ids:
            return 0, []
        touched = await self._queue(_entries(rows))
        await self.outbox.mark_due(touched, now_ms)
        await guarded(self.redis.xack(changes_key, GROUP, *ids))
        return len(ids), touched

    async def _queue(self, changes: Sequence[Change]) -> list[str]:
        targets = await self.targets.all()
        if not changes or not targets:
            return []
        audiences = await self._audiences(targets)
        views: dict[Selection, list[dict[str, Any] | None]] = {}
        for rights, _ in audiences.values():
            if rights not in views:
                views[rights] = await partner_items(self.store, changes, rights)
        versions = await self.store.versions_at(changes)
        current = {s.id: s for s in await self.store.get_many(
            list(dict.fromkeys(c.story_id for c in changes)))}
        # A version that moved the story out of a feed changes that feed too: WebSub needs
        # the version before it to see so.
        before = await self.store.versions_at([replace(c, version=c.version - 1)
                                               for c in changes if c.version > 1])
        previous = dict(zip([i for i, c in enumerate(changes) if c.version > 1], before,
                            strict=True))
        touched: dict[str, None] = {}
        for i, change in enumerate(changes):
            wanted: list[Target] = []
            for target in targets:
                audience = audiences.get(target.id)
                if audience is None:
                    continue
                item = views[audience[0]][i]
                if item is None:
                    continue
                if target.kind == "webhook" and item["event"] not in target.events:
                    continue
                if target.kind == "websub" and not _touches(
                        audience[1], versions[i], current.get(change.story_id),
                        previous.get(i)):
                    continue
                wanted.append(target)
            overflowed: list[Target] = []
            for target, (queued, moved) in zip(
                    wanted, await self.outbox.queue([t.id for t in wanted], change),
                    strict=True):
                if queued >= 0:
                    touched[target.id] = None
                if moved:
                    overflowed.append(target)
                    self._count("overflowed", target, moved)
            for target in overflowed:  # another step per target: its dead letters' bound
                self._count("dropped", target, await self.outbox.bound_dead(target.id))
        return list(touched)

    def _count(self, what: str, target: Target, n: int) -> None:
        """Nothing leaves an outbox without a trace: a log line and a counter."""
        if not n:
            return
        if what == "overflowed":
            log.warning("push outbox over its bound: the oldest undelivered went to the "
                        "dead letters", target=target.id, entries=n)
        else:
            log.warning("push dead letters over their bound: the oldest were dropped",
                        target=target.id, entries=n)
        if self.metrics is not None:
            counter = (self.metrics.push_overflowed if what == "overflowed"
                       else self.metrics.push_dropped)
            counter.labels(target.kind).inc(n)

    async def _audiences(self, targets: Sequence[Target]) -> dict[
            str, tuple[Selection, Selection]]:
        """Per target: the partner's rights now, and the feed's own selection (WebSub)."""
        partners: dict[str, Partner | None] = {}
        by_token: dict[str, Partner | None] = {}
        out: dict[str, tuple[Selection, Selection]] = {}
        for target in targets:
            if target.kind == "webhook":
                if target.partner not in partners:
                    partners[target.partner] = await self.accounts.partner(target.partner)
                found = partners[target.partner]
                if found is not None:
                    out[target.id] = (from_entitlements(found.entitlements), Selection())
                continue
            try:
                topic = stored_topic(target.topic, target.token)
            except WireError:
                continue
            if topic.token not in by_token:
                principal = await self.accounts.authenticate(topic.token)
                by_token[topic.token] = await self.accounts.partner(principal.id) if (
                    principal is not None and principal.kind == "partner") else None
            partner = by_token[topic.token]  # None: revoked; delivery drops the subscription
            if partner is not None:
                out[target.id] = (from_entitlements(partner.entitlements), topic.selection())
        return out


def _touches(feed: Selection, *stories: Story | None) -> bool:
    """True when the change alters the feed's document: the story is, or was, in it."""
    return any(s is not None and feed.matches(s) for s in stories)
