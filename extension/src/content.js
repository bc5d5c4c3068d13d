// Content script entry point: picks the network for this page, asks the service worker for the settings
// and starts the controller. Loaded last, after the modules listed before it in the manifest.
(function () {
  "use strict";
  const B = globalThis.Bedenktijd;
  if (!B || B.contentStarted || typeof window === "undefined") return;
  B.contentStarted = true;
  const network = B.networks.forHost(window.location.hostname);
  if (!network) return;
  const ext = globalThis.browser || globalThis.chrome;
  const send = (message) => ext.runtime.sendMessage(message);
  const CONFIG_WAIT_MS = 1500;

  function withTimeout(promise, ms) {
    return Promise.race([promise, new Promise((resolve) => setTimeout(() => resolve(null), ms))]);
  }

  async function boot() {
    let answer = null;
    try {
      answer = await withTimeout(Promise.resolve(send({ type: "config" })), CONFIG_WAIT_MS);
    } catch (err) {
      answer = null; // the service worker is unreachable: run with defaults, drafts show "not checked"
    }
    const settings = answer && answer.ok ? answer : B.config.DEFAULTS;
    if (!settings.enabledNetworks.includes(network.id)) return;
    B.controller = B.content_controller.start({
      win: window,
      doc: document,
      network,
      send,
      lang: B.strings.pickLanguage(settings.language, navigator.language),
      debounceMs: settings.debounceMs,
      timeoutMs: settings.timeoutMs,
    });
  }

  boot();
})();
