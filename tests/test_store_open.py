"""Opening the database: migrations, pragmas, and every refusal leaving the file untouched."""

import hashlib
import os
import sqlite3
import stat

import pytest

from warroom.store.changes import changes_since, latest_seq
from warroom.store.database import open_database
from warroom.store.errors import StoreError
from warroom.store.migrations import TRACKED_TABLES, known_names
from warroom.store.settings import get_setting, put_setting


def digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_new_database_gets_every_table_and_mode_0600(db_path):
    db = open_database(db_path)
    assert set(TRACKED_TABLES) | {"changes", "_sqlite_migrations"} <= set(db.table_names())
    # SQLite creates the file and Warroom makes it private before the first write; the
    # write-ahead log and shared-memory files take the database's mode.
    for path in (db_path, f"{db_path}-wal", f"{db_path}-shm"):
        assert stat.S_IMODE(os.stat(path).st_mode) == 0o600, path
    applied = [row["name"] for row in db.query("SELECT name FROM _sqlite_migrations")]
    assert set(applied) == known_names()


def test_pragmas_for_durability(db):
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert db.execute("PRAGMA busy_timeout").fetchone()[0] == 5000


def test_reopen_keeps_data_and_applies_nothing_twice(db_path):
    db = open_database(db_path)
    put_setting(db, "theme", "dark")
    db.close()
    again = open_database(db_path)
    assert get_setting(again, "theme") == "dark"
    assert next(again.query("SELECT COUNT(*) AS n FROM _sqlite_migrations"))["n"] == len(known_names())


def test_foreign_keys_are_enforced(db):
    with pytest.raises(sqlite3.IntegrityError):
        db.execute("INSERT INTO contacts (account_id, name, created_at) VALUES (999, 'x', 'y')")


def test_newer_schema_is_refused_and_untouched(db_path):
    db = open_database(db_path)
    db.execute("INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
               "VALUES ('warroom', 'm999_from_the_future', '2030-01-01')")
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    before = digest(db_path)
    with pytest.raises(StoreError, match="newer Warroom.*m999_from_the_future.*upgrade"):
        open_database(db_path)
    assert digest(db_path) == before


def test_a_file_that_is_not_sqlite_is_refused_and_untouched(tmp_path):
    path = tmp_path / "notes.db"
    path.write_text("these are my notes, not a database\n" * 20)
    before = digest(path)
    with pytest.raises(StoreError, match="not an SQLite file"):
        open_database(path)
    assert digest(path) == before
    assert not (tmp_path / "notes.db-wal").exists()


def test_another_programs_sqlite_file_is_refused_and_untouched(tmp_path):
    path = tmp_path / "browser-history.sqlite"
    other = sqlite3.connect(path)
    other.execute("CREATE TABLE visits (url TEXT, at TEXT)")
    other.execute("INSERT INTO visits VALUES ('https://example.com', '2026-01-01')")
    other.commit()
    other.close()
    before = digest(path)
    with pytest.raises(StoreError, match="belongs to another program.*visits"):
        open_database(path)
    assert digest(path) == before
    assert not (tmp_path / "browser-history.sqlite-wal").exists()
    assert sqlite3.connect(path).execute("PRAGMA journal_mode").fetchone()[0] == "delete"


def test_a_corrupt_sqlite_file_is_one_sentence(tmp_path):
    path = tmp_path / "broken.db"
    path.write_bytes(b"SQLite format 3\x00" + b"\xff" * 4000)
    with pytest.raises(StoreError, match="could not be read"):
        open_database(path)


def test_a_read_only_file_is_refused_and_untouched(db_path):
    open_database(db_path).close()
    os.chmod(db_path, 0o400)
    before = digest(db_path)
    with pytest.raises(StoreError, match="read-only"):
        open_database(db_path)
    assert digest(db_path) == before


def test_a_read_only_folder_is_refused(tmp_path):
    folder = tmp_path / "locked"
    folder.mkdir()
    os.chmod(folder, 0o500)
    try:
        with pytest.raises(StoreError, match="read-only"):
            open_database(folder / "new.db")
        assert not (folder / "new.db").exists()
    finally:
        os.chmod(folder, 0o700)


def test_a_missing_folder_is_one_sentence(tmp_path):
    with pytest.raises(StoreError, match="does not exist"):
        open_database(tmp_path / "nowhere" / "x.db")


def test_a_directory_path_is_refused(tmp_path):
    with pytest.raises(StoreError, match="is a directory"):
        open_database(tmp_path)


def test_a_locked_database_is_one_sentence(db_path):
    open_database(db_path).close()
    holder = sqlite3.connect(db_path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        db = open_database(db_path, busy_timeout_ms=100)
        with pytest.raises(StoreError, match="locked by another program"):
            put_setting(db, "x", 1)
    finally:
        holder.execute("ROLLBACK")
        holder.close()


def test_a_locked_new_database_cannot_be_migrated_and_says_so(tmp_path):
    path = tmp_path / "fresh.db"
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("PRAGMA journal_mode = WAL")
    holder.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(StoreError, match="locked"):
            open_database(path, busy_timeout_ms=100)
    finally:
        holder.execute("ROLLBACK")
        holder.close()


def test_change_sequence_reports_what_changed_since(db):
    start = latest_seq(db)
    put_setting(db, "a", 1)
    put_setting(db, "a", 2)
    changes = changes_since(db, start)
    assert [(c.table_name, c.op) for c in changes] == [("settings", "insert"), ("settings", "update")]
    assert changes_since(db, changes[-1].seq) == []
    assert latest_seq(db) == changes[-1].seq
