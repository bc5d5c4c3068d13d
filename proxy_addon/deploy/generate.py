"""`bedenktijd deploy generate`: every fleet artefact in one folder, the same bytes for the same inputs.

No CA is made here: each laptop makes its own (`bedenktijd deploy ca`, run by the trust scripts and
by `deploy install`). The Linux files sit below `linux/` at the path they belong at on the laptop
(`linux/etc/opt/chrome/policies/managed/bedenktijd.json` goes to `/etc/opt/chrome/...`).
"""

from __future__ import annotations

from pathlib import Path

from proxy_addon.deploy import login_service, policies, trust
from proxy_addon.deploy.config import LINUX, MACOS, WINDOWS, DeployConfig

SERVICE_FILES = {
    "windows": "windows/bedenktijd-task.xml",
    "macos": f"macos/{login_service.LABEL}.plist",
    "linux": f"linux/etc/systemd/user/{login_service.UNIT_NAME}",
}


def artefacts(cfg: DeployConfig, org_profile: bytes | None = None) -> dict[str, bytes]:
    """Every generated file by its path in the output folder (pure: nothing is written)."""
    out: dict[str, bytes] = {"proxy.pac": cfg.pac.encode("utf-8")}
    if org_profile is not None:
        out["org.yaml"] = org_profile
    out[SERVICE_FILES["windows"]] = login_service.task_xml(cfg.service(WINDOWS))
    out[SERVICE_FILES["macos"]] = login_service.launch_agent(cfg.service(MACOS))
    out[SERVICE_FILES["linux"]] = login_service.systemd_unit(cfg.service(LINUX)).encode("utf-8")
    out.update(policies.files(cfg))
    out.update(trust.files(cfg))
    return dict(sorted(out.items()))


def write(out_dir: Path, files: dict[str, bytes]) -> list[Path]:
    """Write the files below `out_dir` (scripts executable); returns the paths written."""
    written = []
    for relative, data in files.items():
        path = out_dir / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        if path.suffix == ".sh":
            path.chmod(0o755)
        written.append(path)
    return written
