"""The pipeline step that acts on line roles.

Header metadata and page furniture leave the copy; an editor's note moves to ``ednote``;
a credit line becomes ``{name, role}`` credits. Headline, flag, embargo, dateline and body
lines stay for the steps after this one. Each removal and move is reported.

The tagger decides; two guards keep content safe when it is unsure: a line is only acted
on when the tagger's confidence is at least ``SURE``, and a sentence only goes when it
also shows furniture itself and the tagger is ``FURNITURE_SURE`` (so a sentence that
mentions an editor stays).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from wire.normalize.draft import Draft, change, with_changes
from wire.normalize.lines.headline import continuation_lines
from wire.normalize.people.agencies import is_organisation
from wire.normalize.place.dateline import parse_dateline
from wire.normalize.place.region import resolve_place
from wire.normalize.place.take import own_line_dateline
from wire.normalize.roles import lexicon
from wire.normalize.roles.credit_lines import (
    caption_credits,
    field_credits,
    is_contribution,
    is_job_title,
    label_only,
    parse_credit_line,
)
from wire.normalize.roles.features import has_furniture, opens_with_furniture
from wire.normalize.roles.layout import filled, read_layout
from wire.normalize.roles.lexicon import COPYRIGHT
from wire.normalize.roles.stamps import (
    AND_NAME,
    DESCRIBED_JOB,
    byline_stamp,
    is_credit_second_line,
    is_labelled,
    is_release_header,
    place_and_date,
    stamped_byline,
)
from wire.normalize.roles.tagger import Tagged
from wire.normalize.when.calendar import find_mentions
from wire.story import Change, Credit, CreditRole

SURE = 0.5
_CREDIT_LINE_CHARS = 80  # a longer line with a photo credit at its end is a caption
FURNITURE_SURE = 0.7
CAPTION_SURE = 0.4
PROMPT_SURE = 0.35  # a sentence opening with "Ikuti …", "Baca juga …", "Disclaimer:"
HEADLINE_WITHIN = 12  # non-blank lines from the top where a headline can be
_ABOVE_CHARS = 200
_BODY_SURE = 0.9
_ACTED = frozenset({"header", "junk", "credit", "ednote"})
_SENTENCE_END = (".", "!", "?", '"', "”", "’")
_YEAR = re.compile(r"\b(?:19|20)\d{2}\b")
# "[14/05/23 09.12] Humas Polres Sikka: Diteruskan": a chat export's stamp and sender.
_CHAT_STAMP = re.compile(r"^\[\d{1,2}/\d{1,2}/\d{2,4},?\s+\d{1,2}[.:]\d{2}"
                         r"(?:\s?(?:[APap][Mm]|PG|PTG|pg|ptg))?\]\s*[^:]{1,40}:\s*\S{0,20}$")
_CRUMBS = re.compile(r"\s[>»›]\s")
# Lines a headline never is: a mail's header fields and greeting, a CMS's other fields, a
# note to the desk. The title's own field ("Judul:", "Headline:") is a headline.
_NOT_A_TITLE = re.compile(
    r"^\W{0,3}(?:(?:from|to|cc|bcc|subject|sent|date|dari|kepada|perihal|subjek|tarikh|"
    r"tanggal|kicker|subhead|sub-?judul|ringkasan|summary|slug|status|kategori|category|"
    r"rubrik|section|seksyen|attn|attention|catatan|nota|note|editor'?s\s+note)\s*:"
    r"|forwarded\s+from\b|diteruskan\s+dari\b|(?:selamat\s+(?:pagi|siang|sore|petang|malam)"
    r"|salam|assalamualaikum|hi|hello|dear|yth|mas|mbak|bang|kak|tuan|puan)\b[\s,.!]"
    r"|(?:we|kami)\s+use\s+cookies|situs\s+ini\s+menggunakan\s+cookie)",
    re.IGNORECASE)
_DECK_ENDS = (".", "!", "?", '"', "”", "’", ":", ",", ";", "…", "-", "–")
def _wrapped_body(lines: Sequence[str], tags: list[Tagged]) -> set[int]:
    """Lines of hard-wrapped paragraphs: in a block of lines with no blank between them
    that holds a body line, every line of prose (three small words, or one that begins in
    lower case, as a continuation does) belongs to the paragraph, whatever its own words
    look like to the tagger."""
    keep: set[int] = set()
    block: list[int] = []
    for i in range(len(lines) + 1):
        if i < len(lines) and lines[i].strip():
            block.append(i)
            continue
        if len(block) > 1 and any(tags[j].role == "body" for j in block):
            for j in block:
                words = lines[j].split()
                if sum(w[:1].islower() for w in words) >= 3 or lines[j].strip()[:1].islower():
                    keep.add(j)
        block = []
    return keep


def _acts_on(line: str, tags: list[Tagged], i: int, wrapped: set[int] | None = None) -> bool:
    tag = tags[i]
    text = line.strip()
    if tag.ruled and tag.role in _ACTED:
        return True  # the copy's shape decided (a form's field, "About X" and after)
    if (tag.role in ("header", "junk") and wrapped and i in wrapped
            and not has_furniture(text) and not caption_credits(text)):
        return False
    # A caption ending in a photo credit ("… di Ketereh. - Foto: NAMA") is furniture on
    # its own evidence: the tagger need only lean that way.
    if tag.role in ("junk", "header") and tag.confidence >= CAPTION_SURE and caption_credits(text):
        return True
    if tag.role not in _ACTED or tag.confidence < SURE:
        return False
    # A sentence (three words or more, ended) is content unless the line itself shows
    # furniture (a prompt word, a link, an address, a notice) and the tagger is sure.
    # A sentence with a desk's code glued on ("… ujarnya. (Mad/Red)") is the story's last
    # paragraph; the glued-credit step takes the code.
    text = _GLUED_CODE.sub("", text) if len(text) > 60 else text
    words = text.split()
    sentence = (len(words) >= 3 and text.endswith(_SENTENCE_END)
                and any(w[:1].islower() for w in words))  # "Nama, S.Sos., M.Si." is a name
    # A line that opens with a prompt or notice word ("Disclaimer:", "Donate now") needs
    # only the tagger's ordinary confidence.
    needed = PROMPT_SURE if opens_with_furniture(text) else FURNITURE_SURE
    if tag.ruled:
        return True  # the copy's shape decided ("Subhead: More than …", "About X" and after)
    return not (sentence and tag.role in ("junk", "header")
                and (tag.confidence < needed or not has_furniture(text)))


def _one_headline(lines: Sequence[str], tags: list[Tagged], headline: int) -> list[Tagged]:
    """A copy has one headline: another line the tagger took for one is prose of the story
    (a hard-wrapped lead, "ATAMBUA, TIMEX–Kemarau panjang membuat …") or header."""
    out = list(tags)
    for i, tag in enumerate(tags):
        if tag.role == "headline" and i != headline:
            prose = sum(w[:1].islower() for w in lines[i].split()) >= 3
            out[i] = Tagged("body" if prose else "header", tag.confidence, tag.headline)
    return out


def _with_deck(draft: Draft, tags: list[Tagged], headline: int) -> list[Tagged]:
    """The deck under the headline ("Sekolah diminta membentuk tim pencegahan") is header.

    The first line under the headline that stays (past the byline and stamps), ends no
    sentence, stands in a paragraph of its own or above the byline block (a hard-wrapped
    lead never does) and is no dateline, when the copy goes on after it.
    """
    lines = draft.lines
    # The first line under the headline that stays, past the byline and stamps that leave.
    leaves = (*_ACTED, "flag", "embargo")
    nxt = next((i for i in range(headline + 1, len(lines)) if lines[i].strip()
                and (tags[i].role not in leaves or tags[i].confidence < SURE)), None)
    # A deck the tagger leaned to read as a dateline is one only if it parses as one.
    if nxt is None or tags[nxt].role not in ("body", "header", "dateline"):
        return tags
    text = lines[nxt].strip()
    if lexicon.DECK_FIELD.match(text):  # labelled as the deck by the CMS, sentence or not
        return [*tags[:nxt], Tagged("header", 1.0, tags[nxt].headline), *tags[nxt + 1:]]
    # Alone: a blank line under it, or the byline block that leaves ("Penulis: …").
    alone = nxt + 1 < len(lines) and (not lines[nxt + 1].strip()
                                      or tags[nxt + 1].role in ("credit", "header"))
    more = any(line.strip() for line in lines[nxt + 1:])
    if (alone and more and 4 <= len(text.split()) <= 30 and not text.endswith(_DECK_ENDS)
            and parse_dateline(text, draft.resources.gazetteer) is None
            and not lexicon.CREDIT_LABEL.match(text)):
        return [*tags[:nxt], Tagged("header", 1.0, tags[nxt].headline), *tags[nxt + 1:]]
    return tags


_GLUED_CODE = re.compile(r"(?<=[.!?\"”])\s*(?:\([^()]{1,30}\)|\[[^\[\]]{1,30}\])\s*$")


def _never_headline(text: str) -> bool:
    return bool(_CRUMBS.search(text) or _CHAT_STAMP.match(text) or caption_credits(text)
                or lexicon.RELEASE.match(text) or _NOT_A_TITLE.match(text) or _masthead(text)
                or _BARE_URL.fullmatch(text))


_CAPTION_WORDS = 6
_BARE_URL = re.compile(r"(?:https?://|www\.)\S+")  # a print version's address line


_MASTHEAD_PARTS = re.compile(r"\s+(?:-{2}|[|•·—])\s+")


def _masthead(text: str) -> bool:
    """"TIA BELAU -- Vol. XXVIII No. 33 -- August 16, 2019": a paper's name, issue and date
    between separators, one part of them a whole date, is its masthead."""
    parts = _MASTHEAD_PARTS.split(text)
    return len(parts) >= 2 and any(
        (found := find_mentions(p)) and found[0].year and len(found[0].text) >= len(p.strip()) - 2
        for p in parts)


def _above_headline(text: str, tag: Tagged, i: int, headline: int) -> bool:
    """A short line above the headline that no step after this one reads (a greeting, a
    mail header, a cookie banner, a masthead): the headline is the copy's first line."""
    if i < headline and _NOT_A_TITLE.match(text) and not lexicon.EDNOTE.match(text):
        return True
    return (i < headline and len(text) <= _ABOVE_CHARS
            and tag.role not in ("embargo", "flag", "ednote")
            and not lexicon.EMBARGO.search(text) and not lexicon.FLAG.match(text)
            and not lexicon.EDNOTE.match(text) and not lexicon.CREDIT_LABEL.match(text)
            and not (tag.role == "credit" and parse_credit_line(text)))


def _issuer(lines: Sequence[str], i: int) -> bool:
    """The office a release comes from, printed by its header ("KENYATAAN MEDIA" /
    "JABATAN BOMBA DAN PENYELAMAT MALAYSIA"), or an office with its unit ("University of
    Westmoor | School of Ocean Sciences"): a masthead, not the release's title."""
    text = lines[i].strip()
    if not is_organisation(text) or text.endswith(_SENTENCE_END):
        return False
    if " | " in text:
        return True
    near = [j for j in range(max(0, i - 4), min(len(lines), i + 5)) if j != i]
    return any(lexicon.RELEASE.match(lines[j].strip()) for j in near)


def _dateline_stub(draft: Draft, tags: list[Tagged], i: int) -> bool:
    """A dateline on a line of its own right above the story's first body line, which the
    tagger took for a credit ("SUNGAI PENUH –", "Palembang, Sumselupdate.com —")."""
    lines = draft.lines
    nxt = next((j for j in range(i + 1, len(lines)) if lines[j].strip()), None)
    if nxt is None or tags[nxt].role != "body" or len(lines[i].strip()) > 60:
        return False
    if any(lines[j].strip() and tags[j].role == "body" for j in range(i)):
        return False
    found = own_line_dateline(lines[i], lines[nxt], draft.resources.gazetteer)
    if found is None or found.place is None:
        return False
    # What the tagger read as the page's header ("SIBU:") is a dateline only at a place the
    # gazetteer knows ("Listen", "LEAD IN (PENYIAR)" are a page's and a script's words).
    return tags[i].role != "header" or resolve_place(
        draft.resources.gazetteer, found.place.split(",")[0]) is not None




def apply_line_roles(draft: Draft) -> Draft:
    """Drop header and junk lines, move notes and credits, as the tagger read them."""
    tagger = draft.resources.line_tagger
    if tagger is None or not draft.lines:
        return draft
    tags: list[Tagged] = tagger.tag(draft.lines)
    if not any(t.role == "body" and t.confidence >= SURE for t in tags):
        return draft  # copy the tagger cannot read as a story: the rule steps alone decide
    # The headline is never dropped: the line tagged so, else the likeliest one that is no
    # breadcrumb, caption, chat stamp or release header.
    protected = next((i for i, t in enumerate(tags) if t.role == "headline"
                      and not _never_headline(draft.lines[i].strip())
                      and not _issuer(draft.lines, i)), None)
    if protected is None:  # only now is the fallback worth its cost
        top = [i for i, line in enumerate(draft.lines) if line.strip()][:HEADLINE_WITHIN]
        candidates = [i for i in top if not _never_headline(draft.lines[i].strip())] or top
        # A line the tagger is sure is the story's body is no headline, whatever its
        # leaning toward one when the line it took for the headline is ruled out.
        unsure = [i for i in candidates
                  if not (tags[i].role == "body" and tags[i].confidence >= _BODY_SURE)]
        protected = max(unsure or candidates, key=lambda i: tags[i].headline)
    # A headline wrapped over lines keeps them all: the headline step joins them.
    wraps = continuation_lines(draft.lines, protected)
    tags = read_layout(draft.lines, tags, protected)
    tags = _one_headline(draft.lines, tags, protected)
    tags = _with_deck(draft, tags, protected + wraps)
    wrapped = _wrapped_body(draft.lines, tags)
    lines = list(draft.lines)
    credits: list[Credit] = list(draft.credits)
    header: list[str] = []
    notes: list[Change] = []
    inherited: CreditRole | None = None
    after_credit = False
    lead = _lead_line(draft.lines, tags, protected)
    dateline_line = ""
    unlabelled: list[str] = []
    for i, line in enumerate(draft.lines):
        text = line.strip()
        if not text or protected < i <= protected + wraps:
            continue
        if (i > protected and tags[i].role in ("credit", "junk", "dateline", "header")
                and not tags[i].ruled
                and not lexicon.CREDIT_LABEL.match(text) and _dateline_stub(draft, tags, i)):
            after_credit = False
            continue  # "SUNGAI PENUH –" over the lead: the dateline step's
        # The line under a byline that names only the agency or the job ("Associated Press",
        # "AP Medical Writer") belongs to the credit, whatever the tagger made of it.
        second = i != protected and ((after_credit and is_credit_second_line(text))
                                     or is_contribution(text))
        # "Oleh NIK MUHAMMAD HAZWAN" over "dan SITI AISYAH RAMLI": one byline on two lines.
        also = AND_NAME.match(text) if after_credit and credits else None
        second = second or also is not None
        after_credit = False
        stamp = i != protected and not _left_to_embargo(tags[i]) and (
                                    place_and_date(text) or bool(_CHAT_STAMP.match(text))
                                    or is_release_header(text, i, protected)
                                    or _above_headline(text, tags[i], i, protected)
                                    or byline_stamp(text, draft.resources.gazetteer))
        labelled = i != protected and is_labelled(text)
        if not (second or stamp or labelled) and (
                i == protected or not _acts_on(line, tags, i, wrapped)):
            continue
        role = "credit" if second or labelled else "header" if stamp else tags[i].role
        if role == "header" and not dateline_line and lead is not None and filled(
                draft.lines, i + 1) == lead and place_and_date(text):
            dateline_line = text  # "Sorong, 17 September 2020" over the lead: its dateline
        if i != protected and role in ("junk", "header") and len(text) <= 120 and (
                label_only(text) or (inherited and "@" in text)):
            # "To contact the reporter on this story:" and the contact lines under it credit
            # people whatever the tagger made of them.
            role = "credit"
        if role != "credit":
            inherited = None
        if role == "credit" and (COPYRIGHT.search(text) or lexicon.CONTACT.match(text)):
            role = "junk"  # a rights line names the owner, a media contact is no maker
        if role == "credit" and lexicon.RELEASE.match(text) and len(text.split()) <= 4:
            role = "header"  # "UNTUK SIARAN SEGERA", "RILIS MEDIA": the release's header
        if role == "credit":
            bare = label_only(text)
            # A caption the tagger read as a credit line credits its photo's maker only
            # ("Foto utama: Perahu … Senin (7/6). Foto: Fadli Kasim"), not its words.
            caption = caption_credits(text) if len(text) > _CREDIT_LINE_CHARS else []
            found = [Credit(name=also["name"], role=credits[-1].role)] if also else [] if (
                bare) else (caption or parse_credit_line(text, inherited) or field_credits(text)
                            or stamped_byline(text, draft.resources.gazetteer))
            # "Laporan: Nurul Izzati Mansor, Sungai Petani": the reporter's town, no one.
            # "Foto: Umat Hindu mengusung pratima …, Singaraja.": a caption's place, too.
            found = [c for c in found if not (
                (len(found) > 1 or len(text.split()) >= _CAPTION_WORDS)
                and c.role not in ("source", "desk")
                and resolve_place(draft.resources.gazetteer, c.name) is not None)]
            # "Kepala Dishub Tanjungpinang" under a signature, "Wartawan sambilan,
            # Kinabatangan": the signer's office, the reporter's job and town, no one new.
            found = [] if DESCRIBED_JOB.match(text) else [
                c for c in found if not is_job_title(c.name)]
            inherited = bare or inherited
            if not found and not bare and not is_job_title(text):
                if i < protected:  # "Rilis | Senin, 3 Februari 2020 16:10 WIB": the page's
                    role = "header"  # header above the headline, whatever it credits
                elif not has_furniture(text):
                    continue  # nothing readable: the credit steps after this one look again
                else:
                    role = "junk"  # "Ikuti Harianjogja.com di Google News": a prompt
        if role == "credit":
            credits += [c for c in found if c not in credits]
            if not lexicon.CREDIT_LABEL.match(text) and not inherited:
                unlabelled += [c.name for c in found]
            notes += [change("roles", "moved-credit", c.name, f"credits:{c.role}") for c in found]
            notes.append(change("roles", "removed-credit-line", text))
            after_credit = True
        elif role == "ednote":
            notes.append(change("roles", "moved-editors-note", text, "ednote"))
        else:
            # Header lines and short dated lines (a release's "Manado, 7 Agustus 2020") are
            # the dates the copy prints: evidence for the event date.
            if role == "header" or (len(text) <= 60 and _YEAR.search(text)):
                header.append(text)
            if role in ("header", "junk"):
                # "Wahyu Nugraha, Jurnalis · Sabtu 02 Januari 2021 07:45 WIB"; a CMS's fields
                # "Section: Benguet | Byline: A | Editor: B".
                found = [c for c in (field_credits(text) or (
                    stamped_byline(text, draft.resources.gazetteer) if role == "header" else []))
                    if c not in credits]
                credits += found
                notes += [change("roles", "moved-credit", c.name, f"credits:{c.role}")
                          for c in found]
            # A caption leaves with its photo credit kept: "… - Foto: Nama".
            found = [c for c in caption_credits(text) if c not in credits]
            credits += found
            notes += [change("roles", "moved-credit", c.name, f"credits:{c.role}") for c in found]
            notes.append(change("roles", f"removed-{role}-line", text))
        lines[i] = ""
    roles = tuple(t.role for t in tags)
    return with_changes(draft, notes, lines=tuple(lines), credits=tuple(credits),
                        header_lines=draft.header_lines + tuple(header), line_roles=roles,
                        dateline_line=dateline_line, unlabelled=tuple(unlabelled))


def _lead_line(lines: Sequence[str], tags: list[Tagged], headline: int) -> int | None:
    """The first line under the headline the tagger read as the body."""
    return next((i for i, tag in enumerate(tags)
                 if i > headline and tag.role == "body" and lines[i].strip()), None)


def _left_to_embargo(tag: Tagged) -> bool:
    """An embargo's time on the line under it, which the layout left to the embargo step."""
    return tag.ruled and tag.role == "embargo"
