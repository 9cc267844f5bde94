"""`warroom import`: accounts and contacts from CRM CSV exports, in one transaction.

Bad rows are reported (line, column, value, reason) and skipped; with `strict` nothing lands
if any row is bad. Rows are matched on their CRM id (else the name), so importing the same
file twice changes nothing.

The file is read as RFC 4180 CSV (quotes doubled inside quoted cells); only the separator is
guessed, from the header line. A row is bad, never silently reshaped, when its cell count differs
from the header's, a quote is left open, a cell is longer than MAX_CELL or its CRM id was already
seen in the file.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from warroom.domain.crm_values import parse_bool, parse_count, parse_date, parse_health, parse_money
from warroom.domain.instants import to_text
from warroom.domain.safetext import terminal_safe
from warroom.domain.zones import zone_named
from warroom.store.crm_columns import (
    ACCOUNT_FIELDS,
    CONTACT_FIELDS,
    detect_kind,
    map_columns,
    repeated_columns,
    unread_columns,
)
from warroom.store.errors import StoreError
from warroom.store.transactions import immediate, inserted_id

MONEY_FIELDS = {"arr", "mrr", "customer_revenue", "expansion_pipeline"}
BOOL_FIELDS = {
    "executive_escalation",
    "compliance_sensitive",
    "strategic",
    "high_visibility",
    "reference",
    "operations_24x7",
    "sla_credits",
}
CHOICES = {
    "champion_strength": {"strong": "strong", "high": "strong", "medium": "medium", "moderate": "medium",
                          "weak": "weak", "low": "weak", "none": "none", "no": "none"},
    "sentiment_trend": {"up": "up", "improving": "up", "positive": "up", "flat": "flat", "stable": "flat",
                        "neutral": "flat", "down": "down", "declining": "down", "negative": "down"},
    "growth_potential": {"high": "high", "medium": "medium", "low": "low"},
    "role": {"technical": "technical", "tech": "technical", "executive": "executive", "exec": "executive",
             "operational": "operational", "ops": "operational", "operations": "operational",
             "business": "operational", "user": "operational"},
}
_TECHNICAL_TITLE = re.compile(
    r"\b(cto|cio|ciso|technolog\w*|engineer\w*|architect|developer|devops|sre|it|admin\w*|technical|security)\b",
    re.IGNORECASE,
)
_EXECUTIVE_TITLE = re.compile(
    r"\b(ceo|cfo|coo|cro|president|founder|owner|vp|svp|evp|vice president|chief|director|head)\b",
    re.IGNORECASE,
)
PROGRESS_EVERY = 1000
SEPARATORS = ",;\t|"
MAX_CELL = 64 * 1024  # characters; anything longer is a broken export, not an account field
SHOWN_LINE = 200  # characters of a bad line kept in its report

# Column -> value for the columns one CSV row sets: which ones depends on the file's header.
Values = dict[str, Any]
Progress = Callable[[int, int], None]


@dataclass(frozen=True, slots=True)
class RowProblem:
    line: int
    column: str
    value: str
    reason: str

    def sentence(self) -> str:
        value = terminal_safe(self.value, limit=40)
        if not self.column:  # the whole line is bad, not one cell
            return f"line {self.line}: {value!r}: {self.reason}"
        return f"line {self.line}, column {terminal_safe(self.column, limit=40)!r}: {value!r}: {self.reason}"


@dataclass
class ImportReport:
    kind: str
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    problems: list[RowProblem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    landed: bool = False

    def reject(self, line: int, column: str, value: str, reason: str) -> None:
        self.problems.append(RowProblem(line, column, value, reason))
        self.skipped += 1

    def summary(self) -> str:
        return (
            f"{self.kind}: {self.rows} rows read, {self.created} created, {self.updated} updated, "
            f"{self.unchanged} unchanged, {self.skipped} skipped"
        )


def role_from_title(title: str | None) -> str:
    if title and _TECHNICAL_TITLE.search(title):
        return "technical"
    if title and _EXECUTIVE_TITLE.search(title):
        return "executive"
    return "operational"


def _choice(field_name: str, text: str) -> str:
    choices = CHOICES[field_name]
    value = choices.get(text.strip().casefold())
    if value is None:
        raise ValueError(f"use one of {', '.join(sorted(set(choices.values())))}")
    return value


def _timezone(text: str) -> str:
    if zone_named(text) is None:
        raise ValueError("it is not an IANA time zone (like Europe/Paris or America/New_York)")
    return text


def _convert(field_name: str, text: str, dayfirst: bool) -> Values:
    """Cell text -> the column values it sets (blank -> None, or False for flags)."""
    text = text.strip()
    if field_name in BOOL_FIELDS:
        return {field_name: int(parse_bool(text))}
    if not text:
        return {field_name: None}
    if field_name in MONEY_FIELDS:
        money = parse_money(text)
        assert money is not None  # only blank text reads as no amount
        values: Values = {field_name: money.amount}
        if field_name in ("arr", "mrr") and money.currency:
            values["currency"] = money.currency
        return values
    if field_name == "renewal_date":
        renewal = parse_date(text, dayfirst=dayfirst)
        assert renewal is not None  # only blank text reads as no date
        return {field_name: renewal.isoformat()}
    if field_name == "health":
        reading = parse_health(text)
        assert reading is not None  # only blank text reads as no health
        return {"health": reading.health.value, "health_score": reading.score}
    if field_name == "escalations_last_year":
        return {field_name: parse_count(text)}
    if field_name in CHOICES:
        return {field_name: _choice(field_name, text)}
    if field_name == "timezone":
        return {field_name: _timezone(text)}
    return {field_name: text}


def _read_text(path: Path) -> tuple[str, list[str]]:
    notes = []
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise StoreError(f"Cannot read {path}: {error.strerror}; check the path.") from error
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise StoreError(f"{path} is not UTF-8 text; save it as \"CSV UTF-8\" and import it again.") from None
    if "\x00" in text:
        notes.append("NUL bytes in the file were dropped.")
        text = text.replace("\x00", "")
    return text, notes


def _separator_of(text: str) -> str:
    """The separator of the header line: whichever of , ; tab | it has most outside quotes (comma on a tie)."""
    counts = dict.fromkeys(SEPARATORS, 0)
    quoted = False
    for char in text:
        if char == '"':
            quoted = not quoted  # a doubled quote toggles twice
        elif quoted:
            continue
        elif char in "\r\n":
            break
        elif char in counts:
            counts[char] += 1
    return max(SEPARATORS, key=counts.__getitem__)


def _csv_reason(error: str) -> str:
    if "end of data" in error:
        return "unclosed quote"
    if "expected after" in error:
        return 'a quote inside a quoted cell must be doubled ("")'
    return error


class _RowReader:
    """Splits a CSV text into its header, the rows of the header's width and the problems of the
    other records. A bad record that ran over several lines (or to the end of the file) was opened
    by a stray quote: it is reported at its first line and reading resumes on its second line."""

    def __init__(self, text: str, path: Path) -> None:
        self.path = path
        self.lines = io.StringIO(text, newline="").readlines()
        self.separator = _separator_of(text)
        self.header: list[str] = []
        self.rows: list[tuple[int, list[str]]] = []
        self.problems: list[RowProblem] = []

    def read(self) -> None:
        start = 0
        while start < len(self.lines):
            start = self._read_from(start)
        if not self.header:
            raise StoreError(f"{self.path} is empty; export the CSV again with its header row.")

    def _read_from(self, start: int) -> int:
        """Read the records from line index `start`; return the index to read again from."""
        reader = csv.reader(map(self.lines.__getitem__, range(start, len(self.lines))),
                            delimiter=self.separator, strict=True)
        first = start  # index of the first line of the record being read
        while True:
            try:
                for cells in reader:
                    if len(cells) == len(self.header) and max(map(len, cells), default=0) <= MAX_CELL:
                        if any(map(str.strip, cells)):
                            self.rows.append((first + 1, cells))
                    elif resume := self._other_record(first, start + reader.line_num, cells, ""):
                        return resume
                    first = start + reader.line_num
                return len(self.lines)
            except csv.Error as error:
                if resume := self._other_record(first, start + reader.line_num, None, str(error)):
                    return resume
                first = start + reader.line_num

    def _other_record(self, first: int, end: int, cells: list[str] | None, error: str) -> int | None:
        """Take a record that is not a plain row: blank, the header, or bad (reported). Return the
        line index to read again from when the record swallowed the lines after its first."""
        if cells is not None and not any(map(str.strip, cells)):
            return None
        if not self.header:
            if cells is None:
                raise StoreError(f"The header row of {self.path} cannot be read ({_csv_reason(error)}); "
                                 "fix it and import again.")
            self.header = cells
            return None
        line, shown = first + 1, self.lines[first].rstrip("\r\n")[:SHOWN_LINE]
        if cells is not None and len(cells) == len(self.header):
            lengths = list(map(len, cells))
            position = lengths.index(max(lengths))
            self.problems.append(RowProblem(line, self.header[position], cells[position][:SHOWN_LINE],
                                            f"the cell is {lengths[position]:,} characters long; "
                                            f"the limit is {MAX_CELL:,}"))
        elif end - first > 1 or _csv_reason(error) == "unclosed quote":
            runs_to = "the end of the file" if end >= len(self.lines) else f"line {end}"
            self.problems.append(RowProblem(line, "", shown, f"unclosed quote: the cell opened here runs to "
                                            f"{runs_to}; the lines after this one are read as rows of their own"))
            return first + 1
        elif cells is None:
            self.problems.append(RowProblem(line, "", shown, _csv_reason(error)))
        else:
            reason = f"{len(cells)} cells where the header has {len(self.header)}"
            self.problems.append(RowProblem(line, "", shown, reason))
        return None


def _read_rows(path: Path) -> tuple[list[str], list[tuple[int, list[str]]], list[RowProblem], list[str]]:
    """Header, (line, cells) of each well-formed row, problems of the other rows, notes."""
    text, notes = _read_text(path)
    reader = _RowReader(text, path)
    # The module-wide limit is lifted while reading, so a huge cell is read whole and reported
    # as one bad row (against MAX_CELL) instead of stopping the reader in the middle of it.
    previous_limit = csv.field_size_limit(max(csv.field_size_limit(), len(text) + 1))
    try:
        reader.read()
    finally:
        csv.field_size_limit(previous_limit)
    return reader.header, reader.rows, reader.problems, notes


class _Upserter:
    """Matches rows to existing ones and writes only what changed."""

    def __init__(self, db: Database, table: str, now: datetime, report: ImportReport) -> None:
        self.db, self.table, self.report = db, table, report
        self.stamp = to_text(now)
        self.existing = {row["id"]: row for row in db.query(f"SELECT * FROM {table}")}
        self.inserted_ids: set[int] = set()

    def write(self, existing_id: int | None, values: Values) -> int:
        if existing_id is None:
            values = dict(values, created_at=self.stamp)
            if self.table == "accounts":
                values["updated_at"] = self.stamp
            columns = ", ".join(values)
            marks = ", ".join("?" for _ in values)
            new_id = inserted_id(self.db.execute(
                f"INSERT INTO {self.table} ({columns}) VALUES ({marks})", list(values.values())
            ))
            self.existing[new_id] = dict(values, id=new_id)
            self.inserted_ids.add(new_id)
            self.report.created += 1
            return new_id
        current = self.existing[existing_id]
        changed = {column: value for column, value in values.items() if current.get(column) != value}
        if not changed:
            self.report.unchanged += 1
            return existing_id
        if self.table == "accounts":
            changed["updated_at"] = self.stamp
        assignments = ", ".join(f"{column} = ?" for column in changed)
        self.db.execute(
            f"UPDATE {self.table} SET {assignments} WHERE id = ?", [*changed.values(), existing_id]
        )
        current.update(changed)
        if existing_id not in self.inserted_ids:
            self.report.updated += 1
        return existing_id


def _check_overrides(overrides: dict[str, str], fields: dict[str, tuple[str, ...]], kind: str) -> None:
    for column, target in overrides.items():
        if target not in fields:
            known = ", ".join(sorted(fields))
            raise StoreError(f"--map {column}={target}: {kind} have no field {target!r}; use one of {known}.")


def _check_columns(header: list[str], fields: dict[str, tuple[str, ...]], mapping: dict[int, str]) -> list[str]:
    """Notes on the columns that are not read. Two columns of one name stop the import when that
    name is read as a field: which one holds the value cannot be told, nor chosen with --map."""
    notes = []
    repeated = repeated_columns(header)
    for group in repeated:
        numbers = ", ".join(str(position + 1) for position in group[:-1]) + f" and {group[-1] + 1}"
        name = terminal_safe(header[group[0]], limit=40)
        every, none = ("both", "neither") if len(group) == 2 else ("all", "none of them")
        read_as = next((mapping[position] for position in group if position in mapping), None)
        if read_as:
            raise StoreError(f"Columns {numbers} are {every} named {name!r}, so which one holds the {read_as} "
                             "cannot be told; rename or delete all but one in the file and import again.")
        notes.append(f"Columns {numbers} are {every} named {name!r}; {none} is read.")
    in_groups = {position for group in repeated for position in group}
    for position, instead in unread_columns(header, fields, mapping):
        if position not in in_groups:
            column, other = terminal_safe(header[position], limit=40), terminal_safe(header[instead], limit=40)
            notes.append(f"Column {column!r} is not read: {other!r} is read as {mapping[instead]}; "
                         f"to read {column!r} instead, pass --map \"{column}={mapping[instead]}\".")
    return notes


def _good_rows(header: list[str], rows: list[tuple[int, list[str]]], mapping: dict[int, str], dayfirst: bool,
               report: ImportReport, progress: Progress | None) -> Iterator[tuple[int, Values]]:
    """Yield (line number, field values) for each row whose every cell reads; report the rest.
    A CRM id seen on an earlier row makes the later row bad: the file contradicts itself."""
    id_position = next((position for position, name in mapping.items() if name == "external_id"), None)
    line_of_id: dict[str, int] = {}
    for index, (line, cells) in enumerate(rows):
        if progress and index % PROGRESS_EVERY == 0:
            progress(index, len(rows))
        report.rows += 1
        if id_position is not None and (crm_id := cells[id_position].strip()):
            first_line = line_of_id.setdefault(crm_id, line)
            if first_line != line:
                report.reject(line, header[id_position], crm_id,
                              f"the same id as line {first_line}; an id may appear once in a file")
                continue
        values: Values = {}
        problems = []
        for position, field_name in mapping.items():
            try:
                values.update(_convert(field_name, cells[position], dayfirst))
            except ValueError as error:
                problems.append(RowProblem(line, header[position], cells[position], str(error)))
        if problems:
            report.problems.extend(problems)
            report.skipped += 1
            continue
        yield line, values


def _import_accounts(db: Database, header: list[str], rows: list[tuple[int, list[str]]], mapping: dict[int, str],
                     dayfirst: bool, now: datetime, report: ImportReport, progress: Progress | None) -> None:
    fields = set(mapping.values())
    if "name" not in fields:
        raise StoreError(
            "No column of account names was found (looked for Name, Account Name, Company name); "
            "name it with --map COLUMN=name."
        )
    if "customer_revenue" in fields and "arr" not in fields:
        report.notes.append(
            "AnnualRevenue was read as the customer's own revenue, not the ARR they pay you; "
            "if it is ARR, pass --map \"AnnualRevenue=arr\"."
        )
    if not fields & {"arr", "mrr"}:
        report.notes.append("No ARR column was found; new accounts get ARR 0 (map one with --map COLUMN=arr).")
    upserter = _Upserter(db, "accounts", now, report)
    by_external = {row["external_id"]: id_ for id_, row in upserter.existing.items() if row["external_id"]}
    by_name = {row["name"].casefold(): id_ for id_, row in upserter.existing.items()}
    for line, values in _good_rows(header, rows, mapping, dayfirst, report, progress):
        if not values.get("name"):
            report.reject(line, "name", "", "every account needs a name")
            continue
        mrr = values.pop("mrr", None)
        if values.get("arr") is None and mrr is not None:
            values["arr"] = round(mrr * 12, 2)
        if values.get("arr") is None:
            values.pop("arr", None)
        external = values.get("external_id")
        existing_id = by_external.get(external) if external else None
        if existing_id is None and not external:
            existing_id = by_name.get(values["name"].casefold())
        account_id = upserter.write(existing_id, values)
        if external:
            by_external[external] = account_id
        by_name[values["name"].casefold()] = account_id


def _import_contacts(db: Database, header: list[str], rows: list[tuple[int, list[str]]], mapping: dict[int, str],
                     dayfirst: bool, now: datetime, report: ImportReport, progress: Progress | None) -> None:
    fields = set(mapping.values())
    if not fields & {"account", "account_external_id"}:
        raise StoreError(
            "No column names the contact's account (looked for Account Name, Company, Account ID); "
            "name it with --map COLUMN=account."
        )
    if not fields & {"name", "first_name", "last_name", "email"}:
        raise StoreError("No column of contact names was found; name it with --map COLUMN=name.")
    accounts = list(db.query("SELECT id, name, external_id FROM accounts"))
    account_by_external = {row["external_id"]: row["id"] for row in accounts if row["external_id"]}
    account_by_name = {row["name"].casefold(): row["id"] for row in accounts}
    upserter = _Upserter(db, "contacts", now, report)
    by_external = {row["external_id"]: id_ for id_, row in upserter.existing.items() if row["external_id"]}
    by_key = {}
    for id_, row in upserter.existing.items():
        by_key[(row["account_id"], (row["email"] or row["name"]).casefold())] = id_
    for line, values in _good_rows(header, rows, mapping, dayfirst, report, progress):
        account_ref = values.pop("account_external_id", None)
        account_name = values.pop("account", None)
        account_id = account_by_external.get(account_ref) if account_ref else None
        if account_id is None and account_name:
            account_id = account_by_name.get(account_name.casefold()) or account_by_external.get(account_name)
        if account_id is None:
            shown = account_ref or account_name or ""
            report.reject(line, "account", shown, "no such account; import the accounts first")
            continue
        first, last = values.pop("first_name", None), values.pop("last_name", None)
        if not values.get("name"):
            values["name"] = " ".join(part for part in (first, last) if part) or values.get("email")
        if not values.get("name"):
            report.reject(line, "name", "", "every contact needs a name or an email")
            continue
        if not values.get("role"):
            values["role"] = role_from_title(values.get("title"))
        values["account_id"] = account_id
        external = values.get("external_id")
        key = (account_id, (values.get("email") or values["name"]).casefold())
        existing_id = by_external.get(external) if external else by_key.get(key)
        contact_id = upserter.write(existing_id, values)
        if external:
            by_external[external] = contact_id
        by_key[key] = contact_id


def import_csv(
    db: Database,
    path: str | Path,
    *,
    now: datetime,
    overrides: dict[str, str] | None = None,
    kind: str | None = None,
    dayfirst: bool = False,
    dry_run: bool = False,
    strict: bool = False,
    progress: Progress | None = None,
) -> ImportReport:
    """Import one CSV of accounts or contacts (detected from its header unless `kind`)."""
    header, rows, bad_rows, notes = _read_rows(Path(path))
    kind = kind or detect_kind(header)
    fields = ACCOUNT_FIELDS if kind == "accounts" else CONTACT_FIELDS
    overrides = overrides or {}
    _check_overrides(overrides, fields, kind)
    mapping = map_columns(header, fields, overrides)
    notes.extend(_check_columns(header, fields, mapping))
    report = ImportReport(kind=kind, notes=notes, rows=len(bad_rows), skipped=len(bad_rows), problems=bad_rows)
    importer = _import_accounts if kind == "accounts" else _import_contacts
    with immediate(db):
        importer(db, header, rows, mapping, dayfirst, now, report, progress)
        if progress:
            progress(len(rows), len(rows))
        report.problems.sort(key=lambda problem: problem.line)
        if dry_run or (strict and report.problems):
            db.rollback()
        else:
            report.landed = True
    return report
