"""The command line's root: the ``wire`` group, ``wire serve``, and the helpers every
command uses to reach the store (the embedded server when no URL is set)."""

from __future__ import annotations

import asyncio
import contextlib
import os
import shutil
import signal
import tempfile
from collections.abc import Awaitable, Callable, Iterator
from typing import TypeVar

import click

from wire.errors import WireError
from wire.newsroom.desk import Desk
from wire.settings import Settings, get_settings
from wire.storage import client, embedded
from wire.storage.accounts import (
    AccountStore,
)

T = TypeVar("T")


@contextlib.contextmanager
def store_url(settings: Settings) -> Iterator[str]:
    """The configured Redis URL, or the embedded server's (started for this command if needed)."""
    if settings.effective_redis_url:
        yield settings.effective_redis_url
        return
    with embedded.attach_or_start(settings.data_dir) as url:
        yield url


def with_desk(settings: Settings, work: Callable[[Desk], Awaitable[T]]) -> T:
    """Run ``work`` against the store; a ``WireError`` becomes the command's error message."""
    async def run(url: str) -> T:
        redis = client.from_settings(settings, url)
        try:
            return await work(Desk(settings, redis))
        finally:
            await client.close(redis)

    with store_url(settings) as url:
        try:
            return asyncio.run(run(url))
        except WireError as exc:
            raise click.ClickException(exc.detail) from exc


def with_accounts(settings: Settings, work: Callable[[AccountStore], Awaitable[T]]) -> T:
    return with_desk(settings, lambda d: work(d.accounts))


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="newswire", prog_name="wire")
def main() -> None:
    """newswire: a news-wire syndication service.

    Settings come from WIRE_* variables, then the file WIRE_CONFIG_FILE, then the defaults
    shipped in the package (WIRE_CONFIG_DIR names another folder of data files).
    """


@main.command()
@click.option("--host", default=None, help="Interface to listen on (default from settings).")
@click.option("--port", type=int, default=None, help="Port (default from settings: 8080).")
@click.option("--workers", type=int, default=1, show_default=True, help="HTTP worker processes.")
def serve(host: str | None, port: int | None, workers: int) -> None:
    """Serve the API and feeds; runs the embedded Valkey when no Redis URL is set."""
    import structlog
    import uvicorn

    from wire.ops.logs import configure, uvicorn_log_config

    settings = get_settings()
    host = host or settings.host
    port = port or settings.port
    # The supervisor's lines join the workers' in one structured stream.
    configure(settings.log_level)
    log = structlog.get_logger("wire.serve")
    server = None
    if not settings.effective_redis_url:
        if embedded.is_serving(embedded.socket_path(settings.data_dir)):
            raise click.ClickException(
                f"Another 'wire serve' already runs on the data folder {settings.data_dir}; "
                "stop it or choose another WIRE_DATA_DIR."
            )
        started = embedded.start(settings.data_dir, appendfsync=settings.redis.appendfsync)
        os.environ["WIRE_REDIS_URL"] = started.url
        log.info("embedded store started", url=started.url, data=str(settings.data_dir))
        server = embedded.Supervisor(settings.data_dir, started,
                                     lambda message: log.warning(message),
                                     settings.redis.appendfsync)
        server.start()
    # The workers read their settings again: tell them where they listen (their fallback
    # for links when a request names no usable Host).
    os.environ["WIRE_HOST"], os.environ["WIRE_PORT"] = host, str(port)
    # Every worker writes its metrics into one folder and any of them answers the sum. It
    # must be named before a worker imports prometheus_client; a fresh one per run, so a
    # restart starts the counters at zero as Prometheus expects.
    own_metrics = None
    if not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        own_metrics = tempfile.mkdtemp(prefix="wire-metrics-")
        os.environ["PROMETHEUS_MULTIPROC_DIR"] = own_metrics
    # uvicorn re-raises the signal that stopped it; turn SIGTERM into an exception so the
    # embedded server below is still shut down cleanly.
    signal.signal(signal.SIGTERM, _exit_on_signal)
    try:
        # Links follow each request's Host unless WIRE_BASE_URL is set. Proxy headers
        # (X-Forwarded-Proto) are read only from the proxies WIRE_FORWARDED_ALLOW_IPS names:
        # rewriting costs time on every feed poll. No Server header, for the same reason.
        # The app writes its own access line (JSON, without the query), so uvicorn's is off.
        trusted = settings.forwarded_allow_ips
        uvicorn.run("wire.web.app:app_from_env", factory=True, host=host, port=port,
                    workers=workers, log_level=settings.log_level.lower(), access_log=False,
                    log_config=uvicorn_log_config(settings.log_level),
                    proxy_headers=bool(trusted), forwarded_allow_ips=trusted,
                    server_header=False, http="wire.web.server:BoundedHttpToolsProtocol")
    finally:
        if server:
            server.stop()
        if own_metrics:
            shutil.rmtree(own_metrics, ignore_errors=True)


def _exit_on_signal(signum: int, _frame: object) -> None:
    raise SystemExit(128 + signum)
