"""What ``/schema/openapi.json`` says beyond the handlers' signatures.

Most handlers read their bodies themselves (raw copy in any charset, JSON checked with the
service's own messages), so Litestar sees no ``data`` parameter and would document no
request body, and their answers are ``Response[Any]``. This module states what they really
take and give: request bodies per media type, the query fields of ``text/plain`` copy,
security schemes, every refusal as ``application/problem+json``, the feed media types, and
named schemas for the story (``Story``, its ``Wire`` object) and the cursor page. The models
below document shapes only; the schemathesis test checks every answer against them.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import Any, Literal

from litestar import Router
from litestar.openapi.datastructures import ResponseSpec
from litestar.openapi.plugins import SwaggerRenderPlugin
from litestar.openapi.spec import (
    OpenAPIMediaType,
    OpenAPIType,
    Operation,
    Parameter,
    Reference,
    RequestBody,
    Schema,
    SecurityScheme,
)
from litestar.static_files import create_static_files_router
from pydantic import BaseModel, ConfigDict, Field
from typing_extensions import TypedDict

from wire.story import Change, Credit, Dateline

PROBLEM = "application/problem+json"
OPML = "text/x-opml"
SWAGGER_ASSETS = "/schema-assets"
DESCRIPTION = """Correspondents send copy (`POST /v1/stories`, a correspondent key); partners read
feeds, the cursor and single stories (a partner token as Bearer, as the HTTP Basic password,
or as `?token=`). Every refusal is `application/problem+json` (RFC 9457) whose `detail` says
what to change."""

SECURITY_SCHEMES: dict[str, SecurityScheme | Reference] = {
    "correspondentKey": SecurityScheme(
        type="http", scheme="bearer",
        description="A correspondent's key (`wire correspondents add`), as "
                    "`Authorization: Bearer <key>`."),
    "partnerBearer": SecurityScheme(
        type="http", scheme="bearer",
        description="A partner token (`wire partners add`) as `Authorization: Bearer <token>`."),
    "partnerBasic": SecurityScheme(
        type="http", scheme="basic",
        description="HTTP Basic: any user name, the partner token as the password."),
    "partnerToken": SecurityScheme(
        type="apiKey", name="token", security_scheme_in="query",
        description="`?token=<token>` for feed readers that cannot set headers. It is never "
                    "copied into links, problems or logs."),
}
CORRESPONDENT: list[dict[str, list[str]]] = [{"correspondentKey": []}]
PARTNER: list[dict[str, list[str]]] = [{"partnerBearer": []}, {"partnerBasic": []},
                                       {"partnerToken": []}]
READER = CORRESPONDENT + PARTNER


class _Doc(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Problem(_Doc):
    """An RFC 9457 problem: what went wrong and what to change."""

    type: str = "about:blank"
    title: str
    status: int
    detail: str
    retry_after: int | None = Field(default=None, description="Seconds, as in Retry-After.")


class Headline(_Doc):
    value: str
    role: Literal["main"]


class Body(_Doc):
    value: str
    contenttype: Literal["text/html", "text/plain"]
    wordcount: int | None = None
    charcount: int | None = None


class Description(_Doc):
    value: str
    role: Literal["summary"]


class Place(_Doc):
    name: str | None = None
    literal: str | None = None
    rel: Literal["dateline", "region"]


class Subject(_Doc):
    name: str
    literal: str | None = None
    rel: Literal["desk", "keyword"]


class InfoSource(_Doc):
    name: str


class AltId(_Doc):
    role: Literal["wire-id"]
    value: str


class Rendition(_Doc):
    name: str
    href: str
    contenttype: str
    sizeinbytes: int | None = None
    title: str | None = None
    width: int | None = None
    height: int | None = None


class Wire(_Doc):
    """What ninjs has no field for. ``normalization`` is shown to the story's author only."""

    id: str
    dateline: Dateline
    credits: list[Credit]
    event_date: date | None
    flags: list[str]
    desk: str | None
    region: str | None
    regions: list[str]
    correspondent: str
    fingerprint: str
    duplicate_of: str | None
    keywords: list[str]
    status_reason: str | None
    normalization: list[Change] | None = None


class _NinjsFields(_Doc):
    """The ninjs 2.2 fields both shapes of a story share."""

    uri: str
    type: Literal["text"]
    representationtype: Literal["full"]
    firstcreated: datetime
    versioncreated: datetime
    pubstatus: Literal["usable", "withheld", "canceled"]
    urgency: int = Field(ge=1, le=9)
    language: str
    headlines: list[Headline]
    bodies: list[Body]
    embargoed: datetime | None = None
    descriptions: list[Description] | None = None
    by: str | None = None
    located: str | None = None
    slugline: str | None = None
    places: list[Place] | None = None
    subjects: list[Subject] | None = None
    infosources: list[InfoSource] | None = None
    altids: list[AltId]
    ednote: str | None = None
    renditions: list[Rendition] | None = None


class Story(_NinjsFields):
    """A story in the service's JSON: IPTC ninjs 2.2 names, ``version`` an integer, ``wire``."""

    version: int
    wire: Wire


class Standard(TypedDict):
    # A TypedDict: "schema" would shadow a BaseModel method.
    name: Literal["ninjs"]
    version: Literal["2.2"]
    schema: str


class StrictNinjs(_NinjsFields):
    """A story as strict IPTC ninjs 2.2 (``?format=ninjs``, ``.ninjs`` feeds): no ``wire``,
    ``version`` a string; it validates against the ninjs 2.2 JSON schema."""

    version: str
    standard: Standard


# The answer of GET /v1/stories/{id}: the service JSON, or strict ninjs with ?format=ninjs.
STORY_OR_NINJS: Any = Story | StrictNinjs


class StoryVersions(_Doc):
    items: list[Story] = Field(description="Every version, oldest first.")


class CursorItem(_Doc):
    cursor: str
    event: Literal["published", "updated", "corrected", "killed", "withheld", "released"]
    story: Story


class CursorPage(_Doc):
    """Changes in commit order; pass ``next`` as ``after`` to read on."""

    items: list[CursorItem]
    next: str | None


class Status(_Doc):
    status: Literal["ok", "unavailable"]
    failed: Literal["catalogue read", "catalogue script"] | None = None
    """With ``unavailable``: the readiness check that failed."""


FEED_TYPES: Mapping[str, str] = {
    "rss": "application/rss+xml", "atom": "application/atom+xml",
    "json": "application/feed+json", "ninjs": "application/json"}


def feed_content() -> dict[str, Schema | None]:
    """A feed's 200 in its four formats (the name's extension picks one)."""
    return {
        FEED_TYPES["rss"]: Schema(type=OpenAPIType.STRING, description="RSS 2.0 (.rss)"),
        FEED_TYPES["atom"]: Schema(type=OpenAPIType.STRING, description="Atom 1.0 (.atom)"),
        FEED_TYPES["json"]: Schema(type=OpenAPIType.OBJECT, description="JSON Feed 1.1 (.json)",
                                   required=["version", "title", "items"]),
        FEED_TYPES["ninjs"]: Schema(type=OpenAPIType.ARRAY,
                                    items=Reference(ref="#/components/schemas/StrictNinjs"),
                                    description="Strict ninjs 2.2 items (.ninjs)"),
    }


# Refused ahead of every route, while the request line and headers are read.
_ANY_PATH = (414, 431)


def plain_text(media_type: str) -> type[Operation]:
    """An operation whose 200 is text in ``media_type`` (``/metrics``)."""
    return described(content={200: {media_type: Schema(type=OpenAPIType.STRING)}})


def problems(*statuses: int) -> dict[int, ResponseSpec]:
    """The refusals an operation may answer, each ``application/problem+json``."""
    return {status: ResponseSpec(data_container=Problem, media_type=PROBLEM,
                                 generate_examples=False, description=_REFUSALS[status])
            for status in sorted({*statuses, *_ANY_PATH})}


def answers(status: int, model: type[BaseModel], description: str,
            *refusals: int) -> dict[int, ResponseSpec]:
    return {status: ResponseSpec(data_container=model, generate_examples=False,
                                 description=description), **problems(*refusals)}


_REFUSALS: Mapping[int, str] = {
    400: "Unreadable bytes, or a request that is not HTTP.",
    401: "No key or token, or one that is unknown or revoked.",
    403: "A partner token where a correspondent key is needed, or the other way round.",
    404: "No such story or feed, or one the caller may not read (the same answer).",
    405: "The method is not allowed on this path (see Allow).",
    408: "The body took too long to arrive.",
    409: "The story was killed (final), or kept changing under concurrent writers.",
    412: "If-Match names a version that is no longer current.",
    413: "The copy is larger than WIRE_INGEST__MAX_BYTES.",
    414: "The URL is longer than WIRE_SERVER__MAX_URL_BYTES.",
    415: "A content type or charset the service does not read.",
    422: "Fields the service cannot use; the detail names each.",
    429: "Too many writes this minute; retry after Retry-After seconds.",
    431: "Headers larger or more numerous than WIRE_SERVER__MAX_HEADER_BYTES / _MAX_HEADERS.",
    503: "Storage is unavailable; retry after Retry-After seconds.",
}


def json_schema(model: type[BaseModel]) -> Schema:
    """A pydantic model's JSON schema as a Litestar ``Schema``, definitions inlined."""
    raw = model.model_json_schema()
    return _schema(_inline(raw, raw.get("$defs", {})))


def _inline(node: Any, defs: Mapping[str, Any]) -> Any:
    if isinstance(node, dict):
        if "$ref" in node:
            return _inline(defs[node["$ref"].rsplit("/", 1)[-1]], defs)
        return {k: _inline(v, defs) for k, v in node.items() if k != "$defs"}
    if isinstance(node, list):
        return [_inline(v, defs) for v in node]
    return node


_FIELDS = {(f.metadata.get("alias") or f.name): f.name for f in dataclasses.fields(Schema)}
_FIELDS.update({"anyOf": "any_of", "oneOf": "one_of", "allOf": "all_of",
                "maxLength": "max_length", "minLength": "min_length", "maxItems": "max_items",
                "minItems": "min_items", "prefixItems": "prefix_items",
                "additionalProperties": "additional_properties",
                "exclusiveMinimum": "exclusive_minimum", "exclusiveMaximum": "exclusive_maximum"})


def _schema(node: Mapping[str, Any]) -> Schema:
    kwargs: dict[str, Any] = {}
    for key, value in node.items():
        name = _FIELDS.get(key)
        if name is None:
            continue
        if key == "properties":
            value = {k: _schema(v) for k, v in value.items()}
        elif key in ("anyOf", "oneOf", "allOf", "prefixItems"):
            value = [_schema(v) for v in value]
        elif key in ("items", "not") or (key == "additionalProperties"
                                         and isinstance(value, dict)):
            value = _schema(value)
        elif key == "type":
            value = ([OpenAPIType(v) for v in value] if isinstance(value, list)
                     else OpenAPIType(value))
        kwargs[name] = value
    return Schema(**kwargs)


def body(content: Mapping[str, Schema], description: str, required: bool = True) -> RequestBody:
    return RequestBody(content={k: OpenAPIMediaType(schema=v) for k, v in content.items()},
                       description=description, required=required)


def query(name: str, description: str, **schema: Any) -> Parameter:
    return Parameter(name=name, param_in="query", description=description, required=False,
                     schema=Schema(type=OpenAPIType.STRING, **schema))


def described(request_body: RequestBody | None = None, parameters: Sequence[Parameter] = (),
              content: Mapping[int, Mapping[str, Schema | None]] | None = None,
              ) -> type[Operation]:
    """An ``Operation`` that adds what Litestar cannot see: a request body the handler reads
    itself, query fields it reads from the raw query, and responses with several media
    types (a feed in four formats) or none (``304``)."""

    @dataclasses.dataclass
    class DescribedOperation(Operation):
        def __post_init__(self) -> None:
            if request_body is not None:
                self.request_body = request_body
            if parameters:
                self.parameters = [*(self.parameters or []), *parameters]
            for status, media in (content or {}).items():
                response = (self.responses or {}).get(str(status))
                if response is not None and not isinstance(response, dict) \
                        and hasattr(response, "content"):
                    response.content = {
                        k: OpenAPIMediaType(schema=v) for k, v in media.items()
                        if v is not None} or None

    return DescribedOperation


def swagger_ui() -> SwaggerRenderPlugin:
    """Swagger UI at ``/schema/swagger`` with its scripts served by the app (no CDN)."""
    return SwaggerRenderPlugin(
        js_url=f"{SWAGGER_ASSETS}/swagger-ui-bundle.js",
        css_url=f"{SWAGGER_ASSETS}/swagger-ui.css",
        standalone_preset_js_url=f"{SWAGGER_ASSETS}/swagger-ui-standalone-preset.js",
        favicon=f"<link rel='icon' type='image/png' href='{SWAGGER_ASSETS}/favicon-32x32.png'>",
    )


def swagger_assets() -> Router:
    """The Swagger UI 5 files of the ``swagger-ui-py`` package (it reads OpenAPI 3.1, which
    Litestar writes; ``swagger-ui-bundle`` ships 4.15, which cannot)."""
    from importlib.resources import files

    static = files("swagger_ui") / "static"
    return create_static_files_router(path=SWAGGER_ASSETS, directories=[str(static)],
                                      include_in_schema=False, name="swagger-assets")
