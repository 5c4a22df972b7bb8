"""Cluster mode on a real local cluster: `wire serve` with two workers, sharded pub/sub, the
readiness probe, and a failover of the catalogue's primary followed with no restart."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager

import httpx
import pytest
import redis
from redis.crc import key_slot

from tests.conftest import SAMPLE_FILE, free_port, last_line, run_cli, serve_app
from tests.monitor import monitored
from tests.unit.test_render import make_story
from tests.valkey_cluster import Cluster, Node
from tests.valkey_cluster import running as running_cluster
from wire.settings import Settings
from wire.storage import client as client_module
from wire.storage.client import close, connect, publish, publish_command
from wire.storage.keys import Keys
from wire.storage.notifier import ChangeNotifier, running
from wire.storage.store import CommitRequest, StoryStore

BODY = "Gubernur Lampung meresmikan jembatan baru di Kecamatan Way Tenong pada Senin pagi."


def wait_for(what: str, done: Callable[[], bool], timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not done():
        assert time.monotonic() < deadline, f"{what} within {timeout:.0f}s"
        time.sleep(0.05)


def owner(cluster: Cluster, key: str) -> Node:
    """The node that serves ``key``'s slot now (asked of the cluster, not assumed)."""
    slot = key_slot(key.encode())
    with cluster.nodes[0].client() as c:
        for low, high, primary, *_ in c.execute_command("CLUSTER", "SLOTS"):
            if low <= slot <= high:
                return next(n for n in cluster.nodes if n.port == int(primary[1]))
    raise AssertionError(f"no node serves slot {slot}")


def shard_subscribers(node: Node, channel: str) -> int:
    with node.client() as c:
        reply = c.execute_command("PUBSUB", "SHARDNUMSUB", channel)
    return int(reply[1])


@contextmanager
def wire_serve(env: dict[str, str], workers: int) -> Iterator[str]:
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "wire.cli", "serve", "--port", str(port), "--workers",
         str(workers)], env={**os.environ, **env}, stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    try:
        def ready() -> bool:
            assert process.poll() is None, process.stderr.read() if process.stderr else ""
            try:
                return httpx.get(f"{url}/readyz", timeout=1).status_code == 200
            except httpx.HTTPError:
                return False

        wait_for("wire serve ready", ready, 60)
        yield url
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def test_wire_serve_with_two_workers_on_the_cluster(valkey_cluster: Cluster) -> None:
    """A new operator's path: `wire serve` and the CLI pointed at a cluster URL."""
    valkey_cluster.flush()
    env = {"WIRE_REDIS_URL": valkey_cluster.url, "WIRE_REDIS__KEY_PREFIX": "serve"}
    key = last_line(run_cli("correspondents", "add", "Ani", "--region", "lampung",
                            env=env).stdout)
    token = last_line(run_cli("partners", "add", "Radar", "--region", "lampung",
                              env=env).stdout)
    with wire_serve(env, workers=2) as url:
        assert httpx.get(f"{url}/readyz").json() == {"status": "ok"}
        posted = httpx.post(f"{url}/v1/stories", content=SAMPLE_FILE.read_bytes(),
                            headers={"Authorization": f"Bearer {key}",
                                     "Content-Type": "text/plain; charset=utf-8"})
        assert posted.status_code == 201, posted.text
        sid = posted.json()["wire"]["id"]
        auth = {"Authorization": f"Bearer {token}"}
        for _ in range(4):  # answered by both workers in turn, each from its own view
            feed = httpx.get(f"{url}/feeds/all.rss", headers=auth)
            assert feed.status_code == 200 and sid in feed.text
        page = httpx.get(f"{url}/v1/feed?limit=10", headers=auth).json()
        assert [item["story"]["uri"].rsplit(":", 1)[-1] for item in page["items"]] == [sid]
        events = Keys("serve").events_channel()
        # Each worker listens with SSUBSCRIBE on the channel's own shard (the second may
        # still be starting when the first answers /readyz).
        wait_for("both workers' shard subscriptions",
                 lambda: shard_subscribers(owner(valkey_cluster, events), events) >= 2)
    # The other spelling: one seed node as a redis:// URL, and WIRE_REDIS__CLUSTER=true.
    seed = {"WIRE_REDIS_URL": f"redis://127.0.0.1:{valkey_cluster.nodes[-1].port}",
            "WIRE_REDIS__CLUSTER": "true", "WIRE_REDIS__KEY_PREFIX": "serve"}
    listed = run_cli("stories", "list", env=seed)
    assert listed.returncode == 0 and sid in listed.stdout, listed.stderr


@pytest.fixture(scope="module")
def spare_cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    """A cluster of their own for the failover tests: the session's shared cluster, and the
    apps other modules keep running on it, never see a topology change mid-test."""
    with running_cluster(tmp_path_factory.mktemp("spare")) as cluster:
        yield cluster


def test_the_catalogue_primary_fails_over_and_the_service_follows(
        spare_cluster: Cluster) -> None:
    """A manual failover of the node holding ``{cat}``: writes follow MOVED, the change
    subscription moves to the promoted node, and nothing written before is lost."""
    spare_cluster.flush()
    prefix = "failover"
    keys = Keys(prefix)
    env = {"WIRE_REDIS_URL": spare_cluster.url, "WIRE_REDIS__KEY_PREFIX": prefix}
    key = last_line(run_cli("correspondents", "add", "Budi", env=env).stdout)
    token = last_line(run_cli("partners", "add", "Harian", env=env).stdout)
    settings = Settings(redis_url=spare_cluster.url, redis={"key_prefix": prefix},
                        access_log=False)
    with serve_app(settings) as app, app.client(key) as c, app.client(token) as reader:
        before = c.post("/v1/stories", json={"headline": "Sebelum", "body": BODY})
        assert before.status_code == 201, before.text
        old = owner(spare_cluster, keys.changes())
        wait_for("the app's shard subscription",
                 lambda: shard_subscribers(old, keys.events_channel()) >= 1)
        with old.client() as primary:
            replica_port = int(primary.info("replication")["slave0"]["port"])
        replica = next(n for n in spare_cluster.nodes if n.port == replica_port)
        with replica.client() as promoted:
            promoted.execute_command("CLUSTER", "FAILOVER")
        wait_for("the replica promoted", lambda: owner(spare_cluster, keys.changes()) is replica)

        def written() -> bool:
            answer = c.post("/v1/stories", json={"headline": "Sesudah", "body": BODY + " Lagi."})
            assert answer.status_code in (201, 503), answer.text
            return answer.status_code == 201

        wait_for("a write accepted after the failover", written)
        wait_for("the subscription on the promoted node",
                 lambda: shard_subscribers(replica, keys.events_channel()) >= 1)
        feed = reader.get("/feeds/all.rss")
        assert feed.status_code == 200
        assert "Sebelum" in feed.text and "Sesudah" in feed.text
        assert c.get("/readyz").json() == {"status": "ok"}
        with redis.RedisCluster(host="127.0.0.1", port=replica.port) as rc:
            assert rc.xlen(keys.changes()) == 2


def test_a_killed_catalogue_primary_is_replaced_and_the_service_recovers(
        spare_cluster: Cluster) -> None:
    """kill -9 of the primary holding ``{cat}``: while the replica is elected writes answer
    503 (never 500), then the same app writes and reads again with no restart."""
    spare_cluster.flush()
    prefix = "killed"
    keys = Keys(prefix)
    env = {"WIRE_REDIS_URL": spare_cluster.url, "WIRE_REDIS__KEY_PREFIX": prefix}
    key = last_line(run_cli("correspondents", "add", "Citra", env=env).stdout)
    token = last_line(run_cli("partners", "add", "Pagi", env=env).stdout)
    settings = Settings(redis_url=spare_cluster.url, redis={"key_prefix": prefix,
                        "socket_timeout": 2}, access_log=False)
    with serve_app(settings) as app, app.client(key) as c, app.client(token) as reader:
        kept = c.post("/v1/stories", json={"headline": "Tersimpan", "body": BODY})
        assert kept.status_code == 201, kept.text
        victim = owner(spare_cluster, keys.changes())
        with victim.client() as primary:
            replica_port = int(primary.info("replication")["slave0"]["port"])
            # Asynchronous replication: wait until the replica holds the story, so the test
            # is about recovery (the service's own WAIT, WIRE_REDIS__WAIT_REPLICAS, is off
            # here; the tests below and bench/cluster_failover.py have it on).
            assert primary.execute_command("WAIT", 1, 5000) == 1
        victim.process.kill()
        victim.process.wait()
        replica = next(n for n in spare_cluster.nodes if n.port == replica_port)

        def written() -> bool:
            answer = c.post("/v1/stories", json={"headline": "Sesudah", "body": BODY + " Dua."})
            assert answer.status_code in (201, 503), answer.text
            return answer.status_code == 201

        wait_for("a write accepted after the replica's election", written, 60)
        assert owner(spare_cluster, keys.changes()) is replica
        assert c.get(f"/v1/stories/{kept.json()['wire']['id']}").status_code == 200
        wait_for("ready again", lambda: c.get("/readyz").status_code == 200)
        feed = reader.get("/feeds/all.rss")
        assert feed.status_code == 200 and "Tersimpan" in feed.text and "Sesudah" in feed.text
    spare_cluster.restart(victim)


def replica_of(cluster: Cluster, primary: Node) -> Node:
    with primary.client() as c:
        port = int(c.info("replication")["slave0"]["port"])
    return next(n for n in cluster.nodes if n.port == port)


def _waiting_for_a_replica(cluster: Cluster, prefix: str, name: str,
                           timeout_ms: int) -> tuple[Keys, str, Settings]:
    """An emptied cluster, a correspondent's key, and settings that wait for one replica."""
    cluster.flush()
    env = {"WIRE_REDIS_URL": cluster.url, "WIRE_REDIS__KEY_PREFIX": prefix}
    key = last_line(run_cli("correspondents", "add", name, env=env).stdout)
    settings = Settings(redis_url=cluster.url, access_log=False, redis={
        "key_prefix": prefix, "wait_replicas": 1, "wait_timeout_ms": timeout_ms})
    return Keys(prefix), key, settings


def test_a_201_waits_for_the_replica_on_the_commits_own_connection(
        valkey_cluster: Cluster) -> None:
    """WIRE_REDIS__WAIT_REPLICAS=1: each commit's EVAL is followed, on its own connection to
    the catalogue's primary, by WAIT; the replica holds every acknowledged story."""
    keys, key, settings = _waiting_for_a_replica(valkey_cluster, "waited", "Dewi", 2000)
    primary = owner(valkey_cluster, keys.changes())
    with (serve_app(settings) as app, app.client(key) as c, ThreadPoolExecutor(6) as pool,
          monitored("127.0.0.1", primary.port) as seen):
        made = list(pool.map(lambda n: c.post("/v1/stories", json={
            "headline": f"Disalin {n}", "body": f"{BODY} Nomor {n}."}), range(12)))
    assert [m.status_code for m in made] == [201] * 12, [m.text for m in made]
    # At least one commit per story (a commit whose change time was overtaken runs again).
    follows = seen.after("EVAL")
    assert len(follows) >= 12 and set(follows) == {"WAIT"}, seen.lines
    with replica_of(valkey_cluster, primary).client() as replica:
        replica.execute_command("READONLY")
        for m in made:
            assert replica.exists(keys.story(m.json()["wire"]["id"]))


def test_an_unconfirmed_write_is_503_and_safe_to_retry_with_its_key(
        spare_cluster: Cluster) -> None:
    """The replica stops answering (SIGSTOP): the story is on the primary only, so the
    answer is 503 with Retry-After; the same Idempotency-Key once the replica is back
    gets the story, stored once."""
    keys, key, settings = _waiting_for_a_replica(spare_cluster, "unconfirmed", "Eko", 300)
    story = {"headline": "Menunggu replika", "body": BODY}
    once = {"Idempotency-Key": "tunggu-1"}
    with serve_app(settings) as app, app.client(key) as c:
        assert c.post("/v1/stories", json={"headline": "Awal", "body": BODY + " Awal."}
                      ).status_code == 201  # the app's connections are up before the stop
        replica = replica_of(spare_cluster, owner(spare_cluster, keys.changes()))
        replica.process.send_signal(signal.SIGSTOP)
        try:
            refused = c.post("/v1/stories", json=story, headers=once)
        finally:
            replica.process.send_signal(signal.SIGCONT)
        assert refused.status_code == 503, refused.text
        assert refused.headers["retry-after"] == "2"
        assert refused.headers["content-type"].startswith("application/problem+json")
        problem = refused.json()
        assert problem["title"] == "Not confirmed on a replica"
        assert "on 1 replica(s)" in problem["detail"]
        assert "same Idempotency-Key" in problem["detail"]
        retried = c.post("/v1/stories", json=story, headers=once)
        assert retried.status_code == 201, retried.text
        again = c.post("/v1/stories", json=story, headers=once)
        assert again.json()["wire"]["id"] == retried.json()["wire"]["id"]
        with redis.RedisCluster(host="127.0.0.1", port=replica.port) as rc:
            assert rc.xlen(keys.changes()) == 2, "the story was stored once"


async def test_a_cluster_without_sharded_pubsub_announces_with_publish(
        valkey_cluster: Cluster) -> None:
    """Valkey 8 has sharded pub/sub and gets it; a cluster that had not (Redis 6) would be
    told changes by PUBLISH, which the cluster bus copies to every node, and one SUBSCRIBE.
    The capability is forced off here: the servers are real, the fallback path too."""
    keys = Keys("legacy")
    modern = connect(valkey_cluster.url)
    legacy = connect(valkey_cluster.url)
    try:
        assert await publish_command(modern) == "SPUBLISH"
        client_module._SHARDED[legacy] = False  # as the version probe finds on Redis 6
        assert await publish_command(legacy) == "PUBLISH"
        store = StoryStore(legacy, keys)
        notifier = ChangeNotifier(legacy, store, keys.events_channel(), keys.accounts_channel())
        async with running(notifier):
            for _ in range(200):
                if notifier.live:
                    break
                await asyncio.sleep(0.05)
            assert notifier.live
            before = notifier.accounts_generation
            story = make_story(7)
            done = await store.commit(CommitRequest(
                build=lambda ts: story.model_copy(update={"firstcreated": ts,
                                                          "versioncreated": ts}),
                event="published", expected_version=0))
            assert await notifier.wait_for_change(None, 5.0)
            assert notifier.newest == done.change_id
            await publish(legacy, keys.accounts_channel(), "changed")
            for _ in range(100):
                if notifier.accounts_generation > before:
                    break
                await asyncio.sleep(0.05)
            assert notifier.accounts_generation > before
    finally:
        await close(modern)
        await close(legacy)
