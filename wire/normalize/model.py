"""Types at the edges of the normalization pipeline."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict

from wire.story import Change, Credit, Dateline


@dataclass(frozen=True)
class Copy:
    """Copy as received. ``headline`` is set when the sender gave it separately (JSON)."""

    text: str
    submitted_at: datetime
    headline: str | None = None
    html: bool = False
    declared_language: str | None = None
    declared_region: str | None = None
    fallback_region: str | None = None  # the correspondent's own region
    declared_embargo: datetime | None = None


@dataclass(frozen=True)
class Resources:
    """Loaded data the steps consult; built once by ``load_resources``."""

    gazetteer: Any
    junk_rules: Any
    language_detector: Any
    line_tagger: Any = None
    """The line-role tagger (``wire.normalize.roles.tagger``); None skips the role step."""


class Normalized(BaseModel):
    """What normalization produced, and the report of every change it made."""

    model_config = ConfigDict(frozen=True)

    headline: str
    body_text: str
    """Paragraphs separated by one blank line."""
    body_html: str
    summary: str
    slugline: str
    by: tuple[str, ...] = ()
    infosources: tuple[str, ...] = ()
    credits: tuple[Credit, ...] = ()
    located: str | None = None
    dateline: Dateline = Dateline()
    event_date: date | None = None
    embargoed: datetime | None = None
    flags: tuple[str, ...] = ()
    urgency: int | None = None
    """ninjs urgency (1 highest) a priority marker on the copy gives, else None."""
    language: str
    language_confidence: float | None = None
    region: str | None = None
    regions: tuple[str, ...] = ()
    word_count: int
    fingerprint: str
    signature: tuple[int, ...] = ()
    """Near-duplicate signature (MinHash values) of the body."""
    changes: tuple[Change, ...] = ()
