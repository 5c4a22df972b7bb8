"""The cursor API: every change a partner may see, in commit order, without gaps or repeats.

Cursors are change-log entry ids (``<ms>-<seq>``). The commit script keeps change times
strictly ordered, so once a partner has read up to a cursor no later commit can land behind
it. Changes the partner may not see still advance ``next``, so a narrow partner does not
rescan them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Annotated, Any

from litestar import Controller, Request, get
from litestar.datastructures import State
from litestar.di import NamedDependency
from litestar.params import QueryParameter

from feeds.selection import Selection, from_entitlements, release_seen_early, released_to
from wire.errors import InvalidField
from wire.storage.accounts import AccountStore
from wire.storage.notifier import ChangeNotifier
from wire.storage.store import Change, StoryStore, from_ms
from wire.story import Story, recalled, story_json
from wire.web import openapi as doc
from wire.web.auth import require_partner

CURSOR = re.compile(r"^\d{1,16}-\d{1,10}$")
SCAN_LIMIT = 2000
MAX_WAIT = 30.0
FUTURE_SLACK = timedelta(minutes=1)  # clocks of several workers differ a little


LEFT_VIEW = "No longer available to you: the story moved outside your entitlements."


def partner_view(story: Story) -> dict[str, Any]:
    """The story as partners see it: no report, no body once it is killed or withheld."""
    return story_json(story if story.pubstatus == "usable" else recalled(story),
                      with_report=False)


def left_view(previous: Story, change: Change, at: datetime) -> Story:
    """What a partner is told when a story leaves its entitlements: who, when, no text.

    Headline and keywords go too: the partner may not read any of the story now, and the
    version it had is the one it already holds.
    """
    return recalled(previous).model_copy(update={
        "headline": "", "slugline": "", "keywords": (), "media": (), "pubstatus": "withheld",
        "status_reason": LEFT_VIEW, "ednote": LEFT_VIEW, "version": change.version,
        "versioncreated": at})


def cursor_item(change: Change, at: datetime, version: Story | None, current: Story | None,
                previous: Story | None, rights: Selection) -> dict[str, Any] | None:
    """One change as this partner may see it now, or None when it may not see it at all.

    ``version`` is the story as the change recorded it, ``current`` its latest version and
    ``previous`` the version before the change (fetched only when the change took the story
    out of the partner's view). Read from any earlier cursor, an entry never shows more
    than the partner may read today: a recalled story has no text in any entry, and a story
    outside the partner's entitlements shows up once, as the change that took it away.
    """
    if version is None or current is None:  # purged
        return None
    if not rights.matches(current):
        if (rights.matches(version) or previous is None or not rights.matches(previous)
                or not released_to(previous, rights, at)):
            return None
        return {"cursor": change.cursor, "event": "withheld",
                "story": story_json(left_view(previous, change, at), with_report=False)}
    if (not rights.matches(version) or not released_to(version, rights, at)
            or release_seen_early(version, rights, change.event, at)):
        return None
    shown = version if current.pubstatus == "usable" else current
    return {"cursor": change.cursor, "event": change.event, "story": partner_view(shown)}


async def partner_items(store: StoryStore, changes: Sequence[Change],
                        rights: Selection) -> list[dict[str, Any] | None]:
    """``cursor_item`` of each change for a partner with ``rights``, in few round trips.

    The cursor API and push (webhook payloads, WebSub triggers) both show changes through
    this, so a partner is pushed exactly what it would read from the cursor API now.
    """
    versions = await store.versions_at(changes)
    current = {s.id: s for s in await store.get_many(
        list(dict.fromkeys(c.story_id for c in changes)))}
    # The version before a change matters only for a change that took the story
    # out of this partner's view: it says whether the partner had it.
    wanted = [(i, replace(c, version=c.version - 1))
              for i, (c, v) in enumerate(zip(changes, versions, strict=True))
              if v is not None and v.version > 1 and not rights.matches(v)
              and c.story_id in current and not rights.matches(current[c.story_id])]
    before = await store.versions_at([w for _, w in wanted])
    previous = {i: p for (i, _), p in zip(wanted, before, strict=True)}
    return [cursor_item(change, from_ms(int(change.cursor.split("-")[0])), version,
                        current.get(change.story_id), previous.get(i), rights)
            for i, (change, version) in enumerate(zip(changes, versions, strict=True))]


class CursorController(Controller):
    path = "/v1/feed"
    tags = ["feeds"]  # noqa: RUF012 (Litestar reads it as an instance attribute)

    @get("/", operation_id="getChanges",
         summary="Changes after a cursor (long-poll with wait)", security=doc.PARTNER,
         responses=doc.answers(200, doc.CursorPage, "Changes after the cursor, in commit "
                               "order; each story as the partner may see it now.",
                               400, 401, 403, 422, 503))
    async def changes(
        self, request: Request[Any, Any, State], accounts: NamedDependency[AccountStore],
        store: NamedDependency[StoryStore], notifier: NamedDependency[ChangeNotifier],
        after: Annotated[str | None, QueryParameter(name="after")] = None,
        limit: Annotated[int, QueryParameter(name="limit", ge=1, le=1000)] = 100,
        wait: Annotated[float, QueryParameter(name="wait", ge=0.0, le=MAX_WAIT)] = 0.0,
    ) -> dict[str, Any]:
        partner = await require_partner(request, accounts, request.app.state["partner_logins"])
        if after is not None and not CURSOR.match(after):
            raise InvalidField(f"after={after!r} is not a cursor; pass the 'next' value of the "
                               "previous answer, or leave it out to start at the oldest change.")
        if after is not None and from_ms(int(after.split("-")[0])) > store.clock() + FUTURE_SLACK:
            raise InvalidField(f"after={after!r} is a cursor from the future, which this service "
                               "never gave out; pass the 'next' value of the previous answer, or "
                               "leave it out to start at the oldest change.")
        rights = from_entitlements(partner.entitlements)
        items, cursor = await self._scan(store, rights, after, limit)
        if not items and wait > 0 and await notifier.wait_for_change(cursor, wait):
            items, cursor = await self._scan(store, rights, cursor, limit)
        return {"items": items, "next": cursor}

    async def _scan(self, store: StoryStore, rights: Selection, after: str | None,
                    limit: int) -> tuple[list[dict[str, Any]], str | None]:
        items: list[dict[str, Any]] = []
        cursor = after
        scanned = 0
        while len(items) < limit and scanned < SCAN_LIMIT:
            changes = await store.changes_after(cursor, min(limit * 2, 500))
            if not changes:
                break
            views = await partner_items(store, changes, rights)
            for change, item in zip(changes, views, strict=True):
                scanned += 1
                if item is not None:
                    items.append(item)
                cursor = change.cursor
                if len(items) == limit:
                    break
        return items, cursor
