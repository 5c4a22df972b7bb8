"""Operating webhooks: dead letters and replay, /metrics, the CLI, secret rotation, many
workers sharing one outbox, and entitlements narrowed after the fact."""

from __future__ import annotations

import json
import re
import time
from collections.abc import Iterator

import httpx
import pytest
from standardwebhooks import Webhook

from tests.conftest import RunningApp, add_partner, run_cli
from tests.push_support import add_webhook, cli_ok, post_story, push_app, push_env, verified
from tests.receivers import receiving

PREFIX = "pushops"


@pytest.fixture(scope="module")
def app(redis_url: str) -> Iterator[RunningApp]:
    with push_app(redis_url, PREFIX, retry_horizon_seconds=1) as running:
        yield running


@pytest.fixture
def env(redis_url: str) -> dict[str, str]:
    return push_env(redis_url, PREFIX)


@pytest.fixture
def reporter(env: dict[str, str]) -> str:
    return cli_ok(env, "correspondents", "add", "Ani", "--region", "lampung")


def metric(app: RunningApp, name: str) -> float:
    found = re.search(rf"^{name} (\S+)$", httpx.get(f"{app.url}/metrics").text, re.M)
    return float(found[1]) if found else 0.0


def test_past_the_horizon_deliveries_are_dead_lettered_listed_and_replayed(
        app: RunningApp, env: dict[str, str], reporter: str) -> None:
    add_partner(env, "Down Daily")
    with receiving(status=500) as down:
        secret = cli_ok(env, "partners", "webhook", "add", "Down Daily", down.url,
                        "--event", "published")
        listed = json.loads(cli_ok_all(env, "partners", "webhook", "list", "Down Daily",
                                       "--json"))
        hook = listed[0]["id"]
        sid = post_story(app, reporter)["wire"]["id"]
        down.wait(lambda r: len(r.posts()) >= 3, timeout=10)

        def dead() -> dict[str, object]:
            return json.loads(cli_ok_all(env, "partners", "webhook", "list", "Down Daily",
                                         "--json"))[0]
        deadline = time.monotonic() + 15
        while dead()["dead"] != 1:
            assert time.monotonic() < deadline, dead()
            time.sleep(0.2)
        assert dead()["backlog"] == 0 and "HTTP 500" in str(dead()["last_error"])
        letters = cli_ok_all(env, "partners", "webhook", "dead-letters", "Down Daily", hook)
        assert json.loads(letters)["id"] == sid
        wait_metric(app, "wire_push_dead_letter_queue", 1.0)
        assert metric(app, 'wire_push_dead_lettered_total{kind="webhook"}') >= 1

        down.status = 200
        tried = len(down.posts())
        assert "1 deliveries" in cli_ok(env, "partners", "webhook", "replay", "Down Daily", hook)
        down.wait(lambda r: len(r.posts(ok_only=True)) == 1, timeout=10)
        replayed = down.posts()[-1]
        assert replayed.headers["webhook-id"] == down.posts()[0].headers["webhook-id"]
        assert verified(secret, replayed)["story"]["wire"]["id"] == sid
        assert len(down.posts()) == tried + 1
        wait_metric(app, "wire_push_dead_letter_queue", 0.0)


def cli_ok_all(env: dict[str, str], *args: str) -> str:
    done = run_cli(*args, env=env)
    assert done.returncode == 0, done.stderr
    return done.stdout


def wait_metric(app: RunningApp, name: str, value: float) -> None:
    deadline = time.monotonic() + 10
    while metric(app, name) != value:
        assert time.monotonic() < deadline, (name, metric(app, name))
        time.sleep(0.2)


def test_partner_manages_its_endpoints_and_rotates_the_secret(
        app: RunningApp, env: dict[str, str], reporter: str) -> None:
    token = add_partner(env, "Self Service")
    with receiving() as hooks, httpx.Client(
            base_url=app.url, headers={"Authorization": f"Bearer {token}"}) as c:
        made = add_webhook(app, token, hooks.url, "published", "killed")
        assert made["secret"].startswith("whsec_") and made["events"] == ["published", "killed"]
        listed = c.get("/v1/partners/me/webhooks").json()["items"]
        assert [e["id"] for e in listed] == [made["id"]] and "secret" not in listed[0]
        rotated = c.post(f"/v1/partners/me/webhooks/{made['id']}/rotate-secret")
        assert rotated.status_code == 200, rotated.text
        new = rotated.json()["secret"]
        assert new != made["secret"] and rotated.json()["previous_secret_valid_until"]
        post_story(app, reporter)
        hooks.wait(lambda r: len(r.posts()) == 1)
        delivery = hooks.posts()[0]
        # Both secrets verify during the grace period: receivers switch when they like.
        for secret in (made["secret"], new):
            assert verified(secret, delivery)["event"] == "published"
        with pytest.raises(Exception, match="signature"):
            Webhook("whsec_" + "A" * 32).verify(delivery.body, delivery.headers)
        assert c.delete(f"/v1/partners/me/webhooks/{made['id']}").status_code == 204
        gone = c.delete(f"/v1/partners/me/webhooks/{made['id']}")
        assert gone.status_code == 404 and "no webhook endpoint" in gone.json()["detail"]
        post_story(app, reporter, headline="Sesudah dihapus")
        assert c.get("/v1/partners/me/webhooks").json() == {"items": []}
    assert len(hooks.posts()) == 1


def test_other_partners_endpoints_are_not_yours(app: RunningApp, env: dict[str, str]) -> None:
    mine = add_partner(env, "Mine")
    theirs = add_partner(env, "Theirs")
    with receiving() as hooks:
        made = add_webhook(app, theirs, hooks.url)
        with app.client(mine) as c:
            assert c.delete(f"/v1/partners/me/webhooks/{made['id']}").status_code == 404
            assert c.get("/v1/partners/me/webhooks").json() == {"items": []}
        with app.client() as c:
            assert c.get("/v1/partners/me/webhooks").status_code == 401


def test_narrowed_entitlements_stop_what_is_pushed(
        app: RunningApp, env: dict[str, str], reporter: str) -> None:
    token = add_partner(env, "Narrowed")
    with receiving() as hooks:
        add_webhook(app, token, hooks.url)
        post_story(app, reporter)
        hooks.wait(lambda r: len(r.posts()) == 1)
        cli_ok(env, "partners", "set", "Narrowed", "--region", "banten")
        post_story(app, reporter, headline="Cerita kedua dari Lampung")
        banten = post_story(app, reporter, region="banten", headline="Cerita dari Banten")
        hooks.wait(lambda r: len(r.posts()) == 2)
    assert json.loads(hooks.posts()[1].body)["story"]["wire"]["id"] == banten["wire"]["id"]


def test_two_workers_share_the_outbox_without_double_delivery(
        app: RunningApp, redis_url: str, env: dict[str, str], reporter: str) -> None:
    with push_app(redis_url, PREFIX) as second, receiving() as hooks:
        tokens = [add_partner(env, f"Shared {n}") for n in range(8)]
        secrets = {add_webhook(app, t, f"{hooks.url}?n={n}")["id"]: n
                   for n, t in enumerate(tokens)}
        assert len(secrets) == 8
        for n in range(5):
            post_story(second if n % 2 else app, reporter, headline=f"Berita bersama {n}")
        hooks.wait(lambda r: len(r.posts()) >= 40)
        time.sleep(1.0)  # room for a duplicate to show up
        posts = hooks.posts()
    assert len(posts) == 40
    per_endpoint: dict[str, list[str]] = {}
    for p in posts:
        per_endpoint.setdefault(p.query["n"], []).append(p.headers["webhook-id"])
    for ids in per_endpoint.values():
        assert ids == sorted(ids, key=lambda i: tuple(map(int, i[4:].split("-")))), ids
        assert len(set(ids)) == 5
