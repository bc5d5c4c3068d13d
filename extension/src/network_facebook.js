// Facebook: Lexical composers in the post dialog and comment boxes, the Post button and Enter in comments.
// Classic script: attaches to globalThis.Bedenktijd.network_facebook; CommonJS export for node --test.
(function (name, factory) {
  const node = typeof module === "object" && module.exports;
  const ns = node ? null : (globalThis.Bedenktijd = globalThis.Bedenktijd || {});
  const api = factory((dep) => (node ? require(`./${dep}.js`) : ns[dep]));
  if (node) module.exports = api;
  else ns[name] = api;
})("network_facebook", function (need) {
  "use strict";
  const draftText = need("draft_text");
  const scope = need("composer_scope");

  const COMPOSER = 'div[contenteditable="true"][role="textbox"][data-lexical-editor="true"]';
  // The aria-label is localized; these are the English and Dutch ones.
  const POST_BUTTON = [
    'div[role="button"][aria-label="Post"]',
    'div[role="button"][aria-label="Plaatsen"]',
  ].join(", ");
  const COMMENT_BUTTON = [
    "Comment",
    "Reply",
    "Reageren",
    "Beantwoorden",
    "Opmerking plaatsen",
    "Reactie plaatsen",
  ]
    .map((label) => `div[role="button"][aria-label="${label}"]`)
    .join(", ");
  const REPLY_WORDS = /repl|antwoord|beantwoord/i;
  const MEDIA = [
    "Remove photo",
    "Remove video",
    "Remove attachment",
    "Foto verwijderen",
    "Video verwijderen",
    "Bijlage verwijderen",
  ].map((label) => `[aria-label="${label}"]`);
  const COMMENT_DEPTH = 6;

  /** Every Lexical composer under `root`. */
  function findComposers(root) {
    return Array.from(root.querySelectorAll(COMPOSER));
  }

  // The post dialog holds the composer and its Post button; comments have no such button nearby.
  function postArea(composer) {
    const dialog = composer.closest('[role="dialog"]');
    if (dialog) {
      const button = scope.firstMatch(dialog, POST_BUTTON);
      return button ? { scope: dialog, match: button } : null;
    }
    return scope.nearestHolding(composer, POST_BUTTON);
  }

  function commentArea(composer) {
    const hit = scope.nearestHolding(composer, COMMENT_BUTTON);
    let depth = 0;
    for (let el = composer.parentElement; hit && el && el !== hit.scope; el = el.parentElement) depth++;
    if (hit && depth < COMMENT_DEPTH) return hit;
    const form = composer.closest("form");
    return { scope: form || composer.parentElement, match: null };
  }

  function isPost(composer) {
    return postArea(composer) !== null;
  }

  /** The Post button of the post dialog, the send button of a comment box, or null. */
  function findPostButton(composer) {
    const hit = isPost(composer) ? postArea(composer) : commentArea(composer);
    return hit ? hit.match : null;
  }

  /** The draft: {text, media, segments}; media is true when a photo or video preview is shown. */
  function readDraft(composer) {
    const { text, segments } = draftText.readEditor(composer);
    const hit = isPost(composer) ? postArea(composer) : commentArea(composer);
    const area = hit && hit.scope ? hit.scope : composer.parentElement;
    return { text, media: area ? scope.holdsAny(area, MEDIA) : false, segments };
  }

  /** "post" in the post dialog; in a comment box "reply" when its label says so, else "comment". */
  function kindOf(composer) {
    if (isPost(composer)) return "post";
    return REPLY_WORDS.test(composer.getAttribute("aria-label") || "") ? "reply" : "comment";
  }

  /** True for the key that posts from `composer`: Enter (without Shift) in comment and reply boxes. */
  function isSubmitKey(event, composer) {
    if (event.key !== "Enter" || event.isComposing || !composer.contains(event.target)) return false;
    if (isPost(composer)) return false;
    return !event.shiftKey && !event.ctrlKey && !event.altKey && !event.metaKey;
  }

  return {
    id: "facebook",
    hosts: ["facebook.com"],
    COMPOSER,
    POST_BUTTON,
    findComposers,
    findPostButton,
    readDraft,
    kindOf,
    isSubmitKey,
  };
});
