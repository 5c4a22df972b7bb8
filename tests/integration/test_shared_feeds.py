"""Rendered feed documents shared through the store: two apps (standing in for two `wire
serve` processes) on one store render each feed once per change, and never serve a
document older than the newest change."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator

import httpx
import pytest

from tests.conftest import KEY_PREFIX, RunningApp, serve_app
from wire.settings import Settings

BODY = "Pemerintah Provinsi Lampung membuka jalur baru bagi petani kopi di Lampung Barat."


def results(app: RunningApp) -> dict[str, float]:
    """This app's feed requests by result (``render``, ``shared``, ``hit``, ``304``)."""
    out: dict[str, float] = {}
    for line in httpx.get(f"{app.url}/metrics").text.splitlines():
        if line.startswith("wire_feed_requests_total{"):
            result = line.split('result="', 1)[1].split('"', 1)[0]
            out[result] = out.get(result, 0.0) + float(line.rsplit(" ", 1)[1])
    return out


PUBLIC = "http://wire.example"


@pytest.fixture
def two(redis_url: str) -> Iterator[tuple[RunningApp, RunningApp]]:
    """Two apps on one store behind one public name, as two `wire serve` processes."""
    settings = Settings(redis_url=redis_url, redis={"key_prefix": KEY_PREFIX}, access_log=False)
    with serve_app(settings, PUBLIC) as one, serve_app(settings, PUBLIC) as other:
        yield one, other


def test_one_render_per_change_across_processes(
        two: tuple[RunningApp, RunningApp], correspondent_key: str, partner_token: str) -> None:
    app, second = two
    with app.client(correspondent_key) as writer, app.client(partner_token) as first, \
            second.client(partner_token) as other:
        for n in range(3):
            made = writer.post("/v1/stories", json={"headline": f"Kopi {n}",
                                                    "body": f"{BODY} Kabar {n}."})
            assert made.status_code == 201, made.text
            sid = made.json()["wire"]["id"]
            before_first, before_other = results(app), results(second)
            # The first app renders; the second finds its bytes in the store (its own
            # subscription may lag the first's by a moment: the document must not be older
            # than the change it knows, and the one it serves holds the new story).
            a = first.get("/feeds/all.rss")
            b = other.get("/feeds/all.rss")
            assert a.status_code == b.status_code == 200
            assert sid in a.text and sid in b.text
            assert a.headers["etag"] == b.headers["etag"] and a.content == b.content
            after_first, after_other = results(app), results(second)
            rendered = (after_first.get("render", 0) - before_first.get("render", 0)
                        + after_other.get("render", 0) - before_other.get("render", 0))
            assert rendered == 1, (before_first, after_first, before_other, after_other)
            assert after_other.get("shared", 0) == before_other.get("shared", 0) + 1


def test_a_document_is_named_alike_in_every_process() -> None:
    """The shared name comes from ``feed_key``'s repr: it must not vary with the process's
    hash seed (a set in the key would)."""
    code = ("from feeds.cache import feed_key; from feeds.shared import document_name; "
            "from wire.storage.accounts import Partner; from wire.storage.account_models "
            "import Entitlements; print(document_name(feed_key('/feeds/all.rss', b'a=1', "
            "Partner(id='p', name='P', entitlements=Entitlements(regions=('aceh', 'bali'))),"
            " 'h')))")
    names = {subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True, env={**os.environ, "PYTHONHASHSEED": seed}).stdout
             for seed in ("1", "2", "3")}
    assert len(names) == 1, names
