"""The desk's command line: ``wire serve``, accounts, normalization, stories and feeds.

Commands parse options and print; what they do to the store lives in ``wire.newsroom.desk``.

Account commands print the new secret alone on the last line of stdout: it is shown once
and only its hash is stored. Tokens are listed and revoked by their public id (the first
hex digits of the hash), so the desk never needs to hold a partner's secret.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import shutil
import signal
import sys
import tempfile
from collections.abc import Awaitable, Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

import click
from redis.asyncio import Redis

from wire.errors import WireError
from wire.newsroom import desk as desk_ops
from wire.newsroom.desk import Desk, describe, partner_json, token_json
from wire.settings import Settings, get_settings
from wire.storage import embedded
from wire.storage.accounts import (
    AccountStore,
    Entitlements,
    Kind,
    Token,
    check_languages,
    check_slugs,
    read_partner_file,
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
        redis = Redis.from_url(url)
        try:
            return await work(Desk(settings, redis))
        finally:
            await redis.aclose()

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
    rows = with_accounts(get_settings(), desk_ops.correspondents_with_keys)
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
    found, keys = with_accounts(get_settings(),
                                lambda a: desk_ops.correspondent_with_keys(a, name))
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
    rows = with_accounts(get_settings(), desk_ops.partners_with_tokens)
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
    partner, tokens = with_accounts(get_settings(), lambda a: desk_ops.partner_with_tokens(a, name))
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
@click.option("--yes", is_flag=True,
              help="Apply changes that take entitlements away without asking.")
def sync_partners(file: Path | None, yes: bool) -> None:
    """Make the store match a partners file (default: the shipped partners.toml, or the one
    in WIRE_CONFIG_DIR).

    Creates missing partners and sets existing ones' entitlements to the file's; never
    deletes a partner or touches existing tokens. A change that takes something away from a
    partner (a desk, region or language, 'all' becoming a list, early-urgent) is printed
    first and applied only when confirmed, or with --yes. Prints 'NAME TOKEN' on stdout for
    each partner created (tokens are shown once); what else changed goes to stderr.
    """
    settings = get_settings()
    path = file or settings.config_dir / "partners.toml"
    try:
        entries = read_partner_file(path)
    except WireError as exc:
        raise click.ClickException(exc.detail) from exc
    narrowed = with_desk(settings, lambda d: desk_ops.sync_narrowing(d, entries))
    for name, lost in narrowed:
        click.echo(f"narrows {name}: {'; '.join(lost)}", err=True)
    if narrowed and not yes:
        if not sys.stdin.isatty():
            raise click.UsageError(f"{path} takes entitlements away from {len(narrowed)} "
                                   "partner(s), listed above; run again with --yes to apply.")
        click.confirm("Apply these changes?", abort=True, err=True)
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
    @click.argument("token_ref", metavar=f"{noun.upper()}_ID")
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
@click.option("--explain", is_flag=True,
              help="Print each line's role as the tagger read it (and how sure it was), "
                   "then the report, instead of the story.")
def normalize_files(files: tuple[Path, ...], submitted_at: str | None, language: str | None,
                    region: str | None, explain: bool) -> None:
    """Print each file's normalized story as the API would answer it, report included.

    Nothing is stored (no server needed): the story has no id yet (``wire.id`` is
    "preview") and no correspondent, and the language detector's confidence is in the report.
    """
    from wire.newsroom.ingest import Submission, decode_text
    from wire.newsroom.stories import compose
    from wire.normalize import Copy, load_resources, normalize
    from wire.storage.accounts import Correspondent
    from wire.story import story_json

    settings = get_settings()
    resources = load_resources(settings.config_dir, settings.ingest.languages)
    when = datetime.fromisoformat(submitted_at) if submitted_at else datetime.now(UTC)
    results: list[dict[str, Any]] = []
    for path in files:
        try:
            text = decode_text(path.read_bytes(), None)
            copy = Copy(text=text, submitted_at=when, declared_language=language,
                        declared_region=region, html=path.suffix in (".html", ".htm"))
            norm = normalize(copy, resources)
        except WireError as exc:
            results.append({"file": str(path), "error": exc.title, "detail": exc.detail})
            continue
        if explain:
            click.echo(explain_lines(path, copy, norm, resources))
            continue
        preview = compose(
            sid="preview", uri=f"{settings.uri_prefix}preview", version=1, firstcreated=when,
            versioncreated=when, norm=norm, sub=Submission(text=text, region=region),
            correspondent=Correspondent(id="preview", name="preview"),
        )
        results.append({"file": str(path), **story_json(preview)})
    if results:
        click.echo(json.dumps(results if len(results) > 1 else results[0], ensure_ascii=False,
                              indent=2))
    if any("error" in r for r in results):
        sys.exit(1)


def explain_lines(path: Path, copy: Any, norm: Any, resources: Any) -> str:
    """``--explain``: each line's role and the tagger's confidence, then every change."""
    from wire.normalize.pipeline import copy_lines

    lines = copy_lines(copy, resources)
    tags = resources.line_tagger.tag(lines) if resources.line_tagger else []
    out = [f"== {path}", f"{'role':<9} {'sure':>4}  line"]
    for line, tag in zip(lines, tags, strict=True):
        if line.strip():
            out.append(f"{tag.role:<9} {tag.confidence:>4.2f}  {line.strip()[:110]}")
    out.append("-- what normalization did:")
    out += [f"{c.step}: {c.action}" + (f" -> {c.to}" if c.to else "") + (f": {c.text}" if c.text
                                                                          else "")
            for c in norm.changes]
    return "\n".join(out)


@main.group()
def stories() -> None:
    """Import files of copy, list and show stories."""


@stories.command("import")
# Not exists=True: a missing or unreadable file is one ERR line, and the others still go in.
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--as", "correspondent", required=True, metavar="CORRESPONDENT",
              help="The correspondent (by name) the stories are filed as.")
@click.option("--desk", default=None, help="Desk slug for every file.")
@click.option("--region", default=None, help="Region slug for every file.")
@click.option("--urgency", type=click.IntRange(1, 9), default=None,
              help="Urgency 1 (highest) to 9 for every file.")
@click.option("--language", default=None, help="Language (BCP 47) for every file.")
def import_stories(files: tuple[Path, ...], correspondent: str, desk: str | None,
                   region: str | None, urgency: int | None, language: str | None) -> None:
    """Create a story from each FILE, as the API does for the correspondent.

    .json files are read as the API's JSON form (or a ninjs item), .html/.htm as HTML, any
    other as plain-text copy (headline on the first line). The options apply to every file
    and win over fields a JSON file declares. Prints '201 ID HEADLINE', '200 ID (already
    there)' or 'ERR FILE: PROBLEM' per file, then a summary; exits 1 if any file failed.
    """
    try:
        fields = desk_ops.declared_fields(desk=desk, region=region, urgency=urgency,
                                       language=language)
    except WireError as exc:
        raise click.BadParameter(exc.detail) from exc

    def report(result: desk_ops.Imported) -> None:
        if result.story is None:
            click.echo(f"ERR {result.file}: {result.problem}")
        elif result.status == 201:
            click.echo(f"201 {result.story.id} {result.story.headline}")
        else:
            click.echo(f"200 {result.story.id} (already there)")

    results = with_desk(get_settings(), lambda d: desk_ops.import_files(
        d, files, correspondent, fields, report))
    created = sum(r.status == 201 for r in results)
    found = sum(r.status == 200 for r in results)
    failed = sum(r.story is None for r in results)
    click.echo(f"{len(results)} files: {created} created, {found} already there, "
               f"{failed} failed")
    if failed:
        sys.exit(1)


@stories.command("list")
@click.option("--limit", type=click.IntRange(1, 10_000), default=20, show_default=True,
              help="How many stories.")
@click.option("--region", default=None, help="Only this region (and the regions in it).")
@click.option("--desk", default=None, help="Only this desk.")
@click.option("--lang", "language", default=None, help="Only this language.")
def list_stories(limit: int, region: str | None, desk: str | None,
                 language: str | None) -> None:
    """The newest stories in every state, newest first (by feed time).

    Columns: id, versioncreated, pubstatus, urgency, headline (tab-separated).
    """
    found = with_desk(get_settings(), lambda d: desk_ops.latest_stories(
        d, limit=limit, region=region, desk_slug=desk, language=language))
    if not found:
        click.echo("no stories", err=True)
    for story in found:
        when = story.versioncreated.isoformat().replace("+00:00", "Z")
        click.echo(f"{story.id}\t{when}\t{story.pubstatus}\t{story.urgency}\t{story.headline}")


@stories.command("show")
@click.argument("story_id", metavar="ID")
@click.option("--ninjs", is_flag=True, help="Strict ninjs 2.2 (no 'wire', version a string).")
def show_story(story_id: str, ninjs: bool) -> None:
    """Print a story's JSON as its author gets it from the API (with the report)."""
    from wire.story import story_json, story_ninjs

    story = with_desk(get_settings(), lambda d: desk_ops.story_by_id(d, story_id))
    doc = story_ninjs(story) if ninjs else story_json(story)
    click.echo(json.dumps(doc, indent=2, ensure_ascii=False))


@stories.command("purge")
@click.argument("story_ids", nargs=-1, required=True, metavar="ID...")
@click.option("--yes", is_flag=True, help="Do it: a purge cannot be undone.")
def purge_stories(story_ids: tuple[str, ...], yes: bool) -> None:
    """Delete stories for good: document, versions and every feed entry.

    For legal removals; a kill (POST /v1/stories/{id}/kill) is the normal way to recall.
    """
    if not yes:
        raise click.UsageError("A purge cannot be undone; add --yes to confirm.")
    missing = with_desk(get_settings(), lambda d: desk_ops.purge(d, story_ids))
    for sid in story_ids:
        click.echo(f"{'not found' if sid in missing else 'purged'} {sid}")
    if missing:
        sys.exit(1)


@main.group()
def feeds() -> None:
    """Print feeds as partners get them."""


@feeds.command("print")
@click.argument("path")
@click.option("--partner", required=True, help="The partner (by name) whose document to print.")
def print_feed(path: str, partner: str) -> None:
    """Print the feed at PATH exactly as the partner gets it over HTTP.

    PATH is a feed path with its query, e.g. /feeds/all.rss or
    '/feeds/region/lampung.atom?desk=politics'. Links use WIRE_BASE_URL. A feed outside the
    partner's rights (a 404 over HTTP) is an error.
    """
    body = with_desk(get_settings(), lambda d: desk_ops.render_partner_feed(d, path, partner))
    click.echo(body, nl=False)  # bytes go to the binary stream, unchanged


@feeds.command("list")
@click.option("--partner", required=True, help="The partner (by name).")
@click.option("--format", "formats", default=None,
              help="Comma-separated formats among rss, atom, json, ninjs (default: all four).")
def list_feeds(partner: str, formats: str | None) -> None:
    """The feed paths the partner may read (those its OPML file lists)."""
    from feeds.opml import requested_formats

    try:
        chosen = requested_formats(formats)
    except WireError as exc:
        raise click.BadParameter(exc.detail, param_hint="--format") from exc
    for feed in with_desk(get_settings(),
                          lambda d: desk_ops.partner_feed_paths(d, partner, chosen)):
        click.echo(feed)


def _add_push_commands() -> None:
    from feeds.push.commands import webhook

    partners.add_command(webhook)


_add_push_commands()

if __name__ == "__main__":
    main()
