"""Reddit's rich-text JSON (RTJSON) documents turned back into the plain text the user typed."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

MEDIA_NODES = ("img", "gif", "video")  # a tuple: node values may be unhashable
MAX_DEPTH = 40  # real documents nest a few levels; deeper input is not a post


@dataclass(frozen=True)
class PlainText:
    """The text of a rich-text document (blocks separated by newlines) and whether it embeds media."""

    text: str
    media: bool


def richtext_to_plain(document: Any) -> PlainText:
    """Plain text of `{"document": [...]}` (or a bare block list): paragraphs, lists, quotes, code, tables."""
    blocks = document.get("document") if isinstance(document, dict) else document
    reader = _Reader()
    reader.blocks(blocks if isinstance(blocks, list) else [], 0)
    return PlainText("\n".join(reader.lines), reader.media)


@dataclass
class _Reader:
    lines: list[str] = field(default_factory=list)
    media: bool = False

    def blocks(self, nodes: list[Any], depth: int) -> None:
        if depth > MAX_DEPTH:
            return
        for node in nodes:
            if isinstance(node, dict):
                self.block(node, depth + 1)

    def block(self, node: dict[str, Any], depth: int) -> None:
        kind, children = node.get("e"), node.get("c")
        if kind in MEDIA_NODES:
            self.media = True
            if isinstance(children, str) and children.strip():  # a caption
                self.lines.append(children)
        elif kind in ("blockquote", "list", "li") and isinstance(children, list):
            self.blocks(children, depth)
        elif kind == "code" and isinstance(children, list):
            self.lines.extend(c["t"] for c in children if isinstance(c, dict) and isinstance(c.get("t"), str))
        elif kind == "table":
            self.table(node, depth)
        elif kind == "hr":
            return
        elif isinstance(children, list):  # par, h, and anything new that holds inline nodes
            self.lines.append(self.inline(children, depth))
        elif isinstance(node.get("t"), str):
            self.lines.append(self.inline([node], depth))

    def table(self, node: dict[str, Any], depth: int) -> None:
        header, rows = node.get("h"), node.get("c")
        for row in ([header] if isinstance(header, list) else []) + (rows if isinstance(rows, list) else []):
            if isinstance(row, list):
                cells = [self.inline(c.get("c", []), depth) for c in row if isinstance(c, dict)]
                self.lines.append(" | ".join(cells))

    def inline(self, nodes: Any, depth: int) -> str:
        if not isinstance(nodes, list) or depth > MAX_DEPTH:
            return ""
        out: list[str] = []
        for node in nodes:
            if not isinstance(node, dict):
                continue
            kind, text = node.get("e"), node.get("t")
            if kind in MEDIA_NODES:
                self.media = True
            elif kind == "br":
                out.append("\n")
            elif kind in ("u/", "r/") and isinstance(text, str):
                out.append(("/" if node.get("l") else "") + kind + text)
            elif isinstance(text, str):  # text, raw, link (its visible text), and unknown leaf nodes
                out.append(text)
            elif isinstance(node.get("c"), list):  # spoilertext and other wrappers
                out.append(self.inline(node["c"], depth + 1))
        return "".join(out)
