"""The compliance dashboard: trend, networks, outcomes, wrong warnings, experimental rules, privacy."""

from __future__ import annotations

import csv
import io
import json
from collections import defaultdict
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
    url_for,
)
from werkzeug.wrappers import Response as BaseResponse

from companion_ui.collector import catalogue, charts, texts, users
from companion_ui.collector.auth import CSRF_FIELD, csrf_token, lang, require, t
from companion_ui.collector.state import state
from companion_ui.stats import noise, queries
from companion_ui.stats.queries import Period
from companion_ui.stats.weeks import parse_week

dashboard = Blueprint("dashboard", __name__)
NAV = (
    ("dashboard.trend", "nav.trend"),
    ("dashboard.networks", "nav.networks"),
    ("dashboard.outcomes", "nav.outcomes"),
    ("dashboard.feedback", "nav.feedback"),
    ("dashboard.experimental", "nav.experimental"),
    ("dashboard.privacy", "nav.privacy"),
)
TWITTER_SHARE = 0.34  # Twitter 2020 prompt test: 34% revised or did not send (research notes, section 5)


@dashboard.app_context_processor
def helpers() -> dict[str, Any]:
    """What every template can use."""
    policy = state().config.policy
    return {
        "t": t,
        "lang": lang(),
        "languages": texts.LANGUAGES,
        "label": lambda facet, value: texts.label(lang(), facet, value),
        "csrf_field": CSRF_FIELD,
        "csrf_token": csrf_token,
        "nav": NAV,
        "user": g.get("user"),
        "role": g.get("role"),
        "policy": policy,
        "messages": get_flashed_messages(),
    }


@dashboard.before_request
def publish_due_weeks() -> None:
    """Freeze every week that has closed since the last request (cheap when there is none)."""
    st = state()
    queries.publish_closed_weeks(st.db, st.config.policy, st.config.clock())


def _period() -> Period | None:
    db = state().db
    default = queries.default_period(db)
    first = request.args.get("from") or (default.first if default else None)
    last = request.args.get("to") or (default.last if default else None)
    if first is None or last is None:
        return None
    try:
        parse_week(first)
        parse_week(last)
    except ValueError as problem:
        abort(Response(t("error.bad_period", detail=str(problem)), status=400, mimetype="text/plain"))
    return Period(first, last) if first <= last else Period(last, first)


def _page(template: str, period: Period | None, **context: Any) -> str:
    return render_template(f"collector/{template}", period=period, **context)


@dashboard.get("/")
@require("viewer")
def trend() -> str:
    """Weekly warnings per category, with the week total."""
    period = _period()
    if period is None:
        return _page("trend.html", None)
    db = state().db
    categories = queries.series(db, "findings", "category", period)
    total = queries.series(db, "findings", "total", period).values.get("*", {})
    ordered = sorted(categories.values, key=lambda c: -sum(categories.values[c].values()))
    lines = [(t("trend.total"), total)] + [
        (texts.label(lang(), "category", c), categories.values[c]) for c in ordered
    ]
    chart = charts.line_chart(t("trend.title"), categories.weeks, lines)
    rows = [(t("trend.total"), total)] + [
        (texts.label(lang(), "category", c), categories.values[c]) for c in ordered
    ]
    return _page("trend.html", period, chart=chart, weeks=categories.weeks, rows=rows)


@dashboard.get("/networks")
@require("viewer")
def networks() -> str:
    """Warnings and checked posts per network over the period."""
    period = _period()
    if period is None:
        return _page("networks.html", None)
    db = state().db
    findings = queries.totals(db, "findings", "platform", period)
    checks = queries.totals(db, "checks", "platform", period)
    chart = charts.bar_chart(t("networks.findings"), [(name, float(v[0])) for name, v in findings.items()])
    chart_checks = charts.bar_chart(t("networks.checks"), [(name, float(v[0])) for name, v in checks.items()])
    return _page(
        "networks.html", period, chart=chart, chart_checks=chart_checks, findings=findings, checks=checks
    )


@dashboard.get("/outcomes")
@require("viewer")
def outcomes() -> str:
    """What happened after a warning, and the share that changed the post against X's one third."""
    period = _period()
    if period is None:
        return _page("outcomes.html", None)
    db = state().db
    share = queries.change_share(db, period)
    series = queries.series(db, "checks", "outcome", period)
    items = [(t("outcome." + o), float(sum(series.values.get(o, {}).values()))) for o in queries.WARNED]
    comparison = []
    if share.ratio is not None:
        comparison = [
            ("Bedenktijd", round(share.ratio * 100, 1)),
            ("X / Twitter (2020)", TWITTER_SHARE * 100),
        ]
    return _page(
        "outcomes.html",
        period,
        share=share,
        series=series,
        outcomes=(*queries.WARNED, "posted_without_warning"),
        chart=charts.bar_chart(t("nav.outcomes"), items),
        comparison=charts.bar_chart(t("outcomes.title"), comparison, unit="%") if comparison else None,
    )


def _rule_hits(period: Period) -> dict[str, int]:
    hits: dict[str, int] = defaultdict(int)
    for value, (count, _) in queries.totals(state().db, "findings", "rule", period).items():
        hits[value.split("/", 1)[-1]] += count
    return dict(hits)


@dashboard.get("/feedback")
@require("viewer")
def feedback() -> str:
    """How often each rule was reported as wrong, and per 100 of its warnings."""
    period = _period()
    if period is None:
        return _page("feedback.html", None)
    reports = queries.totals(state().db, "feedback", "rule", period)
    hits = _rule_hits(period)
    rows = [
        (rule, count, weeks, hits.get(rule), round(100 * count / hits[rule], 1) if hits.get(rule) else None)
        for rule, (count, weeks) in reports.items()
    ]
    chart = charts.bar_chart(t("feedback.title"), [(rule, float(count)) for rule, count, *_ in rows])
    return _page("feedback.html", period, rows=rows, chart=chart)


@dashboard.get("/experimental")
@require("viewer")
def experimental() -> str:
    """Hits of experimental rules per 1,000 checked posts, over the weeks each one is shown."""
    period = _period()
    if period is None:
        return _page("experimental.html", None)
    db = state().db
    rules = catalogue.experimental(db)
    rule_series = queries.series(db, "findings", "rule", period)
    checked = queries.series(db, "checks", "total", period).values.get("*", {})
    rows = []
    for category, rule in rules:
        weekly = rule_series.values.get(f"{category}/{rule}", {})
        weeks = [w for w in weekly if w in checked]
        hits, posts = sum(weekly[w] for w in weeks), sum(checked[w] for w in weeks)
        rows.append((rule, category, hits, len(weeks), round(1000 * hits / posts, 2) if posts else None))
    chart = charts.bar_chart(t("experimental.title"), [(r[0], float(r[4])) for r in rows if r[4] is not None])
    return _page("experimental.html", period, rows=rows, chart=chart)


@dashboard.get("/privacy")
@require("viewer")
def privacy() -> str:
    """For the works council: what is collected, k, epsilon, retention, and what was published."""
    policy = state().config.policy
    scale = (
        {
            table: noise.noise_scale(policy.epsilon, len(levels))
            for table, levels in queries.cube.FACETS.items()
        }
        if policy.epsilon
        else {}
    )
    return _page("privacy.html", None, weeks=queries.week_summaries(state().db), scale=scale)


def _export_meta(period: Period | None) -> dict[str, object]:
    policy = state().config.policy
    return {
        "k": policy.k,
        "epsilon_per_week": policy.epsilon,
        "from": period.first if period else None,
        "to": period.last if period else None,
    }


@dashboard.get("/export.csv")
@require("viewer")
def export_csv() -> Response:
    """Every published cell of the period as CSV."""
    period = _period()
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(queries.EXPORT_COLUMNS)
    writer.writerows(queries.export_tuples(state().db, period) if period else [])
    return Response(
        out.getvalue(),
        mimetype="text/csv",
        headers={"Content-Disposition": 'attachment; filename="bedenktijd-statistics.csv"'},
    )


@dashboard.get("/export.json")
@require("viewer")
def export_json() -> Response:
    """Every published cell of the period as JSON, with k and epsilon."""
    period = _period()
    rows = queries.export_rows(state().db, period) if period else []
    body = json.dumps({**_export_meta(period), "cells": rows}, ensure_ascii=False, separators=(",", ":"))
    return Response(body, mimetype="application/json")


@dashboard.get("/admin")
@require("admin")
def admin() -> str:
    """Users and the rule catalogue."""
    db = state().db
    return _page("admin.html", None, users=users.list_users(db), experimental=catalogue.experimental(db))


@dashboard.post("/admin/users")
@require("admin")
def add_user() -> BaseResponse:
    """Create or replace a dashboard user."""
    try:
        users.add_user(
            state().db,
            request.form.get("name", ""),
            request.form.get("password", ""),
            request.form.get("role", ""),
        )
        flash(t("admin.added"))
    except ValueError as problem:
        flash(t("admin.invalid", detail=str(problem)))
    return redirect(url_for("dashboard.admin"))


@dashboard.post("/admin/catalogue")
@require("admin")
def upload_catalogue() -> BaseResponse:
    """Replace the rule catalogue with an uploaded JSON file."""
    upload = request.files.get("catalogue")
    try:
        data = json.loads(upload.read().decode("utf-8")) if upload else None
        count = catalogue.replace(state().db, catalogue.parse(data))
        flash(t("admin.catalogue_loaded", n=count))
    except (ValueError, UnicodeDecodeError) as problem:
        flash(t("admin.invalid", detail=str(problem)[:200]))
    return redirect(url_for("dashboard.admin"))
