"""`bedenktijd doctor` against a real setup (user install, listening proxy port, real companion and
collector servers), then with one part broken at a time: exactly that check fails, with its fix."""

from __future__ import annotations

import shutil
import socket
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from companion_ui.app import create_app
from companion_ui.collector import CollectorConfig, create_collector_app
from companion_ui.collector.server import start_in_thread as start_collector
from companion_ui.rulesets import LoadedRuleset
from companion_ui.server import start_in_thread
from companion_ui.settings import CompanionConfig
from proxy_addon import doctor
from proxy_addon.adapters import all_hosts
from proxy_addon.deploy import ca, install, nssdb

pytestmark = pytest.mark.skipif(shutil.which("certutil") is None, reason="needs certutil (libnss3-tools)")


@pytest.fixture(scope="module")
def ruleset() -> LoadedRuleset:
    return LoadedRuleset()


@dataclass
class Laptop:
    home: Path
    paths: install.UserPaths
    proxy: socket.socket
    companion: object
    collector: object
    argv: list[str]
    stopped: set[str] = field(default_factory=set)

    def run(self, monkeypatch: pytest.MonkeyPatch, *extra: str) -> tuple[int, dict[str, str]]:
        monkeypatch.setenv("HOME", str(self.home))
        for name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "BEDENKTIJD_DATA_DIR", "BEDENKTIJD_API_TOKEN"):
            monkeypatch.delenv(name, raising=False)
        setup = doctor.setup_from_args(doctor_args([*self.argv, *extra]), {"HOME": str(self.home)})
        results = doctor.run_checks(setup)
        return (1 if any(r.status == "fail" for r in results) else 0), {r.check: r.status for r in results}


def doctor_args(argv: list[str]):
    import argparse

    parser = argparse.ArgumentParser()
    doctor.add_doctor_arguments(parser)
    return parser.parse_args(argv)


@pytest.fixture
def laptop(tmp_path: Path, ruleset: LoadedRuleset) -> Iterator[Laptop]:
    home = tmp_path / "home"
    home.mkdir()
    paths = install.UserPaths.for_home(home, {"XDG_DATA_DIRS": str(tmp_path / "none")})
    proxy = socket.create_server(("127.0.0.1", 0))
    proxy_port = proxy.getsockname()[1]
    install.install_user(
        paths,
        install.InstallOptions(
            hosts=all_hosts(), proxy_port=proxy_port, command=("bedenktijd",), systemctl=False
        ),
    )
    app = create_app(CompanionConfig(port=0, data_dir=str(paths.data)), ruleset_provider=ruleset)
    companion = start_in_thread(app)
    app.extensions["bedenktijd"].store.record_extension_seen()
    collector = start_collector(
        create_collector_app(
            CollectorConfig(db_path=str(tmp_path / "collector.sqlite3"), enrolment_tokens=("x" * 20,), port=0)
        )
    )
    argv = [
        "--proxy-port",
        str(proxy_port),
        "--companion-port",
        str(companion.port),
        "--collector",
        collector.url,
    ]
    laptop = Laptop(home, paths, proxy, companion, collector, argv)
    yield laptop
    proxy.close()
    if "companion" not in laptop.stopped:
        companion.stop()
    app.extensions["bedenktijd"].store.close()
    if "collector" not in laptop.stopped:
        collector.stop()


def test_a_healthy_laptop_passes_every_check(laptop: Laptop, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    code, statuses = laptop.run(monkeypatch)
    assert statuses == dict.fromkeys(statuses, "ok") and len(statuses) == 9, statuses
    assert code == 0
    monkeypatch.setenv("HOME", str(laptop.home))
    assert doctor.main([*laptop.argv, "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "All 9 checks passed." in out and "[FAIL]" not in out


def _close_proxy(laptop: Laptop) -> list[str]:
    laptop.proxy.close()
    return []


def _other_pac_port(laptop: Laptop) -> list[str]:
    pac = laptop.paths.data / "proxy.pac"
    pac.write_text(pac.read_text().replace("127.0.0.1:", "127.0.0.1:1"))
    return []


def _readable_key(laptop: Laptop) -> list[str]:
    (laptop.paths.confdir / ca.KEY_AND_CERT).chmod(0o644)
    return []


def _unconstrained_ca(laptop: Laptop) -> list[str]:
    from mitmproxy import certs

    shutil.rmtree(laptop.paths.confdir)
    certs.CertStore.create_store(laptop.paths.confdir, "mitmproxy", 2048)
    return []


def _untrusted(laptop: Laptop) -> list[str]:
    nssdb.remove_ours(nssdb.modern_db(laptop.home))
    return []


def _wrong_token(laptop: Laptop) -> list[str]:
    return ["--token", "not-the-token"]


def _companion_down(laptop: Laptop) -> list[str]:
    laptop.companion.stop()  # type: ignore[attr-defined]
    laptop.stopped.add("companion")
    return []


def _extension_gone(laptop: Laptop) -> list[str]:
    store = laptop.companion.app.extensions["bedenktijd"].store  # type: ignore[attr-defined]
    store.record_extension_seen(datetime.now(UTC) - timedelta(hours=2))
    return []


def _broken_org(laptop: Laptop) -> list[str]:
    org = laptop.home / "org.yaml"
    org.write_text("organisation:\n  names: []\n")
    return ["--org", str(org)]


def _collector_down(laptop: Laptop) -> list[str]:
    laptop.collector.stop()  # type: ignore[attr-defined]
    laptop.stopped.add("collector")
    return []


@pytest.mark.parametrize(
    ("breaks", "failing"),
    [
        (_close_proxy, {"proxy"}),
        (_other_pac_port, {"pac"}),
        (_readable_key, {"ca_present"}),
        (_unconstrained_ca, {"ca_constrained", "ca_trusted"}),  # the trusted CA is not this one any more
        (_untrusted, {"ca_trusted"}),
        (_wrong_token, {"companion"}),
        (_companion_down, {"companion"}),
        (_extension_gone, {"extension"}),
        (_broken_org, {"rules"}),
        (_collector_down, {"collector"}),
    ],
)
def test_each_broken_part_is_reported(
    laptop: Laptop, monkeypatch: pytest.MonkeyPatch, breaks, failing
) -> None:
    extra = breaks(laptop)
    code, statuses = laptop.run(monkeypatch, *extra)
    assert {name for name, status in statuses.items() if status == "fail"} == failing
    assert code == 1


def test_the_report_names_the_failure_and_its_fix_in_both_languages(
    laptop: Laptop, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    _untrusted(laptop)
    monkeypatch.setenv("HOME", str(laptop.home))
    assert doctor.main([*laptop.argv, "--lang", "nl"]) == 1
    dutch = capsys.readouterr().out
    assert "[FAIL] CA vertrouwd door de browser: deze CA staat niet in" in dutch
    assert "Oplossing: Vertrouw de CA" in dutch and "1 van 9 controles mislukt." in dutch
    monkeypatch.setenv("LANG", "en_GB.UTF-8")
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    assert doctor.main(laptop.argv) == 1
    english = capsys.readouterr().out
    assert "[FAIL] CA trusted by the browser: this CA is not in" in english and "Fix: Trust the CA" in english


def test_keys_the_org_profile_has_but_this_version_ignores_are_shown(
    laptop: Laptop, monkeypatch: pytest.MonkeyPatch
) -> None:
    org = laptop.home / "org.yaml"
    org.write_text("organisation:\n  names: [Testdorp]\n  region: Zeeland\n", encoding="utf-8")
    monkeypatch.setenv("HOME", str(laptop.home))
    setup = doctor.setup_from_args(doctor_args([*laptop.argv, "--org", str(org)]), {"HOME": str(laptop.home)})
    results = [r for r in doctor.run_checks(setup) if r.check == "rules"]
    assert [r.status for r in results] == ["ok"]
    assert "ignored in the organisation profile (unknown): organisation.region" in doctor.render(
        results, "en"
    )
    assert "genegeerd in het organisatieprofiel (onbekend): organisation.region" in doctor.render(
        results, "nl"
    )


def test_every_check_has_texts_in_both_languages() -> None:
    from proxy_addon.doctor_texts import TEXTS

    for check in doctor.CHECKS:
        name = check.__name__.removeprefix("check_")
        for part in ("title", "ok", "fail", "fix"):
            assert set(TEXTS[name][part]) == {"nl", "en"}, (name, part)


def test_doctor_does_not_count_as_the_extension(laptop: Laptop, monkeypatch: pytest.MonkeyPatch) -> None:
    store = laptop.companion.app.extensions["bedenktijd"].store  # type: ignore[attr-defined]
    earlier = datetime.now(UTC) - timedelta(minutes=10)
    store.record_extension_seen(earlier)
    _, statuses = laptop.run(monkeypatch)
    assert statuses["companion"] == "ok" and statuses["extension"] == "ok"
    assert abs((store.extension_seen_at() - earlier).total_seconds()) < 1
