import { test } from "node:test";
import assert from "node:assert/strict";
import { load } from "./dom_fixture.mjs";

const sse = load("sse_parser");

function parseAll(chunks) {
  const events = [];
  const parser = sse.createParser((e) => events.push(e));
  for (const c of chunks) parser.feed(c);
  return { events, parser };
}

const STREAM =
  ': keep-alive\n\nevent: warning\nid: 7\ndata: {"event_id": 7,\ndata: "platform": "x"}\n\ndata: plain\n\n';

test("events, ids, multi-line data and comments", () => {
  const { events } = parseAll([STREAM]);
  assert.deepEqual(events, [
    { event: "warning", data: '{"event_id": 7,\n"platform": "x"}', id: "7" },
    { event: "message", data: "plain", id: "7" },
  ]);
  assert.equal(JSON.parse(events[0].data).platform, "x");
});

test("the same events whatever the chunking, CRLF split across chunks included", () => {
  const crlf = STREAM.replace(/\n/g, "\r\n");
  const expected = parseAll([STREAM]).events;
  for (const stream of [STREAM, crlf, STREAM.replace(/\n/g, "\r")]) {
    for (let size = 1; size <= 7; size++) {
      const chunks = [];
      for (let i = 0; i < stream.length; i += size) chunks.push(stream.slice(i, i + size), "");
      assert.deepEqual(parseAll(chunks).events, expected, `chunk size ${size}`);
    }
  }
});

test("an event without a blank line after it is not dispatched yet; empty data is not an event", () => {
  assert.deepEqual(parseAll(["event: warning\ndata: x\n"]).events, []);
  assert.deepEqual(parseAll(["event: warning\n\n"]).events, []);
  assert.deepEqual(parseAll(["data\n\n"]).events, [{ event: "message", data: "", id: "" }]);
});

test("retry is read; a field without a space after the colon works", () => {
  const { events, parser } = parseAll(["retry: 5000\nevent:warning\ndata:{}\n\n"]);
  assert.equal(parser.retryMs(), 5000);
  assert.deepEqual(events, [{ event: "warning", data: "{}", id: "" }]);
});

test("reconnect backoff doubles, is capped, and has jitter between half and full", () => {
  assert.equal(
    sse.backoffMs(0, 1000, 60000, () => 1),
    1000,
  );
  assert.equal(
    sse.backoffMs(3, 1000, 60000, () => 1),
    8000,
  );
  assert.equal(
    sse.backoffMs(20, 1000, 60000, () => 1),
    60000,
  );
  assert.equal(
    sse.backoffMs(3, 1000, 60000, () => 0),
    4000,
  );
});
