import { test } from "node:test";
import assert from "node:assert/strict";
import { load } from "./dom_fixture.mjs";

const gate = load("post_gate");

const TEXT = "Onze klant Acme tekent vandaag";
const finding = (rule, severity) => ({ rule, category: "client", severity, spans: [] });
const answer = (fingerprint, findings) => ({ ok: true, fingerprint, needs_confirmation: true, findings });
const WARNED = answer("fp-1", [finding("client-deal", "warning"), finding("emotional-caps", "info")]);

function checked(text, result) {
  const s = gate.checkStarted(gate.initialState(), text);
  return gate.checkFinished(s, text, result).state;
}

test("no answer for this text yet: wait, and after waiting let it through", () => {
  const s = gate.initialState();
  assert.equal(gate.decide(s, TEXT, false).decision, "wait");
  assert.equal(gate.decide(s, TEXT, true).decision, "let-through");
});

test("an empty draft is never stopped", () => {
  assert.equal(gate.decide(gate.initialState(), "  \n ", false).decision, "let-through");
});

test("a warning for exactly this text asks; the findings to show are the warning/high ones", () => {
  const d = gate.decide(checked(TEXT, WARNED), TEXT, false);
  assert.equal(d.decision, "confirm");
  assert.deepEqual(
    d.findings.map((f) => f.rule),
    ["client-deal"],
  );
});

test("high asks too; info alone and no findings let through", () => {
  assert.equal(
    gate.decide(checked(TEXT, answer("fp", [finding("bsn", "high")])), TEXT, false).decision,
    "confirm",
  );
  assert.equal(
    gate.decide(checked(TEXT, answer("fp", [finding("tip", "info")])), TEXT, false).decision,
    "let-through",
  );
  assert.equal(gate.decide(checked(TEXT, answer("fp", [])), TEXT, false).decision, "let-through");
});

test("an answer for another text does not count: the user typed since", () => {
  const s = checked(TEXT, WARNED);
  assert.equal(gate.decide(s, TEXT + "!", false).decision, "wait");
  assert.equal(gate.decide(s, TEXT + "!", true).decision, "let-through");
});

test("companion down or too slow (no answer within the budget): let through", () => {
  assert.equal(gate.decide(checked(TEXT, null), TEXT, false).decision, "let-through");
  assert.equal(
    gate.decide(checked(TEXT, { ok: false, error: { code: "timeout" } }), TEXT, false).decision,
    "let-through",
  );
});

test("a late answer after a timeout replaces the 'not checked' state", () => {
  let s = checked(TEXT, null);
  s = gate.checkFinished(s, TEXT, WARNED).state;
  assert.equal(gate.decide(s, TEXT, false).decision, "confirm");
});

test("post anyway: acknowledges once with fingerprint and rule ids, then bypasses exactly once", () => {
  const s0 = checked(TEXT, WARNED);
  const { state, effects } = gate.choose(s0, "post-anyway", TEXT);
  assert.deepEqual(effects, [
    {
      type: "acknowledge",
      outcome: "posted_after_warning",
      fingerprint: "fp-1",
      rule_ids: ["client-deal", "emotional-caps"],
    },
    { type: "redispatch" },
  ]);
  assert.equal(state.bypass, true);
  const first = gate.decide(state, TEXT, false);
  assert.equal(first.decision, "let-through");
  assert.equal(first.state.bypass, false);
  // acknowledged: the same text is not asked about again (e.g. the site failed and the user retries)
  assert.equal(gate.decide(first.state, TEXT, false).decision, "let-through");
});

test("the bypass is one-shot: after it, an unacknowledged warning asks again", () => {
  const s = gate.allowOnce(checked(TEXT, WARNED));
  const first = gate.decide(s, TEXT, false);
  assert.equal(first.decision, "let-through");
  assert.equal(gate.decide(first.state, TEXT, false).decision, "confirm");
});

test("edit: focus the editor; 'edited' is acknowledged when a changed text is checked, and only once", () => {
  const s0 = checked(TEXT, WARNED);
  const chosen = gate.choose(s0, "edit", TEXT);
  assert.deepEqual(chosen.effects, [{ type: "focus-editor" }]);
  assert.equal(gate.decide(chosen.state, TEXT, false).decision, "confirm");
  const same = gate.checkFinished(chosen.state, TEXT, WARNED);
  assert.deepEqual(same.effects, []);
  const changed = gate.checkFinished(same.state, "Er wordt vandaag getekend", answer("fp-2", []));
  assert.deepEqual(changed.effects, [
    {
      type: "acknowledge",
      outcome: "edited",
      fingerprint: "fp-1",
      rule_ids: ["client-deal", "emotional-caps"],
    },
  ]);
  const again = gate.checkFinished(changed.state, "Er wordt morgen getekend", answer("fp-3", []));
  assert.deepEqual(again.effects, []);
});

test("edit, then a failed check of the changed text: no acknowledgement yet", () => {
  const chosen = gate.choose(checked(TEXT, WARNED), "edit", TEXT);
  const failed = gate.checkFinished(chosen.state, "anders", null);
  assert.deepEqual(failed.effects, []);
  assert.ok(failed.state.editedFrom);
});

test("cancel (Escape) sends nothing and changes nothing", () => {
  const s0 = checked(TEXT, WARNED);
  const { state, effects } = gate.choose(s0, "cancel", TEXT);
  assert.deepEqual(effects, []);
  assert.equal(state, s0);
  assert.equal(gate.decide(state, TEXT, false).decision, "confirm");
});

test("a dialog answered after the draft changed still never stops the post", () => {
  const s0 = checked(TEXT, WARNED);
  const { state, effects } = gate.choose(s0, "post-anyway", "iets anders");
  assert.deepEqual(effects, [{ type: "redispatch" }]);
  assert.equal(gate.decide(state, "iets anders", false).decision, "let-through");
});

test("states are frozen: callers cannot mutate them by accident", () => {
  const s = checked(TEXT, WARNED);
  assert.ok(Object.isFrozen(s));
  assert.ok(Object.isFrozen(s.acknowledged));
  assert.throws(() => {
    "use strict";
    s.bypass = true;
  });
});
