"""Credits glued to the end of the last paragraph that the older credit step does not read:
``… Sungai Sarawak.– Suara Sarawak``, ``… self-medicating. (With a report from Nama)``,
``… dipermainkan. (sam)``. Only a labelled credit, a desk code or an outlet's name after a
dash is taken, so a sentence's own closing bracket stays.
"""

from __future__ import annotations

import re

from wire.normalize.draft import Draft, change, with_changes
from wire.normalize.people.agencies import KNOWN_AGENCIES, is_organisation
from wire.normalize.roles import lexicon
from wire.normalize.roles.credit_lines import parse_credit_line

_PAREN_TAIL = re.compile(r"(?<=[.!?\"”’])\s*(?P<credit>\([^()]{2,120}\))\.?\s*$")
_ACRONYM = re.compile(r"[A-Z]{2,6}")  # "(PNA)", "(NAN)": an agency's sign-off
_DASH_TAIL = re.compile(r"(?<=[.!?\"”’])\s*(?:[–—]|--?)\s*"
                        r"(?P<credit>[A-Z][\w!&.' -]{1,40}?)"
                        r"(?:\s+\d{1,2}/\d{1,2}/\d{2,4})?\.?\s*$")
# "… tidak terulang.***": an end mark glued to the last sentence.
_END_MARK = re.compile(r"(?<=[.!?\"”’])\s*(?:\*{3,}|#{3,}|-{2,}\s*(?:end|selesai|tamat)\s*-{2,})"
                       r"\s*$", re.IGNORECASE)


def _tail(paragraph: str) -> tuple[str, str] | None:
    paren = _PAREN_TAIL.search(paragraph)
    if paren:
        inner = paren["credit"][1:-1].strip()
        labelled = lexicon.CREDIT_LABEL.match(inner) is not None
        found = parse_credit_line(paren["credit"])
        agency = inner.casefold() in KNOWN_AGENCIES or _ACRONYM.fullmatch(inner) is not None
        if found and (labelled or agency or all(c.role == "desk" for c in found)):
            return paragraph[: paren.start()].rstrip(), paren["credit"]
    dash = _DASH_TAIL.search(paragraph)
    shouted = dash is not None and re.fullmatch(r"[A-Z][A-Z0-9!.&-]{2,24}", dash["credit"])
    if (dash and len(dash["credit"].split()) <= 4
            and (is_organisation(dash["credit"]) or shouted)
            and parse_credit_line(dash["credit"])):  # not an end mark ("– SELESAI")
        return paragraph[: dash.start()].rstrip(), dash["credit"]
    return None


def take_tail_credits(draft: Draft) -> Draft:
    """A labelled credit, desk code or outlet glued to the last paragraph becomes credits."""
    paragraphs = draft.paragraphs
    if not paragraphs:
        return draft
    last = paragraphs[-1]
    notes = []
    mark = _END_MARK.search(last)
    if mark:
        notes.append(change("credits", "removed-end-mark", mark.group(0).strip()))
        last = last[: mark.start()].rstrip()
    found = _tail(last)
    if found is None:
        return with_changes(draft, notes, lines=(*paragraphs[:-1], last)) if notes else draft
    last, credit = found
    credits = list(draft.credits)
    parsed = parse_credit_line(credit)
    credits += [c for c in parsed if c not in credits]
    notes += [change("credits", "moved-glued-credit", c.name, f"credits:{c.role}") for c in parsed]
    return with_changes(draft, notes, lines=(*paragraphs[:-1], last), credits=tuple(credits))
