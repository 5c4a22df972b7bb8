"""Who is an organisation and who is a person, and how agencies write their own names.

Agencies are kept as the copy writes them, except that a known agency gets its own
spelling (``antara`` → ``ANTARA``, ``REUTERS`` → ``Reuters``) and a shouted domain name
is written the way the outlet credits itself (``TRIBUNLAMPUNG.CO.ID`` →
``Tribunlampung.co.id``).
"""

from __future__ import annotations

import re

KNOWN_AGENCIES: dict[str, str] = {
    name.casefold(): name
    for name in (
        "ANTARA", "ISN", "KOMPAS.com", "Tribunlampung.co.id", "Tribunnews.com", "AP",
        "Reuters", "AFP", "PTI", "Bernama", "Xinhua", "Kyodo", "Yonhap", "dpa", "EFE", "ANSA",
        "UPI", "IANS", "ANI", "CNA", "Jiji", "AAP", "PA", "TASS", "Anadolu", "VNA", "PNA", "TNA",
        "BBC", "CNN", "NHK", "Bloomberg", "Dow Jones", "Associated Press", "Agence France-Presse",
        "Press Trust of India", "MDSNews", "detikcom", "detikNews", "Tempo.co", "Liputan6.com",
        "Okezone", "Kumparan", "Republika", "Lampost", "Lampung Post", "Radar Lampung",
        "CNN Indonesia", "VIVA", "SINDOnews", "Suara.com", "IDN Times", "Jawa Pos", "RRI",
        "TVRI", "Antaranews", "Antaranews.com", "Malaysiakini", "The Star", "Utusan",
        "Berita Harian", "Harian Metro", "Sinar Harian", "New Straits Times", "Astro Awani",
        "Xinhua News Agency", "Kantor Berita Antara", "ANTARA News", "Lampungpro",
    )
}  # fmt: skip
AGENCY_CODES: dict[str, str] = {"ant": "ANTARA", "antara": "ANTARA", "ber": "Bernama"}
_ORG_WORDS = re.compile(
    r"\b(?:press|news|post|times|agency|kantor|berita|tv|radio|tribun|media|online|daily|"
    r"herald|journal|jurnal|network|group|corp|inc|ltd|service|wire|harian|koran|majalah|humas|"
    r"pemkab|pemprov|pemkot|diskominfo|kominfo|protokol|redaksi|desk|"
    # Regional newspaper mastheads: Radar Surabaya, Pos Kupang, Sumatera Ekspres,
    # Suara Merdeka, Warta Kota, Serambi Indonesia, Pikiran Rakyat.
    r"radar|pos|ekspres|express|suara|warta|serambi|pikiran|newsroom|bureau|"
    # English mastheads: The Kansas City Star, Savannah Dispatch, Great Slave Ledger.
    r"star|tribune|gazette|chronicle|observer|courier|sentinel|examiner|bulletin|dispatch|"
    r"ledger|monitor|weekly|telegraph|mirror|independent|standard|reporter\s+newspaper|"
    # Offices that issue releases: ministries, departments, police, universities, firms.
    r"kementerian|ministry|jabatan|department|dinas|pemerintah|kerajaan|universitas|"
    r"universiti|university|polres|polda|persero|tbk|bhd|majlis|council|unit|biro|bahagian|"
    r"office|pejabat|perhubungan\s+awam|public\s+relations|"
    r"yayasan|foundation|divisi|division|komunikasi|communications|institut|institute|"
    r"association|persatuan|pertubuhan|lembaga|badan|balai|sekretariat|secretariat|seksi|setda|"
    # Associations, societies and services: "Asosiasi Petani …", "APM Hilir Perak".
    r"asosiasi|himpunan|ikatan|koperasi|perkumpulan|paguyuban|komunitas|society|federation|"
    r"federasi|union|serikat|trust|angkatan|pasukan|apm|bomba|pusdalops|bpbd|basarnas|"
    r"authority|commission|komisi|suruhanjaya|corporation|perbadanan|"
    # Military and police commands that issue releases: "Pendam XVIII/Kasuari", "Polsek X".
    r"pendam|kodam|korem|kodim|lanud|lantamal|polsek|polresta|polrestabes|brimob|satpol)\b",
    re.IGNORECASE,
)
_DOMAIN = re.compile(r"\w\.(?:com|co\.id|id|net|org|my|co|news|tv|info)\b", re.IGNORECASE)
# One token mixing cases like a brand (MDSNews, detikNews, iNews), not a name (McDonald).
_CAMEL = re.compile(r"^(?!Mc|Mac|O')(?=\S*[a-z])\S*\S[A-Z]\S*$")
_ACRONYM = re.compile(r"^[A-Z]{2,6}$|^[A-Z]{3,8}\d{1,2}$")  # "ISN", "EDISI9"
_PERSON = re.compile(
    r"^(?:[A-Z][\w'’.-]*|[a-z]{1,3}|bin|binti|van|de|al|el)(?:\s+(?:[A-Z][\w'’.-]*|bin|binti|van|von|de|al|el|da|di))*$"
)


def agency_name(text: str) -> str:
    """An agency as it spells itself, or as written (a shouted domain de-shouted)."""
    name = " ".join(text.strip(" .,;:-–—").split())
    known = KNOWN_AGENCIES.get(name.casefold()) or AGENCY_CODES.get(name.casefold())
    if known:
        return known
    if _DOMAIN.search(name) and name.isupper():
        # TRIBUN-MEDAN.COM → Tribun-Medan.com: each word of the site name capitalized.
        site, dot, suffix = name.partition(".")
        return "-".join(w.capitalize() for w in site.split("-")) + dot + suffix.lower()
    return name


def is_organisation(text: str) -> bool:
    """True for an agency, outlet or office (``MDSNews``, ``ANTARA``, ``Humas Pemkab``)."""
    name = text.strip(" .,;:-–—")
    return bool(
        (name.casefold() in KNOWN_AGENCIES and not _name_like_acronym(name))
        or name.casefold() in AGENCY_CODES
        or _DOMAIN.search(name)
        or _ORG_WORDS.search(name)
        or _CAMEL.match(name)
        or _ACRONYM.match(name)
    )


def _name_like_acronym(name: str) -> bool:
    """``Ani`` is a woman's name, ``ANI`` the agency: a short agency acronym written in
    title case is a name (``Reporter: Ani``)."""
    known = KNOWN_AGENCIES.get(name.casefold(), "")
    return known.isupper() and len(known) <= 5 and name != known and name == name.capitalize()


def looks_like_person(text: str) -> bool:
    """A short run of capitalized words (``Jane Doe``, ``Mad Hasnurin``) or initials."""
    words = text.split()
    return 1 <= len(words) <= 5 and len(text) <= 60 and bool(_PERSON.match(text))


def person_name(text: str) -> str:
    """A credited person as written, de-shouted when written in capitals."""
    name = " ".join(text.strip(" .,;:-–—()").split())
    if name.isupper() and len(name) > 3:
        return " ".join(
            w.capitalize() if not re.fullmatch(r"(?:[A-Z]\.)+", w) else w for w in name.split()
        )
    return name
