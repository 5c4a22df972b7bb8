"""What an account is: correspondents, partners, their entitlements and tokens, and the
checks and files that make them (no I/O but reading the partners file it is given).

A secret is shown once, when made, and stored only as its SHA-256 (the secrets are 256-bit
random tokens, so a fast hash is enough: there is nothing to brute-force).
"""

from __future__ import annotations

import hashlib
import re
import secrets
import tomllib
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from wire.errors import Conflict, InvalidField, NotFound

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
LANG = re.compile(r"^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$")
Kind = Literal["correspondent", "partner"]
TOKEN_ID_LENGTH = 8


class Correspondent(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: str
    name: str
    agency: str | None = None
    region: str | None = None
    desk: str | None = None


class Entitlements(BaseModel):
    """Per dimension a list; empty means every value. AND across dimensions, OR within."""

    model_config = ConfigDict(frozen=True)

    desks: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    early_urgent: bool = False


class Partner(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: str
    name: str
    entitlements: Entitlements = Field(default_factory=Entitlements)


class Principal(BaseModel):
    """Who a presented secret belongs to."""

    model_config = ConfigDict(frozen=True)

    kind: Kind
    id: str


class Token(BaseModel):
    """One live secret of an account, as stored: never the secret itself.

    ``id`` (the first hex digits of the hash) is public: the desk lists and revokes tokens
    by it without holding the secret.
    """

    model_config = ConfigDict(frozen=True)

    id: str
    hash: str
    created: datetime
    label: str | None = None


class SyncResult(BaseModel):
    """What ``sync_partners`` did to one entry of the declarative file."""

    model_config = ConfigDict(frozen=True)

    partner: Partner
    action: Literal["created", "updated", "unchanged"]
    token: str | None = None


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def make_secret(kind: Kind) -> str:
    return f"{'ck' if kind == 'correspondent' else 'pt'}_{secrets.token_urlsafe(32)}"


def check_slugs(values: Iterable[str], what: str) -> tuple[str, ...]:
    out = tuple(v.strip().lower() for v in values)
    for value in out:
        if not SLUG.match(value):
            raise InvalidField(
                f"{what} {value!r} is not a slug: use lowercase ASCII letters, digits and hyphens "
                "(e.g. 'lampung-barat')."
            )
    return out


def check_languages(values: Iterable[str]) -> tuple[str, ...]:
    out = tuple(v.strip() for v in values)
    for value in out:
        if not LANG.match(value):
            raise InvalidField(f"language {value!r} is not a BCP 47 code such as 'id' or 'en'.")
    return out


def find_token(live: Iterable[Token], ref: str, owner: str) -> Token:
    """The token ``ref`` names: a whole secret, a token id, or a unique start of an id."""
    tokens = list(live)
    ref = ref.strip()
    if ref.startswith(("pt_", "ck_")):
        digest = hash_secret(ref)
        exact = [t for t in tokens if t.hash == digest]
        if exact:
            return exact[0]
        raise NotFound(f"That secret is not a live token of {owner}.")
    if len(ref) < 4 or not re.fullmatch(r"[0-9a-f]+", ref.lower()):
        raise InvalidField(
            f"{ref!r} is not a token id: give the id (8 hex digits) that 'show' lists, or the "
            "token itself."
        )
    found = [t for t in tokens if t.id.startswith(ref.lower())]
    if not found:
        ids = ", ".join(t.id for t in tokens) or "none"
        raise NotFound(f"{owner} has no token {ref!r}; its tokens: {ids}.")
    if len(found) > 1:
        raise Conflict(f"{ref!r} names several tokens of {owner} "
                       f"({', '.join(t.id for t in found)}); give more digits.")
    return found[0]


class PartnerEntry(BaseModel):
    """One ``[[partners]]`` table of the declarative file."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(min_length=1)
    desks: list[str] = []
    regions: list[str] = []
    languages: list[str] = []
    early_urgent: bool = False


def read_partner_file(path: Path) -> list[tuple[str, Entitlements]]:
    """Parse and validate the whole file first, so a bad entry changes nothing.

    Every error names the file and the entry (its position and name).
    """
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise InvalidField(f"{path}: cannot read the partner file ({exc.strerror}).") from exc
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise InvalidField(f"{path}: not valid TOML: {exc}.") from exc
    extra = set(data) - {"partners"}
    if extra:
        raise InvalidField(f"{path}: unknown top-level keys {sorted(extra)}; partners are "
                           "declared as [[partners]] tables.")
    tables = data.get("partners", [])
    if not isinstance(tables, list):
        raise InvalidField(f"{path}: 'partners' must be an array of tables ([[partners]]).")
    entries: list[tuple[str, Entitlements]] = []
    for number, table in enumerate(tables, start=1):
        where = f"{path}: partner #{number}"
        if isinstance(table, dict) and isinstance(table.get("name"), str):
            where += f" ({table['name']!r})"
        try:
            entry = PartnerEntry.model_validate(table)
            name = entry.name.strip()
            if not name:
                raise InvalidField("name is empty")
            rights = Entitlements(
                desks=check_slugs(entry.desks, "desk"),
                regions=check_slugs(entry.regions, "region"),
                languages=check_languages(entry.languages),
                early_urgent=entry.early_urgent,
            )
        except ValidationError as exc:
            problems = "; ".join(f"{'.'.join(str(p) for p in e['loc']) or 'entry'}: {e['msg']}"
                                 for e in exc.errors(include_url=False))
            raise InvalidField(f"{where}: {problems}.") from exc
        except InvalidField as exc:
            raise InvalidField(f"{where}: {exc.detail}") from exc
        if any(name == seen for seen, _ in entries):
            raise InvalidField(f"{where}: the name {name!r} is declared twice.")
        entries.append((name, rights))
    return entries
