"""Push faults found in review, each shown on real parts (one Valkey server, the app over
HTTP, loopback subscribers)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import feedparser
import httpx
import pytest
import redis

from feeds.push.outbox import Outbox
from feeds.push.targets import Target, TargetStore
from tests.conftest import RunningApp, add_partner
from tests.push_support import cli_ok, post_story, push_app, push_env
from tests.receivers import receiving
from wire.storage.client import close, connect
from wire.storage.keys import Keys
from wire.storage.store import Change

PREFIX = "pushreview"


@pytest.fixture(scope="module")
def app(redis_url: str) -> Iterator[RunningApp]:
    # Attempts a quarter to half a second apart, so the test can act between two of them.
    with push_app(redis_url, PREFIX, backoff_base_seconds=0.5,
                  backoff_max_seconds=0.5) as running:
        yield running


@pytest.fixture
def env(redis_url: str) -> dict[str, str]:
    return push_env(redis_url, PREFIX)


def test_a_store_error_while_rendering_a_websub_document_is_retried_not_skipped(
        app: RunningApp, redis_url: str, env: dict[str, str]) -> None:
    """It was taken for "the feed is outside the partner's rights" and acknowledged: the
    subscriber never got the document of a committed change."""
    reporter = cli_ok(env, "correspondents", "add", "Ani", "--region", "lampung")
    token = add_partner(env, "Steady Reader")
    keys = Keys(PREFIX)
    index = keys.index("all")
    with receiving(fail_first=1) as sub, redis.Redis.from_url(redis_url) as store:
        asked = httpx.post(f"{app.url}/websub", data={
            "hub.mode": "subscribe", "hub.topic": f"{app.url}/feeds/all.atom?token={token}",
            "hub.callback": sub.url})
        assert asked.status_code == 202, asked.text
        sub.wait(lambda r: any(g.query.get("hub.mode") == "subscribe" for g in r.gets()))
        time.sleep(0.2)
        story = post_story(app, reporter)
        sub.wait(lambda r: len(r.posts()) == 1)  # answered 500: retried in 0.25-0.5 s
        # The feed's index turns unreadable (the story and its change are not touched),
        # and workers forget what they rendered (an account changed).
        saved = store.dump(index)
        assert saved is not None
        store.delete(index)
        store.set(index, "not an index")
        store.publish(keys.accounts_channel(), "reviewed")
        time.sleep(1.2)  # attempts meet the store error
        store.delete(index)
        store.restore(index, 0, saved)
        sub.wait(lambda r: len(r.posts(ok_only=True)) == 1, timeout=10)
        entries = feedparser.parse(sub.posts(ok_only=True)[0].body).entries
    assert [e.id for e in entries] == [story["uri"]]



async def test_a_renewal_landing_after_the_lease_end_was_read_is_not_undone(
        redis_url: str) -> None:
    """Housekeeping (and a delivery with a stale record) read that a lease had ended, then
    removed the subscription: a renewal verified in between was removed with it."""
    client = connect(redis_url)
    keys = Keys(PREFIX)
    targets = TargetStore(client, keys)
    now = datetime.now(UTC)
    now_ms = int(now.timestamp() * 1000)
    ended = Target(id="ws_renewed", kind="websub", partner="p", url="http://127.0.0.1:9/cb",
                   created=now, topic="http://127.0.0.1:9/feeds/all.atom", token="pt_x",
                   expires=now - timedelta(seconds=1))
    try:
        await targets.put(ended, since=None)
        await targets.put(ended.model_copy(update={"id": "ws_ended"}), since=None)
        assert sorted(await targets.expired(now_ms)) == ["ws_ended", "ws_renewed"]
        renewed = ended.model_copy(update={"expires": now + timedelta(hours=1)})
        await targets.put(renewed, since=None)  # verified after the list was read
        assert not await targets.expire("ws_renewed", now_ms)
        assert await targets.get("ws_renewed") == renewed
        assert await client.exists(keys.target_state("ws_renewed"))
        assert await targets.expire("ws_ended", now_ms), "an unrenewed one still goes"
        assert await targets.get("ws_ended") is None
        assert not await client.exists(keys.target_state("ws_ended"))
    finally:
        await close(client)


async def test_a_subscription_made_again_during_its_removal_is_still_fed(
        redis_url: str) -> None:
    """A removal forgets the record, then (another slot, another step) deletes the target's
    keys: a subscribe of the same id between the two was left a record without an outbox,
    which the fan-out never feeds. The two steps are run here with the put between."""
    client = connect(redis_url)
    keys = Keys(PREFIX)
    targets = TargetStore(client, keys)
    outbox = Outbox(client, keys)
    now = datetime.now(UTC)
    sub = Target(id="ws_again", kind="websub", partner="p", url="http://127.0.0.1:9/cb",
                 created=now, topic="http://127.0.0.1:9/feeds/all.atom", token="pt_x",
                 expires=now + timedelta(hours=1))
    try:
        await targets.put(sub, since=None)
        assert await targets._forget(sub.id)  # 410 Gone: the removal's first step
        await targets.put(sub, since=None)  # the subscriber subscribes again, verified
        await targets._drop_keys(sub.id)  # the removal's second step
        assert await targets.get(sub.id) == sub
        change = Change(cursor="9999999999999-0", event="published", story_id="s",
                        version=1)
        assert await outbox.queue([sub.id], change) == [(1, 0)], "fed (it was -1: no outbox)"
    finally:
        await close(client)
