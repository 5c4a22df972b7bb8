"""`wire serve` on the embedded default: the CLI shares its store, and stories survive a restart."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

from tests.conftest import SAMPLE_FILE, free_port, last_line, run_cli


def embedded_env(data_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("WIRE_")}
    return {**env, "WIRE_DATA_DIR": str(data_dir)}


@contextmanager
def wire_serve(data_dir: Path, port: int) -> Iterator[str]:
    process = subprocess.Popen(
        [sys.executable, "-m", "wire.cli", "serve", "--port", str(port)],
        env=embedded_env(data_dir), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            assert process.poll() is None, process.stderr.read() if process.stderr else ""
            try:
                if httpx.get(f"{url}/readyz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert time.monotonic() < deadline, "wire serve did not become ready"
            time.sleep(0.1)
        yield url
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def valkey_running(data_dir: Path, patience: float = 15.0) -> bool:
    """True when a valkey-server on ``data_dir`` is still running after ``patience`` s."""
    deadline = time.monotonic() + patience
    while True:
        found = subprocess.run(["pgrep", "-f", f"valkey-server.*{data_dir.resolve()}"],
                               capture_output=True, text=True, check=False)
        if not found.stdout.strip() or time.monotonic() > deadline:
            return bool(found.stdout.strip())
        time.sleep(0.1)


def test_story_survives_restart_of_embedded_store(tmp_path: Path) -> None:
    data_dir = tmp_path / "var"
    port = free_port()
    env = embedded_env(data_dir)
    with wire_serve(data_dir, port) as url:
        added = run_cli("correspondents", "add", "Budi", "--region", "lampung", env=env)
        assert added.returncode == 0, added.stderr
        key = last_line(added.stdout)
        created = httpx.post(f"{url}/v1/stories", content=SAMPLE_FILE.read_bytes(),
                             headers={"Authorization": f"Bearer {key}",
                                      "Content-Type": "text/plain"})
        assert created.status_code == 201, created.text
        sid = created.json()["wire"]["id"]
    assert (data_dir / "appendonlydir").is_dir(), "the embedded store keeps an append-only file"
    assert not valkey_running(data_dir), "stopping wire serve stops its valkey-server"

    with wire_serve(data_dir, port) as url:
        again = httpx.get(f"{url}/v1/stories/{sid}", headers={"Authorization": f"Bearer {key}"})
    assert again.status_code == 200
    assert again.json()["headlines"][0]["value"].startswith("Wabup Lambar")


def test_cli_without_server_uses_the_same_data_folder(tmp_path: Path) -> None:
    data_dir = tmp_path / "var"
    env = embedded_env(data_dir)
    added = run_cli("partners", "add", "Radar", "--region", "lampung", env=env)
    assert added.returncode == 0, added.stderr
    token = last_line(added.stdout)
    assert token.startswith("pt_") and " " not in token
    assert not valkey_running(data_dir), "a temporary server is stopped after the command"
    twice = run_cli("partners", "add", "Radar", env=env)
    assert twice.returncode != 0 and "exists already" in twice.stderr


def test_a_killed_embedded_store_is_restarted_and_nothing_acknowledged_is_lost(
    tmp_path: Path,
) -> None:
    data_dir = tmp_path / "var"
    port = free_port()
    env = embedded_env(data_dir)
    with wire_serve(data_dir, port) as url:
        key = last_line(run_cli("correspondents", "add", "Sari", env=env).stdout)
        headers = {"Authorization": f"Bearer {key}"}
        sids = []
        for n in range(5):
            made = httpx.post(f"{url}/v1/stories", headers=headers, json={
                "headline": f"Berita {n}", "body": f"Isi berita nomor {n} untuk uji ketahanan."})
            assert made.status_code == 201, made.text
            sids.append(made.json()["wire"]["id"])
        # kill -9 right after the last 201: appendfsync always means it is on disk.
        subprocess.run(["pkill", "-9", "-f", f"valkey-server.*{data_dir.resolve()}"], check=True)
        deadline = time.monotonic() + 20
        while True:
            try:
                ready = httpx.get(f"{url}/readyz", timeout=1)
            except httpx.HTTPError:
                ready = None
            if ready is not None and ready.status_code == 200:
                break
            if ready is not None:
                assert ready.status_code == 503 and ready.headers["retry-after"]
            assert time.monotonic() < deadline, "wire serve did not restart its store"
            time.sleep(0.1)
        for sid in sids:
            found = httpx.get(f"{url}/v1/stories/{sid}", headers=headers)
            assert found.status_code == 200, (sid, found.text)
        after = httpx.post(f"{url}/v1/stories", headers=headers, json={
            "headline": "Sesudah", "body": "Berita yang dikirim sesudah store dimulai ulang."})
        assert after.status_code == 201, after.text
        deadline = time.monotonic() + 10
        while "wire_store_outages_total 1.0" not in httpx.get(f"{url}/metrics").text:
            assert time.monotonic() < deadline, "the outage is counted in /metrics"
            time.sleep(0.2)
