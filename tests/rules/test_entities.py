"""Entity detectors: examples per detector, including the hard negatives, previews and speed."""

import statistics
import time

import pytest

from rules.entities import DETECTORS, DetectorContext, EntityMatch, detect

ORG = DetectorContext(
    internal_domains=("intranet.havenstad.nl", "vpn.havenstad.nl", "havenstad.local"),
    org_domains=("havenstad.nl",),
    public_numbers=("14 020", "NL86 INGB 0002 4455 88"),
)
THRESHOLD = 0.5  # the engine's default min_confidence


def strong(kind: str, text: str) -> list[EntityMatch]:
    return [m for m in detect(kind, text, ORG) if m.confidence >= THRESHOLD]


def matched(kind: str, text: str) -> list[str]:
    return [text[m.start : m.end] for m in strong(kind, text)]


# (kind, text, the exact matched text, minimum confidence)
FOUND = [
    ("bsn", "@gemeentehavenstad Mijn BSN is 761760313, zoek het maar op.", "761760313", 0.9),
    (
        "bsn",
        "staat er gewoon een BSN in de mail die naar de hele afdeling ging: 3029.72.997",
        "3029.72.997",
        0.9,
    ),
    ("bsn", "burgerservicenummer: 123 456 782", "123 456 782", 0.9),
    ("bsn", "sofinummer 123-456-782 graag doorgeven", "123-456-782", 0.9),
    ("bsn", "My citizen service number is 1234.56.782", "1234.56.782", 0.9),
    ("rrn", "Ze vragen mijn rijksregisternummer, dat is 85.07.30-033.28, maar", "85.07.30-033.28", 0.95),
    ("rrn", "Bij mij was dat 03.04.18-212.47 en dat werkte", "03.04.18-212.47", 0.7),
    ("rrn", "INSZ: 85073003328", "85073003328", 0.95),
    ("rrn", "numéro national 85 07 30 033 28", "85 07 30 033 28", 0.95),
    (
        "iban",
        "just transfer it to my account NL57 ABNA 7375 0431 03 (M. Bos), thanks!",
        "NL57 ABNA 7375 0431 03",
        0.8,
    ),
    (
        "iban",
        "Stort het maar op BE57 1169 5722 0035, dat is de rekening van mijn vrouw",
        "BE57 1169 5722 0035",
        0.8,
    ),
    ("iban", "overmaken naar NL91ABNA0417164300.", "NL91ABNA0417164300", 0.8),
    ("iban", "Überweisung an DE89 3704 0044 0532 0130 00 bitte", "DE89 3704 0044 0532 0130 00", 0.8),
    ("card", "mijn creditcard 4111 1111 1111 1111 is gestolen", "4111 1111 1111 1111", 0.9),
    ("card", "5500-0000-0000-0004", "5500-0000-0000-0004", 0.6),
    ("card", "Amex 3782 822463 10005, vervaldatum 12/27", "3782 822463 10005", 0.9),
    (
        "email",
        "send the RSVP to my private mail sanne.bakker84@gmail.com instead",
        "sanne.bakker84@gmail.com",
        0.7,
    ),
    ("email", "mail j.devries@bouwbedrijf-devries.nl even", "j.devries@bouwbedrijf-devries.nl", 0.7),
    ("email", "stuur het naar piet@telenet.be.", "piet@telenet.be", 0.7),
    ("phone", "Appen kan naar 06-41873926 😊", "06-41873926", 0.8),
    ("phone", "Her mobile is 0475 62 18 90, please call her back", "0475 62 18 90", 0.8),
    ("phone", "reach me at +31 6 12345678", "+31 6 12345678", 0.8),
    ("phone", "bel 0031 6 1234 5678", "0031 6 1234 5678", 0.8),
    ("phone", "privénummer: +32 475 12 34 56", "+32 475 12 34 56", 0.8),
    ("phone", "bel me thuis op 020-6231234", "020-6231234", 0.7),
    ("address", "Zijn adres: Wilgenstraat 7, 3014 XR Havenstad ❤️", "Wilgenstraat 7, 3014 XR Havenstad", 0.8),
    ("address", "She lives just around the corner at Beukenlaan 3, so drop by", "Beukenlaan 3", 0.7),
    ("address", "Je kunt hem brengen naar Kastanjelaan 14 in Havenstad", "Kastanjelaan 14", 0.5),
    ("address", "Jan van Galenstraat 12a", "Jan van Galenstraat 12a", 0.5),
    ("address", "Leliegracht 3-II", "Leliegracht 3-II", 0.5),
    # a Flemish street word, and any name right after an address label
    ("address", "Kaartjes mogen naar hun thuisadres: Ganzendries 8, Zandergem", "Ganzendries 8", 0.5),
    ("address", "Bezorgadres: Vlasbloem 14, Oudenaarde, graag voor 10u.", "Vlasbloem 14", 0.5),
    ("address", "ze woont op Kerkstraat 12 bus 3, 9000 Gent", "Kerkstraat 12 bus 3, 9000 Gent", 0.8),
    ("address", "Grote Markt 1", "Grote Markt 1", 0.5),
    ("address", "thuisadres Rue de la Loi 16, 1000 Bruxelles", "Rue de la Loi 16, 1000 Bruxelles", 0.8),
    ("date_of_birth", "my amazing colleague Femke Jansen (born 14 May 1986)!", "14 May 1986", 0.8),
    ("date_of_birth", "Mr. P. Hendriks, born 12-03-1958, came in", "12-03-1958", 0.8),
    ("date_of_birth", "geb. 3 januari 1990 te Gent", "3 januari 1990", 0.8),
    ("date_of_birth", "DOB: 1990-01-03", "1990-01-03", 0.8),
    ("date_of_birth", "Jan Peeters ° 12/03/1958", "12/03/1958", 0.8),
    ("credential", "left an AWS key in a public repo: AKIAHVS7Q2LX9PBK3RTE and", "AKIAHVS7Q2LX9PBK3RTE", 0.9),
    ("credential", "login admin / Welkom01. Please", "login admin / Welkom01", 0.8),
    ("credential", "use the shared account (pw: Meeuw#2025).", "pw: Meeuw#2025", 0.9),
    (
        "credential",
        "the alarm code at the depot is STILL 1234#. noone",
        "alarm code at the depot is STILL 1234#",
        0.9,
    ),
    (
        "credential",
        "wachtwoord van het teamaccount is nog steeds Welkom123 lmao",
        "wachtwoord van het teamaccount is nog steeds Welkom123",
        0.9,
    ),
    ("credential", "eindelijk een nieuw wachtwoord: Havenstad2026!", "wachtwoord: Havenstad2026!", 0.9),
    (
        "credential",
        "netwerk HVS-Medewerkers, wachtwoord Kade!Wifi88. Graag gedaan",
        "wachtwoord Kade!Wifi88",
        0.8,
    ),
    ("credential", "barrier PIN again 🙄 it's 5 9 0 3 now", "PIN again 🙄 it's 5 9 0 3", 0.9),
    (
        "credential",
        "Pincode van de sleutelkluis bij sporthal De Branding is 7788, die",
        "Pincode van de sleutelkluis bij sporthal De Branding is 7788",
        0.9,
    ),
    (
        "credential",
        "De code van de dienstingang is 4471#, moest ge",
        "code van de dienstingang is 4471#",
        0.9,
    ),
    ("credential", "Teams meeting ID 384 221 907 65, passcode Zq7tP2. See you", "passcode Zq7tP2", 0.8),
    (
        "credential",
        "de API-sleutel (hvs_live_4f9Qk2Zx8LmTa7Rw1Nc3) geeft een 401",
        "API-sleutel (hvs_live_4f9Qk2Zx8LmTa7Rw1Nc3",
        0.8,
    ),
    (
        "credential",
        "@MeldAppSupport hvs_live_4f9Qk2Zx8LmTa7Rw1Nc3 geeft een 401",
        "hvs_live_4f9Qk2Zx8LmTa7Rw1Nc3",
        0.8,
    ),
    (
        "credential",
        "?token=eyJhbGciOiJIUzI1NiJ9.aHZzLWdpcw.Xk3v9 lekker veilig",
        "eyJhbGciOiJIUzI1NiJ9.aHZzLWdpcw.Xk3v9",
        0.9,
    ),
    ("credential", "Wachtwoord: Zonnebloem", "Wachtwoord: Zonnebloem", 0.7),
    ("credential", "deurcode: 4471", "deurcode: 4471", 0.9),
    (
        "credential",
        "token ghp_abcdefghijklmnopqrstuvwxyz0123456789 oops",
        "ghp_abcdefghijklmnopqrstuvwxyz0123456789",
        0.9,
    ),
    ("credential", "slack xoxb-2048-abcdefghij-XyZ", "xoxb-2048-abcdefghij-XyZ", 0.9),
    (
        "credential",
        "key AIzaSyA1b2C3d4E5f6G7h8I9j0KlMnOpQrStUvW",
        "AIzaSyA1b2C3d4E5f6G7h8I9j0KlMnOpQrStUvW",
        0.9,
    ),
    ("credential", "stripe sk_live_4eC39HqLyjWDarjtT1zdp7dc", "sk_live_4eC39HqLyjWDarjtT1zdp7dc", 0.9),
    ("credential", "OPENAI sk-proj-Ab12Cd34Ef56Gh78Ij90KlMnOp", "sk-proj-Ab12Cd34Ef56Gh78Ij90KlMnOp", 0.9),
    ("credential", "config: api_key=3f9Qk2Zx8LmTa7Rw", "api_key=3f9Qk2Zx8LmTa7Rw", 0.8),
    (
        "credential",
        "-----BEGIN RSA PRIVATE KEY-----\nMIIEow\n-----END RSA PRIVATE KEY-----",
        "-----BEGIN RSA PRIVATE KEY-----\nMIIEow\n-----END RSA PRIVATE KEY-----",
        0.9,
    ),
    ("credential", "de sleutel x7Gq2LpZ9vR4tW8kY3mN werkt niet", "x7Gq2LpZ9vR4tW8kY3mN", 0.6),
    ("internal_host", "ga direct naar vpn.havenstad.nl in plaats van", "vpn.havenstad.nl", 0.9),
    (
        "internal_host",
        "bookmark https://intranet.havenstad.nl/onboarding 📌",
        "https://intranet.havenstad.nl/onboarding",
        0.9,
    ),
    (
        "internal_host",
        "The test environment is at acc-zaaksysteem.havenstad.local, login",
        "acc-zaaksysteem.havenstad.local",
        0.9,
    ),
    ("internal_host", "zie a.b.intranet.havenstad.nl.", "a.b.intranet.havenstad.nl", 0.9),
    ("internal_host", "de share staat op fileserver.corp", "fileserver.corp", 0.6),
    ("internal_host", "open http://192.168.1.20:8080/admin", "http://192.168.1.20:8080/admin", 0.6),
    ("internal_host", "ssh naar 10.0.0.5 en dan", "10.0.0.5", 0.6),
    ("internal_host", "intranet.example.com is down", "intranet.example.com", 0.6),
]

FOUND += [
    ("phone", "Kan iemand Mark bereiken? Zijn 06 is 06 - 2345 6789", "06 - 2345 6789", 0.8),
    ("phone", "Zijn GSM-nummer is 0476/12.34.56", "0476/12.34.56", 0.8),
    ("phone", "bel 06 12345678 of 06 87654321", "06 87654321", 0.8),
    ("iban", "IBAN: BE68 5390 0754 7034 (rekening van mijn zoon)", "BE68 5390 0754 7034", 0.8),
    ("credential", "het alarm staat op code 9911", "code 9911", 0.6),
    ("credential", "Het wachtwoord is Welkom!", "wachtwoord is Welkom!", 0.6),
    ("credential", "gebruikersnaam: admin, wachtwoord: admin123", "wachtwoord: admin123", 0.9),
    # Dutch compounds name what the password opens
    (
        "credential",
        "na een uur wachten een nieuw inlogwachtwoord: Duin2027! geweldig",
        "inlogwachtwoord: Duin2027!",
        0.9,
    ),
    (
        "credential",
        "Het routerwachtwoord: Kx7!mara2 (staat op de sticker)",
        "routerwachtwoord: Kx7!mara2",
        0.9,
    ),
    (
        "credential",
        "vpn-wachtwoord voor de stagiairs is Zomer2026",
        "vpn-wachtwoord voor de stagiairs is Zomer2026",
        0.6,
    ),
    ("address", "Adres: Dorpsstraat 5, 5678 CD Ergens", "Dorpsstraat 5, 5678 CD Ergens", 0.8),
    ("date_of_birth", "My neighbour was born on 3rd of March 1975", "3rd of March 1975", 0.8),
    # a birthday with a year long past (twelfth session)
    ("date_of_birth", "Verjaardag van Tom: 03/04/1990, vergeet het niet!", "03/04/1990", 0.8),
    ("date_of_birth", "Ruud's birthday is 12 May 1975, cake at four", "12 May 1975", 0.8),
    ("rrn", "rijksregisternr. 850730-033-28", "850730-033-28", 0.9),
    # the Flemish everyday name, digits run together (thirteenth session)
    ("rrn", "mijn nationaal nummer is 85073003328, stuur het door aub", "85073003328", 0.8),
]

# (kind, text): nothing at or above the threshold
NOT_FOUND = [
    ("bsn", "Trackingnummer 384910275, al vijf dagen 'in sortering'."),
    (
        "bsn",
        "a Dutch BSN has to pass the 11-test, so a random 9-digit number like 123456789 will never validate",
    ),
    ("bsn", "my membership number at the new gym is 204871365"),
    ("bsn", "Ordernummer 123456782 is verzonden"),  # valid 11-test, no context: 0.4
    ("bsn", "het burgerservicenummer is een uniek persoonsnummer van negen cijfers"),
    ("rrn", "Het referentienummer van mijn bestelling is 93.12.04-118.50, lijkt een rijksregisternummer"),
    ("rrn", "factuur 85073003328"),  # valid, no context, plain digits: 0.4
    ("iban", "donate to their public account NL30 RABO 0199 5305 52 (Stichting Voedselbank Havenstad)"),
    ("iban", "Steun ons via NL91 ABNA 0417 1643 00 t.n.v. Stichting De Vrolijke Fietser"),
    ("iban", "Voorbeeld: NL00 BANK 0123 4567 89 is natuurlijk geen echt rekeningnummer"),
    ("iban", "ons rekeningnummer NL86 INGB 0002 4455 88"),  # the org's own published account
    ("iban", "BE06 5390 0754 7035"),  # mod 97 right, Belgian national check wrong
    ("card", "4111 1111 1111 1112"),
    ("card", "1234 5678 9012 3452"),  # Luhn-valid, no known issuer
    ("email", "Voor algemene vragen kun je het beste mailen naar info@havenstad.nl"),
    ("email", "mail ons op info@bakkerij-devries.nl"),
    ("email", "antwoord niet op noreply@example.com"),
    ("email", "pers@havenstad.nl"),
    ("email", "an@ example.com, @handle, user@localhost"),
    ("phone", "Bel 0900-8844 (politie, geen spoed) of bij spoed natuurlijk 112."),
    ("phone", "Bel de gemeente op 14 020"),
    ("phone", "Gratis: 0800-0432"),
    ("phone", "Onze klantenservice is bereikbaar via 088 123 4567"),
    ("phone", "De servicedesk is bereikbaar op 030 123 4567"),
    # a shop's own line (thirteenth session)
    ("phone", "Bestellen kan tot vrijdag: bel de winkel in Heule op 056 22 41 80"),
    ("phone", "Cakes to order: call the shop on 056 22 41 80 before Friday"),
    ("phone", "For press questions, contact our communications team: +31 297 39 39 39"),
    ("phone", "Trackingnummer 384910275"),
    ("phone", "open van 09.00-17.00"),
    ("phone", "rekening NL91 ABNA 0417 1643 00"),
    ("phone", "Teams meeting ID 384 221 907 65"),
    ("address", "Congrats on opening 80 new social homes on the Lindelaan today!"),
    ("address", "de Kerkstraat is afgesloten"),
    ("address", "De Vergadering 3 keer verzet"),
    ("address", "Virgil van Dijk 4 goals"),
    ("address", "file op de Oostweg 50 km lang"),
    ("address", "Arbeidsmarkt 2030"),
    ("address", "Locatie: stadhuis, Grote Markt 1"),
    ("address", "De bibliotheek aan de Kerkstraat 12 is zaterdag open"),
    ("address", "Rotterdam 3 - Feyenoord"),
    ("date_of_birth", "Op 12-03-2025 is de vergadering"),
    ("date_of_birth", "born in 1986"),
    ("date_of_birth", "geboren op 31-02-1990"),
    ("date_of_birth", "het was 25° op 12-03-2024"),
    # a birthday word next to a recent date is a party or an anniversary, not a date of birth (twelfth session)
    ("date_of_birth", "Onze verjaardag als bedrijf: 03/04/2021, vijf jaar al!"),
    ("date_of_birth", "Birthday party on 14-06-2026, bring snacks!"),
    ("date_of_birth", "Op 03/04/1990 was het gewoon een dinsdag, geen verjaardag te bekennen"),
    ("credential", "Help, ik ben mijn wachtwoord vergeten"),
    ("address", "Het adres van de vergadering volgt nog, we zitten in Zaal 2"),
    # documented stand-ins: the AWS docs' example key, a tutorial's placeholder
    ("credential", "the AWS docs example key AKIAIOSFODNN7EXAMPLE is in every scanner's test suite"),
    ("credential", "set api_key=YOUR_API_KEY_HERE in the config before you run it"),
    ("credential", "wachtwoord: gebruik een sterk wachtwoord"),
    ("credential", "Vergeet je inlogwachtwoord niet te wijzigen na de update."),
    ("credential", "Wat is een sterk beheerderswachtwoord? Minstens zestien tekens."),
    ("credential", "Use a password manager, please"),
    (
        "credential",
        "Tip van de week: gebruik een wachtwoordzin in plaats van een wachtwoord, en nooit hetzelfde wachtwoord voor werk en privé 🔐 #cybersecurity",
    ),
    ("credential", "the free public Wi-Fi is called Havenstad-Gratis and needs no password. Handy"),
    ("credential", "Ja, dat geeltje op mijn scherm is mijn wachtwoord, ik weet het"),
    ("credential", "I've alredy forgotten my locker code 😂"),
    ("credential", "het wachtwoord is 8 tekens lang"),
    ("credential", "password: ********"),
    ("credential", "wachtwoord 2x verkeerd ingevoerd"),
    ("credential", "HTTP error code: 404 and status code 500"),
    ("credential", "promo code: ZOMER2025"),
    ("credential", "de Code Goed Bestuur 2024"),
    ("credential", "Medewerkerstevredenheidsonderzoek en arbeidsongeschiktheidsverzekering"),
    ("credential", "#DigitaleOverheid2025Award #Havenstad"),
    ("credential", "https://www.havenstad.nl/nieuws/Inzamelkalender2026XyZaBc/details"),
    ("credential", "commit 3f2a9c7e1b4d6f8a0c2e4b6d8f0a1c3e5b7d9f1a fixed it"),
    ("credential", "postcode 1234 AB, pincode van de bank? geen idee"),
    ("internal_host", "Nieuwe afvalkalender 👉 https://www.havenstad.nl/afvalkalender"),
    ("internal_host", "melden via www.havenstad.nl/melden."),
    ("internal_host", "DNS 8.8.8.8 en 172.32.0.1"),
    ("internal_host", "versie 10.2.3 is uit"),
    ("internal_host", "notvpn.havenstad.nl and vpn.havenstad.nl.evil.com"),
    ("internal_host", "e.g. this, i.e. that"),
]


NOT_FOUND += [
    ("credential", "Wachtwoord kwijt? Bel de servicedesk"),
    ("credential", "Vergeet niet je wachtwoord te wijzigen: minimaal 12 tekens!"),
    ("credential", "Het wachtwoord is: verander het elke 90 dagen"),
    ("credential", "het wachtwoord staat bij de receptie"),
    ("credential", "de Code 2024 voor goed bestuur"),
    ("address", "Bezoek ons op het Stadsplein 1"),
    ("date_of_birth", "geboren en getogen in Havenstad, sinds 12-03-2010 werkzaam"),
    ("iban", "bijdrage overmaken naar NL91 ABNA 0417 1643 00 t.n.v. Personeelsvereniging ACME"),
    ("iban", "Storten op BE68 5390 0754 7034 van vzw De Speelpleinwerking"),
    ("bsn", "KvK 12345678 en BTW-nummer NL123456782B01, BSN-plichtig"),
    ("phone", "prijs 2 - 3 euro, 10 - 12 uur"),
]


@pytest.mark.parametrize(("kind", "text", "expected", "confidence"), FOUND)
def test_detector_finds_the_entity(kind, text, expected, confidence):
    hits = [m for m in detect(kind, text, ORG) if text[m.start : m.end] == expected]
    assert hits, (
        f"{kind} did not find {expected!r}; found {[text[m.start : m.end] for m in detect(kind, text, ORG)]}"
    )
    assert hits[0].kind == kind
    assert hits[0].confidence >= confidence


@pytest.mark.parametrize(("kind", "text"), NOT_FOUND)
def test_detector_ignores_hard_negative(kind, text):
    assert matched(kind, text) == []


@pytest.mark.parametrize(("kind", "text", "expected", "confidence"), FOUND)
def test_preview_never_holds_the_value(kind, text, expected, confidence):
    for match in detect(kind, text, ORG):
        assert text[match.start : match.end] not in match.preview
        assert match.preview


@pytest.mark.parametrize(
    ("kind", "text", "preview"),
    [
        ("bsn", "BSN 1234.56.782", "BSN ****.**.*82"),
        ("iban", "rekening NL91 ABNA 0417 1643 00", "NL91 **** **** **** 00"),
        ("email", "jan.jansen@gmail.com", "j***@gmail.com"),
        ("phone", "mijn nummer 06-12345678", "06-****5678"),
        ("address", "woont op Kerkstraat 12, 1234 AB Havenstad", "Kerkstraat **, 1234 **"),
        ("credential", "wachtwoord: Welkom01!", "wachtwoord: ********"),
        ("credential", "ghp_abcdefghijklmnopqrstuvwxyz0123456789", "ghp_…"),
        ("date_of_birth", "geboren 12-03-1958", "**-**-1958"),
        ("card", "visa 4111 1111 1111 1111", "**** **** **** 1111"),
    ],
)
def test_preview_format(kind, text, preview):
    assert [m.preview for m in strong(kind, text)] == [preview]


@pytest.mark.parametrize(
    ("kind", "text", "confidence"),
    [
        ("bsn", "Ordernummer 123456782 is verzonden", 0.4),
        ("rrn", "85.07.30-033.28", 0.7),
        ("rrn", "factuur 85073003328", 0.4),
        ("iban", "donate to NL91 ABNA 0417 1643 00 please", 0.3),
        ("card", "5500 0000 0000 0004", 0.6),
        ("email", "info@havenstad.nl", 0.2),
        ("email", "j.jansen@havenstad.nl", 0.4),
        ("email", "contact@bakkerij.nl", 0.3),
        ("email", "jan@bakkerij.nl", 0.5),
        ("phone", "0612345678", 0.8),
        ("phone", "020 623 1234", 0.5),
        ("phone", "0900-8844", 0.1),
        ("phone", "14 020", 0.1),
        ("address", "Kerkstraat 12", 0.5),
        ("address", "1234 AB Havenstad", 0.5),
        ("address", "1234 AB", 0.4),
        ("internal_host", "server.havenstad.local", 0.9),
        ("internal_host", "server.internal", 0.6),
    ],
)
def test_confidence_levels(kind, text, confidence):
    assert [m.confidence for m in detect(kind, text, ORG)] == [confidence]


def test_registry_names_every_kind_and_rejects_unknown_names():
    assert set(DETECTORS) == {
        "bsn",
        "rrn",
        "iban",
        "card",
        "email",
        "phone",
        "address",
        "credential",
        "internal_host",
        "date_of_birth",
    }
    for name in DETECTORS:
        assert detect(name, "", ORG) == []
    with pytest.raises(KeyError, match="unknown entity detector 'passport'"):
        detect("passport", "text", ORG)


def test_org_domain_lowers_email_and_internal_domain_needs_configuration():
    assert detect("email", "j.jansen@havenstad.nl")[0].confidence == 0.7
    assert detect("email", "j.jansen@havenstad.nl", ORG)[0].confidence == 0.4
    assert detect("internal_host", "vpn.havenstad.nl") == []
    assert detect("internal_host", "VPN.Havenstad.NL", ORG)[0].confidence == 0.9


def test_offsets_point_into_the_given_text_after_emoji_and_rtl():
    text = "🙈🙈 مرحبا BSN: 761760313 ✓"
    [match] = detect("bsn", text, ORG)
    assert text[match.start : match.end] == "761760313"


POST = (
    "Wie heeft mijn portemonnee gevonden?? BSN 703082462 staat erop. Brengen naar Kastanjelaan 14, "
    "1234 AB Havenstad of bel 06-12345678. IBAN NL91 ABNA 0417 1643 00, mail sanne@gmail.com, "
    "wachtwoord: Welkom01! Zie https://intranet.havenstad.nl/x geboren 12-03-1958 🙏 #hulp @havenstad"
)


def test_all_detectors_on_a_post_are_fast():
    assert len(POST) <= 280
    for detector in DETECTORS.values():  # warm up (phone metadata loads lazily)
        detector(POST, ORG)
    timings = []
    for _ in range(30):
        start = time.perf_counter()
        for detector in DETECTORS.values():
            detector(POST, ORG)
        timings.append(time.perf_counter() - start)
    # Measured about 0.25 ms on a 2-core laptop; generous bound for a busy CI machine.
    assert statistics.median(timings) < 0.003


@pytest.mark.parametrize(
    "text",
    [
        "1 " * 500_000,
        "0 1 " * 250_000,
        "a" * 1_000_000,
        "a@" * 500_000,
        "x." * 500_000,
        "\ud800\x00\udfff" * 300_000,
        "Kerkstraat 1 " * 70_000,
        "wachtwoord is " * 70_000,
        "NL91 " * 200_000,
        "eyJ" * 300_000,
        "-----BEGIN RSA PRIVATE KEY----- " * 30_000,
        "login" + " " * 1_000_000 + "x",
        "°" * 1_000_000,
        "geboren " * 120_000,
    ],
    ids=[
        "digits",
        "zeros-ones",
        "letters",
        "ats",
        "dots",
        "surrogates-nul",
        "streets",
        "labels",
        "iban",
        "jwt",
        "key-blocks",
        "login-spaces",
        "degree-signs",
        "birth-words",
    ],
)
def test_megabyte_inputs_finish_quickly(text):
    start = time.perf_counter()
    for detector in DETECTORS.values():
        detector(text, ORG)
    assert time.perf_counter() - start < 10


def test_iban_check_digits_outside_02_to_98_are_rejected():
    # FR97... is valid; FR00... passes mod 97 too (97 = 0 mod 97) but is not a valid IBAN.
    assert matched("iban", "FR9751328924486905417949327") == ["FR9751328924486905417949327"]
    assert matched("iban", "FR0051328924486905417949327") == []


def test_a_private_account_for_a_farewell_gift_is_not_a_charity_account() -> None:
    from rules.engine import evaluate
    from rules.loader import load_example_ruleset
    from rules.model import Post

    ruleset = load_example_ruleset()
    private = "Collecting for Sanne's farewell gift, transfer to NL91ABNA0417164300 please"
    charity = "Steun de voedselbank: elke euro telt, NL91ABNA0417164300"
    assert "personal_data" in {f.category for f in evaluate(Post(private), ruleset).findings}
    assert "personal_data" not in {f.category for f in evaluate(Post(charity), ruleset).findings}
