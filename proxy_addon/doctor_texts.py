"""What `bedenktijd doctor` prints, in Dutch and English: a title per check, its result, and the fix."""

from __future__ import annotations

from collections.abc import Mapping

LANGUAGES = ("nl", "en")

# check id -> {"title" | "ok" | "fail" | "skip" | "fix": {"nl": ..., "en": ...}}; details use str.format.
TEXTS: dict[str, dict[str, dict[str, str]]] = {
    "proxy": {
        "title": {"nl": "Proxy", "en": "Proxy"},
        "ok": {"nl": "luistert op 127.0.0.1:{port}", "en": "listening on 127.0.0.1:{port}"},
        "fail": {"nl": "niets luistert op 127.0.0.1:{port}", "en": "nothing listens on 127.0.0.1:{port}"},
        "fix": {
            "nl": "Start de dienst: systemctl --user start bedenktijd (of: bedenktijd start).",
            "en": "Start the service: systemctl --user start bedenktijd (or: bedenktijd start).",
        },
    },
    "pac": {
        "title": {"nl": "PAC-bestand", "en": "PAC file"},
        "ok": {
            "nl": "{social} gaat via de proxy, {other} gaat direct ({how}, {path})",
            "en": "{social} goes through the proxy, {other} goes direct ({how}, {path})",
        },
        "fail": {"nl": "{problem}", "en": "{problem}"},
        "fix": {
            "nl": "Maak het PAC-bestand opnieuw: bedenktijd deploy install --user (of deploy generate) "
            "met dezelfde proxypoort.",
            "en": "Write the PAC file again: bedenktijd deploy install --user (or deploy generate) "
            "with the same proxy port.",
        },
    },
    "ca_present": {
        "title": {"nl": "CA aanwezig", "en": "CA present"},
        "ok": {"nl": "sleutel en certificaat in {path}", "en": "key and certificate in {path}"},
        "fail": {"nl": "{problem}", "en": "{problem}"},
        "fix": {
            "nl": "Maak de CA van deze laptop: bedenktijd deploy ca (en vertrouw hem opnieuw).",
            "en": "Make this laptop's CA: bedenktijd deploy ca (and trust it again).",
        },
    },
    "ca_constrained": {
        "title": {"nl": "CA beperkt tot sociale netwerken", "en": "CA limited to social networks"},
        "ok": {"nl": "alleen {domains}", "en": "only {domains}"},
        "fail": {"nl": "de CA deugt niet: {problem}", "en": "the CA is not fit: {problem}"},
        "fix": {
            "nl": "Vervang hem: bedenktijd deploy ca --renew, vertrouw de nieuwe en herstart de dienst.",
            "en": "Replace it: bedenktijd deploy ca --renew, trust the new one and restart the service.",
        },
    },
    "ca_trusted": {
        "title": {"nl": "CA vertrouwd door de browser", "en": "CA trusted by the browser"},
        "ok": {"nl": "in NSS-database {path}", "en": "in NSS DB {path}"},
        "fail": {"nl": "{problem}", "en": "{problem}"},
        "skip": {"nl": "{reason}", "en": "{reason}"},
        "fix": {
            "nl": "Vertrouw de CA: bedenktijd deploy install --user (Linux; nodig: apt install libnss3-tools).",
            "en": "Trust the CA: bedenktijd deploy install --user (Linux; needs: apt install libnss3-tools).",
        },
    },
    "companion": {
        "title": {"nl": "Companion", "en": "Companion"},
        "ok": {
            "nl": "bereikbaar op {url} (versie {version})",
            "en": "reachable at {url} (version {version})",
        },
        "fail": {"nl": "{url}: {problem}", "en": "{url}: {problem}"},
        "fix": {
            "nl": "Start de dienst: systemctl --user restart bedenktijd (of: bedenktijd start).",
            "en": "Start the service: systemctl --user restart bedenktijd (or: bedenktijd start).",
        },
    },
    "extension": {
        "title": {"nl": "Browserextensie verbonden", "en": "Browser extension connected"},
        "ok": {"nl": "laatst gezien {ago} geleden", "en": "last seen {ago} ago"},
        "fail": {"nl": "{problem}", "en": "{problem}"},
        "fix": {
            "nl": "Controleer in chrome://policy dat de extensie is geïnstalleerd en dat companionUrl en "
            "token kloppen; open daarna LinkedIn of X.",
            "en": "Check in chrome://policy that the extension is installed and that companionUrl and token "
            "are right; then open LinkedIn or X.",
        },
    },
    "rules": {
        "title": {"nl": "Regelpakket", "en": "Rule pack"},
        "ok": {"nl": "geladen (versie {version}){notes}", "en": "loaded (version {version}){notes}"},
        "fail": {"nl": "{problem}", "en": "{problem}"},
        "fix": {
            "nl": "Herstel het bestand en veld uit de melding; controleer met: bedenktijd rules lint.",
            "en": "Fix the file and field named in the message; check with: bedenktijd rules lint.",
        },
    },
    "collector": {
        "title": {"nl": "Collector", "en": "Collector"},
        "ok": {"nl": "bereikbaar op {url}", "en": "reachable at {url}"},
        "fail": {"nl": "{url}: {problem}", "en": "{url}: {problem}"},
        "skip": {"nl": "niet ingesteld", "en": "not configured"},
        "fix": {
            "nl": "Controleer het adres en het netwerk (proxy, firewall) naar de collector.",
            "en": "Check the address and the network path (proxy, firewall) to the collector.",
        },
    },
}

WORDS: dict[str, dict[str, str]] = {
    "heading": {
        "nl": "Bedenktijd doctor: controle van deze laptop",
        "en": "Bedenktijd doctor: checking this laptop",
    },
    "fix": {"nl": "Oplossing", "en": "Fix"},
    "summary_ok": {"nl": "Alle {total} controles in orde.", "en": "All {total} checks passed."},
    "summary_fail": {
        "nl": "{failed} van {total} controles mislukt.",
        "en": "{failed} of {total} checks failed.",
    },
}


def choose_language(requested: str | None, environ: Mapping[str, str]) -> str:
    """The --lang value, else Dutch when the locale is Dutch, else English."""
    if requested in LANGUAGES:
        return str(requested)
    for name in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = environ.get(name, "")
        if value:
            return "nl" if value.lower().startswith("nl") else "en"
    return "en"


def text(check: str, part: str, language: str, **params: object) -> str:
    """One localised text of a check, filled in."""
    return TEXTS[check][part][language].format(**params)
