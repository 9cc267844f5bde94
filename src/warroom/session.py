"""What every command shares: the session (settings, clock, database opened on demand), and
the group that turns user-facing failures into one sentence."""

from __future__ import annotations

import os
import sqlite3
import sys
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import click

from warroom.actions.actor import Actor, actor_from
from warroom.actions.errors import ActionError
from warroom.config import Config, ConfigError
from warroom.domain.clock import Clock, system_clock
from warroom.domain.quickentry import ParseError
from warroom.store.errors import StoreError

USER_ERRORS = (ActionError, StoreError, ParseError, ConfigError)


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

    @property
    def actor(self) -> Actor:
        """Who the command acts for: the config's author, zone and clock."""
        return actor_from(self.config, self.clock, self.zone)


class WarroomGroup(click.Group):
    """Turns every user-facing failure into one sentence and exit code 1, never a traceback."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except USER_ERRORS as error:
            raise click.ClickException(str(error)) from error
        except sqlite3.DatabaseError as error:
            from warroom.store.transactions import failure_sentence

            raise click.ClickException(failure_sentence(error, _session_path(ctx))) from error
        except BrokenPipeError:
            # The reader went away (`warroom export | head`): nothing more to say to it.
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            sys.exit(0)
        except (click.ClickException, click.exceptions.Exit, click.exceptions.Abort, KeyboardInterrupt):
            raise
        except Exception as error:  # noqa: BLE001 - the unforeseen: a report, a sentence, exit 1
            from warroom.crash import crash_sentence, write_crash_report

            raise click.ClickException(crash_sentence(error, write_crash_report(error))) from error


def _session_path(ctx: click.Context) -> Path | None:
    session = ctx.find_object(Session)
    return Path(session.db_path) if session and session.db_path else None


pass_session = click.make_pass_decorator(Session)
