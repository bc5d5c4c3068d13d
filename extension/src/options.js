// The options page for installs without a policy: companion address, token, language and networks.
// Values set by the organisation (managed storage) are shown read-only.
(function () {
  "use strict";
  const B = globalThis.Bedenktijd;
  const ext = globalThis.browser || globalThis.chrome;
  const form = document.getElementById("options");
  const message = document.getElementById("message");
  let lang = "en";

  function say(text, isError) {
    message.textContent = text;
    message.className = isError ? "error" : "";
  }

  function translate() {
    document.documentElement.lang = lang;
    for (const el of document.querySelectorAll("[data-i18n]"))
      el.textContent = B.strings.t(lang, el.dataset.i18n);
  }

  function reason(answer) {
    const code = answer && answer.error && answer.error.code;
    if (code === "not_configured") return B.strings.t(lang, "errorNotConfigured");
    if (code === "timeout") return B.strings.t(lang, "errorTimeout");
    if (code === "unreachable") return B.strings.t(lang, "errorUnreachable");
    return B.strings.t(lang, "errorRejected", { code: code || "?" });
  }

  async function load() {
    let managed = {};
    try {
      managed = (await ext.storage.managed.get(null)) || {};
    } catch (err) {
      managed = {};
    }
    const local = (await ext.storage.local.get(null)) || {};
    const { settings, managedKeys } = B.config.resolve(managed, local);
    lang = B.strings.pickLanguage(settings.language, navigator.language);
    translate();
    form.companionUrl.value = local.companionUrl || settings.companionUrl || "";
    form.token.value = settings.token || "";
    form.language.value = settings.language;
    for (const box of form.querySelectorAll('input[name="network"]'))
      box.checked = settings.enabledNetworks.includes(box.value);
    for (const key of managedKeys) {
      const note = document.querySelector(`[data-managed-for="${key}"]`);
      if (note) note.hidden = false;
      const field = key === "enabledNetworks" ? document.getElementById("enabledNetworks") : form[key];
      if (field) field.disabled = true;
    }
  }

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const url = form.companionUrl.value.trim();
    if (url && !B.config.normaliseCompanionUrl(url)) return say(B.strings.t(lang, "optionsInvalidUrl"), true);
    const networks = Array.from(form.querySelectorAll('input[name="network"]:checked')).map((b) => b.value);
    await ext.storage.local.set({
      companionUrl: url ? B.config.normaliseCompanionUrl(url) : "",
      token: form.token.value.trim(),
      language: form.language.value,
      enabledNetworks: networks,
    });
    lang = B.strings.pickLanguage(form.language.value, navigator.language);
    translate();
    say(B.strings.t(lang, "optionsSaved"), false);
  });

  document.getElementById("test").addEventListener("click", async () => {
    let answer = null;
    try {
      answer = await ext.runtime.sendMessage({ type: "health" });
    } catch (err) {
      answer = null;
    }
    if (answer && answer.ok)
      say(B.strings.t(lang, "optionsTestOk", { version: answer.version || "?" }), false);
    else say(B.strings.t(lang, "optionsTestFailed", { reason: reason(answer) }), true);
  });

  load();
})();
