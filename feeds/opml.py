"""``GET /v1/partners/me/feeds.opml``: every feed a partner may read, ready for a reader.

Each feed is listed in the four formats, grouped by format so a reader's import makes one
folder per format (import the RSS or Atom folder; JSON Feed and ninjs serve apps and CMS
importers). Every ``xmlUrl`` carries the token the partner presented, because readers that
import OPML rarely can set headers; the document is therefore never cached by intermediaries.

Which feeds: everything, and per dimension (desk, region, language) the values the partner is
entitled to, or, where it is entitled to every value, the values that have stories (read from
the catalogue's set of index names, so no SCAN).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime
from email.utils import format_datetime
from typing import Any
from urllib.parse import quote, urlencode
from xml.etree import ElementTree as ET

from litestar import Controller, Request, Response, get
from litestar.datastructures import State
from litestar.di import NamedDependency
from litestar.openapi.datastructures import ResponseSpec

from wire.errors import InvalidField
from wire.settings import Settings
from wire.storage.accounts import AccountStore, Entitlements
from wire.storage.keys import Keys
from wire.storage.store import StoryStore, guarded
from wire.web import openapi as doc
from wire.web.auth import presented_secret, require_partner

OPML_MEDIA_TYPE = "text/x-opml"
"""Litestar adds ``; charset=utf-8`` to ``text/*`` types itself (giving it twice doubles it)."""
FORMATS: dict[str, str] = {
    "rss": "RSS 2.0",
    "atom": "Atom 1.0",
    "json": "JSON Feed 1.1",
    "ninjs": "ninjs 2.2",
}
DIMENSION_NAMES = {"desk": "desk", "region": "region", "lang": "language"}

Feed = tuple[str, str]
"""``(dimension, value)``: ``("all", "")``, ``("desk", "politics")``, …"""


def readable_feeds(rights: Entitlements, indexed: Iterable[Feed],
                   lineage: Callable[[str], tuple[str, ...]] = lambda _slug: ()) -> list[Feed]:
    """The feeds to list: everything, then each dimension's entitled (or indexed) values.

    Regions nest: the regions with stories inside an entitled region are listed too
    (``lineage`` gives a region and those it lies in).
    """
    entitled = {"desk": rights.desks, "region": rights.regions,
                "lang": tuple(v.lower() for v in rights.languages)}
    seen: dict[str, set[str]] = {name: set() for name in DIMENSION_NAMES}
    for dimension, value in indexed:
        if dimension in seen:
            seen[dimension].add(value)
    feeds: list[Feed] = [("all", "")]
    for dimension in DIMENSION_NAMES:
        values = set(entitled[dimension] or seen[dimension])
        if dimension == "region" and entitled["region"]:
            values |= {v for v in seen["region"] if set(lineage(v)) & set(entitled["region"])}
        feeds += [(dimension, value) for value in sorted(values)]
    return feeds


def feed_path(dimension: str, value: str, fmt: str) -> str:
    if dimension == "all":
        return f"/feeds/all.{fmt}"
    return f"/feeds/{dimension}/{quote(value, safe='')}.{fmt}"


def feed_title(dimension: str, value: str) -> str:
    return "everything" if dimension == "all" else f"{DIMENSION_NAMES[dimension]} {value}"


def render_opml(partner_name: str, feeds: list[Feed], formats: Iterable[str], base_url: str,
                token: str, created: datetime) -> bytes:
    """The OPML 2.0 document (built as a tree: every attribute is escaped by the writer)."""
    root = ET.Element("opml", version="2.0")
    head = ET.SubElement(root, "head")
    ET.SubElement(head, "title").text = f"newswire feeds for {partner_name}"
    ET.SubElement(head, "dateCreated").text = format_datetime(created, usegmt=True)
    ET.SubElement(head, "ownerName").text = "newswire"
    ET.SubElement(head, "docs").text = "http://opml.org/spec2.opml"
    body = ET.SubElement(root, "body")
    query = "?" + urlencode({"token": token})
    for fmt in formats:
        folder = ET.SubElement(body, "outline", text=FORMATS[fmt], title=FORMATS[fmt])
        for dimension, value in feeds:
            title = f"newswire: {feed_title(dimension, value)} ({FORMATS[fmt]})"
            ET.SubElement(folder, "outline", {
                # Readers take type="rss" for any syndication feed, Atom and JSON Feed too.
                "type": "rss",
                "text": title,
                "title": title,
                "description": f"Wire stories for {partner_name}: {feed_title(dimension, value)}",
                "xmlUrl": f"{base_url}{feed_path(dimension, value, fmt)}{query}",
                "htmlUrl": f"{base_url}/",  # the service's home page
            })
    ET.indent(root)
    document: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return document


def requested_formats(value: str | None) -> list[str]:
    if not value:
        return list(FORMATS)
    asked = [v.strip().lower() for v in value.split(",") if v.strip()]
    unknown = [v for v in asked if v not in FORMATS]
    if unknown or not asked:
        raise InvalidField(f"format={value!r}: choose among {', '.join(FORMATS)} "
                           "(comma-separated), or leave it out for all four.")
    return [f for f in FORMATS if f in asked]


class PartnerFeedsController(Controller):
    path = "/v1/partners/me"
    tags = ["feeds"]  # noqa: RUF012 (Litestar reads it as an instance attribute)

    @get("/feeds.opml", operation_id="getPartnerFeedsOpml",
         summary="Every feed the partner may read, as OPML 2.0",
         security=doc.PARTNER,
         responses={200: ResponseSpec(data_container=str, media_type=OPML_MEDIA_TYPE,
                                      generate_examples=False, description="OPML 2.0."),
                    **doc.problems(400, 401, 403, 422, 503)},
         operation_class=doc.described(parameters=(doc.query(
             "format", "Comma-separated formats among rss, atom, json, ninjs (default all)."),
         )))
    async def opml(self, request: Request[Any, Any, State],
                   accounts: NamedDependency[AccountStore], store: NamedDependency[StoryStore],
                   keys: NamedDependency[Keys],
                   settings: NamedDependency[Settings]) -> Response[bytes]:
        """OPML 2.0 listing every feed the partner may read, in ``?format=`` (default: all
        four), each ``xmlUrl`` carrying the presented token."""
        partner = await require_partner(request, accounts, request.app.state["partner_logins"])
        token = presented_secret(request) or ""
        formats = requested_formats(request.query_params.get("format"))
        names = await guarded(store.redis.smembers(keys.index_names()))
        indexed = [found for name in names
                   if (found := keys.index_of(name.decode() if isinstance(name, bytes) else name))]
        gazetteer = request.app.state["stories"].resources.gazetteer
        feeds = readable_feeds(partner.entitlements, indexed, gazetteer.lineage)
        base = settings.url_for_request(request.scope.get("scheme", "http"),
                                        request.headers.get("host"))
        body = render_opml(partner.name, feeds, formats, base, token,
                           store.clock())
        return Response(body, media_type=OPML_MEDIA_TYPE, headers={
            # The document holds the partner's token: keep it out of shared caches.
            "Cache-Control": "private, no-store",
            "Vary": "Authorization",
            "Content-Disposition": 'inline; filename="newswire-feeds.opml"',
        })
