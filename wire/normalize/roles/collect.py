"""The last credit step: every credit with its role, once, and ``by`` and ``infosources``
as they follow from the credits."""

from __future__ import annotations

import re

from wire.normalize.draft import Draft, add_unique, change, with_changes
from wire.normalize.place.dateline import squeezed
from wire.story import Credit, CreditRole

_NOT_A_NAME = re.compile(r"#\S+|(?:end|ends|tamat|selesai|habis)\.?", re.IGNORECASE)
_NAMED_ROLES = frozenset({"writer", "editor", "translator", "contributor"})
_DESK_CODE = re.compile(r"[a-z]{2,4}\d{0,3}|[a-z]\d{1,3}")


def _is_stamp(name: str) -> bool:
    """"JBR 101620 MYT JUN 2020": a wire's transmission stamp (numbers, not a name)."""
    return len(_NUMBER.findall(name)) >= 2


_NUMBER = re.compile(r"\d{3,}")
# "Sungai Petani", "Kuala Kurun": a town by its first word, read as a reporter from a line
# like "Laporan: Nama, Sungai Petani" — no person is called so.
_PLACE = re.compile(r"(?:kuala|sungai|sungei|kota|pulau|tanjung|teluk|bandar|muara|bukit|"
                    r"kampung|kampong|pantai|labuhan|pangkalan)(?:\s+[A-Z][\w'’-]*){1,2}",
                    re.IGNORECASE)


def _mastheads(agency: str | None) -> frozenset[str]:
    """The dateline's outlet as a byline would spell it: "ULINKALTENG.COM" is the "Ulin
    Kalteng" of the page's stamp ("Ulin Kalteng | Senin, 7 Oktober 2019"), no reporter."""
    if not agency:
        return frozenset()
    return frozenset({squeezed(_DOMAIN_END.sub("", agency))})


_DOMAIN_END = re.compile(r"\.(?:com|co\.id|id|my|net|org|co|news)$", re.IGNORECASE)


def _is_outlet(credit: Credit, outlets: list[str]) -> bool:
    """A "person" who is an outlet credited elsewhere: "Edisi9" (no person's name has a
    digit) beside "EDISI9", "Utusan Malaysia" (a masthead line) beside "Utusan"."""
    name = squeezed(credit.name)
    return any((name == outlet and any(ch.isdigit() for ch in name))
               or (len(outlet) >= _OUTLET_CHARS and name != outlet and name.startswith(outlet))
               for outlet in outlets)


_OUTLET_CHARS = 5


def _one_each(credits: list[Credit], unlabelled: frozenset[str] = frozenset(),
              mastheads: frozenset[str] = frozenset()) -> list[Credit]:
    """One credit per name and role, as written where it is not shouted ("Kementerian X"
    over "KEMENTERIAN X"); an outlet is not also a person, a name credited as a person is
    not also an outlet, and one
    credited as writer, editor, translator or contributor is not also a reporter (that
    reporter is a bare signature or contact line read as a byline, ``unlabelled``)."""
    outlets = [squeezed(c.name) for c in credits if c.role == "source"]
    credits = [c for c in credits if c.role in ("source", "desk") or not (
        _is_outlet(c, outlets) or squeezed(c.name) in mastheads or _PLACE.fullmatch(c.name))]
    people = {c.name.casefold() for c in credits if c.role not in ("source", "desk")}
    named = {c.name.casefold() for c in credits if c.role in _NAMED_ROLES}
    credits = [c for c in credits if not (c.role == "reporter" and c.name.casefold() in named
                                          and c.name.casefold() in unlabelled)]
    # "Ditulis oleh X pada 17 Mei" over "Wartawan: X": one reporter, named twice.
    reporters = {c.name.casefold() for c in credits if c.role == "reporter"}
    credits = [c for c in credits if not (c.role == "writer" and c.name.casefold() in reporters)]
    kept: dict[tuple[str, str], Credit] = {}
    for credit in credits:
        key = (credit.name.casefold(), credit.role)
        if credit.role == "source" and key[0] in people:
            continue
        if key not in kept or (kept[key].name.isupper() and not credit.name.isupper()):
            kept[key] = credit
    return list(kept.values())


def collect_credits(draft: Draft) -> Draft:
    """Every credit with its role: the tagger's, then bylines and sources the other credit
    steps found (a byline is a reporter, a source an outlet). ``by`` and ``infosources``
    follow from the credits."""
    # An end mark or a hashtag the older steps took for a name credits no one.
    junk = {n for n in (*draft.by, *draft.infosources) if _NOT_A_NAME.fullmatch(n)}
    unlabelled = frozenset(n.casefold() for n in draft.unlabelled)
    credits = _one_each([c for c in draft.credits if c.name not in junk
                         and not _NOT_A_NAME.fullmatch(c.name) and not _is_stamp(c.name)],
                        unlabelled, _mastheads(draft.dateline.agency))
    names = {c.name.casefold() for c in credits}
    # Desk initials ("ant/dra") are credits as printed, not bylines of "dra".
    names |= {part.strip().casefold() for c in credits if c.role == "desk"
              for part in c.name.replace(" ", "/").split("/")}
    for name in (n for n in draft.by if n not in junk):
        if name.casefold() not in names:
            # "(dof)", "(m27)" glued to the last paragraph: a desk code, as printed.
            role: CreditRole = "desk" if _DESK_CODE.fullmatch(name) else "reporter"
            credits.append(Credit(name=name, role=role))
            names.add(name.casefold())
    agency = (draft.dateline.agency or "").casefold()
    for name in (n for n in draft.infosources if n not in junk):
        if name.casefold() not in names and name.casefold() != agency:
            credits.append(Credit(name=name, role="source"))
            names.add(name.casefold())
    desk = {part.strip().casefold() for c in credits if c.role == "desk"
            for part in c.name.replace(" ", "/").split("/")}
    desk |= {c.name.casefold() for c in credits if c.role == "desk"}
    by = add_unique(tuple(n for n in draft.by if n.casefold() not in desk and n not in junk),
                    *(c.name for c in credits if c.role in ("reporter", "writer")))
    sources = add_unique(tuple(n for n in draft.infosources if n not in junk),
                         *(c.name for c in credits if c.role == "source"))
    added = credits[len(draft.credits):]
    notes = [change("credits", "credited", c.name, f"credits:{c.role}") for c in added]
    return with_changes(draft, notes, credits=tuple(credits), by=by, infosources=sources)
