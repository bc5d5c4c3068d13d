// The content script's wiring on the end-to-end fixture pages in jsdom: the page's own Post handler is real,
// the service worker is a small in-test stand-in answering the same messages.
import { test } from "node:test";
import assert from "node:assert/strict";
import { fixture, load, sleep, until } from "./dom_fixture.mjs";

const controller = load("content_controller");
const networks = load("networks");
const RISKY = "Onze klant Acme tekent morgen";

function page(file, url) {
  const posted = [];
  const win = fixture(`pages/${file}`, url, {
    runScripts: "dangerously",
    beforeParse(window) {
      window.fetch = async (path, init) => {
        posted.push({ path, init });
        return { ok: true, status: 200 };
      };
    },
  });
  // jsdom has no layout: a Range gets a rectangle so marks can be checked.
  win.Range.prototype.getClientRects = function () {
    return [
      { left: this.startOffset, top: 10, width: Math.max(1, this.endOffset - this.startOffset), height: 16 },
    ];
  };
  return { win, posted };
}

// Stand-in for the service worker: "Acme" is a client warning; records every message.
function worker(mode = "up") {
  const messages = [];
  let n = 0;
  const send = (message) => {
    messages.push(message);
    if (message.type !== "check") return Promise.resolve({ ok: true });
    if (mode === "down") return new Promise(() => {});
    const delay = mode === "slowish" ? 40 : 0;
    const at = message.text.indexOf("Acme");
    const findings =
      at < 0
        ? []
        : [
            {
              rule: "client-deal",
              category: "client",
              severity: "warning",
              status: "stable",
              spans: [{ start: at, end: at + 4, start_utf16: at, end_utf16: at + 4 }],
              preview: "A***",
              message: { nl: "Klantinformatie", en: "Client information" },
              explanation: { nl: "Uitleg", en: "Why" },
              suggestion: { nl: "Anders", en: "Otherwise" },
              clause: "3.2",
              policy_url: "https://intranet.example/protocol",
            },
          ];
    return sleep(delay).then(() => ({
      ok: true,
      fingerprint: `fp-${++n}`,
      needs_confirmation: findings.length > 0,
      findings,
    }));
  };
  return { send, messages };
}

function startOn(win, sw, extra = {}) {
  const network = networks.forHost(win.location.hostname);
  return controller.start({
    win,
    doc: win.document,
    network,
    send: sw.send,
    lang: "en",
    debounceMs: 20,
    timeoutMs: 120,
    ...extra,
  });
}

function type(editor, text) {
  editor.textContent = text;
}

const dialogOf = (c) => c.overlay.root.querySelector('[data-testid="bedenktijd-confirm"]');
const checksOf = (sw) => sw.messages.filter((m) => m.type === "check");
const acksOf = (sw) => sw.messages.filter((m) => m.type === "acknowledge");

test("X: a warned draft is held at the Post click; 'Post anyway' acknowledges and the site posts it unchanged", async () => {
  const { win, posted } = page("x.html", "http://x.com/home");
  const sw = worker();
  const c = startOn(win, sw);
  const editor = win.document.querySelector('[data-testid="tweetTextarea_0"]');
  type(editor, RISKY);
  await until(
    () => checksOf(sw).length === 1 && c.overlay.root.querySelector("[data-category]"),
    1000,
    "the check",
  );
  assert.deepEqual(checksOf(sw)[0], {
    type: "check",
    text: RISKY,
    platform: "x",
    kind: "post",
    media: false,
  });
  assert.equal(c.overlay.root.querySelectorAll(".mark").length, 1);

  win.document.querySelector('[data-testid="tweetButtonInline"]').click();
  assert.equal(posted.length, 0, "the site's handler must not run yet");
  await until(() => dialogOf(c), 500, "the dialog");
  dialogOf(c).querySelector('[data-action="post-anyway"]').click();
  await until(() => win.document.getElementById("status").textContent === "posted", 1000, "the post");
  assert.equal(posted.length, 1);
  assert.equal(posted[0].path, "/i/api/graphql/abc123/CreateTweet");
  assert.equal(JSON.parse(posted[0].init.body).variables.tweet_text, RISKY);
  assert.deepEqual(acksOf(sw), [
    {
      type: "acknowledge",
      fingerprint: "fp-1",
      rule_ids: ["client-deal"],
      outcome: "posted_after_warning",
      platform: "x",
      kind: "post",
    },
  ]);
  assert.equal(editor.textContent, RISKY, "the editor is never rewritten");
  c.stop();
});

test("X: 'Edit' focuses the editor, sends 'edited' once the changed text is checked; nothing is posted", async () => {
  const { win, posted } = page("x.html", "http://x.com/home");
  const sw = worker();
  const c = startOn(win, sw);
  const editor = win.document.querySelector('[data-testid="tweetTextarea_0"]');
  type(editor, RISKY);
  await until(() => checksOf(sw).length === 1, 1000, "the check");
  await sleep(5);
  win.document.querySelector('[data-testid="tweetButtonInline"]').click();
  await until(() => dialogOf(c), 500, "the dialog");
  dialogOf(c).querySelector('[data-action="edit"]').click();
  await sleep(10);
  assert.equal(win.document.activeElement, editor);
  assert.equal(posted.length, 0);
  assert.deepEqual(acksOf(sw), []);
  type(editor, "Wij tekenen morgen");
  await until(() => acksOf(sw).length === 1, 1000, "the edited acknowledgement");
  assert.deepEqual(acksOf(sw)[0], {
    type: "acknowledge",
    fingerprint: "fp-1",
    rule_ids: ["client-deal"],
    outcome: "edited",
    platform: "x",
    kind: "post",
  });
  win.document.querySelector('[data-testid="tweetButtonInline"]').click();
  assert.equal(posted.length, 1, "a clean draft goes straight through");
  c.stop();
});

test("Escape closes the dialog: nothing posted, nothing sent; the next click asks again", async () => {
  const { win, posted } = page("x.html", "http://x.com/home");
  const sw = worker();
  const c = startOn(win, sw);
  type(win.document.querySelector('[data-testid="tweetTextarea_0"]'), RISKY);
  await until(() => checksOf(sw).length === 1, 1000, "the check");
  await sleep(5);
  const button = win.document.querySelector('[data-testid="tweetButtonInline"]');
  button.click();
  await until(() => dialogOf(c), 500, "the dialog");
  win.document.dispatchEvent(new win.KeyboardEvent("keydown", { key: "Escape", bubbles: true }));
  await sleep(10);
  assert.equal(dialogOf(c), null);
  assert.equal(posted.length, 0);
  assert.deepEqual(acksOf(sw), []);
  button.click();
  await until(() => dialogOf(c), 500, "the dialog again");
  c.stop();
});

test("companion down: the post goes through after the time budget, no dialog, 'not checked' shown", async () => {
  const { win, posted } = page("x.html", "http://x.com/home");
  const sw = worker("down");
  const c = startOn(win, sw);
  const editor = win.document.querySelector('[data-testid="tweetTextarea_0"]');
  type(editor, RISKY);
  await sleep(0);
  const t0 = Date.now();
  win.document.querySelector('[data-testid="tweetButtonInline"]').click();
  assert.equal(posted.length, 0);
  await until(() => posted.length === 1, 1000, "the post after the budget");
  assert.ok(Date.now() - t0 < 400, `held for ${Date.now() - t0} ms`);
  assert.equal(dialogOf(c), null);
  assert.equal(c.overlay.root.querySelector(".unchecked").textContent, "Not checked");
  c.stop();
});

test("a check still pending at the click: wait for it (within the budget), then ask", async () => {
  const { win, posted } = page("x.html", "http://x.com/home");
  const sw = worker("slowish");
  const c = startOn(win, sw);
  type(win.document.querySelector('[data-testid="tweetTextarea_0"]'), RISKY);
  await sleep(0);
  win.document.querySelector('[data-testid="tweetButtonInline"]').click();
  await until(() => dialogOf(c), 500, "the dialog");
  assert.equal(posted.length, 0);
  assert.equal(checksOf(sw).length, 1, "the click checked at once instead of waiting for the debounce");
  c.stop();
});

test("X: Ctrl+Enter is held too; 'Post anyway' replays the shortcut and the site posts", async () => {
  const { win, posted } = page("x.html", "http://x.com/home");
  const sw = worker();
  const c = startOn(win, sw);
  const editor = win.document.querySelector('[data-testid="tweetTextarea_0"]');
  type(editor, RISKY);
  await until(() => checksOf(sw).length === 1, 1000, "the check");
  await sleep(5);
  editor.dispatchEvent(
    new win.KeyboardEvent("keydown", { key: "Enter", ctrlKey: true, bubbles: true, cancelable: true }),
  );
  await until(() => dialogOf(c), 500, "the dialog");
  assert.equal(posted.length, 0);
  dialogOf(c).querySelector('[data-action="post-anyway"]').click();
  await until(() => posted.length === 1, 500, "the post");
  assert.equal(JSON.parse(posted[0].init.body).variables.tweet_text, RISKY);
  c.stop();
});

test("LinkedIn page: held, then posted to the voyager share endpoint with the same text", async () => {
  const { win, posted } = page("linkedin.html", "http://www.linkedin.com/feed/");
  const sw = worker();
  const c = startOn(win, sw);
  type(win.document.querySelector(".ql-editor"), RISKY);
  await until(() => checksOf(sw).length === 1, 1000, "the check");
  await sleep(5);
  win.document.querySelector(".share-actions__primary-action").click();
  await until(() => dialogOf(c), 500, "the dialog");
  dialogOf(c).querySelector('[data-action="post-anyway"]').click();
  await until(() => posted.length === 1, 500, "the post");
  assert.match(
    posted[0].path,
    /^\/voyager\/api\/graphql\?action=execute&queryId=voyagerContentcreationDashShares\./,
  );
  assert.equal(JSON.parse(posted[0].init.body).variables.post.commentary.text, RISKY);
  assert.equal(acksOf(sw)[0].platform, "linkedin");
  c.stop();
});

test("Facebook page: held, then posted form-encoded to /api/graphql/ with the same text", async () => {
  const { win, posted } = page("facebook.html", "http://www.facebook.com/");
  const sw = worker();
  const c = startOn(win, sw);
  type(win.document.querySelector('[data-lexical-editor="true"]'), RISKY);
  await until(() => checksOf(sw).length === 1, 1000, "the check");
  await sleep(5);
  win.document.querySelector('div[role="button"][aria-label="Post"]').click();
  await until(() => dialogOf(c), 500, "the dialog");
  dialogOf(c).querySelector('[data-action="post-anyway"]').click();
  await until(() => win.document.getElementById("status").textContent === "posted", 500, "the post");
  const form = new URLSearchParams(posted[0].init.body);
  assert.equal(form.get("fb_api_req_friendly_name"), "ComposerStoryCreateMutation");
  assert.equal(JSON.parse(form.get("variables")).input.message.text, RISKY);
  c.stop();
});

test("a clean draft is never delayed: the site's handler runs in the same click", async () => {
  const { win, posted } = page("facebook.html", "http://www.facebook.com/");
  const sw = worker();
  const c = startOn(win, sw);
  type(win.document.querySelector('[data-lexical-editor="true"]'), "Fijn weekend allemaal");
  await until(() => c.overlay.root.querySelector('[data-status="clean"]'), 1000, "the clean state");
  win.document.querySelector('div[role="button"][aria-label="Post"]').click();
  assert.equal(posted.length, 1);
  assert.equal(dialogOf(c), null);
  c.stop();
});

test("composers that appear later (single-page apps) are picked up; removed ones are dropped", async () => {
  const win = fixture("x-reply.html", "https://x.com/home");
  const sw = worker();
  const c = startOn(win, sw);
  assert.equal(c.tracked.size, 2);
  win.document.getElementById("layers").remove();
  await until(() => c.tracked.size === 1, 1000, "the dialog's composer to be dropped");
  const extra = win.document.createElement("div");
  extra.innerHTML =
    '<div contenteditable="true" data-testid="tweetTextarea_1"></div><button data-testid="tweetButton">Post</button>';
  win.document.body.appendChild(extra);
  await until(() => c.tracked.size === 2, 1000, "the new composer");
  c.stop();
  assert.equal(win.document.getElementById("bedenktijd-overlay-host"), null);
});
