"""Shared fixtures: a frozen clock, a pinned time zone, fresh databases in tmp_path."""

from __future__ import annotations

import os
import shutil
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from warroom.__main__ import cli
from warroom.config import Config
from warroom.domain.clock import FrozenClock
from warroom.store.database import open_database

REPO = Path(__file__).resolve().parent.parent
NOW = datetime(2026, 3, 10, 15, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def pinned_environment(monkeypatch, tmp_path_factory):
    """Every test runs in one zone, with no user config or database leaking in."""
    monkeypatch.setenv("TZ", "Europe/London")
    time.tzset()
    home = tmp_path_factory.mktemp("home")
    for variable in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
        monkeypatch.setenv(variable, str(home / variable.lower()))
    for variable in list(os.environ):
        if variable.startswith("WARROOM_"):
            monkeypatch.delenv(variable)
    # pytest-xdist hands its workers COLUMNS, and the CLI sizes its tables to it.
    monkeypatch.delenv("COLUMNS", raising=False)
    yield
    time.tzset()


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock(NOW)


@pytest.fixture
def db_path(tmp_path) -> Path:
    return tmp_path / "warroom.db"


@pytest.fixture
def db(db_path):
    database = open_database(db_path)
    yield database
    database.close()


@pytest.fixture
def sample_copy(tmp_path) -> Path:
    """A private copy of the shipped sample.db (its "as of" instant is NOW)."""
    target = tmp_path / "sample-copy.db"
    shutil.copyfile(REPO / "sample.db", target)
    return target


@pytest.fixture
def run(clock):
    """Invoke the CLI in-process with the frozen clock: run("--db", path, "queue")."""
    runner = CliRunner()

    def invoke(*args: str, input: str | None = None):
        config = Config(author="Tester", timezone="Europe/London")
        return runner.invoke(cli, list(args), obj={"clock": clock, "config": config},
                             input=input, catch_exceptions=False)

    return invoke
