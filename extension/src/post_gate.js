// The decision at the moment of posting, as a pure state machine over one composer's state:
// intercept (ask "Edit / Post anyway"), wait briefly for a pending check, or let the post through.
// It never stops a post for good: every path ends in "let-through" or in the user's own choice.
// Classic script: attaches to globalThis.Bedenktijd.post_gate; CommonJS export for node --test.
(function (name, factory) {
  const node = typeof module === "object" && module.exports;
  const api = factory();
  if (node) module.exports = api;
  else (globalThis.Bedenktijd = globalThis.Bedenktijd || {})[name] = api;
})("post_gate", function () {
  "use strict";

  const CONFIRM_SEVERITIES = new Set(["warning", "high"]);

  /**
   * A fresh state. `checked` is the last finished check {text, ok, result}; `pending` the text being
   * checked; `acknowledged` fingerprints posted anyway; `editedFrom` the warned draft after "Edit";
   * `bypass` lets exactly one re-dispatched post through.
   */
  function initialState() {
    return Object.freeze({
      checked: null,
      pending: null,
      acknowledged: Object.freeze([]),
      editedFrom: null,
      bypass: false,
    });
  }

  function update(state, changes) {
    return Object.freeze(Object.assign({}, state, changes));
  }

  /** The findings of `result` that ask for confirmation (warning or high). */
  function confirmFindings(result) {
    const findings = (result && Array.isArray(result.findings) && result.findings) || [];
    return findings.filter((f) => CONFIRM_SEVERITIES.has(f.severity));
  }

  /** The rule ids of all findings of `result`, without duplicates. */
  function ruleIds(result) {
    const findings = (result && Array.isArray(result.findings) && result.findings) || [];
    return Array.from(new Set(findings.map((f) => f.rule)));
  }

  /** A check for `text` was sent. */
  function checkStarted(state, text) {
    return update(state, { pending: text });
  }

  /**
   * A check for `text` finished (`result` is the companion's answer, or null when it failed or was late).
   * Returns {state, effects}; the effect {type:"acknowledge", outcome:"edited"} is due when the user chose
   * "Edit" and this is the first check of a changed text.
   */
  function checkFinished(state, text, result) {
    const ok = Boolean(result && result.ok);
    const effects = [];
    let editedFrom = state.editedFrom;
    if (ok && editedFrom && editedFrom.text !== text) {
      effects.push({
        type: "acknowledge",
        outcome: "edited",
        fingerprint: editedFrom.fingerprint,
        rule_ids: editedFrom.rule_ids,
      });
      editedFrom = null;
    }
    const pending = state.pending === text ? null : state.pending;
    return {
      state: update(state, {
        checked: Object.freeze({ text, ok, result: ok ? result : null }),
        pending,
        editedFrom,
      }),
      effects,
    };
  }

  /**
   * What to do when the user posts `text`: {state, decision, findings}. decision is "let-through",
   * "confirm" (unacknowledged warning/high findings for exactly this text) or "wait" (no answer for this
   * text yet; call again with waited=true after at most the time budget, which then lets it through).
   */
  function decide(state, text, waited) {
    if (state.bypass)
      return { state: update(state, { bypass: false }), decision: "let-through", findings: [] };
    if (!String(text).trim()) return { state, decision: "let-through", findings: [] };
    const checked = state.checked;
    if (!checked || checked.text !== text) {
      return { state, decision: waited ? "let-through" : "wait", findings: [] };
    }
    if (!checked.ok) return { state, decision: "let-through", findings: [] };
    const findings = confirmFindings(checked.result);
    if (findings.length === 0 || state.acknowledged.includes(checked.result.fingerprint)) {
      return { state, decision: "let-through", findings: [] };
    }
    return { state, decision: "confirm", findings };
  }

  /**
   * The user's answer in the confirmation dialog for `text`: "post-anyway", "edit" or "cancel".
   * Returns {state, effects}: post-anyway acknowledges, allows one bypass and re-dispatches the post;
   * edit remembers the warned draft (an "edited" acknowledgement follows once the text changes) and
   * focuses the editor; cancel does nothing.
   */
  function choose(state, choice, text) {
    const result = state.checked && state.checked.text === text ? state.checked.result : null;
    if (!result) {
      // The draft changed under the dialog: the safe reading of any answer is "let the user carry on".
      return choice === "post-anyway"
        ? { state: update(state, { bypass: true }), effects: [{ type: "redispatch" }] }
        : { state, effects: choice === "edit" ? [{ type: "focus-editor" }] : [] };
    }
    const fingerprint = result.fingerprint;
    const rule_ids = ruleIds(result);
    if (choice === "post-anyway") {
      const acknowledged = state.acknowledged.includes(fingerprint)
        ? state.acknowledged
        : Object.freeze(state.acknowledged.concat([fingerprint]));
      return {
        state: update(state, { acknowledged, bypass: true, editedFrom: null }),
        effects: [
          { type: "acknowledge", outcome: "posted_after_warning", fingerprint, rule_ids },
          { type: "redispatch" },
        ],
      };
    }
    if (choice === "edit") {
      return {
        state: update(state, { editedFrom: Object.freeze({ text, fingerprint, rule_ids }) }),
        effects: [{ type: "focus-editor" }],
      };
    }
    return { state, effects: [] };
  }

  /** Let the next post through without asking (after waiting out the time budget). */
  function allowOnce(state) {
    return update(state, { bypass: true });
  }

  return { initialState, checkStarted, checkFinished, decide, choose, allowOnce, confirmFindings, ruleIds };
});
