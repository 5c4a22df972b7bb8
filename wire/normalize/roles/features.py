"""Layout evidence for each line of copy, the input of the line-role tagger.

Every feature is one that holds for any outlet: where the line sits (from the top, from the
bottom, next to blank lines), its length and shape (a sentence or not, capitalised words,
digits), dates, times and zones, URLs, e-mail addresses and handles, separators, a dateline
shape, desk-code shape, and the role words of ``lexicon``. The features of the lines
around it are copied in with a ``-1:``/``+1:`` prefix, so the tagger reads a line in its
context as a desk editor does.

Lines also carry their first words, their last word and the first words of their
neighbours (lower-cased), and how many function words of the three languages they use:
label words and prose are told apart by the words themselves as much as by the shape, and
the tagger learns which words say what from every outlet of the corpus at once (measured
leave-one-folder-out, on folders whose outlets the rest never show: 93.9% of lines right
without them, 95.8% with them and with the body zone below).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from wire.normalize.roles import lexicon

Features = dict[str, float]

_WORD = re.compile(r"[^\W\d_][\w'’.-]*")
_DATE = re.compile(
    r"\b\d{1,2}\s*[/.-]\s*\d{1,2}(?:\s*[/.-]\s*\d{2,4})?\b|\b\d{4}-\d{2}-\d{2}\b"
    r"|\b\d{1,2}\s+(?:jan|feb|mar|apr|mei|may|jun|jul|ag[su]|aug|sep|o[kc]t|nov|de[sc]|dis)\w*"
    r"|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)\w*\.?\s+\d{1,2}\b",
    re.IGNORECASE)
_WEEKDAY = re.compile(
    r"\b(?:senin|selasa|rabu|kamis|jumat|jum'at|sabtu|minggu|ahad|isnin|khamis|monday|tuesday"
    r"|wednesday|thursday|friday|saturday|sunday|mon|tue|wed|thu|fri|sat|sun)\b", re.IGNORECASE)
_TIME = re.compile(r"\b\d{1,2}[:.]\d{2}(?:[:.]\d{2})?\b|\b\d{1,2}\s*(?:am|pm|a\.m\.|p\.m\.)",
                   re.IGNORECASE)
_ZONE = re.compile(r"\b(?:WIB|WITA|WIT|MYT|SGT|GMT|UTC|EST|EDT|CST|CDT|PST|PDT|CET|CEST|BST|IST"
                   r"|JST|KST|AEDT|AEST|HKT|PHT|ICT)\b|[+-]\d{2}:?\d{2}\b")
_YEAR = re.compile(r"\b(?:19|20)\d{2}\b")
_URL = re.compile(r"https?://|www\.|\b[\w-]+\.(?:com|co\.id|id|my|net|org|news|tv|sg|ph)\b",
                  re.IGNORECASE)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+")
_HANDLE = re.compile(r"(?<!\w)@\w{2,}")
_LETTERS = re.compile(r"[^\W\d_]")
_DIGITS = re.compile(r"\d")
# Breadcrumbs: "Home > Daerah > Jambi", "Berita » Sabah", "News › Local".
_CRUMBS = re.compile(r"^[^.!?]{1,40}(?:\s[>»›]\s[^.!?]{1,40})+$")
_HASHTAG = re.compile(r"(?<!\w)#\w{2,}")
_SEPARATOR = re.compile(r"\s[|•·]\s|\s/\s|\s\|\s?|\s[-–—]\s")
_DESK_CODE = re.compile(r"^\(?\s*[a-z]{1,5}\d{0,3}(?:\s*/\s*[a-z]{1,5}\d{0,3}){1,4}\s*\)?\.?$")
_BRACKETED = re.compile(r"^[\[(].*[\])]\.?$")
_DATELINE = re.compile(
    r"^(?:[A-Z][A-Za-z'’.-]*(?:\s+[A-Z][A-Za-z'’.-]*){0,3}|[A-Z .-]{3,30})"
    r"(?:,\s*[^()\n]{1,40})?\s*(?:\(\s*[^()]{2,30}\s*\)|/[^/]{2,20}/)\s*[-–—:]*"
    r"|^[A-Z][A-Z .'-]{2,30}\s*(?:,[^-–—]{1,40})?\s*[-–—]{1,2}\s")
_AGENCY_FIRST = re.compile(r"^[A-Z][\w.-]{1,25}(?:\.com|\.co\.id|\.id)?\s*[,|]\s*"
                           r"[A-Z][A-Z a-z.-]{2,30}\s*[-–—]{1,2}\s")
_SENTENCE_END = (".", "!", "?", '"', "”", "’", ".)", "…")
_NAME_LIKE = re.compile(r"^(?:[A-Z][\w'’.-]*\s?){1,5}$")

_LEXICON = (("related", lexicon.RELATED), ("share", lexicon.SHARE), ("tags", lexicon.TAGS),
            ("caption", lexicon.CAPTION), ("release", lexicon.RELEASE),
            ("ednote", lexicon.EDNOTE), ("published", lexicon.PUBLISHED))
_CONTEXT = frozenset({"sent", "len", "credit", "date", "caps", "name", "url", "short",
                      "crumbs", "w0"})
_TOKEN = re.compile(r"[^\W\d_]+")
_BAG = 6  # the first words of a line say what it is; the rest say what it is about
# A prose line: long and ending as a sentence. The body is the span from the first to the
# last of them; header and trailer lines sit outside it.
_PROSE_CHARS = 90


def _bucket(value: int, edges: Sequence[int]) -> str:
    for edge in edges:
        if value <= edge:
            return str(edge)
    return f">{edges[-1]}"


_LONG = 400


def _lowered(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """``pattern`` without IGNORECASE, to run on lower-cased text: the same answers at
    about half the cost (sre's case folding is per character)."""
    if not pattern.flags & re.IGNORECASE:
        return pattern
    assert not re.search(r"[A-Z]", re.sub(r"\\.", "", pattern.pattern)), pattern.pattern
    return re.compile(pattern.pattern, pattern.flags & ~re.IGNORECASE)


_DIGIT = "0"
# (feature, pattern run on the lower-cased line, what the line must contain for the pattern
# to have a chance: _DIGIT a digit, else one of these substrings, None anything). The
# guards are exact, not heuristics: each pattern cannot match without one of them.
_LOWER_PATTERNS: tuple[tuple[str, re.Pattern[str], tuple[str, ...] | None], ...] = (
    ("date", _lowered(_DATE), (_DIGIT,)), ("time", _lowered(_TIME), (_DIGIT,)),
    ("year", _YEAR, (_DIGIT,)), ("url", _lowered(_URL), (".",)),
    ("email", _EMAIL, ("@",)), ("handle", _HANDLE, ("@",)), ("sep", _SEPARATOR, (" ",)),
    ("embargo", _lowered(lexicon.EMBARGO),
     ("embargo", "release", "publication", "disiarkan")),
    ("copyright", _lowered(lexicon.COPYRIGHT),
     ("©", "(c)", "copyright", "hak", "rights", "dilarang")),
)
# Patterns that read case (capitals are their evidence), run on the line as printed.
_CASED_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("desk", _DESK_CODE), ("bracketed", _BRACKETED), ("dateline", _DATELINE),
    ("agencyfirst", _AGENCY_FIRST), ("flag", lexicon.FLAG), ("crumbs", _CRUMBS),
)
_WEEKDAYS = frozenset(_WEEKDAY.pattern.partition("(?:")[2].partition(")")[0].split("|"))
_ZONES = frozenset(_ZONE.pattern.partition("(?:")[2].partition(")")[0].split("|"))
_OFFSET = re.compile(r"[+-]\d{2}:?\d{2}\b")


def _pattern_features(text: str, words: Sequence[str], digits: int) -> Features:
    low = text.lower()
    feats: Features = {}
    for name, pattern, needs in _LOWER_PATTERNS:
        if needs is not None and not any(
                (digits if need == _DIGIT else need in low) for need in needs):
            continue
        if pattern.search(low):
            feats[name] = 1.0
    for name, pattern in _CASED_PATTERNS:
        if pattern.search(text):
            feats[name] = 1.0
    bare = {word.rstrip(".-'’") for word in words}
    if any(word.lower() in _WEEKDAYS for word in bare):
        feats["weekday"] = 1.0
    if not bare.isdisjoint(_ZONES) or (digits and _OFFSET.search(text)):
        feats["zone"] = 1.0
    if len(words) <= 5 and _NAME_LIKE.match(text):
        feats["name"] = 1.0
    return feats


def own_features(line: str) -> Features:
    """The evidence of one non-blank line on its own (a long line: its two ends)."""
    text = line.strip()
    if len(text) > _LONG:  # the evidence of a paragraph is at its ends; keeps cost flat
        text = text[: _LONG // 2] + " " + text[-_LONG // 2:]
    words = _WORD.findall(text)
    feats: Features = {"bias": 1.0}
    feats[f"len={_bucket(len(text), (3, 10, 25, 45, 80, 140, 250))}"] = 1.0
    feats[f"words={_bucket(len(words), (1, 2, 3, 5, 8, 13, 25))}"] = 1.0
    if text.endswith(_SENTENCE_END):
        feats["sent"] = 1.0
    if text.endswith(":"):
        feats["colon_end"] = 1.0
    if ":" in text[:30]:
        feats["colon_early"] = 1.0
    first = text[0]
    feats["first=" + ("upper" if first.isupper() else "lower" if first.islower()
                      else "digit" if first.isdigit() else "punct")] = 1.0
    if words:
        caps = sum(w[0].isupper() for w in words) / len(words)
        feats[f"caps={_bucket(int(caps * 10), (2, 5, 8, 10))}"] = 1.0
    if text.isupper() and len(_LETTERS.findall(text)) >= 3:
        feats["allcaps"] = 1.0
    digits = len(_DIGITS.findall(text))
    feats[f"digits={_bucket(int(10 * digits / len(text)), (0, 1, 3, 10))}"] = 1.0
    feats.update(_pattern_features(text, words, digits))
    label = lexicon.CREDIT_LABEL.match(text)
    if label:
        feats["credit"] = 1.0
        feats["credit=" + lexicon.credit_role(label["label"])] = 1.0
        if label["sep"].strip():
            feats["credit_sep"] = 1.0
    for name, pattern in _LEXICON:
        if pattern.match(text):
            feats["lex=" + name] = 1.0
    if len(text) <= 60 and not text.endswith(_SENTENCE_END):
        feats["short"] = 1.0
    if len(_HASHTAG.findall(text)) >= 2:
        feats["hashtags"] = 1.0
    feats.update(_word_features(text))
    return feats


def _word_features(text: str) -> Features:
    raw = _TOKEN.findall(text[:200])
    if not raw:
        return {}
    tokens = [token.lower() for token in raw]
    function = sum(token in lexicon.FUNCTION_WORDS for token in tokens)
    lower = sum(word[:1].islower() for word in raw)
    feats: Features = {
        f"stop={_bucket(function, (0, 1, 2, 4, 8))}": 1.0,
        f"stopshare={_bucket(int(10 * function / len(tokens)), (0, 1, 2, 3, 5))}": 1.0,
        f"lowshare={_bucket(int(10 * lower / len(tokens)), (0, 2, 5, 8, 10))}": 1.0,
        "w0=" + tokens[0]: 1.0, "wl=" + tokens[-1]: 1.0,
    }
    if len(tokens) > 1:
        feats[f"w01={tokens[0]}_{tokens[1]}"] = 1.0
    for token in tokens[:_BAG]:
        feats["b=" + token] = 1.0
    return feats


def _body_zone(lines: Sequence[str]) -> list[str]:
    """Each line's place against the body: before it, inside it or after it (and how far),
    the body being the span of prose lines. Empty names when the copy has no prose line."""
    prose = [n for n, line in enumerate(lines)
             if len(line.strip()) >= _PROSE_CHARS and line.strip().endswith(_SENTENCE_END)]
    if not prose:
        return [""] * len(lines)
    first, last = prose[0], prose[-1]
    return [f"before,{_bucket(first - n, (1, 2, 3, 5))}" if n < first
            else f"after,{_bucket(n - last, (1, 2, 3, 5))}" if n > last else "inside"
            for n in range(len(lines))]


def sequence_features(lines: Sequence[str]) -> list[Features]:
    """Features of each non-blank line of ``lines``, with position and context."""
    kept = [(i, line) for i, line in enumerate(lines) if line.strip()]
    own = [own_features(line) for _, line in kept]
    context = [[(name, value) for name, value in feats.items()
                if name.partition("=")[0] in _CONTEXT] for feats in own]
    count = len(kept)
    zones = _body_zone([line for _, line in kept])
    out: list[Features] = []
    for n, ((i, _line), feats) in enumerate(zip(kept, own, strict=True)):
        row = dict(feats)
        if zones[n]:
            where, _, distance = zones[n].partition(",")
            row["zone=" + where] = 1.0
            if distance:
                row[f"zone_{where}={distance}"] = 1.0
        row[f"pos={_bucket(n, (0, 1, 2, 4, 7))}"] = 1.0
        row[f"rpos={_bucket(count - 1 - n, (0, 1, 2, 4, 7))}"] = 1.0
        row[f"frac={int(10 * n / count)}"] = 1.0
        if i == 0 or not lines[i - 1].strip():
            row["blank_before"] = 1.0
        if i + 1 >= len(lines) or not lines[i + 1].strip():
            row["blank_after"] = 1.0
        for offset in (-2, -1, 1, 2):
            j = n + offset
            if 0 <= j < count:
                prefix = f"{offset:+d}:"
                for name, value in context[j]:
                    row[prefix + name] = value
            else:
                row[f"{offset:+d}:edge"] = 1.0
        out.append(row)
    return out


_FURNITURE = lexicon.anywhere(lexicon.RELATED, lexicon.SHARE, lexicon.TAGS, lexicon.CAPTION,
                              lexicon.RELEASE)


def has_furniture(line: str) -> bool:
    """True when a line carries evidence of page furniture anywhere in it: a role word of
    the lexicon, a URL, an e-mail address, a handle or a rights notice."""
    return bool(_FURNITURE.search(line) or _URL.search(line) or _EMAIL.search(line)
                or _HANDLE.search(line) or lexicon.COPYRIGHT.search(line)
                or len(_HASHTAG.findall(line)) >= 2
                or _DISCLAIMER.search(line))


_DISCLAIMER = re.compile(r"\b(?:disclaimer|penafian|sanggahan|privacy|privasi|cookies?|"
                         r"confidential|privileged|intended\s+recipient|sulit|rahsia)\b",
                         re.IGNORECASE)


_OPENERS = (lexicon.RELATED, lexicon.SHARE, lexicon.TAGS, lexicon.RELEASE)
_NOTICE = re.compile(r"^\W{0,3}(?:disclaimer|penafian|we\s+value\s+your\s+privacy|"
                     r"the\s+views\s+of|pandangan\s+dalam|"
                     # a mail's confidentiality notice: "This message (including …) is …"
                     r"(?:this|the)\s+(?:e-?mail|message|transmission)|(?:e-?mel|e-?mail|surel|"
                     r"pesan|mesej)\s+ini)\b", re.IGNORECASE)


def opens_with_furniture(line: str) -> bool:
    """True when a line begins with a prompt, related-link, tag or notice word."""
    text = line.strip()
    return any(p.match(text) for p in _OPENERS) or bool(_NOTICE.match(text))
