"""Content identity: an exact fingerprint and a near-duplicate MinHash signature.

``fingerprint`` is the SHA-256 of headline and body casefolded with whitespace
collapsed, so retyped spacing or case does not make a new story. ``signature`` is a
MinHash (64 permutations, fixed seed) over the body's word 3-shingles; the store can
put it in LSH bands to find the same story sent twice, lightly edited.
"""

from __future__ import annotations

import hashlib
import re
from functools import cache
from typing import Any

from datasketch import MinHash

NUM_PERM = 64
SEED = 20181220
_WORD = re.compile(r"\w+")


def fingerprint(headline: str, body: str) -> str:
    """Hex SHA-256 of the normalized headline and body."""
    normalized = " ".join(f"{headline}\n{body}".casefold().split())
    return hashlib.sha256(normalized.encode("utf-8")).hexdigest()


def shingles(body: str, size: int = 3) -> set[bytes]:
    """The body's word ``size``-shingles, casefolded (the words themselves if fewer)."""
    words = _WORD.findall(body.casefold())
    if len(words) < size:
        return {" ".join(words).encode("utf-8")} if words else set()
    return {" ".join(words[i : i + size]).encode("utf-8") for i in range(len(words) - size + 1)}


@cache
def _template() -> Any:
    """A MinHash whose seeded permutations every signature shares (datasketch would
    rebuild them for each MinHash: most of the cost of a signature)."""
    return MinHash(num_perm=NUM_PERM, seed=SEED)


def signature(body: str) -> tuple[int, ...]:
    """MinHash values of the body's shingles, as plain ints."""
    found = shingles(body)
    if not found:
        return ()
    template = _template()
    minhash = MinHash(num_perm=NUM_PERM, seed=SEED, permutations=template.permutations,
                      scheme=template.scheme)
    minhash.update_batch(list(found))
    return tuple(int(v) for v in minhash.hashvalues)
