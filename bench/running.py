"""Starting `wire serve` for the benchmarks: a temporary data folder, a free loopback port,
its own process group (so a fault run can kill -9 the app and its store together)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Served:
    """One `wire serve` process group on ``data_dir``."""

    data_dir: Path
    port: int = field(default_factory=free_port)
    extra_env: dict[str, str] = field(default_factory=dict)
    process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("WIRE_")}
        return {**env, "WIRE_DATA_DIR": str(self.data_dir),
                "WIRE_INGEST__RATE_PER_MINUTE": "1000000", **self.extra_env}

    def start(self, timeout: float = 60.0) -> float:
        """Start and wait until ready; the seconds it took."""
        began = time.monotonic()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "wire.cli", "serve", "--port", str(self.port)],
            env=self.env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            start_new_session=True)
        return self.wait_ready(timeout, began)

    def wait_ready(self, timeout: float = 60.0, began: float | None = None) -> float:
        began = time.monotonic() if began is None else began
        while time.monotonic() - began < timeout:
            try:
                if httpx.get(f"{self.url}/readyz", timeout=1).status_code == 200:
                    return time.monotonic() - began
            except httpx.HTTPError:
                pass
            time.sleep(0.05)
        raise RuntimeError(f"wire serve on {self.data_dir} not ready within {timeout:.0f}s")

    def kill_group(self) -> None:
        """kill -9 of the app and everything it started (its embedded store too)."""
        if self.process is not None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()

    def store_pids(self) -> list[int]:
        found = subprocess.run(["pgrep", "-f", f"valkey-server.*{self.data_dir.resolve()}"],
                               capture_output=True, text=True, check=False)
        return [int(p) for p in found.stdout.split()]

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.kill_group()

    def cli(self, *args: str) -> str:
        done = subprocess.run([sys.executable, "-m", "wire.cli", *args], env=self.env,
                              capture_output=True, text=True, check=True)
        return done.stdout.strip().splitlines()[-1]
