// The content script's wiring on one page: track composers, check drafts, draw the overlay and stand between
// the user and the post button just long enough to ask. Every failure path lets the post through.
// Classic script: attaches to globalThis.Bedenktijd.content_controller; CommonJS export for node --test.
(function (name, factory) {
  const node = typeof module === "object" && module.exports;
  const ns = node ? null : (globalThis.Bedenktijd = globalThis.Bedenktijd || {});
  const api = factory((dep) => (node ? require(`./${dep}.js`) : ns[dep]));
  if (node) module.exports = api;
  else ns[name] = api;
})("content_controller", function (need) {
  "use strict";
  const draftText = need("draft_text");
  const gate = need("post_gate");
  const schedulerMod = need("check_scheduler");
  const overlayMod = need("overlay");

  const SCAN_DELAY_MS = 150;

  /**
   * Starts watching `env.doc` for composers of `env.network`. env = {win, doc, network, send(message) ->
   * Promise, lang, debounceMs, timeoutMs}. Returns {stop, tracked, overlay} (the last two for tests).
   */
  function start(env) {
    const { win, doc, network } = env;
    const send = (message) => {
      try {
        return Promise.resolve(env.send(message));
      } catch (err) {
        return Promise.reject(err);
      }
    };
    const quietly = (message) => send(message).catch(() => undefined);
    const overlay = overlayMod.createOverlay(doc, {
      onFeedback: (rule) => quietly({ type: "feedback", rule_id: rule }),
    });
    const tracked = new Map();
    let nextId = 1;
    let busy = false;
    let scanTimer = null;
    let renderQueued = false;

    function track(composer) {
      const c = { id: `composer-${nextId++}`, composer, state: gate.initialState(), shown: null };
      c.scheduler = schedulerMod.createScheduler({
        debounceMs: env.debounceMs,
        budgetMs: env.timeoutMs,
        send: (draft) =>
          send({
            type: "check",
            text: draft.text,
            platform: network.id,
            kind: draft.kind,
            media: draft.media,
          }),
        onStart: (text) => {
          c.state = gate.checkStarted(c.state, text);
        },
        onResult: (text, answer) => onResult(c, text, answer),
      });
      c.observer = new win.MutationObserver(() => onEdit(c));
      c.observer.observe(composer, { characterData: true, childList: true, subtree: true });
      tracked.set(composer, c);
      onEdit(c);
    }

    function untrack(c) {
      c.observer.disconnect();
      c.scheduler.dispose();
      overlay.hide(c.id);
      tracked.delete(c.composer);
    }

    function scan() {
      scanTimer = null;
      for (const c of Array.from(tracked.values())) if (!c.composer.isConnected) untrack(c);
      for (const composer of network.findComposers(doc)) if (!tracked.has(composer)) track(composer);
    }

    function draftOf(c) {
      const d = network.readDraft(c.composer);
      return { text: d.text, media: d.media, segments: d.segments, kind: network.kindOf(c.composer) };
    }

    function onEdit(c) {
      const draft = draftOf(c);
      if (draft.text.trim()) c.scheduler.schedule(draft);
      render(c, draft);
    }

    function onResult(c, text, answer) {
      const step = gate.checkFinished(c.state, text, answer);
      c.state = step.state;
      runEffects(c, step.effects, null);
      c.shown = { text, answer: answer && answer.ok ? answer : null };
      render(c, null);
    }

    // What the overlay shows: marks only while the draft is exactly the text that was checked.
    function render(c, known) {
      if (!c.composer.isConnected) return;
      const draft = known || draftOf(c);
      const anchor = c.composer.getBoundingClientRect();
      const base = { lang: env.lang, anchor, findings: [], marks: [] };
      const shown = c.shown;
      if (!draft.text.trim() || !shown) return overlay.show(c.id, Object.assign(base, { status: "idle" }));
      const current = shown.text === draft.text;
      if (!shown.answer)
        return overlay.show(c.id, Object.assign(base, { status: current ? "unchecked" : "idle" }));
      const findings = shown.answer.findings || [];
      const marks = [];
      if (current) {
        for (const f of findings) {
          for (const s of f.spans || []) {
            for (const r of draftText.rectsFor(doc, draft.segments, s.start_utf16, s.end_utf16)) {
              marks.push(Object.assign(r, { severity: f.severity }));
            }
          }
        }
      }
      overlay.show(
        c.id,
        Object.assign(base, { status: findings.length ? "findings" : "clean", findings, marks }),
      );
    }

    function renderAll() {
      renderQueued = false;
      for (const c of tracked.values()) render(c, null);
    }

    function queueRender() {
      if (renderQueued) return;
      renderQueued = true;
      (win.requestAnimationFrame || ((fn) => win.setTimeout(fn, 16)))(renderAll);
    }

    function runEffects(c, effects, replay) {
      for (const e of effects) {
        if (e.type === "acknowledge") {
          quietly({
            type: "acknowledge",
            fingerprint: e.fingerprint,
            rule_ids: e.rule_ids,
            outcome: e.outcome,
            platform: network.id,
            kind: network.kindOf(c.composer),
          });
        } else if (e.type === "focus-editor") {
          c.composer.focus();
        } else if (e.type === "redispatch" && replay) {
          replay();
        }
      }
    }

    // Lets exactly this replayed event through, then closes the door again whatever happened.
    function replayOnce(list, replay) {
      for (const c of list) c.state = gate.allowOnce(c.state);
      try {
        replay();
      } finally {
        for (const c of list)
          if (c.state.bypass) c.state = Object.freeze(Object.assign({}, c.state, { bypass: false }));
      }
    }

    function stop(event) {
      event.preventDefault();
      event.stopImmediatePropagation();
    }

    async function settle(list, event, replay) {
      const waiting = list.filter((d) => d.decision === "wait");
      if (waiting.length) {
        for (const d of waiting) d.c.scheduler.now(draftOf(d.c));
        await Promise.all(waiting.map((d) => d.c.scheduler.settled(d.text, env.timeoutMs)));
        for (const d of waiting) {
          const again = gate.decide(d.c.state, draftOf(d.c).text, true);
          d.c.state = again.state;
          Object.assign(d, { decision: again.decision, findings: again.findings, text: draftOf(d.c).text });
        }
      }
      const confirming = list.filter((d) => d.decision === "confirm");
      if (!confirming.length) {
        busy = false;
        return replayOnce(
          list.map((d) => d.c),
          replay,
        );
      }
      const findings = confirming.flatMap((d) => d.findings);
      const choice = await overlay.confirm(findings, env.lang);
      busy = false;
      let redispatch = false;
      for (const d of confirming) {
        const step = gate.choose(d.c.state, choice, d.text);
        d.c.state = step.state;
        redispatch = redispatch || step.effects.some((e) => e.type === "redispatch");
        runEffects(
          d.c,
          step.effects.filter((e) => e.type !== "redispatch"),
          null,
        );
      }
      if (redispatch)
        replayOnce(
          list.map((d) => d.c),
          replay,
        );
    }

    function attempt(event, list, replay) {
      if (busy || overlay.isDialogOpen()) return stop(event);
      const decisions = list.map((c) => {
        const text = draftOf(c).text;
        const d = gate.decide(c.state, text, false);
        c.state = d.state;
        return { c, text, decision: d.decision, findings: d.findings };
      });
      if (decisions.every((d) => d.decision === "let-through")) return;
      stop(event);
      busy = true;
      settle(decisions, event, replay).catch(() => {
        // Never leave the user stuck: on any bug here, post as if we were not there.
        busy = false;
        replayOnce(list, replay);
      });
    }

    function targetOf(event) {
      const path = typeof event.composedPath === "function" ? event.composedPath() : [];
      return path.length && path[0].nodeType === 1 ? path[0] : event.target;
    }

    function onClick(event) {
      if (event.button !== undefined && event.button !== 0) return;
      const target = targetOf(event);
      if (!target || overlay.host.contains(target) || target === overlay.host) return;
      let button = null;
      const list = [];
      for (const c of tracked.values()) {
        const b = network.findPostButton(c.composer);
        if (b && (b === target || b.contains(target))) {
          button = b;
          list.push(c);
        }
      }
      if (!list.length) return;
      attempt(event, list, () => button.click());
    }

    function onKeydown(event) {
      const target = targetOf(event);
      for (const c of tracked.values()) {
        if (!c.composer.contains(target) || !network.isSubmitKey(event, c.composer)) continue;
        const init = {
          key: event.key,
          code: event.code,
          keyCode: event.keyCode,
          which: event.which,
          ctrlKey: event.ctrlKey,
          metaKey: event.metaKey,
          shiftKey: event.shiftKey,
          altKey: event.altKey,
          bubbles: true,
          cancelable: true,
          composed: true,
        };
        return attempt(event, [c], () => target.dispatchEvent(new win.KeyboardEvent("keydown", init)));
      }
    }

    const pageObserver = new win.MutationObserver(() => {
      if (scanTimer === null) scanTimer = win.setTimeout(scan, SCAN_DELAY_MS);
    });
    pageObserver.observe(doc.documentElement, { childList: true, subtree: true });
    win.addEventListener("click", onClick, true);
    win.addEventListener("keydown", onKeydown, true);
    win.addEventListener("scroll", queueRender, { capture: true, passive: true });
    win.addEventListener("resize", queueRender, { passive: true });
    scan();

    /** Stops everything and removes the overlay. */
    function stopAll() {
      pageObserver.disconnect();
      if (scanTimer !== null) win.clearTimeout(scanTimer);
      win.removeEventListener("click", onClick, true);
      win.removeEventListener("keydown", onKeydown, true);
      win.removeEventListener("scroll", queueRender, { capture: true });
      win.removeEventListener("resize", queueRender);
      for (const c of Array.from(tracked.values())) untrack(c);
      overlay.destroy();
    }

    return { stop: stopAll, tracked, overlay, scan };
  }

  return { start };
});
