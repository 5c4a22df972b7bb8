"""The normalization corpus: real-style stories with what a careful desk editor expects.

Each case is ``NNN-name.txt`` (the copy exactly as a correspondent sent it) next to
``NNN-name.json`` (``submitted_at``, ``content_type`` and an ``expect`` object holding only
the fields the editor can state with certainty). ``score`` compares one normalized story
with its case, field by field; ``python -m wire.corpus [DIR]`` prints per-field accuracy.
See ``tests/corpus/README.md`` for the conventions.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from wire.settings import packaged_config_dir

if TYPE_CHECKING:
    from wire.normalize.model import Copy, Normalized

DEFAULT_DIR = Path("tests/corpus/cases")
# The shipped data (the repository's config/ folder), whatever the working directory.
CONFIG_DIR = packaged_config_dir()

FIELDS: tuple[str, ...] = (
    "headline",
    "flags",
    "dateline_place",
    "dateline_agency",
    "credits",
    "by",
    "infosources",
    "body_start",
    "body_end",
    "removed",
    "kept",
    "language",
    "event_date",
    "embargoed",
    "ednote",
)
_NULLABLE = frozenset({"dateline_place", "dateline_agency", "event_date", "embargoed", "ednote"})
ROLES = frozenset({"reporter", "writer", "editor", "translator", "photographer", "contributor",
                   "desk", "source"})
_LISTS = frozenset({"flags", "by", "infosources", "removed", "kept"})
_CONTENT_TYPES = frozenset({"text/plain", "text/html"})
# Only ASCII space, tab and LF are collapsed: a CR, NBSP, form feed or zero-width
# character left in the body is damage the pipeline should have repaired, so it must
# stay visible to the checks.
_WS = re.compile(r"[ \t\n]+")


@dataclass(frozen=True)
class Case:
    """One corpus story and the fields expected from its normalization."""

    name: str
    text: str
    submitted_at: datetime
    content_type: str
    expect: Mapping[str, Any]


class CorpusError(ValueError):
    """A case file is missing, malformed, or names an unknown field."""


def _parse_instant(value: str, where: str) -> datetime:
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError as exc:
        raise CorpusError(f"{where}: not an RFC 3339 time: {value!r}") from exc
    if parsed.tzinfo is None:
        raise CorpusError(f"{where}: time without a zone: {value!r}")
    return parsed


def _check_expect(expect: Any, where: str) -> dict[str, Any]:
    if not isinstance(expect, dict):
        raise CorpusError(f"{where}: 'expect' must be an object")
    unknown = set(expect) - set(FIELDS)
    if unknown:
        raise CorpusError(f"{where}: unknown expected field(s) {sorted(unknown)}")
    for field, value in expect.items():
        if value is None:
            if field not in _NULLABLE:
                raise CorpusError(f"{where}: {field} cannot be null")
        elif field == "credits":
            _check_credits(value, where)
        elif field in _LISTS:
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise CorpusError(f"{where}: {field} must be a list of strings")
        elif not isinstance(value, str):
            raise CorpusError(f"{where}: {field} must be a string")
    if isinstance(expect.get("event_date"), str):
        try:
            date.fromisoformat(expect["event_date"])
        except ValueError as exc:
            raise CorpusError(f"{where}: event_date is not an ISO date") from exc
    if isinstance(expect.get("embargoed"), str):
        _parse_instant(expect["embargoed"], f"{where}: embargoed")
    return expect


def _check_credits(value: Any, where: str) -> None:
    if not isinstance(value, list) or not all(
        isinstance(c, dict) and set(c) == {"name", "role"} and isinstance(c["name"], str)
        and c["role"] in ROLES for c in value
    ):
        raise CorpusError(f"{where}: credits must be a list of {{name, role}} with a role "
                          f"among {sorted(ROLES)}")


def load_case(json_path: Path) -> Case:
    """Load one case from its ``.json`` file and the ``.txt`` beside it."""
    where = json_path.name
    try:
        data = json.loads(json_path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise CorpusError(f"{where}: invalid JSON: {exc}") from exc
    if not isinstance(data, dict):
        raise CorpusError(f"{where}: top level must be an object")
    text_path = json_path.with_suffix(".txt")
    if not text_path.is_file():
        raise CorpusError(f"{where}: no copy file {text_path.name}")
    encoding = data.get("encoding", "utf-8")
    if not isinstance(encoding, str):
        raise CorpusError(f"{where}: encoding must be a string")
    try:
        # Strict: damaged cases carry mojibake as characters, never invalid bytes.
        text = text_path.read_bytes().decode(encoding)
    except (UnicodeDecodeError, LookupError) as exc:
        raise CorpusError(f"{text_path.name}: cannot decode as {encoding}: {exc}") from exc
    submitted = data.get("submitted_at")
    if not isinstance(submitted, str):
        raise CorpusError(f"{where}: submitted_at is required")
    content_type = data.get("content_type", "text/plain")
    if content_type not in _CONTENT_TYPES:
        raise CorpusError(f"{where}: unsupported content_type {content_type!r}")
    return Case(
        name=json_path.stem,
        text=text,
        submitted_at=_parse_instant(submitted, f"{where}: submitted_at"),
        content_type=content_type,
        expect=_check_expect(data.get("expect"), where),
    )


def load_cases(directory: Path) -> list[Case]:
    """All cases in ``directory``, in file-name order."""
    if not directory.is_dir():
        raise CorpusError(f"{directory}: not a directory")
    cases = [load_case(path) for path in sorted(directory.glob("*.json"))]
    orphans = sorted(
        p.name for p in directory.glob("*.txt") if not p.with_suffix(".json").is_file()
    )
    if orphans:
        raise CorpusError(f"{directory}: copy without expectations: {orphans}")
    return cases


def collapse(text: str) -> str:
    """Runs of ASCII space, tab and newline become one space; ends trimmed."""
    return _WS.sub(" ", text).strip(" ")


def _fold(text: str) -> str:
    return collapse(text).casefold()


def actual_value(field: str, normalized: Normalized) -> Any:
    """The value of ``field`` in ``normalized``, in the shape the case file uses."""
    if field == "dateline_place":
        return normalized.dateline.place
    if field == "dateline_agency":
        return normalized.dateline.agency
    if field in ("body_start", "body_end", "removed", "kept"):
        return normalized.body_text
    if field == "event_date":
        return normalized.event_date.isoformat() if normalized.event_date else None
    if field == "embargoed":
        return normalized.embargoed.isoformat() if normalized.embargoed else None
    if field == "credits":
        return [{"name": c.name, "role": c.role} for c in normalized.credits]
    if field == "ednote":
        return ednote_of(normalized)
    value = getattr(normalized, field)
    return list(value) if isinstance(value, tuple) else value


def _subset(expected: Sequence[str], actual: Sequence[str]) -> bool:
    have = {_fold(a) for a in actual}
    return all(_fold(e) in have for e in expected)


def ednote_of(normalized: Normalized) -> str | None:
    """The editor's note normalization moved out of the copy, as the story carries it."""
    notes = [c.text for c in normalized.changes if c.to == "ednote" and c.text]
    return " ".join(notes) or None


def credit_pairs(credits: Sequence[Mapping[str, str]], agency: str | None) -> set[tuple[str, str]]:
    """(name, role) pairs, folded; the dateline's own agency as a source is not a credit."""
    pairs = {(_fold(c["name"]), c["role"]) for c in credits}
    return {p for p in pairs if not (agency and p == (_fold(agency), "source"))}


def _same_instant(expected: str | None, actual: datetime | None) -> bool:
    if expected is None or actual is None:
        return expected is None and actual is None
    if actual.tzinfo is None:
        return False
    return _parse_instant(expected, "embargoed") == actual


def _check(field: str, expected: Any, normalized: Normalized) -> bool:
    body = collapse(normalized.body_text)
    if field == "headline":
        return bool(normalized.headline == expected)
    if field == "flags":
        return set(normalized.flags) == set(expected)
    if field == "dateline_place":
        return bool(normalized.dateline.place == expected)
    if field == "dateline_agency":
        # Compared ignoring case: an outlet's own casing of its name is not certain.
        agency = normalized.dateline.agency
        return (agency is None and expected is None) or (
            agency is not None and expected is not None and _fold(agency) == _fold(expected))
    if field == "credits":
        agency = normalized.dateline.agency
        actual = credit_pairs(actual_value("credits", normalized), agency)
        return actual == credit_pairs(expected, agency)
    if field == "ednote":
        note = ednote_of(normalized)
        if expected is None:
            return note is None
        return note is not None and _fold(expected) in _fold(note)
    if field == "by":
        return _subset(expected, normalized.by)
    if field == "infosources":
        return _subset(expected, normalized.infosources)
    if field == "body_start":
        return body.startswith(collapse(expected))
    if field == "body_end":
        return body.endswith(collapse(expected))
    if field == "removed":
        return not any(collapse(s) in body for s in expected)
    if field == "kept":
        return all(collapse(s) in body for s in expected)
    if field == "language":
        return str(normalized.language).casefold() == str(expected).casefold()
    if field == "event_date":
        want = date.fromisoformat(expected) if expected is not None else None
        return normalized.event_date == want
    if field == "embargoed":
        return _same_instant(expected, normalized.embargoed)
    raise CorpusError(f"unknown field {field!r}")


def score(case: Case, normalized: Normalized) -> dict[str, bool]:
    """One entry per expected field of ``case``: did ``normalized`` meet it."""
    return {field: _check(field, case.expect[field], normalized) for field in case.expect}


def failures(case: Case, normalized: Normalized) -> list[str]:
    """A line per failed field: the field, what was expected and what came out."""
    lines = []
    for field, passed in score(case, normalized).items():
        if passed:
            continue
        expected = case.expect[field]
        actual = actual_value(field, normalized)
        if field == "removed" and isinstance(actual, str):
            body = collapse(actual)
            expected = [s for s in expected if collapse(s) in body]
            actual = "(present in body_text)"
        elif field == "kept" and isinstance(actual, str):
            body = collapse(actual)
            expected = [s for s in expected if collapse(s) not in body]
            actual = f"(missing from body_text) {actual[:300]!r}..."
        elif field in ("body_start", "body_end") and isinstance(actual, str):
            body = collapse(actual)
            actual = (
                body[: len(expected) + 20] if field == "body_start" else body[-len(expected) - 20 :]
            )
        lines.append(f"{field}: expected {expected!r}, got {actual!r}")
    return lines


def make_copy(case: Case) -> Copy:
    """The pipeline input for ``case``."""
    from wire.normalize import Copy

    return Copy(
        text=case.text, submitted_at=case.submitted_at, html=case.content_type == "text/html"
    )


def _table(cases: Sequence[Case], results: Mapping[str, Mapping[str, bool]]) -> list[str]:
    rows: list[str] = []
    failing: dict[str, list[str]] = {}
    header = f"{'field':<16} {'passed/total':>12} {'%':>7}"
    rows += [header, "-" * len(header)]
    all_passed = all_total = 0
    for field in FIELDS:
        total = passed = 0
        for case in cases:
            if field not in case.expect:
                continue
            total += 1
            if results[case.name].get(field, False):
                passed += 1
            else:
                failing.setdefault(field, []).append(case.name)
        if total:
            rows.append(f"{field:<16} {f'{passed}/{total}':>12} {100 * passed / total:>6.1f}%")
        all_passed += passed
        all_total += total
    if all_total:
        full = sum(all(results[c.name].get(f, False) for f in c.expect) for c in cases)
        rows.append("-" * len(header))
        rows.append(f"{'stories right':<16} {f'{full}/{len(cases)}':>12} "
                    f"{100 * full / len(cases):>6.1f}%")
        overall = f"{all_passed}/{all_total}"
        rows.append(f"{'all fields':<16} {overall:>12} {100 * all_passed / all_total:>6.1f}%")
    if failing:
        rows.append("")
        rows.append("failing cases per field:")
        for field in FIELDS:
            if field in failing:
                rows.append(f"  {field}: {', '.join(failing[field])}")
    return rows


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m wire.corpus [DIR]``: per-field accuracy of the pipeline over a corpus."""
    args = list(sys.argv[1:] if argv is None else argv)
    if len(args) > 1 or (args and args[0] in ("-h", "--help")):
        print("usage: python -m wire.corpus [DIR]  (default tests/corpus/cases)")
        return 0 if args and args[0] in ("-h", "--help") else 2
    directory = Path(args[0]) if args else DEFAULT_DIR
    try:
        cases = load_cases(directory)
    except CorpusError as exc:
        print(f"corpus: {exc}", file=sys.stderr)
        return 2
    from wire.normalize import load_resources, normalize

    resources = load_resources(CONFIG_DIR)
    results: dict[str, dict[str, bool]] = {}
    errors: list[str] = []
    for case in cases:
        try:
            normalized = normalize(make_copy(case), resources)
        except Exception as exc:  # one broken case must not hide the others' scores
            errors.append(f"  {case.name}: {type(exc).__name__}: {exc}")
            results[case.name] = dict.fromkeys(case.expect, False)
            continue
        results[case.name] = score(case, normalized)
    print(f"corpus: {len(cases)} cases from {directory}")
    print("\n".join(_table(cases, results)))
    if errors:
        print("\nnormalization raised (all fields counted as failed):")
        print("\n".join(errors))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
