"""The WebSub hub, against real loopback subscribers doing what the spec says."""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import re
import time
from collections.abc import Iterator

import feedparser
import httpx
import pytest

from feeds.push.verification import Pending, PendingRequest
from tests.conftest import RunningApp, add_partner, run_cli
from tests.push_support import cli_ok, post_story, push_app, push_env
from tests.receivers import Receiver, receiving
from wire.storage.client import close, connect
from wire.storage.keys import Keys

PREFIX = "websub"


@pytest.fixture(scope="module")
def app(redis_url: str) -> Iterator[RunningApp]:
    with push_app(redis_url, PREFIX) as running:
        yield running


@pytest.fixture
def env(redis_url: str) -> dict[str, str]:
    return push_env(redis_url, PREFIX)


@pytest.fixture
def reporter(env: dict[str, str]) -> str:
    return cli_ok(env, "correspondents", "add", "Ani", "--region", "lampung")


def discover(app: RunningApp, path: str, token: str) -> tuple[str, str]:
    """(hub, topic) from the feed's Link header, as a subscriber finds them."""
    fetched = httpx.get(f"{app.url}{path}", params={"token": token})
    assert fetched.status_code == 200, fetched.text
    links = dict((rel, url) for url, rel in re.findall(r'<([^>]+)>; rel="(\w+)"',
                                                        fetched.headers["link"]))
    return links["hub"], links["self"]


def subscribe(hub: str, topic: str, callback: str, mode: str = "subscribe",
              token: str | None = None, **extra: str) -> httpx.Response:
    """A subscription request; ``token`` goes as its credentials (the topic may carry it
    instead, as ``?token=``)."""
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return httpx.post(hub, headers=headers, data={
        "hub.mode": mode, "hub.topic": topic, "hub.callback": callback, **extra})


def verified_subscription(sub: Receiver, mode: str = "subscribe") -> None:
    sub.wait(lambda r: any(g.query.get("hub.mode") == mode for g in r.gets()), timeout=10)
    time.sleep(0.2)  # the hub stores the subscription right after the echo


def test_feeds_name_the_hub_and_their_topic(app: RunningApp, env: dict[str, str],
                                            reporter: str) -> None:
    token = add_partner(env, "Reader")
    post_story(app, reporter)
    for fmt in ("rss", "atom", "json"):
        fetched = httpx.get(f"{app.url}/feeds/region/lampung.{fmt}", params={"token": token})
        topic = f"{app.url}/feeds/region/lampung.{fmt}"
        assert fetched.headers["link"] == (
            f'<{app.url}/websub>; rel="hub", <{topic}>; rel="self"')
        assert token not in fetched.text, "the token never goes into a feed"
        if fmt == "json":
            doc = fetched.json()
            assert doc["hubs"] == [{"type": "WebSub", "url": f"{app.url}/websub"}]
            assert doc["feed_url"] == topic
        else:
            links = {(link["rel"], link["href"]) for link in feedparser.parse(
                fetched.content).feed.links}
            assert ("hub", f"{app.url}/websub") in links and ("self", topic) in links


def test_subscribe_verify_and_receive_signed_documents(
        app: RunningApp, env: dict[str, str], reporter: str) -> None:
    token = add_partner(env, "Atom Reader", "--region", "lampung")
    with receiving() as sub:
        hub, topic = discover(app, "/feeds/region/lampung.atom", token)
        asked = subscribe(hub, topic, sub.url, token=token,
                          **{"hub.secret": "s3cret", "hub.lease_seconds": "3600"})
        assert asked.status_code == 202, asked.text
        verified_subscription(sub)
        check = sub.gets()[0].query
        assert check["hub.topic"] == topic and check["hub.lease_seconds"] == "3600"
        story = post_story(app, reporter, headline="Jembatan baru diresmikan gubernur")
        sub.wait(lambda r: len(r.posts()) == 1)
        delivery = sub.posts()[0]
    assert delivery.headers["content-type"].startswith("application/atom+xml")
    assert f'<{topic}>; rel="self"' in delivery.headers["link"]
    assert f'<{hub}>; rel="hub"' in delivery.headers["link"]
    expected = hmac.new(b"s3cret", delivery.body, hashlib.sha256).hexdigest()
    assert delivery.headers["x-hub-signature"] == f"sha256={expected}"
    entries = feedparser.parse(delivery.body).entries
    assert [e.id for e in entries] == [story["uri"]]


def test_one_subscription_to_the_canonical_topic_however_the_token_comes(
        app: RunningApp, env: dict[str, str], reporter: str) -> None:
    token = add_partner(env, "Either Way")
    with receiving() as sub:
        hub, topic = discover(app, "/feeds/all.rss", token)
        assert "token" not in topic
        assert subscribe(f"{hub}?token={token}", topic, sub.url).status_code == 202
        verified_subscription(sub)
        post_story(app, reporter)
        sub.wait(lambda r: len(r.posts()) == 1)
        assert f'<{topic}>; rel="self"' in sub.posts()[0].headers["link"]
        # The reader's URL (token in the topic) names the same subscription.
        subscribe(hub, f"{topic}?token={token}", sub.url, mode="unsubscribe")
        verified_subscription(sub, "unsubscribe")
        post_story(app, reporter, headline="Sesudah berhenti")
        time.sleep(0.6)
        assert len(sub.posts()) == 1


def test_a_topic_the_token_may_not_read_is_denied(app: RunningApp, env: dict[str, str]) -> None:
    banten = add_partner(env, "Banten Only", "--region", "banten")
    with receiving() as sub:
        topic = f"{app.url}/feeds/region/lampung.rss?token={banten}"
        assert subscribe(f"{app.url}/websub", topic, sub.url).status_code == 202
        verified_subscription(sub, "denied")
        denied = sub.gets()[0].query
    assert denied["hub.topic"] == topic and "not among the feeds" in denied["hub.reason"]
    assert "hub.challenge" not in denied
    with receiving() as sub:
        no_token = f"{app.url}/feeds/all.rss"
        subscribe(f"{app.url}/websub", no_token, sub.url)
        verified_subscription(sub, "denied")
        assert "No partner token" in sub.gets()[0].query["hub.reason"]


def test_a_callback_that_does_not_echo_is_not_subscribed(
        app: RunningApp, env: dict[str, str], reporter: str) -> None:
    token = add_partner(env, "Silent")
    with receiving(echo_challenge=False) as sub:
        subscribe(f"{app.url}/websub", f"{app.url}/feeds/all.rss?token={token}", sub.url)
        sub.wait(lambda r: len(r.gets()) == 1)
        post_story(app, reporter)
        time.sleep(1.0)
        assert sub.posts() == []


def test_bad_requests_are_refused_at_once(app: RunningApp) -> None:
    hub = f"{app.url}/websub"
    for data, words in (({"hub.mode": "watch"}, "subscribe or unsubscribe"),
                        ({"hub.mode": "subscribe", "hub.topic": "x"}, "required"),
                        ({"hub.mode": "subscribe", "hub.topic": "x",
                          "hub.callback": "http://127.0.0.2/cb"}, "https")):
        refused = httpx.post(hub, data=data)
        assert refused.status_code == 422 and words in refused.json()["detail"], refused.text


def test_leases_end_unsubscribe_works_and_410_drops(
        app: RunningApp, env: dict[str, str], reporter: str) -> None:
    token = add_partner(env, "Leaser")
    topic = f"{app.url}/feeds/all.json?token={token}"
    with receiving() as short, receiving() as leaving, receiving(status=410) as gone, \
            receiving() as renewed:
        subscribe(f"{app.url}/websub", topic, short.url, **{"hub.lease_seconds": "1"})
        subscribe(f"{app.url}/websub", topic, renewed.url, **{"hub.lease_seconds": "1"})
        subscribe(f"{app.url}/websub", topic, leaving.url)
        subscribe(f"{app.url}/websub", topic, gone.url)
        for sub in (short, leaving, gone, renewed):
            verified_subscription(sub)
        assert short.gets()[0].query["hub.lease_seconds"] == "1"
        # Subscribing again renews the lease (verified again, with the new lease).
        subscribe(f"{app.url}/websub", topic, renewed.url, **{"hub.lease_seconds": "3600"})
        renewed.wait(lambda r: len(r.gets()) == 2)
        subscribe(f"{app.url}/websub", topic, leaving.url, mode="unsubscribe")
        verified_subscription(leaving, "unsubscribe")
        time.sleep(2.5)  # past the short lease
        post_story(app, reporter)
        gone.wait(lambda r: len(r.posts()) == 1)
        post_story(app, reporter, headline="Berita kedua")
        time.sleep(1.5)
        assert short.posts() == [] and leaving.posts() == []
        assert len(gone.posts()) == 1, "a subscriber that answered 410 gets nothing more"
        assert len(renewed.posts()) == 2


def test_a_revoked_token_stops_delivery(app: RunningApp, env: dict[str, str],
                                        reporter: str) -> None:
    token = add_partner(env, "Revoked Reader")
    with receiving() as sub:
        subscribe(f"{app.url}/websub", f"{app.url}/feeds/all.atom?token={token}", sub.url)
        verified_subscription(sub)
        post_story(app, reporter)
        sub.wait(lambda r: len(r.posts()) == 1)
        done = run_cli("partners", "token", "revoke", "Revoked Reader", token, env=env)
        assert done.returncode == 0, done.stderr
        post_story(app, reporter, headline="Sesudah dicabut")
        time.sleep(1.5)
        assert len(sub.posts()) == 1


def test_a_story_leaving_the_topic_feed_is_pushed_as_the_new_document(
        app: RunningApp, env: dict[str, str], reporter: str) -> None:
    token = add_partner(env, "Region Reader")
    with receiving() as sub:
        subscribe(f"{app.url}/websub", f"{app.url}/feeds/region/lampung.rss?token={token}",
                  sub.url)
        verified_subscription(sub)
        sid = post_story(app, reporter)["wire"]["id"]
        sub.wait(lambda r: len(r.posts()) == 1)
        with app.client(reporter) as c:
            assert c.patch(f"/v1/stories/{sid}", json={"region": "banten"}).status_code == 200
        sub.wait(lambda r: len(r.posts()) == 2)
        docs = [feedparser.parse(p.body) for p in sub.posts()]
    assert len(docs[0].entries) == 1 and docs[1].entries == []


@pytest.mark.parametrize("fmt", ["atom", "rss", "json"])
def test_the_pushed_document_is_what_the_topic_answers(
        app: RunningApp, env: dict[str, str], reporter: str, fmt: str) -> None:
    plain = add_partner(env, "Plain Name Daily")
    fancy = add_partner(env, "Tom & Jerry <News>")  # a name the formats escape differently
    with receiving() as one, receiving() as two:
        topics = {}
        for token, sub in ((plain, one), (fancy, two)):
            topics[token] = f"{app.url}/feeds/all.{fmt}?token={token}"
            subscribe(f"{app.url}/websub", topics[token], sub.url)
            verified_subscription(sub)
        post_story(app, reporter)
        for sub in (one, two):
            sub.wait(lambda r: len(r.posts()) == 1)
        for token, sub in ((plain, one), (fancy, two)):
            fetched = httpx.get(topics[token], headers={"Accept-Encoding": "identity"})
            assert fetched.status_code == 200
            assert sub.posts()[0].body == fetched.content
            assert token not in fetched.text


def test_verifications_are_retried_and_done_once_among_workers(
        app: RunningApp, redis_url: str, env: dict[str, str], reporter: str) -> None:
    token = add_partner(env, "Patient Reader")
    with push_app(redis_url, PREFIX) as second, contextlib.ExitStack() as stack:
        subs = [stack.enter_context(receiving(fail_gets=1)) for _ in range(4)]
        for n, sub in enumerate(subs):  # half taken by each worker; either may verify
            base = (second if n % 2 else app).url
            asked = subscribe(f"{base}/websub", f"{base}/feeds/all.atom?token={token}", sub.url)
            assert asked.status_code == 202
        for sub in subs:  # a 503, then the echo
            sub.wait(lambda r: len(r.gets()) == 2, timeout=10)
        time.sleep(0.3)  # room for a second verification to show up
        assert [len(s.gets()) for s in subs] == [2] * 4
        post_story(app, reporter)
        for sub in subs:
            sub.wait(lambda r: len(r.posts()) == 1)


async def test_a_newer_request_for_a_subscription_replaces_the_waiting_one(
        redis_url: str) -> None:
    redis = connect(redis_url)
    try:
        pending = Pending(redis, Keys(PREFIX))
        asked = PendingRequest(mode="subscribe", topic="t", callback="c", lease=60,
                               secret="", token="", base="b")
        await pending.add("ws_1", asked)
        ((pid, taken),) = await pending.take(60_000, 10)
        assert await pending.take(60_000, 10) == [], "taken once, by one worker"
        await pending.add("ws_1", asked.model_copy(update={"mode": "unsubscribe"}))
        assert await pending.take(60_000, 10) == [], "not while the older one is verified"
        assert not await pending.finish(pid, taken), "the older one ends; the newer stays"
        ((_, newer),) = await pending.take(60_000, 10)
        assert PendingRequest.model_validate_json(newer).mode == "unsubscribe"
        assert await pending.finish(pid, newer) and await pending.count() == 0
    finally:
        await close(redis)
