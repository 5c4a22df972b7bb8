"""The desk's command line: ``wire serve``, accounts, normalization and feeds.

Account commands print the new secret alone on the last line of stdout: it is shown once
and only its hash is stored. Tokens are listed and revoked by their public id (the first
hex digits of the hash), so the desk never needs to hold a partner's secret.
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
from wire.accounts import (
    AccountStore,
    Correspondent,
    Entitlements,
    Kind,
    Partner,
    Token,
    check_languages,
    check_slugs,
    read_partner_file,
)
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
        # No proxy-header rewriting (nothing here uses the client address) and no Server
        # header: both cost time on every feed poll.
        uvicorn.run("wire.app:app_from_env", factory=True, host=host, port=port,
                    workers=workers, log_level=settings.log_level.lower(), access_log=False,
                    proxy_headers=False, server_header=False)
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


@correspondents.command("list")
@click.option("--json", "as_json", is_flag=True, help="One JSON document (for scripts).")
def list_correspondents(as_json: bool) -> None:
    """List correspondents."""
    async def work(a: AccountStore) -> list[tuple[Correspondent, list[Token]]]:
        return [(c, await a.tokens("correspondent", c.id))
                for c in await a.list_correspondents()]

    rows = with_accounts(get_settings(), work)
    if as_json:
        click.echo(json.dumps([{**c.model_dump(mode="json"), "keys": [token_json(t) for t in k]}
                               for c, k in rows], indent=2, ensure_ascii=False))
        return
    for found, keys in rows:
        click.echo(f"{found.name}\t{found.id}\tagency={found.agency or '-'}\t"
                   f"region={found.region or '-'}\tdesk={found.desk or '-'}\tkeys={len(keys)}")


@correspondents.command("show")
@click.argument("name")
def show_correspondent(name: str) -> None:
    """Show a correspondent and its key ids (never the keys)."""
    async def work(a: AccountStore) -> tuple[Correspondent | None, list[Token]]:
        rid = await a.account_id("correspondent", name)
        return await a.correspondent(rid), await a.tokens("correspondent", rid)

    found, keys = with_accounts(get_settings(), work)
    if found is None:
        raise click.ClickException(f"The correspondent {name!r} was removed meanwhile.")
    click.echo(f"correspondent {found.name} ({found.id})")
    click.echo(f"  agency: {found.agency or '-'}  region: {found.region or '-'}  "
               f"desk: {found.desk or '-'}")
    echo_tokens(keys, "correspondent", "key")


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
    click.echo(f"partner {record.name} ({record.id}) created; {describe(record.entitlements)}; "
               "token:")
    click.echo(secret)


@partners.command("list")
@click.option("--json", "as_json", is_flag=True, help="One JSON document (for scripts).")
def list_partners(as_json: bool) -> None:
    """List partners and their entitlements."""
    async def work(a: AccountStore) -> list[tuple[Partner, list[Token]]]:
        return [(p, await a.tokens("partner", p.id)) for p in await a.list_partners()]

    rows = with_accounts(get_settings(), work)
    if as_json:
        click.echo(json.dumps([partner_json(p, t) for p, t in rows], indent=2,
                              ensure_ascii=False))
        return
    if not rows:
        click.echo("no partners yet: 'wire partners add NAME' or 'wire partners sync'", err=True)
    for partner, tokens in rows:
        click.echo(f"{partner.name}\t{partner.id}\t{describe(partner.entitlements)}\t"
                   f"tokens={len(tokens)}")


@partners.command("show")
@click.argument("name")
@click.option("--json", "as_json", is_flag=True, help="One JSON document (for scripts).")
def show_partner(name: str, as_json: bool) -> None:
    """Show a partner's entitlements and token ids (never the secrets)."""
    async def work(a: AccountStore) -> tuple[Partner, list[Token]]:
        rid = await a.account_id("partner", name)
        partner = await a.partner(rid)
        if partner is None:
            raise click.ClickException(f"The partner {name!r} was removed meanwhile.")
        return partner, await a.tokens("partner", rid)

    partner, tokens = with_accounts(get_settings(), work)
    if as_json:
        click.echo(json.dumps(partner_json(partner, tokens), indent=2, ensure_ascii=False))
        return
    rights = partner.entitlements
    click.echo(f"partner {partner.name} ({partner.id})")
    click.echo(f"  desks:        {', '.join(rights.desks) or 'all'}")
    click.echo(f"  regions:      {', '.join(rights.regions) or 'all'}")
    click.echo(f"  languages:    {', '.join(rights.languages) or 'all'}")
    click.echo(f"  early urgent: {'yes' if rights.early_urgent else 'no'}")
    echo_tokens(tokens, "partner")


@partners.command("set")
@click.argument("name")
@click.option("--desk", "desks", multiple=True, help="Entitled desk; replaces the list.")
@click.option("--region", "regions", multiple=True, help="Entitled region; replaces the list.")
@click.option("--lang", "languages", multiple=True, help="Entitled language; replaces the list.")
@click.option("--any-desk", is_flag=True, help="Entitle every desk (empty list).")
@click.option("--any-region", is_flag=True, help="Entitle every region.")
@click.option("--any-lang", is_flag=True, help="Entitle every language.")
@click.option("--early-urgent/--no-early-urgent", default=None,
              help="May (or may not) see urgent items early.")
def set_partner(name: str, desks: tuple[str, ...], regions: tuple[str, ...],
                languages: tuple[str, ...], any_desk: bool, any_region: bool, any_lang: bool,
                early_urgent: bool | None) -> None:
    """Change a partner's entitlements; dimensions not named keep their values.

    A repeated option replaces that dimension's whole list (--region lampung --region
    banten); --any-desk/--any-region/--any-lang clear it, which means every value.
    """
    for given, clear, flag in ((desks, any_desk, "desk"), (regions, any_region, "region"),
                               (languages, any_lang, "lang")):
        if given and clear:
            raise click.UsageError(f"--{flag} and --any-{flag} contradict each other.")
    changes: dict[str, Any] = {}
    try:
        if desks or any_desk:
            changes["desks"] = check_slugs(desks, "desk")
        if regions or any_region:
            changes["regions"] = check_slugs(regions, "region")
        if languages or any_lang:
            changes["languages"] = check_languages(languages)
    except WireError as exc:
        raise click.BadParameter(exc.detail) from exc
    if early_urgent is not None:
        changes["early_urgent"] = early_urgent
    if not changes:
        raise click.UsageError("Nothing to change: give --desk, --region, --lang, --any-…, "
                               "or --early-urgent/--no-early-urgent.")
    before, after = with_accounts(
        get_settings(),
        lambda a: a.update_partner(name, lambda e: e.model_copy(update=changes)))
    if before == after:
        click.echo(f"partner {after.name} unchanged: {describe(after.entitlements)}")
    else:
        click.echo(f"partner {after.name} updated: {describe(after.entitlements)} "
                   f"(was {describe(before.entitlements)})")


@partners.command("sync")
@click.argument("file", required=False,
                type=click.Path(exists=True, dir_okay=False, path_type=Path))
def sync_partners(file: Path | None) -> None:
    """Make the store match a partners file (default config/partners.toml).

    Creates missing partners and sets existing ones' entitlements to the file's; never
    deletes a partner or touches existing tokens. Prints 'NAME TOKEN' on stdout for each
    partner created (tokens are shown once); what else changed goes to stderr.
    """
    settings = get_settings()
    path = file or settings.config_dir / "partners.toml"
    try:
        entries = read_partner_file(path)
    except WireError as exc:
        raise click.ClickException(exc.detail) from exc
    results = with_accounts(settings, lambda a: a.sync_partners(entries))
    for result in results:
        if result.token:
            click.echo(f"{result.partner.name} {result.token}")
        click.echo(f"{result.action}: {result.partner.name} ({result.partner.id}) "
                   f"{describe(result.partner.entitlements)}", err=True)
    created = sum(r.action == "created" for r in results)
    updated = sum(r.action == "updated" for r in results)
    click.echo(f"{path}: {len(results)} partners, {created} created, {updated} updated",
               err=True)


def describe(rights: Entitlements) -> str:
    return (f"desks={','.join(rights.desks) or 'all'} "
            f"regions={','.join(rights.regions) or 'all'} "
            f"languages={','.join(rights.languages) or 'all'}"
            + (" early-urgent" if rights.early_urgent else ""))


def token_json(token: Token) -> dict[str, Any]:
    return {"id": token.id, "created": token.created.isoformat(), "label": token.label}


def partner_json(partner: Partner, tokens: list[Token]) -> dict[str, Any]:
    return {**partner.model_dump(mode="json"), "tokens": [token_json(t) for t in tokens]}


def echo_tokens(tokens: list[Token], kind: Kind, noun: str = "token") -> None:
    if not tokens:
        click.echo(f"  {noun}s: none (this {kind} cannot sign in)")
        return
    click.echo(f"  {noun}s:")
    for token in tokens:
        label = f"  {token.label}" if token.label else ""
        click.echo(f"    {token.id}  created {token.created.isoformat()}{label}")


def add_token_commands(group: click.Group, kind: Kind, noun: str) -> None:
    """``GROUP NOUN add|revoke NAME`` and ``GROUP rotate NAME`` for one kind of account."""

    @group.group(noun, help=f"Issue and revoke {kind} {noun}s (several may be live).")
    def tokens() -> None:
        pass

    @tokens.command("add", help=f"Issue another {noun}; prints it (shown once) on the last line.")
    @click.argument("name")
    @click.option("--label", default=None, help="A note to tell this one apart (e.g. 'CMS').")
    def add(name: str, label: str | None) -> None:
        token, secret, _ = with_accounts(get_settings(),
                                         lambda a: a.add_token(kind, name, label=label))
        click.echo(f"{kind} {name}: {noun} {token.id} issued:")
        click.echo(secret)

    @tokens.command("revoke", help=f"Revoke one {noun}, by the id 'show' lists (or a unique "
                    "start of it), or by the secret itself. It is refused from the next request.")
    @click.argument("name")
    @click.argument("token_ref", metavar="TOKEN_PREFIX_OR_ID")
    def revoke(name: str, token_ref: str) -> None:
        token = with_accounts(get_settings(), lambda a: a.revoke_token(kind, name, token_ref))
        click.echo(f"{kind} {name}: {noun} {token.id} revoked")

    @group.command("rotate", help=f"Issue a new {noun} and revoke every older one in one step; "
                   "prints the new one (shown once) on the last line.")
    @click.argument("name")
    @click.option("--label", default=None, help="A note to tell this one apart.")
    def rotate(name: str, label: str | None) -> None:
        token, secret, old = with_accounts(
            get_settings(), lambda a: a.add_token(kind, name, label=label, rotate=True))
        revoked = ", ".join(t.id for t in old) or "none"
        click.echo(f"{kind} {name}: {noun} {token.id} issued; revoked: {revoked}")
        click.echo(secret)


add_token_commands(partners, "partner", "token")
add_token_commands(correspondents, "correspondent", "key")


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
