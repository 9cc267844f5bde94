"""Importing a CRM export: accounts or contacts from a CSV, bad rows reported, good rows landed."""

from __future__ import annotations

from pathlib import Path

from sqlite_utils import Database

from warroom.actions.actor import Actor
from warroom.actions.errors import ActionError, user_action
from warroom.store.importer import ImportReport, Progress, import_csv


def parse_mappings(mappings: tuple[str, ...] | list[str]) -> dict[str, str]:
    """`["Contract Value=arr"]` as {"Contract Value": "arr"}; a malformed one is refused."""
    overrides = {}
    for mapping in mappings:
        column, sep, target = mapping.partition("=")
        if not sep or not column.strip() or not target.strip():
            raise ActionError(f"--map {mapping!r} must look like COLUMN=FIELD.")
        overrides[column.strip()] = target.strip()
    return overrides


@user_action
def import_file(db: Database, actor: Actor, path: str | Path, *, mappings: dict[str, str] | None = None,
                kind: str | None = None, dayfirst: bool = False, dry_run: bool = False, strict: bool = False,
                progress: Progress | None = None) -> ImportReport:
    """Load one CSV of accounts or contacts (detected from its header unless `kind`); the
    report lists each bad row with its line and reason."""
    return import_csv(db, path, now=actor.now(), overrides=mappings, kind=kind, dayfirst=dayfirst,
                      dry_run=dry_run, strict=strict, progress=progress)
