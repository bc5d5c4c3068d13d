// X (Twitter): Draft.js composers, the post buttons and the Ctrl/Cmd+Enter shortcut.
// Classic script: attaches to globalThis.Bedenktijd.network_x; CommonJS export for node --test.
(function (name, factory) {
  const node = typeof module === "object" && module.exports;
  const ns = node ? null : (globalThis.Bedenktijd = globalThis.Bedenktijd || {});
  const api = factory((dep) => (node ? require(`./${dep}.js`) : ns[dep]));
  if (node) module.exports = api;
  else ns[name] = api;
})("network_x", function (need) {
  "use strict";
  const draftText = need("draft_text");
  const scope = need("composer_scope");

  // X puts data-testid="tweetTextarea_<n>" on the Draft.js contenteditable itself; a thread has several.
  const COMPOSER = 'div[contenteditable]:not([contenteditable="false"])[data-testid^="tweetTextarea_"]';
  const POST_BUTTON = '[data-testid="tweetButton"], [data-testid="tweetButtonInline"]';
  const ATTACHMENTS = '[data-testid="attachments"]';
  const REPLY_WORDS = /repl|antwoord/i;

  /** Every X composer under `root`. */
  function findComposers(root) {
    return Array.from(root.querySelectorAll(COMPOSER));
  }

  /** The post (or reply) button that sends `composer`, or null. */
  function findPostButton(composer) {
    const hit = scope.nearestHolding(composer, POST_BUTTON);
    return hit ? hit.match : null;
  }

  function attachmentsPresent(composer) {
    const hit = scope.nearestHolding(composer, POST_BUTTON);
    const area = hit ? hit.scope : composer.parentElement;
    if (!area) return false;
    return Array.from(area.querySelectorAll(ATTACHMENTS)).some((el) => el.children.length > 0);
  }

  /** The draft: {text, media, segments}; media is true when attachment previews are shown. */
  function readDraft(composer) {
    const { text, segments } = draftText.readEditor(composer);
    return { text, media: attachmentsPresent(composer), segments };
  }

  /** "reply" when the composer answers a post (its button or placeholder says so), else "post". */
  function kindOf(composer) {
    const button = findPostButton(composer);
    const label = (composer.getAttribute("aria-label") || "") + " " + (button ? scope.labelOf(button) : "");
    return REPLY_WORDS.test(label) ? "reply" : "post";
  }

  /** True for the keyboard shortcut that posts from `composer` (Ctrl/Cmd+Enter). */
  function isSubmitKey(event, composer) {
    return (
      event.key === "Enter" &&
      (event.ctrlKey || event.metaKey) &&
      !event.isComposing &&
      composer.contains(event.target)
    );
  }

  return {
    id: "x",
    hosts: ["x.com", "twitter.com"],
    COMPOSER,
    POST_BUTTON,
    findComposers,
    findPostButton,
    readDraft,
    kindOf,
    isSubmitKey,
  };
});
