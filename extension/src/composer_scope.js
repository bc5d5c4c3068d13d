// Finding the area around a composer (its post button, attachment previews) on pages we do not control.
// Classic script: attaches to globalThis.Bedenktijd.composer_scope; CommonJS export for node --test.
(function (name, factory) {
  const node = typeof module === "object" && module.exports;
  const api = factory();
  if (node) module.exports = api;
  else (globalThis.Bedenktijd = globalThis.Bedenktijd || {})[name] = api;
})("composer_scope", function () {
  "use strict";

  const MAX_DEPTH = 14;

  /** Visible label of a button-like element: its aria-label, else its trimmed text. */
  function labelOf(el) {
    const aria = el.getAttribute && el.getAttribute("aria-label");
    if (aria) return aria.trim();
    return (el.textContent || "").replace(/\s+/g, " ").trim();
  }

  /** The first element under `root` (itself included) matching `selector` and accepted by `accept`. */
  function firstMatch(root, selector, accept) {
    if (root.matches && root.matches(selector) && (!accept || accept(root))) return root;
    for (const el of root.querySelectorAll(selector)) if (!accept || accept(el)) return el;
    return null;
  }

  /**
   * The nearest ancestor of `composer` that holds an element matching `selector` (e.g. its post button);
   * null when none within a sane distance. Walking up from the composer keeps each box with its own button
   * when a page has many (a comment box per post).
   */
  function nearestHolding(composer, selector, accept) {
    let el = composer.parentElement;
    for (let depth = 0; el && depth < MAX_DEPTH; depth++, el = el.parentElement) {
      const found = firstMatch(el, selector, accept);
      if (found) return { scope: el, match: found };
    }
    return null;
  }

  /** True when `el` (or a descendant) matches any selector in `selectors`. */
  function holdsAny(el, selectors) {
    return selectors.some((s) => firstMatch(el, s) !== null);
  }

  /** True when `text` equals one of `labels`, ignoring case and surrounding space. */
  function labelIn(text, labels) {
    const t = String(text || "")
      .trim()
      .toLowerCase();
    return labels.some((l) => l.toLowerCase() === t);
  }

  /** The element that is, or contains, `target` among `candidates` (composed path aware). */
  function containing(candidates, target) {
    for (const c of candidates) if (c && target && (c === target || c.contains(target))) return c;
    return null;
  }

  return { labelOf, firstMatch, nearestHolding, holdsAny, labelIn, containing, MAX_DEPTH };
});
