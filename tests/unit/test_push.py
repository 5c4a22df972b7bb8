"""Push parts without a server: key slots, signatures, backoff, callback rules, topics."""

from __future__ import annotations

import random
from datetime import UTC, datetime

import pytest
from redis.crc import key_slot
from standardwebhooks import Webhook

from feeds.push.callbacks import CallbackPolicy
from feeds.push.outbox import backoff
from feeds.push.signing import hub_signature, new_secret, sign, webhook_headers
from feeds.push.topics import parse_topic
from wire.errors import InvalidField, NotFound, UnsafeCallback
from wire.storage.keys import Keys

BASE = "https://wire.example.com"


def slot(key: str) -> int:
    return int(key_slot(key.encode()))


def test_a_targets_keys_share_one_slot_and_the_registry_another() -> None:
    keys = Keys("t")
    target = {slot(k) for k in (keys.outbox("wh_1"), keys.target_state("wh_1"),
                                keys.target_lease("wh_1"), keys.dead_letters("wh_1"))}
    assert len(target) == 1
    registry = {slot(k) for k in (keys.push_targets(), keys.push_due(), keys.push_expiry(),
                                  keys.push_fanout_lease(), keys.websub_pending(),
                                  keys.websub_pending_due())}
    assert len(registry) == 1


def test_signatures_verify_with_standardwebhooks() -> None:
    secret = new_secret()
    body = b'{"cursor":"1-0","event":"published","story":{}}'
    headers = webhook_headers([secret], "msg_1-0", 1_700_000_000, body)
    assert headers["webhook-signature"] == Webhook(secret).sign("msg_1-0", _dt(1_700_000_000),
                                                                body.decode())
    assert sign(secret, "msg_1-0", 1, body) != sign(secret, "msg_1-1", 1, body)


def test_a_rotated_secret_signs_with_both() -> None:
    old, new = new_secret(), new_secret()
    headers = webhook_headers([new, old], "msg_2-0", 1_700_000_000, b"{}")
    assert len(headers["webhook-signature"].split(" ")) == 2


def test_hub_signature_is_hex_hmac_sha256() -> None:
    # RFC 4231 test case 2.
    assert hub_signature("Jefe", b"what do ya want for nothing?") == (
        "sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")


def test_backoff_doubles_with_jitter_up_to_the_cap() -> None:
    rng = random.Random(7)
    for attempt in range(1, 20):
        full = min(60.0, 1.0 * 2 ** (attempt - 1))
        delay = backoff(attempt, 1.0, 60.0, rng)
        assert full / 2 <= delay <= full


@pytest.mark.parametrize(("url", "words"), [
    ("https://127.0.0.2/hook", "loopback"),
    ("https://10.1.2.3/hook", "private"),
    ("https://169.254.169.254/latest", "link-local"),
    ("https://[::1]/hook", "loopback"),
    ("https://[::ffff:127.0.0.1]/hook", "loopback"),
    ("https://localhost/hook", "loopback"),
    ("http://hooks.example.com/hook", "https"),
    ("gopher://127.0.0.1/", "http(s)"),
    ("/relative", "http(s)"),
])
async def test_internal_and_plain_http_callbacks_are_refused(url: str, words: str) -> None:
    with pytest.raises(UnsafeCallback, match=r"(?i)" + words.replace("(", r"\(").replace(
            ")", r"\)")):
        await CallbackPolicy().check(url)


async def test_allowed_hosts_may_use_http_and_internal_addresses() -> None:
    policy = CallbackPolicy(frozenset({"127.0.0.1"}))
    assert (await policy.check("http://127.0.0.1:9000/hook")).url.port == 9000
    assert (await policy.check("https://8.8.8.8/hook")).url.host == "8.8.8.8"  # not called


def test_topics_are_feed_urls_and_their_token_comes_with_them() -> None:
    topic = parse_topic(f"{BASE}/feeds/region/lampung.atom?urgency=1-3&token=pt_x", BASE)
    assert (topic.dimension, topic.value, topic.fmt, topic.token) == (
        "region", "lampung", "atom", "pt_x")
    assert topic.url() == f"{BASE}/feeds/region/lampung.atom?urgency=1-3", "no token in self"
    assert parse_topic(f"{BASE}/feeds/all.rss", BASE, "pt_y").token == "pt_y"
    assert parse_topic(f"{BASE}/feeds/all.rss?token=pt_x", BASE, "pt_y").token == "pt_x"
    assert parse_topic(f"{BASE}/feeds/all.rss", BASE).token == ""
    with pytest.raises(NotFound, match="not a feed of this hub"):
        parse_topic("https://elsewhere.example.com/feeds/all.rss?token=pt_x", BASE)
    with pytest.raises(NotFound):
        parse_topic(f"{BASE}/v1/feed?token=pt_x", BASE)
    with pytest.raises(InvalidField):
        parse_topic(f"{BASE}/feeds/all.rss?urgency=x", BASE)


def _dt(ts: int) -> datetime:
    return datetime.fromtimestamp(ts, UTC)
