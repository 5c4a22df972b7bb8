"""The cursor API: every change a partner may see, in commit order, without gaps or repeats.

Cursors are change-log entry ids (``<ms>-<seq>``). The commit script keeps change times
strictly ordered, so once a partner has read up to a cursor no later commit can land behind
it. Changes the partner may not see still advance ``next``, so a narrow partner does not
rescan them.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Annotated, Any

from litestar import Controller, Request, get
from litestar.datastructures import State
from litestar.di import NamedDependency
from litestar.params import QueryParameter

from feeds.selection import from_entitlements, release_seen_early, released_to
from wire.accounts import AccountStore
from wire.auth import require_partner
from wire.errors import InvalidField
from wire.notifier import ChangeNotifier
from wire.store import Change, StoryStore, from_ms
from wire.story import Story, recalled, story_json

CURSOR = re.compile(r"^\d{1,16}-\d{1,10}$")
SCAN_LIMIT = 2000
MAX_WAIT = 30.0


def partner_view(story: Story) -> dict[str, Any]:
    """The story as partners see it: no report, no body once it is killed or withheld."""
    return story_json(story if story.pubstatus == "usable" else recalled(story),
                      with_report=False)


class CursorController(Controller):
    path = "/v1/feed"
    tags = ["feeds"]  # noqa: RUF012 (Litestar reads it as an instance attribute)

    @get("/", summary="Changes after a cursor (long-poll with wait)")
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
        rights = from_entitlements(partner.entitlements)
        items, cursor = await self._scan(store, rights, after, limit)
        if not items and wait > 0 and await notifier.wait_for_change(cursor, wait):
            items, cursor = await self._scan(store, rights, cursor, limit)
        return {"items": items, "next": cursor}

    async def _previous_versions(self, store: StoryStore, rights: Any,
                                 changes: list[Change], stories: list[Story | None],
                                 ) -> dict[str, list[Story]]:
        """For each change the partner may not see as it stands: the first version and the
        one before it (how the partner may have had it), by cursor."""
        wanted = [replace(c, version=number)
                  for c, s in zip(changes, stories, strict=True)
                  if s is not None and s.version > 1 and not rights.matches(s)
                  for number in {1, s.version - 1}]
        found: dict[str, list[Story]] = {}
        for change, story in zip(wanted, await store.versions_at(wanted), strict=True):
            if story is not None:
                found.setdefault(change.cursor, []).append(story)
        return found

    async def _scan(self, store: StoryStore, rights: Any, after: str | None,
                    limit: int) -> tuple[list[dict[str, Any]], str | None]:
        items: list[dict[str, Any]] = []
        cursor = after
        scanned = 0
        while len(items) < limit and scanned < SCAN_LIMIT:
            changes = await store.changes_after(cursor, min(limit * 2, 500))
            if not changes:
                break
            stories = await store.versions_at(changes)
            previous = await self._previous_versions(store, rights, changes, stories)
            for change, story in zip(changes, stories, strict=True):
                scanned += 1
                at = from_ms(int(change.cursor.split("-")[0]))
                earlier = previous.get(change.cursor, [])
                # A partner that had the story hears of the change that took it away too
                # (moved out of its regions, then maybe killed).
                entitled = story is not None and (
                    rights.matches(story) or any(rights.matches(e) for e in earlier))
                if (story is not None and entitled and released_to(story, rights, at)
                        and not release_seen_early(story, rights, change.event, at)):
                    items.append({"cursor": change.cursor, "event": change.event,
                                  "story": partner_view(story)})
                cursor = change.cursor
                if len(items) == limit:
                    break
        return items, cursor
