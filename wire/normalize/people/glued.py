"""A credit glued to the end of the last paragraph: ``… lebih efektif. MDSNews``,
``(ant/dra)``, ``(Tribunlampung.co.id/Name)``, ``(Reporting by X; Editing by Y)``,
``(Bernama)``, ``… katanya. – MINGGUAN MALAYSIA``."""

from __future__ import annotations

import re

from wire.normalize.draft import Draft, add_unique, change, with_changes
from wire.normalize.people.agencies import is_organisation, looks_like_person
from wire.normalize.people.credits import BRAND, ROLE_WORDS, credit_notes, is_credit
from wire.normalize.roles.credit_lines import parse_credit_line
from wire.story import Change, Credit

# "(ant/dra)", and in square brackets as some CMSs print it: "[ded]".
_PAREN_CREDIT = re.compile(r"\s*(?:\((?P<credit>[^()\n]{1,200})\)|\[(?P<square>[^\[\]\n]{1,60})\])"
                           r"\s*\.?\s*$")
# "… kata dia. - MDSNews", "… kata dia.-SarawakKini": the dash, spaced or glued to the stop.
_DASH_CREDIT = re.compile(r"(?:\s+|(?<=[.!?\"”’]))[-–—]{1,2}\s*(?P<credit>[A-Za-z][\w.]{1,30})"
                          r"\s*[-–—]{0,2}\s*$")
_DASH_OUTLET = re.compile(r"(?<=[.!?\"”’])\s+[-–—]{1,2}\s*"
                          r"(?P<credit>[A-Z][A-Z.&!]+(?:\s+[A-Z][A-Z.&!]+){1,2})\s*$")
_TAIL_CREDIT = re.compile(
    r"(?<=[.!?\"”’)])\s+(?P<credit>[A-Z][\w.&'’-]{0,30}(?:\s+[A-Z][\w.&'’-]{0,30}){0,2})(?<![.'’-])\s*$"
)
_STUCK_CREDIT = re.compile(r"(?<=[a-z][.!?\"”])(?P<credit>[A-Z][A-Za-z0-9]*[A-Z0-9][A-Za-z0-9]*"
                           r"|[A-Z]{2,}(?:\s[A-Z]{2,}){1,2}"
                           # "… kata dia.Malaqbi.id": the outlet's domain, glued
                           r"|[A-Za-z][A-Za-z0-9-]{2,30}\.(?i:co\.id|com|id|my|net|news|org))\s*$")
# "… wilayah kota MDSNews": a brand-cased outlet after the last word, full stop forgotten
# (not "… dibaca di detikNews": after a preposition the outlet is part of the sentence).
_BRAND_TAIL = re.compile(
    r"(?<=[a-z])(?<!\bdi)(?<!\bke)(?<!\bdari)(?<!\boleh)(?<!\bvia)(?<!\bat)(?<!\bon)"
    r"(?<!\bin)(?<!\bfrom)(?<!\bby)(?<!\bkepada)(?<!\bdengan)(?<!\bmelalui)(?<!\blewat)"
    r"\s+(?P<credit>[A-Za-z][A-Za-z]{2,30})\s*$"
)
_NO_CREDIT = re.compile(r"(?<=[.!?\"”’])\s*\(\s*\*{1,3}\s*\)\s*$")


def _strip_tail_credit(paragraph: str) -> tuple[str, str] | None:
    """(paragraph without its glued credit, the credit), or None when there is none."""
    bare = _NO_CREDIT.search(paragraph)
    if bare:  # "(*)", "(**)": an end mark, nobody to credit
        return paragraph[: bare.start()].rstrip(), ""
    for pattern in (_PAREN_CREDIT, _DASH_CREDIT, _TAIL_CREDIT, _STUCK_CREDIT, _BRAND_TAIL):
        match = pattern.search(paragraph[-260:])
        if match is None:
            continue
        credit = (match.group("credit") or match.groupdict().get("square") or "").strip()
        start = len(paragraph) - len(paragraph[-260:]) + match.start()
        before = paragraph[:start].rstrip()
        ends_sentence = before.endswith((".", "!", "?", "”", '"', "’", ")"))
        if pattern is _PAREN_CREDIT and not (
            ends_sentence or "/" in credit or ROLE_WORDS.search(credit)
        ):
            continue
        if pattern is _TAIL_CREDIT and not (is_organisation(credit) or looks_like_person(credit)):
            continue
        # One word glued to the stop must be an outlet's name ("katanya.EDISI9"); words in
        # capitals glued there are the outlet's tag ("disiarkan.RENTAK TIMUR").
        if pattern is _STUCK_CREDIT and not (is_organisation(credit) or " " in credit):
            continue
        if pattern is _BRAND_TAIL and not BRAND.match(credit):
            continue
        if is_credit(credit) and before:
            return before, credit
    return None


def take_glued_credit(draft: Draft) -> Draft:
    """A credit glued to the end of the last paragraph (``… efektif. MDSNews``) is moved out."""
    paragraphs = draft.paragraphs
    if not paragraphs:
        return draft
    last, by, src, credits = paragraphs[-1], draft.by, draft.infosources, draft.credits
    notes: list[Change] = []
    for _ in range(3):
        outlet = _DASH_OUTLET.search(last[-80:])
        if outlet is not None:  # "… katanya. – MINGGUAN MALAYSIA": the paper it ran in
            name = outlet["credit"].strip()
            last = last[: len(last) - len(outlet.group(0))].rstrip()
            src = add_unique(src, name)
            credits += tuple(c for c in [Credit(name=name, role="source")] if c not in credits)
            notes.append(change("credits", "moved-glued-credit", name, "infosources"))
            continue
        found = _strip_tail_credit(last)
        if found is None:
            break
        last, credit = found
        if not credit:
            notes.append(change("credits", "removed-end-mark", "(*)"))
            continue
        if " " in credit and credit.isupper():
            # "disiarkan.RENTAK TIMUR": the outlet's tag glued to the stop, as the dash
            # tags above are.
            src = add_unique(src, credit)
            credits += tuple(c for c in [Credit(name=credit, role="source")] if c not in credits)
            notes.append(change("credits", "moved-glued-credit", credit, "infosources"))
            continue
        by, src, more = credit_notes(credit, by, src, "credits", "moved-glued-credit")
        notes += more or [change("credits", "removed-end-code", credit)]  # "(adv)"
        new = tuple(c for c in parse_credit_line(credit) if c not in credits)
        credits += new
        notes += [change("credits", "credited", c.name, f"credits:{c.role}") for c in new]
    if not notes:
        return draft
    return with_changes(draft, notes, lines=(*paragraphs[:-1], last), by=by, infosources=src,
                        credits=credits)
