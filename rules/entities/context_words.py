"""Words near a candidate that make it more (or less) likely to be private, in Dutch, Flemish and English.

Phrases are separated by `|`; a trailing `*` lets a word continue (`doneer*` also matches `doneren`), a
leading `*` lets it end a compound (`*vereniging` matches `personeelsvereniging`); spaces match any
whitespace.
"""

from __future__ import annotations

from rules.entities.nearby import phrases, word_list

BSN = word_list(
    phrases("""
bsn* | burgerservicenummer* | burger service nummer | burgerservice nummer | sofinummer* |
sofi-nummer* | sofi nummer | citizen service number | social security | persoonsnummer | bsn-nummer
""")
)

# Words that name the number itself: strong enough to count from the previous sentence or ~120
# characters back (see `near_in_sentences`); the weaker words above keep the short window.
BSN_STRONG = word_list(
    phrases("""
bsn* | burgerservicenummer* | burger service nummer | burgerservice nummer | sofinummer* | sofi-nummer* |
sofi nummer | citizen service number
""")
)

RRN = word_list(
    phrases("""
rijksregisternummer* | rijksregister* | rrn | insz* | niss | numéro national | numero national |
national register | national number | registre national | identificatienummer |
nationaal nummer | nationaal registernummer | belgisch nummer
""")
)

RRN_STRONG = word_list(
    phrases("""
rijksregisternummer* | rijksregisternr* | rijksregister* | insz* | national register number* |
national registry number* | numéro de registre national | numéro national
""")
)

# Context that makes an IBAN public: donations to charities, an organisation's published account.
IBAN_PUBLIC = word_list(
    phrases("""
doneer* | doneren | donatie* | donate* | donation* | een gift | giften | steun* | sponsor* | giro* |
voedselbank* | food bank* | foodbank* | elke euro telt | every euro helps |
*stichting | *vereniging | vzw | asbl | *fonds | foundation | charity | goede doel* | goed doel | anbi | inzamel* |
fundrais* | crowdfund* | collecte | public account | publieke rekening | officiële rekening |
rekeningnummer van de | support us | steunen
""")
)

CARD = word_list(
    phrases("""
creditcard* | credit card | kaart* | card* | visa | mastercard | amex | american express | cvc | cvv
| vervaldatum | expiry | expires | geldig tot | bankkaart | betaalkaart | debit
""")
)

EMAIL_PRIVATE = word_list(
    phrases("""
privé | prive | private | persoonlijk* | personal | mijn eigen | my own | thuis | home
""")
)

PHONE_PRIVATE = word_list(
    phrases("""
bel me | bel mij | bel hem | bel haar | mijn nummer | mijn 06 | mijn gsm | privénummer* | privé
nummer | prive nummer | privenummer* | 06-nummer* | gsm-nummer* | gsmnummer* | call me | call him |
call her | text me | my number | my mobile | my cell | his number | her number | his mobile | her
mobile | haar nummer | zijn nummer | haar mobiel* | zijn mobiel* | mijn mobiel* | app me | appen |
appje | whatsapp* | sms me | bellen naar | mobiel nummer | mobile number | privé | prive | private
""")
)

PHONE_SERVICE = word_list(
    phrases("""
klantenservice | klantendienst | servicedesk | service desk | helpdesk | help desk | algemeen nummer
| algemene nummer | algemeen telefoonnummer | bereikbaar via | bereikbaar op | informatielijn |
infolijn | info | informatie | customer service | customer care | hotline | meldpunt | gratis nummer
| bel gratis | toll-free | toll free | openingstijden | opening hours | receptie | reception |
centrale | switchboard | politie | police | brandweer | ambulance | huisartsenpost | spoed |
emergency | noodnummer | loket | kantoor | office | bel de winkel | bel naar de winkel | bel het filiaal |
de winkel op | het filiaal op | call the shop | call our shop | shop on | call the store | store on |
persvragen | persdienst | communicatieteam | communicatieafdeling | press questions | press office | press inquiries |
media inquiries | communications team
""")
)

ADDRESS_PRIVATE = word_list(
    phrases("""
woont | woon | wonen | woonde | woonachtig | thuisadres | huisadres | privéadres | priveadres | mijn
adres | zijn adres | haar adres | hun adres | adres: | adres is | lives | live at | living at | home
address | my address | his address | her address | their address | zijn huis | haar huis | mijn huis
| bij mij thuis | bij hem thuis | bij haar thuis | verhuisd naar | moved to | brengen naar | bring
it to
""")
)

ADDRESS_PUBLIC = word_list(
    phrases("""
stadhuis | gemeentehuis | raadhuis | stadskantoor | town hall | city hall | bibliotheek | library |
museum | theater | theatre | schouwburg | bioscoop | station | sporthal | zwembad | locatie |
location | plaats: | waar: | where: | venue | evenement | event | bezoekadres | postadres | kantoor
| office | winkel | shop | store | restaurant | café | openingstijden | opening hours | festival |
markt | market | bezoek ons | visit us | vind ons | find us | concert | expo* | beurs | congres* | conference | tentoonstelling | exhibition |
open dag | opendeurdag | inloop*
""")
)

BIRTH = word_list(
    phrases("""
geboren | geboortedatum* | geboortedag | geb. | geb: | born | birth date | birthdate | date of birth
| dob | d.o.b. | né le | née le | geboortejaar
""")
)
# A birthday next to a full date with a year long past is a date of birth too ("Verjaardag van Tom: 03/04/1990");
# the detector only takes a year at least MIN_AGE_FOR_BIRTHDAY years back, so an anniversary this year is not one.
BIRTHDAY = word_list(
    phrases("""
verjaardag* | jarig | birthday* | bday | b-day
""")
)

# Free mail providers: an address there belongs to a person.
PERSONAL_MAIL_PROVIDERS = tuple(
    phrases("""
gmail.com | googlemail.com | hotmail.com | hotmail.nl | hotmail.be | outlook.com | outlook.be |
outlook.nl | live.com | live.nl | live.be | msn.com | yahoo.com | yahoo.fr | yahoo.co.uk |
icloud.com | me.com | mac.com | telenet.be | skynet.be | proximus.be | scarlet.be | ziggo.nl |
kpnmail.nl | kpnplanet.nl | planet.nl | home.nl | chello.nl | xs4all.nl | upcmail.nl | casema.nl |
quicknet.nl | hetnet.nl | zeelandnet.nl | online.nl | tele2.nl | gmx.com | gmx.net | gmx.de | web.de
| protonmail.com | proton.me | pm.me | tutanota.com | tuta.io | aol.com | mail.com | fastmail.com |
zoho.com
""")
)

# Local parts of shared mailboxes (a team, a function), not of a person.
ROLE_MAILBOXES = frozenset(
    phrases("""
info | informatie | contact | noreply | no-reply | donotreply | do-not-reply | pers | press | media
| communicatie | communication | communications | servicedesk | helpdesk | support | klantenservice
| klantendienst | service | customerservice | vacatures | jobs | careers | werken | recruitment | hr
| receptie | reception | secretariaat | secretariat | office | kantoor | admin | administratie |
administration | team | hallo | hello | hi | welkom | sales | verkoop | billing | facturen | factuur
| invoice | invoices | boekhouding | finance | privacy | dpo | fg | security | abuse | postmaster |
webmaster | redactie | editor | balie | loket | gemeente | post | mail | bestellingen | orders |
marketing | events | evenementen | aanmelden | inschrijvingen | meldingen | klachten | complaints |
feedback | vragen | questions
""")
)

# Advice and small talk around passwords: a value that is one of these words is not a password.
NOT_SECRET_VALUES = frozenset(
    phrases("""
gebruik | gebruiken | kies | kiezen | sterk | sterke | verander | veranderen | wijzig | wijzigen |
vergeten | kwijt | onthoud | use | choose | never | nooit | always | altijd | change | reset |
forgot | forgotten | lost | manager | managers | beheerder | kluis | safe | veilig | geheim | secret
| strong | weak | zwak | nieuw | nieuwe | new | old | oud | oude | minimaal | minimum | maximum |
least | moet | must | should | mag | may | required | verplicht | vereist | invullen | enter | type
| typ | hier | here | zelf | yourself | jezelf | same | hetzelfde | ander | andere | different |
other | niet | not | geen | none | leeg | empty | onbekend | unknown | volgt | follows | below |
hieronder | hierboven | above | zie | see | check | controleer | remember | delen | share | deel |
tip | tips | advies | hint | aanmaken | create | instellen | opnieuw | again | aanvragen | request |
please | graag | alsjeblieft | svp | aub | voor | for | met | with | van | bij | naar | your | jouw
| mijn | uw | onze | ons | their | hun | this | dit | that | dat | deze | die | the | een | and |
wordt | wachtwoord | wachtwoorden | password | passwords | code | codes | pincode | verlopen |
expired | incorrect | onjuist | fout | wrong | verkeerd | ongeldig | invalid | geldig | valid |
gewijzigd | changed | verstuurd | sent | beveiliging | security | lang | long | kort | short |
tekens | characters | letters | cijfers | digits | symbolen | symbols | hoofdletters
""")
)
