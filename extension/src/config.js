// The extension's settings: defaults, the organisation's managed values over the user's own, and checks.
// Classic script: attaches to globalThis.Bedenktijd.config; CommonJS export for node --test.
(function (name, factory) {
  const node = typeof module === "object" && module.exports;
  const api = factory();
  if (node) module.exports = api;
  else (globalThis.Bedenktijd = globalThis.Bedenktijd || {})[name] = api;
})("config", function () {
  "use strict";

  const NETWORKS = ["x", "linkedin", "facebook"];
  const KEYS = ["companionUrl", "token", "language", "enabledNetworks"];
  const DEFAULTS = Object.freeze({
    companionUrl: "",
    token: "",
    language: "auto",
    enabledNetworks: NETWORKS,
    debounceMs: 400,
    timeoutMs: 300,
  });
  // The token must never leave this computer: only loopback addresses with an explicit port.
  const LOOPBACK_URL = /^http:\/\/(127\.0\.0\.1|localhost):(\d{1,5})\/?$/i;

  /** The companion's base URL without a trailing slash, or null when `url` is not a loopback http URL. */
  function normaliseCompanionUrl(url) {
    const match = LOOPBACK_URL.exec(String(url || "").trim());
    if (!match) return null;
    const port = Number(match[2]);
    if (port < 1 || port > 65535) return null;
    return `http://${match[1].toLowerCase()}:${port}`;
  }

  function cleanNetworks(value) {
    if (!Array.isArray(value)) return null;
    return NETWORKS.filter((n) => value.includes(n));
  }

  function cleanLanguage(value) {
    return value === "nl" || value === "en" || value === "auto" ? value : null;
  }

  function clean(source) {
    const out = {};
    if (!source || typeof source !== "object") return out;
    if (typeof source.companionUrl === "string") out.companionUrl = source.companionUrl;
    if (typeof source.token === "string") out.token = source.token.trim();
    if (cleanLanguage(source.language)) out.language = source.language;
    const networks = cleanNetworks(source.enabledNetworks);
    if (networks) out.enabledNetworks = networks;
    return out;
  }

  /**
   * The settings in force: managed (policy) values win over local (options page) values, which win over
   * the defaults. Returns {settings, managedKeys, problems}; an unusable companion URL becomes "" and is
   * named in problems, so the extension stays quiet ("not checked") instead of sending the token elsewhere.
   */
  function resolve(managed, local) {
    const m = clean(managed);
    const l = clean(local);
    const settings = Object.assign({}, DEFAULTS, l, m);
    const problems = [];
    if (settings.companionUrl) {
      const url = normaliseCompanionUrl(settings.companionUrl);
      if (!url) {
        const where = "companionUrl" in m ? "managed storage" : "local storage";
        problems.push(`companionUrl in ${where} is not a loopback http address with a port; checks are off`);
      }
      settings.companionUrl = url || "";
    }
    return { settings, managedKeys: Object.keys(m), problems };
  }

  /** True when the settings are enough to call the companion. */
  function isUsable(settings) {
    return Boolean(settings.companionUrl && settings.token);
  }

  /** Debounce and timeout from the companion's GET /api/v1/config, bounded so a bad value cannot block. */
  function withCompanionTimings(settings, companionConfig) {
    const out = Object.assign({}, settings);
    if (companionConfig && Number.isFinite(companionConfig.debounce_ms)) {
      out.debounceMs = Math.min(Math.max(companionConfig.debounce_ms, 100), 2000);
    }
    if (companionConfig && Number.isFinite(companionConfig.timeout_ms)) {
      out.timeoutMs = Math.min(Math.max(companionConfig.timeout_ms, 50), 1000);
    }
    if (companionConfig && settings.language === "auto" && cleanLanguage(companionConfig.language)) {
      out.language = companionConfig.language;
    }
    return out;
  }

  return { NETWORKS, KEYS, DEFAULTS, normaliseCompanionUrl, resolve, isUsable, withCompanionTimings };
});
