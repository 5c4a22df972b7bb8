"""``wire partners webhook …``: the desk manages partners' webhook endpoints.

Commands talk to the store directly (no running service needed); a running service picks
up a new endpoint at its next change. ``add`` and ``rotate-secret`` print the signing
secret alone on the last line of stdout: it is shown once.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, TypeVar

import click

from wire.newsroom.desk import Desk, partner_named

if TYPE_CHECKING:
    from feeds.push.endpoints import Endpoints

# The CLI imports this module at start: what push needs is imported when a command runs
# (importing prometheus_client before 'wire serve' names its multiprocess folder would
# leave /metrics empty).

T = TypeVar("T")


def _run(work: Callable[[Desk, Endpoints], Awaitable[T]]) -> T:
    from feeds.push.endpoints import Endpoints
    from feeds.push.outbox import Outbox
    from feeds.push.service import callback_policy
    from wire.cli.root import with_desk
    from wire.settings import get_settings

    def endpoints(desk: Desk) -> Awaitable[T]:
        push = desk.settings.push
        outbox = Outbox(desk.redis, desk.keys, outbox_max=push.outbox_max,
                        dead_max=push.dead_letter_max)
        return work(desk, Endpoints(desk.redis, desk.keys, desk.store,
                                    callback_policy(desk.settings), outbox))

    return with_desk(get_settings(), endpoints)


def _now() -> datetime:
    return datetime.now(UTC)


@click.group("webhook")
def webhook() -> None:
    """Partners' webhook endpoints: signed (Standard Webhooks), retried, dead-lettered."""


@webhook.command("add")
@click.argument("name")
@click.argument("url")
@click.option("--event", "events", multiple=True,
              help="Only this event (repeatable): published, updated, corrected, killed, "
                   "withheld, released. Default: all.")
def add(name: str, url: str, events: tuple[str, ...]) -> None:
    """Add an endpoint URL for partner NAME; prints its signing secret on the last line."""
    async def work(desk: Desk, endpoints: Endpoints) -> str:
        partner = await partner_named(desk.accounts, name)
        target = await endpoints.add(partner, url, events, _now())
        click.echo(f"partner {partner.name}: webhook {target.id} -> {target.url} "
                   f"({', '.join(target.events)}); secret:")
        return target.secret

    click.echo(_run(work))


@webhook.command("list")
@click.argument("name")
@click.option("--json", "as_json", is_flag=True, help="One JSON document (for scripts).")
def list_endpoints(name: str, as_json: bool) -> None:
    """Partner NAME's endpoints with their queue, dead letters and last error.

    Columns: id, url, events, queued, dead (of which overflowed: moved there undelivered
    when the outbox was over its bound), dropped (dead letters over their bound, and the
    newest cursor dropped), attempts, last error (tab-separated).
    """
    from feeds.push.endpoints import endpoint_json

    async def work(desk: Desk, endpoints: Endpoints) -> list[dict[str, object]]:
        partner = await partner_named(desk.accounts, name)
        return [endpoint_json(t, s) for t, s in await endpoints.listed(partner)]

    rows = _run(work)
    if as_json:
        click.echo(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    if not rows:
        click.echo(f"no webhook endpoints: 'wire partners webhook add {name} URL'", err=True)
    for row in rows:
        events = row["events"]
        assert isinstance(events, list)
        click.echo(f"{row['id']}\t{row['url']}\t{','.join(events)}\tqueued={row['backlog']}\t"
                   f"dead={row['dead']}\toverflowed={row['overflowed']}\t"
                   f"dropped={row['dropped']}"
                   f"{'@' + str(row['dropped_through']) if row['dropped_through'] else ''}\t"
                   f"attempts={row['attempts']}\t{row['last_error'] or '-'}")


@webhook.command("remove")
@click.argument("name")
@click.argument("endpoint_id")
def remove(name: str, endpoint_id: str) -> None:
    """Remove one of partner NAME's endpoints and everything queued for it."""
    async def work(desk: Desk, endpoints: Endpoints) -> str:
        partner = await partner_named(desk.accounts, name)
        return (await endpoints.remove(partner, endpoint_id)).url

    click.echo(f"removed webhook {endpoint_id} ({_run(work)})")


@webhook.command("rotate-secret")
@click.argument("name")
@click.argument("endpoint_id")
def rotate_secret(name: str, endpoint_id: str) -> None:
    """A new signing secret (last line); the old one also signs during the grace period."""
    async def work(desk: Desk, endpoints: Endpoints) -> str:
        partner = await partner_named(desk.accounts, name)
        grace = timedelta(seconds=desk.settings.push.secret_grace_seconds)
        target = await endpoints.rotate(partner, endpoint_id, _now(), grace)
        until = target.previous_until.isoformat() if target.previous_until else "now"
        click.echo(f"webhook {target.id}: new secret; the old one signs too until {until}:")
        return target.secret

    click.echo(_run(work))


@webhook.command("dead-letters")
@click.argument("name")
@click.argument("endpoint_id")
def dead_letters(name: str, endpoint_id: str) -> None:
    """The deliveries given up on (one JSON object a line): cursor, event, story, error."""
    async def work(desk: Desk, endpoints: Endpoints) -> list[dict[str, str]]:
        partner = await partner_named(desk.accounts, name)
        return await endpoints.dead_letters(partner, endpoint_id)

    for row in _run(work):
        click.echo(json.dumps(row, ensure_ascii=False))


@webhook.command("replay")
@click.argument("name")
@click.argument("endpoint_id")
def replay(name: str, endpoint_id: str) -> None:
    """Queue the endpoint's dead letters again, in order, with their original webhook-id."""
    async def work(desk: Desk, endpoints: Endpoints) -> tuple[int, int]:
        partner = await partner_named(desk.accounts, name)
        return await endpoints.replay(partner, endpoint_id, _now())

    queued, left = _run(work)
    if left:
        click.echo(f"{left} dead letters left: the outbox is at its bound "
                   "(WIRE_PUSH__OUTBOX_MAX); replay again once it has drained", err=True)
    click.echo(f"{queued} deliveries queued again for webhook {endpoint_id}")
