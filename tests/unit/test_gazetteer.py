"""The gazetteer: resolving dateline place names, nesting, and the shipped data."""

from __future__ import annotations

import copy
import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from wire.gazetteer import Gazetteer, Region, load_gazetteer, place_key

CONFIG = Path(__file__).resolve().parents[2] / "config" / "gazetteer.json"

PROVINCES = (
    "aceh",
    "sumatera-utara",
    "sumatera-barat",
    "riau",
    "jambi",
    "sumatera-selatan",
    "bengkulu",
    "lampung",
    "kepulauan-bangka-belitung",
    "kepulauan-riau",
    "jakarta",
    "jawa-barat",
    "jawa-tengah",
    "yogyakarta",
    "jawa-timur",
    "banten",
    "bali",
    "nusa-tenggara-barat",
    "nusa-tenggara-timur",
    "kalimantan-barat",
    "kalimantan-tengah",
    "kalimantan-selatan",
    "kalimantan-timur",
    "kalimantan-utara",
    "sulawesi-utara",
    "sulawesi-tengah",
    "sulawesi-selatan",
    "sulawesi-tenggara",
    "gorontalo",
    "sulawesi-barat",
    "maluku",
    "maluku-utara",
    "papua",
    "papua-barat",
    "papua-selatan",
    "papua-tengah",
    "papua-pegunungan",
    "papua-barat-daya",
)

LAMPUNG = {
    "lampung-barat",
    "lampung-selatan",
    "lampung-tengah",
    "lampung-timur",
    "lampung-utara",
    "mesuji",
    "pesawaran",
    "pesisir-barat",
    "pringsewu",
    "tanggamus",
    "tulang-bawang",
    "tulang-bawang-barat",
    "way-kanan",
    "bandar-lampung",
    "metro",
}


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return load_gazetteer(CONFIG)


# ---------------------------------------------------------------- resolve


@pytest.mark.parametrize(
    ("place", "lineage"),
    [
        ("Lampung Barat", ("lampung-barat", "lampung", "indonesia")),
        ("LAMPUNG BARAT", ("lampung-barat", "lampung", "indonesia")),
        ("  lampung   barat ", ("lampung-barat", "lampung", "indonesia")),
        ("Kab. Lampung Barat", ("lampung-barat", "lampung", "indonesia")),
        ("Kabupaten Lampung Barat", ("lampung-barat", "lampung", "indonesia")),
        ("Lambar", ("lampung-barat", "lampung", "indonesia")),
        ("lampung-barat", ("lampung-barat", "lampung", "indonesia")),
        ("Lamsel", ("lampung-selatan", "lampung", "indonesia")),
        ("Tubaba", ("tulang-bawang-barat", "lampung", "indonesia")),
        ("Pesibar", ("pesisir-barat", "lampung", "indonesia")),
        ("Bandar Lampung", ("bandar-lampung", "lampung", "indonesia")),
        ("BANDAR LAMPUNG", ("bandar-lampung", "lampung", "indonesia")),
        ("Balam", ("bandar-lampung", "lampung", "indonesia")),
        ("Kota Metro", ("metro", "lampung", "indonesia")),
        ("Metro", ("metro", "lampung", "indonesia")),
        ("Lampung", ("lampung", "indonesia")),
        ("Provinsi Lampung", ("lampung", "indonesia")),
        ("Prov. Lampung", ("lampung", "indonesia")),
        ("Kota Agung, Tanggamus", ("tanggamus", "lampung", "indonesia")),
        ("Liwa, Lampung Barat", ("lampung-barat", "lampung", "indonesia")),
        ("Somewhere, Lampung", ("lampung", "indonesia")),
        ("Bogor", ("kota-bogor", "jawa-barat", "indonesia")),
        ("Kota Bogor", ("kota-bogor", "jawa-barat", "indonesia")),
        ("Kabupaten Bogor", ("bogor", "jawa-barat", "indonesia")),
        ("Kab. Bogor", ("bogor", "jawa-barat", "indonesia")),
        ("Kab Bogor", ("bogor", "jawa-barat", "indonesia")),
        ("Jakarta", ("jakarta", "indonesia")),
        ("DKI Jakarta", ("jakarta", "indonesia")),
        ("Jakarta Selatan", ("jakarta-selatan", "jakarta", "indonesia")),
        ("Kota Administrasi Jakarta Selatan", ("jakarta-selatan", "jakarta", "indonesia")),
        ("Kepulauan Seribu", ("kepulauan-seribu", "jakarta", "indonesia")),
        ("Jabar", ("jawa-barat", "indonesia")),
        ("Jateng", ("jawa-tengah", "indonesia")),
        ("Jatim", ("jawa-timur", "indonesia")),
        ("Sumut", ("sumatera-utara", "indonesia")),
        ("NTB", ("nusa-tenggara-barat", "indonesia")),
        ("Kepri", ("kepulauan-riau", "indonesia")),
        ("Babel", ("kepulauan-bangka-belitung", "indonesia")),
        ("Yogyakarta", ("kota-yogyakarta", "yogyakarta", "indonesia")),
        ("Jogja", ("kota-yogyakarta", "yogyakarta", "indonesia")),
        ("DIY", ("yogyakarta", "indonesia")),
        ("Provinsi Gorontalo", ("gorontalo", "indonesia")),
        ("Gorontalo", ("kota-gorontalo", "gorontalo", "indonesia")),
        ("Kabupaten Gorontalo", ("kabupaten-gorontalo", "gorontalo", "indonesia")),
        ("Bengkulu", ("kota-bengkulu", "bengkulu", "indonesia")),
        ("Tanjung Pinang", ("tanjungpinang", "kepulauan-riau", "indonesia")),
        ("Tanjungpinang", ("tanjungpinang", "kepulauan-riau", "indonesia")),
        ("Solo", ("surakarta", "jawa-tengah", "indonesia")),
        ("Papua Pegunungan", ("papua-pegunungan", "indonesia")),
        ("Wamena", ("jayawijaya", "papua-pegunungan", "indonesia")),
        ("Kuala Lumpur", ("kuala-lumpur", "malaysia")),
        ("KUALA LUMPUR", ("kuala-lumpur", "malaysia")),
        ("George Town", ("george-town", "penang", "malaysia")),
        ("Kota Kinabalu", ("kota-kinabalu", "sabah", "malaysia")),
        ("Johor Bahru", ("johor-bahru", "johor", "malaysia")),
        ("Melaka", ("melaka-city", "melaka", "malaysia")),
        ("Washington", ("washington", "united-states")),
        ("Washington, D.C.", ("washington", "united-states")),
        ("New York", ("new-york", "united-states")),
        ("London", ("london", "united-kingdom")),
        ("Sydney", ("sydney", "australia")),
        ("Singapore", ("singapore",)),
        ("São Paulo, Brazil", None),
        ("Nowhere Town", None),
        ("", None),
        ("  ,  ", None),
        ("Kota", None),
        ("Kabupaten", None),
    ],
)
def test_resolve(gaz: Gazetteer, place: str, lineage: tuple[str, ...] | None) -> None:
    region = gaz.resolve(place)
    if lineage is None:
        assert region is None
    else:
        assert region is not None, place
        assert gaz.lineage(region.slug) == lineage


def test_resolve_ignores_accents_and_punctuation() -> None:
    gaz = Gazetteer.from_dict(
        {
            "version": 1,
            "regions": [
                {"slug": "x", "name": "X", "kind": "country", "country": "XX", "parent": None},
                {
                    "slug": "sao-paulo",
                    "name": "São Paulo",
                    "kind": "city",
                    "country": "XX",
                    "parent": "x",
                },
            ],
        }
    )
    for place in ("Sao Paulo", "SÃO PAULO", "são-paulo", "Sao.Paulo"):
        found = gaz.resolve(place)
        assert found is not None and found.slug == "sao-paulo", place


def test_prefix_steers_kind_when_there_is_no_explicit_alias() -> None:
    regions: list[dict[str, Any]] = [
        {"slug": "id", "name": "Indonesia", "kind": "country", "country": "ID", "parent": None},
        {"slug": "p", "name": "Serang", "kind": "province", "country": "ID", "parent": "id"},
        {"slug": "r", "name": "Serang", "kind": "regency", "country": "ID", "parent": "p"},
        {"slug": "c", "name": "Serang", "kind": "city", "country": "ID", "parent": "p"},
    ]
    gaz = Gazetteer.from_dict({"version": 1, "regions": regions})
    expected = {"Serang": "c", "Kota Serang": "c", "Kab. Serang": "r", "Prov Serang": "p"}
    for place, slug in expected.items():
        found = gaz.resolve(place)
        assert found is not None and found.slug == slug, place


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("Kab. Lampung Barat", "kablampungbarat"),
        ("  TANJUNG-PINANG ", "tanjungpinang"),
        ("Bogotá", "bogota"),
        ("...", ""),
    ],
)
def test_place_key(text: str, key: str) -> None:
    assert place_key(text) == key


# ------------------------------------------------------------- navigation


def test_lookup_and_nesting(gaz: Gazetteer) -> None:
    region = gaz.get("lampung-barat")
    assert region == Region(
        slug="lampung-barat",
        name="Lampung Barat",
        kind="regency",
        country="ID",
        parent="lampung",
        aliases=region.aliases if region else (),
    )
    assert gaz.get("atlantis") is None
    assert gaz.is_known("lampung")
    assert not gaz.is_known("atlantis")
    assert gaz.lineage("indonesia") == ("indonesia",)
    assert gaz.lineage("atlantis") == ()
    assert gaz.children("atlantis") == ()
    assert gaz.is_within("lampung-barat", "lampung")
    assert gaz.is_within("lampung-barat", "indonesia")
    assert gaz.is_within("lampung", "lampung")
    assert not gaz.is_within("lampung", "lampung-barat")
    assert not gaz.is_within("kuala-lumpur", "indonesia")


# ------------------------------------------------------------ shipped data


def test_all_indonesian_provinces_present_with_children(gaz: Gazetteer) -> None:
    provinces = {r.slug for r in gaz if r.country == "ID" and r.kind == "province"}
    assert provinces == set(PROVINCES)
    for slug in PROVINCES:
        assert gaz.children(slug), slug
        assert gaz.lineage(slug) == (slug, "indonesia")


def test_indonesian_regencies_and_cities(gaz: Gazetteer) -> None:
    local = [r for r in gaz if r.country == "ID" and r.kind in {"regency", "city"}]
    assert 500 <= len(local) <= 520
    for region in local:
        assert region.parent in PROVINCES, region.slug


def test_lampung_has_its_thirteen_regencies_and_two_cities(gaz: Gazetteer) -> None:
    children = gaz.children("lampung")
    assert {r.slug for r in children} == LAMPUNG
    assert Counter(r.kind for r in children) == {"regency": 13, "city": 2}


def test_malaysia(gaz: Gazetteer) -> None:
    kinds = Counter(r.kind for r in gaz.children("malaysia"))
    assert kinds == {"state": 13, "federal-territory": 3}
    for city in ("george-town", "johor-bahru", "ipoh", "kota-kinabalu", "kuching", "shah-alam"):
        assert gaz.lineage(city)[-1] == "malaysia", city


def test_world_datelines(gaz: Gazetteer) -> None:
    expected = {
        "washington": "united-states",
        "new-york": "united-states",
        "london": "united-kingdom",
        "paris": "france",
        "new-delhi": "india",
        "beijing": "china",
        "tokyo": "japan",
        "bangkok": "thailand",
        "manila": "philippines",
        "canberra": "australia",
        "sydney": "australia",
    }
    for city, country in expected.items():
        assert gaz.lineage(city) == (city, country)
    assert gaz.lineage("singapore") == ("singapore",)


def test_shipped_file_has_unique_slugs_and_existing_parents() -> None:
    # Checked on the raw JSON too, so a validation regression in the module cannot hide
    # a data error.
    data = json.loads(CONFIG.read_text(encoding="utf-8"))
    slugs = [entry["slug"] for entry in data["regions"]]
    assert len(slugs) == len(set(slugs))
    known = set(slugs)
    for entry in data["regions"]:
        assert entry["parent"] is None or entry["parent"] in known, entry["slug"]


def test_every_name_and_alias_resolves_to_a_region_it_belongs_to(gaz: Gazetteer) -> None:
    # A shared name may go to a preferred kind (city over regency), but never to a
    # region of the same kind: that would be an ambiguity in the data.
    for region in gaz:
        for label in (region.name, *region.aliases):
            found = gaz.resolve(label)
            assert found is not None, label
            if found != region:
                assert found.kind != region.kind, (label, region.slug, found.slug)


# ------------------------------------------------------------- validation


def _valid() -> dict[str, Any]:
    return {
        "version": 1,
        "regions": [
            {
                "slug": "indonesia",
                "name": "Indonesia",
                "kind": "country",
                "country": "ID",
                "parent": None,
            },
            {
                "slug": "lampung",
                "name": "Lampung",
                "kind": "province",
                "country": "ID",
                "parent": "indonesia",
                "aliases": ["Prov. Lampung"],
            },
            {
                "slug": "lampung-barat",
                "name": "Lampung Barat",
                "kind": "regency",
                "country": "ID",
                "parent": "lampung",
                "aliases": ["Lambar"],
            },
        ],
    }


def test_from_dict_accepts_valid_data() -> None:
    gaz = Gazetteer.from_dict(_valid())
    assert len(gaz) == 3
    assert gaz.lineage("lampung-barat") == ("lampung-barat", "lampung", "indonesia")
    assert [r.slug for r in gaz.children("lampung")] == ["lampung-barat"]


def _break(path: tuple[Any, ...], value: Any) -> dict[str, Any]:
    data = copy.deepcopy(_valid())
    target: Any = data
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = value
    return data


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (_break(("version",), 2), "version"),
        (_break(("regions",), "nope"), "'regions' must be a list"),
        (_break(("regions", 2), "nope"), "region #2"),
        (_break(("regions", 2, "slug"), "Lampung Barat"), "'Lampung Barat'"),
        (_break(("regions", 2, "slug"), "lampung--barat"), "'lampung--barat'"),
        (_break(("regions", 2, "slug"), "lampung"), "'lampung': duplicate slug"),
        (_break(("regions", 2, "name"), ""), "'lampung-barat'"),
        (_break(("regions", 2, "kind"), "district"), "unknown kind 'district'"),
        (_break(("regions", 2, "country"), "idn"), "'lampung-barat'"),
        (_break(("regions", 2, "country"), "MY"), "differs from parent"),
        (_break(("regions", 2, "parent"), "sumatra"), "parent 'sumatra' does not exist"),
        (_break(("regions", 2, "parent"), None), "only a country may have no parent"),
        (_break(("regions", 2, "aliases"), "Lambar"), "'aliases' must be a list"),
        (_break(("regions", 2, "aliases"), ["Lambar", "--"]), "alias '--'"),
        (_break(("regions", 1, "parent"), "lampung-barat"), "cycle"),
        (_break(("regions", 0, "parent"), "indonesia"), "cycle"),
    ],
)
def test_from_dict_rejects(data: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message.replace(".", r"\.")):
        Gazetteer.from_dict(data)


def test_load_gazetteer_rejects_bad_json(tmp_path: Path) -> None:
    path = tmp_path / "gazetteer.json"
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(ValueError, match="not valid JSON"):
        load_gazetteer(path)
