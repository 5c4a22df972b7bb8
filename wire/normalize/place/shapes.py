"""The regular expressions of every dateline shape ``dateline`` reads, one per shape, with
an example of the copy each was written for."""

from __future__ import annotations

import re

# " - ", "–", "--", and a hyphen right after the agency's bracket ("BANDUNG, (PR).- …").
DASH = re.compile(r"\s+[-–—―]{1,3}\s*|\s*[–—―]{1,2}\s*|\s*-{2,3}\s*|(?<=\))\.?-\s*")
PAREN = re.compile(r"\(\s*([^()]{1,40}?)\s*\)")
# "PETALING JAYA: …", "KAPIT, 14 Mac 2022: …", "Pokhara, Mar. 21: …".
COLON = re.compile(r"([A-Z][\w'’.-]*(?:,?\s[A-Z][\w'’.-]*){0,3}"
                   r"(?P<date>,\s*\d{1,2}\s+[A-Za-z]{3,9}\.?(?:,?\s+\d{4})?"
                   r"|,\s*[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:,\s+\d{4})?)?):\s+(?=\S)")
# "TIMIKA-Tim bola basket …": a shouted place glued to the story by a bare hyphen.
GLUED = re.compile(r"^([A-Z][A-Z.]{2,20}(?:\s[A-Z][A-Z.]{1,20}){0,2})-(?=[A-Z][a-z])")
# "CHICAGO, May 14, 2024 /PRNewswire/ --": the agency between slashes.
SLASHED = re.compile(r"\.?\s/(?P<agency>[A-Za-z][\w .&-]{1,30})/\.?\s*$")
SLASH_END = re.compile(r"\s/(?P<agency>[A-Za-z][\w .&-]{1,30})/[.:]\s+(?=[A-Z\"“])")
# A web timestamp before the dateline, cut off by a bar.
STAMP = re.compile(r"^([^|\n]{6,60}?)\s*\|\s*(?=[A-Z])")
# "Diperbarui 14 April 2024, 21:10 WITA Makale, …": a labelled web timestamp glued before.
LABELLED_STAMP = re.compile(
    r"^((?:diperbarui|diterbitkan|dipublikasikan|diposting|updated|published|posted)\s*:?\s*"
    r"[^A-Za-z]{0,4}[\w ,]{3,30}?\d{1,2}[:.]\d{2}(?:\s*(?:WIB|WITA|WIT|MYT|[AaPp]\.?[Mm]\.?))?)"
    r"\s+(?=[A-Z])", re.IGNORECASE)
# "24/02/2024 09:12 WITA Makassar - …", "12 Mac 2023, 10:15 pagi KUANTAN: …": a bare web
# timestamp (a full date and a clock time) glued before the dateline.
BARE_STAMP = re.compile(
    r"^((?:[A-Za-z']{3,9},?\s+)?(?:\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}|\d{1,2}\s+[A-Za-z]{3,9}\.?,?"
    r"\s+\d{4}|[A-Za-z]{3,9}\.?\s+\d{1,2},?\s+\d{4}),?\s*(?:pukul\s+|at\s+|[-|•·]\s*)?"
    r"\d{1,2}[:.]\d{2}(?:[:.]\d{2})?(?:\s*(?:[AaPp]\.?[Mm]\.?|pagi|petang|malam|tengah\s+hari))?"
    r"(?:\s*(?:WIB|WITA|WIT|MYT|SGT|GMT(?:[+-]\d{1,2})?|UTC(?:[+-]\d{1,2})?|[A-Z]{3,4}T))?)"
    r"\s+(?=[A-Z])")
# A dateline on a line of its own: a place (and its agency), maybe a dash or a colon.
OWN_LINE = re.compile(r"^(?P<place>[A-Z][\w'’.-]*(?:,?\s+[A-Z][\w'’.-]*){0,3})"
                       r"(?:\s*\((?P<agency>[^()]{2,30})\))?\s*[-–—:]{0,2}$")
# "MELAKA Seramai 1,200 peserta …": a shouted known place and the story, no dash between.
NO_DASH = re.compile(r"^(?P<place>[A-Z][A-Z'’.-]{2,}(?:\s[A-Z][A-Z'’.-]{1,}){0,2})"
                     r"\s+(?=[A-Z][a-z])")
# "SINGAPORE - Media OutReach - 12 March 2021 - LumiGreen …": a wire's name and the date,
# each behind its own dash, after the place.
WIRE_AND_DATE = re.compile(r"^(?P<agency>[A-Z][\w.&]*(?:\s[A-Z][\w.&]*){0,2})\s+[-–—]{1,2}\s+"
                            r"(?P<date>[^-–—]{5,25}?)\s+[-–—]{1,2}\s+(?=\S)")
# "NUNUKAN.NIAGA.ASIA –", "PALANGKA RAYA/TABENGAN.COM –": a place glued to the outlet's
# domain.
GLUED_DOMAIN = re.compile(r"^(?P<place>[A-Z][A-Za-z]{2,}(?:\s[A-Z][A-Za-z]+){0,2})[./]"
                           r"(?P<agency>[A-Za-z0-9-]+\.(?:com|co\.id|id|asia|net|my|news|org))"
                           r"\s*[-–—]{1,3}\s*(?=\S)", re.IGNORECASE)
# "Palembang, South Sumatra. A delay …": a known place and its region ended by a full stop.
PERIOD = re.compile(r"^(?P<place>[A-Z][\w'’-]+(?:\s[A-Z][\w'’-]+){0,2}"
                     r"(?:,\s[A-Z][\w'’-]+(?:\s[A-Z][\w'’-]+){0,2})?)\.\s+(?=[A-Z\"“])")
# "By Felicia Lai KUCHING (Feb 18): …": a byline glued before a shouted dateline.
# "Oleh NORAINI HASSAN | ALOR SETAR 24 Mei – …": the same with a bar after the name.
BYLINE_FIRST = re.compile(r"^(?:[Bb]y|BY|[Oo]leh|OLEH)\s+(?:(?P<barred>[^|•·\n]{3,40}?)\s*[|•·]\s*"
                          r"|(?P<name>[A-Z][\w'’.-]*(?:\s+[A-Z][a-z][\w'’.-]*){0,3})\s+)"
                          r"(?=[A-Z]{3,})")
MARKED_PLACE = re.compile(r"^[^\w(\"“]{0,4}\*(?P<place>[A-Z][A-Z .'-]{2,30})\*")
SHOUTED_PLACE = re.compile(r"(?P<place>[A-Z][A-Z .'-]{2,30}?)[.,:]\s+(?=\S)")
PLACE_DATE = re.compile(r"^(?P<place>[A-Z][A-Za-z .'-]{2,30}?)\s*\((?P<date>[^()]{3,20})\)"
                         r"\s*[:\-–—]+\s*(?=\S)")
BARE_YEAR = re.compile(r"(?:19|20)\d{2}")
# "(ANSA) - Naples, June 7 - …": the agency in brackets before the place.
AGENCY_FIRST = re.compile(r"^\(\s*(?P<agency>[^()]{2,30}?)\s*\)\s*[-–—]{1,3}\s*(?=[A-Z])")
PARTS = re.compile(r"\s*(?:[,|]|:(?=\s))\s*")
