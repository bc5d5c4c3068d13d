"""Entity detectors: properties over generated numbers (valid ones found, corrupted ones never) and texts."""

from datetime import date

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from stdnum import iban, luhn
from stdnum.be import nn
from stdnum.nl import bsn

from rules.entities import DETECTORS, DetectorContext, detect

ORG = DetectorContext(internal_domains=("intranet.example.nl", "corp.example"), org_domains=("example.nl",))
FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

digits = st.text(alphabet="0123456789", min_size=1, max_size=1)
prose = st.sampled_from(["", "Hoi allemaal, ", "Quick question: ", "Ja hoor 🙄 ", "Dit is raar. "])
closing = st.sampled_from(["", ".", " graag terug!", " 😳", ", toch?"])


def found(kind: str, text: str, value: str) -> list[float]:
    """Confidences of the matches of `kind` whose text is exactly `value`."""
    return [m.confidence for m in detect(kind, text, ORG) if text[m.start : m.end] == value]


# --- BSN --------------------------------------------------------------------------------------------


@st.composite
def valid_bsns(draw):
    head = draw(st.text(alphabet="0123456789", min_size=8, max_size=8))
    check = sum(int(d) * w for d, w in zip(head, range(9, 1, -1), strict=True)) % 11
    assume(check < 10 and head != "00000000")
    return head + str(check)


def grouped(number: str, style: int) -> str:
    """A nine-digit number written the ways people write a BSN."""
    if style == 1:
        return f"{number[:4]}.{number[4:6]}.{number[6:]}"
    if style == 2:
        return f"{number[:3]} {number[3:6]} {number[6:]}"
    if style == 3:
        return f"{number[:3]}-{number[3:6]}-{number[6:]}"
    return number


BSN_WORDS = st.sampled_from(
    ["BSN", "Mijn BSN is", "burgerservicenummer:", "sofinummer", "BSN-nummer", "citizen service number"]
)


@FAST
@given(valid_bsns(), st.integers(0, 3), BSN_WORDS, prose, closing)
def test_valid_bsn_with_context_is_found(number, style, word, before, after):
    value = grouped(number, style)
    text = f"{before}{word} {value}{after}"
    assert found("bsn", text, value) == [0.9]


@FAST
@given(st.text(alphabet="0123456789", min_size=9, max_size=9), st.integers(0, 3), BSN_WORDS, prose)
def test_nine_digits_failing_the_11_test_are_never_reported(number, style, word, before):
    assume(not bsn.is_valid(number))
    text = f"{before}{word} {grouped(number, style)}"
    assert detect("bsn", text, ORG) == []


# --- IBAN -------------------------------------------------------------------------------------------


@st.composite
def valid_ibans(draw):
    country = draw(st.sampled_from(["NL", "BE", "DE", "FR"]))
    if country == "NL":
        bank = draw(st.sampled_from(["ABNA", "INGB", "RABO", "TRIO", "SNSB"]))
        bban = bank + draw(st.text(alphabet="0123456789", min_size=10, max_size=10))
    elif country == "BE":
        account = draw(st.text(alphabet="0123456789", min_size=10, max_size=10))
        assume(int(account) > 0)
        bban = account + f"{int(account) % 97 or 97:02d}"
    elif country == "DE":
        bban = draw(st.text(alphabet="0123456789", min_size=18, max_size=18))
    else:
        bban = draw(st.text(alphabet="0123456789", min_size=23, max_size=23))
    number = country + iban.calc_check_digits(country + "00" + bban) + bban
    assume(iban.is_valid(number))  # some random bank codes are unknown to the country check
    return number


def spaced(number: str, spaces: bool) -> str:
    return " ".join(number[i : i + 4] for i in range(0, len(number), 4)) if spaces else number


@FAST
@given(valid_ibans(), st.booleans(), prose, closing)
def test_valid_iban_is_found(number, spaces, before, after):
    value = spaced(number, spaces)
    text = f"{before}maak het over naar {value}{after}"
    assert found("iban", text, value) == [0.8]


@FAST
@given(valid_ibans(), st.integers(0, 99), st.booleans())
def test_iban_with_corrupted_check_digits_is_not_found(number, check, spaces):
    corrupted = f"{number[:2]}{check:02d}{number[4:]}"
    assume(corrupted != number)
    text = f"rekening {spaced(corrupted, spaces)} graag"
    assert detect("iban", text, ORG) == []


# --- payment cards ----------------------------------------------------------------------------------


@st.composite
def valid_cards(draw):
    prefix, length = draw(
        st.sampled_from([("4", 16), ("51", 16), ("55", 16), ("2221", 16), ("37", 15), ("6011", 16)])
    )
    body = prefix + draw(
        st.text(alphabet="0123456789", min_size=length - len(prefix) - 1, max_size=length - len(prefix) - 1)
    )
    return body + luhn.calc_check_digit(body)


@FAST
@given(valid_cards(), st.sampled_from(["", " ", "-"]))
def test_luhn_valid_card_is_found(number, separator):
    value = separator.join(number[i : i + 4] for i in range(0, len(number), 4)) if separator else number
    text = f"mijn creditcard {value} is geblokkeerd"
    assert found("card", text, value) == [0.9]


@FAST
@given(valid_cards(), st.integers(1, 9))
def test_card_failing_luhn_is_not_found(number, shift):
    broken = number[:-1] + str((int(number[-1]) + shift) % 10)
    assert detect("card", f"creditcard {broken}", ORG) == []


# --- Belgian national register number ------------------------------------------------------------


@st.composite
def valid_rrns(draw):
    born = draw(st.dates(min_value=date(1920, 1, 1), max_value=date(2024, 12, 31)))
    counter = draw(st.integers(1, 997))
    base = f"{born:%y%m%d}{counter:03d}"
    value = int(("2" if born.year >= 2000 else "") + base)
    return base + f"{97 - value % 97:02d}"


def dotted(number: str) -> str:
    return f"{number[:2]}.{number[2:4]}.{number[4:6]}-{number[6:9]}.{number[9:]}"


RRN_WORDS = st.sampled_from(
    ["rijksregisternummer", "Mijn RRN:", "INSZ", "numéro national", "national register number"]
)


@FAST
@given(valid_rrns(), st.booleans(), RRN_WORDS, prose)
def test_valid_rrn_with_context_is_found(number, dots, word, before):
    value = dotted(number) if dots else number
    text = f"{before}{word} {value}"
    assert found("rrn", text, value) == [0.95]


@FAST
@given(valid_rrns(), st.integers(1, 96), RRN_WORDS)
def test_rrn_with_wrong_check_digits_is_not_found(number, shift, word):
    broken = number[:9] + f"{(int(number[9:]) + shift) % 97:02d}"
    assume(not nn.is_valid(broken))
    assert detect("rrn", f"{word} {dotted(broken)}", ORG) == []


# --- any text ---------------------------------------------------------------------------------------

ANY_CHAR = st.characters(blacklist_categories=())  # includes surrogates, NUL, RTL marks, emoji
NUMBERISH = st.text(alphabet="0123456789 .-/+()#:@=_abcXYZ€°\n", max_size=300)
WORDISH = st.lists(
    st.sampled_from(
        [
            "BSN",
            "wachtwoord",
            "is",
            ":",
            "code",
            "06-12345678",
            "NL91",
            "ABNA",
            "0417",
            "Kerkstraat",
            "12",
            "1234 AB",
            "geboren",
            "12-03-1958",
            "intranet.example.nl",
            "@",
            "gmail.com",
            "eyJhbGciOiJIUzI1NiJ9",
            ".",
            "x7Gq2LpZ9vR4tW8kY3mN",
            "🙈",
            "\u202e",
            "\x00",
            "pin",
            "bus",
            "(",
            ")",
            "https://",
            "/",
        ]
    ),
    max_size=60,
).map(" ".join)


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(ANY_CHAR, max_size=400), NUMBERISH, WORDISH))
def test_detectors_never_raise_and_keep_their_contract(text):
    for name, detector in DETECTORS.items():
        for match in detector(text, ORG):
            assert match.kind == name
            assert 0 <= match.start < match.end <= len(text)
            assert 0.0 <= match.confidence <= 1.0
            assert match.preview and text[match.start : match.end] not in match.preview
