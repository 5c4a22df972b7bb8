"""The story's region: declared, else the dateline place, else the correspondent's own.

The gazetteer is anything with ``resolve(place) -> Region | None`` (``Region`` has
``slug`` and ``name``) and ``lineage(slug) -> tuple[str, ...]``: ``wire.gazetteer``.
"""

from __future__ import annotations

from typing import Any, Protocol

from wire.normalize.draft import Draft, change, with_changes


class RegionLike(Protocol):
    @property
    def slug(self) -> str: ...

    @property
    def name(self) -> str: ...

    @property
    def kind(self) -> str: ...


def resolve_place(gazetteer: Any, place: str | None) -> RegionLike | None:
    """The region a place names, or None (no gazetteer, no place, or unknown)."""
    if gazetteer is None or not place:
        return None
    found: RegionLike | None = gazetteer.resolve(place)
    return found


def _lineage(gazetteer: Any, slug: str) -> tuple[str, ...]:
    chain: tuple[str, ...] = tuple(gazetteer.lineage(slug)) if gazetteer is not None else ()
    return chain or (slug,)


def resolve_region(draft: Draft) -> Draft:
    """``region`` (most specific slug) and ``regions`` (it and every region around it)."""
    gazetteer = draft.resources.gazetteer
    copy = draft.copy
    found = resolve_place(gazetteer, draft.dateline.place)
    if copy.declared_region:
        slug, how, text = copy.declared_region, "declared-region", copy.declared_region
    elif found is not None:
        slug, how, text = found.slug, "resolved-dateline-place", str(draft.dateline.place)
    elif copy.fallback_region:
        slug, how, text = copy.fallback_region, "correspondent-region", copy.fallback_region
    else:
        return draft
    note = change("region", how, f"{text} → {slug}", "region")
    return with_changes(draft, [note], region=slug, regions=_lineage(gazetteer, slug))
