"""``wire correspondents``, ``wire partners`` (with their tokens and webhooks): the desk's
account commands.

Account commands print the new secret alone on the last line of stdout: it is shown once
and only its hash is stored. Tokens are listed and revoked by their public id (the first
hex digits of the hash), so the desk never needs to hold a partner's secret.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from wire.cli.root import main, with_accounts, with_desk
from wire.errors import WireError
from wire.newsroom import desk as desk_ops
from wire.newsroom.desk import describe, partner_json, token_json
from wire.settings import get_settings
from wire.storage.accounts import (
    Entitlements,
    Kind,
    Token,
    check_languages,
    check_slugs,
    read_partner_file,
)


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



def _add_push_commands() -> None:
    from feeds.push.commands import webhook

    partners.add_command(webhook)


_add_push_commands()
