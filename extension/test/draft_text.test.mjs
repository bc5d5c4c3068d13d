import { test } from "node:test";
import assert from "node:assert/strict";
import { JSDOM } from "jsdom";
import { fixture, load } from "./dom_fixture.mjs";

const draftText = load("draft_text");

// The companion reports Python code-point offsets and their UTF-16 equivalents; emulate that conversion.
function utf16Of(text, codePoint) {
  return Array.from(text).slice(0, codePoint).join("").length;
}

function spanOf(text, needle) {
  const cpText = Array.from(text);
  const cpNeedle = Array.from(needle);
  for (let i = 0; i + cpNeedle.length <= cpText.length; i++) {
    if (cpText.slice(i, i + cpNeedle.length).join("") === needle) {
      return {
        start: i,
        end: i + cpNeedle.length,
        start_utf16: utf16Of(text, i),
        end_utf16: utf16Of(text, i + cpNeedle.length),
      };
    }
  }
  throw new Error(`${needle} not in draft`);
}

function covered(segments, span) {
  return draftText
    .piecesFor(segments, span.start_utf16, span.end_utf16)
    .map((p) => p.node.data.slice(p.startOffset, p.endOffset));
}

function editorFrom(html) {
  const { document } = new JSDOM(`<div id="e" contenteditable="true">${html}</div>`).window;
  return document.getElementById("e");
}

test("X (Draft.js): blocks joined with newlines, the placeholder BR of an empty block is an empty line", () => {
  const win = fixture("x-post.html", "https://x.com/home");
  const editor = win.document.querySelector('[data-testid="tweetTextarea_0"]');
  const { text } = draftText.readEditor(editor);
  assert.equal(text, "Project Kompas gaat 🎉 live\n\nBel me op 0612345678");
});

test("LinkedIn (Quill): paragraphs, an empty paragraph and inline formatting", () => {
  const win = fixture("linkedin-post.html", "https://www.linkedin.com/feed/");
  const { text } = draftText.readEditor(win.document.querySelector(".ql-editor"));
  assert.equal(text, "Trots op ons team 💪🏽\n\nOnze klant Acme Logistics tekent vandaag.");
});

test("Facebook (Lexical): a BR inside a paragraph is a line break, a lone BR is an empty paragraph", () => {
  const win = fixture("facebook-post.html", "https://www.facebook.com/");
  const { text } = draftText.readEditor(win.document.querySelector('[data-lexical-editor="true"]'));
  assert.equal(text, "Mijn baas is een idioot 😡\necht waar\n\nGroet");
});

test("plain contenteditable shapes: text then blocks, empty editor, placeholder only, trailing BR", () => {
  assert.equal(
    draftText.readEditor(editorFrom("eerste<div>tweede</div><div><br></div><div>vierde</div>")).text,
    "eerste\ntweede\n\nvierde",
  );
  assert.equal(draftText.readEditor(editorFrom("")).text, "");
  assert.equal(draftText.readEditor(editorFrom("<p><br></p>")).text, "");
  assert.equal(draftText.readEditor(editorFrom("<p>abc<br></p><p>d</p>")).text, "abc\nd");
  assert.equal(
    draftText.readEditor(editorFrom('<p>a<span contenteditable="false">chip</span>b</p>')).text,
    "ab",
  );
  assert.equal(draftText.readEditor(editorFrom("<p>one<br>two</p>")).text, "one\ntwo");
  assert.equal(
    draftText.readEditor(editorFrom("<span>in<div>side</div>after</span>")).text,
    "in\nside\nafter",
  );
});

test("segments cover the text exactly: each text node at its UTF-16 offset", () => {
  const win = fixture("x-post.html", "https://x.com/home");
  const { text, segments } = draftText.readEditor(
    win.document.querySelector('[data-testid="tweetTextarea_0"]'),
  );
  for (const seg of segments) assert.equal(text.slice(seg.start, seg.end), seg.node.data);
  assert.equal(segments.map((s) => s.node.data).join(""), text.replace(/\n/g, ""));
});

test("a span after an emoji maps onto the right text node (UTF-16, not code points)", () => {
  const win = fixture("linkedin-post.html", "https://www.linkedin.com/feed/");
  const { text, segments } = draftText.readEditor(win.document.querySelector(".ql-editor"));
  const span = spanOf(text, "Acme Logistics");
  assert.notEqual(span.start, span.start_utf16); // the emoji with skin tone is 4 code units, 2 code points
  const pieces = draftText.piecesFor(segments, span.start_utf16, span.end_utf16);
  assert.equal(pieces.length, 1);
  assert.equal(pieces[0].node.parentNode.tagName, "STRONG");
  assert.deepEqual(covered(segments, span), ["Acme Logistics"]);
});

test("a span across text nodes and across paragraphs is split per node, skipping the newlines", () => {
  const win = fixture("x-post.html", "https://x.com/home");
  const { text, segments } = draftText.readEditor(
    win.document.querySelector('[data-testid="tweetTextarea_0"]'),
  );
  assert.deepEqual(covered(segments, spanOf(text, "gaat 🎉 live")), ["gaat ", "🎉", " live"]);
  assert.deepEqual(covered(segments, spanOf(text, "live\n\nBel")), ["live", "Bel"]);
  assert.deepEqual(covered(segments, spanOf(text, "0612345678")), ["0612345678"]);
  assert.deepEqual(covered(segments, spanOf(text, "🎉")), ["🎉"]);
});

test("Facebook: spans on both sides of a soft line break", () => {
  const win = fixture("facebook-post.html", "https://www.facebook.com/");
  const { text, segments } = draftText.readEditor(win.document.querySelector('[data-lexical-editor="true"]'));
  assert.deepEqual(covered(segments, spanOf(text, "idioot 😡\necht")), ["idioot", " 😡", "echt"]);
  assert.deepEqual(covered(segments, spanOf(text, "Groet")), ["Groet"]);
});

test("empty and out-of-range spans give no pieces", () => {
  const { segments } = draftText.readEditor(editorFrom("<p>abc</p>"));
  assert.deepEqual(draftText.piecesFor(segments, 2, 2), []);
  assert.deepEqual(draftText.piecesFor(segments, 10, 12), []);
  assert.deepEqual(draftText.piecesFor(segments, 5, 1), []);
});

test("locate: boundaries go forward for a start and backward for an end", () => {
  const { segments } = draftText.readEditor(editorFrom("<p><span>ab</span><span>cd</span></p><p>ef</p>"));
  const [ab, cd, ef] = segments.map((s) => s.node);
  assert.deepEqual(draftText.locate(segments, 2, "forward"), { node: cd, offset: 0 });
  assert.deepEqual(draftText.locate(segments, 2, "backward"), { node: ab, offset: 2 });
  // offset 4 is the "\n" between the paragraphs
  assert.deepEqual(draftText.locate(segments, 4, "forward"), { node: ef, offset: 0 });
  assert.deepEqual(draftText.locate(segments, 5, "backward"), { node: cd, offset: 2 });
  assert.deepEqual(draftText.locate(segments, 7, "backward"), { node: ef, offset: 2 });
  assert.deepEqual(draftText.locate(segments, 99, "forward"), { node: ef, offset: 2 });
  assert.equal(draftText.locate([], 0, "forward"), null);
});

test("rectsFor reads one Range per text node and changes nothing", () => {
  const win = fixture("x-post.html", "https://x.com/home");
  const editor = win.document.querySelector('[data-testid="tweetTextarea_0"]');
  const before = editor.innerHTML;
  // jsdom has no layout: give each range a rectangle derived from its offsets.
  win.Range.prototype.getClientRects = function () {
    return [
      { left: this.startOffset * 10, top: 0, width: (this.endOffset - this.startOffset) * 10, height: 18 },
    ];
  };
  const { text, segments } = draftText.readEditor(editor);
  const span = spanOf(text, "gaat 🎉 live");
  const rects = draftText.rectsFor(win.document, segments, span.start_utf16, span.end_utf16);
  assert.deepEqual(
    rects.map((r) => r.width),
    [50, 20, 50],
  );
  assert.equal(editor.innerHTML, before);
});
