"""`bedenktijd collector` and `bedenktijd collector add-user`, registered on a main parser."""

from __future__ import annotations

import argparse
import io
from pathlib import Path

import pytest

from companion_ui.collector import users
from companion_ui.collector.cli import register
from companion_ui.store.database import open_database


def parser() -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(prog="bedenktijd")
    register(main.add_subparsers(dest="command", required=True))
    return main


def test_options_parse() -> None:
    args = parser().parse_args(
        ["collector", "--db", "c.sqlite3", "--port", "9000", "--k", "7", "--epsilon", "1"]
    )
    assert (args.db, args.port, args.k, args.epsilon, args.collector_command) == (
        "c.sqlite3",
        9000,
        7,
        1.0,
        None,
    )


def test_k_below_three_is_an_error(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch) -> None:
    monkeypatch.setenv("BEDENKTIJD_ENROLMENT_TOKEN", "t" * 24)
    args = parser().parse_args(["collector", "--db", str(tmp_path / "c.sqlite3"), "--k", "2"])
    assert args.func(args) == 2
    assert "k must be at least 3" in capsys.readouterr().err


def test_missing_token_is_an_error(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch) -> None:
    monkeypatch.delenv("BEDENKTIJD_ENROLMENT_TOKEN", raising=False)
    args = parser().parse_args(["collector", "--db", str(tmp_path / "c.sqlite3")])
    assert args.func(args) == 2
    assert "enrolment token" in capsys.readouterr().err


@pytest.mark.parametrize("db_first", [True, False])
def test_add_user_reads_the_password_from_stdin(tmp_path: Path, monkeypatch, db_first: bool) -> None:
    path = str(tmp_path / "c.sqlite3")
    argv = ["collector", "--db", path, "add-user", "anna", "--role", "admin"]
    if not db_first:
        argv = ["collector", "add-user", "anna", "--role", "admin", "--db", path]
    monkeypatch.setattr("sys.stdin", io.StringIO("a long password\n"))
    args = parser().parse_args(argv)
    assert args.func(args) == 0
    db = open_database(path)
    assert users.authenticate(db, "anna", "a long password") == "admin"
    db.close()


def test_add_user_refuses_a_short_password(
    tmp_path: Path, monkeypatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("short\n"))
    args = parser().parse_args(["collector", "--db", str(tmp_path / "c.sqlite3"), "add-user", "anna"])
    assert args.func(args) == 2
    assert "at least 10 characters" in capsys.readouterr().err
