"""Region: declared, dateline place through the gazetteer, correspondent's fallback."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest

from tests.unit.sample_gazetteer import RESOURCES
from wire.normalize.model import Copy
from wire.normalize.pipeline import start
from wire.normalize.place.region import resolve_region
from wire.story import Dateline


@pytest.mark.parametrize(
    ("place", "declared", "fallback", "region", "regions"),
    [
        ("Lampung Barat", None, None, "lampung-barat", ("lampung-barat", "lampung", "indonesia")),
        ("Kota Agung, Tanggamus", None, None, "tanggamus", ("tanggamus", "lampung", "indonesia")),
        ("Lampung Barat", "tanggamus", None, "tanggamus", ("tanggamus", "lampung", "indonesia")),
        ("Washington", None, "lampung", "lampung", ("lampung", "indonesia")),
        ("Washington", None, "banten", "banten", ("banten",)),
        (None, None, None, None, ()),
        ("Lampung Barat", "unknown-slug", None, "unknown-slug", ("unknown-slug",)),
    ],
)
def test_resolve_region(
    place: str | None,
    declared: str | None,
    fallback: str | None,
    region: str | None,
    regions: tuple[str, ...],
) -> None:
    copy = Copy(
        text="",
        submitted_at=datetime(2018, 12, 20, tzinfo=UTC),
        declared_region=declared,
        fallback_region=fallback,
    )
    draft = replace(start(copy, RESOURCES), dateline=Dateline(place=place))
    found = resolve_region(draft)
    assert (found.region, found.regions) == (region, regions)
