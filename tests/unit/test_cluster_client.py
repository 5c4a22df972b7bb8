"""Cluster mode's configuration and the one-tag rule of every multi-key step (no Redis)."""

from __future__ import annotations

import pytest
from redis.asyncio import Redis
from redis.asyncio.cluster import RedisCluster
from redis.crc import key_slot

from wire.settings import Settings
from wire.storage.client import (
    ClusterAddress,
    cluster_address,
    from_settings,
    publish_command,
    wants_cluster,
)
from wire.storage.keys import Keys


def slots(*keys: str) -> set[int]:
    return {key_slot(k.encode()) for k in keys}


@pytest.mark.parametrize(("url", "expected"), [
    ("redis+cluster://10.0.0.1:7000,10.0.0.2:7001", ClusterAddress(
        (("10.0.0.1", 7000), ("10.0.0.2", 7001)))),
    ("rediss+cluster://u:p%40ss@a.example:6380,b.example", ClusterAddress(
        (("a.example", 6380), ("b.example", 6379)), tls=True, username="u",
        password="p@ss")),
    ("redis://:secret@[::1]:7000/0", ClusterAddress((("::1", 7000),), password="secret")),
])
def test_cluster_urls_name_their_seed_nodes_and_credentials(
        url: str, expected: ClusterAddress) -> None:
    assert cluster_address(url) == expected


@pytest.mark.parametrize("url", ["unix:///tmp/v.sock", "redis+cluster://", "localhost:6379"])
def test_a_cluster_url_without_a_usable_node_is_refused(url: str) -> None:
    with pytest.raises(ValueError):
        cluster_address(url)


async def test_the_settings_choose_the_client() -> None:
    assert wants_cluster("redis+cluster://h:1", cluster=False)
    assert wants_cluster("redis://h:1", cluster=True)
    assert not wants_cluster("redis://h:1", cluster=False)
    single = from_settings(Settings(redis_url="redis://127.0.0.1:1"))
    assert isinstance(single, Redis) and await publish_command(single) == "PUBLISH"
    cluster = from_settings(Settings(redis_url="redis://127.0.0.1:1", redis={"cluster": True}))
    assert isinstance(cluster, RedisCluster)  # which publish it takes is asked of the servers


def test_each_steps_keys_and_channel_share_one_slot() -> None:
    keys = Keys("t")
    assert len(slots(keys.rate("correspondent:c1", 1), keys.rate("correspondent:c1", 2))) == 1
    assert len(slots(keys.outbox("t1"), keys.target_state("t1"), keys.target_lease("t1"),
                     keys.dead_letters("t1"))) == 1
    assert len(slots(keys.push_targets(), keys.push_due(), keys.push_expiry(),
                     keys.push_fanout_lease())) == 1
    # The scripts SPUBLISH on the tag they write: the channel lives on that shard.
    assert slots(keys.events_channel()) == slots(keys.changes(), keys.story("s"))
    assert slots(keys.accounts_channel()) == slots(keys.tokens("partner", "p"))
    assert len(slots(keys.tokens("partner", "p"), keys.credential("h"),
                     keys.partner("p"))) == 1
    # A shared feed document and its render claim: one MULTI ends the claim as it stores.
    assert len(slots(keys.rendered("d1"), keys.render_claim("d1"))) == 1
