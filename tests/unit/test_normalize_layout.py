"""Layout rules over the tagger's roles: captions, header stamps, release boilerplate, tag
rows. Each case gives the copy's lines, the tagger's roles, and the roles that must come out."""

from __future__ import annotations

import pytest

from wire.normalize.roles.layout import read_layout
from wire.normalize.roles.tagger import Tagged

LEAD = ("Pemerintah kota membuka kembali pasar yang terbakar pekan lalu setelah perbaikan "
        "selesai, kata wali kota kepada wartawan.")


def _tags(*roles: str) -> list[Tagged]:
    return [Tagged(role, 0.9) for role in roles]


@pytest.mark.parametrize(
    ("lines", "roles", "want"),
    [
        # A caption with its photo credit, alone between blank lines.
        (["Judul", "", "Warga melintas di Jalan Sudirman. Foto: Rafli Maulana", "", LEAD],
         ["headline", "-", "body", "-", "body"], ["headline", "-", "junk", "-", "body"]),
        # Timestamps and reading times above the body are the page's header.
        (["Judul", "08:41 WIB", "2 min read", "Sep 12, 2023, 08:30 ET", LEAD],
         ["headline", "body", "body", "body", "body"],
         ["headline", "header", "header", "header", "body"]),
        # An embargo line with a clock time is the embargo step's, not a stamp.
        (["Judul", "Embargoed until 12:01 a.m. CST Dec. 21", LEAD],
         ["headline", "body", "body"], ["headline", "body", "body"]),
        # The same time inside the story is the story's.
        (["Judul", LEAD, "Rapat dimulai pukul 09:00 WIB di balai kota."],
         ["headline", "body", "body"], ["headline", "body", "body"]),
        # "About …" in the second half and all after it: boilerplate; a credit label stays.
        (["Judul", LEAD, LEAD, LEAD, "About Northwind Foods", "Northwind makes food.",
          "Issued by: Northwind Communications"],
         ["headline", "body", "body", "body", "body", "body", "body"],
         ["headline", "body", "body", "body", "junk", "junk", "body"]),
        # "Tentang" opening the story's own paragraph is not a heading.
        (["Judul", LEAD, LEAD, LEAD, "Tentang hal itu, wali kota belum berkomentar.", LEAD],
         ["headline", "body", "body", "body", "body", "body"],
         ["headline", "body", "body", "body", "body", "body"]),
        # "About X:" run into its paragraph is the heading too.
        (["Judul", LEAD, LEAD, LEAD, "About TFCG: The group is a charity founded in 1985."],
         ["headline", "body", "body", "body", "body"],
         ["headline", "body", "body", "body", "junk"]),
        # Peeled from the bottom: a prompt, an end mark, a bare date; the story stops it.
        (["Judul", LEAD, "Follow us on Facebook and Telegram for the latest updates.",
          "(end)", "2 Oktober 2023"],
         ["headline", "body", "body", "body", "body"],
         ["headline", "body", "junk", "junk", "header"]),
        (["Judul", LEAD, "Informasi lengkap ada di laman apims.doe.gov.my atau aplikasi MyIPU."],
         ["headline", "body", "body"], ["headline", "body", "body"]),
        # A prompt that speaks to the reader, in a full sentence; a quote saying "you" stays.
        (["Judul", LEAD, "Apa pendapat anda? Tinggalkan komen di bawah.",
          "Get local news delivered to your inbox! Sign up for our free daily newsletter."],
         ["headline", "body", "body", "body"], ["headline", "body", "junk", "junk"]),
        (["Judul", LEAD, '"If you like it, share it with your friends," she said.'],
         ["headline", "body", "body"], ["headline", "body", "body"]),
        (["Judul", LEAD, '"Jangan lupa bawa payung," kata petugas.'],
         ["headline", "body", "body"], ["headline", "body", "body"]),
        (["Judul", LEAD, "Jangan lupa follow kami di Facebook dan TikTok!"],
         ["headline", "body", "body"], ["headline", "body", "junk"]),
        # A form's fields above the story are its header, a field that reads as a sentence
        # too; credit fields stay credits; a single "Label: value" line decides nothing.
        (["Headline: Judul", "Subhead: More than 200,000 homes remain in the dark.",
          "Lokasi : Bukittinggi", "Byline: Le Hoang", LEAD],
         ["headline", "header", "dateline", "credit", "body"],
         ["headline", "header", "header", "credit", "body"]),
        # A mail's sender field names who forwarded it: header, though it reads as a credit.
        (["Judul", "Daripada: Mohd Faizal <faizal@mail.example>",
          "Kepada: Meja <meja@akhbar.example>", "Subjek: Berita Kota Belud", LEAD],
         ["headline", "credit", "header", "header", "body"],
         ["headline", "header", "header", "header", "body"]),
        (["Judul", "Lokasi : Bukittinggi", LEAD], ["headline", "dateline", "body"],
         ["headline", "dateline", "body"]),
        # A last paragraph opening with "About" is the story's, not a heading.
        (["Judul", LEAD, "About 30% of the hub's capacity has been leased to a supermarket chain."],
         ["headline", "body", "body"], ["headline", "body", "body"]),
        # A wire terminal's end of message, closed comments, an app prompt, a mail's notice.
        (["Judul", LEAD, "Comments are closed on this story.",
          "Stay informed with the latest news, download our app.", "NNNN"],
         ["headline", "body", "body", "body", "body"],
         ["headline", "body", "junk", "junk", "junk"]),
        # A comment section under the story, with its widget's action lines: the readers'
        # words go, whatever the tagger read in them; a story line mentioning comments stays.
        ([*(["Judul"] + [LEAD] * 5), "12 Komentar", "warga_ajibarang · 2 jam lalu",
          "Semoga cepat diperbaiki, kasihan anak sekolah.", "Balas · 14 suka"],
         ["headline"] + ["body"] * 5 + ["junk", "junk", "body", "junk"],
         ["headline"] + ["body"] * 5 + ["junk"] * 4),
        ([*(["Judul"] + [LEAD] * 5), "Komentar",
          "Wali kota menolak memberi komentar lebih lanjut kepada wartawan."],
         ["headline"] + ["body"] * 5 + ["body", "body"],
         ["headline"] + ["body"] * 5 + ["body", "body"]),
        # A photo credit alone with one line under or over it, below the lead: that line
        # is the caption; above the lead, a photo credit over the lead leaves the lead.
        (["Judul", LEAD, "", "Photo by Dirk Tellei",
          "Groundbreaking ceremony at the Malakal dock on Tuesday.", "", LEAD],
         ["headline", "body", "-", "credit", "body", "-", "body"],
         ["headline", "body", "-", "credit", "junk", "-", "body"]),
        (["Judul", LEAD, "", "Warga menerima bantuan di pelabuhan.", "(Foto: Budi Santoso)"],
         ["headline", "body", "-", "body", "credit"],
         ["headline", "body", "-", "junk", "credit"]),
        (["Judul", "", "Foto: Budi Santoso", LEAD, "", LEAD],
         ["headline", "-", "credit", "body", "-", "body"],
         ["headline", "-", "credit", "body", "-", "body"]),
        # A comment section whose heading the junk rules took: its first comment's byline
        # opens it.
        ([*(["Judul"] + [LEAD] * 5), "Mary K. · 18/08/2022",
          "Where are we supposed to sell our buai now? The council never consults us.",
          "Reply"],
         ["headline"] + ["body"] * 5 + ["junk", "body", "junk"],
         ["headline"] + ["body"] * 5 + ["junk"] * 3),
        # A note on the author at the foot, a sentence though it is.
        (["Judul", LEAD, "Chikondi Mwale is a freelance journalist based in Zomba."],
         ["headline", "body", "body"], ["headline", "body", "junk"]),
        (["Judul", LEAD, "Mwale is a town where journalists rarely go."],
         ["headline", "body", "body"], ["headline", "body", "body"]),
        # A broadcast script's cues leave, whatever the tagger read; a desk code stays.
        (["Judul", "[INTRO - PEMBACA]", LEAD, "PAKET / VO:", LEAD,
          "SOT: Juru Pelihara Situs Karangkamulyan", LEAD, "[ded]"],
         ["headline", "body", "body", "dateline", "body", "body", "body", "body"],
         ["headline", "junk", "body", "junk", "body", "junk", "body", "body"]),
        (["Judul", LEAD, "INSERT 1: Muhammad Syahroni, Kadis Pertanian Dompu (dur. 0'18\")", LEAD],
         ["headline", "body", "body", "body"], ["headline", "body", "junk", "body"]),
        (["Judul", LEAD, "(INSERT 1 – Kepala Dinas Pangan Bone, Andi Asman, durasi 00'18\")",
          LEAD, "OUTRO PENYIAR: Pendengar, ikuti terus informasi pertanian di Selaras FM."],
         ["headline", "body", "body", "body", "body"],
         ["headline", "body", "junk", "body", "junk"]),
        (["Judul", LEAD, "Lead: the city said the water had gone down."],
         ["headline", "body", "body"], ["headline", "body", "body"]),
        # Notes on the reporter's beat and on who paid for the story, at the foot, are no
        # story: sentences or not, and whatever the tagger leaned to.
        (["Judul", LEAD, "Megan Hollister covers Warren County government. Reach her at 518."],
         ["headline", "body", "credit"], ["headline", "body", "junk"]),
        (["Judul", LEAD, "Artikel ini terselenggara atas dukungan hibah jurnalisme lingkungan."],
         ["headline", "body", "body"], ["headline", "body", "junk"]),
        (["Judul", LEAD, "This story was produced with support from the Solutions Fund."],
         ["headline", "body", "body"], ["headline", "body", "junk"]),
        # A release's disclaimer and a CMS's save stamp at the foot.
        (["Judul", LEAD, "The issuer is solely responsible for the content of this announcement."],
         ["headline", "body", "body"], ["headline", "body", "junk"]),
        (["Judul", LEAD, "Terakhir disimpan oleh hendra.k pada 20/09/2022 18:44"],
         ["headline", "body", "body"], ["headline", "body", "junk"]),
        # ... but a last paragraph about a project's funding is the story's.
        (["Judul", LEAD, "The project was funded by a grant from the ministry, she said."],
         ["headline", "body", "body"], ["headline", "body", "body"]),
        (["Judul", LEAD, "The minister said she was solely responsible for the decision."],
         ["headline", "body", "body"], ["headline", "body", "body"]),
        # A caption its label opens, wrapped over the lines of its paragraph.
        (["Judul", LEAD, "", "Foto: Warga menggunakan sampan di Jalan Lintas Selatan,",
          "Putussibau, Minggu (6/12/2020).", "", LEAD],
         ["headline", "body", "-", "body", "body", "-", "body"],
         ["headline", "body", "-", "junk", "junk", "-", "body"]),
        # A row of hashtags.
        (["Judul", LEAD, "#AWANInews #Seremban"], ["headline", "body", "body"],
         ["headline", "body", "junk"]),
    ],
)
def test_layout_rules(lines: list[str], roles: list[str], want: list[str]) -> None:
    got = read_layout(lines, _tags(*roles), 0)
    assert [t.role for t in got] == want


def test_a_release_boilerplate_leaves_though_it_reads_as_prose() -> None:
    """The role step acts on what the layout ruled, a plain sentence of the boilerplate too."""
    from datetime import UTC, datetime
    from pathlib import Path

    from wire.normalize import Copy, load_resources, normalize

    resources = load_resources(Path(__file__).parents[2] / "config")
    text = ("Pabrik Kakao Baru Dibuka di Luwu\n\n" + "\n\n".join([LEAD] * 4)
            + "\n\nTentang PT Celebes Agro Lestari Tbk\n"
            "PT Celebes Agro Lestari Tbk adalah perusahaan agribisnis yang berkantor pusat di "
            "Makassar dan tercatat di Bursa Efek Indonesia sejak 2017.\n")
    story = normalize(Copy(text=text, submitted_at=datetime(2023, 5, 1, tzinfo=UTC)), resources)
    assert "berkantor pusat" not in story.body_text
    assert story.body_text.endswith("kepada wartawan.")


def test_a_prompt_the_tagger_doubted_is_made_sure_by_its_own_words() -> None:
    # The tagger leaned to junk (0.6) on a prompt that reads as a sentence: its own words
    # (a reader addressed, a comment asked for) make it sure, so the step removes it.
    lines = ["Judul", LEAD, "Apa pendapat anda? Tinggalkan komen di bawah."]
    tags = [Tagged("headline", 0.9), Tagged("body", 0.9), Tagged("junk", 0.6)]
    got = read_layout(lines, tags, 0)
    assert (got[2].role, got[2].confidence) == ("junk", 1.0)
    # A sentence of the story the tagger doubted stays as doubtful as it was.
    tags[2] = Tagged("junk", 0.6)
    story = ["Judul", LEAD, "Warga diminta tetap waspada terhadap banjir susulan."]
    assert read_layout(story, tags, 0)[2].confidence == 0.6


@pytest.mark.parametrize(
    ("lines", "roles", "ruled"),
    [
        # Under a related-links label: the titles are furniture, a quoted one too.
        (["Judul", LEAD, "", "Related stories",
          'Curry rice stall closes after 50 years, owner says "time to rest"',
          "Kway chap hawker hands recipe to former employee"],
         ["headline", "body", "-", "junk", "junk", "junk"],
         [False, False, False, False, True, True]),
        # The label gone (the junk step took it): two furniture lines in one block.
        (["Judul", LEAD, "", 'Stall closes after 50 years, owner says "time to rest"',
          "Kway chap hawker hands recipe to former employee"],
         ["headline", "body", "-", "junk", "junk"], [False, False, False, True, True]),
        # One doubtful line alone is left to the tagger's confidence, and a block with a
        # line of the story in it is no list.
        (["Judul", LEAD, "", 'He said, "time to rest."', "", LEAD, "Kway chap hawker."],
         ["headline", "body", "-", "junk", "-", "body", "junk"],
         [False, False, False, False, False, False, False]),
    ],
)
def test_a_list_of_titles_under_the_story_is_furniture(lines: list[str], roles: list[str],
                                                       ruled: list[bool]) -> None:
    got = read_layout(lines, _tags(*roles), 0)
    assert [t.ruled for t in got] == ruled


def test_a_deck_over_the_byline_summary_points_and_an_embargo_time_are_ruled() -> None:
    lines = ["HOLD FOR RELEASE", "Selasa, 7 Mei 2024, pukul 10.00 WITA", "", "Judul", "",
             "She says she will miss her regulars the most.", "",
             "Written by Kayla Tan | January 09, 2024", "",
             "● Sebanyak 14 orangutan diselamatkan sejak Agustus.", "", LEAD]
    roles = ["embargo", "header", "-", "headline", "-", "header", "-", "credit", "-", "header",
             "-", "body"]
    tags = [Tagged(role, 0.95) for role in roles]
    got = read_layout(lines, tags, 3)
    assert (got[1].role, got[1].ruled) == ("embargo", True)  # the embargo step reads it
    assert got[5].ruled and got[9].ruled  # the deck and the point leave, sentences or not
    assert not got[11].ruled and got[11].role == "body"
    # a sentence under the headline with no byline under it is left to the tagger's doubt
    plain = read_layout(["Judul", "", "She says she will miss them.", "", LEAD],
                        [Tagged(r, 0.95) for r in ("headline", "-", "header", "-", "body")], 0)
    assert not plain[2].ruled
