"""``python -m wire.normalize.roles.bootstrap DIR...``: draft ``.roles`` files for corpus cases.

A draft is only a start for a person to check: each line's role is read from the case's
expectations (the body runs from ``body_start`` to ``body_end``; credited names, the
editor's note and the headline are stated) and, where those say nothing, from what the
pipeline did with the line. Files that exist are never overwritten.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Sequence
from pathlib import Path

from wire.corpus import Case, collapse, load_cases, make_copy
from wire.normalize.model import Resources
from wire.normalize.pipeline import copy_lines
from wire.normalize.roles.labels import BLANK, write_roles
from wire.normalize.roles.lexicon import COPYRIGHT, CREDIT_LABEL, EMBARGO, FLAG

_SMALL_WORDS = re.compile(r"\b[a-z]{2,}\b")
_STEP_ROLES = {"junk": "junk", "embargo": "embargo", "headline": "flag", "flags": "flag",
               "ednote": "ednote", "credits": "credit", "byline": "credit",
               "dateline": "dateline"}


def _fold(text: str) -> str:
    return collapse(text).casefold()


def _find(lines: Sequence[str], needle: str, *, last: bool = False) -> int | None:
    """The line where ``needle`` begins (or, with ``last``, ends, searching from the end),
    read across hard-wrapped lines: the copy joined with spaces."""
    want = _fold(needle)
    if not want:
        return None
    folded = [_fold(line) for line in lines]
    joined, starts = "", []
    for text in folded:
        starts.append(len(joined))
        joined += text + " "
    at = joined.rfind(want) if last else joined.find(want)
    if at < 0:
        return None
    where = at + len(want) - 1 if last else at
    return max(i for i, begin in enumerate(starts) if begin <= where)


def draft_roles(case: Case, resources: Resources) -> tuple[list[str], list[str]]:
    """The lines of ``case`` and a first guess at their roles."""
    from wire.normalize import normalize

    lines = copy_lines(make_copy(case), resources)
    norm = normalize(make_copy(case), resources)
    expect = case.expect
    body = _fold(norm.body_text)
    start = _find(lines, str(expect.get("body_start", ""))[:40])
    end = _find(lines, str(expect.get("body_end", ""))[-40:], last=True)
    names = [c["name"] for c in expect.get("credits", [])] + list(expect.get("by", []))
    names += list(expect.get("infosources", []))
    removed = [_fold(r) for r in expect.get("removed", [])]
    headline = expect.get("headline", norm.headline)
    place = _fold(str(expect.get("dateline_place") or ""))
    ednote = _fold(str(expect.get("ednote") or ""))
    roles: list[str] = []
    headline_at: int | None = None
    for i, line in enumerate(lines):
        text = _fold(line)
        if not text:
            roles.append(BLANK)
            continue
        title = _fold(headline)
        if headline_at is None and (title[:50] in text or (len(text) >= 15
                                                           and title.startswith(text))):
            headline_at = i
            roles.append("headline")
            continue
        if headline_at == i - 1 and len(text) >= 3 and text in title and roles[-1] == "headline" \
                and not title.startswith(text):
            roles.append("headline")  # the headline's wrapped second line
            continue
        covered = any(r and r in text and len(r) >= 0.6 * len(text) for r in removed)
        # A sentence that names a credited outlet ("Masan MEATLife is a member of Masan
        # Group, one of …") is boilerplate or story, not the credit line.
        prose = len(_SMALL_WORDS.findall(line)) >= 5
        named = len(text) < 200 and (bool(CREDIT_LABEL.match(line.strip())) or (
            not prose and any(_fold(n) in text for n in names)))
        span = (start, end) if start is not None and end is not None else None
        if span is not None and span[0] <= i <= span[1] and not covered:
            roles.append("body")
        elif ednote and ednote in text:
            roles.append("ednote")
        elif COPYRIGHT.search(text):
            roles.append("junk")
        elif named:
            roles.append("credit")
        elif EMBARGO.search(text):
            roles.append("embargo")
        elif headline_at is None:
            roles.append("flag" if FLAG.match(line.strip()) else "header")
        elif span is not None and i < span[0]:
            short = len(text) <= 60 and place and place in text and "@" not in text
            roles.append("dateline" if short else "header")
        elif span is not None:
            roles.append("junk")
        else:  # no body bounds stated: what the pipeline did is the best guess
            report = next((c for c in norm.changes if c.text and _fold(c.text)[:40] in text),
                          None)
            if not covered and text[-40:] in body:
                roles.append("body")
            elif report is not None and report.step in _STEP_ROLES:
                roles.append(_STEP_ROLES[report.step])
            else:
                roles.append("junk")
    return lines, roles


def main(argv: Sequence[str] | None = None) -> int:
    from wire.corpus import CONFIG_DIR
    from wire.normalize import load_resources

    dirs = [Path(a) for a in (sys.argv[1:] if argv is None else argv)]
    resources = load_resources(CONFIG_DIR)
    for directory in dirs:
        for case in load_cases(directory):
            path = directory / f"{case.name}.roles"
            if path.exists():
                continue
            lines, roles = draft_roles(case, resources)
            write_roles(path, lines, roles)
            print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
