import { test } from "node:test";
import assert from "node:assert/strict";
import { load, sleep, until } from "./dom_fixture.mjs";

const { createScheduler } = load("check_scheduler");

function recorder(options) {
  const sent = [];
  const results = [];
  const started = [];
  const scheduler = createScheduler({
    debounceMs: 30,
    budgetMs: 40,
    send: (draft) => {
      sent.push(draft.text);
      return options.answer(draft);
    },
    onStart: (text) => started.push(text),
    onResult: (text, answer) => results.push([text, answer]),
  });
  return { scheduler, sent, results, started };
}

const draft = (text) => ({ text, media: false, kind: "post" });

test("typing quickly sends one check, for the last text, after the debounce", async () => {
  const r = recorder({ answer: (d) => Promise.resolve({ ok: true, findings: [], text: d.text }) });
  r.scheduler.schedule(draft("O"));
  r.scheduler.schedule(draft("On"));
  r.scheduler.schedule(draft("Onz"));
  assert.deepEqual(r.sent, []);
  await until(() => r.results.length === 1, 500, "a result");
  assert.deepEqual(r.sent, ["Onz"]);
  assert.deepEqual(r.started, ["Onz"]);
  assert.equal(r.results[0][1].ok, true);
});

test("a companion slower than the budget: 'not checked' (null) first, the late answer after", async () => {
  const r = recorder({ answer: () => sleep(90).then(() => ({ ok: true, findings: ["late"] })) });
  r.scheduler.now(draft("tekst"));
  await until(() => r.results.length === 1, 500, "the timeout");
  assert.deepEqual(r.results[0], ["tekst", null]);
  await until(() => r.results.length === 2, 500, "the late answer");
  assert.deepEqual(r.results[1][1].findings, ["late"]);
});

test("a companion that never answers ends in null after the budget", async () => {
  const r = recorder({ answer: () => new Promise(() => {}) });
  const t0 = Date.now();
  r.scheduler.now(draft("tekst"));
  assert.equal(await r.scheduler.settled("tekst", 1000), true);
  assert.ok(Date.now() - t0 < 500);
  assert.deepEqual(r.results, [["tekst", null]]);
});

test("a failing send (the service worker is gone) is a failure answer, not an exception", async () => {
  const r = recorder({ answer: () => Promise.reject(new Error("Extension context invalidated.")) });
  r.scheduler.now(draft("tekst"));
  await until(() => r.results.length === 1, 500, "a result");
  assert.equal(r.results[0][1].ok, false);
  assert.equal(r.results[0][1].error.code, "send_failed");
});

test("only the newest draft's answers are reported", async () => {
  const r = recorder({
    answer: (d) => sleep(d.text === "oud" ? 30 : 5).then(() => ({ ok: true, text: d.text })),
  });
  r.scheduler.now(draft("oud"));
  r.scheduler.now(draft("nieuw"));
  await sleep(80);
  assert.deepEqual(
    r.results.map(([text]) => text),
    ["nieuw"],
  );
});

test("now() does not resend a draft that is already checked or in flight", async () => {
  const r = recorder({ answer: () => Promise.resolve({ ok: true }) });
  r.scheduler.now(draft("tekst"));
  r.scheduler.now(draft("tekst"));
  await until(() => r.results.length === 1, 500, "a result");
  r.scheduler.now(draft("tekst"));
  r.scheduler.now({ text: "tekst", media: true, kind: "post" });
  await until(() => r.results.length === 2, 500, "the media result");
  assert.deepEqual(r.sent, ["tekst", "tekst"]);
});

test("settled: true at once for the answered text, false after maxMs when nothing comes", async () => {
  const r = recorder({ answer: () => Promise.resolve({ ok: true }) });
  r.scheduler.now(draft("klaar"));
  await until(() => r.results.length === 1, 500, "a result");
  assert.equal(await r.scheduler.settled("klaar", 1000), true);
  const t0 = Date.now();
  assert.equal(await r.scheduler.settled("nooit verstuurd", 30), false);
  assert.ok(Date.now() - t0 >= 25);
});

test("dispose drops a pending debounce and releases waiters", async () => {
  const r = recorder({ answer: () => Promise.resolve({ ok: true }) });
  r.scheduler.schedule(draft("weg"));
  const waiting = r.scheduler.settled("weg", 1000);
  r.scheduler.dispose();
  assert.equal(await waiting, false);
  await sleep(60);
  assert.deepEqual(r.sent, []);
});
