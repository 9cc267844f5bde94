"""Marking affected accounts in bulk: by filter, by a pasted list of names or ids, or from a
CSV of ids from engineering. First a selection with a preview (how many, which references
are unknown), then one write and one decision entry for the whole change."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from sqlite_utils import Database

from warroom.domain.instants import to_text
from warroom.domain.vocabulary import EntryKind, ImpactLevel
from warroom.domain.wording import count_of
from warroom.store.errors import StoreError
from warroom.store.like import starts_with
from warroom.store.log import insert_automatic
from warroom.store.transactions import immediate

# Filter fields and the column each reads; region is the first part of the account's zone
# (Europe, America, Asia...). Values are matched whole and case-insensitively; several
# values of one field (comma-separated) are alternatives, several fields must all match.
FILTER_FIELDS = {"industry": "industry", "country": "country", "segment": "segment", "owner": "owner",
                 "region": "timezone"}
ID_COLUMNS = ("account_id", "account id", "id", "external_id", "external id", "crm id", "crm_id",
              "salesforce id", "account", "account name", "name")


@dataclass(slots=True)
class Selection:
    account_ids: list[int] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)  # references that matched no account
    ambiguous: list[str] = field(default_factory=list)  # names shared by several accounts
    source: str = ""  # how the accounts were chosen, for the log entry

    def problems(self) -> list[str]:
        sentences = []
        if self.unknown:
            shown = ", ".join(repr(ref) for ref in self.unknown[:10])
            more = f" and {len(self.unknown) - 10} more" if len(self.unknown) > 10 else ""
            sentences.append(f"{len(self.unknown)} not found (left out): {shown}{more}.")
        if self.ambiguous:
            shown = ", ".join(repr(ref) for ref in self.ambiguous[:10])
            sentences.append(f"{len(self.ambiguous)} names match several accounts (left out; use ids): {shown}.")
        return sentences


def parse_filter(expressions: list[str]) -> dict[str, list[str]]:
    """`industry=Healthcare,Banking` `country=DE` -> {"industry": [...], "country": [...]}."""
    criteria: dict[str, list[str]] = {}
    for expression in expressions:
        name, sep, value = expression.partition("=")
        name = name.strip().casefold()
        if not sep or not value.strip():
            raise StoreError(f"{expression!r} is not a filter; write FIELD=VALUE, like industry=Healthcare.")
        if name not in FILTER_FIELDS:
            raise StoreError(f"Unknown filter field {name!r}; use one of {', '.join(FILTER_FIELDS)}.")
        criteria.setdefault(name, []).extend(v.strip() for v in value.split(",") if v.strip())
    return criteria


def select_by_filter(db: Database, criteria: dict[str, list[str]]) -> Selection:
    if not criteria:
        raise StoreError("Give at least one filter, like industry=Healthcare.")
    clauses, params = [], []
    for name, values in criteria.items():
        column = FILTER_FIELDS[name]
        if name == "region":
            clauses.append("(" + " OR ".join(f"{column} LIKE ? ESCAPE '\\'" for _ in values) + ")")
            params += [starts_with(value + "/") for value in values]
        else:
            clauses.append(f"{column} COLLATE NOCASE IN ({', '.join('?' for _ in values)})")
            params += values
    rows = db.execute(f"SELECT id FROM accounts WHERE {' AND '.join(clauses)} ORDER BY id", params).fetchall()
    source = "; ".join(f"{name} = {', '.join(values)}" for name, values in criteria.items())
    return Selection([row[0] for row in rows], source=f"filter {source}")


def _references(text: str) -> list[str]:
    """One reference per line; a single line may list several, separated by , ; or tabs."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if len(lines) == 1:
        return [part.strip() for part in re.split(r"[,;\t]", lines[0]) if part.strip()]
    return lines


class _Resolver:
    """Names, CRM ids and Warroom numbers to account ids, read once for the whole list."""

    def __init__(self, db: Database) -> None:
        self.by_external: dict[str, int] = {}
        self.by_id: set[int] = set()
        self.by_name: dict[str, list[int]] = {}
        for account_id, external, name in db.execute("SELECT id, external_id, name FROM accounts"):
            self.by_id.add(account_id)
            if external:
                self.by_external[external.casefold()] = account_id
            self.by_name.setdefault(name.casefold(), []).append(account_id)

    def select(self, references: list[str], source: str) -> Selection:
        selection, seen = Selection(source=source), set()
        for reference in references:
            key = reference.casefold()
            found = self.by_external.get(key)
            if found is None and reference.isdigit() and int(reference) in self.by_id:
                found = int(reference)
            if found is None:
                named = self.by_name.get(key, [])
                if len(named) > 1:
                    selection.ambiguous.append(reference)
                    continue
                found = named[0] if named else None
            if found is None:
                selection.unknown.append(reference)
            elif found not in seen:
                seen.add(found)
                selection.account_ids.append(found)
        return selection


def select_by_list(db: Database, text: str) -> Selection:
    references = _references(text)
    if not references:
        raise StoreError("The list is empty; paste account names or ids, one per line.")
    return _Resolver(db).select(references, f"a pasted list of {len(references)}")


def select_from_csv(db: Database, path: str | Path) -> Selection:
    """The ids (or names) in a CSV: the column named like an id or name, else the first."""
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise StoreError(f"There is no file {str(path)!r}.") from None
    except (OSError, UnicodeDecodeError) as error:
        raise StoreError(f"Could not read {str(path)!r} as UTF-8 text ({error}).") from None
    rows = list(csv.reader(io.StringIO(text)))
    if not rows:
        raise StoreError(f"{Path(path).name} is empty.")
    header = [cell.strip().casefold() for cell in rows[0]]
    column = next((header.index(name) for name in ID_COLUMNS if name in header), None)
    body = rows[1:] if column is not None else rows
    column = column or 0
    references = [row[column].strip() for row in body if len(row) > column and row[column].strip()]
    return _Resolver(db).select(references, f"{Path(path).name} ({len(references)} rows)")


def preview(db: Database, crisis_id: int, selection: Selection, level: ImpactLevel) -> str:
    """"37 accounts will be marked affected (5 already are)." plus any problems."""
    ids = selection.account_ids
    already = 0
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        already += db.execute(
            f"SELECT COUNT(*) FROM impacts WHERE crisis_id = ? AND level = ? "
            f"AND account_id IN ({', '.join('?' for _ in chunk)})", [crisis_id, level.value, *chunk]
        ).fetchone()[0]
    word = level.value.replace("_", " ")
    line = f"{count_of(len(ids), 'account')} will be marked {word}" + (f" ({already} already are)." if already else ".")
    return " ".join([line, *selection.problems()])


def apply_selection(db: Database, crisis_id: int, selection: Selection, level: ImpactLevel, *,
                    by: str, now: datetime, data_accessed: bool | None = None) -> int:
    """Mark every selected account in one transaction and log one decision entry; returns its id."""
    if not selection.account_ids:
        raise StoreError("No account matched, so nothing was marked. " + " ".join(selection.problems()))
    stamp = to_text(now)
    with immediate(db):
        if next(db.query("SELECT resolved_at FROM crises WHERE id = ?", [crisis_id]), {}).get("resolved_at"):
            raise StoreError(f"Crisis {crisis_id} is resolved; its affected accounts are part of the record.")
        db.conn.executemany(
            "INSERT INTO impacts (crisis_id, account_id, level, data_accessed, set_by, set_at) "
            "VALUES (?, ?, ?, COALESCE(?, 0), ?, ?) ON CONFLICT (crisis_id, account_id) DO UPDATE SET "
            "level = excluded.level, data_accessed = COALESCE(?, data_accessed), set_by = excluded.set_by, "
            "set_at = excluded.set_at",
            [(crisis_id, account_id, level.value, data_accessed, by, stamp, data_accessed)
             for account_id in selection.account_ids],
        )
        text = (f"Marked {count_of(len(selection.account_ids), 'account')} {level.value.replace('_', ' ')}"
                f"{' (data accessed)' if data_accessed else ''} by {selection.source}.")
        if selection.unknown or selection.ambiguous:
            text += f" Left out: {count_of(len(selection.unknown) + len(selection.ambiguous), 'unmatched reference')}."
        return insert_automatic(db, crisis_id=crisis_id, kind=EntryKind.DECISION, text=text, by=by, now=now)
