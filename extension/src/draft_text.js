// The draft text of a rich-text editor and the map from its UTF-16 offsets back to the editor's text nodes.
// Reads the DOM only: editors (Draft.js, Quill, Lexical) keep their own model and break if we touch theirs.
// Classic script: attaches to globalThis.Bedenktijd.draft_text; CommonJS export for node --test.
(function (name, factory) {
  const node = typeof module === "object" && module.exports;
  const api = factory();
  if (node) module.exports = api;
  else (globalThis.Bedenktijd = globalThis.Bedenktijd || {})[name] = api;
})("draft_text", function () {
  "use strict";

  const TEXT_NODE = 3;
  const ELEMENT_NODE = 1;
  // Elements that start a new line; each editor renders one paragraph per such element.
  const BLOCK_TAGS = new Set([
    "ADDRESS",
    "ARTICLE",
    "ASIDE",
    "BLOCKQUOTE",
    "DD",
    "DIV",
    "DL",
    "DT",
    "FIGCAPTION",
    "FIGURE",
    "FOOTER",
    "H1",
    "H2",
    "H3",
    "H4",
    "H5",
    "H6",
    "HEADER",
    "HR",
    "LI",
    "MAIN",
    "NAV",
    "OL",
    "P",
    "PRE",
    "SECTION",
    "TABLE",
    "TR",
    "UL",
  ]);
  // Never part of what the user typed.
  const SKIP_TAGS = new Set([
    "SCRIPT",
    "STYLE",
    "TEMPLATE",
    "NOSCRIPT",
    "IMG",
    "SVG",
    "svg",
    "VIDEO",
    "AUDIO",
  ]);
  const BR = { br: true };

  function isBlock(el) {
    return BLOCK_TAGS.has(el.tagName);
  }

  function isSkipped(el) {
    return SKIP_TAGS.has(el.tagName) || el.getAttribute("contenteditable") === "false" || el.hidden === true;
  }

  // Lines of `el`: each line is a list of text nodes and BR markers. A block with nothing in it is one empty line.
  // Whitespace-only text between blocks is markup formatting, not typed text (browsers do not render it).
  function isFormatting(node, parent) {
    return /^[ \t\n\r]*$/.test(node.data) && Array.prototype.some.call(parent.children, (c) => isBlock(c));
  }

  function linesOf(el) {
    const lines = [];
    let inline = [];
    let sawInline = false;
    for (const child of el.childNodes) {
      if (child.nodeType === TEXT_NODE) {
        if (isFormatting(child, el)) continue;
        inline.push(child);
        sawInline = true;
      } else if (child.nodeType !== ELEMENT_NODE || isSkipped(child)) {
        continue;
      } else if (child.tagName === "BR") {
        inline.push(BR);
        sawInline = true;
      } else if (isBlock(child)) {
        if (sawInline) lines.push(inline);
        inline = [];
        sawInline = false;
        lines.push(...linesOf(child));
      } else {
        // An inline element (span, a, strong): its first line continues ours, its last line stays open.
        const inner = linesOf(child);
        inline.push(...inner[0]);
        sawInline = true;
        if (inner.length > 1) {
          lines.push(inline, ...inner.slice(1, -1));
          inline = inner[inner.length - 1].slice();
        }
      }
    }
    if (sawInline || lines.length === 0) lines.push(inline);
    return lines;
  }

  /**
   * The draft as the companion sees it: blocks joined with "\n", a BR inside a block is "\n" unless it ends
   * the block (editors put a placeholder BR in empty paragraphs). Returns {text, segments} where each
   * segment is {node, start, end} in UTF-16 code units (JavaScript string indices) of `text`.
   */
  function readEditor(editor) {
    const lines = linesOf(editor);
    let text = "";
    const segments = [];
    lines.forEach((line, lineIndex) => {
      if (lineIndex > 0) text += "\n";
      line.forEach((item, i) => {
        if (item === BR) {
          if (i < line.length - 1) text += "\n";
          return;
        }
        const data = item.data;
        if (data.length === 0) return;
        segments.push({ node: item, start: text.length, end: text.length + data.length });
        text += data;
      });
    });
    return { text, segments };
  }

  /**
   * The text nodes and local offsets covering [start, end) of the draft (UTF-16 offsets from the companion),
   * one piece per text node, skipping the "\n" between blocks. Empty when the range is empty or out of bounds.
   */
  function piecesFor(segments, start, end) {
    const pieces = [];
    if (!(end > start)) return pieces;
    for (const seg of segments) {
      const from = Math.max(start, seg.start);
      const to = Math.min(end, seg.end);
      if (to > from)
        pieces.push({ node: seg.node, startOffset: from - seg.start, endOffset: to - seg.start });
    }
    return pieces;
  }

  /**
   * One UTF-16 offset as a DOM position {node, offset}. "forward" puts a boundary offset at the start of the
   * next text node (for a range start), "backward" at the end of the previous one (for a range end).
   */
  function locate(segments, offset, affinity) {
    if (segments.length === 0) return null;
    if (affinity === "backward") {
      for (let i = segments.length - 1; i >= 0; i--) {
        const seg = segments[i];
        if (offset > seg.start && offset <= seg.end) return { node: seg.node, offset: offset - seg.start };
        if (offset > seg.end) return { node: seg.node, offset: seg.end - seg.start };
      }
      return { node: segments[0].node, offset: 0 };
    }
    for (const seg of segments) {
      if (offset >= seg.start && offset < seg.end) return { node: seg.node, offset: offset - seg.start };
      if (offset < seg.start) return { node: seg.node, offset: 0 };
    }
    const last = segments[segments.length - 1];
    return { node: last.node, offset: last.end - last.start };
  }

  /** Viewport rectangles of [start, end) using one DOM Range per text node; reads layout, changes nothing. */
  function rectsFor(doc, segments, start, end) {
    const rects = [];
    for (const piece of piecesFor(segments, start, end)) {
      const range = doc.createRange();
      range.setStart(piece.node, piece.startOffset);
      range.setEnd(piece.node, piece.endOffset);
      const list = typeof range.getClientRects === "function" ? range.getClientRects() : [];
      for (const r of list) {
        if (r.width > 0 || r.height > 0)
          rects.push({ left: r.left, top: r.top, width: r.width, height: r.height });
      }
    }
    return rects;
  }

  return { readEditor, piecesFor, locate, rectsFor, BLOCK_TAGS };
});
