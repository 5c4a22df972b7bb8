"""Atom 1.0, and the feedgen wrapper that RSS shares with it.

feedgen writes the core of both formats from a fresh ``FeedGenerator`` per call, with
every date set from the data and entries appended in the given order. What feedgen
lacks is added by two small extension classes registered on that generator: ``atom:link``
relations other than ``self`` (feedgen's RSS writer drops them), RFC 5005 ``fh:archive``,
RFC 6721 ``at:deleted-entry``, Media RSS captions, per-entry ``xml:lang``, and entry
links with ``rel``/``type``/``length`` (feedgen 1.0's Atom writer drops those attributes).
Namespaces: ``NSMAP`` below; ``wire:`` (``urn:newswire:feed:1``) holds the wire's own
fields (``id``, ``version``, ``urgency``, ``pubstatus``, ``located``, ``flag``, ``ednote``).

Input is already clean (``feeds.render.entry``): no text is escaped or filtered here.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Literal

from feedgen.feed import FeedGenerator
from lxml import etree

if TYPE_CHECKING:
    from feeds.render import Channel, Entry, Tombstone

NS_ATOM = "http://www.w3.org/2005/Atom"
NS_DC = "http://purl.org/dc/elements/1.1/"
NS_MEDIA = "http://search.yahoo.com/mrss/"
NS_HISTORY = "http://purl.org/syndication/history/1.0"
NS_TOMBSTONES = "http://purl.org/atompub/tombstones/1.0"
NS_WIRE = "urn:newswire:feed:1"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
GENERATOR = "newswire"

Format = Literal["rss", "atom"]
Element = Any  # lxml.etree._Element: lxml ships no type stubs
FeedEntry = Any  # feedgen.entry.FeedEntry: feedgen is untyped
NSMAP: Mapping[Format, Mapping[str, str]] = {
    "rss": {"dc": NS_DC, "media": NS_MEDIA, "fh": NS_HISTORY, "wire": NS_WIRE},
    "atom": {"media": NS_MEDIA, "fh": NS_HISTORY, "at": NS_TOMBSTONES, "wire": NS_WIRE},
}
_SELF_TYPE: Mapping[Format, str] = {"rss": "application/rss+xml", "atom": "application/atom+xml"}
# feedgen builds Atom with a literal ``xmlns`` attribute, so its Atom elements have no
# lxml namespace: added Atom elements must match (in RSS they are ``atom:``-prefixed).
_ATOM_TAG: Mapping[Format, str] = {"rss": f"{{{NS_ATOM}}}", "atom": ""}


def sub(parent: Element, tag: str, text: str | None = None, **attrs: str) -> Element:
    """Append element ``tag`` (Clark notation) with ``text`` and ``attrs`` to ``parent``."""
    elem = etree.SubElement(parent, tag, attrs)
    if text is not None:
        elem.text = text
    return elem


class _FeedExtension:
    """Feed level: namespaces, WebSub and RFC 5005 links, ``fh:archive``, tombstones.

    Duck-typed like feedgen's (untyped) ``BaseExtension``; configured after creation.
    """

    def __init__(self) -> None:
        self.fmt: Format = "atom"
        self.channel: Channel | None = None
        self.tombstones: Sequence[Tombstone] = ()

    def extend_ns(self) -> dict[str, str]:
        return {p: ns for p, ns in NSMAP[self.fmt].items() if p != "at" or self.tombstones}

    def extend_rss(self, rss: Element) -> Element:
        self._history(rss.find("channel"))
        return rss

    def extend_atom(self, feed: Element) -> Element:
        self._history(feed)
        for stone in self.tombstones:
            deleted = sub(
                feed, f"{{{NS_TOMBSTONES}}}deleted-entry", ref=stone.ref,
                when=stone.when.isoformat(),
            )  # fmt: skip
            if stone.comment:
                sub(deleted, f"{{{NS_TOMBSTONES}}}comment", stone.comment)
        return feed

    def _history(self, parent: Element) -> None:
        ch = self.channel
        assert ch is not None, "configured by feed_generator()"
        rels = {
            "hub": ch.hub_url,
            "current": ch.current_url,
            "next": ch.next_url,
            "prev-archive": ch.prev_archive_url,
            "next-archive": ch.next_archive_url,
        }
        for rel, href in rels.items():
            if href:
                sub(parent, _ATOM_TAG[self.fmt] + "link", rel=rel, href=href)
        if ch.archive:
            sub(parent, f"{{{NS_HISTORY}}}archive")


class _EntryExtension:
    """Entry level: runs ``build`` (set per entry) on the entry's element."""

    def __init__(self) -> None:
        self.build: Callable[[Element], None] = lambda _elem: None

    def extend_ns(self) -> dict[str, str]:
        return {}

    def extend_rss(self, item: Element) -> Element:
        self.build(item)
        return item

    def extend_atom(self, entry: Element) -> Element:
        self.build(entry)
        return entry


def feed_generator(
    fmt: Format,
    channel: Channel,
    entries: Sequence[Entry],
    tombstones: Sequence[Tombstone],
    add: Callable[[FeedEntry, Entry], None],
) -> FeedGenerator:
    """A fresh ``FeedGenerator`` with the channel, and ``entries`` appended in order.

    The fields both formats share are set here; ``add(fe, entry)`` sets the rest.
    """
    fg = FeedGenerator()
    fg.register_extension(
        "wire", _FeedExtension, _EntryExtension, atom=fmt == "atom", rss=fmt == "rss"
    )
    fg.wire.fmt, fg.wire.channel, fg.wire.tombstones = fmt, channel, tombstones
    fg.id(channel.feed_id)
    fg.title(channel.title)
    fg.updated(channel.updated)  # Atom updated, RSS lastBuildDate
    fg.generator(GENERATOR)
    if fmt == "rss" or channel.description:  # RSS requires one; Atom's subtitle is optional
        fg.description(channel.description or channel.title)
    if channel.language:
        fg.language(channel.language)
    fg.link(href=channel.self_url, rel="self", type=_SELF_TYPE[fmt])
    fg.link(href=channel.site_url, rel="alternate")  # the last link is RSS <link>
    for entry in entries:
        fe = fg.add_entry(order="append")
        fe.id(entry.id)  # RSS: <guid isPermaLink="false">
        fe.title(entry.title)
        fe.published(entry.published)  # RSS: pubDate
        fe.updated(entry.updated)
        fe.content(entry.content_html, type="html")  # RSS: content:encoded
        for scheme, term in entry.categories:
            fe.category(term=term, scheme=scheme)  # RSS: domain=scheme
        add(fe, entry)
    return fg


def with_stylesheet(document: bytes, channel: Channel) -> bytes:
    """The document with an ``<?xml-stylesheet?>`` right after its XML declaration, so a
    browser shows it as a page (``/static/feed.xsl``); readers and validators skip it."""
    declaration, newline, rest = document.partition(b"\n")
    if not declaration.startswith(b"<?xml ") or not newline:
        raise ValueError("a feed document starts with its XML declaration")
    href = html.escape(f"{channel.site_url}static/feed.xsl", quote=True)
    return (declaration + b'\n<?xml-stylesheet type="text/xsl" href="' + href.encode()
            + b'"?>\n' + rest)


def add_media_and_wire(parent: Element, entry: Entry) -> None:
    """Media RSS ``media:content`` for each media item, then the ``wire:`` fields."""
    for media in entry.media:
        attrs = {"url": media.href, "type": media.type}
        if media.length is not None:
            attrs["fileSize"] = str(media.length)
        if media.type.split("/")[0] in {"image", "video", "audio"}:
            attrs["medium"] = media.type.split("/")[0]
        attrs |= {k: str(v) for k, v in (("width", media.width), ("height", media.height)) if v}
        content = sub(parent, f"{{{NS_MEDIA}}}content", **attrs)
        if media.caption:
            sub(content, f"{{{NS_MEDIA}}}description", media.caption, type="plain")
    wire = entry.wire
    for name in ("id", "version", "urgency", "pubstatus", "located"):
        if wire.get(name) is not None:
            sub(parent, f"{{{NS_WIRE}}}{name}", str(wire[name]))
    for flag in wire.get("flags", ()):
        sub(parent, f"{{{NS_WIRE}}}flag", flag)
    if wire.get("ednote"):
        sub(parent, f"{{{NS_WIRE}}}ednote", wire["ednote"])


def _add_entry(fe: FeedEntry, entry: Entry) -> None:
    for name in entry.credits:
        fe.author(name=name)
    for name in entry.contributors:
        fe.contributor(name=name)
    if entry.summary:
        fe.summary(entry.summary)

    def build(elem: Element) -> None:
        elem.set(XML_LANG, entry.language)
        sub(elem, "link", rel="alternate", href=entry.url)
        for media in entry.media:
            attrs = {"rel": "enclosure", "href": media.href, "type": media.type}
            if media.length is not None:
                attrs["length"] = str(media.length)
            if media.caption:
                attrs["title"] = media.caption
            sub(elem, "link", **attrs)
        add_media_and_wire(elem, entry)

    fe.wire.build = build


def write_atom(
    channel: Channel, entries: Sequence[Entry], tombstones: Sequence[Tombstone]
) -> bytes:
    """Atom 1.0: the feed author is the channel (entries name their own when known)."""
    fg = feed_generator("atom", channel, entries, tombstones, _add_entry)
    fg.author({"name": channel.title})
    data: bytes = fg.atom_str(pretty=False, encoding="UTF-8")
    return with_stylesheet(data, channel)
