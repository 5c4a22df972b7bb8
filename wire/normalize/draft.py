"""The draft a story is while it moves through the pipeline, and the ``Step`` type.

A ``Draft`` is frozen: every step returns a new one built with ``dataclasses.replace``
and appends what it changed to ``changes``. ``lines`` holds the copy below the headline,
one paragraph per entry, with ``""`` where the correspondent left a blank line (the
paragraph step folds hard-wrapped lines and drops the blanks).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import date, datetime

from wire.normalize.model import Copy, Resources
from wire.story import Change, Credit, Dateline


@dataclass(frozen=True)
class Draft:
    """The story as far as the pipeline has got with it."""

    copy: Copy
    resources: Resources
    text: str = ""
    is_html: bool = False
    headline: str = ""
    lines: tuple[str, ...] = ()
    html_blocks: tuple[tuple[str, str], ...] = ()
    """(plain text, sanitized XHTML) of each block that came from HTML input."""
    by: tuple[str, ...] = ()
    infosources: tuple[str, ...] = ()
    credits: tuple[Credit, ...] = ()
    header_lines: tuple[str, ...] = ()
    """Header metadata taken out of the copy (timestamps, outlet lines): date evidence."""
    unlabelled: tuple[str, ...] = ()
    """Names credited from a line with no label (a signature, a contact): a reporter only if
    no label names their role elsewhere."""
    dateline_line: str = ""
    """A place-and-date line the roles step took from just above the lead ("Sorong, 17
    September 2020" under a release's title): where the dateline stands, if it has none."""
    line_roles: tuple[str, ...] = ()
    """The tagger's role for each line as it first read them (for ``--explain``)."""
    dateline: Dateline = field(default_factory=Dateline)
    event_date: date | None = None
    embargoed: datetime | None = None
    flags: tuple[str, ...] = ()
    urgency: int | None = None
    """The priority a marker printed on the copy gives it (``URGENT``, ``FLASH``)."""
    language: str = "und"
    language_confidence: float | None = None
    region: str | None = None
    regions: tuple[str, ...] = ()
    changes: tuple[Change, ...] = ()

    @property
    def paragraphs(self) -> tuple[str, ...]:
        """The body paragraphs, blanks left out."""
        return tuple(line for line in self.lines if line.strip())


Step = Callable[[Draft], Draft]


def change(step: str, action: str, text: str = "", to: str | None = None) -> Change:
    """One report entry; long text is cut so a report never repeats a whole story."""
    cut = text if len(text) <= 200 else text[:199] + "…"
    return Change(step=step, action=action, text=cut, to=to)


def with_changes(draft: Draft, changes: Iterable[Change], **fields: object) -> Draft:
    """A new draft with ``fields`` replaced and ``changes`` appended to the report."""
    return replace(draft, changes=draft.changes + tuple(changes), **fields)  # type: ignore[arg-type]


def add_unique(existing: tuple[str, ...], *names: str) -> tuple[str, ...]:
    """``existing`` plus ``names`` not already in it (case-insensitively), order kept."""
    seen = {n.casefold() for n in existing}
    out = list(existing)
    for name in names:
        if name and name.casefold() not in seen:
            seen.add(name.casefold())
            out.append(name)
    return tuple(out)
