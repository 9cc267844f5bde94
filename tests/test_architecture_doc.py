"""docs/architecture.md stays true: every path it names exists."""

from __future__ import annotations

import re

from tests.conftest import REPO


def test_every_path_the_architecture_names_exists():
    text = (REPO / "docs" / "architecture.md").read_text()
    named = set(re.findall(r"`((?:src|tests|templates|docs|benchmarks)/[^`\s]+|pyproject\.toml)`", text))
    assert len(named) > 20
    missing = sorted(path for path in named if not (REPO / path).exists())
    assert not missing, f"docs/architecture.md names paths that do not exist: {missing}"


def test_the_functions_it_points_to_exist():
    from warroom.actions import entries
    from warroom.app import known_binding_ids
    from warroom.store import database

    assert callable(entries.log_entry) and callable(entries.read_entry)
    assert callable(database.open_connection) and callable(database.connection_for_worker)
    assert callable(database.copy_database) and "log.entry" in known_binding_ids()
