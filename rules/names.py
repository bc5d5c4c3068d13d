"""The ways people write an organisation's, client's or project's name in a post."""

from __future__ import annotations

import re
import unicodedata

# Legal-form words that people leave out when they name a company.
LEGAL_FORMS = frozenset(
    "b.v. bv n.v. nv vof v.o.f. bvba srl sa ltd inc gmbh cvba cv vzw asbl plc llc co. & co".split()
)
# Genitive and adjective endings: "Havenstads", "Havenstadse", "Voorbeeld's".
NAME_SUFFIXES = ("s", "'s", "’s", "se", "er", "ers")
# Endings of handles built from a one-word name: "@KeukenhuysNL", "@zeemeeuwofficial".
HANDLE_SUFFIXES = ("nl", "be", "hq", "official", "online", "app")
# Generic words around a code name or company name that people drop: "Project Meeuw" -> "Meeuw".
GENERIC_PREFIXES = frozenset(
    """project programma programme program operatie operation dossier plan traject codenaam initiatief
    initiative werkgroep taskforce stichting vereniging bouwcombinatie ingenieursbureau adviesbureau
    advocatenkantoor aannemersbedrijf installatiebedrijf transportbedrijf bureau firma groep group
    brouwerij bakkerij garage drukkerij""".split()
)
GENERIC_SUFFIXES = frozenset(
    """afvalservice schoonmaak schoonmaakbedrijf ict it groenbeheer logistics logistiek transport bouw
    holding groep group services service consultancy advies installaties techniek software solutions
    systems media partners international nederland belgië belgie benelux""".split()
)
# Sector words that name what a business does or sells; people drop them at either end of a name
# ("Drogisterij Zuiderlicht" -> "Zuiderlicht", "Bolderman Speelgoed" -> "Bolderman").
SECTOR_WORDS = frozenset(
    """drogisterij apotheek supermarkt supermarkten slagerij bakkerij banketbakkerij boekhandel
    speelgoed meubelen meubels interieur mode fashion keukens tegels sanitair bouwmarkt
    tuincentrum tuincentra autobedrijf autoschade garage makelaardij makelaars accountants advocaten
    notarissen tandartsen fysiotherapie huisartsen kinderopvang school college academie hogeschool
    universiteit ziekenhuis ziekenhuizen kliniek zorg thuiszorg verpleeghuis woonzorg hotel restaurant
    brasserie catering schoonmaak beveiliging security uitzendbureau uitzendgroep expeditie koeriers
    bank verzekeringen verzekeraar energie telecom pharma farma food foods zuivel dairy brouwerij
    wijnen dranken vastgoed projectontwikkeling installatietechniek elektrotechniek metaal machinebouw
    drukwerk print verpakkingen kunststoffen chemie agro tuinbouw kwekerij veehandel vishandel
    café eetcafé cafe eetcafe groenvoorziening hoveniers
    hotels retail stores store shop shops pharmacy toys furniture kitchens bakery logistics insurance
    energy telecom properties realestate consulting engineering motors automotive wholesale trading
    distribution distributie supply supplies imports import export equipment""".split()
)
# Compound heads that make a word generic too: "Hotelgroep X", "Zorgnetwerk X", "X Koelhuizen".
GENERIC_HEADS = (
    "groep",
    "group",
    "bedrijf",
    "bedrijven",
    "netwerk",
    "coöperatie",
    "cooperatie",
    "huizen",
    "centrum",
    "centra",
    "center",
    "centers",
    "centre",
    "centres",
    "diensten",
    "dienst",
    "bouw",
    "techniek",
    "handel",
    "boerderij",
    "kwekerij",
    "kwekerijen",
    "scholen",
    "praktijk",
    "kantoor",
    "winkels",
    "fabriek",
    "fabrieken",
    "maatschappij",
    "vereniging",
    "stichting",
    "federatie",
    "bureau",
    "transport",
    "logistiek",
    "verzekeringen",
    "hotels",
    "huisvesting",
    "werke",
)
# Short forms that are too common as ordinary surnames to stand for one company on their own.
COMMON_SURNAMES = frozenset(
    (
        "jansen",
        "janssen",
        "janssens",
        "de jong",
        "de vries",
        "van den berg",
        "van dijk",
        "bakker",
        "visser",
        "smit",
        "meijer",
        "de boer",
        "mulder",
        "de groot",
        "bos",
        "vos",
        "peters",
        "hendriks",
        "van leeuwen",
        "dekker",
        "brouwer",
        "de wit",
        "dijkstra",
        "smits",
        "de graaf",
        "van der meer",
        "peeters",
        "maes",
        "jacobs",
        "mertens",
        "willems",
        "claes",
        "goossens",
        "wouters",
        "de smet",
        "dubois",
        "lambert",
        "dupont",
        "martens",
        "de backer",
        "hermans",
        "michiels",
    )
)
MIN_SHORT_FORM = 5


# Generic words that may be dropped at the start or the end of a name (one set lookup each).
_DROPPED_FIRST = GENERIC_PREFIXES | SECTOR_WORDS
_DROPPED_LAST = GENERIC_SUFFIXES | SECTOR_WORDS
# Common nouns that open a name and are written in lower case inside a sentence ("de gemeente X"): the
# droppable ones, and public bodies whose place name alone must not stand for them.
_LOWERED_FIRST = _DROPPED_FIRST | frozenset(
    """gemeente stad provincie waterschap hoogheemraadschap ocmw politiezone veiligheidsregio ministerie
    departement agentschap woningcorporatie woonstichting hogeschool scholengroep""".split()
)


def _generic(word: str, words: frozenset[str]) -> bool:
    lowered = word.lower()
    return lowered in words or lowered.endswith(GENERIC_HEADS)


def _short_forms(words: list[str]) -> list[str]:
    if len(words) < 2:
        return []
    forms = []
    rest = words
    if _generic(rest[0], _DROPPED_FIRST):
        rest = rest[1:]
        forms.append(" ".join(rest))
    if len(rest) > 1 and _generic(rest[-1], _DROPPED_LAST):
        forms.append(" ".join(rest[:-1]))
    if not forms:  # most names
        return forms
    return [
        form
        for form in forms
        if sum(ch.isalpha() for ch in form) >= MIN_SHORT_FORM
        and form.lower() not in COMMON_SURNAMES
        and form[:1].isupper()
    ]


def name_forms(name: str) -> list[tuple[str, bool]]:
    """(form, proper-noun-only) pairs: the name as written, without its legal form, and short forms.

    Possessive and adjective endings (NAME_SUFFIXES) are allowed by the matcher, not listed here.

    Short forms ("Zeemeeuw" for "Project Zeemeeuw") only count when written with a capital or as a
    handle or hashtag, so the ordinary word ("een zeemeeuw op het dak") does not match. Joined forms
    ("projectzeemeeuw") stand for handles and hashtags and follow the same rule.
    """
    # Plain lists, dicts and loops rather than sets, sorting and comprehensions: this runs once per
    # client name, and a profile may list tens of thousands.
    base = " ".join(name.split())
    words = base.split(" ")
    full = [base]
    if len(words) > 1 and words[-1].lower() in LEGAL_FORMS:
        words = words[:-1]
        _add_unless_surname(full, words)
    # Flemish usage puts the legal form first: "NV Zeeuwse Stromen", "BVBA Peeters".
    if len(words) > 1 and words[0].lower() in LEGAL_FORMS:
        words = words[1:]
        _add_unless_surname(full, words)
    # In a sentence the common noun before a name is written in lower case: "de gemeente Lingewaard",
    # "bij bakkerij De Vries", "het project Waterlelie" (the rest of the name keeps its spelling).
    if len(words) > 1 and words[0][:1].isupper() and words[0].lower() in _LOWERED_FIRST:
        full.append(" ".join([words[0].lower(), *words[1:]]))
    # "Bolderman-Speelgoed", "Sint Arnoldus" for "Sint-Arnoldus": hyphens and spaces are interchangeable.
    for form in full[:]:
        if _swappable(form):
            full.append(_swap_joiners(form))
    forms = dict.fromkeys(full, False)
    short = _short_forms(words)
    for form in short:
        forms.setdefault(form, True)
    for form in short:
        if _swappable(form):
            forms.setdefault(_swap_joiners(form), True)
    # "Peeters en Zonen" for "Peeters & Zonen"; "Cafe De Zwaan" for "Café De Zwaan" (posts drop accents).
    for form, proper in list(forms.items()):
        if " & " in form:
            forms.setdefault(form.replace(" & ", " en "), proper)
            forms.setdefault(form.replace(" & ", " and "), proper)
    if not base.isascii():
        for form, proper in list(forms.items()):
            for variant in _accent_variants(form):
                forms.setdefault(variant, proper)
    # Handles and hashtags join the words: "@sintarnoldus", "#ProjectZeemeeuw". Only as a proper noun,
    # which a preceding "@" or "#" also satisfies, so the run-together word in a sentence stays innocent.
    lowered = set(map(str.lower, forms))
    for form in list(forms):
        joined = _joined(form)
        if len(joined) >= MIN_JOINED and joined not in lowered:
            forms.setdefault(joined, True)
    return list(forms.items())


MIN_JOINED = 6


def _add_unless_surname(full: list[str], words: list[str]) -> None:
    """The name without its legal form, unless that leaves a common surname alone ("Peeters" of "Peeters BV"
    is as likely a colleague or a neighbour)."""
    if len(words) > 1 or words[0].lower() not in COMMON_SURNAMES:
        full.append(" ".join(words))


MAX_ACCENTED_WORDS = 3


def _accent_variants(form: str) -> list[str]:
    """The form with the accents dropped from every word, and from each combination of its accented words
    ("Hotel Léopold" and "Hôtel Leopold" as well as "Hotel Leopold"): posts drop some accents, not always all.
    Names with more than MAX_ACCENTED_WORDS accented words get only the fully stripped form."""
    words = form.split(" ")
    bare = [_without_accents(word) for word in words]
    accented = [i for i, word in enumerate(words) if bare[i] != word]
    if len(accented) > MAX_ACCENTED_WORDS:
        return [" ".join(bare)]
    variants = []
    for mask in range(1, 2 ** len(accented)):
        stripped = list(words)
        for bit, i in enumerate(accented):
            if mask >> bit & 1:
                stripped[i] = bare[i]
        variants.append(" ".join(stripped))
    return variants


def _without_accents(form: str) -> str:
    """The form with accents dropped: "Hôtel Léopold" -> "Hotel Leopold" (only letters' marks go)."""
    return unicodedata.normalize(
        "NFC", "".join(ch for ch in unicodedata.normalize("NFD", form) if unicodedata.category(ch) != "Mn")
    )


def _swappable(form: str) -> bool:
    return ("." not in form) and (" " in form or "-" in form)


def _swap_joiners(form: str) -> str:
    """Words joined by hyphens instead of spaces, or by spaces instead of hyphens."""
    return form.replace(" ", "-") if " " in form else form.replace("-", " ")


_NOT_ALNUM = re.compile(r"[\W_]+")


def _joined(form: str) -> str:
    """The form in lower case without spaces, punctuation or underscores ("sintarnoldus")."""
    lowered = form.lower()
    joined = lowered.replace(" ", "").replace("-", "")
    # `isalnum` holds for exactly the characters `\w` matches other than "_": then nothing is left to drop.
    return joined if joined.isalnum() else _NOT_ALNUM.sub("", joined)
