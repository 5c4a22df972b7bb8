"""The line-role labels and the ``.roles`` files that hold them beside corpus cases.

A ``.roles`` file has one row per line of the copy as the tagger sees it (after character
repair and line splitting): the role, a tab, the line. Blank lines are ``-``. Rows are
checked against the copy when read, so a label file can never drift from its story.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

ROLES: tuple[str, ...] = (
    "flag",      # slug, flag and update-marker lines above the headline
    "embargo",   # an embargo or hold-for-release line
    "headline",  # the headline
    "header",    # deck, breadcrumbs, timestamps, outlet and reading-count lines
    "credit",    # a line that credits people, outlets or desks
    "dateline",  # a dateline on a line of its own
    "ednote",    # an editor's note, attention line or press-release furniture
    "body",      # the story
    "junk",      # related links, share and follow prompts, tags, rights, captions, ads
)
BLANK = "-"


class LabelError(ValueError):
    """A ``.roles`` file does not match its copy or names an unknown role."""


def read_roles(path: Path, lines: Sequence[str]) -> list[str]:
    """The roles of ``lines`` (blank lines ``-``) from the file at ``path``."""
    rows = path.read_text(encoding="utf-8").split("\n")
    if rows and rows[-1] == "":
        rows.pop()
    if len(rows) != len(lines):
        raise LabelError(f"{path.name}: {len(rows)} rows for {len(lines)} lines of copy")
    roles = []
    for number, (row, line) in enumerate(zip(rows, lines, strict=True), start=1):
        role, _, text = row.partition("\t")
        if role == BLANK and not line.strip():
            roles.append(BLANK)
            continue
        if role not in ROLES:
            raise LabelError(f"{path.name}:{number}: unknown role {role!r}")
        if text != line.strip():
            raise LabelError(f"{path.name}:{number}: the line differs from the copy: {text!r}")
        roles.append(role)
    return roles


def write_roles(path: Path, lines: Sequence[str], roles: Sequence[str]) -> None:
    rows = [f"{BLANK}\t" if role == BLANK else f"{role}\t{line.strip()}"
            for line, role in zip(lines, roles, strict=True)]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
