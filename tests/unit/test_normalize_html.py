"""HTML detection, sanitizing and rendering."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
from lxml import etree

from wire.normalize.model import Copy
from wire.normalize.pipeline import load_resources, start
from wire.normalize.text.html import (
    detect_html,
    html_blocks,
    looks_like_html,
    render_html,
    split_html,
    unescape_plain_entities,
)

RESOURCES = load_resources(Path(__file__).parents[2] / "config")
WHEN = datetime(2018, 12, 20, 9, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("<p>One</p><p>Two</p>", True),
        ("Line<br>line<br/>line", True),
        ("<script>alert(1)</script><div>x</div>", True),
        ("plain text with a < b and c > d", False),
        ("one <b> mention", False),
        ("Email me at <jane@example.com>", False),
    ],
)
def test_looks_like_html(text: str, expected: bool) -> None:
    assert looks_like_html(text) is expected


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ("<p>One</p><p>Two</p>", [("One", "<p>One</p>"), ("Two", "<p>Two</p>")]),
        ("<p onclick='x()'>Hi <b>there</b></p>", [("Hi there", "<p>Hi <b>there</b></p>")]),
        ("<script>alert(1)</script><p>Safe</p>", [("Safe", "<p>Safe</p>")]),
        ("<style>p{}</style><p>Styled</p>", [("Styled", "<p>Styled</p>")]),
        ("a<br>b", [("a", "<p>a</p>"), ("b", "<p>b</p>")]),
        ("<p>x&nbsp;y &amp; z</p>", [("x y & z", "<p>x y &amp; z</p>")]),
        (
            '<p><a href="javascript:alert(1)">bad</a> <a href="https://e.com/?a=1&b=2">ok</a></p>',
            [("bad ok", '<p>bad <a href="https://e.com/?a=1&amp;b=2">ok</a></p>')],
        ),
        (
            "<div><div>Nested</div></div><h1>Title</h1>",
            [("Nested", "<p>Nested</p>"), ("Title", "<h2>Title</h2>")],
        ),
        ("<ul><li>one</li><li>two</li></ul>", [("one", "<p>one</p>"), ("two", "<p>two</p>")]),
        (
            "<p><b>bold<br>still</b></p>",
            [("bold", "<p><b>bold</b></p>"), ("still", "<p><b>still</b></p>")],
        ),
        ("<img src=x onerror=alert(1)>", []),
    ],
)
def test_html_blocks(html: str, expected: list[tuple[str, str]]) -> None:
    assert html_blocks(html) == expected


def test_detect_html_reports_plain_text_that_is_html() -> None:
    draft = detect_html(start(Copy(text="<p>a</p><p>b</p>", submitted_at=WHEN), RESOURCES))
    assert draft.is_html
    assert draft.changes[-1].action == "detected-html"


def test_a_text_paste_with_a_few_tags_keeps_its_lines() -> None:
    text = ('<div class="crumb">Utama &rsaquo; Berita</div>\nPesta Air Sungai Melaka\n\n'
            "Oleh: Siti Aishah\n\nMELAKA - Pesta itu menarik 15,000 pengunjung.\n\n"
            "<strong>Artikel Berkaitan:</strong> Kampung Morten\n\nKata dia lagi.\n\nAkhir.")
    draft = detect_html(start(Copy(text=text, submitted_at=WHEN), RESOURCES))
    assert not draft.is_html
    assert draft.changes[-1].action == "removed-stray-tags"
    assert draft.text.split("\n")[:2] == ["Utama &rsaquo; Berita", "Pesta Air Sungai Melaka"]


def test_split_html_keeps_blocks() -> None:
    draft = start(
        Copy(text="<h1>Head</h1><p>Body <em>here</em></p>", submitted_at=WHEN, html=True), RESOURCES
    )
    split = split_html(detect_html(draft))
    assert split.lines == ("Head", "Body here")
    assert dict(split.html_blocks)["Body here"] == "<p>Body <em>here</em></p>"


@pytest.mark.parametrize(
    ("paragraphs", "blocks", "expected"),
    [
        (("a < b & c",), (), "<p>a &lt; b &amp; c</p>"),
        (("kept",), (("kept", "<p><b>kept</b></p>"),), "<p><b>kept</b></p>"),
        (("changed",), (("original", "<p>original</p>"),), "<p>changed</p>"),
    ],
)
def test_render_html(
    paragraphs: tuple[str, ...], blocks: tuple[tuple[str, str], ...], expected: str
) -> None:
    rendered = render_html(paragraphs, blocks)
    assert rendered == expected
    etree.fromstring(f"<root>{rendered}</root>")


def test_split_html_ignores_plain() -> None:
    draft = replace(start(Copy(text="x", submitted_at=WHEN), RESOURCES), is_html=False)
    assert split_html(draft) is draft


@pytest.mark.parametrize(
    ("html", "texts"),
    [
        (
            "<b>Headline</b>\nFirst para.\n\nSecond para.",
            ["Headline", "First para.", "Second para."],
        ),
        ("<p>One\ntwo</p>", ["One two"]),
    ],
)
def test_line_breaks_in_inline_only_html(html: str, texts: list[str]) -> None:
    assert [text for text, _ in html_blocks(html)] == texts


def test_html_flag_without_markup_is_plain() -> None:
    draft = start(Copy(text="Head\n\nBody", submitted_at=WHEN, html=True), RESOURCES)
    assert not detect_html(draft).is_html


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (("Harga&nbsp;Cabai",), ("Harga Cabai",)),
        (("MANADO -&nbsp;Harga naik.",), ("MANADO - Harga naik.",)),
        (("&nbsp;",), ("",)),
        (("Dinas Perdagangan &amp; Perindustrian",), ("Dinas Perdagangan & Perindustrian",)),
        (("&#8220;Kutipan&#8221; kata dia",), ("\u201cKutipan\u201d kata dia",)),
        (("a &lt;b&gt; c",), ("a &lt;b&gt; c",)),
        (("AT&T and R&D",), ("AT&T and R&D",)),
        (("no entities",), ("no entities",)),
    ],
)
def test_unescape_plain_entities(lines: tuple[str, ...], expected: tuple[str, ...]) -> None:
    draft = replace(start(Copy(text="x", submitted_at=WHEN), RESOURCES), lines=lines)
    assert unescape_plain_entities(draft).lines == expected


def test_unescape_plain_entities_leaves_html_alone() -> None:
    draft = replace(
        start(Copy(text="x", submitted_at=WHEN), RESOURCES), lines=("a&nbsp;b",), is_html=True
    )
    assert unescape_plain_entities(draft).lines == ("a&nbsp;b",)
