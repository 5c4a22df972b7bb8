"""Push targets as stored: a partner's webhook endpoints and WebSub subscriptions.

Both live in one hash (``{push}:targets``), small enough to read whole on each fan-out
batch, so delivery never needs a SCAN. A target's own keys (outbox, state, lease, dead
letters) share the ``{pt:<id>}`` tag. Secrets are kept in the clear because the service
must sign with them; they are shown to the partner once and never listed.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from datetime import datetime, timedelta
from importlib import resources
from typing import Literal, cast

from pydantic import BaseModel, ConfigDict
from redis.exceptions import ResponseError

from wire.errors import NotFound
from wire.storage.client import StoreClient, publish
from wire.storage.keys import Keys
from wire.storage.store import StreamRows, guarded, text

EVENTS = ("published", "updated", "corrected", "killed", "withheld", "released")
GROUP = "deliver"
Kind = Literal["webhook", "websub"]


class Target(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: str
    kind: Kind
    partner: str
    """The partner's id (for WebSub: the partner of the topic's token when subscribed)."""
    url: str
    """Where deliveries go: the webhook URL or the WebSub ``hub.callback``."""
    created: datetime
    events: tuple[str, ...] = EVENTS
    secret: str = ""
    """``whsec_…`` for webhooks; the subscriber's ``hub.secret`` (may be empty) for WebSub."""
    previous_secret: str = ""
    previous_until: datetime | None = None
    topic: str = ""
    """WebSub: the canonical feed URL subscribed to (its ``rel=self``)."""
    token: str = ""
    """WebSub: the partner token that authorizes the subscription."""
    expires: datetime | None = None
    """WebSub: end of the lease."""

    def signing_keys(self, now: datetime) -> list[str]:
        """The secrets a webhook is signed with now: the current one, and the previous
        one while its grace period after a rotation lasts."""
        keys = [self.secret]
        if self.previous_secret and self.previous_until and now < self.previous_until:
            keys.append(self.previous_secret)
        return keys


async def create_group(redis: StoreClient, stream: str, group: str, start: str) -> None:
    """Make a consumer group (and its stream) unless it exists already."""
    try:
        await redis.xgroup_create(stream, group, id=start, mkstream=True)
    except ResponseError as exc:
        if "BUSYGROUP" not in str(exc):
            raise


def new_webhook_id() -> str:
    return f"wh_{secrets.token_hex(8)}"


class TargetStore:
    def __init__(self, redis: StoreClient, keys: Keys) -> None:
        self.redis = redis
        self.keys = keys
        self._expire = redis.register_script(resources.files("wire").joinpath(
            "lua", "target_expire.lua").read_text(encoding="utf-8"))
        self._parsed: dict[bytes, Target] = {}
        """Records by their stored bytes: the registry is read once per change, and
        parsing hundreds of unchanged records each time is most of that read's cost."""

    async def _announce(self) -> None:
        """Tell every worker that targets changed (on the accounts channel, which ends what
        workers remember of accounts and targets: see ``feeds.push.memo``)."""
        await guarded(publish(self.redis, self.keys.accounts_channel(), "targets"))

    async def all(self) -> list[Target]:
        raws = cast(list[bytes], await guarded(self.redis.hvals(self.keys.push_targets())))
        if len(self._parsed) > 4 * len(raws) + 1000:
            self._parsed = {}
        out = []
        for raw in raws:
            found = self._parsed.get(raw)
            if found is None:
                found = self._parsed[raw] = Target.model_validate_json(raw)
            out.append(found)
        return out

    async def get(self, tid: str) -> Target | None:
        raw = await guarded(self.redis.hget(self.keys.push_targets(), tid))
        return Target.model_validate_json(raw) if raw else None

    async def of_partner(self, pid: str, kind: Kind = "webhook") -> list[Target]:
        found = [t for t in await self.all() if t.partner == pid and t.kind == kind]
        return sorted(found, key=lambda t: (t.created, t.id))

    async def put(self, target: Target, since: str | None) -> None:
        """Store ``target``; a new one gets an outbox that starts after change ``since``.

        The state hash is created first: the fan-out queues nothing for a target without
        one, so a target is never fed before its outbox and consumer group exist. It is
        looked at again after the record is written: a removal of the same id running
        meanwhile may have deleted it (see ``_drop_keys``).
        """
        keys = self.keys
        await self._ensure_outbox(target.id, since)
        # The record and its lease end change together: ``expire`` trusts the end it reads.
        async with self.redis.pipeline(transaction=True) as pipe:
            pipe.hset(keys.push_targets(), target.id, target.model_dump_json())
            if target.expires is not None:
                pipe.zadd(keys.push_expiry(), {target.id: int(target.expires.timestamp() * 1000)})
            await guarded(pipe.execute())
        if not await guarded(self.redis.exists(keys.target_state(target.id))):
            await self._ensure_outbox(target.id, since)
        await self._announce()

    async def _ensure_outbox(self, tid: str, since: str | None) -> None:
        await guarded(self.redis.hsetnx(self.keys.target_state(tid), "fanned", since or "0-0"))
        await guarded(create_group(self.redis, self.keys.outbox(tid), GROUP, "0"))

    async def remove(self, tid: str) -> bool:
        """Forget a target and everything queued for it; False when there was none."""
        removed = await self._forget(tid)
        await self._drop_keys(tid)
        await self._announce()
        return removed

    async def _forget(self, tid: str) -> bool:
        """The registry's side of a removal, in one step (all ``{push}``)."""
        keys = self.keys
        async with self.redis.pipeline(transaction=True) as pipe:
            pipe.hdel(keys.push_targets(), tid)
            pipe.zrem(keys.push_due(), tid)
            pipe.zrem(keys.push_expiry(), tid)
            removed, _, _ = await guarded(pipe.execute())
        return bool(removed)

    async def _drop_keys(self, tid: str) -> None:
        """The target's own keys (``{pt:…}``, another slot, so another step). A ``put`` of
        the same id between the two steps (a subscriber subscribing again) has a record
        again: its outbox is made anew, from the newest change, instead of leaving it
        a record the fan-out never feeds."""
        keys = self.keys
        async with self.redis.pipeline(transaction=True) as pipe:
            pipe.delete(keys.outbox(tid), keys.target_state(tid), keys.target_lease(tid),
                        keys.dead_letters(tid))
            await guarded(pipe.execute())
        if await guarded(self.redis.hexists(keys.push_targets(), tid)):
            newest = cast(StreamRows, await guarded(self.redis.xrevrange(keys.changes(),
                                                                         count=1)))
            await self._ensure_outbox(tid, text(newest[0][0]) if newest else None)

    async def expire(self, sid: str, now_ms: int) -> bool:
        """Forget a WebSub subscription whose lease has ended by ``now_ms``; False when it
        was renewed meanwhile (or is gone), and is then left alone."""
        keys = self.keys
        if not await guarded(self._expire(
                keys=[keys.push_targets(), keys.push_expiry(), keys.push_due()],
                args=[sid, now_ms])):
            return False
        await self._drop_keys(sid)
        await self._announce()
        return True

    async def rotate(self, target: Target, secret: str, now: datetime,
                     grace: timedelta) -> Target:
        rotated = target.model_copy(update={
            "secret": secret, "previous_secret": target.secret,
            "previous_until": now + grace if grace.total_seconds() > 0 else None})
        await guarded(self.redis.hset(self.keys.push_targets(), target.id,
                                      rotated.model_dump_json()))
        await self._announce()
        return rotated

    async def expired(self, now_ms: int, limit: int = 100) -> list[str]:
        rows = cast(list[bytes], await guarded(self.redis.zrangebyscore(
            self.keys.push_expiry(), "-inf", now_ms, start=0, num=limit)))
        return [text(r) for r in rows]

    async def status(self, targets: Sequence[Target]) -> list[TargetStatus]:
        """Queue lengths and the last failure of each target, in one pipeline of reads."""
        if not targets:
            return []
        keys = self.keys
        async with self.redis.pipeline(transaction=False) as pipe:
            for target in targets:
                pipe.xlen(keys.outbox(target.id))
                pipe.xlen(keys.dead_letters(target.id))
                pipe.hgetall(keys.target_state(target.id))
            replies = await guarded(pipe.execute())
        out = []
        for i in range(0, len(replies), 3):
            backlog, dead, state = replies[i:i + 3]
            fields = {text(k): text(v) for k, v in state.items()}
            out.append(TargetStatus(backlog=int(backlog), dead=int(dead),
                                    overflowed=int(fields.get("overflowed", 0)),
                                    dropped=int(fields.get("dropped", 0)),
                                    dropped_through=fields.get("dropped_through"),
                                    attempts=int(fields.get("attempts", 0)),
                                    last_error=fields.get("last_error", "")))
        return out


class TargetStatus(BaseModel):
    model_config = ConfigDict(frozen=True)

    backlog: int
    """Deliveries queued or in flight."""
    dead: int
    """Deliveries in the dead-letter queue (``wire partners webhook replay`` resends)."""
    overflowed: int = 0
    """Deliveries ever moved to the dead letters undelivered, the outbox being full."""
    dropped: int = 0
    """Dead letters ever dropped, oldest first, the dead-letter queue being full."""
    dropped_through: str | None = None
    """The newest cursor dropped: the cursor API has what came after it."""
    attempts: int
    """Failed attempts of the delivery at the head of the queue."""
    last_error: str


async def require(store: TargetStore, pid: str, tid: str, owner: str) -> Target:
    """The partner's webhook ``tid``; NotFound (naming the listing command) otherwise."""
    found = await store.get(tid)
    if found is None or found.partner != pid or found.kind != "webhook":
        raise NotFound(f"{owner} has no webhook endpoint {tid!r}; list them to see the ids.")
    return found
