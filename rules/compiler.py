"""Turn the `match` tree of a rule file into nodes, collecting keywords for the shared automaton."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

import regex

from rules.entities import DETECTORS
from rules.errors import RulePackError
from rules.keywords import COMPOUND_MODES, Groups, KeywordEntry, add_entry, new_entry
from rules.names import HANDLE_SUFFIXES, NAME_SUFFIXES, name_forms
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
    regex_nodes,
)
from rules.normalise import fold_keyword
from rules.orgprofile import ORG_LISTS, OrgProfile
from rules.patterns import LazyPattern
from rules.prefilter import required_literals
from rules.textmodel import PLACEHOLDERS, TextModel

KEYWORD_OPTIONS = ("compound", "case", "skip_quoted")


@dataclass
class CompileState:
    """What compiling the rules of one ruleset accumulates: keyword entries and node ids.

    Keywords are kept apart by where they come from: `pack_words` from the packs' rules and lists (the
    same for every organisation, so the compiled-pack cache can keep them), `org_words` from the
    organisation's profile and overlay. With `skip_pack_words` the packs' keywords are already known
    (from that cache): their rules are compiled for the nodes only, with the very same node ids.
    """

    lists: Mapping[str, Mapping[str, list[str]]]
    org: OrgProfile
    pack_words: Groups = field(default_factory=dict)
    org_words: Groups = field(default_factory=dict)
    skip_pack_words: bool = False
    overlay: bool = False  # compiling the organisation's overlay: its keywords are the organisation's
    org_nodes: dict[tuple[str, str, str], int] = field(default_factory=dict)
    list_nodes: dict[tuple[str, str, str], int] = field(default_factory=dict)
    regex_triggers: dict[str, int] = field(default_factory=dict)
    next_id: int = 0
    trusted: bool = False  # compiling a pack that compiled without errors before: skip re-checks
    # Lists and org names are often compiled more than once (per rule, per case mode): fold each once.
    folds: dict[str, str] = field(default_factory=dict)
    forms: dict[str, list[tuple[str, bool]]] = field(default_factory=dict)
    text_model: TextModel | None = None  # of the packs being compiled, for `model` nodes

    def fold(self, text: str) -> str:
        """`fold_keyword`, remembered for this compilation."""
        folded = self.folds.get(text)
        if folded is None:
            folded = self.folds[text] = fold_keyword(text)
        return folded

    def name_forms(self, value: str) -> list[tuple[str, bool]]:
        """`name_forms`, remembered for this compilation."""
        forms = self.forms.get(value)
        if forms is None:
            forms = self.forms[value] = list(name_forms(value))
        return forms

    def new_id(self) -> int:
        """A fresh keyword-node id."""
        self.next_id += 1
        return self.next_id

    def words(self) -> Groups | None:
        """Where the keywords of the rule being compiled go; None when the packs' keywords are known."""
        if self.overlay:
            return self.org_words
        return None if self.skip_pack_words else self.pack_words


class _Where:
    def __init__(self, file: str, rule_id: str, path: str) -> None:
        self.file, self.rule_id, self.path = file, rule_id, path

    def child(self, part: str) -> _Where:
        return _Where(self.file, self.rule_id, f"{self.path}.{part}")

    def error(self, message: str) -> RulePackError:
        return RulePackError(self.file, message, self.rule_id, self.path)


NODE_KEYS = (
    "any",
    "all",
    "not",
    "keywords",
    "list",
    "org",
    "regex",
    "entity",
    "near",
    "shouting",
    "exclamations",
    "model",
    "always",
)


def compile_node(raw: Any, state: CompileState, file: str, rule_id: str) -> Node:
    """Compile one rule's match tree; errors name the file, rule and field path."""
    return _node(raw, state, _Where(file, rule_id, "match"))


def _node(raw: Any, state: CompileState, where: _Where) -> Node:
    if not isinstance(raw, dict):
        raise where.error(f"a match node must be a mapping with one of {', '.join(NODE_KEYS)}")
    kinds = [k for k in NODE_KEYS if k in raw]
    if len(kinds) != 1:
        raise where.error(f"a match node needs exactly one of {', '.join(NODE_KEYS)}, got {sorted(raw)}")
    kind = kinds[0]
    if kind in ("any", "all"):
        children = raw[kind]
        if not isinstance(children, list) or not children:
            raise where.child(kind).error("must be a non-empty list of match nodes")
        _only(raw, {kind}, where)
        nodes = tuple(_node(c, state, where.child(f"{kind}[{i}]")) for i, c in enumerate(children))
        if kind == "any":
            return AnyNode(nodes)
        # `all` stops at the first child that fails: try the cheap ones (keyword lookups) first.
        return AllNode(tuple(sorted(nodes, key=_cost)))
    if kind == "not":
        _only(raw, {"not"}, where)
        return NotNode(_node(raw["not"], state, where.child("not")))
    if kind == "keywords":
        _only(raw, {"keywords"}, where)
        spec = raw["keywords"]
        if not isinstance(spec, dict):
            raise where.child("keywords").error("must be a mapping with nl/en/any lists")
        options = {k: spec[k] for k in KEYWORD_OPTIONS if k in spec}
        words = {k: v for k, v in spec.items() if k not in KEYWORD_OPTIONS}
        return _keywords(words, options, state, where.child("keywords"), "keywords")
    if kind == "list":
        _only(raw, {"list", *KEYWORD_OPTIONS}, where)
        name = raw["list"]
        if name not in state.lists:
            known = ", ".join(sorted(state.lists)) or "none"
            raise where.child("list").error(f"unknown list {name!r} (known lists: {known})")
        options = {k: raw[k] for k in KEYWORD_OPTIONS if k in raw}
        compound, case, skip_quoted = _options(options, where)
        shared = state.list_nodes.get((name, compound, case))
        if shared is not None:  # every rule that uses the same list the same way shares its keywords
            return KeywordNode(shared, skip_quoted, f"list:{name}")
        node = _keywords(dict(state.lists[name]), options, state, where.child("list"), f"list:{name}")
        state.list_nodes[(name, compound, case)] = node.node_id
        return node
    if kind == "org":
        _only(raw, {"org", *KEYWORD_OPTIONS}, where)
        name = raw["org"]
        if name not in ORG_LISTS:
            raise where.child("org").error(f"unknown org list {name!r} (known: {', '.join(ORG_LISTS)})")
        options = {k: raw[k] for k in KEYWORD_OPTIONS if k in raw}
        return _org_keywords(name, options, state, where.child("org"))
    if kind == "regex":
        _only(raw, {"regex"}, where)
        pattern_node = _regex(raw["regex"], where.child("regex"), state.trusted)
        return replace(pattern_node, trigger=_regex_trigger(pattern_node, state))
    if kind == "entity":
        _only(raw, {"entity", "min_confidence"}, where)
        name = raw["entity"]
        if name not in DETECTORS:
            raise where.child("entity").error(
                f"unknown detector {name!r} (known: {', '.join(sorted(DETECTORS))})"
            )
        confidence = raw.get("min_confidence", 0.5)
        if not isinstance(confidence, (int, float)) or not 0 <= confidence <= 1:
            raise where.child("min_confidence").error("must be a number from 0 to 1")
        return EntityNode(name, float(confidence))
    if kind == "near":
        _only(raw, {"near", "within"}, where)
        pair = raw["near"]
        if not isinstance(pair, list) or len(pair) != 2:
            raise where.child("near").error("must be a list of exactly two match nodes")
        within = raw.get("within")
        if not isinstance(within, int) or isinstance(within, bool) or not 0 <= within <= 100:
            raise where.child("within").error("must be a whole number of words from 0 to 100")
        first = _node(pair[0], state, where.child("near[0]"))
        second = _node(pair[1], state, where.child("near[1]"))
        # `near` is symmetric and stops at the first side without spans: try the cheaper side first.
        if _regexes_to_run(second) < _regexes_to_run(first):
            first, second = second, first
        return NearNode(first, second, within)
    if kind == "shouting":
        _only(raw, {"shouting"}, where)
        spec = raw["shouting"] or {}
        return ShoutingNode(_count(spec, "min_words", 3, where.child("shouting")))
    if kind == "exclamations":
        _only(raw, {"exclamations"}, where)
        spec = raw["exclamations"] or {}
        return ExclamationNode(_count(spec, "min", 3, where.child("exclamations")))
    if kind == "model":
        _only(raw, {"model"}, where)
        return _model(raw["model"], state, where.child("model"))
    _only(raw, {"always"}, where)
    if raw["always"] is not True:
        raise where.child("always").error("must be true")
    return AlwaysNode()


def _regexes_to_run(node: Node) -> int:
    """How many regexes of a subtree the keyword scan cannot rule out (those without a trigger)."""
    return sum(1 for regex_node in regex_nodes(node) if regex_node.trigger < 0)


def _cost(node: Node) -> int:
    """A rough rank of how expensive a node is to match; the keyword automaton has already run."""
    if isinstance(node, (KeywordNode, AlwaysNode)):
        return 0
    if isinstance(node, (ShoutingNode, ExclamationNode)):
        return 1
    if isinstance(node, NotNode):
        return 3
    if isinstance(node, (AnyNode, AllNode, NearNode)):
        return 2
    return 3


def _only(raw: dict[str, Any], allowed: set[str], where: _Where) -> None:
    extra = sorted(set(raw) - allowed)
    if extra:
        raise where.error(f"unknown key(s) {', '.join(extra)} here (allowed: {', '.join(sorted(allowed))})")


def _count(spec: Any, key: str, default: int, where: _Where) -> int:
    if not isinstance(spec, dict) or set(spec) - {key}:
        raise where.error(f"must be a mapping with only {key!r}")
    value = spec.get(key, default)
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise where.child(key).error("must be a whole number of at least 1")
    return value


def _model(spec: Any, state: CompileState, where: _Where) -> ModelNode:
    if not isinstance(spec, dict):
        raise where.error("must be a mapping with category (and min)")
    _only(spec, {"category", "min"}, where)
    if state.text_model is None:
        raise where.error("no text model: the pack's pack.yml names none (text_model)")
    category = spec.get("category")
    if category not in state.text_model.categories:
        raise where.child("category").error(
            f"{category!r} is not a category of the text model ({', '.join(state.text_model.categories)})"
        )
    threshold = spec.get("min", 0.7)
    if isinstance(threshold, bool) or not isinstance(threshold, (int, float)) or not 0 < threshold < 1:
        raise where.child("min").error("must be a probability between 0 and 1")
    return ModelNode(category, float(threshold))


def org_mention_nodes(state: CompileState) -> tuple[tuple[str, int], ...]:
    """Keyword nodes that find the org lists the text model replaces by placeholders."""
    where = _Where(state.org.source, "text_model", "org_mentions")
    return tuple((name, _org_keywords(name, {}, state, where).node_id) for name in PLACEHOLDERS)


def _options(options: Mapping[str, Any], where: _Where) -> tuple[str, str, bool]:
    compound = options.get("compound", "word")
    if compound not in COMPOUND_MODES:
        raise where.child("compound").error(f"{compound!r} is not one of {', '.join(COMPOUND_MODES)}")
    case = options.get("case", "insensitive")
    if case not in ("insensitive", "sensitive", "smart"):
        raise where.child("case").error(f"{case!r} is not insensitive, sensitive or smart")
    skip_quoted = options.get("skip_quoted", False)
    if not isinstance(skip_quoted, bool):
        raise where.child("skip_quoted").error("must be true or false")
    return compound, case, skip_quoted


def _add_word(
    state: CompileState,
    groups: Groups,
    node_id: int,
    word: str,
    lang: str,
    compound: str,
    case: str,
    label: str | None = None,
    proper: bool = False,
    suffixes: tuple[str, ...] = (),
    twin: int = -1,
) -> None:
    prefix = word.endswith("*")
    text = " ".join(word.rstrip("*").split())
    folded = state.fold(text)
    if not folded:
        return
    exact = _exact(text, case)
    add_entry(
        groups, folded, KeywordEntry(node_id, lang, compound, prefix, exact, proper, label, suffixes, twin)
    )


def _exact(text: str, case: str) -> str | None:
    """The spelling a keyword must have in the original text, or None when any case will do."""
    return text if case == "sensitive" or (case == "smart" and text != text.lower()) else None


def _keywords(
    words: Mapping[str, Any], options: Mapping[str, Any], state: CompileState, where: _Where, source: str
) -> KeywordNode:
    compound, case, skip_quoted = _options(options, where)
    node_id = state.new_id()
    groups = state.words()
    count = 0
    for lang, items in words.items():
        if lang == "doc":
            continue
        if lang not in ("nl", "en", "any"):
            raise where.child(str(lang)).error("keyword lists are keyed nl, en or any")
        known = groups is None and state.trusted  # a pack checked before, whose keywords are known
        if not isinstance(items, list) or not (known or all(isinstance(w, str) and w.strip() for w in items)):
            raise where.child(lang).error("must be a list of non-empty strings")
        if groups is not None:
            for word in items:
                _add_word(state, groups, node_id, word, lang, compound, case)
        count += len(items)
    if not count:
        raise where.error("needs at least one keyword")
    return KeywordNode(node_id, skip_quoted, source)


def _org_keywords(name: str, options: Mapping[str, Any], state: CompileState, where: _Where) -> KeywordNode:
    compound, case, skip_quoted = _options(options, where)
    key = (name, compound, case)
    node_id = state.org_nodes.get(key)
    if node_id is None and case in ("smart", "insensitive"):
        # Both modes share one set of entries: the smart node gets exact-case hits, its twin all hits.
        smart_id, twin_id = state.new_id(), state.new_id()
        state.org_nodes[(name, compound, "smart")] = smart_id
        state.org_nodes[(name, compound, "insensitive")] = twin_id
        _org_entries(name, state, smart_id, compound, "smart", twin_id)
        node_id = state.org_nodes[key]
    elif node_id is None:  # every rule that names the same org list shares one set of keywords
        node_id = state.org_nodes[key] = state.new_id()
        _org_entries(name, state, node_id, compound, case)
    return KeywordNode(node_id, skip_quoted, f"org:{name}")


def _org_entries(
    name: str, state: CompileState, node_id: int, compound: str, case: str, twin: int = -1
) -> None:
    """The keyword entries of one org list: every written form of every name."""
    groups = state.org_words
    if name == "internal_domains":
        for value in state.org.org_list(name):
            _add_word(state, groups, node_id, value, "any", compound, case, label=value, twin=twin)
        return
    # The hot loop of a profile with thousands of clients: name forms are already clean (single
    # spaces), so entries are built here without _add_word's parsing.
    for value in state.org.org_list(name):
        for form, proper in state.name_forms(value):
            suffixes = () if "." in form else NAME_SUFFIXES if " " in form else ONE_WORD_SUFFIXES
            prefix = form[-1:] == "*"
            text = form.rstrip("*") if prefix else form
            folded = state.fold(text)
            if folded:
                entry = new_entry(
                    (node_id, "any", compound, prefix, _exact(text, case), proper, value, suffixes, twin)
                )
                add_entry(groups, folded, entry)


# Endings allowed after a one-word name: a handle ("@KeukenhuysNL") besides the genitive and adjective.
ONE_WORD_SUFFIXES = NAME_SUFFIXES + HANDLE_SUFFIXES
MIN_TRIGGER_PREFIX = 3  # shorter prefixes ("in", "de") occur in most posts and would only add hits


def _regex_trigger(node: RegexNode, state: CompileState) -> int:
    """The keyword node of a folded-view pattern's required literals, or -1 when it has none worth it."""
    if node.view != "folded":
        return -1  # the automaton scans the folded view only
    known = state.regex_triggers.get(node.source)
    if known is not None:
        return known
    prefixes = required_literals(node.source)
    trigger = -1
    # Only literals that folding leaves alone: the pattern runs on the folded text, so a match there
    # holds the literal as written, and the automaton ("raw": anywhere, even inside a word) finds it.
    if prefixes and all(len(p) >= MIN_TRIGGER_PREFIX and state.fold(p) == p for p in prefixes):
        trigger = state.new_id()
        groups = state.words()
        if groups is not None:
            entry = KeywordEntry(trigger, "any", "raw")
            for prefix in prefixes:
                add_entry(groups, prefix, entry)
    state.regex_triggers[node.source] = trigger
    return trigger


def _regex(spec: Any, where: _Where, trusted: bool = False) -> RegexNode:
    if isinstance(spec, str):
        spec = {"pattern": spec}
    if not isinstance(spec, dict) or not isinstance(spec.get("pattern"), str):
        raise where.error("must be a pattern string or a mapping with 'pattern'")
    extra = sorted(set(spec) - {"pattern", "view", "timeout_ms"})
    if extra:
        raise where.error(f"unknown key(s) {', '.join(extra)} (allowed: pattern, view, timeout_ms)")
    view = spec.get("view", "folded")
    if view not in ("folded", "nfkc", "raw"):
        raise where.child("view").error(f"{view!r} is not folded, nfkc or raw")
    timeout_ms = spec.get("timeout_ms", 30)
    if not isinstance(timeout_ms, int) or not 1 <= timeout_ms <= 1000:
        raise where.child("timeout_ms").error("must be a whole number of milliseconds from 1 to 1000")
    compiled = None
    if not trusted:  # a pack checked before compiles its patterns on first use (rules/patterns.py)
        try:
            compiled = regex.compile(spec["pattern"])
        except regex.error as exc:
            raise where.child("pattern").error(f"regex does not compile: {exc}") from None
    # Raw-view patterns see text that is not NFKC-normalised, where case-insensitive matching has
    # exotic equivalences (long s, Kelvin sign) that lower-casing does not reproduce: no prefilter.
    pattern = LazyPattern(spec["pattern"], compiled, prefilter=view != "raw")
    return RegexNode(pattern, spec["pattern"], view, timeout_ms / 1000)
