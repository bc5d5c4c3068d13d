"""The JSON API for the browser extension, under /api/v1/ (see docs/contracts.md)."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import UTC, datetime
from importlib import metadata
from typing import Any

from flask import Blueprint, Response, jsonify, request

from companion_ui import payloads
from companion_ui.errors import ApiError, error_response
from companion_ui.rulesets import RulesetUnavailable, evaluate_post, rule_texts
from companion_ui.runtime import CheckSummary, Runtime
from companion_ui.security import runtime
from companion_ui.sse import warning_stream
from companion_ui.store import Event, fingerprint
from companion_ui.store import settings as stored
from rules.model import CATEGORIES, KINDS, PLATFORMS, VISIBILITIES, Post

log = logging.getLogger(__name__)

api = Blueprint("api", __name__, url_prefix="/api/v1")

PLATFORM_CHOICES = (*PLATFORMS, "unknown")
# posted_without_warning is what the proxy records; the extension reports what the employee did.
EXTENSION_OUTCOMES = ("edited", "cancelled", "posted_after_warning", "no_findings")


def _body() -> dict[str, Any]:
    return payloads.parse_object(request.get_data(cache=False))


def _ruleset(rt: Runtime) -> Any:
    try:
        return rt.ruleset_provider()
    except RulesetUnavailable as error:
        raise ApiError(503, "ruleset_unavailable", f"The rule pack is not loaded: {error}") from None


@api.errorhandler(ApiError)
def api_error(error: ApiError) -> Response:
    """Every ApiError becomes the JSON error envelope."""
    return error_response(error.status, error.code, error.message)


@api.post("/check")
def check() -> Response:
    """Check a draft against the rule pack; the text lives only in this request's memory."""
    rt = runtime()
    body = _body()
    post = Post(
        text=payloads.text_field(body, "text"),
        platform=payloads.choice_field(body, "platform", PLATFORM_CHOICES),
        kind=payloads.choice_field(body, "kind", KINDS),
        media=payloads.bool_field(body, "media"),
        visibility=payloads.choice_field(body, "visibility", VISIBILITIES, required=False, default="public"),
        # The extension checks at the moment of posting, so "now" is the right time for office hours.
        posted_at=payloads.time_field(body, "posted_at") or datetime.now(UTC),
    )
    ruleset = _ruleset(rt)
    try:
        verdict = evaluate_post(post, ruleset)
    except Exception as error:
        # Only the type: an exception message could quote the text.
        log.error("check failed: %s", type(error).__name__)
        raise ApiError(500, "check_failed", "The check failed; the post may go ahead.") from None
    digest = fingerprint(rt.secret, post.text)
    findings = verdict.findings
    rt.recent_checks.put(
        digest,
        CheckSummary(
            rule_ids=tuple(f.rule_id for f in findings),
            categories=tuple(f.category for f in findings),
            severities=tuple(f.severity for f in findings),
            previews=tuple(f.preview for f in findings),
            ruleset_version=verdict.ruleset_version,
        ),
    )
    return jsonify(
        {
            "ok": True,
            "language": verdict.language,
            "ruleset_version": verdict.ruleset_version,
            "fingerprint": digest,
            "needs_confirmation": verdict.needs_confirmation,
            "findings": [_finding_json(f) for f in findings],
        }
    )


def _texts_json(texts: Any) -> dict[str, str]:
    return {"nl": texts.nl, "en": texts.en}


def _finding_json(finding: Any) -> dict[str, Any]:
    return {
        "rule": finding.rule_id,
        "category": finding.category,
        "severity": finding.severity,
        "status": finding.status,
        "spans": [
            {"start": s.start, "end": s.end, "start_utf16": s.start_utf16, "end_utf16": s.end_utf16}
            for s in finding.spans
        ],
        "preview": finding.preview,
        "message": _texts_json(finding.message),
        "explanation": _texts_json(finding.explanation),
        "suggestion": _texts_json(finding.suggestion),
        "clause": finding.clause,
        "policy_url": finding.policy_url,
    }


@api.post("/acknowledge")
def acknowledge() -> Response:
    """Record what the employee did with a checked draft (by fingerprint; no text)."""
    rt = runtime()
    body = _body()
    digest = payloads.text_field(body, "fingerprint")
    if len(digest) != 64 or any(c not in "0123456789abcdef" for c in digest):
        raise ApiError(
            422, "invalid_field", "Field 'fingerprint' must be the 64-character hex value from /check."
        )
    rule_ids = payloads.string_list_field(body, "rule_ids")
    outcome = payloads.choice_field(body, "outcome", EXTENSION_OUTCOMES)
    platform = payloads.choice_field(body, "platform", PLATFORM_CHOICES)
    kind = payloads.choice_field(body, "kind", KINDS)
    categories, severities, previews, version = _describe(rt, digest, rule_ids)
    event_id = rt.store.record_event(
        Event(
            at=datetime.now(UTC),
            platform=platform,
            kind=kind,
            source="extension",
            outcome=outcome,
            rule_ids=rule_ids,
            categories=categories,
            severities=severities,
            previews=previews,
            fingerprint=digest,
            ruleset_version=version,
        )
    )
    return jsonify({"ok": True, "event_id": event_id})


def _describe(
    rt: Runtime, digest: str, rule_ids: tuple[str, ...]
) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...], str]:
    """Categories, severities and redacted previews for `rule_ids`: from the last check, else the pack."""
    summary = rt.recent_checks.get(digest)
    if summary is not None and summary.rule_ids == rule_ids:
        return summary.categories, summary.severities, summary.previews, summary.ruleset_version
    try:
        ruleset = rt.ruleset_provider()
    except RulesetUnavailable:
        return (), (), (), ""
    texts = [rule_texts(ruleset, rule_id) for rule_id in rule_ids]
    categories = tuple(t.category if t and t.category in CATEGORIES else "" for t in texts)
    severities = tuple(t.severity if t else "" for t in texts)
    return categories, severities, (), str(getattr(ruleset, "version", ""))


@api.post("/feedback")
def feedback() -> Response:
    """Record "this warning is wrong" for a rule."""
    rt = runtime()
    body = _body()
    rule_id = payloads.text_field(body, "rule_id")
    if not rule_id.strip() or len(rule_id) > 200:
        raise ApiError(422, "invalid_field", "Field 'rule_id' must be a rule id.")
    event_id = payloads.int_field(body, "event_id", required=False)
    if event_id is not None and rt.store.get_event(event_id) is None:
        raise ApiError(422, "invalid_field", f"Field 'event_id': there is no event {event_id}.")
    rt.store.record_feedback(rule_id, event_id, source="extension")
    return jsonify({"ok": True})


@api.get("/events")
def events() -> Response:
    """Server-Sent Events: posts the proxy saw go out without a warning."""
    rt = runtime()
    last_id_header = request.headers.get("Last-Event-ID", "")
    start = int(last_id_header) if last_id_header.isdigit() else rt.store.last_event_id()
    stream: Iterator[str] = warning_stream(rt, start)
    response = Response(stream, mimetype="text/event-stream")
    response.headers["X-Accel-Buffering"] = "no"
    return response


@api.get("/health")
def health() -> Response:
    """Is the companion up, which rule pack, when did the proxy last report."""
    rt = runtime()
    try:
        version: str | None = str(rt.ruleset_provider().version)
    except RulesetUnavailable:
        version = None
    seen = rt.store.proxy_seen_at()
    return jsonify(
        {
            "ok": True,
            "version": package_version(),
            "ruleset_version": version,
            "proxy_seen_at": seen.isoformat() if seen else None,
        }
    )


@api.get("/config")
def config() -> Response:
    """What the extension needs: language, networks and timings."""
    rt = runtime()
    chosen = rt.store.get_setting(stored.LANGUAGE)
    language = chosen if chosen in ("nl", "en") else (rt.config.language or "auto")
    return jsonify(
        {
            "ok": True,
            "language": language,
            "networks": list(rt.config.networks),
            "debounce_ms": rt.config.debounce_ms,
            "timeout_ms": rt.config.timeout_ms,
        }
    )


def package_version() -> str:
    """The installed Bedenktijd version."""
    try:
        return metadata.version("bedenktijd")
    except metadata.PackageNotFoundError:
        return "0.0.0+unknown"
