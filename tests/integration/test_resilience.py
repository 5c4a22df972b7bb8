"""Storage outages answer 503 and lose nothing; several workers share embargo releases."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import redis

from tests.conftest import last_line, run_cli, serve_app
from wire.settings import Settings
from wire.storage import embedded


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
    server = embedded.start(tmp_path / "w", persist=True, appendfsync="everysec")
    try:
        env = {"WIRE_REDIS_URL": server.url, "WIRE_REDIS__KEY_PREFIX": "aof"}
        key = last_line(run_cli("correspondents", "add", "Eka", env=env).stdout)
        settings = Settings(redis_url=server.url, redis={"key_prefix": "aof", "wait_aof": True})
        with serve_app(settings) as app, app.client(key) as c:
            made = c.post("/v1/stories", json={"headline": "Tersimpan di disk",
                                               "body": "Cerita ini dijawab setelah WAITAOF."})
            assert made.status_code == 201, made.text
        client = redis.Redis(unix_socket_path=str(server.sock))
        calls = client.info("commandstats").get("cmdstat_waitaof", {}).get("calls", 0)
        client.close()
        assert calls >= 1, "the commit waited for the append-only file"
    finally:
        server.stop()
