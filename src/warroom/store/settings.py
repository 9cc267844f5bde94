"""Small named values kept in the database (JSON text), shared by every session."""

from __future__ import annotations

import json
from typing import Any

from sqlite_utils import Database

from warroom.store.transactions import immediate


def get_setting(db: Database, key: str, default: Any = None) -> Any:
    for row in db.query("SELECT value FROM settings WHERE key = ?", [key]):
        return json.loads(row["value"])
    return default


def put_setting(db: Database, key: str, value: Any) -> None:
    with immediate(db):
        db.execute(
            "INSERT INTO settings (key, value) VALUES (?, ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            [key, json.dumps(value)],
        )
