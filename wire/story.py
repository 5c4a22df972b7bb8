"""The story model: what crosses module lines.

``Story`` is the stored, frozen wire item (one version of it). ``story_json`` shapes the
service's JSON (ninjs 2.2 names plus one ``"wire"`` extension object) and ``story_ninjs``
the strict ninjs 2.2 export. Inputs from correspondents are validated at the edge in
``wire.newsroom.ingest``; nothing here does I/O.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

PubStatus = Literal["usable", "withheld", "canceled"]
NINJS_SCHEMA_URI = "http://www.iptc.org/std/ninjs/ninjs-schema_2.2.json"


class Dateline(BaseModel):
    """The dateline as the correspondent wrote it: ``Lampung Barat, (ISN) –``."""

    model_config = ConfigDict(frozen=True)

    place: str | None = None
    agency: str | None = None
    date_text: str | None = None


class Change(BaseModel):
    """One entry of the normalization report: what a step changed and where it went."""

    model_config = ConfigDict(frozen=True)

    step: str
    action: str
    text: str = ""
    to: str | None = None


CreditRole = Literal["reporter", "writer", "editor", "translator", "photographer",
                     "contributor", "desk", "source"]


class Credit(BaseModel):
    """One credit printed in the copy, with its role (``ant/dra`` is a ``desk`` code)."""

    model_config = ConfigDict(frozen=True)

    name: str
    role: CreditRole


class Media(BaseModel):
    """A picture or other media item attached by link (rendered as enclosure/Media RSS)."""

    model_config = ConfigDict(frozen=True)

    href: str
    type: str = "image/jpeg"
    length: int | None = None
    caption: str | None = None
    width: int | None = None
    height: int | None = None


class Story(BaseModel):
    """One version of a wire item, normalized and ready to publish."""

    model_config = ConfigDict(frozen=True)

    id: str
    uri: str
    version: int = 1
    firstcreated: AwareDatetime
    versioncreated: AwareDatetime
    pubstatus: PubStatus = "usable"
    status_reason: str | None = None
    urgency: int = Field(default=5, ge=1, le=9)
    embargoed: AwareDatetime | None = None
    language: str
    headline: str
    body_text: str
    body_html: str
    summary: str = ""
    slugline: str = ""
    keywords: tuple[str, ...] = ()
    by: tuple[str, ...] = ()
    infosources: tuple[str, ...] = ()
    credits: tuple[Credit, ...] = ()
    located: str | None = None
    dateline: Dateline = Dateline()
    event_date: date | None = None
    flags: tuple[str, ...] = ()
    desk: str | None = None
    region: str | None = None
    regions: tuple[str, ...] = ()
    """The region and every region it nests in (``lampung-barat`` → ``lampung``)."""
    correspondent: str
    fingerprint: str
    duplicate_of: str | None = None
    ednote: str | None = None
    word_count: int = 0
    media: tuple[Media, ...] = ()
    normalization: tuple[Change, ...] = ()
    signature: tuple[int, ...] = ()
    """Near-duplicate signature (MinHash); stored, never published."""

    def visible_at(self, now: datetime) -> bool:
        """True when partners may see this version at ``now`` (usable and not embargoed)."""
        return self.pubstatus == "usable" and (self.embargoed is None or self.embargoed <= now)


def recalled(story: Story) -> Story:
    """The story as partners may still see it once killed or withheld: no text."""
    return story.model_copy(update={"body_text": "", "body_html": "", "summary": ""})


def _rfc3339(value: datetime) -> str:
    return value.isoformat().replace("+00:00", "Z")


def _ninjs_core(story: Story) -> dict[str, Any]:
    """The fields shared by the service JSON and the strict export."""
    doc: dict[str, Any] = {
        "uri": story.uri,
        "type": "text",
        "representationtype": "full",
        "firstcreated": _rfc3339(story.firstcreated),
        "versioncreated": _rfc3339(story.versioncreated),
        "pubstatus": story.pubstatus,
        "urgency": story.urgency,
        "language": story.language,
        "headlines": [{"value": story.headline, "role": "main"}],
        "bodies": [
            {
                "value": story.body_html,
                "contenttype": "text/html",
                "wordcount": story.word_count,
                "charcount": len(story.body_text),
            },
            {"value": story.body_text, "contenttype": "text/plain"},
        ],
    }
    if story.embargoed is not None:
        doc["embargoed"] = _rfc3339(story.embargoed)
    if story.summary:
        doc["descriptions"] = [{"value": story.summary, "role": "summary"}]
    if story.by:
        doc["by"] = ", ".join(story.by)
    if story.located:
        doc["located"] = story.located
    if story.slugline:
        doc["slugline"] = story.slugline
    places = [{"name": story.located, "rel": "dateline"}] if story.located else []
    places += [{"literal": region, "rel": "region"} for region in story.regions]
    if places:
        doc["places"] = places
    subjects = [{"name": kw, "rel": "keyword"} for kw in story.keywords]
    if story.desk:
        subjects.insert(0, {"name": story.desk, "literal": story.desk, "rel": "desk"})
    if subjects:
        doc["subjects"] = subjects
    if story.infosources:
        doc["infosources"] = [{"name": name} for name in story.infosources]
    doc["altids"] = [{"role": "wire-id", "value": story.id}]
    if story.ednote:
        doc["ednote"] = story.ednote
    if story.media:
        doc["renditions"] = [
            {
                "name": f"media-{i}",
                "href": m.href,
                "contenttype": m.type,
                **({"sizeinbytes": m.length} if m.length is not None else {}),
                **({"title": m.caption} if m.caption else {}),
                **({"width": m.width} if m.width is not None else {}),
                **({"height": m.height} if m.height is not None else {}),
            }
            for i, m in enumerate(story.media, start=1)
        ]
    return doc


def story_json(story: Story, *, with_report: bool = True) -> dict[str, Any]:
    """The service's JSON: ninjs names, ``version`` as an integer, and ``"wire"``."""
    doc = _ninjs_core(story)
    doc["version"] = story.version
    doc["wire"] = {
        "id": story.id,
        "dateline": story.dateline.model_dump(),
        "credits": [credit.model_dump() for credit in story.credits],
        "event_date": story.event_date.isoformat() if story.event_date else None,
        "flags": list(story.flags),
        "desk": story.desk,
        "region": story.region,
        "regions": list(story.regions),
        "correspondent": story.correspondent,
        "fingerprint": story.fingerprint,
        "duplicate_of": story.duplicate_of,
        "keywords": list(story.keywords),
        "status_reason": story.status_reason,
    }
    if with_report:
        doc["wire"]["normalization"] = [
            change.model_dump(exclude_none=True) for change in story.normalization
        ]
    return doc


def story_ninjs(story: Story) -> dict[str, Any]:
    """Strict ninjs 2.2: no extension keys, ``version`` as a string."""
    doc = _ninjs_core(story)
    doc["version"] = str(story.version)
    doc["standard"] = {"name": "ninjs", "version": "2.2", "schema": NINJS_SCHEMA_URI}
    return doc

