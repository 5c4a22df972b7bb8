"""Push loses nothing without a trace at its bounds: the change log's retention waits for
the fan-out, an outbox over its bound moves its overflow to the dead letters (counted,
replayable in order), and dead letters over theirs are dropped only with a count and the
cursor to catch up from. Real store, real loopback receivers, small bounds via settings."""

from __future__ import annotations

import asyncio
import json
import re
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

from tests.conftest import RunningApp, add_partner, run_cli
from tests.push_support import add_webhook, cli_ok, post_story, push_app, push_env, verified
from tests.receivers import Receiver, receiving
from wire.storage.client import close, connect
from wire.storage.keys import Keys
from wire.storage.store import StoryStore

PREFIX = "bounds"


def _retention_pass(redis_url: str, older_than: datetime) -> tuple[int, int]:
    """Run the retention pass as the scheduler does; (index entries trimmed, changes left)."""
    async def run() -> tuple[int, int]:
        client = connect(redis_url)
        keys = Keys(PREFIX)
        try:
            removed = await StoryStore(client, keys).trim(older_than)
            return removed, int(await client.xlen(keys.changes()))
        finally:
            await close(client)

    return asyncio.run(run())


def _metric(app: RunningApp, name: str) -> float:
    text = httpx.get(f"{app.url}/metrics").text
    found = re.search(rf"^{re.escape(name)} (\S+)$", text, re.MULTILINE)
    return float(found.group(1)) if found else 0.0


def _until(done: Callable[[], bool], timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while not done():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def _status(app: RunningApp, token: str) -> dict[str, Any]:
    with app.client(token) as c:
        items: list[dict[str, Any]] = c.get("/v1/partners/me/webhooks").json()["items"]
    return items[0]


def _story_ids(secret: str, hooks: Receiver) -> list[str]:
    return [verified(secret, p)["story"]["wire"]["id"] for p in hooks.posts(ok_only=True)]


def test_changes_committed_while_push_is_down_outlive_retention_and_are_delivered(
        redis_url: str) -> None:
    env = push_env(redis_url, PREFIX)
    reporter = cli_ok(env, "correspondents", "add", "Ani", "--region", "lampung")
    token = add_partner(env, "Patient Post")
    with receiving() as hooks:
        with push_app(redis_url, PREFIX, enabled=False) as down:
            hook = add_webhook(down, token, hooks.url)  # makes the fan-out's group
            sids = [post_story(down, reporter, headline=f"Kabar {n} saat push mati")["wire"]["id"]
                    for n in range(5)]
            # Retention runs past every one of them (its cutoff is after them all).
            removed, left = _retention_pass(redis_url, datetime.now(UTC) + timedelta(minutes=1))
            assert removed > 0, "the pass trimmed the feed indexes"
            assert left == 5, "but kept every change the fan-out has not read"
            # The lag shows, from a worker with push off too.
            _until(lambda: _metric(down, "wire_push_fanout_lag") == 5)
            assert hooks.posts() == []
        with push_app(redis_url, PREFIX) as up:
            hooks.wait(lambda r: len(r.posts(ok_only=True)) >= 5)
            time.sleep(0.3)  # room for anything that should not come
            assert _story_ids(hook["secret"], hooks) == sids, "each once, in change order"
            assert len({p.headers["webhook-id"] for p in hooks.posts()}) == 5
            _until(lambda: _metric(up, "wire_push_fanout_lag") == 0)
    # Fanned out and acknowledged: now retention drops them.
    assert _retention_pass(redis_url, datetime.now(UTC) + timedelta(minutes=1))[1] == 0


def test_an_outbox_over_its_bound_moves_its_overflow_to_dead_letters_replayed_in_order(
        redis_url: str) -> None:
    bound = 3
    env = {**push_env(redis_url, PREFIX), "WIRE_PUSH__OUTBOX_MAX": str(bound)}
    reporter = cli_ok(env, "correspondents", "add", "Ani", "--region", "lampung")
    token = add_partner(env, "Down Daily")
    with receiving(status=503) as hooks, push_app(redis_url, PREFIX, outbox_max=bound) as app:
        hook = add_webhook(app, token, hooks.url)
        sids = [post_story(app, reporter, headline=f"Berita {n} untuk penerima mati")
                ["wire"]["id"] for n in range(8)]
        _until(lambda: _status(app, token)["backlog"] + _status(app, token)["dead"] == 8)
        status = _status(app, token)
        assert status["backlog"] == bound
        assert status["dead"] == status["overflowed"] == 8 - bound
        dead = dead_letters(env, "Down Daily", hook["id"])
        assert len(dead) == 8 - bound
        assert all("bound of 3" in d["error"] and d["attempts"] == "0" for d in dead)
        cursors = [d["cursor"] for d in dead]
        assert cursors == sorted(cursors, key=lambda c: tuple(map(int, c.split("-"))))
        assert _metric(app, 'wire_push_overflowed_total{kind="webhook"}') == 8 - bound
        listed = cli_ok(env, "partners", "webhook", "list", "Down Daily")
        assert f"dead={8 - bound}\toverflowed={8 - bound}\tdropped=0\t" in listed

        hooks.status = 200  # the endpoint is back: its outbox drains
        hooks.wait(lambda r: len(r.posts(ok_only=True)) == bound)
        _until(lambda: _status(app, token)["backlog"] == 0)
        # Replay fills the outbox up to its bound and leaves the rest, then the rest.
        replayed = run_replay(env, hook["id"])
        assert replayed == (bound, 8 - 2 * bound)
        hooks.wait(lambda r: len(r.posts(ok_only=True)) == 2 * bound)
        _until(lambda: _status(app, token)["backlog"] == 0)
        assert run_replay(env, hook["id"]) == (8 - 2 * bound, 0)
        hooks.wait(lambda r: len(r.posts(ok_only=True)) == 8)
        time.sleep(0.3)
        got = _story_ids(hook["secret"], hooks)
        assert _status(app, token)["dead"] == 0
    assert sorted(got) == sorted(sids) and len(got) == 8, "every change, once"
    first, again = got[:bound], got[bound:]
    assert again == [s for s in sids if s in again], "the replayed ones in change order"
    assert first == [s for s in sids if s in first]
    posts = hooks.posts(ok_only=True)
    assert len({p.headers["webhook-id"] for p in posts}) == 8
    assert [p.headers["webhook-id"] for p in posts[bound:]] == [f"msg_{c}" for c in cursors]


def test_dead_letters_over_their_bound_are_dropped_with_a_count_and_a_cursor(
        redis_url: str) -> None:
    env = push_env(redis_url, PREFIX)
    reporter = cli_ok(env, "correspondents", "add", "Ani", "--region", "lampung")
    token = add_partner(env, "Gone Gazette")
    with receiving(status=503) as hooks, push_app(redis_url, PREFIX, outbox_max=2,
                                                  dead_letter_max=3) as app:
        hook = add_webhook(app, token, hooks.url)
        for n in range(8):
            post_story(app, reporter, headline=f"Berita {n} yang menumpuk")
        _until(lambda: _status(app, token)["overflowed"] == 6)
        status = _status(app, token)
        assert (status["backlog"], status["dead"], status["dropped"]) == (2, 3, 3)
        dead = dead_letters(env, "Gone Gazette", hook["id"])
        # The oldest went: the partner catches up through the cursor API from the newest
        # cursor dropped, which comes before every dead letter kept.
        with app.client(token) as c:
            after = c.get("/v1/feed", params={"after": status["dropped_through"]}).json()
        caught_up = [i["cursor"] for i in after["items"]]
        assert {d["cursor"] for d in dead} <= set(caught_up)
        assert len(caught_up) < 8
        assert _metric(app, 'wire_push_dropped_total{kind="webhook"}') == 3
        listed = cli_ok(env, "partners", "webhook", "list", "Gone Gazette")
        assert f"dropped=3@{status['dropped_through']}\t" in listed


def dead_letters(env: dict[str, str], partner: str, endpoint: str) -> list[dict[str, str]]:
    done = run_cli("partners", "webhook", "dead-letters", partner, endpoint, env=env)
    assert done.returncode == 0, done.stderr
    return [json.loads(line) for line in done.stdout.splitlines() if line.strip()]


def run_replay(env: dict[str, str], endpoint: str) -> tuple[int, int]:
    """``wire partners webhook replay``: (queued again, left in the dead letters)."""
    done = run_cli("partners", "webhook", "replay", "Down Daily", endpoint, env=env)
    assert done.returncode == 0, done.stderr
    queued = int(done.stdout.split()[0])
    left = re.search(r"^(\d+) dead letters left", done.stderr, re.MULTILINE)
    return queued, int(left.group(1)) if left else 0
