"""`evaluate(post, ruleset) -> Verdict`: pure, deterministic, and never raises on any text."""

from __future__ import annotations

import logging
from dataclasses import replace
from typing import Any

import regex

from rules.language import guess_language
from rules.matching import PostContext, Spans, match_node
from rules.model import SEVERITY_RANK, Finding, Post, Span, Texts, Verdict, asks_confirmation
from rules.nodes import gate, regex_nodes
from rules.normalise import utf16_offsets
from rules.orgprofile import OrgProfile
from rules.patterns import compile_patterns
from rules.ruleset import Rule, Ruleset

log = logging.getLogger(__name__)

MAX_SPANS = 20
PREVIEW_CHARS = 40
MASKED_CATEGORIES = frozenset({"personal_data", "secret"})
_PLACEHOLDER = regex.compile(r"\{(org|client|internal_channel|policy_url|spokesperson)\}")
DEFAULT_CLIENT = Texts("een klant", "a client")


def applies(rule: Rule, post: Post, language: str, mixed: bool, org: OrgProfile) -> bool:
    """Whether the rule's platform, kind, visibility, language and conditions fit this post."""
    if rule.platforms is not None and post.platform not in rule.platforms:
        return False
    if rule.kinds is not None and post.kind not in rule.kinds:
        return False
    if rule.visibility is not None and post.visibility not in rule.visibility:
        return False
    if not mixed and language not in rule.languages:
        return False
    if rule.media is not None and post.media != rule.media:
        return False
    if rule.sectors is not None and org.sector not in rule.sectors:
        return False
    if rule.office_hours is not None:
        if post.posted_at is None:
            return False  # without a time we cannot tell, so time-bound rules stay quiet
        if org.office_hours.contains(post.posted_at) != rule.office_hours:
            return False
    return True


def _merge(spans: Spans) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(set(spans)):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged[:MAX_SPANS]


def redact(text: str, category: str) -> str:
    """A short preview of a match: whitespace folded, long text cut, sensitive values masked."""
    flat = " ".join(text.split())
    if category in MASKED_CATEGORIES:
        keep = min(2, max(len(flat) // 4, 0))
        return flat[:keep] + "*" * min(max(len(flat) - keep, 3), 12)
    return flat if len(flat) <= PREVIEW_CHARS else flat[: PREVIEW_CHARS - 1] + "…"


def fill(texts: Texts, org: OrgProfile, client: str | None) -> Texts:
    """Fill {org}, {client}, {internal_channel}, {policy_url}, {spokesperson} from the org profile."""

    def one(template: str, lang: str) -> str:
        if "{" not in template:
            return template  # no placeholder: what the substitution below would return
        values = {
            "org": org.names[0] if org.names else ("de organisatie" if lang == "nl" else "the organisation"),
            "client": client or DEFAULT_CLIENT.get(lang),
            "internal_channel": org.internal_channel.get(lang),
            "policy_url": org.policy_url,
            "spokesperson": org.spokesperson.get(lang),
        }
        return _PLACEHOLDER.sub(lambda m: values[m.group(1)], template)

    return Texts(one(texts.nl, "nl"), one(texts.en, "en"))


def _finding(rule: Rule, spans: Spans, ctx: PostContext, org: OrgProfile) -> Finding:
    merged = _merge(spans)
    utf16 = utf16_offsets(ctx.text, merged)
    span_records = tuple(Span(s, e, us, ue) for (s, e), (us, ue) in zip(merged, utf16, strict=True))
    preview = ""
    for span in sorted(set(spans)):
        preview = ctx.entity_previews.get(span, "")
        if preview:
            break
    if not preview and merged:
        preview = redact(ctx.text[merged[0][0] : merged[0][1]], rule.category)
    client = next((ctx.labels[s] for s in sorted(set(spans)) if s in ctx.labels), None)
    if client is not None and client not in org.client_set:
        client = None
    return Finding(
        rule_id=rule.id,
        category=rule.category,
        severity=rule.severity,
        status=rule.status,
        spans=span_records,
        preview=preview,
        message=fill(rule.message, org, client),
        explanation=fill(rule.explanation, org, client),
        suggestion=fill(rule.suggestion, org, client),
        clause=rule.clause,
        policy_url=org.policy_url,
    )


def _model_below(rule: Rule, ctx: PostContext, threshold: float, setting: str) -> bool:
    """Whether the text model gives the rule's category less than `threshold` (a floor or a doubt).

    A post the model cannot score keeps its finding as it is: the model may only ever take a warning
    away or soften it when it has a clear opinion (docs/text-model.md).
    """
    if not threshold:
        return False
    try:
        scores = ctx.model_scores
    except Exception as exc:
        log.error("%s of rule %s not applied: %s", setting, rule.id, type(exc).__name__)
        return False
    return scores.get(rule.category, 1.0) < threshold


def evaluate(post: Post, ruleset: Ruleset) -> Verdict:
    """Check one post against every applicable rule; problems skip a rule, never the post."""
    org = ruleset.org
    text = post.text if isinstance(post.text, str) else ""
    language, mixed = guess_language(text, default=org.language)
    try:
        ctx = PostContext(text, ruleset)
    except Exception as exc:  # fail open: an unforeseen text must not stop the post
        log.error("could not prepare the post for checking: %s", type(exc).__name__)
        return Verdict((), language, ruleset.version, ("*",))
    findings: list[Finding] = []
    doubted: set[str] = set()  # rules whose warning the model doubts (now quiet tips)
    skipped: list[str] = []
    spoken: set[str] = set()  # categories with a finding so far
    hit_nodes = ctx.hit_nodes
    for rule in ruleset.rules:
        if rule.fallback and rule.category in spoken:
            continue  # weak evidence adds nothing where a rule of the category already spoke
        # The keywords the root cannot match without (rules/nodes.py `gate`): when none has hits,
        # match_node would answer None without side effects, so skip the rule here.
        needed = gate(rule.match)
        if needed is not None and needed.isdisjoint(hit_nodes):
            continue
        if not applies(rule, post, language, mixed, org):
            continue
        try:
            spans = match_node(rule.match, ctx)
        except TimeoutError:
            log.warning("rule %s skipped: a regex timed out", rule.id)
            skipped.append(rule.id)
            continue
        except Exception as exc:
            log.error("rule %s skipped: %s", rule.id, type(exc).__name__)
            skipped.append(rule.id)
            continue
        if spans is None or _model_below(rule, ctx, rule.model_floor, "model_floor"):
            continue
        finding = _finding(rule, spans, ctx, org)
        if asks_confirmation(finding.severity) and _model_below(rule, ctx, rule.model_doubt, "model_doubt"):
            finding = replace(finding, severity="info")  # the model doubts it: a quiet tip, not a warning
            doubted.add(rule.id)
        findings.append(finding)
        spoken.add(rule.category)
    findings, set_aside = _beside_warnings(findings, doubted)
    findings.sort(key=lambda f: (-SEVERITY_RANK[f.severity], f.spans[0].start if f.spans else -1, f.rule_id))
    return Verdict(tuple(findings), language, ruleset.version, tuple(skipped), set_aside)


def _beside_warnings(findings: list[Finding], doubted: set[str]) -> tuple[list[Finding], tuple[str, ...]]:
    """Set aside the doubted tips of a category when another category already warns on the post.

    The post asks for confirmation either way; a second category the model finds very unlikely only adds
    noise there (docs/text-model.md, "Model doubt": on 41 labelled sets the rules were not written for,
    such tips were right 25 times in 139). A doubted tip on a post without another warning stays.
    Returns the findings kept and the ids of the rules set aside.
    """
    if not doubted:
        return findings, ()
    warned = {f.category for f in findings if asks_confirmation(f.severity)}
    aside = {f.rule_id for f in findings if f.rule_id in doubted and warned - {f.category}}
    return [f for f in findings if f.rule_id not in aside], tuple(sorted(aside))


def rule_patterns(ruleset: Ruleset) -> list[Any]:
    """Every regex pattern of the ruleset, once."""
    found: dict[int, Any] = {}
    for rule in ruleset.rules:
        for node in regex_nodes(rule.match):
            found.setdefault(id(node.pattern), node.pattern)
    return list(found.values())


def warm_up(ruleset: Ruleset) -> int:
    """Compile the ruleset's regexes ahead of the first post (patterns otherwise compile on first use)."""
    return compile_patterns(rule_patterns(ruleset))
