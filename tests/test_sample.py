"""sample.db is what its script builds, and holds what every later screen is tested against."""

import sqlite3
from collections import Counter
from datetime import date, timedelta

import pytest

from warroom.store.crises import list_crises
from warroom.store.database import open_database
from warroom.store.queue import load_queue
from warroom.store.sample import AS_OF, HOSTILE_NAMES, build_sample

from tests.conftest import REPO

CONTENT_TABLES = ("accounts", "contacts", "crises", "impacts", "log_entries", "commitments",
                  "status_updates", "tasks", "settings", "changes")


def dump(path):
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return {table: conn.execute(f"SELECT * FROM {table} ORDER BY rowid").fetchall() for table in CONTENT_TABLES}
    finally:
        conn.close()


def test_rebuilding_gives_the_committed_content(tmp_path):
    rebuilt = build_sample(tmp_path / "sample.db")
    assert dump(rebuilt) == dump(REPO / "sample.db"), "sample.db is stale: run `make sample` and commit it"


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    path = tmp_path_factory.mktemp("s") / "sample.db"
    path.write_bytes((REPO / "sample.db").read_bytes())
    db = open_database(path)
    yield db
    db.close()


def test_portfolio_spans_every_criterion(sample):
    rows = list(sample.query("SELECT * FROM accounts"))
    assert 140 <= len(rows) <= 160
    today = AS_OF.date()
    renewals = [(date.fromisoformat(r["renewal_date"]) - today).days for r in rows]
    assert any(d <= 30 for d in renewals)
    assert any(30 < d <= 60 for d in renewals)
    assert any(60 < d <= 90 for d in renewals)
    assert {r["health"] for r in rows} == {"green", "yellow", "red"}
    for flag in ("executive_escalation", "strategic", "reference", "operations_24x7", "high_visibility"):
        assert any(r[flag] for r in rows), flag
    industries = {r["industry"] for r in rows}
    assert {"Government", "Healthcare", "Financial Services"} <= industries
    names = {r["name"] for r in rows}
    assert set(HOSTILE_NAMES) <= names
    assert any("[" in n and "]" in n for n in names) and any("\x1b" in n for n in names)


def test_every_account_has_two_to_four_contacts_across_zones(sample):
    counts = Counter(r["account_id"] for r in sample.query("SELECT account_id FROM contacts"))
    assert set(counts.values()) <= {2, 3, 4}
    assert len(counts) == next(sample.query("SELECT COUNT(*) n FROM accounts"))["n"]
    zones = {r["timezone"] for r in sample.query("SELECT timezone FROM contacts")}
    assert len(zones) >= 5


def test_live_outage_and_resolved_security_incident(sample):
    crises = list_crises(sample)
    live = [c for c in crises if c.is_open]
    assert len(live) == 1 and live[0].severity.value == "L1" and live[0].kind.value == "outage"
    assert timedelta(0) < AS_OF - live[0].started_at <= timedelta(minutes=30)
    resolved = [c for c in crises if not c.is_open]
    assert len(resolved) == 1 and resolved[0].kind.value == "security"
    assert next(sample.query("SELECT COUNT(*) n FROM tasks WHERE crisis_id = ?", [resolved[0].id]))["n"] >= 5
    entries = next(sample.query("SELECT COUNT(*) n FROM log_entries WHERE crisis_id = ?", [live[0].id]))["n"]
    assert 35 <= entries <= 60
    assert next(sample.query("SELECT COUNT(*) n FROM status_updates WHERE crisis_id = ?", [live[0].id]))["n"] == 2


def test_sample_queue_shows_kept_due_soon_and_exactly_one_overdue(sample):
    live = next(c for c in list_crises(sample) if c.is_open)
    states = Counter(r["state"] for r in sample.query("SELECT state FROM commitments WHERE crisis_id = ?", [live.id]))
    assert states["kept"] >= 3 and states["open"] >= 10
    queue = load_queue(sample, live, AS_OF)
    deadline_states = Counter(item.deadline.state(AS_OF).value for item in queue if item.deadline)
    assert deadline_states["overdue"] == 1 and deadline_states["due_soon"] >= 3
    assert {item.tier.value for item in queue} == {"critical", "standard", "stable"}
