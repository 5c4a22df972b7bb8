"""Storage outages answer 503 and lose nothing; several workers share embargo releases."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path

import redis

from tests.conftest import free_port, last_line, run_cli, serve_app
from tests.monitor import monitored
from wire.settings import Settings
from wire.storage import embedded
from wire.storage.keys import Keys


def test_outage_answers_503_and_recovers(tmp_path: Path) -> None:
    server = embedded.start(tmp_path / "v", persist=True)
    try:
        env = {"WIRE_REDIS_URL": server.url, "WIRE_REDIS__KEY_PREFIX": "outage"}
        key = last_line(run_cli("correspondents", "add", "Citra", env=env).stdout)
        token = last_line(run_cli("partners", "add", "Reader", env=env).stdout)
        settings = Settings(redis_url=server.url,
                            redis={"key_prefix": "outage", "pool_timeout": 1, "socket_timeout": 1})
        with serve_app(settings) as app, app.client(key) as c:
            kept = c.post("/v1/stories", json={"headline": "Sebelum gangguan",
                                               "body": "Cerita ini disimpan sebelum gangguan."})
            assert kept.status_code == 201
            with app.client(token) as reader:
                assert reader.get("/feeds/all.rss").status_code == 200  # cached from now on
            server.stop()
            refused = c.post("/v1/stories", json={"headline": "Saat gangguan",
                                                  "body": "Cerita ini dikirim saat gangguan."})
            assert refused.status_code == 503, refused.text
            assert refused.headers["content-type"].startswith("application/problem+json")
            assert "retry" in refused.json()["detail"].lower()
            assert refused.headers["retry-after"] == "2"
            not_ready = c.get("/readyz")
            assert not_ready.status_code == 503 and not_ready.headers["retry-after"] == "2"
            assert not_ready.json() == {"status": "unavailable", "failed": "catalogue read"}, \
                "the failed check is named; the error itself is logged only"
            with app.client(token) as reader:
                feed = reader.get("/feeds/all.rss")
            assert feed.status_code == 503, "no document is vouched for while Redis is away"
            assert feed.headers["content-type"].startswith("application/problem+json")
            server = embedded.start(tmp_path / "v", persist=True)
            deadline = time.monotonic() + 10
            while c.get("/readyz").status_code != 200:
                assert time.monotonic() < deadline
                time.sleep(0.1)
            again = c.get(f"/v1/stories/{kept.json()['wire']['id']}")
            assert again.status_code == 200, "a story accepted before the outage is kept"
            retried = c.post("/v1/stories", json={"headline": "Saat gangguan",
                                                  "body": "Cerita ini dikirim saat gangguan."})
            assert retried.status_code == 201
    finally:
        server.stop()


def test_two_workers_release_an_embargo_once(redis_url: str) -> None:
    env = {"WIRE_REDIS_URL": redis_url, "WIRE_REDIS__KEY_PREFIX": "test"}
    key = last_line(run_cli("correspondents", "add", "Dewi", env=env).stdout)
    settings = Settings(redis_url=redis_url, redis={"key_prefix": "test"})
    until = datetime.now(UTC) + timedelta(seconds=3)
    with serve_app(settings) as one, serve_app(settings), one.client(key) as c:
        sid = c.post("/v1/stories", json={"headline": "Rilis BPS", "body": "Inflasi turun.",
                                          "embargoed": until.isoformat()}).json()["wire"]["id"]
        time.sleep(4.0)
    client = redis.Redis.from_url(redis_url)
    events = [fields[b"event"] for _, fields in client.xrange("test:{cat}:changes")
              if fields[b"id"].decode() == sid]
    client.close()
    assert events == [b"published", b"published"], "stored once, released exactly once"


def test_write_rate_limit_answers_429_with_retry_after(redis_url: str) -> None:
    env = {"WIRE_REDIS_URL": redis_url, "WIRE_REDIS__KEY_PREFIX": "test"}
    key = last_line(run_cli("correspondents", "add", "Eko", env=env).stdout)
    settings = Settings(redis_url=redis_url, redis={"key_prefix": "test"},
                        ingest={"rate_per_minute": 3})
    with serve_app(settings) as app, app.client(key) as c:
        statuses = [c.post("/v1/stories", json={"headline": f"Kabar {n}",
                                                "body": f"Isi kabar nomor {n} hari ini."})
                    for n in range(4)]
    assert [r.status_code for r in statuses] == [201, 201, 201, 429]
    limited = statuses[-1]
    assert limited.headers["content-type"].startswith("application/problem+json")
    assert 1 <= int(limited.headers["retry-after"]) <= 60
    assert "retry in" in limited.json()["detail"]


def test_wait_aof_acknowledges_after_the_append_only_file(tmp_path: Path) -> None:
    """WAITAOF goes on the connection that ran the commit: with posts in flight together,
    every commit's EVAL is followed on its own connection by WAITAOF (sent on another pooled
    connection, WAITAOF would confirm that connection's writes, or none)."""
    server = embedded.start(tmp_path / "w", persist=True, appendfsync="everysec")
    try:
        port = free_port()  # MONITOR tells connections apart by TCP port only
        with redis.Redis(unix_socket_path=str(server.sock)) as admin:
            admin.config_set("port", port)
        url = f"redis://127.0.0.1:{port}"
        env = {"WIRE_REDIS_URL": url, "WIRE_REDIS__KEY_PREFIX": "aof"}
        key = last_line(run_cli("correspondents", "add", "Eka", env=env).stdout)
        settings = Settings(redis_url=url, redis={"key_prefix": "aof", "wait_aof": True})
        with (serve_app(settings) as app, app.client(key) as c, ThreadPoolExecutor(8) as pool,
              monitored("127.0.0.1", port) as seen):
            made = list(pool.map(lambda n: c.post("/v1/stories", json={
                "headline": f"Tersimpan di disk {n}",
                "body": f"Cerita nomor {n} dijawab setelah WAITAOF."}), range(16)))
        assert [m.status_code for m in made] == [201] * 16, made[0].text
        # At least one commit per story (a commit whose change time was overtaken runs again).
        follows = seen.after("EVAL")
        assert len(follows) >= 16 and set(follows) == {"WAITAOF"}, seen.lines
    finally:
        server.stop()


def test_waiting_for_a_replica_a_single_node_refuses_at_once(tmp_path: Path) -> None:
    """WIRE_REDIS__WAIT_REPLICAS=1 on a node with no replica: nothing can be confirmed, so
    the write is refused before anything is written, without waiting out the timeout."""
    server = embedded.start(tmp_path / "r", persist=False)
    try:
        env = {"WIRE_REDIS_URL": server.url, "WIRE_REDIS__KEY_PREFIX": "repl"}
        key = last_line(run_cli("correspondents", "add", "Fajar", env=env).stdout)
        settings = Settings(redis_url=server.url, redis={
            "key_prefix": "repl", "wait_replicas": 1, "wait_timeout_ms": 4000})
        with serve_app(settings) as app, app.client(key) as c:
            began = time.monotonic()
            refused = c.post("/v1/stories", headers={"Idempotency-Key": "satu"},
                             json={"headline": "Menunggu replika",
                                   "body": "Cerita ini tidak bisa disalin ke replika."})
            took = time.monotonic() - began
            assert refused.status_code == 503, refused.text
            assert took < 1.5, f"refused in {took:.2f}s, not after the 4 s wait"
            assert refused.headers["content-type"].startswith("application/problem+json")
            assert refused.headers["retry-after"] == "2"
            detail = refused.json()["detail"]
            assert "Nothing was written" in detail and "WIRE_REDIS__WAIT_REPLICAS=1" in detail
            assert "0 connected" in detail
        with redis.Redis(unix_socket_path=str(server.sock)) as client:
            assert client.xlen(Keys("repl").changes()) == 0, "nothing was written"
    finally:
        server.stop()


def test_wait_aof_on_a_store_without_an_append_only_file_says_so(tmp_path: Path) -> None:
    server = embedded.start(tmp_path / "n", persist=False)  # appendonly no
    try:
        env = {"WIRE_REDIS_URL": server.url, "WIRE_REDIS__KEY_PREFIX": "noaof"}
        key = last_line(run_cli("correspondents", "add", "Gita", env=env).stdout)
        settings = Settings(redis_url=server.url, redis={"key_prefix": "noaof", "wait_aof": True})
        with serve_app(settings) as app, app.client(key) as c:
            refused = c.post("/v1/stories", json={"headline": "Tanpa AOF",
                                                  "body": "Cerita ini tidak bisa dikonfirmasi."})
        assert refused.status_code == 503, refused.text
        assert "appendonly yes" in refused.json()["detail"]
    finally:
        server.stop()
