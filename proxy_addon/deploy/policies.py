"""Browser policies: force-install the extension, configure it, and point the browser at the PAC file.

- Chrome / Edge: `ExtensionInstallForcelist` ("<id>;<update URL>"), `ProxySettings` (pac_script) and
  the extension's managed configuration under `3rdparty.extensions.<id>` (keys of
  extension/managed_schema.json).
- Firefox: `ExtensionSettings` (force_installed from an install URL), `3rdparty.Extensions.<id>`,
  `Proxy` (autoConfig, locked) and `Certificates`.
Rendered as .reg files (Windows), .mobileconfig profiles (macOS) and JSON files (Linux).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import PurePosixPath

from proxy_addon.deploy import profiles, registry
from proxy_addon.deploy.config import (
    CHROME_WEB_STORE_UPDATE_URL,
    EDGE_ADD_ONS_UPDATE_URL,
    FIREFOX_EXTENSION_ID,
    LINUX,
    MACOS,
    WINDOWS,
    DeployConfig,
    Platform,
)

CHROMIUM_BROWSERS = ("chrome", "edge", "chromium")
REGISTRY_ROOTS = {
    "chrome": r"HKEY_LOCAL_MACHINE\SOFTWARE\Policies\Google\Chrome",
    "edge": r"HKEY_LOCAL_MACHINE\SOFTWARE\Policies\Microsoft\Edge",
}
MAC_DOMAINS = {"chrome": "com.google.Chrome", "edge": "com.microsoft.Edge"}
LINUX_POLICY_DIRS = {
    "chromium": PurePosixPath("/etc/chromium/policies/managed"),
    "chrome": PurePosixPath("/etc/opt/chrome/policies/managed"),
    "edge": PurePosixPath("/etc/opt/edge/policies/managed"),
}
LINUX_FIREFOX_POLICIES = PurePosixPath("/etc/firefox/policies/policies.json")
# Firefox looks a bare file name up in ~/.mozilla/certificates and /usr/lib/mozilla/certificates.
FIREFOX_CA_FILE = "bedenktijd-ca.pem"
POLICY_FILE = "bedenktijd.json"


def managed_configuration(cfg: DeployConfig) -> dict[str, object]:
    """The extension's managed storage values (validated by extension/managed_schema.json)."""
    values: dict[str, object] = {"companionUrl": cfg.companion_url}
    if cfg.token:
        values["token"] = cfg.token
    values["language"] = cfg.language
    values["enabledNetworks"] = list(cfg.extension_networks)
    return values


def update_url(cfg: DeployConfig, browser: str) -> str:
    """Where the browser fetches the extension: the self-hosted update manifest, else its own store."""
    if cfg.update_url:
        return cfg.update_url
    return EDGE_ADD_ONS_UPDATE_URL if browser == "edge" else CHROME_WEB_STORE_UPDATE_URL


def chromium_policies(cfg: DeployConfig, browser: str) -> dict[str, object]:
    """Chrome / Edge / Chromium policies as a mapping (the Linux JSON file's content)."""
    if browser not in CHROMIUM_BROWSERS:
        raise ValueError(f"browser {browser!r}: choose from {', '.join(CHROMIUM_BROWSERS)}")
    policies: dict[str, object] = {}
    if cfg.extension_id:
        policies["ExtensionInstallForcelist"] = [f"{cfg.extension_id};{update_url(cfg, browser)}"]
    policies["ProxySettings"] = {"ProxyMode": "pac_script", "ProxyPacUrl": cfg.chromium_pac_url}
    if cfg.extension_id:
        policies["3rdparty"] = {"extensions": {cfg.extension_id: managed_configuration(cfg)}}
    return policies


def firefox_policies(cfg: DeployConfig, platform: Platform) -> dict[str, object]:
    """Firefox policies (the content of "policies" in policies.json)."""
    policies: dict[str, object] = {}
    if cfg.firefox_install_url:
        policies["ExtensionSettings"] = {
            FIREFOX_EXTENSION_ID: {
                "installation_mode": "force_installed",
                "install_url": cfg.firefox_install_url,
            }
        }
    policies["3rdparty"] = {"Extensions": {FIREFOX_EXTENSION_ID: managed_configuration(cfg)}}
    policies["Proxy"] = {"Mode": "autoConfig", "AutoConfigURL": cfg.firefox_pac_url(platform), "Locked": True}
    if platform is LINUX:
        # Firefox on Linux does not read the system store (bug 1600509); install the file by name.
        policies["Certificates"] = {"Install": [FIREFOX_CA_FILE]}
    else:
        policies["Certificates"] = {"ImportEnterpriseRoots": True}
    return policies


def json_file(policies: Mapping[str, object]) -> bytes:
    """A policy mapping as a stable, readable JSON file."""
    return (json.dumps(policies, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def firefox_policies_json(cfg: DeployConfig, platform: Platform) -> bytes:
    """policies.json for Firefox (Linux /etc/firefox/policies/, Windows <install>\\distribution\\)."""
    return json_file({"policies": firefox_policies(cfg, platform)})


def windows_reg(cfg: DeployConfig, browser: str) -> bytes:
    """A .reg file with the Chrome or Edge machine policies."""
    root = REGISTRY_ROOTS[browser]
    policies = chromium_policies(cfg, browser)
    third_party = policies.pop("3rdparty", None)
    keys = registry.policy_keys(root, policies, dicts_as_json=True)
    if third_party is not None and cfg.extension_id:
        managed = managed_configuration(cfg)
        keys += registry.policy_keys(
            rf"{root}\3rdparty\extensions\{cfg.extension_id}\policy", managed, dicts_as_json=False
        )
    return registry.render(keys)


def macos_profile(cfg: DeployConfig, browser: str) -> bytes:
    """A .mobileconfig with the Chrome or Edge policies and, in its own payload, the extension's."""
    domain = MAC_DOMAINS[browser]
    policies = chromium_policies(cfg, browser)
    policies.pop("3rdparty", None)
    payloads = [
        profiles.payload(domain, f"{profiles.PREFIX}.{browser}.policies", f"{browser} policies", policies)
    ]
    if cfg.extension_id:
        payloads.append(
            profiles.payload(
                f"{domain}.extensions.{cfg.extension_id}",
                f"{profiles.PREFIX}.{browser}.extension",
                "Bedenktijd extension settings",
                managed_configuration(cfg),
            )
        )
    return _profile(cfg, browser, payloads)


def macos_firefox_profile(cfg: DeployConfig) -> bytes:
    """A .mobileconfig with the Firefox policies (domain org.mozilla.firefox)."""
    content = {"EnterprisePoliciesEnabled": True, **firefox_policies(cfg, MACOS)}
    payloads = [
        profiles.payload(
            "org.mozilla.firefox", f"{profiles.PREFIX}.firefox.policies", "firefox policies", content
        )
    ]
    return _profile(cfg, "firefox", payloads)


def _profile(cfg: DeployConfig, browser: str, payloads: list[dict]) -> bytes:
    return profiles.profile(
        f"{profiles.PREFIX}.{browser}",
        f"Bedenktijd for {browser.capitalize()}",
        "Installs and configures the Bedenktijd extension and sends only social network traffic to the "
        "Bedenktijd proxy on this computer. / Installeert en configureert de Bedenktijd-extensie en stuurt "
        "alleen verkeer naar sociale netwerken naar de Bedenktijd-proxy op deze computer.",
        cfg.org_name,
        payloads,
    )


def files(cfg: DeployConfig) -> dict[str, bytes]:
    """Every policy file, by its path in the output folder."""
    out: dict[str, bytes] = {}
    for browser in ("chrome", "edge"):
        out[f"windows/policies-{browser}.reg"] = windows_reg(cfg, browser)
        out[f"macos/bedenktijd-{browser}.mobileconfig"] = macos_profile(cfg, browser)
    out["windows/firefox/distribution/policies.json"] = firefox_policies_json(cfg, WINDOWS)
    out["macos/bedenktijd-firefox.mobileconfig"] = macos_firefox_profile(cfg)
    for browser, folder in LINUX_POLICY_DIRS.items():
        out[f"linux{folder}/{POLICY_FILE}"] = json_file(chromium_policies(cfg, browser))
    out[f"linux{LINUX_FIREFOX_POLICIES}"] = firefox_policies_json(cfg, LINUX)
    return out
