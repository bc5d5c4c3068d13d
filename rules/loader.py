"""Load rule packs and the organisation profile, validate them, and compile one Ruleset."""

from __future__ import annotations

import gc
import hashlib
import json
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from datetime import datetime, time
from functools import cache, cached_property
from pathlib import Path
from types import MappingProxyType
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import jsonschema
import yaml

from rules import __version__, pack_cache, prefilter
from rules.compiler import CompileState, compile_node, org_mention_nodes
from rules.entities.model import DetectorContext
from rules.errors import RulePackError
from rules.keywords import KeywordIndex
from rules.model import SEVERITIES, Texts
from rules.nodes import AnyNode, uses_model
from rules.orgprofile import NEUTRAL_PROFILE, OrgProfile, load_org_profile
from rules.pack_keywords import SharedKeywords
from rules.ruleset import Example, Rule, Ruleset
from rules.textmodel import MODEL_FILES, TextModel, load_text_model
from rules.triggers import with_triggers

PACKAGE_DIR = Path(__file__).resolve().parent
SCHEMA_DIR = PACKAGE_DIR / "schema"
DEFAULT_PACK = PACKAGE_DIR / "packs" / "default"
EXAMPLE_ORG = DEFAULT_PACK / "example-org.yml"
# Examples without posted_at are posted on a Tuesday at 11:00, inside usual office hours.
EXAMPLE_DAY = datetime(2026, 3, 10).date()
EXAMPLE_TIME = time(11, 0)
# What the text model may do to other rules' findings, per category (docs/text-model.md): hold them back
# (`model_floor`) or show them as a quiet tip (`model_doubt`) when it gives the category less than this.
MODEL_SETTINGS = ("model_floor", "model_doubt")

try:
    _Loader: Any = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _Loader = yaml.SafeLoader


def default_pack_dir() -> Path:
    """The folder of the shipped default pack."""
    return DEFAULT_PACK


@cache
def _validator(name: str, loosen_match: bool = False) -> jsonschema.protocols.Validator:
    schema = json.loads((SCHEMA_DIR / name).read_text(encoding="utf-8"))
    if loosen_match:
        # The match tree is checked by the compiler, which names the exact node that is wrong.
        schema = {**schema["$defs"]["rule"], "$defs": schema["$defs"]}
        schema["properties"] = {**schema["properties"], "match": {}}
    cls = jsonschema.validators.validator_for(schema)
    return cls(schema)  # type: ignore[no-any-return]


def _schema_error(
    validator: jsonschema.protocols.Validator, data: Any, file: str, rule_id: str | None = None
) -> None:
    error = jsonschema.exceptions.best_match(validator.iter_errors(data))
    if error is None:
        return
    field = ".".join(str(p) for p in error.absolute_path) or None
    message = error.message
    if error.validator == "additionalProperties":
        message = f"unknown key: {message}"
    raise RulePackError(file, message, rule_id, field)


def read_yaml(path: Path) -> Any:
    """Parse one YAML file; errors name the file and the line."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise RulePackError(str(path), f"cannot read: {exc.strerror}") from None
    except UnicodeDecodeError as exc:
        raise RulePackError(str(path), f"not UTF-8: {exc}") from None
    try:
        return yaml.load(text, Loader=_Loader)
    except yaml.YAMLError as exc:
        raise RulePackError(str(path), f"invalid YAML: {exc}") from None


class _Pack:
    def __init__(self, folder: Path, cached: dict[str, Any] | None = None) -> None:
        self.folder = folder
        self.checked = False  # set once every rule passed its schema check (see build_ruleset)
        self.from_cache = cached is not None
        self.stamp: tuple[tuple[str, int, int], ...] = ()  # the files' state when they were read
        self.id: str
        self.version: str
        self.lists: dict[str, dict[str, list[str]]] = {}
        self.rule_files: list[tuple[str, list[Any]]] = []
        self.text_model_dir: str | None = None  # relative to the pack folder (pack.yml `text_model`)
        self.model_floor: dict[str, float] = {}  # pack.yml `model_floor`: category -> probability
        self.model_doubt: dict[str, float] = {}  # pack.yml `model_doubt`: category -> probability
        if cached is not None:  # written by `to_cache` after the pack compiled without errors
            self.id, self.version = cached["id"], cached["version"]
            self.text_model_dir = cached.get("text_model")
            self.model_floor = cached.get("model_floor") or {}
            self.model_doubt = cached.get("model_doubt") or {}
            self.lists = cached["lists"]
            self.rule_files = [(file, rules) for file, rules in cached["rule_files"]]
            self.checked = True
            if isinstance(cached.get("digest"), str):
                self.__dict__["digest"] = cached["digest"]  # hashing 20,000 words again costs 0.1 s
            if isinstance(cached.get("prefixes"), dict):
                prefilter.preload(cached["prefixes"])  # deriving them for 1,000 patterns costs 0.05 s
            if isinstance(cached.get("spaced_prefixes"), dict):
                prefilter.preload(cached["spaced_prefixes"], spaced=True)
            return
        manifest = folder / "pack.yml"
        if not manifest.is_file():
            raise RulePackError(
                str(manifest), "a rule pack needs a pack.yml with id, version and description"
            )
        meta = read_yaml(manifest)
        _schema_error(_validator("pack.schema.json"), meta, str(manifest))
        self.id = meta["id"]
        self.version = meta["version"]
        self.text_model_dir = meta.get("text_model")
        for setting in MODEL_SETTINGS:
            values = {str(k): float(v) for k, v in (meta.get(setting) or {}).items()}
            if values and self.text_model_dir is None:
                raise RulePackError(
                    str(manifest), f"{setting} needs the pack's own text model (text_model)", field=setting
                )
            setattr(self, setting, values)
        for path in sorted((folder / "lists").glob("*.y*ml")):
            data = read_yaml(path)
            _schema_error(_validator("list.schema.json"), data, str(path))
            self.lists[path.stem] = {k: v for k, v in data.items() if k != "doc"}
        for path in sorted(folder.glob("*.y*ml")):
            if path.name in ("pack.yml", "example-org.yml"):
                continue
            data = read_yaml(path)
            if not isinstance(data, dict) or not isinstance(data.get("rules"), list):
                raise RulePackError(str(path), "a rule file must be a mapping with a 'rules' list")
            if set(data) - {"rules"}:
                raise RulePackError(str(path), f"unknown top-level key(s): {sorted(set(data) - {'rules'})}")
            self.rule_files.append((str(path), data["rules"]))

    def to_cache(self) -> dict[str, Any]:
        """The parsed pack as JSON-ready data, for `pack_cache`."""
        patterns = _patterns(self.rule_files)
        return {
            "id": self.id,
            "version": self.version,
            "text_model": self.text_model_dir,
            "model_floor": self.model_floor,
            "model_doubt": self.model_doubt,
            "lists": self.lists,
            "rule_files": self.rule_files,
            "digest": self.digest,
            "prefixes": {pattern: prefilter.required_literals(pattern) for pattern in patterns},
            "spaced_prefixes": {pattern: prefilter.spaced_literals(pattern) for pattern in patterns},
        }

    @cached_property
    def digest(self) -> str:
        """A hash of everything in the pack, for the ruleset's version."""
        rules = [(Path(file).name, raw) for file, raw in self.rule_files]
        data = {"id": self.id, "version": self.version, "lists": self.lists, "rules": rules}
        for setting in MODEL_SETTINGS:
            if getattr(self, setting):
                data[setting] = getattr(self, setting)
        if self.text_model is not None:
            data["text_model"] = self.text_model.digest
        return hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()

    @cached_property
    def text_model(self) -> TextModel | None:
        """The pack's text model, read once per process (None when the pack has none)."""
        if self.text_model_dir is None:
            return None
        return load_text_model(self.folder / self.text_model_dir)


def _patterns(raw: Any) -> set[str]:
    """Every regex pattern string in raw rule data (for the prefixes kept in the pack cache)."""
    found: set[str] = set()
    stack = [raw]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            spec = item.get("regex")
            if isinstance(spec, str):
                found.add(spec)
            elif isinstance(spec, dict) and isinstance(spec.get("pattern"), str):
                found.add(spec["pattern"])
            stack.extend(item.values())
        elif isinstance(item, (list, tuple)):
            stack.extend(item)
    return found


# Parsed packs by folder, with the size and modification time of every file they were read from: a
# reload (new org profile, new overlay) re-reads only packs whose files changed.
_PACKS: dict[Path, tuple[tuple[tuple[str, int, int], ...], _Pack]] = {}


def _stamp(folder: Path) -> tuple[tuple[str, int, int], ...]:
    files = [folder / "pack.yml", *sorted((folder / "lists").glob("*.y*ml")), *sorted(folder.glob("*.y*ml"))]
    # A text model lives in a subfolder; whichever folder pack.yml names, its files are in the stamp.
    files += sorted(p for p in folder.glob("*/*") if p.name in MODEL_FILES)
    stamp = []
    for path in files:
        try:
            info = path.stat()
        except OSError:
            return ()  # missing files: parse again and let _Pack name the problem
        stamp.append((str(path), info.st_mtime_ns, info.st_size))
    return tuple(stamp)


def load_pack(folder: Path) -> _Pack:
    """The parsed pack in `folder`: from memory or the disk cache when none of its files changed."""
    folder = folder.resolve()
    stamp = _stamp(folder)
    cached = _PACKS.get(folder)
    if stamp and cached is not None and cached[0] == stamp:
        return cached[1]
    stored = pack_cache.read(folder, stamp)
    pack = None
    if stored is not None:
        try:
            pack = _Pack(folder, stored)
        except (KeyError, TypeError, ValueError, AttributeError):
            pack = None  # a damaged cache file: read the pack from its own files instead
    if pack is None:
        pack = _Pack(folder)
    pack.stamp = stamp  # taken before reading: an edit while reading makes the stamp stale, never the data
    if stamp and _stamp(folder) == stamp:
        _PACKS[folder] = (stamp, pack)
    return pack


def _remember(pack: _Pack) -> None:
    """Keep a pack that just compiled without errors on disk, for the next process."""
    if pack.from_cache or not pack.stamp:
        return
    if _stamp(pack.folder) != pack.stamp:
        return  # a file changed while the pack was read or compiled: the next load reads it again
    pack_cache.write(pack.folder, pack.stamp, pack.to_cache())
    pack.from_cache = True


def _texts(raw: Any) -> Texts:
    return Texts(raw["nl"], raw["en"])


def _example(raw: Any, should_match: bool, org: OrgProfile, file: str, rule_id: str) -> Example:
    if isinstance(raw, str):
        raw = {"text": raw}
    posted_raw = raw.get("posted_at")
    if posted_raw is None:
        posted_at = datetime.combine(EXAMPLE_DAY, EXAMPLE_TIME, ZoneInfo(org.office_hours.timezone))
    else:
        try:
            posted_at = datetime.fromisoformat(str(posted_raw))
        except ValueError:
            raise RulePackError(
                file, f"{posted_raw!r} is not an ISO 8601 time", rule_id, "examples.posted_at"
            ) from None
        if posted_at.tzinfo is None:
            raise RulePackError(file, f"{posted_raw!r} needs a UTC offset", rule_id, "examples.posted_at")
    return Example(
        text=raw["text"],
        should_match=should_match,
        platform=raw.get("platform", "linkedin"),
        kind=raw.get("kind", "post"),
        media=bool(raw.get("media", False)),
        visibility=raw.get("visibility", "public"),
        posted_at=posted_at,
    )


def _optional_set(raw: Any) -> frozenset[str] | None:
    return frozenset(raw) if raw else None


def compile_rule(raw: Any, state: CompileState, file: str, pack_id: str, *, checked: bool = False) -> Rule:
    """Validate and compile one rule mapping from `file` (`checked`: its schema check already passed)."""
    if not isinstance(raw, dict):
        raise RulePackError(file, "each entry of 'rules' must be a mapping")
    rule_id = raw.get("id") if isinstance(raw.get("id"), str) else None
    if rule_id is None:
        raise RulePackError(file, "a rule needs a string 'id'", field="id")
    match = compile_node(raw.get("match"), state, file, rule_id)
    if not checked:
        _schema_error(_validator("rule-file.schema.json", loosen_match=True), raw, file, rule_id)
    applies = raw.get("applies_to") or {}
    when = raw.get("when") or {}
    examples = raw["examples"]
    return Rule(
        id=rule_id,
        category=raw["category"],
        severity=raw["severity"],
        status=raw["status"],
        languages=frozenset(raw["languages"]),
        platforms=_optional_set(applies.get("platforms")),
        kinds=_optional_set(applies.get("kinds")),
        visibility=_optional_set(applies.get("visibility")),
        office_hours=when.get("office_hours"),
        media=when.get("media"),
        sectors=_optional_set(when.get("sector")),
        match=match,
        message=_texts(raw["message"]),
        explanation=_texts(raw["explanation"]),
        suggestion=_texts(raw["suggestion"]),
        clause=str(raw["clause"]),
        clause_title=_texts(raw.get("clause_title") or {"nl": str(raw["clause"]), "en": str(raw["clause"])}),
        examples=tuple(
            [_example(e, True, state.org, file, rule_id) for e in examples["match"]]
            + [_example(e, False, state.org, file, rule_id) for e in examples["no_match"]]
        ),
        source=file,
        pack=pack_id,
    )


def _apply_overlay(rules: dict[str, Rule], org: OrgProfile, state: CompileState) -> dict[str, Rule]:
    overlay = org.overlay
    for rule_id in overlay.disable:
        if rule_id not in rules:
            raise RulePackError(org.source, f"cannot disable unknown rule {rule_id!r}", field="rules.disable")
        del rules[rule_id]
    for rule_id, severity in overlay.severity:
        if rule_id not in rules:
            raise RulePackError(org.source, f"unknown rule {rule_id!r}", field="rules.severity")
        if severity not in SEVERITIES:
            raise RulePackError(
                org.source, f"{severity!r} is not one of {', '.join(SEVERITIES)}", rule_id, "rules.severity"
            )
        rules[rule_id] = replace(rules[rule_id], severity=severity)
    for rule_id, words in overlay.add_keywords:
        if rule_id not in rules:
            raise RulePackError(org.source, f"unknown rule {rule_id!r}", field="rules.add_keywords")
        extra = compile_node({"keywords": words}, state, org.source, rule_id)
        rules[rule_id] = replace(rules[rule_id], match=AnyNode((rules[rule_id].match, extra)))
    for raw in overlay.add:
        rule = compile_rule(raw, state, org.source, "org")
        if rule.id in rules:
            raise RulePackError(
                org.source, "a rule with this id already exists; use another id", rule.id, "id"
            )
        rules[rule.id] = rule
    return rules


def _with_model_settings(
    rules: dict[str, Rule], loaded: list[_Pack], model: TextModel | None, profile: OrgProfile
) -> dict[str, Rule]:
    """Give each rule its category's model floor and doubt: the org's value, else its own pack's
    (docs/text-model.md).

    A pack's values only count when the ruleset reads that pack's model; the org's apply to every rule
    of the category, its own added rules included. The model's own tips never get one.
    """
    scored = model.categories if model is not None else ()
    settings = {
        setting: _model_setting(setting, loaded, model, profile, scored) for setting in MODEL_SETTINGS
    }

    def value(setting: str, rule: Rule) -> float:
        org, per_pack = settings[setting]
        return org.get(rule.category, per_pack.get(rule.pack, {}).get(rule.category, 0.0))

    for rule_id, rule in list(rules.items()):
        floor, doubt = value("model_floor", rule), value("model_doubt", rule)
        if not rule.fallback and (floor or doubt):
            rules[rule_id] = replace(rule, model_floor=floor, model_doubt=doubt)
    return rules


def _model_setting(
    setting: str, loaded: list[_Pack], model: TextModel | None, profile: OrgProfile, scored: Sequence[str]
) -> tuple[dict[str, float], dict[str, dict[str, float]]]:
    """`model_floor` or `model_doubt`: the org's values (for every rule, its own added ones too) and, per
    pack id, the values of the packs whose model the ruleset reads.

    Errors name the profile or pack.yml: a value for a category the model does not score, or an org
    value when no pack has a text model.
    """
    org = dict(getattr(profile.overlay, setting))
    if model is None and any(org.values()):
        raise RulePackError(
            profile.source, "no pack of this ruleset has a text model", field=f"rules.{setting}"
        )
    own = {p.id: getattr(p, setting) for p in loaded if p.text_model is not None and p.text_model is model}
    sources = [(profile.source, f"rules.{setting}", org)]
    sources += [(str(p.folder / "pack.yml"), setting, own[p.id]) for p in loaded if p.id in own]
    for source, field, values in sources:
        for category, value in values.items():
            if value and category not in scored:
                raise RulePackError(
                    source, "the text model does not score this category", field=f"{field}.{category}"
                )
    return org, own


def load_ruleset(
    org: Path | None = None, packs: Sequence[Path] = (), *, include_default: bool = True
) -> Ruleset:
    """Load the default pack (and extra packs), apply the org profile and overlay, compile."""
    with _no_cyclic_gc():
        profile = load_org_profile(org) if org is not None else NEUTRAL_PROFILE
        return build_ruleset(profile, packs, include_default=include_default)


@contextmanager
def _no_cyclic_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while a ruleset is built.

    Building one creates ~100,000 small tuples with a large profile; the collector would otherwise run
    dozens of times over them, which is a third of the load time. Nothing built here forms cycles that
    need collecting, and reference counting still frees everything as usual.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def build_ruleset(
    profile: OrgProfile, packs: Sequence[Path] = (), *, include_default: bool = True
) -> Ruleset:
    """Compile packs for an already-parsed org profile."""
    folders = ([DEFAULT_PACK] if include_default else []) + list(packs) + list(profile.overlay.packs)
    loaded = [load_pack(Path(f)) for f in folders]
    lists: dict[str, dict[str, list[str]]] = {}
    for pack in loaded:
        lists.update(pack.lists)
    model = next((p.text_model for p in loaded if p.text_model is not None), None)
    shared = _known_keywords(loaded)
    state, rules = _compile_packs(
        loaded, CompileState(lists, profile, skip_pack_words=shared is not None, text_model=model)
    )
    if shared is not None and shared.next_id != state.next_id:  # not these packs' keywords after all
        shared = None
        state, rules = _compile_packs(loaded, CompileState(lists, profile, text_model=model))
    if shared is None:
        shared = SharedKeywords.from_groups(state.pack_words, state.next_id)
        _keep_keywords(loaded, shared)
    state.overlay, state.trusted = True, False  # the overlay's own rules and keywords are always checked
    rules = _apply_overlay(rules, profile, state)
    rules = {
        rule_id: replace(rule, match=with_triggers(rule.match), fallback=uses_model(rule.match))
        for rule_id, rule in rules.items()
    }
    rules = _with_model_settings(rules, loaded, model, profile)
    mentions = org_mention_nodes(state)
    digest = hashlib.sha256(
        json.dumps(
            {
                "engine": __version__,
                "packs": [p.digest for p in loaded],
                "org": repr(replace(profile, source="", ignored=())),
            },
            sort_keys=True,
            default=str,
        ).encode()
    ).hexdigest()[:16]
    return Ruleset(
        # Rules that read the text model last: they only run when their category is still silent.
        rules=tuple(sorted(rules.values(), key=lambda rule: rule.fallback)),
        keywords=KeywordIndex(state.org_words, shared.automaton),
        org=profile,
        version=digest,
        packs=tuple((p.id, p.version) for p in loaded),
        detectors=detector_context(profile),
        text_model=model,
        org_mentions=mentions,
        concept_nodes=MappingProxyType({node_id: key[0] for key, node_id in state.list_nodes.items()}),
    )


def _compile_packs(loaded: list[_Pack], state: CompileState) -> tuple[CompileState, dict[str, Rule]]:
    """Compile every rule of the packs, in order; a pack that compiled without errors is kept on disk."""
    rules: dict[str, Rule] = {}
    for pack in loaded:
        for file, raw_rules in pack.rule_files:
            for raw in raw_rules:
                state.trusted = pack.checked
                rule = compile_rule(raw, state, file, pack.id, checked=pack.checked)
                if rule.id in rules:
                    raise RulePackError(
                        file, f"duplicate rule id (also in {rules[rule.id].source})", rule.id, "id"
                    )
                rules[rule.id] = rule
        pack.checked = True
        _remember(pack)
    return state, rules


# The packs' compiled keywords by `_keywords_key`: a reload in the same process skips even the cache file.
_SHARED: dict[str, SharedKeywords] = {}
KEYWORDS_KEPT = 4


def _keywords_key(loaded: Sequence[_Pack]) -> str:
    """The packs' content (in order: later packs override earlier lists) and the engine's identity."""
    data = [pack_cache.engine_id(), [pack.digest for pack in loaded]]
    return hashlib.sha256(json.dumps(data).encode()).hexdigest()


def _known_keywords(loaded: Sequence[_Pack]) -> SharedKeywords | None:
    """The packs' compiled keywords from memory or the disk cache; None when the packs must be compiled
    in full (a pack read from its files is compiled, and so checked, first)."""
    if not loaded or not all(pack.checked for pack in loaded):
        return None
    key = _keywords_key(loaded)
    known = _SHARED.get(key)
    if known is not None:
        return known
    data = pack_cache.read_compiled([pack.folder for pack in loaded], key)
    if data is None:
        return None
    try:
        known = SharedKeywords.from_json(data)
    except (ValueError, TypeError, KeyError, IndexError):
        return None  # a file of the wrong shape: compile the packs' keywords again (and rewrite it)
    _remember_keywords(key, known)
    return known


def _keep_keywords(loaded: Sequence[_Pack], shared: SharedKeywords) -> None:
    """Remember the packs' compiled keywords in memory and on disk, for the next load and process."""
    if not loaded:
        return
    key = _keywords_key(loaded)
    _remember_keywords(key, shared)
    pack_cache.write_compiled([pack.folder for pack in loaded], key, shared.to_json())


def _remember_keywords(key: str, shared: SharedKeywords) -> None:
    """Keep compiled keywords in memory, for the next load in this process."""
    if len(_SHARED) >= KEYWORDS_KEPT and key not in _SHARED:
        _SHARED.clear()  # packs changed several times in this process: keep only what is used now
    _SHARED[key] = shared


def detector_context(org: OrgProfile) -> DetectorContext:
    """The org facts the entity detectors use: internal host names and the org's own domains."""
    own = set()
    for host in [urlsplit(org.policy_url).hostname or "", *org.internal_domains]:
        parts = host.split(".")
        if len(parts) >= 2 and parts[-1] not in ("local", "internal", "lan", "corp"):
            own.add(".".join(parts[-2:]))
    return DetectorContext(internal_domains=org.internal_domains, org_domains=tuple(sorted(own)))


def load_example_ruleset(
    packs: Sequence[Path] = (), include_default: bool = True, overlay_of: OrgProfile | None = None
) -> Ruleset:
    """The ruleset against the pack's fictitious example organisation, for `rules test`: the shipped
    examples name its clients and code names. With `overlay_of`, that organisation's overlay (disabled
    rules, severities, added keywords and rules, model settings) applied to the example organisation."""
    if overlay_of is None:
        return load_ruleset(EXAMPLE_ORG, packs, include_default=include_default)
    with _no_cyclic_gc():
        example = replace(load_org_profile(EXAMPLE_ORG), overlay=overlay_of.overlay)
        return build_ruleset(example, packs, include_default=include_default)
