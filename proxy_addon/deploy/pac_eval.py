"""Evaluating a PAC file for given URLs: with Node (any PAC), or in Python (only our own PAC format).

Node runs the script in a fresh `vm` context with the standard PAC helper functions defined the way
browsers define them (`dnsDomainIs` is a string-suffix test, `shExpMatch` a shell glob whose `*`
crosses dots). No DNS: `isResolvable` is false, `dnsResolve` null, `myIpAddress` 127.0.0.1.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from collections.abc import Sequence
from urllib.parse import urlsplit

NODE_TIMEOUT_SECONDS = 20

NODE_HARNESS = r"""
const vm = require("vm");
const input = JSON.parse(require("fs").readFileSync(0, "utf8"));
const sandbox = {
  dnsDomainIs: (host, domain) => String(host).length >= String(domain).length &&
    String(host).slice(String(host).length - String(domain).length) === String(domain),
  shExpMatch: (text, pattern) => new RegExp("^" + String(pattern)
    .replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".") + "$").test(String(text)),
  isPlainHostName: (host) => String(host).indexOf(".") === -1,
  localHostOrDomainIs: (host, hostdom) => host === hostdom ||
    (String(host).indexOf(".") === -1 && String(hostdom).startsWith(host + ".")),
  dnsDomainLevels: (host) => String(host).split(".").length - 1,
  isResolvable: () => false,
  dnsResolve: () => null,
  isInNet: () => false,
  myIpAddress: () => "127.0.0.1",
  convert_addr: () => 0,
  weekdayRange: () => true,
  dateRange: () => true,
  timeRange: () => true,
};
vm.createContext(sandbox);
vm.runInContext(input.pac, sandbox, { filename: "proxy.pac", timeout: 5000 });
const results = input.urls.map((u) => {
  const host = new URL(u).hostname.replace(/^\[(.*)\]$/, "$1");
  return String(sandbox.FindProxyForURL(u, host));
});
process.stdout.write(JSON.stringify(results));
"""

_ARRAY = r"var {name} = (\[[^\]]*\]);"
_STRING = r'var BEDENKTIJD_PROXY = ("[^"\n]*");'


class PacError(ValueError):
    """The PAC file could not be evaluated; the message says why."""


def node_path() -> str | None:
    """The `node` executable, if installed."""
    return shutil.which("node")


def evaluate_with_node(pac: str, urls: Sequence[str], node: str | None = None) -> list[str]:
    """FindProxyForURL's answer for each URL, computed by Node; PacError when the script fails."""
    program = node or node_path()
    if program is None:
        raise PacError("node is not installed")
    try:
        done = subprocess.run(
            [program, "-e", NODE_HARNESS],
            input=json.dumps({"pac": pac, "urls": list(urls)}),
            capture_output=True,
            text=True,
            timeout=NODE_TIMEOUT_SECONDS,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        raise PacError(f"node could not run the PAC file: {error}") from None
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["no output"])[-1]
        raise PacError(f"the PAC file failed in node: {last}")
    answers = json.loads(done.stdout)
    return [str(a) for a in answers]


def evaluate_in_python(pac: str, url: str) -> str:
    """FindProxyForURL's answer for our own generated PAC format; PacError for any other script."""
    try:
        exact = json.loads(_find(_ARRAY.format(name="BEDENKTIJD_EXACT"), pac))
        suffixes = json.loads(_find(_ARRAY.format(name="BEDENKTIJD_SUFFIXES"), pac))
        directive = json.loads(_find(_STRING, pac))
    except json.JSONDecodeError as error:
        raise PacError(f"the PAC file's host lists are not readable: {error}") from None
    host = (urlsplit(url).hostname or "").lower()
    if len(host) > 1 and host.endswith("."):
        host = host[:-1]
    if host in exact or any(host.endswith(suffix) for suffix in suffixes):
        return str(directive)
    return "DIRECT"


def _find(pattern: str, pac: str) -> str:
    match = re.search(pattern, pac)
    if match is None:
        raise PacError("not a PAC file written by `bedenktijd deploy` (its host lists are missing)")
    return match.group(1)


def evaluate(pac: str, urls: Sequence[str]) -> tuple[list[str], str]:
    """Answers for each URL and which evaluator gave them ("node" or "python")."""
    if node_path() is not None:
        return evaluate_with_node(pac, urls), "node"
    return [evaluate_in_python(pac, url) for url in urls], "python"
