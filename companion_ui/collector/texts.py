"""Every string a compliance officer or works council member reads, in Dutch and English."""

from __future__ import annotations

LANGUAGES: tuple[str, ...] = ("nl", "en")

TEXTS: dict[str, tuple[str, str]] = {
    # key: (nl, en)
    "app.name": ("Bedenktijd statistiek", "Bedenktijd statistics"),
    "app.tagline": ("Anonieme cijfers per week", "Anonymous weekly figures"),
    "nav.trend": ("Trend", "Trend"),
    "nav.networks": ("Netwerken", "Networks"),
    "nav.outcomes": ("Na een waarschuwing", "After a warning"),
    "nav.feedback": ("Onterechte waarschuwingen", "Wrong warnings"),
    "nav.experimental": ("Experimentele regels", "Experimental rules"),
    "nav.privacy": ("Privacy", "Privacy"),
    "nav.admin": ("Beheer", "Administration"),
    "nav.logout": ("Afmelden", "Log out"),
    "lang.label": ("Taal", "Language"),
    "lang.nl": ("Nederlands", "Nederlands"),
    "lang.en": ("English", "English"),
    "login.title": ("Aanmelden", "Log in"),
    "login.user": ("Gebruikersnaam", "User name"),
    "login.password": ("Wachtwoord", "Password"),
    "login.submit": ("Aanmelden", "Log in"),
    "login.failed": ("Onbekende gebruiker of verkeerd wachtwoord.", "Unknown user or wrong password."),
    "login.limited": (
        "Te veel pogingen. Probeer het over enkele minuten opnieuw.",
        "Too many attempts. Try again in a few minutes.",
    ),
    "error.csrf": (
        "Het formulier is verlopen. Laad de pagina opnieuw.",
        "The form has expired. Reload the page.",
    ),
    "error.forbidden": ("U hebt geen toegang tot deze pagina.", "You do not have access to this page."),
    "error.bad_period": ("Die periode klopt niet: {detail}", "That period is not valid: {detail}"),
    "period.label": ("Periode (ISO-weken)", "Period (ISO weeks)"),
    "period.from": ("van", "from"),
    "period.to": ("tot en met", "to"),
    "period.apply": ("Toon", "Show"),
    "period.none": (
        "Er zijn nog geen gepubliceerde weken. Een week wordt {days} dagen na afloop gepubliceerd.",
        "No weeks are published yet. A week is published {days} days after it ends.",
    ),
    "export.csv": ("Download CSV", "Download CSV"),
    "export.json": ("Download JSON", "Download JSON"),
    "note.hidden": (
        "Cellen met minder dan {k} bijdragende laptops zijn weggelaten, net als de cellen die nodig zijn "
        "om ze niet terug te kunnen rekenen. Lege plekken betekenen: niet getoond, niet nul.",
        "Cells with fewer than {k} contributing laptops are left out, together with the cells needed to "
        "keep them from being recalculated. A gap means: not shown, not zero.",
    ),
    "note.noise": (
        "Tellingen bevatten bewuste ruis (differential privacy, ε = {epsilon} per week).",
        "Counts contain deliberate noise (differential privacy, ε = {epsilon} per week).",
    ),
    "trend.title": ("Waarschuwingen per categorie per week", "Warnings per category per week"),
    "trend.total": ("Alle categorieën", "All categories"),
    "networks.title": ("Per netwerk", "By network"),
    "networks.findings": ("Waarschuwingen", "Warnings"),
    "networks.checks": ("Gecontroleerde berichten", "Checked posts"),
    "outcomes.title": ("Wat er gebeurde na een waarschuwing", "What happened after a warning"),
    "outcomes.share": (
        "{share} van de gewaarschuwde berichten werd aangepast of niet geplaatst ({changed} van {warned}).",
        "{share} of warned posts were edited or not posted ({changed} of {warned}).",
    ),
    "outcomes.benchmark": (
        "Ter vergelijking: X (Twitter) mat bij zijn eigen vraag 'wil je dit nog nalezen?' dat ongeveer een "
        "derde (34%) het bericht aanpaste of niet verstuurde.",
        "For comparison: X (Twitter) measured for its own 'want to review this?' prompt that about one "
        "third (34%) revised or did not send the post.",
    ),
    "outcomes.left_out": (
        "{n} week/weken weggelaten omdat een uitkomst daar verborgen is.",
        "{n} week(s) left out because an outcome is hidden there.",
    ),
    "outcomes.no_data": ("Nog te weinig gegevens.", "Not enough data yet."),
    "outcome.edited": ("aangepast", "edited"),
    "outcome.cancelled": ("niet geplaatst", "cancelled"),
    "outcome.posted_after_warning": ("toch geplaatst", "posted anyway"),
    "outcome.posted_without_warning": ("geplaatst zonder waarschuwing", "posted without a warning"),
    "outcome.no_findings": ("niets gevonden", "nothing found"),
    "source.extension": ("browserextensie", "browser extension"),
    "source.proxy": ("proxy", "proxy"),
    "feedback.title": (
        "Meldingen 'deze waarschuwing klopt niet' per regel",
        "'This warning is wrong' per rule",
    ),
    "feedback.reports": ("Meldingen", "Reports"),
    "feedback.hits": ("Waarschuwingen", "Warnings"),
    "feedback.rate": ("Meldingen per 100 waarschuwingen", "Reports per 100 warnings"),
    "experimental.title": ("Trefkans van experimentele regels", "Hit rate of experimental rules"),
    "experimental.none": (
        "Geen regelcatalogus bekend, of geen experimentele regels. Een beheerder kan een catalogus uploaden.",
        "No rule catalogue known, or no experimental rules. An administrator can upload a catalogue.",
    ),
    "experimental.rate": ("Per 1000 gecontroleerde berichten", "Per 1,000 checked posts"),
    "experimental.weeks": ("Weken getoond", "Weeks shown"),
    "col.week": ("Week", "Week"),
    "col.value": ("Waarde", "Value"),
    "col.count": ("Aantal", "Count"),
    "col.rule": ("Regel", "Rule"),
    "col.category": ("Categorie", "Category"),
    "col.network": ("Netwerk", "Network"),
    "col.outcome": ("Uitkomst", "Outcome"),
    "col.weeks_shown": ("Weken getoond", "Weeks shown"),
    "privacy.title": (
        "Privacy: wat deze statistiek wel en niet bevat",
        "Privacy: what these statistics hold",
    ),
    "privacy.collected": (
        "Elke laptop stuurt één keer per afgelopen ISO-week alleen tellingen: per categorie, regel, "
        "netwerk, ernst, uitkomst en bron, en hoe vaak een regel als onterecht is gemeld. Geen tekst, "
        "geen fragmenten, geen namen, geen apparaat- of gebruikersgegevens, geen tijdstippen fijner dan "
        "de week. Elk rapport heeft een willekeurig nummer, alleen om dubbel tellen te voorkomen.",
        "Each laptop sends, once per completed ISO week, counts only: per category, rule, network, "
        "severity, outcome and source, and how often a rule was reported as wrong. No text, no excerpts, "
        "no names, no device or user details, no times finer than the week. Each report has a random "
        "number, only to prevent counting it twice.",
    ),
    "privacy.stored": (
        "De verzamelserver telt rapporten op en bewaart alleen de opgetelde aantallen en per cel hoeveel "
        "rapporten eraan bijdroegen; rapporten zelf en IP-adressen worden niet bewaard of gelogd.",
        "The collector adds reports up and keeps only the summed counts and, per cell, how many reports "
        "contributed; the reports themselves and IP addresses are neither stored nor logged.",
    ),
    "privacy.k": (
        "Drempel k = {k}: een getal wordt alleen getoond als minstens {k} laptops eraan bijdroegen.",
        "Threshold k = {k}: a number is shown only when at least {k} laptops contributed to it.",
    ),
    "privacy.complementary": (
        "Aanvullende onderdrukking: er worden extra cellen weggelaten zodat een verborgen getal niet uit "
        "totalen of uit twee verschillende periodes terug te rekenen is. Een week wordt {days} dagen na "
        "afloop één keer vastgelegd en daarna niet meer gewijzigd.",
        "Complementary suppression: extra cells are left out so that a hidden number cannot be "
        "recalculated from totals or from two different periods. A week is fixed once, {days} days after "
        "it ends, and never changes afterwards.",
    ),
    "privacy.epsilon_on": (
        "Differential privacy staat aan: ε = {epsilon} per week per soort telling; beschermd wordt één "
        "waarschuwing, één gecontroleerd bericht of één melding (OpenDP, discrete Laplace-ruis, schaal {scale}).",
        "Differential privacy is on: ε = {epsilon} per week per kind of count; the unit protected is one "
        "warning, one checked post or one report of a wrong warning (OpenDP, discrete Laplace noise, scale {scale}).",
    ),
    "privacy.epsilon_off": (
        "Differential privacy staat uit (geen ruis).",
        "Differential privacy is off (no noise).",
    ),
    "privacy.retention": (
        "Bewaartermijn: {weeks} weken; oudere weken worden verwijderd.",
        "Retention: {weeks} weeks; older weeks are deleted.",
    ),
    "privacy.roles": (
        "Rollen: 'viewer' ziet alleen deze geaggregeerde pagina's; 'admin' beheert ook gebruikers en de "
        "regelcatalogus. Geen enkele rol kan per persoon of per laptop kijken.",
        "Roles: 'viewer' sees only these aggregate pages; 'admin' also manages users and the rule "
        "catalogue. No role can look per person or per laptop.",
    ),
    "privacy.weeks": ("Gepubliceerde weken", "Published weeks"),
    "privacy.shown": ("Cellen getoond", "Cells shown"),
    "privacy.hidden": ("Cellen verborgen", "Cells hidden"),
    "admin.title": ("Beheer", "Administration"),
    "admin.users": ("Gebruikers", "Users"),
    "admin.add_user": ("Gebruiker toevoegen", "Add user"),
    "admin.role": ("Rol", "Role"),
    "admin.added": ("Gebruiker opgeslagen.", "User saved."),
    "admin.catalogue": ("Regelcatalogus (JSON)", "Rule catalogue (JSON)"),
    "admin.upload": ("Uploaden", "Upload"),
    "admin.catalogue_loaded": ("Catalogus met {n} regels geladen.", "Catalogue with {n} rules loaded."),
    "admin.invalid": ("Ongeldige invoer: {detail}", "Invalid input: {detail}"),
}

CATEGORY_NAMES: dict[str, tuple[str, str]] = {
    "confidential": ("vertrouwelijke informatie", "confidential information"),
    "client": ("klantgegevens", "client information"),
    "personal_data": ("persoonsgegevens", "personal data"),
    "secret": ("geheimen en wachtwoorden", "secrets and passwords"),
    "offensive": ("beledigend", "offensive"),
    "discrimination": ("discriminatie", "discrimination"),
    "employer_criticism": ("kritiek op de werkgever", "criticism of the employer"),
    "spokesperson": ("spreken namens de organisatie", "speaking for the organisation"),
    "political": ("politiek tijdens werktijd", "political during office hours"),
    "colleague_media": ("beeld van collega's", "images of colleagues"),
    "emotional": ("emotioneel", "emotional"),
    "disclaimer": ("ontbrekende disclaimer", "missing disclaimer"),
}


def text(lang: str, key: str, **params: object) -> str:
    """The text for `key` in `lang` (nl or en) with {placeholders} filled in."""
    pair = TEXTS.get(key)
    if pair is None:
        return key
    value = pair[0] if lang == "nl" else pair[1]
    return value.format(**params) if params else value


def label(lang: str, facet: str, value: str) -> str:
    """A readable name for a facet value (category, outcome, source); other values as they are."""
    if facet == "category" and value in CATEGORY_NAMES:
        return CATEGORY_NAMES[value][0 if lang == "nl" else 1]
    if facet in ("outcome", "source") and f"{facet}.{value}" in TEXTS:
        return text(lang, f"{facet}.{value}")
    if facet == "rule":
        return value.split("/", 1)[-1]
    return value


def choose(accept_language: str | None, chosen: str | None) -> str:
    """The chosen language, else the browser's first nl/en preference, else nl."""
    if chosen in LANGUAGES:
        return str(chosen)
    for part in (accept_language or "").split(","):
        primary = part.split(";")[0].strip().lower().split("-")[0]
        if primary in LANGUAGES:
            return primary
    return "nl"
