"""Shared helpers for the addon tests: request bodies, flows, a small extra rule pack."""

from __future__ import annotations

import json
from pathlib import Path

from mitmproxy import http
from mitmproxy.test import tflow, tutils

X_CREATE_TWEET = "/i/api/graphql/Zq8pW2xYtT0aaaaaaaaaaa/CreateTweet"
LI_SHARES = "/voyager/api/graphql?action=execute&queryId=voyagerContentcreationDashShares.0123456789abcdef0123456789abcdef"
# A made-up word that no rule matches, so it can only reach disk or logs if post text leaks.
MARKER = "zorbulaxtrim"
RISKY_TEXT = f"Het vertrouwelijk rapport over {MARKER} ligt klaar, bel me op 0612345678"
HARMLESS_TEXT = f"Mooie dag voor een wandeling langs de {MARKER} vandaag"

PACK_YML = 'id: testpack\nversion: 0.0.1\ndescription: {nl: "Testpakket.", en: "Test pack."}\n'
RULE_YML = """rules:
  - id: test-codename
    category: confidential
    severity: warning
    status: stable
    languages: [nl, en]
    match:
      keywords:
        any: [kwartelkoning]
    message: {nl: "Codenaam.", en: "Code name."}
    explanation: {nl: "Uitleg.", en: "Explanation."}
    suggestion: {nl: "Laat weg.", en: "Leave it out."}
    clause: "1.1"
    examples:
      match: ["Het kwartelkoning project", "kwartelkoning gaat live", "over kwartelkoning"]
      no_match: ["Het project", "gaat live", "niets"]
"""


def tweet_body(text: str) -> bytes:
    """A CreateTweet GraphQL body as X's web client sends it."""
    variables = {"tweet_text": text, "dark_request": False, "media": {"media_entities": []}}
    return json.dumps({"variables": variables, "queryId": "Zq8pW2xYtT0aaaaaaaaaaa"}).encode()


def share_body(text: str) -> bytes:
    """A LinkedIn share (Voyager GraphQL) body."""
    post = {
        "allowedCommentersScope": "ALL",
        "intendedShareLifeCycleState": "PUBLISHED",
        "origin": "FEED",
        "visibilityDataUnion": {"visibilityType": "ANYONE"},
        "commentary": {"text": text, "attributesV2": []},
    }
    return json.dumps({"variables": {"post": post}, "queryId": LI_SHARES.rsplit("=", 1)[1]}).encode()


def post_flow(
    body: bytes,
    host: str = "x.com",
    path: str = X_CREATE_TWEET,
    method: str = "POST",
    headers: tuple[tuple[bytes, bytes], ...] = ((b"content-type", b"application/json"),),
) -> http.HTTPFlow:
    """A live HTTPS flow carrying `body`, as mitmproxy hands it to the `request` hook."""
    all_headers = http.Headers(
        ((b"host", host.encode()), *headers, (b"content-length", str(len(body)).encode()))
    )
    req = tutils.treq(
        method=method.encode(),
        scheme=b"https",
        host=host,
        port=443,
        path=path.encode(),
        headers=all_headers,
        content=body,
    )
    return tflow.tflow(req=req)


def write_pack(folder: Path, rules: str = RULE_YML) -> Path:
    """A small extra rule pack with one rule (code name "kwartelkoning")."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "pack.yml").write_text(PACK_YML, encoding="utf-8")
    (folder / "codename.yml").write_text(rules, encoding="utf-8")
    return folder
