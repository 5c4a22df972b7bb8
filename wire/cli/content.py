"""``wire normalize``, ``wire stories`` and ``wire feeds``: the copy as the pipeline reads
it, stories in the store, and feeds as a partner gets them."""

from __future__ import annotations

import json
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import click

from wire.cli.root import main, with_desk
from wire.errors import WireError
from wire.newsroom import desk as desk_ops
from wire.settings import get_settings


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
    from wire.normalize.pipeline import copy_lines, kept_at, tagged_lines

    # The tagger reads the lines the junk rules left; a line they took shows as junk, sure.
    lines = copy_lines(copy, resources)
    kept = tagged_lines(copy, resources)
    tags = resources.line_tagger.tag(kept) if resources.line_tagger else []
    out = [f"== {path}", f"{'role':<9} {'sure':>4}  line"]
    for line, at in zip(lines, kept_at(lines, kept), strict=True):
        if at is None:
            role, sure = "junk", 1.0
        else:
            role, sure = (tags[at].role, tags[at].confidence) if tags else ("-", 0.0)
        if line.strip():
            out.append(f"{role:<9} {sure:>4.2f}  {line.strip()[:110]}")
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
