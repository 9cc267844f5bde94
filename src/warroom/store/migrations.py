"""The schema, created and evolved only by these registered steps, applied at open.

Add a new `m00N_...` function for every change; never edit one that has shipped.
"""

from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

migrations = Migrations("warroom")

# Tables whose every insert and update is recorded in `changes`, so another session can
# ask "what changed since N" cheaply.
TRACKED_TABLES = (
    "accounts",
    "contacts",
    "crises",
    "impacts",
    "log_entries",
    "commitments",
    "status_updates",
    "tasks",
    "settings",
    "pins",
)

# Every column holding an instant (UTC text) or a calendar date, by table: the demo shifts
# exactly these.
INSTANT_COLUMNS = {
    "accounts": ("created_at", "updated_at"),
    "contacts": ("created_at",),
    "crises": ("started_at", "resolved_at", "created_at"),
    "impacts": ("set_at", "first_contact_at"),
    "log_entries": ("at", "recorded_at"),
    "commitments": ("due_at", "created_at", "resolved_at"),
    "status_updates": ("at",),
    "tasks": ("due_at", "done_at"),
}
DATE_COLUMNS = {"accounts": ("renewal_date",)}

_SCHEMA = """
CREATE TABLE accounts (
    id INTEGER PRIMARY KEY,
    external_id TEXT UNIQUE,
    name TEXT NOT NULL,
    domain TEXT,
    industry TEXT,
    segment TEXT,
    country TEXT,
    owner TEXT,
    arr REAL NOT NULL DEFAULT 0 CHECK (arr >= 0),
    currency TEXT,
    customer_revenue REAL,
    renewal_date TEXT,
    health TEXT CHECK (health IN ('green', 'yellow', 'red')),
    health_score REAL,
    stage TEXT,
    timezone TEXT,
    executive_escalation INTEGER NOT NULL DEFAULT 0,
    compliance_sensitive INTEGER NOT NULL DEFAULT 0,
    strategic INTEGER NOT NULL DEFAULT 0,
    high_visibility INTEGER NOT NULL DEFAULT 0,
    reference INTEGER NOT NULL DEFAULT 0,
    expansion_pipeline REAL NOT NULL DEFAULT 0,
    champion_strength TEXT CHECK (champion_strength IN ('strong', 'medium', 'weak', 'none')),
    escalations_last_year INTEGER NOT NULL DEFAULT 0,
    sentiment_trend TEXT CHECK (sentiment_trend IN ('up', 'flat', 'down')),
    growth_potential TEXT CHECK (growth_potential IN ('high', 'medium', 'low')),
    operations_24x7 INTEGER NOT NULL DEFAULT 0,
    sla_credits INTEGER NOT NULL DEFAULT 0,
    notes TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX accounts_name ON accounts (name COLLATE NOCASE);

CREATE TABLE contacts (
    id INTEGER PRIMARY KEY,
    account_id INTEGER NOT NULL REFERENCES accounts (id),
    external_id TEXT UNIQUE,
    name TEXT NOT NULL,
    role TEXT NOT NULL DEFAULT 'operational'
        CHECK (role IN ('technical', 'executive', 'operational')),
    title TEXT,
    email TEXT,
    phone TEXT,
    timezone TEXT,
    created_at TEXT NOT NULL
);
CREATE INDEX contacts_account ON contacts (account_id);

CREATE TABLE crises (
    id INTEGER PRIMARY KEY,
    title TEXT NOT NULL,
    kind TEXT NOT NULL
        CHECK (kind IN ('outage', 'security', 'product_bug', 'merger', 'leadership_change', 'other')),
    severity TEXT NOT NULL CHECK (severity IN ('L1', 'L2', 'L3', 'L4')),
    status TEXT NOT NULL DEFAULT 'investigating'
        CHECK (status IN ('investigating', 'identified', 'monitoring', 'resolved')),
    started_at TEXT NOT NULL,
    resolved_at TEXT,
    first_contact_critical_min INTEGER NOT NULL DEFAULT 60 CHECK (first_contact_critical_min > 0),
    first_contact_standard_min INTEGER NOT NULL DEFAULT 120 CHECK (first_contact_standard_min > 0),
    first_contact_stable_min INTEGER NOT NULL DEFAULT 240 CHECK (first_contact_stable_min > 0),
    customer_update_min INTEGER NOT NULL DEFAULT 120 CHECK (customer_update_min > 0),
    internal_sync_min INTEGER NOT NULL DEFAULT 240 CHECK (internal_sync_min > 0),
    created_at TEXT NOT NULL
);

CREATE TABLE impacts (
    crisis_id INTEGER NOT NULL REFERENCES crises (id),
    account_id INTEGER NOT NULL REFERENCES accounts (id),
    level TEXT NOT NULL DEFAULT 'not_affected'
        CHECK (level IN ('not_affected', 'minimal', 'affected', 'business_critical')),
    data_accessed INTEGER NOT NULL DEFAULT 0,
    tier_override TEXT CHECK (tier_override IN ('critical', 'standard', 'stable', 'not_affected')),
    override_reason TEXT,
    set_by TEXT,
    set_at TEXT,
    first_contact_at TEXT,
    PRIMARY KEY (crisis_id, account_id)
);
CREATE INDEX impacts_account ON impacts (account_id);

CREATE TABLE log_entries (
    id INTEGER PRIMARY KEY,
    crisis_id INTEGER REFERENCES crises (id),
    account_id INTEGER REFERENCES accounts (id),
    contact_id INTEGER REFERENCES contacts (id),
    kind TEXT NOT NULL,
    text TEXT NOT NULL,
    at TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    author TEXT NOT NULL,
    amends_id INTEGER REFERENCES log_entries (id)
);
CREATE INDEX log_entries_crisis ON log_entries (crisis_id, id);
CREATE INDEX log_entries_account ON log_entries (account_id, id);

CREATE TABLE commitments (
    id INTEGER PRIMARY KEY,
    crisis_id INTEGER REFERENCES crises (id),
    account_id INTEGER NOT NULL REFERENCES accounts (id),
    contact_id INTEGER REFERENCES contacts (id),
    due_at TEXT NOT NULL,
    channel TEXT,
    source_entry_id INTEGER REFERENCES log_entries (id),
    state TEXT NOT NULL DEFAULT 'open'
        CHECK (state IN ('open', 'kept', 'late', 'missed', 'cancelled')),
    created_at TEXT NOT NULL,
    resolved_at TEXT,
    settled_by_entry_id INTEGER REFERENCES log_entries (id)
);
CREATE INDEX commitments_open ON commitments (crisis_id, state, account_id);

CREATE TABLE status_updates (
    id INTEGER PRIMARY KEY,
    crisis_id INTEGER NOT NULL REFERENCES crises (id),
    at TEXT NOT NULL,
    status TEXT NOT NULL
        CHECK (status IN ('investigating', 'identified', 'monitoring', 'resolved')),
    summary TEXT NOT NULL,
    scope TEXT,
    eta TEXT,
    eta_confidence TEXT,
    workaround TEXT,
    author TEXT NOT NULL
);
CREATE INDEX status_updates_crisis ON status_updates (crisis_id, at);

CREATE TABLE tasks (
    id INTEGER PRIMARY KEY,
    crisis_id INTEGER NOT NULL REFERENCES crises (id),
    account_id INTEGER REFERENCES accounts (id),
    title TEXT NOT NULL,
    phase TEXT,
    due_at TEXT,
    done_at TEXT,
    done_by TEXT
);
CREATE INDEX tasks_crisis ON tasks (crisis_id);

CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE changes (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    table_name TEXT NOT NULL,
    row_id INTEGER NOT NULL,
    op TEXT NOT NULL
);
"""


def _change_triggers(table: str) -> list[str]:
    return [
        f"CREATE TRIGGER {table}_changes_{op} AFTER {op.upper()} ON {table} BEGIN "
        f"INSERT INTO changes (table_name, row_id, op) VALUES ('{table}', "
        f"{'OLD' if op == 'delete' else 'NEW'}.rowid, '{op}'); END"
        for op in ("insert", "update", "delete")
    ]


@migrations()
def m001_initial(db: Database) -> None:
    for statement in _SCHEMA.split(";"):
        if statement.strip():
            db.execute(statement)
    for table in TRACKED_TABLES[:-1]:  # pins arrive with m003
        for trigger in _change_triggers(table):
            db.execute(trigger)


def known_names() -> set[str]:
    """Every step this version of Warroom knows (all of them are pending on an empty db)."""
    return {migration.name for migration in migrations.pending(Database(memory=True))}


@migrations()
def m002_log_kind_index(db: Database) -> None:
    # Entries of one kind in a crisis (snoozes at start-up, escalations, decisions) without
    # scanning every entry of the crisis.
    db.execute("CREATE INDEX log_entries_kind ON log_entries (crisis_id, kind, account_id, at)")


@migrations()
def m003_pins_and_entry_links(db: Database) -> None:
    # Pins mark entries as key for the post-mortem without touching the entries themselves.
    db.execute(
        "CREATE TABLE pins (entry_id INTEGER PRIMARY KEY REFERENCES log_entries (id), "
        "pinned_by TEXT NOT NULL, pinned_at TEXT NOT NULL)"
    )
    for trigger in _change_triggers("pins"):
        db.execute(trigger)
    # The log pane asks, for each visible entry, "amended?" and "what did it promise?".
    db.execute("CREATE INDEX log_entries_amends ON log_entries (amends_id) WHERE amends_id IS NOT NULL")
    db.execute("CREATE INDEX commitments_source ON commitments (source_entry_id)")


@migrations()
def m004_checklist_tasks(db: Database) -> None:
    # Kind checklists live in `tasks` beside the recovery tasks: a stable key per checklist
    # item, and phase 'checklist'. Existing crises get their kind's checklist; a legal
    # review recorded by the earlier settings key becomes a ticked item.
    from warroom.domain.checklists import checklist_for
    from warroom.domain.vocabulary import CrisisKind

    db.execute("ALTER TABLE tasks ADD COLUMN key TEXT")
    db.execute("CREATE UNIQUE INDEX tasks_key ON tasks (crisis_id, key) WHERE key IS NOT NULL")
    for crisis in list(db.query("SELECT id, kind, created_at FROM crises")):
        for item in checklist_for(CrisisKind(crisis["kind"])):
            done = list(db.query("SELECT 1 FROM settings WHERE key = ? AND value = 'true'",
                                 [f"checklist:{crisis['id']}:{item.key}"]))
            db.execute(
                "INSERT INTO tasks (crisis_id, title, phase, key, done_at, done_by) "
                "VALUES (?, ?, 'checklist', ?, ?, ?)",
                [crisis["id"], item.title, item.key, crisis["created_at"] if done else None,
                 "earlier version" if done else None],
            )
    db.execute("DELETE FROM settings WHERE key LIKE 'checklist:%'")
