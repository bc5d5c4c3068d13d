// Calls to the companion's /api/v1 on this computer, from the service worker (content scripts may not reach
// loopback because of Local Network Access). Every call ends: errors become {ok:false, error:{code,message}}.
// Classic script: attaches to globalThis.Bedenktijd.companion_client; CommonJS export for node --test.
(function (name, factory) {
  const node = typeof module === "object" && module.exports;
  const ns = node ? null : (globalThis.Bedenktijd = globalThis.Bedenktijd || {});
  const api = factory((dep) => (node ? require(`./${dep}.js`) : ns[dep]));
  if (node) module.exports = api;
  else ns[name] = api;
})("companion_client", function (need) {
  "use strict";
  const config = need("config");
  const sse = need("sse_parser");

  const TOKEN_HEADER = "X-Bedenktijd-Token";

  function failure(code, message) {
    return { ok: false, error: { code, message } };
  }

  /**
   * One JSON request to the companion, aborted after `timeoutMs`. Never throws; the token goes in a header,
   * never in the URL, and only to a loopback address.
   */
  async function request(settings, method, path, body, timeoutMs, fetchImpl) {
    const base = config.normaliseCompanionUrl(settings.companionUrl);
    if (!base || !settings.token)
      return failure("not_configured", "The companion address or token is not set.");
    const doFetch = fetchImpl || globalThis.fetch;
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    try {
      const headers = { Accept: "application/json", [TOKEN_HEADER]: settings.token };
      if (body !== undefined) headers["Content-Type"] = "application/json";
      const response = await doFetch(base + path, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: controller.signal,
        credentials: "omit",
        cache: "no-store",
      });
      let data = null;
      try {
        data = await response.json();
      } catch (err) {
        return failure("bad_response", `${method} ${path} answered HTTP ${response.status} without JSON.`);
      }
      if (!response.ok || !data || data.ok !== true) {
        const err = (data && data.error) || {};
        return failure(
          err.code || `http_${response.status}`,
          err.message || `${method} ${path} answered HTTP ${response.status}.`,
        );
      }
      return data;
    } catch (err) {
      if (controller.signal.aborted)
        return failure("timeout", `${method} ${path} took longer than ${timeoutMs} ms.`);
      return failure(
        "unreachable",
        `${method} ${path} failed: ${err && err.name ? err.name : "network error"}.`,
      );
    } finally {
      clearTimeout(timer);
    }
  }

  /** POST /api/v1/check for one draft. */
  function check(settings, draft, timeoutMs, fetchImpl) {
    const body = {
      text: String(draft.text),
      platform: draft.platform,
      kind: draft.kind,
      media: Boolean(draft.media),
    };
    return request(settings, "POST", "/api/v1/check", body, timeoutMs, fetchImpl);
  }

  /** POST /api/v1/acknowledge: what the user did after a warning (no text, only the fingerprint). */
  function acknowledge(settings, ack, timeoutMs, fetchImpl) {
    const body = {
      fingerprint: ack.fingerprint,
      rule_ids: ack.rule_ids,
      outcome: ack.outcome,
      platform: ack.platform,
      kind: ack.kind,
    };
    return request(settings, "POST", "/api/v1/acknowledge", body, timeoutMs, fetchImpl);
  }

  /** POST /api/v1/feedback: the user reports a warning as wrong. */
  function feedback(settings, ruleId, timeoutMs, fetchImpl) {
    return request(settings, "POST", "/api/v1/feedback", { rule_id: ruleId }, timeoutMs, fetchImpl);
  }

  /** GET /api/v1/health. */
  function health(settings, timeoutMs, fetchImpl) {
    return request(settings, "GET", "/api/v1/health", undefined, timeoutMs, fetchImpl);
  }

  /** GET /api/v1/config (language, networks, debounce_ms, timeout_ms). */
  function companionConfig(settings, timeoutMs, fetchImpl) {
    return request(settings, "GET", "/api/v1/config", undefined, timeoutMs, fetchImpl);
  }

  /**
   * Reads GET /api/v1/events (Server-Sent Events) with fetch streaming, since EventSource cannot send the
   * token header. Calls onEvent({event, data, id}) per event. options = {signal, lastEventId, fetchImpl};
   * lastEventId resumes after the last warning seen. Resolves {lastEventId, retryMs} when the companion ends
   * the stream; rejects on errors or when the signal aborts.
   */
  async function readEvents(settings, onEvent, options) {
    const opts = options || {};
    const base = config.normaliseCompanionUrl(settings.companionUrl);
    if (!base || !settings.token) throw new Error("companion address or token not set");
    const doFetch = opts.fetchImpl || globalThis.fetch;
    const headers = { Accept: "text/event-stream", [TOKEN_HEADER]: settings.token };
    if (opts.lastEventId) headers["Last-Event-ID"] = String(opts.lastEventId);
    const response = await doFetch(base + "/api/v1/events", {
      headers,
      signal: opts.signal,
      credentials: "omit",
      cache: "no-store",
    });
    if (!response.ok || !response.body) {
      throw new Error(`GET /api/v1/events answered HTTP ${response.status}`);
    }
    let lastEventId = opts.lastEventId || "";
    const parser = sse.createParser((event) => {
      if (event.id) lastEventId = event.id;
      onEvent(event);
    });
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    // Not every fetch implementation errors a body that is already streaming when the signal aborts.
    const stop = () => reader.cancel().catch(() => undefined);
    if (opts.signal) opts.signal.addEventListener("abort", stop);
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done || (opts.signal && opts.signal.aborted)) break;
        parser.feed(decoder.decode(value, { stream: true }));
      }
    } finally {
      if (opts.signal) opts.signal.removeEventListener("abort", stop);
    }
    if (opts.signal && opts.signal.aborted) throw new Error("The event stream was aborted.");
    parser.feed(decoder.decode());
    return { lastEventId, retryMs: parser.retryMs() };
  }

  return { TOKEN_HEADER, request, check, acknowledge, feedback, health, companionConfig, readEvents };
});
