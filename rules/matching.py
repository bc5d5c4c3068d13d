"""Walk a rule's match tree over one post, with per-post caches shared by all rules."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable
from functools import cached_property
from typing import Any

import regex

from rules.entities import EntityMatch, detect
from rules.nodes import (
    AllNode,
    AlwaysNode,
    AnyNode,
    EntityNode,
    ExclamationNode,
    KeywordNode,
    ModelNode,
    NearNode,
    Node,
    NotNode,
    RegexNode,
    ShoutingNode,
)
from rules.normalise import View, folded_view, nfkc_view
from rules.prefilter import may_match
from rules.ruleset import Ruleset
from rules.textmodel import prepare, sentences

Spans = tuple[tuple[int, int], ...]
MAX_TEXT = 100_000  # longer than any network allows; the rest of a longer text is not checked
# Spans kept per node: enough to mark every real risk, and keeps `near` (pairwise) cheap on spam.
MAX_NODE_SPANS = 200

_WORD = regex.compile(r"\w+")
_CAPS_WORD = regex.compile(r"(?<![#@\w])[^\W\d_]{3,}(?!\w)")
_BANG_RUN = regex.compile(r"[!?¡]{2,}")
_QUOTES = regex.compile(
    r"\"[^\"\n]{1,300}\"|“[^”\n]{1,300}”|„[^”“\n]{1,300}[”“]|«[^»\n]{1,300}»|‘[^’\n]{1,300}’"
    r"|(?<![\w])'[^'\n]{1,300}'(?![\w])"
)


_UNSEEN = object()  # see `_match_regex`
_SPACE_RUN = regex.compile(r"\s{2,}|[^\S ]")


def _squash_spaces(view: View) -> View:
    """Collapse whitespace runs to one space so phrases match across line breaks and double spaces."""
    text = view.text
    if not _SPACE_RUN.search(text):
        return view
    chars: list[str] = []
    origin: list[int] = []
    position = 0
    for run in _SPACE_RUN.finditer(text):
        chars.append(text[position : run.start()])
        origin.extend(view.origin[position : run.start()])
        chars.append(" ")
        origin.append(view.origin[run.start()])
        position = run.end()
    chars.append(text[position:])
    origin.extend(view.origin[position:])
    return View("".join(chars), tuple(origin))


class PostContext:
    """The views, keyword hits and detector results of one post, computed at most once."""

    def __init__(self, text: str, ruleset: Ruleset) -> None:
        self.text = text[:MAX_TEXT]
        self.ruleset = ruleset
        folded = folded_view(self.text)
        self.folded = _squash_spaces(folded)
        self.folded_text = folded.text  # before squashing spaces: what the text model reads
        self.labels: dict[tuple[int, int], str] = {}
        self.entity_previews: dict[tuple[int, int], str] = {}
        self.keyword_hits: dict[int, list[tuple[int, int]]] = {}
        to_original = self.folded.to_original
        raw_hits = ruleset.keywords.scan(self.folded.text, self.text, to_original)
        # A word in several lists is one hit per list with the same span: map each span once.
        mapped: dict[tuple[int, int], tuple[int, int]] = {}
        labels = self.labels
        for node_id, hits in raw_hits.items():
            spans = []
            for hit in hits:
                key = (hit[0], hit[1])
                span = mapped.get(key)
                if span is None:
                    span = mapped[key] = to_original(hit[0], hit[1])
                spans.append(span)
                if hit[3]:
                    labels.setdefault(span, hit[3])
            self.keyword_hits[node_id] = spans
        self.hit_nodes = frozenset(self.keyword_hits)
        self._entities: dict[str, list[EntityMatch]] = {}
        # Several rules share patterns (YAML anchors, common lists); each runs once per post.
        self.regex_results: dict[tuple[str, str], Spans | None] = {}

    @cached_property
    def nfkc(self) -> View:
        """NFKC view: case and digits intact, for detectors and case-sensitive patterns."""
        return nfkc_view(self.text)

    @cached_property
    def nfkc_lowered(self) -> str:
        """The NFKC view in lower case, for the literal prefilter of regexes."""
        return self.nfkc.text.lower()

    @cached_property
    def word_starts(self) -> list[int]:
        """Start offsets of the words of the original text, for `near`."""
        return [m.start() for m in _WORD.finditer(self.text)]

    @cached_property
    def quoted(self) -> list[tuple[int, int]]:
        """Stretches of the text inside quotation marks."""
        return [m.span() for m in _QUOTES.finditer(self.text)]

    def entities(self, kind: str) -> list[EntityMatch]:
        """Entities of one kind, with offsets into the original text."""
        if kind not in self._entities:
            found = []
            view = self.nfkc
            for match in detect(kind, view.text, self.ruleset.detectors):
                start, end = view.to_original(match.start, match.end)
                self.entity_previews.setdefault((start, end), match.preview)
                found.append(EntityMatch(match.kind, start, end, match.confidence, match.preview))
            self._entities[kind] = found
        return self._entities[kind]

    def org_mentions(self, start: int = 0, end: int | None = None) -> list[tuple[int, int, str]]:
        """Where the org's names, clients, code names and hosts occur (between start and end)."""
        stop = len(self.text) if end is None else end
        return [
            (s - start, e - start, name)
            for name, node_id in self.ruleset.org_mentions
            for s, e in self.keyword_hits.get(node_id, ())
            if start <= s and e <= stop
        ]

    @cached_property
    def model_scores(self) -> dict[str, float]:
        """The text model's probability per category ({} when the pack has no model)."""
        model = self.ruleset.text_model
        return {} if model is None else model.probabilities(model_input(self), model_concepts(self))

    def word_index(self, offset: int) -> int:
        """The index of the word at or before `offset`."""
        return max(bisect_right(self.word_starts, offset) - 1, 0)

    def inside_quotes(self, span: tuple[int, int]) -> bool:
        """True when the span lies within quotation marks."""
        return any(s < span[0] and span[1] < e for s, e in self.quoted)


def match_node(node: Node, ctx: PostContext) -> Spans | None:
    """Spans (original offsets) where the node matches, () for a match without spans, None for none."""
    matcher = _MATCHERS.get(type(node))
    if matcher is None:
        raise TypeError(f"unknown node {type(node).__name__}")
    return matcher(node, ctx)


def _match_keywords(node: KeywordNode, ctx: PostContext) -> Spans | None:
    spans = ctx.keyword_hits.get(node.node_id)
    if spans and node.skip_quoted:
        spans = [s for s in spans if not ctx.inside_quotes(s)]
    return tuple(spans[:MAX_NODE_SPANS]) if spans else None


def _match_any(node: AnyNode, ctx: PostContext) -> Spans | None:
    hit_nodes = ctx.hit_nodes
    if node.triggers is not None and node.triggers.isdisjoint(hit_nodes):
        return None
    found: list[tuple[int, int]] = []
    matched = False
    for child, gate in zip(node.children, node.gates, strict=True):
        if gate is not None and gate.isdisjoint(hit_nodes):
            continue  # the child would return None (see rules/nodes.py `gate`): skip the call
        result = _MATCHERS[type(child)](child, ctx)
        if result is not None:
            matched = True
            found.extend(result)
    return tuple(found[:MAX_NODE_SPANS]) if matched else None


def _match_all(node: AllNode, ctx: PostContext) -> Spans | None:
    hit_nodes = ctx.hit_nodes
    if node.triggers is not None and node.triggers.isdisjoint(hit_nodes):
        return None
    collected: list[tuple[int, int]] = []
    for child, gate in zip(node.children, node.gates, strict=True):
        # Checked in order, only once the children before have run: a child that would return None
        # ends the node just as before, and no child after it runs.
        if gate is not None and gate.isdisjoint(hit_nodes):
            return None
        result = _MATCHERS[type(child)](child, ctx)
        if result is None:
            return None
        collected.extend(result)
    return tuple(collected[:MAX_NODE_SPANS])


def _match_not(node: NotNode, ctx: PostContext) -> Spans | None:
    return () if _MATCHERS[type(node.child)](node.child, ctx) is None else None


def _match_entity(node: EntityNode, ctx: PostContext) -> Spans | None:
    spans = [(e.start, e.end) for e in ctx.entities(node.kind) if e.confidence >= node.min_confidence]
    return tuple(spans[:MAX_NODE_SPANS]) if spans else None


def _match_shouting(node: ShoutingNode, ctx: PostContext) -> Spans | None:
    words = [m.span() for m in _CAPS_WORD.finditer(ctx.text) if m.group().isupper()]
    return tuple(words) if len(words) >= node.min_words else None


def _match_exclamations(node: ExclamationNode, ctx: PostContext) -> Spans | None:
    runs = [m.span() for m in _BANG_RUN.finditer(ctx.text) if m.group().count("!") >= node.min]
    return tuple(runs) if runs else None


def model_input(ctx: PostContext, start: int = 0, end: int | None = None) -> str:
    """The post (or a stretch of it) as the text model reads it: org mentions as placeholders."""
    whole = ctx.folded_text if start == 0 and end is None else None  # folded once per post
    return prepare(ctx.text[start:end], ctx.org_mentions(start, end), whole)


def model_concepts(ctx: PostContext, start: int = 0, end: int | None = None) -> list[str]:
    """The pack's word lists with a hit in the post (or a stretch of it), for the text model."""
    concepts = ctx.ruleset.concept_nodes
    if start == 0 and end is None:  # the whole post: every list with a hit
        return [concepts[node_id] for node_id in ctx.keyword_hits if node_id in concepts]
    stop = len(ctx.text) if end is None else end
    return [
        concepts[node_id]
        for node_id, spans in ctx.keyword_hits.items()
        if node_id in concepts and any(start <= s and e <= stop for s, e in spans)
    ]


def _match_model(node: ModelNode, ctx: PostContext) -> Spans | None:
    if ctx.model_scores.get(node.category, 0.0) < node.min:
        return None
    model = ctx.ruleset.text_model
    pieces = sentences(ctx.text)
    if model is None or len(pieces) < 2:
        return tuple(pieces)
    # Mark the sentence that weighs most for the category.
    best = model.strongest(
        node.category, [(model_input(ctx, s, e), model_concepts(ctx, s, e)) for s, e in pieces]
    )
    return (pieces[best],)


def _match_always(node: AlwaysNode, ctx: PostContext) -> Spans | None:
    return ()


def _match_regex(node: RegexNode, ctx: PostContext) -> Spans | None:
    key = (node.source, node.view)
    results = ctx.regex_results
    # One lookup in the usual case; `_UNSEEN` tells a pattern not run yet from one that found nothing.
    found = results.get(key, _UNSEEN)
    if found is _UNSEEN:
        found = results[key] = _run_regex(node, ctx)
    return found  # type: ignore[return-value]


def _run_regex(node: RegexNode, ctx: PostContext) -> Spans | None:
    if node.trigger >= 0:  # its literal prefixes are automaton keywords: the scan already looked
        if node.trigger not in ctx.hit_nodes:
            return None  # none of the literals every match starts with is in the post
    elif node.view == "folded":
        # The folded view has no white space but single spaces (`_squash_spaces`), so literals that
        # include the spaces `\s` matches there are as necessary as the plain ones, and rarer.
        prefixes = node.spaced_prefixes
        if prefixes is not None and not may_match(prefixes, ctx.folded.text):
            return None
    elif node.prefixes is not None and not may_match(node.prefixes, ctx.nfkc_lowered):
        return None
    view = ctx.folded if node.view == "folded" else ctx.nfkc if node.view == "nfkc" else None
    text = view.text if view is not None else ctx.text
    spans = []
    # TimeoutError propagates: the engine skips this rule for this post and counts it.
    for m in node.pattern.finditer(text, timeout=node.timeout):
        if m.end() == m.start():
            continue
        spans.append(view.to_original(m.start(), m.end()) if view is not None else m.span())
        if len(spans) >= MAX_NODE_SPANS:
            break
    return tuple(spans) if spans else None


def _match_near(node: NearNode, ctx: PostContext) -> Spans | None:
    if node.triggers is not None and node.triggers.isdisjoint(ctx.hit_nodes):
        return None
    first = match_node(node.first, ctx)
    if not first:
        return None
    second = match_node(node.second, ctx)
    if not second:
        return None
    keep: set[tuple[int, int]] = set()
    for a in first:
        a_first, a_last = ctx.word_index(a[0]), ctx.word_index(max(a[1] - 1, a[0]))
        for b in second:
            b_first, b_last = ctx.word_index(b[0]), ctx.word_index(max(b[1] - 1, b[0]))
            gap = max(b_first - a_last, a_first - b_last) - 1
            if gap <= node.within:
                keep.add(a)
                keep.add(b)
    return tuple(sorted(keep)) if keep else None


# One dictionary lookup per node instead of a chain of isinstance tests: the matcher visits a few
# hundred nodes per post.
_MATCHERS: dict[type, Callable[[Any, PostContext], Spans | None]] = {
    KeywordNode: _match_keywords,
    AnyNode: _match_any,
    AllNode: _match_all,
    NotNode: _match_not,
    EntityNode: _match_entity,
    RegexNode: _match_regex,
    NearNode: _match_near,
    ShoutingNode: _match_shouting,
    ExclamationNode: _match_exclamations,
    ModelNode: _match_model,
    AlwaysNode: _match_always,
}
