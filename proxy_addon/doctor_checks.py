"""The checks of `bedenktijd doctor`, each a function of a `Setup` returning a `Result`.

The proxy listens; the PAC file sends a social URL to that proxy and another URL direct
(evaluated with Node when installed, else in Python); the CA is present, name-constrained to the
networks' domains and trusted by Chromium (NSS DB, Linux); the companion answers /api/v1/health; the
extension called the companion recently; the rule pack loads; the collector answers (if configured).
"""

from __future__ import annotations

import json
import os
import socket
import sys
import urllib.error
import urllib.request
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from proxy_addon.deploy import ca, nssdb
from proxy_addon.deploy.pac_eval import PacError, evaluate

HTTP_TIMEOUT = 3.0
EXTENSION_SEEN_SECONDS = 900  # the companion's extension_seen_seconds default
OTHER_URL = "https://www.example.org/"
Said = dict[str, str]
CA_PROBLEMS = {
    "unconstrained": (
        "hij is niet beperkt tot de sociale netwerken (hij kan elke website nabootsen)",
        "it is not limited to the social networks (it could impersonate any website)",
    ),
    "uncovered": ("hij dekt {detail} niet", "it does not cover {detail}"),
    "basic_constraints": ("hij is geen CA met padlengte 0", "it is not a CA with path length 0"),
    "expiring": ("hij verloopt op {detail}", "it expires on {detail}"),
}


def both(nl: str, en: str, **params: object) -> Said:
    """A detail in both languages, filled in."""
    return {"nl": nl.format(**params), "en": en.format(**params)}


@dataclass(frozen=True)
class Result:
    """One check's outcome: "ok", "fail" or "skip", and the parameters of its text."""

    check: str
    status: str
    params: Mapping[str, Any]


@dataclass(frozen=True)
class Setup:
    """What the checks look at (from the command line, the environment and the user install)."""

    proxy_port: int
    companion_port: int
    confdir: Path
    pac_file: Path | None
    home: Path
    hosts: tuple[str, ...]
    org: Path | None
    packs: tuple[Path, ...]
    database: Path
    token: str
    collector: str


def check_proxy(setup: Setup) -> Result:
    """The proxy accepts connections on its loopback port."""
    try:
        with socket.create_connection(("127.0.0.1", setup.proxy_port), timeout=HTTP_TIMEOUT):
            return Result("proxy", "ok", {"port": setup.proxy_port})
    except OSError:
        return Result("proxy", "fail", {"port": setup.proxy_port})


def check_pac(setup: Setup) -> Result:
    """The PAC file sends a social URL to our proxy and another URL direct."""
    path = setup.pac_file
    if path is None or not path.is_file():
        return _fail(
            "pac", both("geen PAC-bestand gevonden ({path})", "no PAC file found ({path})", path=path)
        )
    social = f"https://{next((h for h in setup.hosts if not h.startswith('.')), 'x.com')}/"
    try:
        answers, how = evaluate(path.read_text(encoding="utf-8"), [social, OTHER_URL])
    except (PacError, OSError, ValueError) as error:
        return _fail(
            "pac", both("het PAC-bestand werkt niet: {e}", "the PAC file does not work: {e}", e=error)
        )
    expected = f"PROXY 127.0.0.1:{setup.proxy_port}"
    if not answers[0].startswith(expected):
        return _fail(
            "pac",
            both(
                "{url} krijgt '{got}' in plaats van '{want}'",
                "{url} gets '{got}' instead of '{want}'",
                url=social,
                got=answers[0],
                want=expected,
            ),
        )
    if answers[1] != "DIRECT":
        return _fail(
            "pac",
            both(
                "{url} gaat niet direct maar via '{got}'",
                "{url} goes via '{got}', not direct",
                url=OTHER_URL,
                got=answers[1],
            ),
        )
    return Result("pac", "ok", {"social": social, "other": OTHER_URL, "how": how, "path": path})


def check_ca_present(setup: Setup) -> Result:
    """The confdir holds the CA's key and certificate, the key readable only by its owner."""
    key_file = setup.confdir / ca.KEY_AND_CERT
    try:
        raw = key_file.read_bytes()
    except OSError:
        return _fail("ca_present", both("geen CA in {path}", "no CA in {path}", path=setup.confdir))
    if b"PRIVATE KEY" not in raw or ca.read_certificate(setup.confdir) is None:
        return _fail("ca_present", both("{path} is onvolledig", "{path} is incomplete", path=key_file))
    if os.name == "posix" and key_file.stat().st_mode & 0o077:
        mode = oct(key_file.stat().st_mode & 0o777)
        return _fail(
            "ca_present",
            both(
                "{path} is leesbaar voor anderen ({mode}); chmod 600",
                "{path} is readable by others ({mode}); chmod 600",
                path=key_file,
                mode=mode,
            ),
        )
    return Result("ca_present", "ok", {"path": setup.confdir})


def check_ca_constrained(setup: Setup) -> Result:
    """The CA may only issue for the networks' domains and covers every host the proxy decrypts."""
    cert = ca.read_certificate(setup.confdir)
    if cert is None:
        return _fail("ca_constrained", both("er is geen CA", "there is no CA"))
    found = ca.problems(cert, setup.hosts)
    if found:
        said = [both(*CA_PROBLEMS[p.code], detail=p.detail) for p in found]
        return _fail("ca_constrained", {lang: "; ".join(s[lang] for s in said) for lang in ("nl", "en")})
    return Result("ca_constrained", "ok", {"domains": ", ".join(ca.permitted_names(cert))})


def check_ca_trusted(setup: Setup) -> Result:
    """Chromium's NSS DB holds this CA, trusted for TLS servers (Linux)."""
    if not sys.platform.startswith("linux"):
        reason = both("alleen op Linux gecontroleerd", "only checked on Linux")
        return Result("ca_trusted", "skip", {"reason": reason})
    cert = ca.read_certificate(setup.confdir)
    if cert is None:
        return _fail("ca_trusted", both("er is geen CA om te vertrouwen", "there is no CA to trust"))
    if nssdb.certutil_path() is None:
        return _fail("ca_trusted", both("certutil ontbreekt", "certutil is missing"))
    db = nssdb.chromium_db(setup.home)
    if ca.der(cert) not in nssdb.our_certificates(db):
        return _fail("ca_trusted", both("deze CA staat niet in {db}", "this CA is not in {db}", db=db))
    if "C" not in (nssdb.trust_flags(db) or ""):
        return _fail(
            "ca_trusted", both("de CA in {db} is niet vertrouwd", "the CA in {db} is not trusted", db=db)
        )
    return Result("ca_trusted", "ok", {"path": db})


def _get_json(url: str, headers: Mapping[str, str]) -> dict[str, Any]:
    request = urllib.request.Request(url, headers=dict(headers))
    # Loopback and the collector only: never through a proxy from the environment.
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    with opener.open(request, timeout=HTTP_TIMEOUT) as response:
        body: dict[str, Any] = json.loads(response.read(65536))
        return body


def check_companion(setup: Setup) -> Result:
    """The companion answers /api/v1/health.

    Without a token given (--token or $BEDENKTIJD_API_TOKEN) the probe goes without one and a 401
    "missing_token" answer counts as reachable: a call with the token would count as the extension
    calling, and the next run would then report the extension as connected.
    """
    url = f"http://127.0.0.1:{setup.companion_port}/api/v1/health"
    try:
        body = _get_json(url, {"X-Bedenktijd-Token": setup.token} if setup.token else {})
    except urllib.error.HTTPError as error:
        if error.code == 401 and not setup.token and _error_code(error) == "missing_token":
            return Result("companion", "ok", {"url": url, "version": ""})
        if error.code == 401:
            problem = both("antwoordt, maar het token klopt niet", "answers, but the token does not match")
        else:
            problem = both("HTTP-status {c}", "HTTP status {c}", c=error.code)
        return Result("companion", "fail", {"url": url, "problem": problem})
    except (OSError, ValueError) as error:
        problem = both("niet bereikbaar ({e})", "not reachable ({e})", e=getattr(error, "reason", error))
        return Result("companion", "fail", {"url": url, "problem": problem})
    version = both(" (versie {v})", " (version {v})", v=body.get("version", "?"))
    return Result("companion", "ok", {"url": url, "version": version})


def _error_code(error: urllib.error.HTTPError) -> str:
    try:
        return str(json.loads(error.read(65536))["error"]["code"])
    except (OSError, ValueError, KeyError, TypeError):
        return ""


def check_extension(setup: Setup, now: datetime | None = None) -> Result:
    """The extension called the companion within the last 15 minutes (the store's extension_seen_at)."""
    if not setup.database.exists():
        return _fail(
            "extension", both("de companion heeft nog nooit gedraaid", "the companion has never run")
        )
    from companion_ui.store import Store

    store = Store(setup.database)
    try:
        seen = store.extension_seen_at()
    finally:
        store.close()
    if seen is None:
        return _fail("extension", both("nog nooit verbonden", "never connected"))
    age = int(((now or datetime.now(UTC)) - seen).total_seconds())
    if age > EXTENSION_SEEN_SECONDS:
        return _fail(
            "extension", both("laatst gezien {m} minuten geleden", "last seen {m} minutes ago", m=age // 60)
        )
    return Result("extension", "ok", {"ago": f"{max(age, 0)} s"})


def check_rules(setup: Setup) -> Result:
    """The rule pack (with the organisation profile) loads."""
    from rules.errors import RulePackError
    from rules.loader import load_ruleset

    try:
        ruleset = load_ruleset(setup.org, setup.packs)
    except (RulePackError, OSError, ValueError) as error:
        return _fail("rules", both("laadt niet: {e}", "does not load: {e}", e=error))
    ignored = ruleset.org.ignored_fields
    notes = (
        both(
            "; genegeerd in het organisatieprofiel (onbekend): {keys}",
            "; ignored in the organisation profile (unknown): {keys}",
            keys=", ".join(ignored),
        )
        if ignored
        else ""
    )
    return Result("rules", "ok", {"version": ruleset.version, "notes": notes})


def check_collector(setup: Setup) -> Result:
    """The collector answers /api/v1/health (skipped when none is configured)."""
    if not setup.collector:
        return Result("collector", "skip", {})
    url = setup.collector.rstrip("/") + "/api/v1/health"
    try:
        _get_json(url, {})
    except (OSError, ValueError) as error:
        problem = both("niet bereikbaar ({e})", "not reachable ({e})", e=getattr(error, "reason", error))
        return Result("collector", "fail", {"url": url, "problem": problem})
    return Result("collector", "ok", {"url": url})


def _fail(check: str, problem: Said) -> Result:
    return Result(check, "fail", {"problem": problem})


CHECKS: tuple[Callable[[Setup], Result], ...] = (
    check_proxy,
    check_pac,
    check_ca_present,
    check_ca_constrained,
    check_ca_trusted,
    check_extension,  # before check_companion, whose own API call would count as the extension's
    check_companion,
    check_rules,
    check_collector,
)
