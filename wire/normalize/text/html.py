"""HTML copy: detect it, sanitize it (nh3 allow-list), and cut it into paragraphs.

nh3 (ammonia) does the security work: scripts and styles with their content, event
handlers, comments and unsafe URLs go. Its output is HTML5 (``<br>``, ``&nbsp;``), which
is not XML, so each block is then re-serialized here from a small inline allow-list,
escaping every text piece: the XHTML that comes out is always a well-formed fragment.
"""

from __future__ import annotations

import re
from html import escape, unescape

import lxml.html
import nh3
from lxml import etree

from wire.normalize.draft import Draft, change, with_changes

_HTML_TAG = re.compile(
    r"</?(?:p|br|div|span|script|style|a|b|i|u|strong|em|h[1-6]|ul|ol|li|table|tr|td|img|"
    r"iframe|blockquote|figure|figcaption|section|article|font|center|noscript)\b[^<>]{0,300}>",
    re.IGNORECASE,
)
_STRUCTURE_TAGS = {
    "p", "br", "div", "section", "article", "header", "footer", "main", "aside", "span",
    "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "blockquote", "figure",
    "figcaption", "table", "thead", "tbody", "tr", "td", "th", "pre", "hr", "strong", "em",
    "b", "i", "u", "a", "center", "font",
}  # fmt: skip
_DROPPED_WITH_CONTENT = {
    "script", "style", "title", "head", "noscript", "template", "iframe", "object", "svg",
    "math", "select", "textarea", "button", "form", "nav",
}  # fmt: skip
_BLOCKS = _STRUCTURE_TAGS - {"br", "span", "strong", "em", "b", "i", "u", "a", "font"}
_INLINE_KEPT = {"strong", "em", "b", "i"}
_HEADING = {"h1": "h2", "h2": "h2", "h3": "h3", "h4": "h4", "h5": "h4", "h6": "h4"}
_ANY_TAG = re.compile(r"<[A-Za-z!/][^<>]{0,300}>")
_BLOCK_TAG = re.compile(r"<(?:p|br|li|h[1-6]|tr|blockquote|article|section)\b", re.IGNORECASE)
_BLANK_LINE = re.compile(r"\n\s*\n")
_BLOCK_TAG = re.compile(
    r"<(?:p|br|div|li|h[1-6]|table|tr|td|blockquote|section|article|pre|ul|ol|figure|"
    r"figcaption|header|footer|main|hr)\b",
    re.IGNORECASE,
)
_WHITESPACE = re.compile(r"\s+")
_SAFE_HREF = re.compile(r"^(?:https?:|mailto:)", re.IGNORECASE)


def looks_like_html(text: str) -> bool:
    """True when plain text is really HTML: two or more known tags."""
    matches = _HTML_TAG.finditer(text)
    return next(matches, None) is not None and next(matches, None) is not None


def detect_html(draft: Draft) -> Draft:
    """Copy sent as HTML, or plain text that is clearly HTML, takes the HTML path."""
    if draft.copy.html and _ANY_TAG.search(draft.text):
        return with_changes(draft, [], is_html=True)
    if draft.copy.html:
        note = change("html", "treated-as-plain-text", "HTML copy without any markup")
        return with_changes(draft, [note])
    if not looks_like_html(draft.text):
        return draft
    paragraphs = len([p for p in _BLANK_LINE.split(draft.text) if p.strip()])
    if paragraphs >= 4 and len(_BLOCK_TAG.findall(draft.text)) * 2 < paragraphs:
        # A page pasted as text with a few tags left in it ("<div class=…>Utama › Berita
        # </div>", "<strong>Artikel Berkaitan:</strong>"): its lines are the structure, so
        # the tags go and the lines stay.
        text = "\n".join(_ANY_TAG.sub("", line) for line in draft.text.split("\n"))
        note = change("html", "removed-stray-tags", "plain-text copy with a few HTML tags")
        return with_changes(draft, [note], text=text)
    note = change("html", "detected-html", "plain-text copy contains HTML markup")
    return with_changes(draft, [note], is_html=True)


def sanitize(html: str) -> str:
    """nh3 with a structural allow-list; scripts, styles and handlers do not survive."""
    return nh3.clean(
        html,
        tags=_STRUCTURE_TAGS,
        attributes={"a": {"href"}},
        url_schemes={"http", "https", "mailto"},
        link_rel=None,
        strip_comments=True,
        clean_content_tags=_DROPPED_WITH_CONTENT,
    )


class _BlockCollector:
    """Walks a sanitized tree and yields (block tag, plain text, inner XHTML) triples."""

    def __init__(self) -> None:
        self.blocks: list[tuple[str, str, str]] = []
        self.tag = "p"
        self.text: list[str] = []
        self.html: list[str] = []
        self.open: list[str] = []

    def add(self, piece: str | None) -> None:
        if piece:
            self.text.append(piece)
            self.html.append(escape(_WHITESPACE.sub(" ", piece), quote=True))

    def flush(self) -> None:
        text = " ".join("".join(self.text).split())
        if text:
            closing = "".join(f"</{t.split(' ')[0]}>" for t in reversed(self.open))
            inner = _WHITESPACE.sub(" ", "".join(self.html) + closing).strip()
            self.blocks.append((self.tag, text, inner))
        self.text, self.html = [], [f"<{t}>" for t in self.open]

    def walk(self, el: etree._Element) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag in _BLOCKS or tag == "br":
            self.flush()
        previous = self.tag
        if tag in _BLOCKS:
            self.tag = _HEADING.get(tag, "p")
        opened = self._open_inline(el, tag)
        self.add(el.text)
        for child in el:
            self.walk(child)
        if opened:
            self.html.append(f"</{tag}>")
            self.open.pop()
        if tag in _BLOCKS:
            self.flush()
            self.tag = previous
        self.add(el.tail)

    def _open_inline(self, el: etree._Element, tag: str) -> bool:
        if tag in _INLINE_KEPT:
            opening = tag
        elif tag == "a" and _SAFE_HREF.match(el.get("href") or ""):
            opening = f'a href="{escape(el.get("href") or "", quote=True)}"'
        else:
            return False
        self.html.append(f"<{opening}>")
        self.open.append(opening if tag != "a" else "a")
        return True


def html_blocks(html: str) -> list[tuple[str, str]]:
    """Sanitized (plain text, XHTML) per block element; ``<br>`` also ends a block."""
    if not _BLOCK_TAG.search(html):
        # Inline-only markup around pasted lines: each line break still ends a paragraph.
        html = html.replace("\n", "<br>")
    clean = sanitize(html)
    if not clean.strip():
        return []
    root = lxml.html.fragment_fromstring(clean, create_parent="div")
    collector = _BlockCollector()
    collector.walk(root)
    collector.flush()
    return [(text, f"<{tag}>{inner}</{tag}>") for tag, text, inner in collector.blocks]


def split_html(draft: Draft) -> Draft:
    """HTML copy becomes one line per block, remembering each block's sanitized XHTML."""
    if not draft.is_html:
        return draft
    blocks = html_blocks(draft.text)
    note = change("html", "sanitized-html", f"{len(blocks)} blocks kept")
    lines = tuple(text for text, _ in blocks)
    return with_changes(draft, [note], lines=lines, html_blocks=tuple(blocks), text="")


def split_lines(draft: Draft) -> Draft:
    """Plain copy becomes one line per line (blank lines kept as ``""`` separators)."""
    if draft.is_html:
        return draft
    return with_changes(draft, [], lines=tuple(draft.text.split("\n")), text="")


# Character references left in plain text by a paste from a web page ("&nbsp;", "&amp;",
# "&#8220;"). "&lt;" and "&gt;" stay: turning them into markup characters gains nothing.
_ENTITY = re.compile(r"&(?!lt;|gt;)(?:[A-Za-z][A-Za-z0-9]{1,7}|#\d{1,7}|#[xX][0-9A-Fa-f]{1,6});")
_PLAIN_SPACE = re.compile("[\u00a0\u2002-\u200a\u202f]")


def _unescape_line(line: str) -> str:
    text = _ENTITY.sub(lambda m: unescape(m.group(0)), line)
    if text == line:
        return line
    return re.sub(" {2,}", " ", _PLAIN_SPACE.sub(" ", text)).strip()


def unescape_plain_entities(draft: Draft) -> Draft:
    """HTML character references in plain copy (``&nbsp;``, ``&amp;``) become characters."""
    if draft.is_html:
        return draft
    lines = tuple(_unescape_line(line) for line in draft.lines)
    count = sum(len(_ENTITY.findall(line)) for line in draft.lines)
    if not count:
        return draft
    note = change("html", "unescaped-entities", f"{count} character references in plain text")
    return with_changes(draft, [note], lines=lines)


def render_html(paragraphs: tuple[str, ...], blocks: tuple[tuple[str, str], ...]) -> str:
    """Body XHTML: a paragraph unchanged since sanitizing keeps its markup, others escaped."""
    known = dict(blocks)
    return "\n".join(known.get(p) or f"<p>{escape(p, quote=False)}</p>" for p in paragraphs)
