"""The edge of the correspondent API: request bodies in, ``Submission`` out.

Decoding and validation live here so the controller stays thin and the normalization
pipeline only ever sees text. Every refusal names what to change.
"""

from __future__ import annotations

import codecs
import hashlib
import json
import re
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, ValidationError, field_validator

from wire.errors import EmptyCopy, InvalidField, UndecodableCopy, UnsupportedMediaType
from wire.storage.accounts import LANG, SLUG
from wire.story import Media

HTML_HINT = re.compile(r"<(?:p|br|div|span|a|b|i|em|strong|ul|ol|li|h[1-6]|script|style|table)\b",
                       re.IGNORECASE)


class MediaIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    href: str = Field(pattern=r"^https?://\S+$", max_length=2000)
    type: str = Field(default="image/jpeg", pattern=r"^[a-z]+/[a-z0-9.+-]+$")
    length: int | None = Field(default=None, ge=0)
    caption: str | None = Field(default=None, max_length=2000)
    width: int | None = Field(default=None, ge=1)
    height: int | None = Field(default=None, ge=1)


class StoryIn(BaseModel):
    """A story sent as ``application/json``."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    headline: str = Field(min_length=1, max_length=1000)
    body: str = Field(min_length=1)
    desk: str | None = Field(default=None, pattern=SLUG.pattern)
    region: str | None = Field(default=None, pattern=SLUG.pattern)
    urgency: int | None = Field(default=None, ge=1, le=9)
    language: str | None = Field(default=None, pattern=LANG.pattern)
    embargoed: AwareDatetime | None = None
    slugline: str | None = Field(default=None, max_length=200)
    byline: str | None = Field(default=None, max_length=500)
    keywords: tuple[str, ...] = ()
    media: tuple[MediaIn, ...] = ()
    correction: str | None = Field(default=None, max_length=2000)

    @field_validator("keywords")
    @classmethod
    def _keywords(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(dict.fromkeys(k.strip() for k in value if k.strip()))


class Submission(BaseModel):
    """Copy plus the fields the sender declared, whatever the input form."""

    model_config = ConfigDict(frozen=True)

    text: str
    headline: str | None = None
    html: bool = False
    desk: str | None = None
    region: str | None = None
    urgency: int | None = None
    language: str | None = None
    embargoed: datetime | None = None
    slugline: str | None = None
    byline: str | None = None
    keywords: tuple[str, ...] = ()
    media: tuple[Media, ...] = ()
    correction: str | None = None

    def digest(self) -> str:
        """A hash of the request, to tell a retry from a different request under one key."""
        return hashlib.sha256(self.model_dump_json().encode()).hexdigest()


_NOT_CHARSETS = frozenset({"idna", "punycode", "unicode-escape", "raw-unicode-escape",
                           "unicode_escape", "raw_unicode_escape"})


def read_json(body: bytes) -> Any:
    """The JSON in ``body``; ``InvalidField`` naming what to change when it cannot be read
    (bad syntax, nesting deeper than Python's stack, an integer of thousands of digits)."""
    try:
        return json.loads(decode_text(body, None))
    except json.JSONDecodeError as exc:
        raise InvalidField(f"The body is not valid JSON: {exc.msg} at line {exc.lineno}, "
                           f"column {exc.colno}.") from exc
    except RecursionError as exc:
        raise InvalidField("The JSON is nested too deeply; a story is an object of fields, "
                           "with lists and objects a few levels deep at most.") from exc
    except ValueError as exc:  # int() refuses numbers of more than 4,300 digits
        raise InvalidField(f"The JSON has a number we cannot read ({exc}); send numbers of "
                           "a few digits, such as urgency 1-9.") from exc


def decode_text(body: bytes, charset: str | None) -> str:
    """Decode copy bytes: the declared charset, else UTF-8 (with or without BOM) or UTF-16."""
    if charset:
        try:
            codec = codecs.lookup(charset)
        except LookupError as exc:
            raise UnsupportedMediaType(
                f"charset {charset!r} is not one we know; send UTF-8 or name a standard charset."
            ) from exc
        # rot13, base64, hex, zlib… are transforms, not text encodings; idna and punycode
        # encode host names; the escape codecs read Python literals.
        if not getattr(codec, "_is_text_encoding", True) or codec.name in _NOT_CHARSETS:
            raise UnsupportedMediaType(
                f"charset {charset!r} is not a text encoding; send UTF-8 or name the charset "
                "the copy is really in, e.g. 'charset=windows-1252'."
            )
    if not charset and body.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        charset = "utf-16"
    try:
        return body.decode(charset or "utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UndecodableCopy(
            f"The body is not valid {charset or 'UTF-8'} (byte 0x{body[exc.start]:02x} at "
            f"position {exc.start}). Send UTF-8, or name the real charset, e.g. "
            "'Content-Type: text/plain; charset=windows-1252'."
        ) from exc


def parse_query_fields(query: Mapping[str, str]) -> dict[str, Any]:
    """Optional fields given as query parameters with ``text/plain`` copy."""
    allowed = {"desk", "region", "urgency", "language", "embargoed", "slugline", "byline",
               "correction"}
    unknown = sorted(set(query) - allowed - {"format"})
    if unknown:
        raise InvalidField(
            f"Unknown query parameter(s) {', '.join(unknown)}; text/plain copy takes "
            f"{', '.join(sorted(allowed))}."
        )
    return {k: v for k, v in query.items() if k in allowed and v != ""}


def _validated(fields: Mapping[str, Any]) -> StoryIn:
    try:
        return StoryIn.model_validate(fields)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err['loc']) or 'body'}: {err['msg']}"
            for err in exc.errors(include_url=False)
        )
        raise InvalidField(f"The story has fields we cannot use: {problems}.") from exc


def submission_from_text(body: bytes, charset: str | None, query: Mapping[str, str]) -> Submission:
    text = decode_text(body, charset)
    if not text.strip():
        raise EmptyCopy("The body is empty: send the copy, headline on the first line.")
    fields = parse_query_fields(query)
    checked = _validated({"headline": "-", "body": "-", **fields})
    return _submission(checked, text=text, headline=None, html=bool(HTML_HINT.search(text)))


def submission_from_json(body: bytes, query: Mapping[str, str]) -> Submission:
    if not body.strip():
        raise EmptyCopy("The body is empty: send a JSON object with headline and body.")
    data = read_json(body)
    if not isinstance(data, dict):
        raise InvalidField("The body must be a JSON object with headline and body.")
    if "headlines" in data or "bodies" in data:
        data = fields_from_ninjs(data)
    checked = _validated(data)
    return _submission(checked, text=checked.body, headline=checked.headline,
                       html=bool(HTML_HINT.search(checked.body)))


def fields_from_ninjs(doc: Mapping[str, Any]) -> dict[str, Any]:
    """Map a ninjs item from another agency onto our JSON input fields."""
    def first(name: str, prefer: str | None = None) -> str | None:
        given = doc.get(name) or []
        if not isinstance(given, list):
            raise InvalidField(f"ninjs {name!r} must be a list of objects with a 'value' (and "
                               f"'contenttype'), e.g. [{{\"value\": \"...\"}}]; got "
                               f"{type(given).__name__}.")
        items = [i for i in given if isinstance(i, dict) and i.get("value")]
        if prefer:
            items.sort(key=lambda i: prefer not in str(i.get("contenttype", "")))
        return str(items[0]["value"]) if items else None

    fields: dict[str, Any] = {
        "headline": first("headlines") or "",
        "body": first("bodies", prefer="html") or "",
    }
    for name in ("language", "urgency", "embargoed", "slugline"):
        if doc.get(name) is not None:
            fields[name] = doc[name]
    if isinstance(doc.get("by"), str):
        fields["byline"] = doc["by"]
    return fields


def _submission(checked: StoryIn, *, text: str, headline: str | None, html: bool) -> Submission:
    return Submission(
        text=text,
        headline=headline,
        html=html,
        desk=checked.desk,
        region=checked.region,
        urgency=checked.urgency,
        language=checked.language,
        embargoed=checked.embargoed,
        slugline=checked.slugline,
        byline=checked.byline,
        keywords=checked.keywords,
        media=tuple(Media(**m.model_dump()) for m in checked.media),
        correction=checked.correction,
    )
