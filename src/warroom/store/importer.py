"""`warroom import`: accounts and contacts from CRM CSV exports, in one transaction.

Bad rows are reported (line, column, value, reason) and skipped; with `strict` nothing lands
if any row is bad. Rows are matched on their CRM id (else the name), so importing the same
file twice changes nothing.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from sqlite_utils import Database

from warroom.domain.crm_values import parse_bool, parse_count, parse_date, parse_health, parse_money
from warroom.domain.instants import to_text
from warroom.domain.safetext import terminal_safe
from warroom.domain.zones import zone_named
from warroom.store.crm_columns import ACCOUNT_FIELDS, CONTACT_FIELDS, detect_kind, map_columns
from warroom.store.errors import StoreError
from warroom.store.transactions import immediate

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


@dataclass(frozen=True, slots=True)
class RowProblem:
    line: int
    column: str
    value: str
    reason: str

    def sentence(self) -> str:
        value = terminal_safe(self.value, limit=40)
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


def _convert(field_name: str, text: str, dayfirst: bool) -> dict:
    """Cell text -> the column values it sets (blank -> None, or False for flags)."""
    text = text.strip()
    if field_name in BOOL_FIELDS:
        return {field_name: int(parse_bool(text))}
    if not text:
        return {field_name: None}
    if field_name in MONEY_FIELDS:
        money = parse_money(text)
        values = {field_name: money.amount}
        if field_name in ("arr", "mrr") and money.currency:
            values["currency"] = money.currency
        return values
    if field_name == "renewal_date":
        return {field_name: parse_date(text, dayfirst=dayfirst).isoformat()}
    if field_name == "health":
        reading = parse_health(text)
        return {"health": reading.health.value, "health_score": reading.score}
    if field_name == "escalations_last_year":
        return {field_name: parse_count(text)}
    if field_name in CHOICES:
        return {field_name: _choice(field_name, text)}
    if field_name == "timezone":
        return {field_name: _timezone(text)}
    return {field_name: text}


def _read_rows(path: Path) -> tuple[list[str], list[list[str]], list[str]]:
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
    try:
        dialect = csv.Sniffer().sniff(text[:8192], delimiters=",;\t|")
    except csv.Error:
        dialect = csv.excel
    rows = list(csv.reader(io.StringIO(text, newline=""), dialect))
    if not rows or not any(cell.strip() for cell in rows[0]):
        raise StoreError(f"{path} is empty; export the CSV again with its header row.")
    return rows[0], rows[1:], notes


class _Upserter:
    """Matches rows to existing ones and writes only what changed."""

    def __init__(self, db: Database, table: str, now: datetime, report: ImportReport) -> None:
        self.db, self.table, self.report = db, table, report
        self.stamp = to_text(now)
        self.existing = {row["id"]: row for row in db.query(f"SELECT * FROM {table}")}
        self.inserted_ids: set[int] = set()

    def write(self, existing_id: int | None, values: dict) -> int:
        if existing_id is None:
            values = dict(values, created_at=self.stamp)
            if self.table == "accounts":
                values["updated_at"] = self.stamp
            columns = ", ".join(values)
            marks = ", ".join("?" for _ in values)
            new_id = self.db.execute(
                f"INSERT INTO {self.table} ({columns}) VALUES ({marks})", list(values.values())
            ).lastrowid
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


def _check_overrides(overrides: dict[str, str], fields: dict, kind: str) -> None:
    for column, target in overrides.items():
        if target not in fields:
            known = ", ".join(sorted(fields))
            raise StoreError(f"--map {column}={target}: {kind} have no field {target!r}; use one of {known}.")


def _good_rows(header, rows, mapping, dayfirst, report, progress):
    """Yield (line number, field values) for each row whose every cell reads; report the rest."""
    for index, cells in enumerate(rows):
        if progress and index % PROGRESS_EVERY == 0:
            progress(index, len(rows))
        if not any(cell.strip() for cell in cells):
            continue
        report.rows += 1
        line = index + 2  # the header is line 1
        values: dict = {}
        problems = []
        for position, field_name in mapping.items():
            cell = cells[position] if position < len(cells) else ""
            try:
                values.update(_convert(field_name, cell, dayfirst))
            except ValueError as error:
                problems.append(RowProblem(line, header[position], cell, str(error)))
        if problems:
            report.problems.extend(problems)
            report.skipped += 1
            continue
        yield line, values


def _import_accounts(db, header, rows, mapping, dayfirst, now, report, progress) -> None:
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


def _import_contacts(db, header, rows, mapping, dayfirst, now, report, progress) -> None:
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
    progress: Callable[[int, int], None] | None = None,
) -> ImportReport:
    """Import one CSV of accounts or contacts (detected from its header unless `kind`)."""
    header, rows, notes = _read_rows(Path(path))
    kind = kind or detect_kind(header)
    fields = ACCOUNT_FIELDS if kind == "accounts" else CONTACT_FIELDS
    overrides = overrides or {}
    _check_overrides(overrides, fields, kind)
    mapping = map_columns(header, fields, overrides)
    report = ImportReport(kind=kind, notes=notes)
    importer = _import_accounts if kind == "accounts" else _import_contacts
    with immediate(db):
        importer(db, header, rows, mapping, dayfirst, now, report, progress)
        if progress:
            progress(len(rows), len(rows))
        if dry_run or (strict and report.problems):
            db.rollback()
        else:
            report.landed = True
    return report
