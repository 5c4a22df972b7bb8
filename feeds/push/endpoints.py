"""Webhook endpoints as partners and the desk manage them (API and CLI share these)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from feeds.push.callbacks import CallbackPolicy
from feeds.push.fanout import ensure_change_group
from feeds.push.outbox import Outbox
from feeds.push.signing import new_secret
from feeds.push.targets import EVENTS, Target, TargetStatus, TargetStore, new_webhook_id, require
from wire.errors import InvalidField
from wire.storage.accounts import Partner
from wire.storage.client import StoreClient
from wire.storage.keys import Keys
from wire.storage.store import StoryStore

MAX_ENDPOINTS = 20


def check_events(events: Iterable[str]) -> tuple[str, ...]:
    chosen = tuple(dict.fromkeys(e.strip().lower() for e in events if e.strip()))
    unknown = [e for e in chosen if e not in EVENTS]
    if unknown:
        raise InvalidField(f"Unknown event {unknown[0]!r}; events are {', '.join(EVENTS)} "
                           "(leave them out to get all).")
    return chosen or EVENTS


def endpoint_json(target: Target, status: TargetStatus | None = None) -> dict[str, Any]:
    """What a partner and the desk see of an endpoint: never its secret."""
    doc: dict[str, Any] = {
        "id": target.id, "url": target.url, "events": list(target.events),
        "created": target.created.isoformat().replace("+00:00", "Z"),
        "previous_secret_valid_until": (
            target.previous_until.isoformat().replace("+00:00", "Z")
            if target.previous_until else None),
    }
    if status is not None:
        doc.update(status.model_dump())
    return doc


class Endpoints:
    def __init__(self, redis: StoreClient, keys: Keys, store: StoryStore,
                 policy: CallbackPolicy, outbox: Outbox) -> None:
        """``outbox`` carries the bounds from the settings (replay respects them)."""
        self.redis = redis
        self.keys = keys
        self.store = store
        self.policy = policy
        self.targets = TargetStore(redis, keys)
        self.outbox = outbox

    async def add(self, partner: Partner, url: str, events: Iterable[str],
                  now: datetime) -> Target:
        """A new endpoint; it receives the changes committed from now on."""
        await self.policy.check(url)
        chosen = check_events(events)
        if len(await self.targets.of_partner(partner.id)) >= MAX_ENDPOINTS:
            raise InvalidField(f"{partner.name} has {MAX_ENDPOINTS} webhook endpoints, the "
                               "most allowed; remove one first.")
        target = Target(id=new_webhook_id(), kind="webhook", partner=partner.id,
                        url=url.strip(), created=now.replace(microsecond=0), events=chosen,
                        secret=new_secret())
        await ensure_change_group(self.redis, self.keys)
        await self.targets.put(target, since=await self.store.newest_change())
        return target

    async def listed(self, partner: Partner) -> list[tuple[Target, TargetStatus]]:
        found = await self.targets.of_partner(partner.id)
        return list(zip(found, await self.targets.status(found), strict=True))

    async def remove(self, partner: Partner, tid: str) -> Target:
        target = await require(self.targets, partner.id, tid, partner.name)
        await self.targets.remove(tid)
        return target

    async def rotate(self, partner: Partner, tid: str, now: datetime,
                     grace: timedelta) -> Target:
        target = await require(self.targets, partner.id, tid, partner.name)
        return await self.targets.rotate(target, new_secret(), now, grace)

    async def dead_letters(self, partner: Partner, tid: str) -> list[dict[str, str]]:
        await require(self.targets, partner.id, tid, partner.name)
        return await self.outbox.dead(tid)

    async def replay(self, partner: Partner, tid: str, now: datetime) -> tuple[int, int]:
        """(queued again, left in the dead letters because the outbox is at its bound)."""
        await require(self.targets, partner.id, tid, partner.name)
        return await self.outbox.replay(tid, int(now.timestamp() * 1000))
