"""StoryStore against a real Valkey: retention, commit outcomes, key slots."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import pytest
from redis.crc import key_slot

from feeds.push.fanout import fanout_state
from tests.unit.test_render import make_story
from wire.storage import store as store_module
from wire.storage.client import StoreClient, close, connect
from wire.storage.keys import Keys
from wire.storage.store import CommitRequest, Outcome, StoryStore, index_keys
from wire.story import Story

OLD = datetime(2020, 1, 1, tzinfo=UTC)


@pytest.fixture
async def redis(redis_url: str) -> AsyncIterator[StoreClient]:
    client = connect(redis_url)
    yield client
    await close(client)


def first_version(story: Story) -> CommitRequest:
    return CommitRequest(
        build=lambda ts: story.model_copy(update={"firstcreated": ts, "versioncreated": ts}),
        event="published", expected_version=0,
    )


async def test_retention_trims_indexes_but_keeps_stories(redis: StoreClient) -> None:
    keys = Keys("ret")
    old_store = StoryStore(redis, keys, clock=lambda: OLD)
    new_store = StoryStore(redis, keys)
    old = make_story(1, desk="politics", regions=("lampung",))
    new = make_story(2, desk="politics", regions=("lampung",), fingerprint="other")
    assert (await old_store.commit(first_version(old))).outcome is Outcome.COMMITTED
    assert (await new_store.commit(first_version(new))).outcome is Outcome.COMMITTED

    removed = await new_store.trim(datetime.now(UTC) - timedelta(days=30))

    assert removed == len(index_keys(keys, old))
    for index in index_keys(keys, new):
        assert [sid for sid, _ in await new_store.page(index)] == [new.id]
    assert await new_store.get(old.id) is not None, "trimmed stories stay readable by id"
    assert [c.story_id for c in await new_store.changes_after(None, 10)] == [new.id]


async def test_retention_keeps_changes_a_group_has_not_read_and_acknowledged(
        redis: StoreClient) -> None:
    """Four old changes; the group read two, acknowledged one: the pass past all of them
    keeps the pending one and everything after it, then all go once acknowledged."""
    keys = Keys("hold")
    old_store = StoryStore(redis, keys, clock=lambda: OLD)
    for n in range(4):
        await old_store.commit(first_version(make_story(10 + n, fingerprint=f"h{n}")))
    await redis.xgroup_create(keys.changes(), "push", id="0")
    read = await redis.xreadgroup("push", "c", {keys.changes(): ">"}, count=2)
    first, second = (cid for cid, _ in read[0][1])
    await redis.xack(keys.changes(), "push", first)
    assert (await fanout_state(redis, keys)).lag == 2
    assert (await fanout_state(redis, keys)).pending == 1

    await old_store.trim(datetime.now(UTC))
    kept = await old_store.changes_after(None, 10)
    assert kept[0].cursor.encode() == second and len(kept) == 3

    rest = await redis.xreadgroup("push", "c", {keys.changes(): ">"})
    await redis.xack(keys.changes(), "push", second, *(cid for cid, _ in rest[0][1]))
    await old_store.trim(datetime.now(UTC))
    assert await old_store.changes_after(None, 10) == []


async def test_the_change_logs_hard_cap_counts_what_it_drops(
        redis: StoreClient, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(store_module, "STREAM_MAXLEN", 5)  # '~' trims whole nodes (100)
    keys = Keys("cap")
    store = StoryStore(redis, keys)
    for n in range(260):
        await store.commit(first_version(make_story(100 + n, fingerprint=f"c{n}")))
    length = await redis.xlen(keys.changes())
    assert length < 260
    assert (await fanout_state(redis, keys)).capped == 260 - length


async def test_commit_refuses_stale_versions_and_duplicates(redis: StoreClient) -> None:
    store = StoryStore(redis, Keys("cmt"))
    story = make_story(3)
    assert (await store.commit(first_version(story))).outcome is Outcome.COMMITTED
    resent = make_story(30, fingerprint=story.fingerprint)  # same copy, same correspondent
    again = await store.commit(first_version(resent))
    assert again.outcome is Outcome.DUPLICATE and again.existing_id == story.id
    stale = await store.commit(CommitRequest(
        build=lambda ts: story.model_copy(update={"version": 2, "versioncreated": ts}),
        event="updated", expected_version=5, previous=story,
    ))
    assert stale.outcome is Outcome.CONFLICT and stale.current_version == 1


async def test_change_times_never_go_backwards(redis: StoreClient) -> None:
    """A writer whose clock is behind the newest change still commits after it."""
    keys = Keys("clk")
    ahead = StoryStore(redis, keys, clock=lambda: datetime(2030, 1, 1, tzinfo=UTC))
    behind = StoryStore(redis, keys, clock=lambda: OLD)
    await ahead.commit(first_version(make_story(4)))
    late = await behind.commit(first_version(make_story(5, fingerprint="late")))
    changes = await behind.changes_after(None, 10)
    assert [c.story_id for c in changes][-1] == late.story.id if late.story else False
    assert changes[0].cursor < changes[1].cursor


def test_each_atomic_write_touches_one_slot() -> None:
    keys = Keys("slot")
    story = make_story(6, desk="politics", regions=("lampung-barat", "lampung"))
    written = [keys.story(story.id), keys.versions(story.id), keys.changes(), keys.clock(),
               keys.index_names(), keys.embargoes(), keys.idempotency("c", "k"),
               keys.fingerprint("c", "f"), keys.band(0, "ab"), keys.changes_capped(),
               *index_keys(keys, story)]
    assert len({key_slot(k.encode()) for k in written}) == 1
    accounts = [keys.credential("h"), keys.partner("p"), keys.partner_names(),
                keys.correspondent("c"), keys.correspondent_names()]
    assert len({key_slot(k.encode()) for k in accounts}) == 1
