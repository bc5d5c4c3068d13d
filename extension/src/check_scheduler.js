// When to ask for a check: debounced after the last edit, at once when the user posts, and with a time
// budget after which the draft counts as "not checked" (a later answer still updates the warnings).
// Classic script: attaches to globalThis.Bedenktijd.check_scheduler; CommonJS export for node --test.
(function (name, factory) {
  const node = typeof module === "object" && module.exports;
  const api = factory();
  if (node) module.exports = api;
  else (globalThis.Bedenktijd = globalThis.Bedenktijd || {})[name] = api;
})("check_scheduler", function () {
  "use strict";

  /**
   * A scheduler for one composer. `send(draft)` returns a promise of the companion's answer (or of a
   * failure object); `onStart(text)` and `onResult(text, answer)` report progress, where answer is null when
   * the budget ran out. Only the newest draft's answers are reported.
   */
  function createScheduler(options) {
    const debounceMs = options.debounceMs;
    const budgetMs = options.budgetMs;
    const send = options.send;
    const onStart = options.onStart || (() => {});
    const onResult = options.onResult || (() => {});
    let debounceTimer = null;
    let seq = 0;
    let lastKey = null;
    let answeredKey = null;
    let waiters = [];

    const keyOf = (draft) => JSON.stringify([draft.text, Boolean(draft.media), draft.kind || ""]);

    function report(text, answer, key) {
      answeredKey = key;
      onResult(text, answer);
      const ready = waiters.filter((w) => w.text === text);
      waiters = waiters.filter((w) => w.text !== text);
      ready.forEach((w) => w.resolve(true));
    }

    function run(draft) {
      const key = keyOf(draft);
      if (key === lastKey) return;
      lastKey = key;
      const mine = ++seq;
      onStart(draft.text);
      let budgetTimer = setTimeout(() => {
        budgetTimer = null;
        if (mine === seq) report(draft.text, null, key);
      }, budgetMs);
      Promise.resolve()
        .then(() => send(draft))
        .catch((err) => ({ ok: false, error: { code: "send_failed", message: String(err && err.message) } }))
        .then((answer) => {
          if (budgetTimer !== null) clearTimeout(budgetTimer);
          if (mine === seq) report(draft.text, answer || null, key);
        });
    }

    /** Check `draft` once the user has stopped typing for the debounce time. */
    function schedule(draft) {
      if (debounceTimer !== null) clearTimeout(debounceTimer);
      debounceTimer = setTimeout(() => {
        debounceTimer = null;
        run(draft);
      }, debounceMs);
    }

    /** Check `draft` now (the user is posting), unless this very draft is already checked or in flight. */
    function now(draft) {
      if (debounceTimer !== null) clearTimeout(debounceTimer);
      debounceTimer = null;
      run(draft);
    }

    /** Resolves true once an answer (or the budget's timeout) for `text` is reported, false after `maxMs`. */
    function settled(text, maxMs) {
      if (answeredKey !== null && answeredKey === lastKey && JSON.parse(lastKey)[0] === text)
        return Promise.resolve(true);
      return new Promise((resolve) => {
        const waiter = { text, resolve };
        waiters.push(waiter);
        setTimeout(() => {
          waiters = waiters.filter((w) => w !== waiter);
          resolve(false);
        }, maxMs);
      });
    }

    /** Forget pending work (the composer went away). */
    function dispose() {
      if (debounceTimer !== null) clearTimeout(debounceTimer);
      debounceTimer = null;
      seq++;
      waiters.forEach((w) => w.resolve(false));
      waiters = [];
    }

    return { schedule, now, settled, dispose };
  }

  return { createScheduler };
});
