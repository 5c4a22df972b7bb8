"""Property tests: any text normalizes or is refused with an InputError; output is safe."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from wire.errors import InputError
from wire.normalize import Copy, load_resources, normalize

RESOURCES = load_resources(Path(__file__).parents[2] / "config")
XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
PIECES = st.sampled_from(
    [
        "Lampung Barat, (ISN) – ", "JAKARTA (AP) — ", "Kamis (20/12)", "Baca juga: X", "Loading",
        "<p>", "</p>", "<script>alert(1)</script>", "<b>", "&amp;", "&", "<", ">", "\r\n", "\n\n",
        "\u00a0", "\u200b", "\ufeff", "Ã©", "🎉", "עברית", "\x00", "\x1f", "(ant/dra)", " MDSNews",
        "EMBARGOED UNTIL 0001 GMT Dec 21", "UPDATE 1-", "By Jane Doe", "-- END --", ".", " ",
        "Pewarta: Agus", "Dec 20", "5 Dis", "\ud800",
    ]
)  # fmt: skip
TEXTS = st.one_of(
    st.text(max_size=400),
    st.lists(st.one_of(PIECES, st.text(max_size=20)), max_size=40).map("".join),
)


def check(text: str, html: bool) -> None:
    try:
        story = normalize(
            Copy(text=text, submitted_at=datetime(2018, 12, 20, tzinfo=UTC), html=html), RESOURCES
        )
    except InputError:
        return
    for value in (
        story.headline,
        story.body_text,
        story.body_html,
        story.summary,
        *story.by,
        *story.infosources,
    ):
        assert not XML_FORBIDDEN.search(value)
    assert story.headline.strip() and story.body_text.strip()
    etree.fromstring(f"<root>{story.body_html}</root>".encode())
    assert re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", story.slugline)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXTS)
def test_plain_text_never_breaks(text: str) -> None:
    check(text, html=False)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXTS)
def test_html_never_breaks(text: str) -> None:
    check(text, html=True)
