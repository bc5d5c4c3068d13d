"""Headless Chromium with the unpacked extension, through the proxy, trusting mitmproxy's per-run CA.

The CA goes into an NSS DB in a temporary HOME (what Chromium on Linux trusts), so the proxy path is
verified like on a laptop: no `--ignore-certificate-errors`.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

CHROMIUM = "/usr/bin/chromium"
ROOT = Path(__file__).resolve().parents[2]
EXTENSION = ROOT / "extension"

# Runs in each page's main world before the page's own scripts (the content script lives in an isolated
# world and cannot see it). It records what the page hands to fetch(), the time of each edit, and every
# change of the overlay, so timings are taken inside the page rather than across the DevTools protocol.
PAGE_PROBE = r"""
(() => {
  const probe = { sent: [], lastInputAt: null, overlay: [] };
  Object.defineProperty(window, "__bedenktijdProbe", { value: probe });
  const originalFetch = window.fetch;
  window.fetch = function (input, init) {
    const body = init && typeof init.body === "string" ? init.body : null;
    probe.sent.push({ url: String((input && input.url) || input), body, at: performance.now() });
    return originalFetch.apply(this, arguments);
  };
  document.addEventListener("input", () => { probe.lastInputAt = performance.now(); }, true);
  function snapshot(root) {
    const findings = Array.from(root.querySelectorAll(".finding[data-category]")).map(
      (f) => `${f.getAttribute("data-category")}:${f.getAttribute("data-severity")}`);
    const statuses = Array.from(root.querySelectorAll("[data-status]")).map((b) => b.getAttribute("data-status"));
    probe.overlay.push({
      at: performance.now(),
      marks: root.querySelectorAll(".mark").length,
      findings,
      statuses,
      dialog: Boolean(root.querySelector('[data-testid="bedenktijd-confirm"]')),
    });
  }
  let watched = null;
  function watchHost() {
    const host = document.getElementById("bedenktijd-overlay-host");
    if (!host || !host.shadowRoot || watched === host.shadowRoot) return;
    watched = host.shadowRoot;
    const root = watched;
    new MutationObserver(() => snapshot(root)).observe(root, { childList: true, subtree: true, attributes: true });
    snapshot(root);
  }
  new MutationObserver(watchHost).observe(document, { childList: true, subtree: true });
})();
"""


def build_extension(out_dir: Path) -> Path:
    """Build the extension with its own build script into `out_dir`; returns the Chromium folder."""
    node = shutil.which("node")
    if node is None:
        raise RuntimeError("node is needed to build the extension (extension/build.mjs)")
    done = subprocess.run(
        [node, str(EXTENSION / "build.mjs"), str(out_dir)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"node build.mjs failed: {done.stderr.strip() or done.stdout.strip()}")
    return out_dir / "chromium"


def trust_in_nssdb(home: Path, ca_pem: Path) -> Path:
    """Create Chromium's NSS DB under `home` and trust `ca_pem` there for TLS servers; returns the DB."""
    certutil = shutil.which("certutil")
    if certutil is None:
        raise RuntimeError("certutil is missing (Debian: apt install libnss3-tools)")
    db = home / ".local" / "share" / "pki" / "nssdb"  # Chromium's default since M146
    db.mkdir(parents=True, exist_ok=True)
    for args in (
        ["-N", "--empty-password", "-d", f"sql:{db}"],
        ["-A", "-n", "mitmproxy e2e", "-t", "C,,", "-i", str(ca_pem), "-d", f"sql:{db}"],
    ):
        done = subprocess.run([certutil, *args], capture_output=True, text=True, timeout=60, check=False)
        if done.returncode != 0:
            raise RuntimeError(f"certutil {args[0]} failed: {done.stderr.strip()}")
    return db


def browser_env(home: Path) -> dict[str, str]:
    """The environment for Chromium: a throwaway HOME (its NSS DB), no XDG folders of the real user."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("XDG_")}
    env.update({"HOME": str(home), "LANG": "en_US.UTF-8"})
    return env


def chromium_args(extension_dir: Path, proxy_port: int) -> list[str]:
    """Flags for headless Chromium with the extension, everything sent through the proxy."""
    return [
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--lang=en-US",
        f"--proxy-server=http://127.0.0.1:{proxy_port}",
        f"--disable-extensions-except={extension_dir}",
        f"--load-extension={extension_dir}",
    ]


def launch(playwright: Any, profile: Path, home: Path, extension_dir: Path, proxy_port: int) -> Any:
    """A persistent Chromium context (extensions need one) with the page probe installed."""
    context = playwright.chromium.launch_persistent_context(
        str(profile),
        executable_path=CHROMIUM,
        headless=False,  # the real --headless=new is in the args; Playwright's own would add old flags
        env=browser_env(home),
        args=chromium_args(extension_dir, proxy_port),
        viewport={"width": 1280, "height": 800},
        locale="en-US",
    )
    context.add_init_script(PAGE_PROBE)
    return context


def service_worker(context: Any, timeout_ms: float = 60_000) -> Any:
    """The extension's service worker (waits for it to register)."""
    for worker in context.service_workers:
        if worker.url.startswith("chrome-extension://"):
            return worker
    return context.wait_for_event(
        "serviceworker", predicate=lambda w: w.url.startswith("chrome-extension://"), timeout=timeout_ms
    )


def configure_extension(worker: Any, companion_url: str, token: str) -> None:
    """Point the extension at the companion, as its README describes (chrome.storage.local)."""
    worker.evaluate(
        "([url, token]) => chrome.storage.local.set({companionUrl: url, token, language: 'en'})",
        [companion_url, token],
    )


def warm_up(worker: Any) -> None:
    """Wait for Chromium's first read of managed storage (seconds after start, even without a policy).

    The content script waits at most 1.5 s for its settings and otherwise starts with the defaults; this
    keeps the first test page from running on those instead of the companion's timings.
    """
    worker.evaluate("chrome.storage.managed.get(null).catch(() => null)")
