"""Render stories as RSS 2.0, Atom 1.0, JSON Feed 1.1 and ninjs: pure and byte-stable.

``render_*(channel, stories, tombstones=()) -> bytes``. Stories arrive filtered and sorted
newest first and keep that order. Every date comes from the data (never ``now()``), so
the same input gives the same bytes, which can be cached and hashed for an ``ETag``.
Only Atom carries ``tombstones`` (RFC 6721); elsewhere killed items simply disappear.

Each story is turned once into an ``Entry``: what every format shows of it, with the
characters XML 1.0 forbids removed and dates in UTC. The writers (``feeds.rss``,
``feeds.atom``, ``feeds.jsonfeed``) only lay entries out in their format.
"""

from __future__ import annotations

import dataclasses
import html
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import quote

from feeds.atom import write_atom
from feeds.jsonfeed import dumps, write_json_feed
from feeds.rss import write_rss
from wire.story import Media, Story, story_ninjs

# XML 1.0 forbids C0 controls (except tab, LF, CR), lone surrogates, U+FFFE and U+FFFF.
# DEL and the C1 controls are legal but break readers and validators, so they go as well.
_NOT_XML = re.compile("[^\t\n\r\x20-\x7e\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


@dataclass(frozen=True)
class Channel:
    """What a feed document says about itself: title, id, links, the newest data time.

    ``updated`` comes from the data (newest ``versioncreated``), never from the clock.
    Links: ``hub_url`` (WebSub, ``rel="hub"``), RFC 5005 ``next_url`` (``next``),
    ``prev_archive_url``, ``next_archive_url``, ``current_url``, and ``archive`` for an
    archive document (``<fh:archive/>``). No link carries the partner's token: readers
    that authenticate by ``?token=`` keep it in their subscription, and a document (or a
    link copied from it) that is passed on must not hand the token over.
    """

    title: str
    feed_id: str
    self_url: str
    site_url: str
    updated: datetime
    description: str = ""
    language: str | None = None
    hub_url: str | None = None
    next_url: str | None = None
    prev_archive_url: str | None = None
    current_url: str | None = None
    archive: bool = False
    next_archive_url: str | None = None


@dataclass(frozen=True)
class Tombstone:
    """An RFC 6721 deleted entry: a killed or withheld story, by its ``uri``."""

    ref: str
    when: datetime
    comment: str = ""


@dataclass(frozen=True)
class Entry:
    """One story as every format shows it: XML-safe text, UTC dates, a resolved link."""

    id: str
    """The story ``uri``: Atom ``id``, RSS ``guid`` (not a permalink), JSON Feed ``id``."""
    url: str
    title: str
    summary: str
    """Plain text: the summary (or the body's opening words), then any editor's note."""
    content_html: str
    content_text: str
    published: datetime
    updated: datetime
    language: str
    credits: tuple[str, ...]
    """Bylines, else credited sources: Atom ``author``, RSS ``dc:creator``."""
    contributors: tuple[str, ...]
    """Other people credited (editors, translators, photographers): Atom ``contributor``."""
    categories: tuple[tuple[str, str], ...]
    """``(scheme URI, term)`` for desk, regions, urgency, dateline place, keywords."""
    tags: tuple[str, ...]
    """JSON Feed tags: desk, regions, ``urgency:N``."""
    media: tuple[Media, ...]
    wire: Mapping[str, Any]
    """Fields no format has a slot for (``wire:*`` elements, JSON Feed ``_wire``)."""


Renderer = Callable[[Channel, Sequence[Story], Sequence[Tombstone]], bytes]
SCHEME = "urn:newswire:scheme:"
"""Category schemes (Atom ``scheme``, RSS ``domain``): ``urn:newswire:scheme:desk`` etc."""


def clean(text: str) -> str:
    """``text`` without the characters XML 1.0 forbids (or readers choke on)."""
    return _NOT_XML.sub("", text)


def utc(value: datetime) -> datetime:
    """``value`` in UTC; a naive value is taken to be UTC already."""
    return value.astimezone(UTC) if value.tzinfo else value.replace(tzinfo=UTC)


def entry(channel: Channel, story: Story) -> Entry:
    """The feed view of ``story`` for ``channel``; its link is the story's page for people
    (``/stories/{id}``, which asks a browser for the token by HTTP Basic)."""
    note = _ednote(story)
    lead = clean(story.summary).strip() or _excerpt(clean(story.body_text))
    text = clean(story.body_text)
    site = channel.site_url.rstrip("/")
    categories = [(scheme, clean(term)) for scheme, term in _categories(story)]
    return Entry(
        id=clean(story.uri),
        url=clean(f"{site}/stories/{quote(story.id, safe='')}"),
        title=clean(story.headline).strip() or _excerpt(text, 80) or clean(story.uri),
        summary="\n\n".join(part for part in (lead, note) if part),
        content_html=clean(story.body_html)
        + (f'<p class="ednote"><em>{html.escape(note)}</em></p>' if note else ""),
        content_text="\n\n".join(part for part in (text, note) if part),
        published=utc(story.firstcreated),
        updated=utc(story.versioncreated),
        language=clean(story.language),
        # Authors are the people of the byline; an agency or outlet credited is a source
        # (a category and a tag), never an author. No byline: no item author in any format.
        credits=tuple(c for c in (clean(n).strip() for n in story.by) if c),
        contributors=tuple(dict.fromkeys(
            c for c in (clean(x.name).strip() for x in story.credits
                        if x.role not in ("reporter", "writer", "source", "desk")) if c)),
        categories=tuple((SCHEME + scheme, term) for scheme, term in categories),
        # JSON Feed tags carry what RSS and Atom categories carry, schemes aside.
        tags=tuple(dict.fromkeys(term for _scheme, term in categories)),
        media=tuple(_clean_media(m) for m in story.media),
        wire=_clean_json(
            {
                "id": story.id,
                "version": story.version,
                "urgency": story.urgency,
                "pubstatus": story.pubstatus,
                "located": story.located,
                "flags": list(story.flags),
                "ednote": story.ednote,
                "desk": story.desk,
                "regions": list(story.regions),
                "keywords": list(story.keywords),
            }
        ),
    )


def _ednote(story: Story) -> str:
    """The editor's note as readers see it: ``Correction: ...`` for a correction."""
    note = clean(story.ednote or "").strip()
    label = "Correction" if "correction" in story.flags else "Editor's note"
    if not note or note.lower().startswith(label.lower()):
        return note
    return f"{label}: {note}"


def _excerpt(text: str, limit: int = 280) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + "\u2026"


def _categories(story: Story) -> Iterator[tuple[str, str]]:
    if story.desk:
        yield "desk", story.desk
    for region in story.regions or ((story.region,) if story.region else ()):
        yield "region", region
    yield "urgency", f"urgency:{story.urgency}"
    if story.located:
        yield "located", story.located
    for keyword in story.keywords:
        yield "keyword", keyword
    for source in story.infosources:
        yield "source", source


def _clean_media(media: Media) -> Media:
    update = {k: clean(v) for k, v in media.model_dump().items() if isinstance(v, str)}
    return media.model_copy(update=update)


def _clean_json(value: Any) -> Any:
    if isinstance(value, str):
        return clean(value)
    if isinstance(value, dict):
        return {clean(k): _clean_json(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_clean_json(v) for v in value]
    return value


def _clean_channel(channel: Channel) -> Channel:
    update: dict[str, Any] = {
        f.name: clean(value)
        for f in dataclasses.fields(channel)
        if isinstance(value := getattr(channel, f.name), str)
    }
    return dataclasses.replace(channel, **update, updated=utc(channel.updated))


def _prepare(channel: Channel, stories: Sequence[Story]) -> tuple[Channel, list[Entry]]:
    channel = _clean_channel(channel)
    return channel, [entry(channel, story) for story in stories]


def render_rss(
    channel: Channel, stories: Sequence[Story], tombstones: Sequence[Tombstone] = ()
) -> bytes:
    """RSS 2.0: content:encoded, dc:creator, Media RSS, enclosure, atom:link rels."""
    return write_rss(*_prepare(channel, stories))


def render_atom(
    channel: Channel, stories: Sequence[Story], tombstones: Sequence[Tombstone] = ()
) -> bytes:
    """Atom 1.0 with RFC 5005 links and RFC 6721 tombstones for killed/withheld stories."""
    stones = [Tombstone(clean(t.ref), utc(t.when), clean(t.comment).strip()) for t in tombstones]
    return write_atom(*_prepare(channel, stories), stones)


def render_json_feed(
    channel: Channel, stories: Sequence[Story], tombstones: Sequence[Tombstone] = ()
) -> bytes:
    """JSON Feed 1.1; wire fields under ``_wire`` (the spec's extension prefix)."""
    return write_json_feed(*_prepare(channel, stories))


def render_ninjs(
    channel: Channel, stories: Sequence[Story], tombstones: Sequence[Tombstone] = ()
) -> bytes:
    """A JSON array of strict ninjs 2.2 items (``wire.story.story_ninjs``)."""
    return dumps(_clean_json([story_ninjs(story) for story in stories]))


RENDERERS: Mapping[str, Renderer] = {
    "rss": render_rss,
    "atom": render_atom,
    "json": render_json_feed,
    "ninjs": render_ninjs,
}
MEDIA_TYPES: Mapping[str, str] = {
    "rss": "application/rss+xml; charset=utf-8",
    "atom": "application/atom+xml; charset=utf-8",
    "json": "application/feed+json; charset=utf-8",
    "ninjs": "application/json; charset=utf-8",
}
