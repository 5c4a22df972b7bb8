"""The gazetteer: dateline place names to region slugs, and how regions nest.

A correspondent writes a dateline the way people say it ("BANDAR LAMPUNG",
"Kab. Lampung Barat", "Lambar", "Kota Agung, Tanggamus"); :meth:`Gazetteer.resolve`
turns that into a :class:`Region`, and :meth:`Gazetteer.lineage` gives the chain of
regions it sits in, most specific first, ending with the country::

    gaz = load_gazetteer(Path("config/gazetteer.json"))
    region = gaz.resolve("Kab. Lampung Barat")        # Region(slug="lampung-barat", ...)
    gaz.lineage(region.slug)                           # ("lampung-barat", "lampung", "indonesia")

The module is pure: nothing is read at import, and a :class:`Gazetteer` never changes
once built. The data lives in ``config/gazetteer.json``::

    {"version": 1, "regions": [
        {"slug": "lampung", "name": "Lampung", "kind": "province", "country": "ID",
         "parent": "indonesia", "aliases": ["Provinsi Lampung", "Prov. Lampung"]},
        ...]}

Matching ignores case, accents, whitespace and punctuation, so "Tanjung Pinang",
"Tanjungpinang" and "TANJUNG-PINANG" are one key (see :func:`place_key`).
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

__all__ = [
    "KINDS",
    "SCHEMA_VERSION",
    "SLUG_PATTERN",
    "Gazetteer",
    "Region",
    "load_gazetteer",
    "place_key",
]

SCHEMA_VERSION: Final = 1

SLUG_PATTERN: Final = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")

# When one name fits several regions, the lower rank wins. Datelines name towns, so a
# city beats the regency (Kota Bogor over Kabupaten Bogor) and the province of the
# same name (Kota Bengkulu over Provinsi Bengkulu).
_KIND_RANK: Final[Mapping[str, int]] = {
    "city": 0,
    "federal-territory": 1,
    "regency": 2,
    "province": 3,
    "state": 3,
    "country": 4,
}

KINDS: Final = frozenset(_KIND_RANK)
"""The region kinds the data may use."""

# Leading words that say what kind of region follows. Longest first, so that
# "Kota Administrasi Jakarta Selatan" loses both words, not just "Kota".
_PREFIXES: Final[tuple[tuple[tuple[str, ...], str], ...]] = (
    (("kabupaten", "administrasi"), "regency"),
    (("kota", "administrasi"), "city"),
    (("kota", "madya"), "city"),
    (("kotamadya",), "city"),
    (("kabupaten",), "regency"),
    (("kab",), "regency"),
    (("kota",), "city"),
    (("provinsi",), "province"),
    (("propinsi",), "province"),
    (("prov",), "province"),
)

_TOKEN_SPLIT: Final = re.compile(r"[\W_]+")


def _tokens(text: str) -> list[str]:
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return [t for t in _TOKEN_SPLIT.split(stripped.casefold()) if t]


def place_key(text: str) -> str:
    """Return the matching key for a place name.

    Case, accents, whitespace and punctuation are dropped, so ``"Kab. Lampung
    Barat"``, ``"KAB LAMPUNG-BARAT"`` and ``"kablampungbarat"`` share one key. An
    empty string means there was nothing to match on.
    """
    return "".join(_tokens(text))


@dataclass(frozen=True, slots=True)
class Region:
    """One place in the gazetteer.

    ``slug`` is the stable identifier stored on stories and used in feed filters.
    ``country`` is the ISO 3166-1 alpha-2 code. ``parent`` is the slug of the
    enclosing region, ``None`` only for a country.
    """

    slug: str
    name: str
    kind: str
    country: str
    parent: str | None
    aliases: tuple[str, ...] = ()


def _field(entry: Mapping[str, Any], key: str, where: str) -> str:
    value = entry.get(key)
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{where}: {key!r} must be a non-empty string, got {value!r}")
    return value


def _region_from_entry(entry: object, index: int) -> Region:
    if not isinstance(entry, Mapping):
        raise ValueError(f"region #{index}: expected an object, got {type(entry).__name__}")
    raw_slug = entry.get("slug")
    where = f"region #{index} ({raw_slug!r})"
    slug = _field(entry, "slug", where)
    name = _field(entry, "name", where)
    kind = _field(entry, "kind", where)
    country = _field(entry, "country", where)
    parent = entry.get("parent")
    if parent is not None and (not isinstance(parent, str) or not parent):
        raise ValueError(f"{where}: 'parent' must be a slug or null, got {parent!r}")
    raw_aliases = entry.get("aliases", [])
    if not isinstance(raw_aliases, Sequence) or isinstance(raw_aliases, str):
        raise ValueError(f"{where}: 'aliases' must be a list of strings")
    aliases: list[str] = []
    for alias in raw_aliases:
        if not isinstance(alias, str) or not place_key(alias):
            raise ValueError(f"{where}: alias {alias!r} is not a usable place name")
        aliases.append(alias)
    return Region(
        slug=slug,
        name=name,
        kind=kind,
        country=country,
        parent=parent,
        aliases=tuple(aliases),
    )


@dataclass(frozen=True)
class Gazetteer:
    """An immutable, validated set of regions with name lookup and nesting.

    Construction validates the data (see :meth:`from_dict`); every method is a pure
    lookup on indexes built once.
    """

    regions: tuple[Region, ...]
    _by_slug: Mapping[str, Region] = field(init=False, repr=False, compare=False)
    _by_key: Mapping[str, tuple[Region, ...]] = field(init=False, repr=False, compare=False)
    _children: Mapping[str, tuple[Region, ...]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        by_slug: dict[str, Region] = {}
        for region in self.regions:
            where = f"region {region.slug!r}"
            if not SLUG_PATTERN.fullmatch(region.slug):
                raise ValueError(f"{where}: slug must match {SLUG_PATTERN.pattern}")
            if region.slug in by_slug:
                raise ValueError(f"{where}: duplicate slug")
            if region.kind not in KINDS:
                raise ValueError(f"{where}: unknown kind {region.kind!r}")
            if not re.fullmatch(r"[A-Z]{2}", region.country):
                raise ValueError(f"{where}: country must be an ISO alpha-2 code")
            if not place_key(region.name):
                raise ValueError(f"{where}: name {region.name!r} is not a usable place name")
            by_slug[region.slug] = region

        children: dict[str, list[Region]] = {slug: [] for slug in by_slug}
        for region in self.regions:
            where = f"region {region.slug!r}"
            if region.parent is None:
                if region.kind != "country":
                    raise ValueError(f"{where}: only a country may have no parent")
                continue
            parent = by_slug.get(region.parent)
            if parent is None:
                raise ValueError(f"{where}: parent {region.parent!r} does not exist")
            if parent.country != region.country:
                raise ValueError(
                    f"{where}: country {region.country} differs from parent "
                    f"{parent.slug!r} ({parent.country})"
                )
            children[parent.slug].append(region)

        for region in self.regions:
            seen = {region.slug}
            current = region.parent
            while current is not None:
                if current in seen:
                    raise ValueError(f"region {region.slug!r}: parent chain has a cycle")
                seen.add(current)
                current = by_slug[current].parent

        by_key: dict[str, list[Region]] = {}
        for region in self.regions:
            keys = {place_key(region.name), place_key(region.slug)}
            keys.update(place_key(alias) for alias in region.aliases)
            for key in keys:
                by_key.setdefault(key, []).append(region)

        object.__setattr__(self, "_by_slug", by_slug)
        object.__setattr__(
            self,
            "_by_key",
            {
                key: tuple(sorted(found, key=lambda r: _KIND_RANK[r.kind]))
                for key, found in by_key.items()
            },
        )
        object.__setattr__(self, "_children", {s: tuple(c) for s, c in children.items()})

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Gazetteer:
        """Build a gazetteer from the parsed JSON document.

        Raises :class:`ValueError`, naming the offending entry, when the version is
        not :data:`SCHEMA_VERSION`, a field is missing or mistyped, a slug is malformed
        or repeated, a kind is unknown, a parent does not exist or lies in another
        country, or the parent chain loops.
        """
        if not isinstance(data, Mapping):
            raise ValueError("gazetteer: expected a JSON object at the top level")
        version = data.get("version")
        if version != SCHEMA_VERSION:
            raise ValueError(f"gazetteer: unsupported version {version!r}")
        entries = data.get("regions")
        if not isinstance(entries, Sequence) or isinstance(entries, str):
            raise ValueError("gazetteer: 'regions' must be a list")
        return cls(regions=tuple(_region_from_entry(e, i) for i, e in enumerate(entries)))

    def __len__(self) -> int:
        return len(self.regions)

    def __iter__(self) -> Iterator[Region]:
        return iter(self.regions)

    def get(self, slug: str) -> Region | None:
        """Return the region with this slug, or ``None``."""
        return self._by_slug.get(slug)

    def is_known(self, slug: str) -> bool:
        """Tell whether ``slug`` names a region in this gazetteer."""
        return slug in self._by_slug

    def children(self, slug: str) -> tuple[Region, ...]:
        """Return the regions directly inside ``slug``, in data order.

        An unknown slug has no children: the result is empty, not an error.
        """
        return self._children.get(slug, ())

    def lineage(self, slug: str) -> tuple[str, ...]:
        """Return ``slug`` and the slugs of every region around it, ending at the country.

        ``lineage("lampung-barat") == ("lampung-barat", "lampung", "indonesia")``;
        a country's lineage is just itself. An unknown slug gives ``()``.
        """
        chain: list[str] = []
        region = self._by_slug.get(slug)
        while region is not None:
            chain.append(region.slug)
            region = self._by_slug.get(region.parent) if region.parent else None
        return tuple(chain)

    def is_within(self, slug: str, ancestor: str) -> bool:
        """Tell whether ``slug`` is ``ancestor`` or lies somewhere inside it."""
        return ancestor in self.lineage(slug)

    def resolve(self, place: str) -> Region | None:
        """Return the region a dateline place name refers to, or ``None``.

        Names, aliases and slugs all match, ignoring case, accents, whitespace and
        punctuation. A leading "Kabupaten"/"Kab."/"Kota"/"Provinsi"/"Prov." is dropped
        if the full text does not match, and then steers the choice toward that kind.
        For "Kota Agung, Tanggamus" the whole text is tried first, then each
        comma-separated part from the first (most specific) on. When a bare name fits
        several regions, a city wins over a regency, and either over a province.
        """
        candidates = [place]
        if "," in place:
            candidates.extend(part for part in place.split(",") if part.strip())
        for candidate in candidates:
            found = self._resolve_one(candidate)
            if found is not None:
                return found
        return None

    def _resolve_one(self, place: str) -> Region | None:
        tokens = _tokens(place)
        if not tokens:
            return None
        exact = self._by_key.get("".join(tokens))
        if exact:
            return exact[0]
        for prefix, kind in _PREFIXES:
            if tuple(tokens[: len(prefix)]) != prefix:
                continue
            rest = "".join(tokens[len(prefix) :])
            found = self._by_key.get(rest) if rest else None
            if not found:
                return None
            return next((r for r in found if r.kind == kind), found[0])
        return None


def load_gazetteer(path: Path) -> Gazetteer:
    """Read a gazetteer JSON file and build it with :meth:`Gazetteer.from_dict`.

    Raises :class:`OSError` if the file cannot be read and :class:`ValueError` if it
    is not valid JSON or not a valid gazetteer.
    """
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise ValueError(f"{path}: not valid JSON: {exc}") from exc
    return Gazetteer.from_dict(data)
