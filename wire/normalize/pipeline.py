"""The normalization pipeline: ``STEPS`` over a frozen ``Draft``, then the story fields.

Order matters and is the order a desk editor works in: repair the characters, cut the
copy into lines (HTML into blocks), drop junk and take embargo and flag lines, take the
headline and its prefixes, the byline under it and the credits at the foot, fold the
paragraphs, take the dateline and the credit glued to the last paragraph, and only then
read the language, the event date and the region from what is left.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC
from functools import reduce
from pathlib import Path
from typing import Literal

from wire.errors import EmptyCopy
from wire.normalize.draft import Draft, Step
from wire.normalize.identity.fingerprint import fingerprint, signature
from wire.normalize.identity.language import build_detector, detect_language
from wire.normalize.lines.ednote import flag_editor_notes, take_editor_notes
from wire.normalize.lines.headline import (
    clean_headline,
    rank_urgency,
    take_flag_lines,
    take_flag_lines_below_headline,
    take_headline,
)
from wire.normalize.lines.junk import drop_junk_lines, load_junk_rules
from wire.normalize.lines.paragraphs import join_wrapped_lines, lead_index
from wire.normalize.lines.slugline import slugline
from wire.normalize.model import Copy, Normalized, Resources
from wire.normalize.people.credits import take_byline, take_footer_credits
from wire.normalize.people.glued import take_glued_credit
from wire.normalize.place.region import resolve_region
from wire.normalize.place.take import take_dateline
from wire.normalize.roles.collect import collect_credits
from wire.normalize.roles.step import apply_line_roles
from wire.normalize.roles.tail import take_tail_credits
from wire.normalize.summary import summarize
from wire.normalize.text.html import (
    detect_html,
    render_html,
    split_html,
    split_lines,
    unescape_plain_entities,
)
from wire.normalize.text.inline import remove_inline_artifacts
from wire.normalize.text.repair import TEXT_STEPS, scrub
from wire.normalize.when.dates import resolve_event_date
from wire.normalize.when.embargo import (
    apply_declared_embargo,
    localize_embargo,
    take_embargo_lines,
)

DEFAULT_LANGUAGES = ("id", "ms", "en", "fr", "de", "es", "pt", "nl", "tl", "vi")

# The copy cut into lines, characters repaired: what the line-role tagger reads.
LINE_STEPS: tuple[Step, ...] = (
    *TEXT_STEPS,
    detect_html,
    split_html,
    split_lines,
    unescape_plain_entities,
)
STEPS: tuple[Step, ...] = (
    *LINE_STEPS,
    drop_junk_lines,
    apply_line_roles,
    remove_inline_artifacts,
    take_embargo_lines,
    apply_declared_embargo,
    take_flag_lines,
    take_headline,
    clean_headline,
    take_flag_lines_below_headline,
    take_editor_notes,
    take_byline,
    take_footer_credits,
    join_wrapped_lines,
    take_dateline,
    take_glued_credit,
    take_tail_credits,
    collect_credits,
    flag_editor_notes,
    rank_urgency,
    detect_language,
    localize_embargo,
    resolve_event_date,
    resolve_region,
)


SHIPPED: Literal["shipped"] = "shipped"


def load_resources(config_dir: Path, languages: Sequence[str] = DEFAULT_LANGUAGES,
                   tagger: Path | Literal["shipped"] | None = SHIPPED) -> Resources:
    """Load the gazetteer, the junk rules, a language detector and the line-role tagger
    (the model shipped in the package unless ``tagger`` names one; None: no tagger).
    I/O happens here, never in the steps."""
    from wire.gazetteer import load_gazetteer
    from wire.normalize.roles.tagger import load_tagger

    return Resources(
        gazetteer=load_gazetteer(config_dir / "gazetteer.json"),
        junk_rules=load_junk_rules(config_dir / "junk.toml"),
        language_detector=build_detector(languages),
        line_tagger=None if tagger is None else load_tagger(
            None if tagger == SHIPPED else Path(tagger)),
    )


def run(draft: Draft, steps: Sequence[Step] = STEPS) -> Draft:
    """Every step in order."""
    return reduce(lambda d, step: step(d), steps, draft)


def start(copy: Copy, resources: Resources) -> Draft:
    """The first draft: the copy as sent, its submission time made aware (UTC if naive)."""
    if copy.submitted_at.tzinfo is None:
        copy = replace(copy, submitted_at=copy.submitted_at.replace(tzinfo=UTC))
    return Draft(copy=copy, resources=resources, text=copy.text)


def finish(draft: Draft) -> Normalized:
    """The story fields of a finished draft; ``EmptyCopy`` when headline or body is gone."""
    headline = scrub(draft.headline)
    paragraphs = tuple(scrub(p) for p in draft.paragraphs)
    if not headline:
        raise EmptyCopy("No headline is left: put the headline on the first line of the copy.")
    if not paragraphs:
        raise EmptyCopy(
            "No body is left after the headline: send the story text below the headline "
            "(lines that are only junk, credits or an embargo note do not count)."
        )
    body_text = "\n\n".join(paragraphs)
    return Normalized(
        headline=headline,
        body_text=body_text,
        body_html=scrub(render_html(paragraphs, draft.html_blocks)),
        summary=summarize(paragraphs[lead_index(paragraphs)]),
        slugline=slugline(headline),
        by=draft.by,
        infosources=draft.infosources,
        credits=draft.credits,
        located=draft.dateline.place,
        dateline=draft.dateline,
        event_date=draft.event_date,
        embargoed=draft.embargoed,
        flags=draft.flags,
        urgency=draft.urgency,
        language=draft.language,
        language_confidence=draft.language_confidence,
        region=draft.region,
        regions=draft.regions,
        word_count=len(body_text.split()),
        fingerprint=fingerprint(headline, body_text),
        signature=signature(body_text),
        changes=draft.changes,
    )


def copy_lines(copy: Copy, resources: Resources) -> list[str]:
    """The lines of ``copy``, characters repaired: the lines its ``.roles`` labels name."""
    return list(run(start(copy, resources), LINE_STEPS).lines)


def tagged_lines(copy: Copy, resources: Resources) -> list[str]:
    """The lines the line-role tagger reads: ``copy_lines`` less the lines the junk rules
    took before it (what the tagger learns from must be what it is given)."""
    return list(run(start(copy, resources), (*LINE_STEPS, drop_junk_lines)).lines)


def kept_at(lines: Sequence[str], kept: Sequence[str]) -> list[int | None]:
    """For each of ``lines``, its index in ``kept`` (``tagged_lines``: the junk rules only
    drop whole lines), None for a line they took."""
    out: list[int | None] = []
    at = 0
    for line in lines:
        if at < len(kept) and kept[at] == line:
            out.append(at)
            at += 1
        else:
            out.append(None)
    if at != len(kept):
        raise ValueError("the kept lines are not a subsequence of the copy's lines")
    return out


def normalize(copy: Copy, resources: Resources) -> Normalized:
    """Clean raw copy into a wire item's fields and the report of every change. Pure."""
    return finish(run(start(copy, resources)))
