"""Which stories a feed request may show: the feed's own filter and the partner's rights.

Entitlements and narrowing parameters combine the same way: per dimension a set of allowed
values (empty: any), AND across dimensions, OR within one. Regions nest, so a story's
``regions`` (its region and every region it lies in) are matched, not just its region.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from wire.errors import InvalidField, NotFound
from wire.storage.accounts import Entitlements, check_languages, check_slugs
from wire.story import Story

DIMENSIONS = ("desk", "region", "lang")
URGENT = 2  # urgency levels 1 and 2 are flashes and urgents
URGENCY = re.compile(r"^([1-9])(?:-([1-9]))?$")


@dataclass(frozen=True)
class Selection:
    desks: frozenset[str] = frozenset()
    regions: frozenset[str] = frozenset()
    languages: frozenset[str] = frozenset()
    urgency: tuple[int, int] = (1, 9)
    nothing: bool = False
    """True when the request's filters contradict each other (the feed is empty)."""
    early_urgent: bool = False
    """A partner right: urgent stories (urgency 1-2) reach it before their embargo ends."""

    def matches(self, story: Story) -> bool:
        return (
            not self.nothing
            and (not self.desks or story.desk in self.desks)
            and (not self.regions or not self.regions.isdisjoint(story.regions))
            and self.matches_language(story.language)
            and self.urgency[0] <= story.urgency <= self.urgency[1]
        )

    def matches_language(self, language: str) -> bool:
        return not self.languages or _language_matches(language, self.languages)

    def canonical(self) -> str:
        """A stable text form, part of cache keys."""
        return "|".join((",".join(sorted(self.desks)), ",".join(sorted(self.regions)),
                         ",".join(sorted(self.languages)), f"{self.urgency[0]}-{self.urgency[1]}",
                         "0" if self.nothing else "1"))


def _language_matches(language: str, allowed: frozenset[str]) -> bool:
    primary = language.lower().split("-")[0]
    return language.lower() in allowed or primary in allowed


def from_entitlements(ent: Entitlements) -> Selection:
    return Selection(frozenset(ent.desks), frozenset(ent.regions),
                     frozenset(x.lower() for x in ent.languages),
                     early_urgent=ent.early_urgent)


def released_to(story: Story, rights: Selection, at: datetime) -> bool:
    """True when the story's embargo no longer holds it back from this partner at ``at``.

    Partners with the early-urgent right get urgent stories (urgency 1 or 2) at once, with
    their ``embargoed`` time, to prepare; everyone else waits for the embargo to end.
    """
    if story.embargoed is None or story.embargoed <= at:
        return True
    return rights.early_urgent and story.urgency <= URGENT



def parse_urgency(value: str) -> tuple[int, int]:
    match = URGENCY.match(value.strip())
    if not match:
        raise InvalidField(f"urgency {value!r} is not a level or range such as '1' or '1-3'.")
    low, high = int(match[1]), int(match[2] or match[1])
    if low > high:
        raise InvalidField(f"urgency range {value!r} runs backwards; write it low-high, e.g. 1-3.")
    return low, high


def from_request(dimension: str, value: str, query: Mapping[str, str]) -> Selection:
    """The selection a feed path (``/feeds/region/lampung``) and its query ask for."""
    def one(name: str, given: str | None) -> frozenset[str]:
        if not given:
            return frozenset()
        if name == "lang":
            return frozenset(v.lower() for v in check_languages(given.split(",")))
        return frozenset(check_slugs(given.split(","), name))

    picked: dict[str, frozenset[str]] = {}
    nothing = False
    for name in DIMENSIONS:
        from_query = one(name, query.get(name))
        if name == dimension:
            from_path = one(name, value)
            # The query narrows the path's feed; it never widens it.
            picked[name] = from_path & from_query if from_query else from_path
            nothing = not picked[name]
        else:
            picked[name] = from_query
    urgency = parse_urgency(query["urgency"]) if query.get("urgency") else (1, 9)
    return Selection(picked["desk"], picked["region"], picked["lang"], urgency, nothing)


def require_dimension(dimension: str) -> str:
    if dimension not in DIMENSIONS and dimension != "all":
        raise NotFound(f"There is no feed family {dimension!r}; use all, desk, region or lang.")
    return dimension


def release_seen_early(story: Story, rights: Selection, event: str, at: datetime) -> bool:
    """True for the embargo-release event of a story this partner already got early."""
    return (event == "published" and rights.early_urgent and story.urgency <= URGENT
            and story.embargoed is not None and story.versioncreated < story.embargoed <= at)


def shown(story: Story, feed: Selection, rights: Selection, now: datetime) -> bool:
    """True when the story is live for this partner and both the feed and its rights allow it."""
    return (story.pubstatus == "usable" and released_to(story, rights, now)
            and feed.matches(story) and rights.matches(story))


def tombstoned(story: Story, feed: Selection, rights: Selection, now: datetime) -> bool:
    """True when the partner had (or could have had) the story and it was killed or withheld."""
    return (story.pubstatus != "usable" and released_to(story, rights, now)
            and feed.matches(story) and rights.matches(story))
