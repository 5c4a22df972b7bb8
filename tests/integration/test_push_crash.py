"""``wire serve`` killed with SIGKILL mid-delivery: after a restart everything is delivered,
in order, each event at least once (a delivery in flight at the kill may come twice, with
the same ``webhook-id``)."""

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


def serve_env(data_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("WIRE_")}
    return {**env, "WIRE_DATA_DIR": str(data_dir), "WIRE_PUSH__ALLOW_HOSTS": "127.0.0.1",
            "WIRE_PUSH__BACKOFF_BASE_SECONDS": "0.05", "WIRE_PUSH__BACKOFF_MAX_SECONDS": "0.5",
            "WIRE_PUSH__TIMEOUT_SECONDS": "2"}


@contextmanager
def serving(data_dir: Path, port: int) -> Iterator[subprocess.Popen[bytes]]:
    """``wire serve`` in its own process group (so SIGKILL takes its store down too)."""
    process = subprocess.Popen(
        [sys.executable, "-m", "wire.cli", "serve", "--port", str(port)],
        env=serve_env(data_dir), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
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
    data_dir = tmp_path / "var"
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    env = serve_env(data_dir)
    with receiving(delay=0.3) as hooks:
        with serving(data_dir, port) as first:
            key = last_line(run_cli("correspondents", "add", "Sari", env=env).stdout)
            assert run_cli("partners", "add", "Durable Daily", env=env).returncode == 0
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
            os.killpg(first.pid, signal.SIGKILL)
            first.wait()
        delivered_before = len(hooks.posts())
        assert delivered_before < 10, "the kill came after everything was delivered"
        with serving(data_dir, port):
            hooks.wait(lambda r: len({verified(secret, p)["story"]["wire"]["id"]
                                      for p in r.posts()}) == 10, timeout=60)
            time.sleep(0.5)
            posts = hooks.posts()
    order = [verified(secret, p)["story"]["wire"]["id"] for p in posts]
    runs = [(sid, len(list(group))) for sid, group in groupby(order)]
    assert [sid for sid, _ in runs] == sids, "each event in change order"
    assert all(n <= 2 for _, n in runs), runs
    ids = [p.headers["webhook-id"] for p in posts]
    assert len(set(ids)) == 10, "a redelivery carries the id of the first attempt"
