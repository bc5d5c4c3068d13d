// Service worker (Chromium) / background script (Firefox): answers the content scripts and the options page
// by calling the companion, and turns the companion's warning events into notifications. Only wiring here.
"use strict";
if (
  typeof importScripts === "function" &&
  !(globalThis.Bedenktijd && globalThis.Bedenktijd.companion_client)
) {
  importScripts("strings.js", "config.js", "sse_parser.js", "companion_client.js");
}

(function () {
  const B = globalThis.Bedenktijd;
  const ext = globalThis.browser || globalThis.chrome;
  // A late answer still updates the warnings on screen; the content script's own budget decides "not checked".
  const CHECK_TIMEOUT_MS = 2000;
  const OTHER_TIMEOUT_MS = 5000;
  const OUTCOMES = new Set(["edited", "cancelled", "posted_after_warning"]);
  const KINDS = new Set(["post", "reply", "comment", "edit"]);
  const EVENTS_ALARM = "bedenktijd-events";
  const LAST_EVENT_KEY = "lastEventId";
  let settingsLoad = null;
  let timingsLoad = null;
  let events = null;
  let attempt = 0;
  let retryTimer = null;

  async function loadSettings() {
    let managed = {};
    try {
      managed = (await ext.storage.managed.get(null)) || {};
    } catch (err) {
      managed = {}; // no policy installed (Firefox throws then)
    }
    const local = (await ext.storage.local.get(null)) || {};
    const resolved = B.config.resolve(managed, local);
    resolved.problems.forEach((p) => console.warn(`Bedenktijd settings: ${p}`));
    return { settings: resolved.settings, managedKeys: resolved.managedKeys };
  }

  // Cached as promises so concurrent messages share one load; a check never waits for the companion's /config.
  function settings() {
    if (!settingsLoad) {
      settingsLoad = loadSettings().catch((err) => {
        settingsLoad = null;
        throw err;
      });
    }
    return settingsLoad;
  }

  function companionTimings(s) {
    if (!B.config.isUsable(s)) return Promise.resolve(null);
    if (!timingsLoad) {
      timingsLoad = B.companion_client.companionConfig(s, 1000).then((answer) => {
        if (!answer.ok) timingsLoad = null; // try again on the next page load
        return answer.ok ? answer : null;
      });
    }
    return timingsLoad;
  }

  async function handle(message) {
    const { settings: s, managedKeys } = await settings();
    switch (message && message.type) {
      case "config": {
        const full = B.config.withCompanionTimings(s, await companionTimings(s));
        return {
          ok: true,
          language: full.language,
          enabledNetworks: full.enabledNetworks,
          debounceMs: full.debounceMs,
          timeoutMs: full.timeoutMs,
          configured: B.config.isUsable(s),
          managedKeys,
        };
      }
      case "check":
        if (typeof message.text !== "string" || !KINDS.has(message.kind))
          return { ok: false, error: { code: "bad_message", message: "check needs text and a known kind" } };
        ensureEvents();
        return B.companion_client.check(s, message, CHECK_TIMEOUT_MS);
      case "acknowledge":
        if (!OUTCOMES.has(message.outcome) || typeof message.fingerprint !== "string")
          return {
            ok: false,
            error: { code: "bad_message", message: "acknowledge needs a fingerprint and a known outcome" },
          };
        return B.companion_client.acknowledge(s, message, OTHER_TIMEOUT_MS);
      case "feedback":
        return B.companion_client.feedback(s, String(message.rule_id), OTHER_TIMEOUT_MS);
      case "health":
        return B.companion_client.health(s, OTHER_TIMEOUT_MS);
      default:
        return { ok: false, error: { code: "unknown_message", message: "unknown message type" } };
    }
  }

  ext.runtime.onMessage.addListener((message, sender, sendResponse) => {
    if (!sender || sender.id !== ext.runtime.id) return false;
    handle(message).then(sendResponse, (err) =>
      sendResponse({ ok: false, error: { code: "internal", message: String(err && err.message) } }),
    );
    return true;
  });

  ext.storage.onChanged.addListener((changes, area) => {
    if (area !== "local" && area !== "managed") return; // session holds only notification links
    settingsLoad = null;
    timingsLoad = null;
    lastEventId("").catch(() => undefined); // another companion numbers its events afresh
    if (events) events.abort();
    attempt = 0;
    ensureEvents();
  });

  // Only pages of a companion on this computer are opened (the event's url is absolute, and may name
  // 127.0.0.1 where the settings say localhost).
  function companionPage(base, url) {
    try {
      const resolved = new URL(String(url || "/"), base);
      return B.config.normaliseCompanionUrl(resolved.origin) ? resolved.href : null;
    } catch (err) {
      return null;
    }
  }

  async function notify(s, data) {
    const lang = B.strings.pickLanguage(s.language, globalThis.navigator && navigator.language);
    const categories = (data.categories || []).map((c) => B.strings.t(lang, `category_${c}`)).join(", ");
    const platform = B.strings.t(lang, `platform_${data.platform}`);
    const id = `bedenktijd-${String(data.event_id || Date.now())}`;
    const url = companionPage(s.companionUrl, data.url);
    if (url && ext.storage.session) await ext.storage.session.set({ [id]: url });
    await ext.notifications.create(id, {
      type: "basic",
      iconUrl: ext.runtime.getURL("icons/icon-128.png"),
      title: B.strings.t(lang, "notificationTitle"),
      message: B.strings.t(lang, "notificationBody", { platform, categories }),
      priority: 1,
    });
  }

  ext.notifications.onClicked.addListener(async (id) => {
    if (!id.startsWith("bedenktijd-") || !ext.storage.session) return;
    const stored = await ext.storage.session.get(id);
    if (stored[id]) await ext.tabs.create({ url: stored[id] });
    ext.notifications.clear(id);
  });

  // The last warning seen survives worker restarts (session storage), so a reconnect neither repeats nor
  // skips notifications.
  async function lastEventId(value) {
    if (!ext.storage.session) return "";
    if (value !== undefined) return ext.storage.session.set({ [LAST_EVENT_KEY]: value });
    return (await ext.storage.session.get(LAST_EVENT_KEY))[LAST_EVENT_KEY] || "";
  }

  function onWarning(s, ev) {
    attempt = 0;
    if (ev.id) lastEventId(ev.id).catch(() => undefined);
    if (ev.event !== "warning") return;
    let data = null;
    try {
      data = JSON.parse(ev.data);
    } catch (err) {
      console.warn("Bedenktijd: a warning event from the companion was not JSON; ignored");
      return;
    }
    notify(s, data).catch((err) => console.warn(`Bedenktijd: notification failed: ${err && err.message}`));
  }

  // One subscription to GET /api/v1/events at a time. The companion ends each stream after a while and
  // says when to come back (retry); errors back off. The alarm wakes a stopped worker to reconnect.
  async function ensureEvents() {
    if (events || retryTimer !== null) return;
    const { settings: s } = await settings();
    if (!B.config.isUsable(s) || events) return;
    const controller = new AbortController();
    events = controller;
    let delay = null;
    try {
      const end = await B.companion_client.readEvents(s, (ev) => onWarning(s, ev), {
        signal: controller.signal,
        lastEventId: await lastEventId(),
      });
      attempt = 0;
      delay = end.retryMs || 1000;
    } catch (err) {
      delay = B.sse_parser.backoffMs(attempt++, 1000, 60000); // down or restarting: try again later
    }
    events = null;
    if (controller.signal.aborted) return;
    retryTimer = setTimeout(() => {
      retryTimer = null;
      ensureEvents();
    }, delay);
  }

  if (ext.alarms) {
    ext.alarms.create(EVENTS_ALARM, { periodInMinutes: 1 });
    ext.alarms.onAlarm.addListener((alarm) => {
      if (alarm.name === EVENTS_ALARM) ensureEvents();
    });
  }
  ext.runtime.onStartup.addListener(() => ensureEvents());
  ext.runtime.onInstalled.addListener(() => ensureEvents());
  ensureEvents();
})();
