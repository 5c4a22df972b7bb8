"""StoryService: normalize, deduplicate and commit stories; the story lifecycle.

The controller hands it a validated ``Submission``; it returns the committed ``Story`` and
whether it was created, found again (same copy resent) or replayed (same Idempotency-Key).
"""

from __future__ import annotations

import random
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from typing import Any, Literal

import anyio
import anyio.to_thread

from wire.errors import (
    Conflict,
    IdempotencyMismatch,
    NotFound,
    PreconditionFailed,
    StorageUnavailable,
)
from wire.newsroom.authors import AuthorIndex
from wire.newsroom.duplicates import bands, is_near_duplicate
from wire.newsroom.ingest import Submission
from wire.normalize import Copy, Normalized, Resources, normalize
from wire.storage.accounts import Correspondent
from wire.storage.store import CommitRequest, CommitResult, Idempotency, Outcome, StoryStore
from wire.story import Change, Credit, PubStatus, Story

Event = Literal["published", "updated", "corrected", "killed", "withheld", "released"]
DEFAULT_URGENCY = 5
RETRIES = 40


@dataclass(frozen=True)
class Written:
    story: Story
    status: int  # 201 created, 200 existing (resent copy or replayed request)


@dataclass(frozen=True)
class WriteContext:
    """Who writes, under which Idempotency-Key, guarded by which ETag."""

    correspondent: Correspondent
    idempotency_key: str | None = None
    request_digest: str = ""
    if_match: str | None = None


def etag(story: Story) -> str:
    return f'"{story.id}.{story.version}"'


def copy_for(sub: Submission, correspondent: Correspondent, now: datetime) -> Copy:
    return Copy(
        text=sub.text,
        submitted_at=now,
        headline=sub.headline,
        html=sub.html,
        declared_language=sub.language,
        declared_region=sub.region,
        fallback_region=correspondent.region,
        declared_embargo=sub.embargoed,
    )


def compose(
    *, sid: str, uri: str, version: int, firstcreated: datetime, versioncreated: datetime,
    norm: Normalized, sub: Submission, correspondent: Correspondent,
    duplicate_of: str | None = None, previous: Story | None = None,
) -> Story:
    """The story version made from normalized copy and the sender's declared fields."""
    flags = tuple(dict.fromkeys((*norm.flags, *(("correction",) if sub.correction else ()))))
    report = norm.changes
    if sub.byline:
        report = (*report, Change(step="byline", action="declared", text=sub.byline, to="by"))
    return Story(
        id=sid,
        uri=uri,
        version=version,
        firstcreated=firstcreated,
        versioncreated=versioncreated,
        # Declared, else what it was (an editor's choice outlives a re-read of the text),
        # else the copy's own priority marker ("URGENT") on the first version.
        urgency=sub.urgency or (previous.urgency if previous else (
            norm.urgency or DEFAULT_URGENCY)),
        embargoed=sub.embargoed or norm.embargoed,
        language=norm.language,
        headline=norm.headline,
        body_text=norm.body_text,
        body_html=norm.body_html,
        summary=norm.summary,
        slugline=sub.slugline or norm.slugline,
        keywords=sub.keywords,
        by=(sub.byline,) if sub.byline else norm.by,
        infosources=norm.infosources,
        credits=((Credit(name=sub.byline, role="reporter"),) if sub.byline else ()) + tuple(
            c for c in norm.credits if not (sub.byline and c.role in ("reporter", "writer"))),
        located=norm.located,
        dateline=norm.dateline,
        event_date=norm.event_date,
        flags=flags,
        desk=sub.desk or (previous.desk if previous else None) or correspondent.desk,
        region=norm.region,
        regions=norm.regions,
        correspondent=correspondent.id,
        fingerprint=norm.fingerprint,
        duplicate_of=duplicate_of,
        ednote=ednote_for(sub, norm),
        word_count=norm.word_count,
        media=sub.media,
        normalization=report,
        signature=norm.signature,
    )


def ednote_for(sub: Submission, norm: Normalized) -> str | None:
    """The correction note sent with the request, else notes the copy carried (CORRECTED-)."""
    if sub.correction:
        return f"Correction: {sub.correction}"
    notes = [c.text for c in norm.changes if c.to == "ednote" and c.text]
    return " ".join(notes) or None


class StoryService:
    def __init__(self, store: StoryStore, resources: Resources, *, uri_prefix: str,
                 idempotency_ttl: int, clock: Callable[[], datetime],
                 normalized: Callable[[float], None] = lambda _seconds: None,
                 authors: AuthorIndex | None = None) -> None:
        self.store = store
        self.authors = authors
        """Where each new story is listed under its correspondent ("My stories")."""
        self.resources = resources
        self.uri_prefix = uri_prefix
        self.idempotency_ttl = idempotency_ttl
        self.clock = clock
        self.normalized = normalized
        """Hears how long each normalization took (the metrics' histogram)."""

    async def normalize(self, sub: Submission, correspondent: Correspondent) -> Normalized:
        copy = copy_for(sub, correspondent, self.clock())

        def timed() -> Normalized:
            started = time.perf_counter()
            try:
                return normalize(copy, self.resources)
            finally:
                self.normalized(time.perf_counter() - started)

        # Language identification and HTML sanitizing are CPU work: keep the loop free.
        return await anyio.to_thread.run_sync(timed)

    # -- idempotency -------------------------------------------------------------------
    async def replay(self, ctx: WriteContext) -> Written | None:
        """The first answer to this Idempotency-Key, if it was used before."""
        if not ctx.idempotency_key:
            return None
        record = await self.store.idempotency_record(ctx.correspondent.id, ctx.idempotency_key)
        return await self._replayed(record, ctx) if record else None

    async def _replayed(self, record: dict[str, Any], ctx: WriteContext) -> Written:
        if record["digest"] != ctx.request_digest:
            raise IdempotencyMismatch(
                f"Idempotency-Key {ctx.idempotency_key!r} was first used for a different "
                "request; use a new key for new content."
            )
        story = await self.store.version(record["id"], record["version"])
        if story is None:
            raise NotFound("The story first created with this Idempotency-Key is gone.")
        return Written(story, record["status"])

    def _idempotency(self, ctx: WriteContext, story_id: str, version: int,
                     status: int) -> Idempotency | None:
        if not ctx.idempotency_key:
            return None
        return Idempotency(
            key=ctx.idempotency_key,
            principal=ctx.correspondent.id,
            record={"digest": ctx.request_digest, "id": story_id, "version": version,
                    "status": status},
            ttl_seconds=self.idempotency_ttl,
        )

    # -- create ------------------------------------------------------------------------
    async def create(self, sub: Submission, ctx: WriteContext) -> Written:
        if replayed := await self.replay(ctx):
            return replayed
        corr = ctx.correspondent
        norm = await self.normalize(sub, corr)
        if existing := await self._existing(corr.id, norm.fingerprint):
            return Written(existing, 200)
        duplicate_of = await self._near_duplicate(norm)
        sid = secrets.token_hex(8)
        request = CommitRequest(
            build=lambda ts: compose(
                sid=sid, uri=f"{self.uri_prefix}{sid}", version=1, firstcreated=ts,
                versioncreated=ts, norm=norm, sub=sub, correspondent=corr,
                duplicate_of=duplicate_of,
            ),
            event="published",
            expected_version=0,
            bands=bands(norm.signature),
            idempotency=self._idempotency(ctx, sid, 1, 201),
        )
        result = await self.store.commit(request)
        written = await self._settle(result, ctx, corr.id)
        if written.status == 201 and self.authors is not None:
            await self.authors.add(corr.id, written.story.id, written.story.firstcreated)
        return written

    async def _existing(self, correspondent: str, fingerprint: str) -> Story | None:
        sid = await self.store.find_by_fingerprint(correspondent, fingerprint)
        return await self.store.get(sid) if sid else None

    async def _near_duplicate(self, norm: Normalized) -> str | None:
        candidate = await self.store.find_by_bands(bands(norm.signature))
        if candidate is None:
            return None
        first = await self.store.get(candidate)
        if first is None or not is_near_duplicate(first.signature, norm.signature):
            return None
        return first.duplicate_of or first.id

    async def _settle(self, result: CommitResult, ctx: WriteContext, owner: str) -> Written:
        if result.outcome is Outcome.COMMITTED and result.story:
            return Written(result.story, 201)
        if result.outcome is Outcome.REPLAYED and result.idempotency_record:
            return await self._replayed(result.idempotency_record, ctx)
        if result.outcome is Outcome.DUPLICATE and result.existing_id:
            story = await self.store.get(result.existing_id)
            if story:
                return Written(story, 200)
        raise StorageUnavailable("The story could not be written; retry the request.")

    # -- lifecycle ---------------------------------------------------------------------
    async def owned(self, sid: str, correspondent: Correspondent) -> Story:
        story = await self.store.get(sid)
        if story is None:
            raise NotFound(f"There is no story {sid!r}.")
        if story.correspondent != correspondent.id:
            # The same answer as for no story at all, so ids cannot be probed.
            raise NotFound(f"There is no story {sid!r} of yours; only its author may change a "
                           "story.")
        return story

    async def revise(
        self, sid: str, ctx: WriteContext,
        make: Callable[[Story, datetime], Story], event: Callable[[Story], Event],
    ) -> Written:
        """Commit a new version made by ``make`` from the current one, retrying on races."""
        if replayed := await self.replay(ctx):
            return replayed
        for attempt in range(RETRIES):
            current = await self.owned(sid, ctx.correspondent)
            if current.pubstatus == "canceled":
                raise Conflict(f"Story {sid!r} was killed; a kill is final. Send a new story.")
            if ctx.if_match is not None and ctx.if_match not in (etag(current), "*"):
                raise PreconditionFailed(
                    f"Story {sid!r} is at version {current.version} (ETag {etag(current)}), "
                    f"not {ctx.if_match}; fetch it again and reapply your change."
                )
            draft = make(current, current.versioncreated)
            result = await self.store.commit(CommitRequest(
                build=partial(make, current),
                event=event(draft),
                expected_version=current.version,
                previous=current,
                idempotency=self._idempotency(ctx, sid, current.version + 1, 200),
            ))
            if result.outcome is Outcome.CONFLICT:
                if ctx.if_match is not None:
                    raise PreconditionFailed(
                        f"Story {sid!r} changed while your update was applied (now version "
                        f"{result.current_version}); fetch it again and reapply your change."
                    )
                # Another writer won this round: wait a little (more each time, jittered)
                # so that a crowd of writers to one story goes through one after another.
                await anyio.sleep(random.uniform(0.002, 0.01) * (attempt + 1))
                continue
            written = await self._settle(result, ctx, ctx.correspondent.id)
            return Written(written.story, 200)
        raise Conflict(f"Story {sid!r} is being changed by many requests at once; retry in a "
                       "second.", retry_after=1)

    async def replace(self, sid: str, sub: Submission, ctx: WriteContext, *,
                      keep_context: bool = False) -> Written:
        """A new version from new copy. ``keep_context`` (a PATCH of headline or body, whose
        copy is already clean) keeps the dateline, credits and region the copy no longer has.
        """
        norm = await self.normalize(sub, ctx.correspondent)

        def make(cur: Story, ts: datetime) -> Story:
            story = compose(
                sid=cur.id, uri=cur.uri, version=cur.version + 1, firstcreated=cur.firstcreated,
                versioncreated=ts, norm=norm, sub=sub, correspondent=ctx.correspondent,
                duplicate_of=cur.duplicate_of, previous=cur,
            ).model_copy(update={"pubstatus": cur.pubstatus, "status_reason": cur.status_reason})
            return carried_over(story, cur, sub) if keep_context else story

        return await self.revise(sid, ctx, make, _edit_event)

    async def amend(self, sid: str, fields: dict[str, Any], ctx: WriteContext) -> Written:
        """PATCH: change declared fields without re-reading the copy."""

        def make(cur: Story, ts: datetime) -> Story:
            update = {**fields, "version": cur.version + 1, "versioncreated": ts}
            if fields.get("region"):
                # Regions nest: the feeds of every enclosing region must carry the story too.
                lineage = self.resources.gazetteer.lineage(fields["region"])
                update["regions"] = tuple(lineage) or (fields["region"],)
            note = fields.get("correction")
            update.pop("correction", None)
            if note:
                update["ednote"] = f"Correction: {note}"
                update["flags"] = tuple(dict.fromkeys((*cur.flags, "correction")))
            elif "flags" not in fields:
                update["flags"] = tuple(f for f in cur.flags if f != "correction")
                update["ednote"] = None
            return Story.model_validate({**cur.model_dump(), **update})

        return await self.revise(sid, ctx, make, _edit_event)

    async def set_status(self, sid: str, status: PubStatus, reason: str | None,
                         ctx: WriteContext) -> Written:
        events: dict[PubStatus, Event] = {
            "canceled": "killed", "withheld": "withheld", "usable": "released"
        }

        def make(cur: Story, ts: datetime) -> Story:
            if cur.pubstatus == "canceled":
                raise Conflict(f"Story {sid!r} was killed; a kill is final. Send a new story.")
            if status == "usable" and cur.pubstatus != "withheld":
                raise Conflict(f"Story {sid!r} is not withheld; there is nothing to release.")
            return cur.model_copy(update={
                "version": cur.version + 1, "versioncreated": ts, "pubstatus": status,
                "status_reason": reason,
            })

        return await self.revise(sid, ctx, make, lambda _s: events[status])


def carried_over(story: Story, cur: Story, sub: Submission) -> Story:
    """Keep what the previous version learnt from copy that a re-read of clean text lacks."""
    update: dict[str, Any] = {}
    if story.dateline.place is None and cur.dateline.place is not None:
        update |= {"dateline": cur.dateline, "located": cur.located}
    if not story.infosources:
        update["infosources"] = cur.infosources
    if not story.by and not sub.byline:
        update["by"] = cur.by
    if not story.credits:
        update["credits"] = cur.credits
    if sub.region is None:
        update |= {"region": cur.region, "regions": cur.regions}
    if story.event_date is None:
        update["event_date"] = cur.event_date
    return story.model_copy(update=update)


def _edit_event(story: Story) -> Event:
    return "corrected" if "correction" in story.flags else "updated"
