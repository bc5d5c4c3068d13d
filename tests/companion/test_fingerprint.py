"""The keyed fingerprint: stable across whitespace and NFKC variants, keyed by the per-install secret."""

from __future__ import annotations

import hashlib
import hmac

import pytest

from companion_ui.store import canonical_text, fingerprint

SECRET = bytes(range(32))


@pytest.mark.parametrize(
    "variant",
    [
        "Mijn wachtwoord is geheim",
        "Mijn\u00a0wachtwoord is geheim",  # no-break space from a contenteditable editor
        "  Mijn wachtwoord\tis\n\ngeheim  ",
        "Mijn\u2003wachtwoord\u202fis\u2028geheim",  # em space, narrow NBSP, line separator
        "Ｍｉｊｎ wachtwoord is geheim",  # fullwidth letters fold under NFKC
        "Mijn  wachtwoord \r\n is   geheim",
    ],
)
def test_whitespace_and_nfkc_variants_share_a_fingerprint(variant: str) -> None:
    assert fingerprint(SECRET, variant) == fingerprint(SECRET, "Mijn wachtwoord is geheim")


def test_it_is_hmac_sha256_over_the_canonical_text() -> None:
    expected = hmac.new(SECRET, "ﬁne dag".replace("ﬁ", "fi").encode(), hashlib.sha256).hexdigest()
    assert fingerprint(SECRET, " ﬁne\u00a0 dag ") == expected
    assert canonical_text(" ﬁne\u00a0 dag ") == "fine dag"


def test_different_text_or_secret_gives_a_different_fingerprint() -> None:
    base = fingerprint(SECRET, "Mijn wachtwoord is geheim")
    assert fingerprint(SECRET, "mijn wachtwoord is geheim") != base  # case is kept
    assert fingerprint(bytes(32), "Mijn wachtwoord is geheim") != base
    assert len(base) == 64 and int(base, 16) >= 0


def test_an_empty_secret_is_refused() -> None:
    with pytest.raises(ValueError, match="secret"):
        fingerprint(b"", "x")
