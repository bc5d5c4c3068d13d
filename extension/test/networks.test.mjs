import { test } from "node:test";
import assert from "node:assert/strict";
import { fixture, load } from "./dom_fixture.mjs";

const networks = load("networks");
const x = load("network_x");
const linkedin = load("network_linkedin");
const facebook = load("network_facebook");

function key(win, target, init) {
  const event = new win.KeyboardEvent("keydown", { bubbles: true, ...init });
  Object.defineProperty(event, "target", { value: target });
  return event;
}

test("host names map to networks, subdomains included, look-alikes not", () => {
  assert.equal(networks.forHost("x.com").id, "x");
  assert.equal(networks.forHost("mobile.twitter.com").id, "x");
  assert.equal(networks.forHost("www.linkedin.com").id, "linkedin");
  assert.equal(networks.forHost("web.facebook.com").id, "facebook");
  assert.equal(networks.forHost("WWW.FACEBOOK.COM.").id, "facebook");
  assert.equal(networks.forHost("notx.com"), null);
  assert.equal(networks.forHost("linkedin.com.evil.example"), null);
  assert.equal(networks.forHost("127.0.0.1"), null);
  assert.deepEqual(networks.IDS, ["x", "linkedin", "facebook"]);
});

test("X new post: one composer, its inline Post button, the image preview, kind post", () => {
  const win = fixture("x-post.html", "https://x.com/home");
  const composers = x.findComposers(win.document);
  assert.equal(composers.length, 1);
  const [c] = composers;
  assert.equal(x.findPostButton(c).getAttribute("data-testid"), "tweetButtonInline");
  const draft = x.readDraft(c);
  assert.equal(draft.text, "Project Kompas gaat 🎉 live\n\nBel me op 0612345678");
  assert.equal(draft.media, true);
  assert.equal(x.kindOf(c), "post");
});

test("X reply dialog: kind reply with the dialog's button; the empty timeline composer stays a post", () => {
  const win = fixture("x-reply.html", "https://x.com/someone/status/1");
  const [inline, reply] = x.findComposers(win.document);
  assert.equal(x.kindOf(inline), "post");
  assert.equal(x.findPostButton(inline).getAttribute("data-testid"), "tweetButtonInline");
  assert.equal(x.readDraft(inline).text, "");
  assert.equal(x.kindOf(reply), "reply");
  assert.equal(x.findPostButton(reply).getAttribute("data-testid"), "tweetButton");
  assert.deepEqual(
    { text: x.readDraft(reply).text, media: x.readDraft(reply).media },
    { text: "Helemaal mee eens", media: false },
  );
});

test("X: Ctrl+Enter and Cmd+Enter post, Enter alone does not", () => {
  const win = fixture("x-post.html", "https://x.com/home");
  const [c] = x.findComposers(win.document);
  const inner = c.querySelector('[data-text="true"]');
  assert.equal(x.isSubmitKey(key(win, inner, { key: "Enter", ctrlKey: true }), c), true);
  assert.equal(x.isSubmitKey(key(win, inner, { key: "Enter", metaKey: true }), c), true);
  assert.equal(x.isSubmitKey(key(win, inner, { key: "Enter" }), c), false);
  assert.equal(x.isSubmitKey(key(win, win.document.body, { key: "Enter", ctrlKey: true }), c), false);
});

test("LinkedIn share box: the Post button, the image preview, kind post", () => {
  const win = fixture("linkedin-post.html", "https://www.linkedin.com/feed/");
  const [c, ...rest] = linkedin.findComposers(win.document);
  assert.equal(rest.length, 0);
  assert.ok(linkedin.findPostButton(c).classList.contains("share-actions__primary-action"));
  assert.equal(linkedin.readDraft(c).media, true);
  assert.equal(linkedin.kindOf(c), "post");
});

test("LinkedIn comments: a comment box and a reply box, each with its own button; messaging is ignored", () => {
  const win = fixture("linkedin-comments.html", "https://www.linkedin.com/feed/");
  const composers = linkedin.findComposers(win.document);
  assert.equal(composers.length, 2);
  const [comment, reply] = composers;
  assert.equal(linkedin.kindOf(comment), "comment");
  assert.equal(linkedin.kindOf(reply), "reply");
  assert.equal(linkedin.readDraft(comment).text, "Mooie vacature, deel ik");
  assert.equal(linkedin.readDraft(reply).text, "Bel Jan: 06-12345678\nOf mail hem");
  assert.equal(linkedin.readDraft(comment).media, false);
  assert.equal(linkedin.readDraft(reply).media, true);
  assert.equal(linkedin.findPostButton(comment).textContent.trim(), "Reageren");
  assert.equal(linkedin.findPostButton(reply).textContent.trim(), "Beantwoorden");
  assert.notEqual(linkedin.findPostButton(comment), linkedin.findPostButton(reply));
});

test("LinkedIn: a share box button found by its label when the class is missing", () => {
  const win = fixture("linkedin-post.html", "https://www.linkedin.com/feed/");
  const button = win.document.querySelector(".share-actions__primary-action");
  button.className = "artdeco-button";
  const [c] = linkedin.findComposers(win.document);
  assert.equal(linkedin.findPostButton(c), button);
});

test("Facebook post dialog (Dutch UI): Plaatsen button, photo preview, kind post, Enter is a new line", () => {
  const win = fixture("facebook-post.html", "https://www.facebook.com/");
  const [c] = facebook.findComposers(win.document);
  assert.equal(facebook.findPostButton(c).getAttribute("aria-label"), "Plaatsen");
  assert.equal(facebook.readDraft(c).media, true);
  assert.equal(facebook.kindOf(c), "post");
  assert.equal(facebook.isSubmitKey(key(win, c, { key: "Enter" }), c), false);
});

test("Facebook comments: reply and comment boxes, their send buttons, Enter posts, Shift+Enter does not", () => {
  const win = fixture("facebook-comments.html", "https://www.facebook.com/");
  const [reply, comment] = facebook.findComposers(win.document);
  assert.equal(facebook.kindOf(reply), "reply");
  assert.equal(facebook.kindOf(comment), "comment");
  assert.equal(facebook.findPostButton(reply).getAttribute("aria-label"), "Reply");
  assert.equal(facebook.findPostButton(comment).getAttribute("aria-label"), "Comment");
  assert.equal(facebook.readDraft(reply).text, "Mijn BSN is 111222333");
  assert.equal(facebook.readDraft(reply).media, false);
  assert.deepEqual(
    { text: facebook.readDraft(comment).text, media: facebook.readDraft(comment).media },
    { text: "", media: true },
  );
  const inner = reply.querySelector("span");
  assert.equal(facebook.isSubmitKey(key(win, inner, { key: "Enter" }), reply), true);
  assert.equal(facebook.isSubmitKey(key(win, inner, { key: "Enter", shiftKey: true }), reply), false);
  assert.equal(facebook.isSubmitKey(key(win, inner, { key: "Enter", isComposing: true }), reply), false);
});

test("the end-to-end pages hold one composer each with a Post button the module finds", () => {
  const cases = [
    ["pages/x.html", "http://x.com/", x, "post"],
    ["pages/linkedin.html", "http://www.linkedin.com/", linkedin, "post"],
    ["pages/facebook.html", "http://www.facebook.com/", facebook, "post"],
  ];
  for (const [file, url, net, kind] of cases) {
    const win = fixture(file, url);
    const composers = net.findComposers(win.document);
    assert.equal(composers.length, 1, file);
    assert.ok(net.findPostButton(composers[0]), `${file}: no post button`);
    assert.equal(net.kindOf(composers[0]), kind, file);
    assert.ok(win.document.getElementById("status"), `${file}: no #status`);
    assert.equal(networks.forHost(new URL(url).hostname), net);
  }
});
