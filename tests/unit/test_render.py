"""Feed rendering: every format parses back (feedparser), validates, and is byte-stable."""

from __future__ import annotations

import dataclasses
import json
import sys
from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import feedparser
import pytest
from lxml import etree

from feeds.render import (
    MEDIA_TYPES,
    RENDERERS,
    Channel,
    Tombstone,
    clean,
    render_atom,
    render_json_feed,
    render_ninjs,
    render_rss,
)
from wire.story import Media, Story, story_ninjs

if str(ROOT := Path(__file__).resolve().parents[2]) not in sys.path:
    sys.path.insert(0, str(ROOT))  # ``tests.schemas`` when pytest has no pythonpath set
from tests.validators import (
    validate_atom,
    validate_jsonfeed,
    validate_ninjs,
    validate_rss,
)

T0 = datetime(2024, 12, 20, 3, 4, 5, tzinfo=UTC)
SITE = "https://wire.example"
ATOM = "http://www.w3.org/2005/Atom"
NS = {
    "a": ATOM,
    "atom": ATOM,
    "at": "http://purl.org/atompub/tombstones/1.0",
    "fh": "http://purl.org/syndication/history/1.0",
    "wire": "urn:newswire:feed:1",
    "media": "http://search.yahoo.com/mrss/",
    "dc": "http://purl.org/dc/elements/1.1/",
}
HOSTILE = (
    "<script>alert('x')</script> & ]]> \x00\x01\x0b\x1f\x7f\x85\ud800\ufffe 🇮🇩😀 שלום עולם \u202e"
)


def make_story(n: int = 1, **fields: Any) -> Story:
    """Story ``s{n}``, first created at T0, version ``n`` made ``n`` hours later."""
    values: dict[str, Any] = {
        "id": f"s{n}",
        "uri": f"urn:newswire:story:s{n}",
        "version": 1,
        "firstcreated": T0,
        "versioncreated": T0 + timedelta(hours=n),
        "language": "id",
        "headline": f"Banjir di Lampung Barat {n}",
        "body_text": "Hujan deras sejak Kamis merendam tiga desa.",
        "body_html": "<p>Hujan deras sejak Kamis merendam tiga desa.</p>",
        "summary": "Tiga desa terendam.",
        "by": ("Ani Rahma",),
        "located": "Lampung Barat",
        "desk": "politics",
        "region": "lampung-barat",
        "regions": ("lampung-barat", "lampung"),
        "urgency": 3,
        "correspondent": "ani",
        "fingerprint": f"fp{n}",
    }
    return Story(**(values | fields))


def make_channel(fmt: str = "atom", **fields: Any) -> Channel:
    values: dict[str, Any] = {
        "title": "newswire: everything",
        "feed_id": "tag:wire.example,2024:feed:all",
        "self_url": f"{SITE}/feeds/all.{fmt}",
        "site_url": SITE,
        "updated": T0 + timedelta(hours=3),
        "language": "id",
    }
    return Channel(**(values | fields))


PAGED = {
    "hub_url": f"{SITE}/websub",
    "next_url": f"{SITE}/feeds/all.xml?before=2",
    "prev_archive_url": f"{SITE}/feeds/archive/1.xml",
}
MEDIA = (
    Media(href="https://img.example/a.jpg", length=48213, caption="Banjir", width=800, height=600),
    Media(href="https://img.example/b.png", type="image/png"),
)


def corrected() -> Story:
    return make_story(
        2, version=2, flags=("correction",), ednote="Nama desa diperbaiki.", media=MEDIA
    )


def stories() -> list[Story]:
    return [make_story(3, urgency=1, by=(), infosources=("ISN",)), corrected(), make_story(1)]


def parse(data: bytes) -> Any:
    feed = feedparser.parse(data)
    assert not feed.bozo, feed.get("bozo_exception")
    return feed


XML_RENDERERS = {"rss": render_rss, "atom": render_atom}


# --- registry ---------------------------------------------------------------------------


def test_registry_names_every_format_with_its_media_type() -> None:
    assert set(RENDERERS) == set(MEDIA_TYPES) == {"rss", "atom", "json", "ninjs"}
    assert RENDERERS["rss"] is render_rss and RENDERERS["ninjs"] is render_ninjs
    assert all(value.endswith("; charset=utf-8") for value in MEDIA_TYPES.values())


# --- validity and stability, every format -----------------------------------------------

VALIDATE: dict[str, Callable[[bytes], Any]] = {
    "rss": validate_rss,
    "atom": validate_atom,
    "json": validate_jsonfeed,
    "ninjs": lambda data: [validate_ninjs(item) for item in json.loads(data)],
}


@pytest.mark.parametrize("fmt", sorted(RENDERERS))
@pytest.mark.parametrize("items", [[], stories()], ids=["empty", "three"])
def test_every_format_validates(fmt: str, items: list[Story]) -> None:
    stones = [Tombstone(ref="urn:newswire:story:s9", when=T0, comment="legal")]
    data = RENDERERS[fmt](make_channel(fmt, **PAGED), items, stones)
    VALIDATE[fmt](data)


@pytest.mark.parametrize("fmt", sorted(RENDERERS))
def test_output_is_byte_stable(fmt: str) -> None:
    stones = [Tombstone(ref="urn:newswire:story:s9", when=T0)]
    first = RENDERERS[fmt](make_channel(fmt, **PAGED), stories(), stones)
    again = RENDERERS[fmt](make_channel(fmt, **PAGED), stories(), stones)
    assert first == again


@pytest.mark.parametrize("fmt", sorted(RENDERERS))
def test_hostile_text_breaks_no_format(fmt: str) -> None:
    story = make_story(
        1,
        headline=HOSTILE,
        summary=HOSTILE,
        body_text=HOSTILE,
        body_html=f"<p>{HOSTILE.replace('&', '&amp;').replace('<', '&lt;')}</p>",
        by=(HOSTILE,),
        located=HOSTILE,
        keywords=(HOSTILE,),
        ednote=HOSTILE,
        flags=("correction",),
    )
    channel = make_channel(fmt, title=f"feed {HOSTILE}", description=HOSTILE)
    data = RENDERERS[fmt](channel, [story], [Tombstone(ref="urn:x", when=T0, comment=HOSTILE)])
    VALIDATE[fmt](data)
    text = data.decode("utf-8")  # strict: no lone surrogates
    for bad in "\x00\x01\x0b\x1f\x7f\x85\ufffe":
        assert bad not in text
    assert "😀" in text and "שלום" in text
    if fmt in XML_RENDERERS:
        entry = parse(data).entries[0]
        assert entry.title == clean(HOSTILE)


@pytest.mark.parametrize("fmt", sorted(RENDERERS))
def test_text_made_only_of_forbidden_characters_still_renders(fmt: str) -> None:
    story = make_story(1, headline="\x00\x01", summary="\x02", by=("\x03",), body_text="Isi.")
    data = RENDERERS[fmt](make_channel(fmt), [story], [])
    VALIDATE[fmt](data)
    if fmt in XML_RENDERERS:
        assert parse(data).entries[0].title == "Isi."


def test_clean_keeps_text_and_drops_what_xml_forbids() -> None:
    assert clean("a\tb\nc\r😀 é ש") == "a\tb\nc\r😀 é ש"
    assert clean("a\x00b\x08c\x1fd\x7fe\x9ff\ud800g\ufffeh\uffff") == "abcdefgh"


# --- RSS ----------------------------------------------------------------------------------


def test_rss_items_parse_back_with_ids_links_dates_and_categories() -> None:
    channel = make_channel("rss")
    feed = parse(render_rss(channel, stories()))
    assert feed.version == "rss20"
    assert feed.feed.title == "newswire: everything" and feed.feed.link == SITE
    assert feed.feed.language == "id"
    assert feed.feed.updated == "Fri, 20 Dec 2024 06:04:05 +0000"  # channel.updated, not now
    assert [e.id for e in feed.entries] == [f"urn:newswire:story:s{n}" for n in (3, 2, 1)]
    first = feed.entries[2]
    assert first.guidislink is False
    assert first.title == "Banjir di Lampung Barat 1"
    assert first.link == f"{SITE}/stories/s1"
    # pubDate is this version's time (what RSS readers look at), the same as atom:updated.
    assert first.published == "Fri, 20 Dec 2024 04:04:05 +0000"
    assert first.published_parsed[:6] == (2024, 12, 20, 4, 4, 5)
    assert first.updated == "2024-12-20T04:04:05+00:00"
    assert first.author == "Ani Rahma"
    assert first.summary == "Tiga desa terendam."
    assert first.content[0].value == "<p>Hujan deras sejak Kamis merendam tiga desa.</p>"
    tags = {(t.scheme, t.term) for t in first.tags}
    assert {
        ("urn:newswire:scheme:desk", "politics"),
        ("urn:newswire:scheme:region", "lampung-barat"),
        ("urn:newswire:scheme:region", "lampung"),
        ("urn:newswire:scheme:urgency", "urgency:3"),
        ("urn:newswire:scheme:located", "Lampung Barat"),
    } <= tags
    # No byline: no author; the credited agency is a source category, never an author.
    assert "author" not in feed.entries[0]
    assert ("urn:newswire:scheme:source", "ISN") in {
        (t.scheme, t.term) for t in feed.entries[0].tags}


def test_rss_correction_shows_new_time_and_note() -> None:
    feed = parse(render_rss(make_channel("rss"), [corrected()]))
    entry = feed.entries[0]
    assert entry.id == "urn:newswire:story:s2"
    assert entry.published == "Fri, 20 Dec 2024 05:04:05 +0000"  # the correction moves it
    assert entry.updated == "2024-12-20T05:04:05+00:00"
    assert "Correction: Nama desa diperbaiki." in entry.summary
    assert "Correction: Nama desa diperbaiki." in entry.content[0].value
    assert entry.wire_ednote == "Nama desa diperbaiki."
    assert entry.wire_version == "2" and entry.wire_urgency == "3"
    assert entry.wire_flag == "correction"


def test_rss_media_as_enclosure_and_media_rss() -> None:
    root = etree.fromstring(render_rss(make_channel("rss"), [corrected()]))
    item = root.find("channel/item")
    (enclosure,) = item.findall("enclosure")  # RSS allows one
    assert dict(enclosure.attrib) == {
        "url": "https://img.example/a.jpg",
        "length": "48213",
        "type": "image/jpeg",
    }
    contents = item.findall("media:content", NS)
    assert [c.get("url") for c in contents] == [m.href for m in MEDIA]
    assert contents[0].get("fileSize") == "48213" and contents[0].get("medium") == "image"
    assert contents[0].findtext("media:description", namespaces=NS) == "Banjir"
    unknown = make_story(1, media=(Media(href="https://img.example/c.jpg"),))
    item = etree.fromstring(render_rss(make_channel("rss"), [unknown])).find("channel/item")
    assert item.find("enclosure").get("length") == "0"  # unknown size, as RSS advises


def test_rss_carries_hub_and_rfc5005_links() -> None:
    root = etree.fromstring(render_rss(make_channel("rss", **PAGED), stories()))
    links = {link.get("rel"): link.get("href") for link in root.iterfind("channel/atom:link", NS)}
    assert links == {
        "self": f"{SITE}/feeds/all.rss",
        "hub": PAGED["hub_url"],
        "next": PAGED["next_url"],
        "prev-archive": PAGED["prev_archive_url"],
    }
    assert root.find("channel/fh:archive", NS) is None
    archive = make_channel(
        "rss", archive=True, current_url=f"{SITE}/feeds/all.rss", prev_archive_url="p"
    )
    root = validate_rss(render_rss(archive, stories()))
    rels = [link.get("rel") for link in root.iterfind("channel/atom:link", NS)]
    assert rels == ["self", "current", "prev-archive"]
    assert root.find("channel/fh:archive", NS) is not None


def test_rss_ignores_tombstones() -> None:
    stone = Tombstone(ref="urn:newswire:story:s9", when=T0)
    assert render_rss(make_channel("rss"), stories(), [stone]) == render_rss(
        make_channel("rss"), stories()
    )


# --- Atom ---------------------------------------------------------------------------------


def test_atom_entries_parse_back() -> None:
    channel = make_channel("atom")
    feed = parse(render_atom(channel, stories()))
    assert feed.version == "atom10"
    assert feed.feed.id == "tag:wire.example,2024:feed:all"
    assert feed.feed.updated == "2024-12-20T06:04:05+00:00"
    assert [e.id for e in feed.entries] == [f"urn:newswire:story:s{n}" for n in (3, 2, 1)]
    entry = feed.entries[1]
    assert entry.title == "Banjir di Lampung Barat 2"
    assert entry.link == f"{SITE}/stories/s2"
    assert entry.published == "2024-12-20T03:04:05+00:00"
    assert entry.updated == "2024-12-20T05:04:05+00:00"  # the correction's time
    assert entry.content[0].type == "text/html"
    assert "Correction: Nama desa diperbaiki." in entry.content[0].value
    assert entry.summary.endswith("Correction: Nama desa diperbaiki.")
    assert entry.author == "Ani Rahma"
    assert ("urn:newswire:scheme:urgency", "urgency:3") in {(t.scheme, t.term) for t in entry.tags}
    enclosures = [(e.href, e.type, e.get("length")) for e in entry.enclosures]
    assert enclosures == [
        ("https://img.example/a.jpg", "image/jpeg", "48213"),
        ("https://img.example/b.png", "image/png", None),
    ]
    assert "author" not in feed.entries[0], "no byline: no author of its own"
    assert ("urn:newswire:scheme:source", "ISN") in {
        (t.scheme, t.term) for t in feed.entries[0].tags}


def test_atom_language_and_wire_fields() -> None:
    root = etree.fromstring(render_atom(make_channel(), [make_story(1, language="en")]))
    entry = root.find("a:entry", NS)
    assert entry.get("{http://www.w3.org/XML/1998/namespace}lang") == "en"
    assert entry.findtext("wire:located", namespaces=NS) == "Lampung Barat"
    assert entry.findtext("wire:urgency", namespaces=NS) == "3"
    assert entry.findtext("wire:pubstatus", namespaces=NS) == "usable"


def test_atom_tombstones() -> None:
    when = datetime(2024, 12, 21, 9, 0, tzinfo=timezone(timedelta(hours=7)))
    stones = [
        Tombstone(ref="urn:newswire:story:s9", when=when, comment="Killed: legal"),
        Tombstone(ref="urn:newswire:story:s8", when=T0),
    ]
    root = validate_atom(render_atom(make_channel(), stories(), stones))
    deleted = root.findall("at:deleted-entry", NS)
    assert [(d.get("ref"), d.get("when")) for d in deleted] == [
        ("urn:newswire:story:s9", "2024-12-21T02:00:00+00:00"),
        ("urn:newswire:story:s8", "2024-12-20T03:04:05+00:00"),
    ]
    assert deleted[0].findtext("at:comment", namespaces=NS) == "Killed: legal"
    assert deleted[1].find("at:comment", NS) is None


def test_atom_carries_hub_and_rfc5005_links() -> None:
    root = etree.fromstring(render_atom(make_channel(**PAGED), stories()))
    links = {link.get("rel"): link.get("href") for link in root.iterfind("a:link", NS)}
    assert links == {
        "self": f"{SITE}/feeds/all.atom",
        "alternate": SITE,
        "hub": PAGED["hub_url"],
        "next": PAGED["next_url"],
        "prev-archive": PAGED["prev_archive_url"],
    }
    archive = make_channel(
        archive=True, current_url="c", prev_archive_url="p", next_archive_url="n"
    )
    root = validate_atom(render_atom(archive, stories()))
    rels = [link.get("rel") for link in root.iterfind("a:link", NS)]
    assert rels == ["self", "alternate", "current", "prev-archive", "next-archive"]
    assert root.find("fh:archive", NS) is not None


def test_dates_come_from_the_data_in_utc() -> None:
    jakarta = timezone(timedelta(hours=7))
    channel = make_channel(updated=datetime(2024, 12, 20, 13, 0, tzinfo=jakarta))
    root = etree.fromstring(render_atom(channel, []))
    assert root.findtext("a:updated", namespaces=NS) == "2024-12-20T06:00:00+00:00"
    rss = etree.fromstring(render_rss(dataclasses.replace(channel, self_url="x.rss"), []))
    assert rss.findtext("channel/lastBuildDate") == "Fri, 20 Dec 2024 06:00:00 +0000"


# --- JSON Feed and ninjs ------------------------------------------------------------------


def test_json_feed_items() -> None:
    channel = make_channel("json", **PAGED)
    doc = validate_jsonfeed(render_json_feed(channel, stories()))
    assert doc["version"] == "https://jsonfeed.org/version/1.1"
    assert doc["feed_url"] == f"{SITE}/feeds/all.json" and doc["home_page_url"] == SITE
    assert doc["next_url"] == PAGED["next_url"]
    assert doc["hubs"] == [{"type": "WebSub", "url": PAGED["hub_url"]}]
    assert [item["id"] for item in doc["items"]] == [f"urn:newswire:story:s{n}" for n in (3, 2, 1)]
    item = doc["items"][1]
    assert item["url"] == f"{SITE}/stories/s2"
    assert item["date_published"] == "2024-12-20T03:04:05Z"
    assert item["date_modified"] == "2024-12-20T05:04:05Z"
    assert item["tags"][:4] == ["politics", "lampung-barat", "lampung", "urgency:3"]
    assert item["authors"] == [{"name": "Ani Rahma"}]
    assert item["attachments"][0] == {
        "url": "https://img.example/a.jpg",
        "mime_type": "image/jpeg",
        "size_in_bytes": 48213,
        "title": "Banjir",
    }
    assert item["content_text"].endswith("Correction: Nama desa diperbaiki.")
    assert item["_wire"]["ednote"] == "Nama desa diperbaiki."
    assert item["_wire"]["flags"] == ["correction"] and item["_wire"]["version"] == 2


def test_ninjs_is_a_list_of_strict_items() -> None:
    data = render_ninjs(make_channel("ninjs"), stories(), [Tombstone(ref="x", when=T0)])
    items = json.loads(data)
    assert isinstance(items, list)
    assert items == [json.loads(json.dumps(story_ninjs(s))) for s in stories()]
    for item in items:
        validate_ninjs(item)
        assert "wire" not in item and item["version"] in {"1", "2"}


@pytest.mark.parametrize("fmt", ["json", "ninjs"])
def test_json_formats_ignore_tombstones(fmt: str) -> None:
    stone = Tombstone(ref="urn:newswire:story:s9", when=T0)
    render = RENDERERS[fmt]
    assert render(make_channel(fmt), stories(), [stone]) == render(make_channel(fmt), stories(), [])


# --- the shared validators catch what they promise ------------------------------------


@pytest.mark.parametrize(
    ("validate", "data", "message"),
    [
        (
            validate_atom,
            b'<feed xmlns="http://www.w3.org/2005/Atom"><id>x</id><title>t</title>'
            b"<updated>2024-01-01T00:00:00</updated><entry><id>e</id><title>t</title>"
            b"<updated>2024-01-01T00:00:00Z</updated></entry></feed>",
            "date without zone",
        ),
        (
            validate_atom,
            b'<feed xmlns="http://www.w3.org/2005/Atom"><id>x</id><title>t</title>'
            b"<updated>2024-01-01T00:00:00Z</updated><entry><id>e</id><title>t</title>"
            b"<updated>2024-01-01T00:00:00Z</updated><content>c</content></entry></feed>",
            "no author",
        ),
        (validate_atom, b'<feed xmlns="http://www.w3.org/2005/Atom"><title/></feed>', "atom.rng"),
        (
            validate_rss,
            b'<rss version="2.0"><channel><title>t</title><link>l</link><description>d'
            b"</description><item><title>x</title><guid>g</guid></item></channel></rss>",
            "isPermaLink",
        ),
        (
            validate_rss,
            b'<rss version="2.0"><channel><title>t</title><link>l</link><description>d'
            b"</description><lastBuildDate>Mon, 01 Jan 2024 00:00:00</lastBuildDate>"
            b"</channel></rss>",
            "with zone",
        ),
        (validate_rss, b"<rss><oops", "well-formed"),
        (validate_jsonfeed, b'{"version": "https://jsonfeed.org/version/1.1"}', "title"),
        (validate_ninjs, {"uri": "x", "version": 1}, "'string'"),
    ],
)
def test_validators_reject_broken_feeds(
    validate: Callable[[Any], Any], data: Any, message: str
) -> None:
    with pytest.raises(AssertionError, match=message):
        validate(data)


def test_every_format_says_the_same_of_authors_sources_and_categories() -> None:
    """JSON Feed tags carry the RSS and Atom categories; authors are the byline's people in
    all three, and a story without one has no item author in any."""
    rss = parse(render_rss(make_channel("rss"), stories()))
    atom = parse(render_atom(make_channel(), stories()))
    doc = validate_jsonfeed(render_json_feed(make_channel("json"), stories()))
    for r, a, j in zip(rss.entries, atom.entries, doc["items"], strict=True):
        assert {t.term for t in r.tags} == {t.term for t in a.tags} == set(j["tags"])
        people = [x["name"] for x in j.get("authors", [])]
        assert r.get("author") == (people[0] if people else None)  # dc:creator
        assert [x.name for x in a.get("authors", [])] == people
