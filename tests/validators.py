"""Feed validators shared by the tests: Atom, RSS 2.0, JSON Feed 1.1 and strict ninjs 2.2.

Schemas come from ``SCHEMAS_DIR`` (``tests/schemas`` in the repository, or the
``WIRE_SCHEMAS_DIR`` environment variable); nothing is fetched from the network. Each
``validate_*`` raises ``AssertionError`` saying what is wrong, and also checks what the
schemas miss: dates carry a time zone, Atom entries have content or an alternate link,
an Atom author is named at feed or entry level, RSS ids are not permalinks.
"""

from __future__ import annotations

import email.utils
import json
import os
import re
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
from lxml import etree
from referencing import Registry, Resource

SCHEMAS_DIR = Path(
    os.environ.get("WIRE_SCHEMAS_DIR") or Path(__file__).resolve().parent / "schemas"
)
GEOJSON_URI = "https://geojson.org/schema/GeoJSON.json"
ATOM = "http://www.w3.org/2005/Atom"
TOMBSTONES = "http://purl.org/atompub/tombstones/1.0"
NS = {"a": ATOM, "at": TOMBSTONES, "atom": ATOM}
RFC3339 = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$", re.IGNORECASE)


def _load_json(relative: str) -> Any:
    return json.loads((SCHEMAS_DIR / relative).read_text(encoding="utf-8"))


def _parse(xml: bytes) -> etree._Element:
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    try:
        return etree.fromstring(xml, parser)
    except etree.XMLSyntaxError as exc:
        raise AssertionError(f"not well-formed XML: {exc}") from exc


def _fail(kind: str, problems: list[str]) -> None:
    if problems:
        raise AssertionError(f"invalid {kind}:\n  " + "\n  ".join(problems))


@cache
def _atom_schema() -> etree.RelaxNG:
    return etree.RelaxNG(etree.parse(str(SCHEMAS_DIR / "atom.rng")))


def validate_atom(xml: bytes) -> etree._Element:
    """Atom 1.0 against RFC 4287's RELAX NG schema plus its Schematron rules; the root."""
    root = _parse(xml)
    schema = _atom_schema()
    if not schema.validate(root):
        _fail("Atom (atom.rng)", [str(error) for error in schema.error_log])
    problems: list[str] = []
    for elem in root.iter(f"{{{ATOM}}}updated", f"{{{ATOM}}}published"):
        if not RFC3339.match((elem.text or "").strip()):
            problems.append(f"line {elem.sourceline}: date without zone: {elem.text!r}")
    for stone in root.iter(f"{{{TOMBSTONES}}}deleted-entry"):
        if not stone.get("ref") or not RFC3339.match(stone.get("when") or ""):
            problems.append(f"line {stone.sourceline}: tombstone needs ref and a zoned when")
    feed_author = root.find("a:author", NS) is not None
    for entry in root.iterfind("a:entry", NS):
        where = f"entry {entry.findtext('a:id', namespaces=NS)!r}"
        alternate = [
            link for link in entry.iterfind("a:link", NS)
            if link.get("rel", "alternate") == "alternate"
        ]  # fmt: skip
        if entry.find("a:content", NS) is None and not alternate:
            problems.append(f"{where}: neither content nor an alternate link")
        if not (feed_author or entry.find("a:author", NS) is not None
                or entry.find("a:source/a:author", NS) is not None):  # fmt: skip
            problems.append(f"{where}: no author at feed or entry level")
    _fail("Atom", problems)
    return root


def _rfc822(value: str | None) -> bool:
    try:
        parsed = email.utils.parsedate_to_datetime(value or "")
    except (TypeError, ValueError):
        return False
    # "-0000" means "zone unknown" (RFC 5322): parsedate_to_datetime gives a naive value.
    return parsed.tzinfo is not None


def validate_rss(xml: bytes) -> etree._Element:
    """RSS 2.0: required channel and item elements, non-permalink guids, zoned dates."""
    root = _parse(xml)
    problems: list[str] = []
    if root.tag != "rss" or root.get("version") != "2.0":
        problems.append(f"root is <{root.tag} version={root.get('version')!r}>, not RSS 2.0")
    channels = root.findall("channel")
    if len(channels) != 1:
        _fail("RSS", [*problems, f"{len(channels)} <channel> elements"])
    channel = channels[0]
    for name in ("title", "link", "description"):
        if not (channel.findtext(name) or "").strip():
            problems.append(f"channel has no {name}")
    for name in ("pubDate", "lastBuildDate"):
        for elem in channel.findall(name):
            if not _rfc822(elem.text):
                problems.append(f"channel {name} not an RFC 822 date with zone: {elem.text!r}")
    for item in channel.findall("item"):
        guid = item.find("guid")
        where = f"item {guid.text if guid is not None else item.findtext('title')!r}"
        if item.find("title") is None and item.find("description") is None:
            problems.append(f"{where}: neither title nor description")
        if guid is None or not (guid.text or "").strip():
            problems.append(f"{where}: no guid")
        elif guid.get("isPermaLink") != "false":
            problems.append(f"{where}: guid isPermaLink is not 'false'")
        for elem in item.findall("pubDate"):
            if not _rfc822(elem.text):
                problems.append(f"{where}: pubDate not RFC 822 with zone: {elem.text!r}")
        for elem in item.iterfind("atom:updated", NS):
            if not RFC3339.match((elem.text or "").strip()):
                problems.append(f"{where}: atom:updated without zone: {elem.text!r}")
        for enclosure in item.findall("enclosure"):
            length = enclosure.get("length") or ""
            if not (enclosure.get("url") and enclosure.get("type") and length.isdigit()):
                problems.append(f"{where}: enclosure needs url, type and a length")
    _fail("RSS", problems)
    return root


def _as_json(data: bytes | str | Mapping[str, Any] | list[Any]) -> Any:
    return json.loads(data) if isinstance(data, bytes | str) else data


@cache
def _jsonfeed_validator() -> jsonschema.protocols.Validator:
    schema = _load_json("jsonfeed/schema-v1.1.json")
    return jsonschema.validators.validator_for(schema)(schema)


def validate_jsonfeed(data: bytes | str | Mapping[str, Any]) -> dict[str, Any]:
    """JSON Feed 1.1 against the community schema, plus zoned RFC 3339 item dates."""
    doc = _as_json(data)
    errors = sorted(_jsonfeed_validator().iter_errors(doc), key=lambda e: list(e.path))
    problems = [f"{'/'.join(map(str, e.path)) or '(root)'}: {e.message}" for e in errors]
    for item in doc.get("items", []) if isinstance(doc, dict) else []:
        for key in ("date_published", "date_modified"):
            if key in item and not RFC3339.match(str(item[key])):
                problems.append(f"item {item.get('id')!r}: {key} without zone: {item[key]!r}")
    _fail("JSON Feed", problems)
    return dict(doc)


@cache
def _ninjs_validator() -> jsonschema.protocols.Validator:
    schema = _load_json("ninjs/ninjs-schema_2.2.json")
    geojson = Resource.from_contents(_load_json("ninjs/GeoJSON.json"))
    registry: Registry[Any] = Registry().with_resource(GEOJSON_URI, geojson)
    cls = jsonschema.validators.validator_for(schema)
    return cls(schema, registry=registry)  # no format_checker: format assertion off


def validate_ninjs(item: bytes | str | Mapping[str, Any]) -> dict[str, Any]:
    """One strict ninjs 2.2 item (format assertion off, as IPTC's own test suite needs)."""
    doc = _as_json(item)
    errors = sorted(_ninjs_validator().iter_errors(doc), key=lambda e: list(e.path))
    _fail("ninjs 2.2", [f"{'/'.join(map(str, e.path)) or '(root)'}: {e.message}" for e in errors])
    return dict(doc)
