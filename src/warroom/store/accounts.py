"""Accounts: finding one from what a person types, and reading the facts triage needs."""

from __future__ import annotations

from sqlite_utils import Database

from warroom.domain.accounts import AccountFacts
from warroom.domain.instants import date_from_text
from warroom.domain.safetext import terminal_safe
from warroom.domain.vocabulary import Health
from warroom.store.errors import StoreError

FACT_COLUMNS = (
    "id, name, arr, industry, owner, renewal_date, health, executive_escalation, "
    "compliance_sensitive, strategic, high_visibility, reference, expansion_pipeline, "
    "champion_strength, escalations_last_year, sentiment_trend, growth_potential, operations_24x7"
)


def facts_from_row(row: dict) -> AccountFacts:
    return AccountFacts(
        id=row["id"],
        name=row["name"],
        arr=row["arr"] or 0.0,
        industry=row["industry"],
        owner=row["owner"],
        renewal_date=date_from_text(row["renewal_date"]),
        health=Health(row["health"]) if row["health"] else None,
        executive_escalation=bool(row["executive_escalation"]),
        compliance_sensitive=bool(row["compliance_sensitive"]),
        strategic=bool(row["strategic"]),
        high_visibility=bool(row["high_visibility"]),
        reference=bool(row["reference"]),
        expansion_pipeline=row["expansion_pipeline"] or 0.0,
        champion_strength=row["champion_strength"],
        escalations_last_year=row["escalations_last_year"] or 0,
        sentiment_trend=row["sentiment_trend"],
        growth_potential=row["growth_potential"],
        operations_24x7=bool(row["operations_24x7"]),
    )


def find_account(db: Database, reference: str) -> dict:
    """The account a person means by `reference`: its id (`#12` or `12`), its CRM id, or its
    name (exact, ignoring case; else a unique prefix)."""
    wanted = reference.strip()
    if not wanted:
        raise StoreError("Name an account (its name, CRM id or #number).")
    if wanted.lstrip("#").isdigit():
        for row in db.query("SELECT * FROM accounts WHERE id = ?", [int(wanted.lstrip("#"))]):
            return row
    for row in db.query("SELECT * FROM accounts WHERE external_id = ?", [wanted]):
        return row
    exact = list(db.query("SELECT * FROM accounts WHERE name = ? COLLATE NOCASE LIMIT 2", [wanted]))
    if len(exact) == 1:
        return exact[0]
    matches = exact or list(
        db.query(
            "SELECT * FROM accounts WHERE name LIKE ? ESCAPE '\\' COLLATE NOCASE "
            "ORDER BY name LIMIT 6",
            [wanted.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"],
        )
    )
    shown = terminal_safe(wanted, limit=60)
    if not matches:
        raise StoreError(f"No account matches {shown!r}; `warroom queue` lists the accounts.")
    if len(matches) > 1:
        names = ", ".join(f"#{row['id']} {terminal_safe(row['name'], limit=40)}" for row in matches[:5])
        raise StoreError(f"{shown!r} matches several accounts ({names}); use the #number.")
    return matches[0]
