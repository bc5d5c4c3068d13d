"""Entity detectors on forms seen at other organisations: context a sentence away, keypad codes written
with separators, webhooks, connection strings and authorization headers."""

from datetime import date

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from stdnum.be import nn

from rules.entities import EMPTY_CONTEXT, detect

FAST = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def spans(kind: str, text: str, threshold: float = 0.5) -> list[str]:
    return [text[m.start : m.end] for m in detect(kind, text, EMPTY_CONTEXT) if m.confidence >= threshold]


FOUND = [
    (
        "bsn",
        "mijn collega moest zijn BSN aan de salarisadministratie geven en stuurde het per ongeluk naar de "
        "hele groep: 274130580",
        "274130580",
    ),
    (
        "bsn",
        "Ze vroegen om mijn burgerservicenummer. Het is 274 130 580, toch raar via de chat?",
        "274 130 580",
    ),
    (
        "rrn",
        "ge moet het rijksregisternummer van uw kind invullen. Dat van onze Wout is 12090632731",
        "12090632731",
    ),
    ("rrn", "Welk INSZ? Dat van mij: 12090632731", "12090632731"),
    ("credential", "the alarm code for the warehouse is 7-3-1-9, disarm within 30 seconds", None),
    ("credential", "deurcode 4 8 2 6", "deurcode 4 8 2 6"),
    ("credential", "De alarmcode is 7.3.1.9 hoor", "alarmcode is 7.3.1.9"),
    ("credential", "Bij binnenkomst 7319 intoetsen en het alarm binnen 30 seconden uitschakelen", "7319"),
    ("credential", "Entering after 6pm? Punch in 4-8-2-6 and disarm within 30 seconds", "4-8-2-6"),
    (
        "credential",
        "post naar https://hooks.slack.com/services/T0123ABCD/B0456EFGH/aBcDeFgHiJkLmNoPqRsTuVwX voor alerts",
        "https://hooks.slack.com/services/T0123ABCD/B0456EFGH/aBcDeFgHiJkLmNoPqRsTuVwX",
    ),
    (
        "credential",
        "discord.com/api/webhooks/123456789012345678/AbCdEfGhIjKlMnOpQrStUvWxYz0123456789_-ab",
        "discord.com/api/webhooks/123456789012345678/AbCdEfGhIjKlMnOpQrStUvWxYz0123456789_-ab",
    ),
    (
        "credential",
        "Teams: https://acme.webhook.office.com/webhookb2/1a2b3c4d-aaaa-bbbb@9f8e7d6c/IncomingWebhook/abc123",
        "https://acme.webhook.office.com/webhookb2/1a2b3c4d-aaaa-bbbb@9f8e7d6c/IncomingWebhook/abc123",
    ),
    ("credential", "DATABASE_URL=postgres://app:S3cretPw@db.internal:5432/prod", "postgres://app:S3cretPw"),
    ("credential", "mysql://root:zomer@10.0.0.5/hr werkt weer", "mysql://root:zomer"),
    ("credential", "mongodb+srv://svc:Zk8!pq@cluster0.ab12.mongodb.net/app", "mongodb+srv://svc:Zk8!pq"),
    ("credential", "open https://admin:hunter22@nas.thuis.lan/ even", "https://admin:hunter22"),
    ("credential", "Server=sql01;Database=hr;User Id=sa;Password=geheim;", "Password=geheim"),
    ("credential", "Data Source=db;Initial Catalog=x;Pwd=zomer2;", "Pwd=zomer2"),
    (
        "credential",
        "DefaultEndpointsProtocol=https;AccountName=acme;AccountKey=abcd1234EFGH5678ijkl9012MNOP3456qr==;",
        "AccountKey=abcd1234EFGH5678ijkl9012MNOP3456qr==",
    ),
    ("credential", "Authorization: Basic YWRtaW46V2Vsa29tMDE=", "Authorization: Basic YWRtaW46V2Vsa29tMDE="),
    (
        "credential",
        "curl -H 'Authorization: Bearer abc123def456ghi'",
        "Authorization: Bearer abc123def456ghi",
    ),
    # fifteenth session: a value further along the sentence, "the new one", a named compound, a code label
    # for what the code unlocks, "logs in with name / password"
    (
        "credential",
        "het wifi-wachtwoord van het magazijn is al jaren hetzelfde: Kopie#2022, niemand die het verandert",
        "wifi-wachtwoord van het magazijn is al jaren hetzelfde: Kopie#2022",
    ),
    (
        "credential",
        "hij zette het wachtwoord van de gedeelde mailbox gewoon in de groepschat (Postbus!88) lol",
        "wachtwoord van de gedeelde mailbox gewoon in de groepschat (Postbus!88",
    ),
    (
        "credential",
        "Mijn laptopwachtwoord moest weer anders. Het nieuwe is gewoon Herfst2025, lekker creatief.",
        "laptopwachtwoord moest weer anders. Het nieuwe is gewoon Herfst2025",
    ),
    ("credential", "Het Exact-wachtwoord: Boekhoud24", "wachtwoord: Boekhoud24"),
    ("credential", "De beheerderscode van de printer is 6021, dan kun je de wachtrij legen.", None),
    ("credential", "the scanner in hall B logs in with magazijn / Pallet77 since Monday", None),
    ("iban", "Klant Jan Peeters (rekening BE87 0633 8945 1294) betaalt niet", "BE87 0633 8945 1294"),
    ("iban", "BE87 0633 8945 1294", "BE87 0633 8945 1294"),
]

NOT_FOUND = [
    ("bsn", "Het BSN staat op je paspoort. Dat is handig. Ordernummer 274130580 is verzonden"),
    ("bsn", "Vraag nooit om een BSN. " + "Dit is een lange zin over iets heel anders. " * 3 + "274130580"),
    ("bsn", "mijn BSN is 274130581"),  # fails the 11-test
    ("rrn", "vul het rijksregisternummer in. Dat van Wout is 12090632732"),  # wrong check digits
    ("credential", "mysql://root:<password>@localhost/db"),
    ("credential", "postgres://user:${DB_PASS}@db/app"),
    ("credential", "https://user:****@example.com"),
    ("credential", "Password=;"),
    ("credential", "I have a basic question about bearer bonds and token economies"),
    ("credential", "Authorization: Bearer <token>"),
    ("credential", "we gaan 1500 laptops uitschakelen"),
    ("credential", "alarm uitzetten voor 2026, disarm within 30 seconds"),
    ("credential", "zet de datum 12-03-2024 in de alarmcode-mail"),
    ("credential", "https://hooks.slack.com/ is hun domein"),
    ("credential", "mijn wachtwoord staat in de config (Password=${DB_PASSWORD})"),
    ("credential", "Mijn wachtwoord is verlopen, dus ik moest een nieuw verzinnen: vervelend."),
    ("credential", "Wachtwoord vergeten? Mail de servicedesk (service-desk) en ze helpen je."),
    ("credential", "Het wachtwoord is verlopen. Het nieuwe is nog niet binnen, ik wacht op IT."),
    ("credential", "Scan de QR-code: 1234-5678"),
    ("credential", "Zet je Teams-wachtwoord in een wachtwoordmanager."),
]


@pytest.mark.parametrize(("kind", "text", "expected"), FOUND)
def test_form_seen_elsewhere_is_found(kind, text, expected):
    found = spans(kind, text)
    assert found, f"{kind} found nothing in {text!r}"
    if expected is not None:
        assert expected in found


@pytest.mark.parametrize(("kind", "text"), NOT_FOUND)
def test_lookalike_is_not_reported(kind, text):
    assert spans(kind, text) == []


@pytest.mark.parametrize(("kind", "text", "expected"), FOUND)
def test_previews_never_hold_the_secret(kind, text, expected):
    for match in detect(kind, text, EMPTY_CONTEXT):
        value = text[match.start : match.end]
        assert value not in match.preview
        for secret in ("S3cretPw", "hunter22", "geheim", "zomer", "aBcDeFgHiJkLmNoPqRsTuVwX", "YWRtaW46"):
            assert secret not in match.preview


def test_bsn_without_context_stays_below_the_threshold():
    [match] = detect("bsn", "Ordernummer 274130580 is verzonden", EMPTY_CONTEXT)
    assert match.confidence < 0.5


# --- properties -------------------------------------------------------------------------------------

filler = st.text(alphabet="abcdefghij klmnop", min_size=0, max_size=55).filter(lambda s: "." not in s)


@st.composite
def valid_bsns(draw):
    head = draw(st.text(alphabet="0123456789", min_size=8, max_size=8))
    check = sum(int(d) * w for d, w in zip(head, range(9, 1, -1), strict=True)) % 11
    assume(check < 10 and head[0] != "0")
    return head + str(check)


@FAST
@given(valid_bsns(), st.sampled_from(["BSN", "burgerservicenummer", "sofinummer"]), filler, st.booleans())
def test_strong_bsn_word_counts_from_the_previous_sentence(number, word, gap, new_sentence):
    joiner = ". Het is " if new_sentence else " en het is "
    text = f"Ze wilden mijn {word} {gap}{joiner}{number}"
    assert text.index(number) - text.index(word) <= 120
    assert spans("bsn", text) == [number]


@FAST
@given(valid_bsns(), st.integers(0, 9), st.sampled_from(["BSN", "sofinummer"]), filler)
def test_bsn_with_a_wrong_check_digit_is_never_reported(number, shift, word, gap):
    wrong = number[:8] + str((int(number[8]) + 1 + shift % 9) % 10)
    text = f"Mijn {word} {gap}. Het is {wrong}"
    assert [m for m in detect("bsn", text, EMPTY_CONTEXT) if text[m.start : m.end] == wrong] == []


@FAST
@given(st.dates(min_value=date(1920, 1, 1), max_value=date(2024, 12, 31)), st.integers(1, 997), filler)
def test_rrn_named_in_the_previous_sentence_is_found(birth, serial, gap):
    base = f"{birth:%y%m%d}{serial:03d}"
    check = 97 - int(("2" if birth.year >= 2000 else "") + base) % 97
    number = f"{base}{check:02d}"
    assume(nn.is_valid(number))
    text = f"Geef het rijksregisternummer {gap}. Dat van Wout is {number}"
    assert spans("rrn", text) == [number]


@FAST
@given(
    st.lists(st.integers(0, 9), min_size=4, max_size=6),
    st.sampled_from(["-", ".", " "]),
    st.sampled_from(["alarmcode is", "deurcode:", "the door code is", "pincode"]),
)
def test_keypad_code_with_separators_is_found(digits, separator, label):
    code = separator.join(str(d) for d in digits)
    text = f"ff voor morgen: {label} {code}, niet doorvertellen"
    assert any(code in value for value in spans("credential", text))


@FAST
@given(
    st.sampled_from(["postgres", "postgresql", "mysql", "mongodb+srv", "redis", "amqps", "https"]),
    st.from_regex(r"[a-z]{3,10}", fullmatch=True),
    st.from_regex(r"[A-Za-z0-9!~]{6,20}", fullmatch=True),
)
def test_password_in_a_url_is_found_and_never_previewed(scheme, user, password):
    assume(password.lower() not in {"password", "secret", "token", "changeme", "example"})
    text = f"config: {scheme}://{user}:{password}@db.example.org/app"
    matches = [m for m in detect("credential", text, EMPTY_CONTEXT) if m.confidence >= 0.5]
    assert any(text[m.start : m.end].endswith(f":{password}") for m in matches)
    assert all(password not in m.preview for m in matches)
