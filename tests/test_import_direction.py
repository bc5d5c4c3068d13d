"""Imports point down: proxy_addon -> companion_ui.store -> rules; rules imports no framework."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

FORBIDDEN = {
    "rules": {"mitmproxy", "flask", "waitress", "sqlite_utils", "proxy_addon", "companion_ui"},
    "companion_ui/store": {"mitmproxy", "flask", "waitress", "proxy_addon"},
    "companion_ui/stats": {"mitmproxy", "flask", "waitress", "proxy_addon"},
    "companion_ui": {"mitmproxy", "proxy_addon"},
}


def imported_roots(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    roots: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            roots.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            roots.add(node.module.split(".")[0])
            if node.module.startswith("companion_ui.") or node.module == "companion_ui":
                roots.add(node.module)
    return roots


def cases():
    for package, forbidden in FORBIDDEN.items():
        base = ROOT / package
        if not base.exists():
            continue
        for path in sorted(base.rglob("*.py")):
            yield pytest.param(path, forbidden, id=str(path.relative_to(ROOT)))


@pytest.mark.parametrize(("path", "forbidden"), list(cases()))
def test_module_imports_point_down(path: Path, forbidden: set[str]) -> None:
    bad = {name.split(".")[0] for name in imported_roots(path)} & forbidden
    assert not bad, f"{path.relative_to(ROOT)} imports {sorted(bad)}, which it may not"


def test_store_does_not_import_the_web_app() -> None:
    for path in (ROOT / "companion_ui" / "store").rglob("*.py"):
        names = imported_roots(path)
        web = [n for n in names if n.startswith("companion_ui.") and not n.startswith("companion_ui.store")]
        assert not web, f"{path.relative_to(ROOT)} imports {web}"
