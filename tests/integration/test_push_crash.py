"""``wire serve`` killed with SIGKILL mid-delivery: after a restart everything is delivered,
in order, each event at least once (a delivery in flight at the kill may come twice, with
the same ``webhook-id``); killed between a WebSub ``202`` and its verification: the
restarted service verifies it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from itertools import groupby
from pathlib import Path

import httpx

from tests.conftest import free_port, last_line, run_cli
from tests.push_support import verified
from tests.receivers import receiving


def serve_env(data_dir: Path, **push: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("WIRE_")}
    settings = {"ALLOW_HOSTS": "127.0.0.1", "BACKOFF_BASE_SECONDS": "0.05",
                "BACKOFF_MAX_SECONDS": "0.5", "TIMEOUT_SECONDS": "2", **push}
    return {**env, "WIRE_DATA_DIR": str(data_dir),
            **{f"WIRE_PUSH__{k}": v for k, v in settings.items()}}


@contextmanager
def serving(data_dir: Path, port: int, **push: str) -> Iterator[subprocess.Popen[bytes]]:
    """``wire serve`` in its own process group (so SIGKILL takes its store down too)."""
    process = subprocess.Popen(
        [sys.executable, "-m", "wire.cli", "serve", "--port", str(port)],
        env=serve_env(data_dir, **push), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        start_new_session=True)
    try:
        deadline = time.monotonic() + 60
        while True:
            assert process.poll() is None, "wire serve exited"
            try:
                if httpx.get(f"http://127.0.0.1:{port}/readyz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert time.monotonic() < deadline, "wire serve did not become ready"
            time.sleep(0.1)
        yield process
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()


def test_sigkill_mid_delivery_loses_nothing(tmp_path: Path) -> None:
    """One kill for two cases (a restart is slow): webhook deliveries in flight, and a
    WebSub subscription answered 202 whose callback was down until the kill."""
    data_dir = tmp_path / "var"
    port, callback_port = free_port(), free_port()
    url = f"http://127.0.0.1:{port}"
    env = serve_env(data_dir)
    with receiving(delay=0.3) as hooks:
        with serving(data_dir, port) as first:
            key = last_line(run_cli("correspondents", "add", "Sari", env=env).stdout)
            token = last_line(run_cli("partners", "add", "Durable Daily", env=env).stdout)
            added = run_cli("partners", "webhook", "add", "Durable Daily", hooks.url, env=env)
            assert added.returncode == 0, added.stderr
            secret = last_line(added.stdout)
            sids = []
            for n in range(10):
                made = httpx.post(f"{url}/v1/stories", headers={"Authorization": f"Bearer {key}"},
                                  json={"headline": f"Berita tahan banting {n}",
                                        "body": f"Isi berita nomor {n} untuk uji ketahanan."})
                assert made.status_code == 201, made.text
                sids.append(made.json()["wire"]["id"])
            hooks.wait(lambda r: len(r.posts()) >= 2, timeout=20)
            asked = httpx.post(f"{url}/websub", data={
                "hub.mode": "subscribe", "hub.topic": f"{url}/feeds/all.atom?token={token}",
                "hub.callback": f"http://127.0.0.1:{callback_port}/hook"})
            assert asked.status_code == 202, asked.text
            time.sleep(0.15)  # nothing listens on the callback yet: the first attempt fails
            os.killpg(first.pid, signal.SIGKILL)
            first.wait()
        delivered_before = len(hooks.posts())
        assert delivered_before < 10, "the kill came after everything was delivered"
        with receiving(port=callback_port) as sub, serving(data_dir, port):
            sub.wait(lambda r: len(r.gets()) == 1, timeout=30)
            assert sub.gets()[0].query["hub.mode"] == "subscribe"
            time.sleep(0.3)  # the hub stores the subscription right after the echo
            made = httpx.post(f"{url}/v1/stories", headers={"Authorization": f"Bearer {key}"},
                              json={"headline": "Berita sesudah mati listrik",
                                    "body": "Isi berita untuk uji verifikasi yang bertahan."})
            assert made.status_code == 201, made.text
            sids.append(made.json()["wire"]["id"])
            sub.wait(lambda r: len(r.posts()) == 1, timeout=20)
            hooks.wait(lambda r: len({verified(secret, p)["story"]["wire"]["id"]
                                      for p in r.posts()}) == 11, timeout=60)
            time.sleep(0.5)
            posts = hooks.posts()
            assert len(sub.gets()) == 1, "the subscription was verified once"
    order = [verified(secret, p)["story"]["wire"]["id"] for p in posts]
    runs = [(sid, len(list(group))) for sid, group in groupby(order)]
    assert [sid for sid, _ in runs] == sids, "each event in change order"
    assert all(n <= 2 for _, n in runs), runs
    ids = [p.headers["webhook-id"] for p in posts]
    assert len(set(ids)) == 11, "a redelivery carries the id of the first attempt"

