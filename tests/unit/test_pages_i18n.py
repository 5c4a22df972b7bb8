"""Which language a page is in, and labels that templates can reach."""

from __future__ import annotations

import pytest

from wire.web.pages.i18n import LABELS, choose, from_accept_language, labels


@pytest.mark.parametrize(("header", "expected"), [
    ("id-ID,id;q=0.9,en-US;q=0.8", "id"),
    ("en-GB,en;q=0.9,id;q=0.8", "en"),
    ("fr-FR,en;q=0.3,id;q=0.7", "id"),
    ("ms-MY", "id"),
    ("de", "en"),
    ("", "en"),
    ("id;q=0", "en"),
    ("id;q=nonsense,en", "en"),
])
def test_accept_language_picks(header: str, expected: str) -> None:
    assert from_accept_language(header) == expected


def test_the_switch_wins_over_the_cookie_and_the_browser() -> None:
    assert choose("en", "id", "id-ID") == "en"
    assert choose(None, "id", "en-US") == "id"
    assert choose("xx", None, "id") == "id"


def test_no_label_is_hidden_by_a_dict_method() -> None:
    # Jinja's t.copy would find dict.copy, not the label.
    assert not [key for key in LABELS if hasattr(dict, key)]
    assert labels("id")["sign_in"] == "Masuk" and labels("en")["sign_in"] == "Sign in"
