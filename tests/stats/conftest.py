"""A real store on a temporary SQLite file."""

from collections.abc import Iterator
from pathlib import Path

import pytest

from companion_ui.store import Store


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    s = Store(tmp_path / "bedenktijd.sqlite3")
    yield s
    s.close()
