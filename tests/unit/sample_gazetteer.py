"""A small gazetteer for normalization step tests: Lampung, Jakarta, Kuala Lumpur."""

from __future__ import annotations

from wire.gazetteer import Gazetteer
from wire.normalize.lines.junk import JunkRules
from wire.normalize.model import Resources

GAZETTEER = Gazetteer.from_dict(
    {
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
            },
            {
                "slug": "lampung-barat",
                "name": "Lampung Barat",
                "kind": "regency",
                "country": "ID",
                "parent": "lampung",
                "aliases": ["Lambar"],
            },
            {
                "slug": "bandar-lampung",
                "name": "Bandar Lampung",
                "kind": "city",
                "country": "ID",
                "parent": "lampung",
                "aliases": ["Bandarlampung"],
            },
            {
                "slug": "tanggamus",
                "name": "Tanggamus",
                "kind": "regency",
                "country": "ID",
                "parent": "lampung",
            },
            {
                "slug": "jakarta",
                "name": "DKI Jakarta",
                "kind": "province",
                "country": "ID",
                "parent": "indonesia",
                "aliases": ["Jakarta"],
            },
            {
                "slug": "malaysia",
                "name": "Malaysia",
                "kind": "country",
                "country": "MY",
                "parent": None,
            },
            {
                "slug": "kuala-lumpur",
                "name": "Kuala Lumpur",
                "kind": "federal-territory",
                "country": "MY",
                "parent": "malaysia",
            },
        ],
    }
)
RESOURCES = Resources(gazetteer=GAZETTEER, junk_rules=JunkRules(), language_detector=None)
