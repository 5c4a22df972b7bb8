"""The desk's command line: ``wire serve``, accounts, normalization and feeds.

Account commands print the new secret alone on the last line of stdout: it is shown once
and only its hash is stored.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import signal
import sys
from collections.abc import Awaitable, Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

import click
from redis.asyncio import Redis

from wire import embedded
from wire.accounts import AccountStore, Entitlements, check_languages, check_slugs
from wire.errors import WireError
from wire.keys import Keys
from wire.settings import Settings, get_settings

T = TypeVar("T")


@contextlib.contextmanager
def store_url(settings: Settings) -> Iterator[str]:
    """The configured Redis URL, or the embedded server's (started for this command if needed)."""
    if settings.effective_redis_url:
        yield settings.effective_redis_url
        return
    with embedded.attach_or_start(settings.data_dir) as url:
        yield url


def with_accounts(settings: Settings, work: Callable[[AccountStore], Awaitable[T]]) -> T:
    async def run(url: str) -> T:
        redis = Redis.from_url(url)
        try:
            return await work(AccountStore(redis, Keys(settings.redis.key_prefix)))
        finally:
            await redis.aclose()

    with store_url(settings) as url:
        try:
            return asyncio.run(run(url))
        except WireError as exc:
            raise click.ClickException(exc.detail) from exc


@click.group()
def main() -> None:
    """newswire: a news-wire syndication service."""


@main.command()
@click.option("--host", default=None, help="Interface to listen on (default from settings).")
@click.option("--port", type=int, default=None, help="Port (default from settings: 8080).")
@click.option("--workers", type=int, default=1, show_default=True, help="HTTP worker processes.")
def serve(host: str | None, port: int | None, workers: int) -> None:
    """Serve the API and feeds; runs the embedded Valkey when no Redis URL is set."""
    import uvicorn

    settings = get_settings()
    host = host or settings.host
    port = port or settings.port
    server = None
    if not settings.effective_redis_url:
        if embedded.is_serving(embedded.socket_path(settings.data_dir)):
            raise click.ClickException(
                f"Another 'wire serve' already runs on the data folder {settings.data_dir}; "
                "stop it or choose another WIRE_DATA_DIR."
            )
        server = embedded.start(settings.data_dir)
        os.environ["WIRE_REDIS_URL"] = server.url
        click.echo(f"embedded valkey-server on {server.url} (data in {settings.data_dir})",
                   err=True)
    os.environ.setdefault("WIRE_BASE_URL", settings.base_url or f"http://{host}:{port}")
    # uvicorn re-raises the signal that stopped it; turn SIGTERM into an exception so the
    # embedded server below is still shut down cleanly.
    signal.signal(signal.SIGTERM, _exit_on_signal)
    try:
        uvicorn.run("wire.app:app_from_env", factory=True, host=host, port=port,
                    workers=workers, log_level=settings.log_level.lower(), access_log=False)
    finally:
        if server:
            server.stop()


def _exit_on_signal(signum: int, _frame: object) -> None:
    raise SystemExit(128 + signum)


@main.group()
def correspondents() -> None:
    """Manage correspondents and their keys."""


@correspondents.command("add")
@click.argument("name")
@click.option("--agency", default=None, help="Agency the correspondent files for.")
@click.option("--region", default=None, help="Home region slug (used when copy names none).")
@click.option("--desk", default=None, help="Default desk slug.")
def add_correspondent(name: str, agency: str | None, region: str | None,
                      desk: str | None) -> None:
    """Create a correspondent; prints the key (shown once) on the last line."""
    record, secret = with_accounts(
        get_settings(), lambda a: a.add_correspondent(name, agency=agency, region=region,
                                                      desk=desk))
    click.echo(f"correspondent {record.name} ({record.id}) created; key:", err=False)
    click.echo(secret)


@main.group()
def partners() -> None:
    """Manage partner outlets, their entitlements and tokens."""


@partners.command("add")
@click.argument("name")
@click.option("--desk", "desks", multiple=True, help="Entitled desk (repeat for several).")
@click.option("--region", "regions", multiple=True, help="Entitled region (repeatable).")
@click.option("--lang", "languages", multiple=True, help="Entitled language (repeatable).")
@click.option("--early-urgent", is_flag=True, help="May see urgent items early.")
def add_partner(name: str, desks: tuple[str, ...], regions: tuple[str, ...],
                languages: tuple[str, ...], early_urgent: bool) -> None:
    """Create a partner; prints the token (shown once) on the last line."""
    try:
        entitlements = Entitlements(
            desks=check_slugs(desks, "desk"), regions=check_slugs(regions, "region"),
            languages=check_languages(languages), early_urgent=early_urgent,
        )
    except WireError as exc:
        raise click.BadParameter(exc.detail) from exc
    record, secret = with_accounts(get_settings(), lambda a: a.add_partner(name, entitlements))
    rights = record.entitlements
    click.echo(f"partner {record.name} ({record.id}) created; desks={list(rights.desks) or 'all'}"
               f" regions={list(rights.regions) or 'all'} "
               f"languages={list(rights.languages) or 'all'}; token:")
    click.echo(secret)


@main.command("normalize")
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False,
                                                                   path_type=Path))
@click.option("--submitted-at", default=None, help="Submission time (RFC 3339; default now).")
@click.option("--language", default=None, help="Declared language (wins over detection).")
@click.option("--region", default=None, help="Declared region slug.")
def normalize_files(files: tuple[Path, ...], submitted_at: str | None, language: str | None,
                    region: str | None) -> None:
    """Print each file's normalized story and report as JSON (no server needed)."""
    from wire.ingest import decode_text
    from wire.normalize import Copy, load_resources, normalize

    settings = get_settings()
    resources = load_resources(settings.config_dir, settings.ingest.languages)
    when = datetime.fromisoformat(submitted_at) if submitted_at else datetime.now(UTC)
    results: list[dict[str, Any]] = []
    for path in files:
        try:
            text = decode_text(path.read_bytes(), None)
            norm = normalize(Copy(text=text, submitted_at=when, declared_language=language,
                                  declared_region=region, html=path.suffix in (".html", ".htm")),
                             resources)
        except WireError as exc:
            results.append({"file": str(path), "error": exc.title, "detail": exc.detail})
            continue
        results.append({"file": str(path), **json.loads(norm.model_dump_json(
            exclude={"signature"}))})
    click.echo(json.dumps(results if len(results) > 1 else results[0], ensure_ascii=False,
                          indent=2))
    if any("error" in r for r in results):
        sys.exit(1)


if __name__ == "__main__":
    main()
