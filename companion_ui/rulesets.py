"""Where the companion gets its rule pack, and how it reads a rule's texts by id."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rules.model import Texts

log = logging.getLogger(__name__)

# The engine's Ruleset type; kept as Any so the web layer does not depend on its internals.
Ruleset = Any
RulesetProvider = Callable[[], Ruleset]


class RulesetUnavailable(RuntimeError):
    """The rule pack could not be loaded; the message says which file and why."""


class LoadedRuleset:
    """A ruleset provider that loads the pack once and, after a failure, retries at most every 30 s."""

    retry_seconds = 30.0

    def __init__(self, org: Path | None = None, packs: Sequence[Path] = ()) -> None:
        self.org = org
        self.packs = tuple(packs)
        self._lock = threading.Lock()
        self._ruleset: Ruleset | None = None
        self._error: str | None = None
        self._failed_at = 0.0

    def __call__(self) -> Ruleset:
        """The loaded ruleset, or RulesetUnavailable naming what went wrong."""
        if self._ruleset is not None:
            return self._ruleset
        with self._lock:
            if self._ruleset is not None:
                return self._ruleset
            if self._error and time.monotonic() - self._failed_at < self.retry_seconds:
                raise RulesetUnavailable(self._error)
            try:
                self._ruleset = _load(self.org, self.packs)
            except Exception as error:
                # RulePackError names file, rule and field; an import error means the engine is missing.
                self._error = f"{type(error).__name__}: {error}"
                self._failed_at = time.monotonic()
                log.error("rule pack could not be loaded: %s", self._error)
                raise RulesetUnavailable(self._error) from None
            return self._ruleset


def _load(org: Path | None, packs: tuple[Path, ...]) -> Ruleset:
    from rules.engine import warm_up
    from rules.loader import load_ruleset  # imported late: the web app starts even without an engine

    ruleset = load_ruleset(org, packs)
    for notice in ruleset.org.notices:  # keys of the profile this version ignores (names only)
        log.warning("%s", notice)
    # Regexes of an already-checked pack compile on first use; do it now, before the first check.
    threading.Thread(target=warm_up, args=(ruleset,), name="bedenktijd-warm-up", daemon=True).start()
    return ruleset


def evaluate_post(post: Any, ruleset: Ruleset) -> Any:
    """Run the rule engine on `post` (rules.engine.evaluate)."""
    from rules.engine import evaluate

    return evaluate(post, ruleset)


@dataclass(frozen=True)
class RuleTexts:
    """What the warning page shows for one rule: category, severity, texts and protocol clause."""

    rule_id: str
    category: str
    severity: str
    message: Texts
    explanation: Texts
    suggestion: Texts
    clause: str
    clause_title: Texts | None
    policy_url: str


def _texts(value: Any) -> Texts | None:
    if isinstance(value, Texts):
        return value
    if isinstance(value, dict) and "nl" in value and "en" in value:
        return Texts(str(value["nl"]), str(value["en"]))
    return None


def rule_texts(ruleset: Ruleset, rule_id: str) -> RuleTexts | None:
    """The texts of rule `rule_id` in the current pack, or None if the pack has no such rule (any more)."""
    lookup = getattr(ruleset, "rule", None)
    if lookup is None:
        return None
    try:
        rule = lookup(rule_id)
    except (KeyError, LookupError, ValueError):
        return None
    if rule is None:
        return None
    org = getattr(ruleset, "org", None)

    def texts(name: str) -> Texts:
        return _filled(_texts(getattr(rule, name, None)) or Texts("", ""), org)

    return RuleTexts(
        rule_id=rule_id,
        category=str(getattr(rule, "category", "")),
        severity=str(getattr(rule, "severity", "")),
        message=texts("message"),
        explanation=texts("explanation"),
        suggestion=texts("suggestion"),
        clause=str(getattr(rule, "clause", "") or ""),
        clause_title=_texts(getattr(rule, "clause_title", None)),
        policy_url=str(getattr(org, "policy_url", "") or ""),
    )


def _filled(texts: Texts, org: Any) -> Texts:
    """Fill the rule's {org}, {client}, ... placeholders the way the engine does for findings."""
    if org is None:
        return texts
    try:
        from rules.engine import fill

        return fill(texts, org, None)
    except Exception as error:
        # Unfilled placeholders read oddly but are better than no explanation at all.
        log.warning("could not fill rule texts: %s", type(error).__name__)
        return texts
