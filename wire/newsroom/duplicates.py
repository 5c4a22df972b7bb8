"""Near-duplicate detection over MinHash signatures with LSH banding.

A signature of 64 MinHash values is cut into 16 bands of 4; two stories sharing any band
are candidates, confirmed when their estimated Jaccard similarity of word shingles reaches
``THRESHOLD``. With these numbers a pair at similarity 0.8 is found with probability above
0.999 and a pair at 0.3 becomes a candidate about 12% of the time (then rejected).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

ROWS = 4
THRESHOLD = 0.7


def bands(signature: Sequence[int]) -> list[str]:
    """One short digest per band of ``signature``."""
    return [
        hashlib.blake2b(
            ",".join(map(str, signature[i : i + ROWS])).encode(), digest_size=8
        ).hexdigest()
        for i in range(0, len(signature) - ROWS + 1, ROWS)
    ]


def similarity(a: Sequence[int], b: Sequence[int]) -> float:
    """Estimated Jaccard similarity of the shingle sets behind two signatures."""
    if not a or len(a) != len(b):
        return 0.0
    return sum(x == y for x, y in zip(a, b, strict=True)) / len(a)


def is_near_duplicate(a: Sequence[int], b: Sequence[int]) -> bool:
    return similarity(a, b) >= THRESHOLD
