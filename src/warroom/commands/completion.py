"""Shell completion through click's own mechanism (`_WARROOM_COMPLETE=bash_source warroom`):
account names, template keys and crisis numbers.

Completion runs on every Tab, often while a console writes to the same database. So it opens
the file read-only and never creates, migrates or locks anything; a missing or unreadable
database, a broken config or any other failure completes nothing, silently.
"""

from __future__ import annotations

import shlex
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import wraps
from pathlib import Path
from typing import Any

import click
from click.shell_completion import BashComplete, CompletionItem, add_completion_class

from warroom.domain.safetext import CONTROL_CHARACTER, terminal_safe

ACCOUNTS_SHOWN = 50  # a prefix of one letter may match thousands; the shell shows a page
READ_TIMEOUT_S = 0.5  # a Tab must answer at once, even while a writer holds the file

Completer = Callable[[click.Context, click.Parameter, str], list[CompletionItem]]


def _quietly(complete: Completer) -> Completer:
    """A completer that prints nothing and offers nothing when anything goes wrong: a
    traceback would land in the middle of the user's command line."""

    @wraps(complete)
    def guarded(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[CompletionItem]:
        try:
            return complete(ctx, param, incomplete)
        except Exception:  # noqa: BLE001 - completion is a convenience, never an error
            return []

    return guarded


def _database_path(ctx: click.Context) -> Path:
    """The database the command would open: --db (or WARROOM_DB), else the config's `db`,
    else the default one (the same order as the session's, without creating its folder)."""
    from warroom import locations
    from warroom.config import load_config

    root = ctx.find_root()
    if root.params.get("db_path"):
        return Path(root.params["db_path"]).expanduser()
    given = root.obj.get("config") if isinstance(root.obj, dict) else None
    config = given or load_config()
    return Path(config.db).expanduser() if config.db else locations.default_database()


@contextmanager
def _reading(path: Path) -> Iterator[sqlite3.Connection]:
    """A read-only connection that leaves no file behind. With no write-ahead log beside the
    database nobody has it open, and SQLite is told the file is immutable: a plain read-only
    connection would create `-wal` and `-shm` files it is then not allowed to remove."""
    if not path.is_file():
        raise FileNotFoundError(path)
    in_use = Path(f"{path}-wal").exists()
    mode = "mode=ro" if in_use else "mode=ro&immutable=1"
    connection = sqlite3.connect(f"{path.resolve().as_uri()}?{mode}", uri=True, timeout=READ_TIMEOUT_S)
    try:
        yield connection
    finally:
        connection.close()


def _typeable(text: str) -> bool:
    # A completion is typed back into the shell and listed on the terminal: one with control
    # characters can be neither (such an account is reached by its #number).
    return bool(text) and CONTROL_CHARACTER.search(text) is None


@_quietly
def complete_account(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[CompletionItem]:
    """Account names starting with what is typed (any case), in name order, at most
    ACCOUNTS_SHOWN."""
    from sqlite_utils import Database

    from warroom.store.accounts import account_names_starting

    with _reading(_database_path(ctx)) as connection:
        names = account_names_starting(Database(connection, execute_plugins=False), incomplete, limit=ACCOUNTS_SHOWN)
    return [CompletionItem(name) for name in names if _typeable(name)]


@_quietly
def complete_crisis(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[CompletionItem]:
    """Crisis numbers starting with what is typed, open crises first (newest first, as
    `warroom crisis list` orders them), each with its title as help."""
    # store.crises holds this read, but the CLI may not import that module anew (its writers).
    with _reading(_database_path(ctx)) as connection:
        rows = connection.execute(
            "SELECT id, title, resolved_at FROM crises ORDER BY resolved_at IS NOT NULL, started_at DESC, id DESC"
        ).fetchall()
    wanted = incomplete.lstrip("#")
    return [CompletionItem(str(crisis_id), help=terminal_safe(title, limit=60) + (" (resolved)" if resolved else ""))
            for crisis_id, title, resolved in rows if str(crisis_id).startswith(wanted)]


@_quietly
def complete_template(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[CompletionItem]:
    """Template keys (shipped and the user's own) starting with what is typed, each with the
    template's name as help."""
    from warroom.compose.templates import discover

    return [CompletionItem(key, help=terminal_safe(template.name, limit=60))
            for key, template in sorted(discover().templates.items())
            if key.startswith(incomplete) and _typeable(key)]


class QuotingBashComplete(BashComplete):
    """Click's bash script inserts a completion exactly as it is given, so "Acme Health"
    would become two arguments: for bash each value is quoted as the shell needs (zsh and
    fish quote completions themselves)."""

    def format_completion(self, item: CompletionItem[Any]) -> str:
        if item.type != "plain":
            return super().format_completion(item)
        return f"{item.type},{shlex.quote(item.value)}"


add_completion_class(QuotingBashComplete, "bash")
