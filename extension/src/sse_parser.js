// Server-Sent Events parsing for a fetch stream (chunks may split anywhere), and the reconnect backoff.
// Classic script: attaches to globalThis.Bedenktijd.sse_parser; CommonJS export for node --test.
(function (name, factory) {
  const node = typeof module === "object" && module.exports;
  const api = factory();
  if (node) module.exports = api;
  else (globalThis.Bedenktijd = globalThis.Bedenktijd || {})[name] = api;
})("sse_parser", function () {
  "use strict";

  /**
   * A parser that calls onEvent({event, data, id}) for each complete event fed to it, following the
   * text/event-stream rules: "field: value" lines, data lines joined with "\n", comments start with ":",
   * a blank line ends an event, CRLF/CR/LF all end a line.
   */
  function createParser(onEvent) {
    let buffer = "";
    let eventType = "";
    let data = [];
    let lastId = "";
    let retry = null;

    function line(text) {
      if (text === "") {
        if (data.length > 0) onEvent({ event: eventType || "message", data: data.join("\n"), id: lastId });
        eventType = "";
        data = [];
        return;
      }
      if (text.startsWith(":")) return;
      const colon = text.indexOf(":");
      const field = colon === -1 ? text : text.slice(0, colon);
      let value = colon === -1 ? "" : text.slice(colon + 1);
      if (value.startsWith(" ")) value = value.slice(1);
      if (field === "event") eventType = value;
      else if (field === "data") data.push(value);
      else if (field === "id" && !value.includes("\0")) lastId = value;
      else if (field === "retry" && /^\d+$/.test(value)) retry = Number(value);
    }

    let skipLF = false;

    /** Feed the next decoded chunk of the stream. */
    function feed(chunk) {
      if (!chunk) return;
      // A "\r" that ended the previous chunk was a line end; a "\n" right after it belongs to it.
      if (skipLF && chunk.startsWith("\n")) chunk = chunk.slice(1);
      skipLF = false;
      buffer += chunk;
      for (;;) {
        const match = /\r\n|\r|\n/.exec(buffer);
        if (!match) break;
        if (match[0] === "\r" && match.index === buffer.length - 1) skipLF = true;
        line(buffer.slice(0, match.index));
        buffer = buffer.slice(match.index + match[0].length);
      }
    }

    return { feed, retryMs: () => retry };
  }

  /** Delay before reconnect number `attempt` (0-based): doubling from baseMs up to maxMs, with jitter in [0.5, 1]. */
  function backoffMs(attempt, baseMs, maxMs, random) {
    const rnd = typeof random === "function" ? random() : Math.random();
    const ceiling = Math.min(maxMs, baseMs * Math.pow(2, Math.max(0, attempt)));
    return Math.round(ceiling * (0.5 + 0.5 * rnd));
  }

  return { createParser, backoffMs };
});
