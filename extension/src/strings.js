// Every text an employee reads in the extension, in Dutch and English, plus the language choice.
// Classic script: attaches to globalThis.Bedenktijd.strings; CommonJS export for node --test.
(function (name, factory) {
  const node = typeof module === "object" && module.exports;
  const api = factory();
  if (node) module.exports = api;
  else (globalThis.Bedenktijd = globalThis.Bedenktijd || {})[name] = api;
})("strings", function () {
  "use strict";

  const LANGUAGES = ["nl", "en"];

  const MESSAGES = {
    nl: {
      productName: "Bedenktijd",
      statusUnchecked: "Niet gecontroleerd",
      statusUncheckedHint: "Bedenktijd kon dit bericht nu niet controleren. Je kunt gewoon plaatsen.",
      statusClean: "Geen aandachtspunten",
      findingsOne: "1 aandachtspunt",
      findingsMany: "{count} aandachtspunten",
      severityHigh: "Ernstig risico",
      severityWarning: "Let op",
      severityInfo: "Tip",
      suggestionLabel: "Suggestie:",
      policyLinkClause: "Lees artikel {clause} van het protocol",
      policyLink: "Lees het socialemediaprotocol",
      reportWrong: "Deze melding klopt niet",
      reportThanks: "Bedankt, we kijken ernaar.",
      hidePanel: "Verbergen",
      showPanel: "Tonen",
      confirmTitle: "Even bedenken voor je plaatst",
      confirmBody:
        "Dit bericht bevat iets dat volgens het socialemediaprotocol een risico kan zijn. Je beslist zelf.",
      confirmEdit: "Bewerken",
      confirmPostAnyway: "Toch plaatsen",
      confirmEscapeHint: "Esc sluit dit venster zonder te plaatsen.",
      notificationTitle: "Geplaatst met een mogelijk risico",
      notificationBody:
        "Je bericht op {platform} raakt aan: {categories}. Je kunt het nog aanpassen of verwijderen.",
      notificationButton: "Bekijk uitleg",
      optionsTitle: "Bedenktijd: instellingen",
      optionsIntro:
        "Bedenktijd waarschuwt je voordat je iets riskants plaatst. Het controleert je tekst op deze computer, via de Bedenktijd-companion.",
      optionsCompanionUrl: "Adres van de companion",
      optionsCompanionUrlHelp:
        "Bijvoorbeeld http://127.0.0.1:8765. Alleen adressen op deze computer zijn toegestaan.",
      optionsToken: "Koppelcode (token)",
      optionsTokenHelp: "Kopieer de koppelcode van de pagina 'Extensie koppelen' in de companion.",
      optionsLanguage: "Taal",
      optionsLanguageAuto: "Zoals de browser",
      optionsLanguageNl: "Nederlands",
      optionsLanguageEn: "Engels",
      optionsNetworks: "Controleren op",
      optionsSave: "Opslaan",
      optionsSaved: "Opgeslagen.",
      optionsTest: "Verbinding testen",
      optionsTestOk: "Verbonden met de companion (versie {version}).",
      optionsTestFailed: "Geen verbinding: {reason}",
      optionsManaged: "Deze instelling wordt beheerd door je organisatie.",
      optionsInvalidUrl:
        "Het adres moet beginnen met http://127.0.0.1: of http://localhost: gevolgd door een poort.",
      errorNotConfigured: "de companion is nog niet ingesteld",
      errorTimeout: "de companion antwoordde niet op tijd",
      errorUnreachable: "de companion is niet bereikbaar",
      errorRejected: "de companion weigerde de aanvraag ({code})",
      platform_x: "X",
      platform_linkedin: "LinkedIn",
      platform_facebook: "Facebook",
      category_confidential: "vertrouwelijke informatie",
      category_client: "klantinformatie",
      category_personal_data: "persoonsgegevens",
      category_secret: "wachtwoorden of toegangsgegevens",
      category_offensive: "kwetsende taal",
      category_discrimination: "discriminatie",
      category_employer_criticism: "kritiek op de werkgever of collega's",
      category_spokesperson: "spreken namens de organisatie",
      category_political: "politieke boodschap tijdens werktijd",
      category_colleague_media: "beelden van collega's",
      category_emotional: "in het heetst van de strijd",
      category_disclaimer: "mening zonder 'op persoonlijke titel'",
    },
    en: {
      productName: "Bedenktijd",
      statusUnchecked: "Not checked",
      statusUncheckedHint: "Bedenktijd could not check this post just now. You can post as usual.",
      statusClean: "Nothing to reconsider",
      findingsOne: "1 point to reconsider",
      findingsMany: "{count} points to reconsider",
      severityHigh: "Serious risk",
      severityWarning: "Careful",
      severityInfo: "Tip",
      suggestionLabel: "Suggestion:",
      policyLinkClause: "Read clause {clause} of the protocol",
      policyLink: "Read the social media protocol",
      reportWrong: "This warning is wrong",
      reportThanks: "Thank you, we will look into it.",
      hidePanel: "Hide",
      showPanel: "Show",
      confirmTitle: "Take a moment before you post",
      confirmBody:
        "This post contains something the social media protocol sees as a possible risk. The choice is yours.",
      confirmEdit: "Edit",
      confirmPostAnyway: "Post anyway",
      confirmEscapeHint: "Esc closes this window without posting.",
      notificationTitle: "Posted with a possible risk",
      notificationBody: "Your post on {platform} touches on: {categories}. You can still edit or delete it.",
      notificationButton: "See why",
      optionsTitle: "Bedenktijd: settings",
      optionsIntro:
        "Bedenktijd warns you before you post something risky. It checks your text on this computer, through the Bedenktijd companion.",
      optionsCompanionUrl: "Companion address",
      optionsCompanionUrlHelp:
        "For example http://127.0.0.1:8765. Only addresses on this computer are allowed.",
      optionsToken: "Pairing code (token)",
      optionsTokenHelp: "Copy the pairing code from the companion's 'Pair the extension' page.",
      optionsLanguage: "Language",
      optionsLanguageAuto: "Same as the browser",
      optionsLanguageNl: "Dutch",
      optionsLanguageEn: "English",
      optionsNetworks: "Check posts on",
      optionsSave: "Save",
      optionsSaved: "Saved.",
      optionsTest: "Test connection",
      optionsTestOk: "Connected to the companion (version {version}).",
      optionsTestFailed: "No connection: {reason}",
      optionsManaged: "This setting is managed by your organisation.",
      optionsInvalidUrl:
        "The address must start with http://127.0.0.1: or http://localhost: followed by a port.",
      errorNotConfigured: "the companion is not set up yet",
      errorTimeout: "the companion did not answer in time",
      errorUnreachable: "the companion cannot be reached",
      errorRejected: "the companion refused the request ({code})",
      platform_x: "X",
      platform_linkedin: "LinkedIn",
      platform_facebook: "Facebook",
      category_confidential: "confidential information",
      category_client: "client information",
      category_personal_data: "personal data",
      category_secret: "passwords or access details",
      category_offensive: "hurtful language",
      category_discrimination: "discrimination",
      category_employer_criticism: "criticism of the employer or colleagues",
      category_spokesperson: "speaking on behalf of the organisation",
      category_political: "a political message during working hours",
      category_colleague_media: "pictures of colleagues",
      category_emotional: "posting in the heat of the moment",
      category_disclaimer: "an opinion without 'my own views'",
    },
  };

  /** The language to show: the configured one (nl|en), else the browser's (nl* -> nl), else en. */
  function pickLanguage(configured, browserLanguage) {
    if (configured === "nl" || configured === "en") return configured;
    return String(browserLanguage || "")
      .toLowerCase()
      .startsWith("nl")
      ? "nl"
      : "en";
  }

  /** The text for `key` in `lang` with {placeholders} filled; English, then the key, as fallbacks. */
  function t(lang, key, params) {
    const table = MESSAGES[lang] || MESSAGES.en;
    const template = table[key] !== undefined ? table[key] : MESSAGES.en[key];
    if (template === undefined) return key;
    return template.replace(/\{(\w+)\}/g, (whole, name) =>
      params && params[name] !== undefined ? String(params[name]) : whole,
    );
  }

  /** The "N points to reconsider" line in `lang`. */
  function findingsCount(lang, count) {
    return count === 1 ? t(lang, "findingsOne") : t(lang, "findingsMany", { count });
  }

  /** A finding's localized field ({nl, en} object from the companion) in `lang`, English as fallback. */
  function localized(texts, lang) {
    if (!texts || typeof texts !== "object") return typeof texts === "string" ? texts : "";
    return texts[lang] || texts.en || texts.nl || "";
  }

  return { LANGUAGES, MESSAGES, pickLanguage, t, findingsCount, localized };
});
