// LinkedIn: Quill composers in the share box and comment boxes, their buttons and Ctrl/Cmd+Enter.
// Classic script: attaches to globalThis.Bedenktijd.network_linkedin; CommonJS export for node --test.
(function (name, factory) {
  const node = typeof module === "object" && module.exports;
  const ns = node ? null : (globalThis.Bedenktijd = globalThis.Bedenktijd || {});
  const api = factory((dep) => (node ? require(`./${dep}.js`) : ns[dep]));
  if (node) module.exports = api;
  else ns[name] = api;
})("network_linkedin", function (need) {
  "use strict";
  const draftText = need("draft_text");
  const scope = need("composer_scope");

  const EDITOR = '.ql-editor[contenteditable]:not([contenteditable="false"])';
  // Only share boxes and comment boxes: messaging and search boxes are not posts.
  const SHARE_BOX =
    '.share-box, .share-creation-state, .share-box-v2__modal, [data-test-modal-id="sharebox"]';
  const COMMENT_BOX = ".comments-comment-box, .comments-comment-texteditor, .comments-comment-box__form";
  const REPLY_CONTEXT = ".comments-comment-item, .comments-comment-entity, .comments-reply-item";
  const SHARE_BUTTON = ".share-actions__primary-action";
  const COMMENT_BUTTON = '[class*="comments-comment-box__submit-button"]';
  const POST_LABELS = ["Post", "Plaatsen", "Posten", "Publiceren"];
  const MEDIA = [
    ".share-creation-state__preview-container img",
    ".share-images__image",
    ".share-media-preview",
    ".share-creation-state__media",
    ".comments-comment-box__image-preview",
    ".comments-comment-box__detour-container img",
    "video",
  ];

  function isShareButton(el) {
    return el.matches(SHARE_BUTTON) || scope.labelIn(scope.labelOf(el), POST_LABELS);
  }

  function inComment(composer) {
    return composer.closest(COMMENT_BOX) !== null;
  }

  /** Every share-box or comment-box composer under `root`. */
  function findComposers(root) {
    return Array.from(root.querySelectorAll(EDITOR)).filter(
      (el) => el.closest(SHARE_BOX) !== null || el.closest(COMMENT_BOX) !== null,
    );
  }

  function nearestButton(composer) {
    if (inComment(composer)) return scope.nearestHolding(composer, COMMENT_BUTTON);
    return scope.nearestHolding(composer, `${SHARE_BUTTON}, button`, isShareButton);
  }

  /** The Post button of a share box or the submit button of a comment box, or null. */
  function findPostButton(composer) {
    const hit = nearestButton(composer);
    return hit ? hit.match : null;
  }

  /** The draft: {text, media, segments}; media is true when an image or video preview is shown. */
  function readDraft(composer) {
    const { text, segments } = draftText.readEditor(composer);
    const hit = nearestButton(composer);
    const area = hit ? hit.scope : composer.parentElement;
    return { text, media: area ? scope.holdsAny(area, MEDIA) : false, segments };
  }

  /** "post" in the share box, "reply" in a comment box under a comment, else "comment". */
  function kindOf(composer) {
    if (!inComment(composer)) return "post";
    const box = composer.closest(COMMENT_BOX);
    return box.parentElement && box.parentElement.closest(REPLY_CONTEXT) ? "reply" : "comment";
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
    id: "linkedin",
    hosts: ["linkedin.com"],
    COMPOSER: EDITOR,
    POST_BUTTON: `${SHARE_BUTTON}, ${COMMENT_BUTTON}`,
    findComposers,
    findPostButton,
    readDraft,
    kindOf,
    isSubmitKey,
  };
});
