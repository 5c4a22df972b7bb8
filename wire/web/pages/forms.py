"""The filing form's fields as the API takes them, and the preview of what normalization did.

A form becomes the same ``Submission`` a ``POST /v1/stories`` body does: pasted copy or a
``.txt``/``.html`` file is read as ``text/plain``/``text/html`` copy with the fields as its
query; a ``.json`` file is the JSON form (fields it leaves out are taken from the form).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from litestar.datastructures import UploadFile

from wire.errors import (
    CopyTooLarge,
    EmptyCopy,
    InvalidField,
    UndecodableCopy,
    UnsupportedMediaType,
    WireError,
)
from wire.newsroom.ingest import (
    Submission,
    decode_text,
    read_json,
    submission_from_json,
    submission_from_text,
)
from wire.normalize import Normalized
from wire.story import Story

FIELDS = ("desk", "region", "urgency", "language")
KINDS = ("text", "html", "json")
TIMEZONES = (("+07:00", "WIB (UTC+7)"), ("+08:00", "WITA (UTC+8)"), ("+09:00", "WIT (UTC+9)"),
             ("+00:00", "UTC"))


@dataclass
class FilingForm:
    """What the correspondent typed, kept to fill the form in again."""

    copy: str = ""
    kind: str = "text"
    desk: str = ""
    region: str = ""
    urgency: str = ""
    language: str = ""
    embargo: str = ""
    tz: str = "+07:00"
    errors: dict[str, str] = field(default_factory=dict)

    def query(self) -> dict[str, str]:
        """The fields as ``POST /v1/stories`` takes them in its query."""
        fields = {name: getattr(self, name).strip() for name in FIELDS}
        if self.embargo.strip():
            # datetime-local gives no zone: the form's zone select says which.
            stamp = self.embargo.strip()
            stamp += ":00" if len(stamp) == len("2026-01-01T10:00") else ""
            fields["embargoed"] = f"{stamp}{self.tz}"
        return {k: v for k, v in fields.items() if v}


async def read_form(form: Mapping[str, Any], max_bytes: int) -> FilingForm:
    """The form's fields; an uploaded file replaces the pasted copy."""
    def value(name: str) -> str:
        given = form.get(name)
        return given if isinstance(given, str) else ""

    filled = FilingForm(copy=value("copy"), desk=value("desk"), region=value("region"),
                        urgency=value("urgency"), language=value("language"),
                        embargo=value("embargo"),
                        kind=value("kind") if value("kind") in KINDS else "text",
                        tz=value("tz") or "+07:00")
    upload = form.get("upload")
    if isinstance(upload, UploadFile) and upload.filename:
        raw = await upload.read(max_bytes + 1)
        if len(raw) > max_bytes:
            raise CopyTooLarge(f"The file is over the limit of {max_bytes} bytes; split the copy.")
        if not raw.strip():
            return filled  # an empty file: the pasted copy, if any, is what was meant
        name = upload.filename.lower()
        filled.kind = "json" if name.endswith(".json") else (
            "html" if name.endswith((".html", ".htm")) else "text")
        filled.copy = decode_text(raw, None)
    return filled


def submission(filled: FilingForm, max_bytes: int) -> Submission:
    """The ``Submission`` the API would make of the same copy and fields."""
    body = filled.copy.replace("\r\n", "\n").encode()
    if len(body) > max_bytes:
        raise CopyTooLarge(f"The copy is {len(body)} bytes; the limit is {max_bytes}. "
                           "Split it or ask the desk to raise WIRE_INGEST__MAX_BYTES.")
    if filled.kind == "json":
        data = read_json(body) if body.strip() else None
        if isinstance(data, dict):
            query = filled.query()
            data = {**{k: (int(v) if k == "urgency" and v.isdigit() else v)
                       for k, v in query.items()}, **data}
            body = json.dumps(data).encode()
        return submission_from_json(body, {})
    sub = submission_from_text(body, "utf-8", filled.query())
    return sub.model_copy(update={"html": True}) if filled.kind == "html" else sub


def field_of(exc: WireError) -> str:
    """Which form field a refusal concerns, so its detail is shown next to it."""
    if isinstance(exc, EmptyCopy | UndecodableCopy | CopyTooLarge | UnsupportedMediaType):
        return "copy"
    if isinstance(exc, InvalidField):
        for name, form_field in (("embargoed", "embargo"), ("urgency", "urgency"),
                                 ("desk", "desk"), ("region", "region"),
                                 ("language", "language"), ("reason", "reason"),
                                 ("correction", "correction"), ("headline", "headline")):
            if name in exc.detail:
                return form_field
        return "copy"
    return "general"


@dataclass(frozen=True)
class Preview:
    """The report of ``wire.normalization``, grouped as the preview shows it."""

    story: Story
    removed: list[tuple[str, str]]
    """(the line, why: the step's action)."""
    credits: list[tuple[str, str]]
    dateline: str
    event_date: str
    event_read: str
    language: str
    region: str
    changes: list[tuple[str, str, str, str]]


def preview_of(story: Story, norm: Normalized) -> Preview:
    changes = story.normalization
    removed = [(c.text, f"{c.step}: {c.action.replace('-', ' ')}") for c in changes
               if c.action.startswith(("removed", "dropped", "stripped"))]
    read = next((c.text for c in changes if c.to == "event_date"), "")
    place = ", ".join(p for p in (story.dateline.place, story.dateline.agency,
                                  story.dateline.date_text) if p)
    confidence = f" ({norm.language_confidence:.2f})" if norm.language_confidence else ""
    return Preview(
        story=story,
        removed=removed,
        credits=[(c.name, c.role) for c in story.credits],
        dateline=place,
        event_date=story.event_date.isoformat() if story.event_date else "",
        event_read=read,
        language=f"{story.language}{confidence}",
        region=" ⊂ ".join(story.regions) or (story.region or ""),
        changes=[(c.step, c.action, c.text, c.to or "") for c in changes],
    )
