"""The employee's "/report" page: the weekly statistics exactly as they will leave the laptop.

Register in the companion's create_app: `from companion_ui.report_page import report_page;
app.register_blueprint(report_page)` (it uses the companion's base template, language and store).
"""

from __future__ import annotations

from flask import Blueprint, render_template_string

from companion_ui.pages import lang
from companion_ui.security import runtime
from companion_ui.stats.preview import pending_reports, render_json, sent_reports

report_page = Blueprint("report_page", __name__)

TEXTS: dict[str, dict[str, str]] = {
    "nl": {
        "title": "Weekrapport",
        "intro": "Eén keer per afgelopen week stuurt Bedenktijd alleen tellingen naar de statistiekserver "
        "van uw organisatie: per categorie, regel, netwerk, ernst, uitkomst en bron, en hoe vaak u een "
        "regel onterecht vond. Geen tekst, geen fragmenten, geen naam of apparaat, geen tijdstippen; "
        "het nummer is willekeurig en dient alleen om dubbel tellen te voorkomen.",
        "pending": "Nog te versturen",
        "none": "Er staat niets klaar om te versturen.",
        "exact": "Dit is precies wat verstuurd wordt:",
        "week": "Week {week}",
        "sent": "Al verstuurd: {n} weekrapport(en).",
        "k": "De organisatie ziet een getal pas als minstens 5 laptops eraan bijdroegen.",
    },
    "en": {
        "title": "Weekly report",
        "intro": "Once per completed week, Bedenktijd sends counts only to your organisation's statistics "
        "server: per category, rule, network, severity, outcome and source, and how often you reported a "
        "rule as wrong. No text, no excerpts, no name or device, no times; the number is random and only "
        "prevents counting a report twice.",
        "pending": "Waiting to be sent",
        "none": "Nothing is waiting to be sent.",
        "exact": "This is exactly what will be sent:",
        "week": "Week {week}",
        "sent": "Already sent: {n} weekly report(s).",
        "k": "Your organisation sees a number only when at least 5 laptops contributed to it.",
    },
}

TEMPLATE = """{% extends "base.html" %}
{% block title %}{{ s.title }}{% endblock %}
{% block content %}
<h1>{{ s.title }}</h1>
<p>{{ s.intro }}</p>
<p>{{ s.k }}</p>
<h2>{{ s.pending }}</h2>
{% if not reports %}<p>{{ s.none }}</p>{% endif %}
{% for report in reports %}
<section class="report">
  <h3>{{ s.week.format(week=report.week) }}</h3>
  <p>{{ s.exact }}</p>
  <pre><code>{{ render(report) }}</code></pre>
</section>
{% endfor %}
<p>{{ s.sent.format(n=sent) }}</p>
{% endblock %}
"""


@report_page.get("/report")
def report() -> str:
    """The pending weekly reports, rendered from the very JSON that will be uploaded."""
    store = runtime().store
    strings = TEXTS.get(lang(), TEXTS["en"])
    return render_template_string(
        TEMPLATE, s=strings, reports=pending_reports(store), sent=len(sent_reports(store)), render=render_json
    )
