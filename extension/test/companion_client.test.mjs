// Against a real HTTP server on 127.0.0.1 (node:http), not a mocked fetch.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { load, sleep } from "./dom_fixture.mjs";

const client = load("companion_client");
const TOKEN = "s3cret-token";
let server;
let base;
let readyOnly = false;
const seen = [];

function json(res, status, body) {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
}

before(async () => {
  server = createServer(async (req, res) => {
    let body = "";
    for await (const chunk of req) body += chunk;
    seen.push({ method: req.method, url: req.url, headers: req.headers, body });
    if (req.headers["x-bedenktijd-token"] !== TOKEN)
      return json(res, 401, {
        ok: false,
        error: { code: "bad_token", message: "The token is missing or wrong." },
      });
    if (req.url === "/api/v1/check") {
      const draft = JSON.parse(body);
      if (draft.text === "slow") await sleep(300);
      return json(res, 200, {
        ok: true,
        language: "nl",
        fingerprint: "fp",
        needs_confirmation: false,
        findings: [],
      });
    }
    if (req.url === "/api/v1/acknowledge") return json(res, 200, { ok: true, event_id: 12 });
    if (req.url === "/api/v1/health") return json(res, 200, { ok: true, version: "0.1.0" });
    if (req.url === "/api/v1/broken") {
      res.writeHead(500, { "content-type": "text/html" });
      return res.end("<h1>oops</h1>");
    }
    if (req.url === "/api/v1/events" && readyOnly) {
      res.writeHead(200, { "content-type": "text/event-stream" });
      return res.end("retry: 4000\n: bedenktijd warnings\nevent: ready\nid: 41\ndata: {}\n\n");
    }
    if (req.url === "/api/v1/events") {
      res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-store" });
      res.write(`retry: 4000\n: hello ${req.headers["last-event-id"] || "-"}\n\n`);
      await sleep(20);
      res.write(
        'id: 3\nevent: warning\ndata: {"event_id": 3, "platform": "x", "categories": ["client"], "url": "/warnings/3"}\n',
      );
      await sleep(20);
      res.write("\nevent: ping\ndata: {}\n\n");
      return res.end();
    }
    json(res, 404, { ok: false, error: { code: "not_found", message: "No such endpoint." } });
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${server.address().port}`;
});

after(() => server.close());

const settings = () => ({ companionUrl: base, token: TOKEN });

test("check posts the draft as JSON with the token in a header, never in the URL", async () => {
  seen.length = 0;
  const answer = await client.check(
    settings(),
    { text: "Hallo 👋", platform: "x", kind: "post", media: true, extra: "dropped" },
    2000,
  );
  assert.equal(answer.ok, true);
  assert.equal(answer.fingerprint, "fp");
  const [req] = seen;
  assert.equal(req.method, "POST");
  assert.equal(req.url, "/api/v1/check");
  assert.equal(req.headers["x-bedenktijd-token"], TOKEN);
  assert.match(req.headers["content-type"], /^application\/json/);
  assert.ok(!req.url.includes(TOKEN));
  assert.deepEqual(JSON.parse(req.body), { text: "Hallo 👋", platform: "x", kind: "post", media: true });
});

test("acknowledge sends the fingerprint and outcome, no text", async () => {
  seen.length = 0;
  const ack = {
    fingerprint: "fp",
    rule_ids: ["a"],
    outcome: "edited",
    platform: "linkedin",
    kind: "comment",
    text: "never",
  };
  const answer = await client.acknowledge(settings(), ack, 2000);
  assert.deepEqual(answer, { ok: true, event_id: 12 });
  assert.deepEqual(JSON.parse(seen[0].body), {
    fingerprint: "fp",
    rule_ids: ["a"],
    outcome: "edited",
    platform: "linkedin",
    kind: "comment",
  });
});

test("the companion's error object is passed on", async () => {
  const answer = await client.health({ companionUrl: base, token: "wrong" }, 2000);
  assert.deepEqual(answer, {
    ok: false,
    error: { code: "bad_token", message: "The token is missing or wrong." },
  });
});

test("a non-JSON answer is a bad_response failure", async () => {
  const answer = await client.request(settings(), "GET", "/api/v1/broken", undefined, 2000);
  assert.equal(answer.ok, false);
  assert.equal(answer.error.code, "bad_response");
  assert.match(answer.error.message, /HTTP 500/);
});

test("slower than the timeout: aborted, code timeout", async () => {
  const t0 = Date.now();
  const answer = await client.check(settings(), { text: "slow", platform: "x", kind: "post" }, 60);
  assert.equal(answer.error.code, "timeout");
  assert.ok(Date.now() - t0 < 250);
});

test("nobody listening: code unreachable; not configured: no request at all", async () => {
  const closed = createServer();
  await new Promise((resolve) => closed.listen(0, "127.0.0.1", resolve));
  const port = closed.address().port;
  await new Promise((resolve) => closed.close(resolve));
  const answer = await client.health({ companionUrl: `http://127.0.0.1:${port}`, token: TOKEN }, 2000);
  assert.equal(answer.error.code, "unreachable");
  seen.length = 0;
  assert.equal((await client.health({ companionUrl: base, token: "" }, 2000)).error.code, "not_configured");
  assert.equal(
    (await client.health({ companionUrl: "http://example.org:80", token: TOKEN }, 2000)).error.code,
    "not_configured",
  );
  assert.equal(seen.length, 0);
});

test("the events stream is read with fetch, token in a header, events parsed across chunks", async () => {
  seen.length = 0;
  const events = [];
  const end = await client.readEvents(settings(), (e) => events.push(e));
  assert.equal(seen[0].headers["x-bedenktijd-token"], TOKEN);
  assert.equal(seen[0].headers.accept, "text/event-stream");
  assert.equal(seen[0].headers["last-event-id"], undefined);
  assert.deepEqual(end, { lastEventId: "3", retryMs: 4000 });
  assert.deepEqual(
    events.map((e) => e.event),
    ["warning", "ping"],
  );
  assert.deepEqual(JSON.parse(events[0].data), {
    event_id: 3,
    platform: "x",
    categories: ["client"],
    url: "/warnings/3",
  });
});

test("the companion's opening 'ready' event gives the position to resume from, without a warning", async () => {
  readyOnly = true;
  try {
    const events = [];
    const end = await client.readEvents(settings(), (e) => events.push(e));
    assert.deepEqual(end, { lastEventId: "41", retryMs: 4000 });
    assert.deepEqual(
      events.map((e) => e.event),
      ["ready"],
    );
  } finally {
    readyOnly = false;
  }
});

test("a reconnect resumes after the last event seen (Last-Event-ID)", async () => {
  seen.length = 0;
  await client.readEvents(settings(), () => {}, { lastEventId: "3" });
  assert.equal(seen[0].headers["last-event-id"], "3");
});

test("the events stream rejects on a refused token and when aborted", async () => {
  await assert.rejects(
    client.readEvents({ companionUrl: base, token: "wrong" }, () => {}),
    /HTTP 401/,
  );
  const controller = new AbortController();
  const reading = client.readEvents(settings(), () => controller.abort(), { signal: controller.signal });
  await assert.rejects(reading, /abort/i);
});
