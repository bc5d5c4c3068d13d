"""The guards of `rules.entities.detect`: they only skip detectors that could not match anyway."""

from hypothesis import given, settings
from hypothesis import strategies as st

from rules.entities import DETECTORS, NEEDS, DetectorContext, detect

CONTEXT = DetectorContext(internal_domains=("havenstad.local", "intra.havenstad.nl"))
# Letters, separators and what the guards look for written otherwise: digits of other scripts
# (Arabic-Indic, full-width, superscript, circled), the full-width "＠", dots before spaces or accents.
ALPHABET = st.sampled_from(
    [
        *"abcdefgNLBEIVXstraatlaanweg +-./:()°,'’\n",
        *("geboren ", "BSN ", "IBAN ", "tel ", "mei ", "Kerkstraat ", "NL", "BE", "RABO ", "mail ", "＠"),
        *(". ", ".é", "intranet", "havenstad", "local", "www", "://"),
        *"٠١٢٣٤٥٦٧٨٩０１２３⁴⑤",
    ]
)
TEXTS = st.lists(ALPHABET, max_size=60).map("".join)

SAMPLES = {
    "bsn": "Mijn BSN is 111222333, bel me.",
    "rrn": "Rijksregisternummer 85.07.30-033.28 staat erop.",
    "iban": "Maak het over naar NL91 ABNA 0417 1643 00 graag.",
    "card": "Kaart 4111 1111 1111 1111 vervalt.",
    "phone": "Bel me op 06-12345678 vanavond.",
    "address": "Ik woon op Kerkstraat 12, 1234 AB Havenstad.",
    "date_of_birth": "Geboren op 14 mei 1986 in Gent.",
    "email": "Mail me privé op jan.jansen@gmail.com vanavond.",
    "internal_host": "Staat op http://gis.havenstad.local/kaart, kijk maar.",
}


def test_every_guarded_detector_exists_and_has_a_sample() -> None:
    assert set(NEEDS) <= set(DETECTORS)
    assert set(SAMPLES) == set(NEEDS)


@settings(max_examples=200, deadline=None)
@given(TEXTS)
def test_a_detector_finds_nothing_where_its_guard_says_no(text: str) -> None:
    for name, needed in NEEDS.items():
        if needed.search(text) is None:
            assert DETECTORS[name](text, CONTEXT) == [], name
            assert detect(name, text, CONTEXT) == []


def test_other_scripts_digits_do_not_open_the_digit_guard() -> None:
    text = "Geboren op ١٤ mei ١٩٨٦, bel ٠٦-١٢٣٤٥٦٧٨, jan＠gmail. com"
    for name, needed in NEEDS.items():
        assert needed.search(text) is None
        assert DETECTORS[name](text, CONTEXT) == [] == detect(name, text, CONTEXT)


def test_the_guards_let_matching_texts_through() -> None:
    for name, text in SAMPLES.items():
        assert NEEDS[name].search(text) is not None
        assert detect(name, text, CONTEXT) == DETECTORS[name](text, CONTEXT)
        assert detect(name, text, CONTEXT), name
