"""The operator's view of ``wire serve`` as a container runs it: listening on 0.0.0.0 with no
WIRE_BASE_URL, links follow the Host clients used; the log is one JSON stream with an
access line per request (no query, so no token) and a line per accepted story."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
from prometheus_client.exposition import CONTENT_TYPE_LATEST

from tests.conftest import SAMPLE_FILE, free_port, last_line, run_cli


@contextmanager
def container_like(data: Path, log: Path) -> Iterator[tuple[str, dict[str, str]]]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("WIRE_")}
    env["WIRE_DATA_DIR"] = str(data)
    port = free_port()
    with log.open("wb") as err:
        process = subprocess.Popen(
            [sys.executable, "-m", "wire.cli", "serve", "--host", "0.0.0.0", "--port", str(port)],
            env=env, stdout=subprocess.DEVNULL, stderr=err)
        url = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 60
            while True:
                assert process.poll() is None, log.read_text()
                try:
                    if httpx.get(f"{url}/readyz", timeout=1).status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                assert time.monotonic() < deadline, "wire serve did not become ready"
                time.sleep(0.1)
            yield url, env
        finally:
            process.send_signal(signal.SIGTERM)
            process.wait(timeout=30)


def test_links_follow_the_host_and_the_log_is_json(tmp_path: Path) -> None:
    log = tmp_path / "serve.log"
    with container_like(tmp_path / "var", log) as (url, env):
        key = last_line(run_cli("correspondents", "add", "Ani", "--region", "lampung",
                                env=env).stdout)
        token = last_line(run_cli("partners", "add", "Radar", env=env).stdout)
        public = {"Host": "news.example.org:8443", "X-Forwarded-Proto": "https"}
        created = httpx.post(f"{url}/v1/stories", content=SAMPLE_FILE.read_bytes(), headers={
            **public, "Authorization": f"Bearer {key}", "Content-Type": "text/plain"})
        assert created.status_code == 201, created.text
        sid = created.json()["wire"]["id"]
        # X-Forwarded-Proto comes from no trusted proxy here, so the scheme stays http.
        assert created.headers["location"] == f"http://news.example.org:8443/v1/stories/{sid}"
        for fmt in ("rss", "atom", "json"):
            named = httpx.get(f"{url}/feeds/all.{fmt}", params={"token": token}, headers=public)
            assert b"http://news.example.org:8443/stories/" + sid.encode() in named.content
            plain = httpx.get(f"{url}/feeds/all.{fmt}", params={"token": token})
            assert url.encode() + b"/stories/" in plain.content, "the document of this Host"
            for body in (named.content, plain.content):
                assert b"0.0.0.0" not in body
        # HTTP/1.0 with no Host: the links name this machine, still not 0.0.0.0.
        with socket.create_connection(("127.0.0.1", int(url.rsplit(":", 1)[1]))) as raw:
            raw.sendall(f"GET /feeds/all.rss?token={token} HTTP/1.0\r\n\r\n".encode())
            answer = b""
            while chunk := raw.recv(65536):
                answer += chunk
        assert b" 200 " in answer.split(b"\r\n", 1)[0] and b"0.0.0.0" not in answer
        assert b"http://localhost:" in answer, answer[answer.find(b"<link>"):][:200]
        opml = httpx.get(f"{url}/v1/partners/me/feeds.opml", auth=("x", token), headers=public)
        assert b'htmlUrl="http://news.example.org:8443/"' in opml.content
        metrics = httpx.get(f"{url}/metrics")
        assert metrics.headers.get_list("content-type") == [CONTENT_TYPE_LATEST]
        values = samples(metrics.text)
        assert values["wire_normalize_seconds_count"] == 1.0  # the one story
        assert values["wire_story_writes_total"] == 1.0
        assert values["wire_store_ping_seconds_count"] >= 1
        assert values["wire_store_pool_max"] == 64.0
        assert 0 <= values["wire_store_pool_in_use"] <= 64
    # One stream: the supervisor's, uvicorn's and the app's lines are all JSON.
    lines = [json.loads(line) for line in log.read_text().splitlines() if line.strip()]
    assert any(line["event"] == "embedded store started" for line in lines)
    assert any(line["event"].startswith("Uvicorn running") for line in lines)
    access = [line for line in lines if line.get("event") == "request"]
    assert access, log.read_text()[-2000:]
    feeds = [line for line in access if line["path"].startswith("/feeds/")]
    assert feeds and all(line["caller"].startswith("partner:") for line in feeds)
    assert all({"method", "path", "status", "ms", "timestamp"} <= set(line) for line in access)
    posted = [line for line in access if line["method"] == "POST"]
    assert posted[0]["status"] == 201 and posted[0]["caller"].startswith("correspondent:")
    accepted = [line for line in lines if line.get("event") == "story accepted"]
    assert [line["story"] for line in accepted] == [sid]
    assert token not in log.read_text() and key not in log.read_text()


def samples(exposition: str) -> dict[str, float]:
    """Each metric's value, summed over its labels."""
    found: dict[str, float] = {}
    for line in exposition.splitlines():
        if line and not line.startswith("#"):
            name = line.split("{", 1)[0].split(" ", 1)[0]
            found[name] = found.get(name, 0.0) + float(line.rsplit(" ", 1)[1])
    return found


def feed_requests(exposition: str) -> float:
    return sum(float(line.rsplit(" ", 1)[1]) for line in exposition.splitlines()
               if line.startswith("wire_feed_requests_total{"))


def test_metrics_sum_every_worker(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("WIRE_")}
    metrics_dir = tmp_path / "metrics"
    metrics_dir.mkdir()
    env.update(WIRE_DATA_DIR=str(tmp_path / "var"), PROMETHEUS_MULTIPROC_DIR=str(metrics_dir))
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "wire.cli", "serve", "--port", str(port),
                                "--workers", "2"], env=env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{url}/readyz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert process.poll() is None and time.monotonic() < deadline
            time.sleep(0.1)
        token = last_line(run_cli("partners", "add", "Radar", env=env).stdout)
        polls = 40
        for _ in range(polls):  # a new connection each: the kernel spreads them over workers
            assert httpx.get(f"{url}/feeds/all.rss", params={"token": token}).status_code == 200
        scrapes = [feed_requests(httpx.get(f"{url}/metrics").text) for _ in range(10)]
        pools = samples(httpx.get(f"{url}/metrics").text)["wire_store_pool_max"]
        writers = {f.name.rsplit("_", 1)[1] for f in metrics_dir.glob("counter_*.db")}
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)
    assert scrapes == [polls] * 10, scrapes
    assert len(writers) == 2, "both workers counted some of the polls"
    assert pools == 128.0, "two workers' pools of 64"
