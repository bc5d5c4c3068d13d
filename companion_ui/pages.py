"""The employee's pages: status, recent warnings, one warning, transparency, settings."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from flask import (
    Blueprint,
    Response,
    abort,
    flash,
    g,
    get_flashed_messages,
    redirect,
    render_template,
    request,
)
from werkzeug.wrappers import Response as BaseResponse

from companion_ui.i18n import LANGUAGES, choose_language, format_time, translate
from companion_ui.rulesets import RulesetUnavailable, RuleTexts, rule_texts
from companion_ui.security import CSRF_FIELD, csrf_token, runtime
from companion_ui.store import Event, pairing_code
from companion_ui.store import settings as stored

pages = Blueprint("pages", __name__)

NAV = (
    ("pages.status", "nav.status"),
    ("pages.warnings", "nav.warnings"),
    ("pages.transparency", "nav.transparency"),
    ("report_page.report", "nav.report"),
    ("pages.settings", "nav.settings"),
)
MAX_RETENTION_DAYS = 365


def lang() -> str:
    """The page language: stored choice, else configured default, else the browser's; cached per request."""
    chosen = getattr(g, "lang", None)
    if chosen is None:
        rt = runtime()
        chosen = choose_language(
            request.headers.get("Accept-Language"), rt.store.get_setting(stored.LANGUAGE), rt.config.language
        )
        g.lang = chosen
    return str(chosen)


def t(key: str, **params: object) -> str:
    """Translate `key` into the page language."""
    return translate(lang(), key, **params)


@pages.app_context_processor
def template_helpers() -> dict[str, Any]:
    """Helpers every template can use."""
    return {
        "t": t,
        "lang": lang(),
        "languages": LANGUAGES,
        "csrf_field": CSRF_FIELD,
        "csrf_token": csrf_token,
        "when": lambda moment: format_time(moment, lang()),
        "nav": NAV,
        "messages": [t(str(key)) for key in get_flashed_messages()],
    }


def render_error(status: int, key: str) -> Response:
    """An error page in the employee's language."""
    response = Response(render_template("error.html", message=t(key)), status=status)
    return response


@pages.app_errorhandler(404)
def not_found(error: Exception) -> Response:
    """404 as a page (or the JSON envelope under /api/)."""
    if request.path.startswith("/api/"):
        from companion_ui.errors import error_response

        return error_response(404, "not_found", f"There is no API endpoint {request.path}.")
    return render_error(404, "error.not_found")


def _seen_state(moment: datetime | None, window_seconds: int, prefix: str) -> tuple[bool, str]:
    if moment is None:
        return False, t(f"{prefix}_never")
    fresh = datetime.now(UTC) - moment <= timedelta(seconds=window_seconds)
    return fresh, t(f"{prefix}_{'ok' if fresh else 'stale'}", when=format_time(moment, lang()))


@pages.get("/")
def status() -> str:
    """Is everything running: proxy, extension, rule pack."""
    rt = runtime()
    proxy_ok, proxy_text = _seen_state(rt.store.proxy_seen_at(), rt.config.proxy_seen_seconds, "status.proxy")
    ext_ok, ext_text = _seen_state(
        rt.store.extension_seen_at(), rt.config.extension_seen_seconds, "status.extension"
    )
    try:
        version = str(rt.ruleset_provider().version)
        rules_ok, rules_text = True, t("status.rules_version", version=version)
    except RulesetUnavailable as error:
        rules_ok, rules_text = False, t("status.rules_unavailable", error=str(error))
    rows = [
        (t("status.proxy"), proxy_ok, proxy_text),
        (t("status.extension"), ext_ok, ext_text),
        (t("status.rules"), rules_ok, rules_text),
    ]
    recent = rt.store.recent_events(limit=200)
    return render_template("status.html", rows=rows, warning_count=len(recent), days=rt.retention_days())


@pages.get("/warnings")
def warnings() -> str:
    """My recent warnings: time, network, categories, masked excerpts, what happened."""
    rt = runtime()
    rt.purge_if_due()
    return render_template(
        "warnings.html", events=rt.store.recent_events(limit=100), days=rt.retention_days()
    )


@dataclass(frozen=True)
class FindingView:
    """One rule of an event as the warning page shows it."""

    rule_id: str
    category: str
    severity: str
    preview: str
    texts: RuleTexts | None
    reported: bool


def _finding_views(event: Event, ruleset: Any, reported: set[str]) -> list[FindingView]:
    views = []
    for index, rule_id in enumerate(event.rule_ids):
        texts = rule_texts(ruleset, rule_id) if ruleset is not None else None
        category = event.categories[index] if index < len(event.categories) else ""
        severity = event.severities[index] if index < len(event.severities) else ""
        preview = event.previews[index] if index < len(event.previews) else ""
        views.append(
            FindingView(
                rule_id,
                category or (texts.category if texts else ""),
                severity or (texts.severity if texts else ""),
                preview,
                texts,
                rule_id in reported,
            )
        )
    return views


@pages.get("/warnings/<int:event_id>")
def warning(event_id: int) -> str | BaseResponse:
    """One warning: what stood out, why (protocol clause), what to do, and the employee's answer."""
    rt = runtime()
    event = rt.store.get_event(event_id)
    if event is None:
        return render_error(404, "warning.not_found")
    try:
        ruleset = rt.ruleset_provider()
    except RulesetUnavailable:
        ruleset = None
    findings = _finding_views(event, ruleset, rt.store.reported_rules(event_id))
    return render_template(
        "warning.html",
        event=event,
        findings=findings,
        rules_missing=ruleset is None,
        days=rt.retention_days(),
    )


@pages.post("/warnings/<int:event_id>/response")
def warning_response(event_id: int) -> BaseResponse:
    """ "I edited it" / "I understand, keep it posted"."""
    rt = runtime()
    answer = request.form.get("response", "")
    if answer not in ("edited", "kept"):
        abort(400)
    if not rt.store.set_response(event_id, answer):
        return render_error(404, "warning.not_found")
    flash("warning.response_saved")
    return redirect(f"/warnings/{event_id}", code=303)


@pages.post("/warnings/<int:event_id>/feedback")
def warning_feedback(event_id: int) -> BaseResponse:
    """ "This warning is wrong" for one rule of the event."""
    rt = runtime()
    event = rt.store.get_event(event_id)
    rule_id = request.form.get("rule_id", "")
    if event is None:
        return render_error(404, "warning.not_found")
    if rule_id not in event.rule_ids:
        abort(400)
    if rule_id not in rt.store.reported_rules(event_id):
        rt.store.record_feedback(rule_id, event_id, source="companion", ruleset_version=event.ruleset_version)
    flash("warning.reported")
    return redirect(f"/warnings/{event_id}", code=303)


@pages.get("/transparency")
def transparency() -> str:
    """Which hosts are inspected, what is stored, what leaves the laptop, the employee's rights."""
    rt = runtime()
    return render_template(
        "transparency.html",
        hosts=rt.config.inspected_hosts,
        days=rt.retention_days(),
        k=rt.config.k_anonymity,
        path=str(rt.store.path),
    )


@pages.get("/settings")
def settings() -> str:
    """Language, retention, and the key and pairing code for the extension."""
    rt = runtime()
    return render_template(
        "settings.html",
        chosen=rt.store.get_setting(stored.LANGUAGE) or "auto",
        days=rt.retention_days(),
        max_days=MAX_RETENTION_DAYS,
        token=rt.token,
        code=pairing_code(rt.token),
        managed=rt.managed_token,
        address=rt.base_url,
    )


@pages.post("/settings")
def save_settings() -> BaseResponse:
    """Store language and retention; purge at once when retention got shorter."""
    rt = runtime()
    choice = request.form.get("language", "auto")
    if choice in LANGUAGES:
        rt.store.set_setting(stored.LANGUAGE, choice)
    elif choice == "auto":
        rt.store.delete_setting(stored.LANGUAGE)
    raw = request.form.get("retention_days", "").strip()
    if not raw.isdigit() or not 1 <= int(raw) <= MAX_RETENTION_DAYS:
        flash("settings.invalid_retention")
        return redirect("/settings", code=303)
    rt.store.set_setting(stored.RETENTION_DAYS, str(int(raw)))
    rt.purge_if_due(force=True)
    flash("settings.saved")
    return redirect("/settings", code=303)


@pages.post("/settings/erase")
def erase() -> BaseResponse:
    """Erase the local history, if the employee ticked the confirmation box."""
    rt = runtime()
    if request.form.get("confirm") != "yes":
        flash("settings.erase_unconfirmed")
        return redirect("/settings", code=303)
    rt.store.delete_all_events()
    flash("settings.erased")
    return redirect("/settings", code=303)


@pages.post("/language")
def switch_language() -> BaseResponse:
    """The language control in the header: store the choice and go back to the same page."""
    rt = runtime()
    choice = request.form.get("language", "")
    if choice in LANGUAGES:
        rt.store.set_setting(stored.LANGUAGE, choice)
    target = request.form.get("next", "/")
    # Only local paths: no open redirect to another site.
    if not target.startswith("/") or target.startswith("//") or "\\" in target:
        target = "/"
    return redirect(target, code=303)
