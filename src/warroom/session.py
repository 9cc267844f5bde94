"""What every command shares: the session (settings, clock, database opened on demand), and
the group that turns user-facing failures into one sentence."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import click

from warroom.config import Config, ConfigError
from warroom.domain.clock import Clock, system_clock
from warroom.domain.quickentry import ParseError
from warroom.store.errors import StoreError

USER_ERRORS = (StoreError, ParseError, ConfigError)


@dataclass
class Session:
    """What every command shares: settings, the clock, and the database (opened on demand)."""

    db_path: str | None
    clock: Clock = system_clock
    config: Config = field(default_factory=Config)
    _db: object = None

    @property
    def path(self) -> Path:
        from warroom import locations

        if self.db_path:
            return Path(self.db_path)
        if self.config.db:
            return Path(self.config.db)
        default = locations.default_database()
        default.parent.mkdir(parents=True, exist_ok=True)
        return default

    @property
    def db(self):
        if self._db is None:
            from warroom.store.database import open_database

            self._db = open_database(self.path, busy_timeout_ms=self.config.busy_timeout_ms)
        return self._db

    def now(self) -> datetime:
        return self.clock()

    @property
    def zone(self):
        return self.config.zone()


class WarroomGroup(click.Group):
    """Turns every user-facing failure into one sentence and exit code 1, never a traceback."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except USER_ERRORS as error:
            raise click.ClickException(str(error)) from error
        except sqlite3.DatabaseError as error:
            raise click.ClickException(
                f"The database failed: {error}. Check the file with `sqlite3 FILE 'PRAGMA integrity_check'`."
            ) from error


pass_session = click.make_pass_decorator(Session)
