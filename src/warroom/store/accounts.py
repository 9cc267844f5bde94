"""Accounts: finding one from what a person types, and reading the facts triage needs."""

from __future__ import annotations

from datetime import date
from sys import intern
from typing import Any

from sqlite_utils import Database

from warroom.domain.accounts import AccountFacts
from warroom.domain.safetext import terminal_safe
from warroom.domain.vocabulary import Health
from warroom.store.errors import StoreError
from warroom.store.like import starts_with

# In AccountFacts field order, so a row becomes facts positionally (the queue reads 50,000).
FACT_COLUMNS = (
    "id, name, arr, industry, owner, renewal_date, health, executive_escalation, "
    "compliance_sensitive, strategic, high_visibility, reference, expansion_pipeline, "
    "champion_strength, escalations_last_year, sentiment_trend, growth_potential, operations_24x7"
)
_HEALTH = {health.value: health for health in Health}
_parse_date = date.fromisoformat


def _shared(text: str | None) -> str | None:
    # Industries, owners and other few-valued columns repeat across 50,000 rows: keep one copy.
    return None if text is None else intern(text)


def facts_from_tuple(row: tuple[Any, ...]) -> AccountFacts:
    """AccountFacts from a row selected with FACT_COLUMNS."""
    (id_, name, arr, industry, owner, renewal, health, escalation, compliance, strategic, visible,
     reference, pipeline, champion, escalations, sentiment, growth, always_on) = row
    return AccountFacts(
        id_, name, arr or 0.0, _shared(industry), _shared(owner), _parse_date(renewal) if renewal else None,
        _HEALTH.get(health), bool(escalation), bool(compliance), bool(strategic), bool(visible),
        bool(reference), pipeline or 0.0, _shared(champion), escalations or 0, _shared(sentiment), _shared(growth),
        bool(always_on),
    )


def find_account(db: Database, reference: str) -> dict[str, Any]:
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
            [starts_with(wanted)],
        )
    )
    shown = terminal_safe(wanted, limit=60)
    if not matches:
        raise StoreError(f"No account matches {shown!r}; `warroom queue` lists the accounts.")
    if len(matches) > 1:
        names = ", ".join(f"#{row['id']} {terminal_safe(row['name'], limit=40)}" for row in matches[:5])
        raise StoreError(f"{shown!r} matches several accounts ({names}); use the #number.")
    return matches[0]


def account_names_starting(db: Database, prefix: str, limit: int = 5) -> list[str]:
    """Names of accounts starting with `prefix` (for completing "@acc" in the quick entry)."""
    return [row[0] for row in db.execute(
        "SELECT name FROM accounts WHERE name LIKE ? ESCAPE '\\' ORDER BY name LIMIT ?", [starts_with(prefix), limit])]
