"""The crisis lifecycle in the store: opening and editing with their refusals, the kind
checklist, bulk marking, engineering status, internal sync, compensation, resolution with
its recovery plan."""

from __future__ import annotations

from datetime import UTC, timedelta

import pytest

from warroom.compose.sync_summary import sync_summary
from warroom.domain.compensation import suggest
from warroom.domain.crises import cadence_from_minutes, cadence_minutes
from warroom.domain.deadlines import Cadence
from warroom.domain.rollups import next_sync
from warroom.domain.vocabulary import (
    CommitmentState,
    CrisisKind,
    EntryKind,
    ImpactLevel,
    Severity,
    TechnicalStatus,
    Tier,
)
from warroom.store import affected as bulk
from warroom.store.crises import active_crisis, create_crisis, crises_on_screen, edit_crisis, get_crisis, resolve_crisis
from warroom.store.errors import StoreError
from warroom.store.impacts import set_impact
from warroom.store.log import append_entry
from warroom.store.rollups import crisis_rollup, last_sync_at, record_sync
from warroom.store.status import latest_status, post_status, status_history
from warroom.store.tasks import find_task, in_recovery, legal_review_pending, list_tasks, tick_task

from tests.conftest import NOW


def accounts(db, count=6):
    rows = [{"id": n, "name": f"Account {n}", "external_id": f"CRM-{n}", "industry": "Healthcare" if n % 2 else
             "Retail", "country": "DE" if n <= 3 else "US", "timezone": "Europe/Berlin" if n <= 3 else
             "America/New_York", "segment": "Enterprise", "owner": "Ana", "arr": 100_000.0 * n,
             "health": "green", "champion_strength": "strong", "created_at": "x", "updated_at": "x"}
            for n in range(1, count + 1)]
    db.table("accounts").insert_all(rows)


def entries(db, crisis_id, kind=None):
    sql = "SELECT kind, text, account_id FROM log_entries WHERE crisis_id = ?" + (" AND kind = ?" if kind else "")
    return list(db.query(sql + " ORDER BY id", [crisis_id, kind.value] if kind else [crisis_id]))


def open_crisis(db, kind=CrisisKind.OUTAGE, **extra):
    return create_crisis(db, title="Gateway down", kind=kind, severity=Severity.L1,
                         started_at=NOW - timedelta(hours=1), now=NOW, by="Ana", **extra)


# --- opening and editing ---------------------------------------------------------------------

def test_open_logs_a_decision_and_adds_the_kind_checklist(db):
    crisis = open_crisis(db, kind=CrisisKind.SECURITY, status=TechnicalStatus.IDENTIFIED)
    assert crisis.status is TechnicalStatus.IDENTIFIED
    assert [row["text"] for row in entries(db, crisis.id)] == ["Crisis opened: Security incident, L1, identified."]
    titles = [task.title for task in list_tasks(db, crisis.id)]
    assert any("Legal reviews every customer message" in title for title in titles)
    assert any("Forensic evidence" in title for title in titles)
    assert any("data was accessed" in title for title in titles)
    assert all(task.is_checklist and task.due_at is None for task in list_tasks(db, crisis.id))


@pytest.mark.parametrize("kind, words", [
    (CrisisKind.OUTAGE, "SLA credits"), (CrisisKind.OUTAGE, "24x7"), (CrisisKind.PRODUCT_BUG, "Workarounds"),
    (CrisisKind.MERGER, "Contract continuity"), (CrisisKind.LEADERSHIP_CHANGE, "New leaders"),
])
def test_each_kind_has_its_own_checklist(db, kind, words):
    crisis = open_crisis(db, kind=kind)
    assert any(words in task.title for task in list_tasks(db, crisis.id))


def test_cadence_is_a_setting_per_crisis(db):
    minutes = {**cadence_minutes(Cadence()), "customer_update_min": 30, "first_contact_critical_min": 45}
    crisis = open_crisis(db, cadence=cadence_from_minutes(minutes))
    again = get_crisis(db, crisis.id)
    assert again.cadence.customer_update == timedelta(minutes=30)
    assert again.cadence.first_contact[Tier.CRITICAL] == timedelta(minutes=45)
    assert again.cadence.internal_sync == timedelta(hours=4)


def test_a_start_later_than_now_and_a_negative_cadence_are_refused_with_a_sentence(db):
    with pytest.raises(StoreError, match="later than now"):
        create_crisis(db, title="x", kind=CrisisKind.OUTAGE, severity=Severity.L2,
                      started_at=NOW + timedelta(minutes=5), now=NOW)
    negative = cadence_from_minutes({**cadence_minutes(Cadence()), "customer_update_min": -5})
    with pytest.raises(StoreError, match="Customer updates: -5 minutes is not a cadence"):
        create_crisis(db, title="x", kind=CrisisKind.OUTAGE, severity=Severity.L2, started_at=NOW, now=NOW,
                      cadence=negative)
    assert list(db.query("SELECT id FROM crises")) == []
    crisis = open_crisis(db)
    with pytest.raises(StoreError, match="Internal syncs: 0 minutes"):
        edit_crisis(db, crisis.id, by="Ana", now=NOW, cadence={"internal_sync_min": 0})
    with pytest.raises(StoreError, match="later than now"):
        edit_crisis(db, crisis.id, by="Ana", now=NOW, started_at=NOW + timedelta(hours=1))
    assert get_crisis(db, crisis.id) == crisis


def test_edit_logs_what_changed_and_swaps_the_unticked_checklist(db):
    crisis = open_crisis(db)
    kept = find_task(db, crisis.id, "SLA credits")
    tick_task(db, kept.id, done=True, by="Ana", now=NOW)
    edited, entry = edit_crisis(db, crisis.id, by="Ana", now=NOW, severity=Severity.L2, kind=CrisisKind.SECURITY,
                                cadence={"customer_update_min": 30})
    assert edited.severity is Severity.L2 and edited.cadence.customer_update == timedelta(minutes=30)
    text = next(db.query("SELECT text FROM log_entries WHERE id = ?", [entry]))["text"]
    assert "severity L1 → L2" in text and "kind outage → security" in text and "120 → 30 min" in text
    titles = [task.title for task in list_tasks(db, crisis.id)]
    assert any("SLA credits" in t for t in titles)  # ticked: stays as record
    assert not any("24x7" in t for t in titles)  # unticked outage item: gone
    assert any("Legal reviews" in t for t in titles)
    assert edit_crisis(db, crisis.id, by="Ana", now=NOW, severity=Severity.L2)[1] is None  # no change, no entry


# --- checklist and legal review ----------------------------------------------------------------

def test_ticking_is_logged_and_drives_the_legal_review_warning(db):
    crisis = open_crisis(db, kind=CrisisKind.SECURITY)
    assert legal_review_pending(db, crisis)
    legal = find_task(db, crisis.id, "legal")
    entry = tick_task(db, legal.id, done=True, by="Ana", now=NOW)
    assert not legal_review_pending(db, crisis)
    row = next(db.query("SELECT kind, text, author FROM log_entries WHERE id = ?", [entry]))
    assert row == {"kind": "task", "text": f"Done: {legal.title}", "author": "Ana"}
    with pytest.raises(StoreError, match="already ticked"):
        tick_task(db, legal.id, done=True, by="Ana", now=NOW)
    tick_task(db, legal.id, done=False, by="Ana", now=NOW)
    assert legal_review_pending(db, crisis)
    assert not legal_review_pending(db, open_crisis(db, kind=CrisisKind.OUTAGE))


# --- bulk marking ------------------------------------------------------------------------------

def test_bulk_by_filter_previews_then_applies_with_one_decision(db):
    accounts(db)
    crisis = open_crisis(db)
    selection = bulk.select_by_filter(db, bulk.parse_filter(["industry=healthcare", "country=DE,FR"]))
    assert selection.account_ids == [1, 3]
    assert bulk.preview(db, crisis.id, selection, ImpactLevel.AFFECTED) == "2 accounts will be marked affected."
    assert list(db.query("SELECT * FROM impacts")) == []  # a preview writes nothing
    before = len(entries(db, crisis.id))
    bulk.apply_selection(db, crisis.id, selection, ImpactLevel.AFFECTED, by="Ana", now=NOW)
    assert [r["account_id"] for r in db.query("SELECT account_id FROM impacts WHERE level = 'affected'")] == [1, 3]
    added = entries(db, crisis.id)[before:]
    assert len(added) == 1 and added[0]["kind"] == "decision"
    assert added[0]["text"] == "Marked 2 accounts affected by filter industry = healthcare; country = DE, FR."
    again = bulk.select_by_filter(db, bulk.parse_filter(["region=America"]))
    assert again.account_ids == [4, 5, 6]
    assert "(0 already" not in bulk.preview(db, crisis.id, selection, ImpactLevel.AFFECTED)
    assert "(2 already are)" in bulk.preview(db, crisis.id, selection, ImpactLevel.AFFECTED)


def test_a_pasted_list_reports_unknown_ids_and_loses_nothing_else(db):
    accounts(db)
    crisis = open_crisis(db)
    selection = bulk.select_by_list(db, "CRM-2\nAccount 4\n5\nnobody\nCRM-404\nCRM-2\n")
    assert selection.account_ids == [2, 4, 5] and selection.unknown == ["nobody", "CRM-404"]
    text = bulk.preview(db, crisis.id, selection, ImpactLevel.MINIMAL)
    assert text.startswith("3 accounts will be marked minimal.")
    assert "2 not found (left out): 'nobody', 'CRM-404'" in text
    bulk.apply_selection(db, crisis.id, selection, ImpactLevel.MINIMAL, by="Ana", now=NOW)
    assert len(list(db.query("SELECT * FROM impacts WHERE level = 'minimal'"))) == 3
    assert "Left out: 2 unmatched" in entries(db, crisis.id, EntryKind.DECISION)[-1]["text"]
    assert bulk.select_by_list(db, "CRM-1, CRM-3; 6").account_ids == [1, 3, 6]


def test_a_csv_from_engineering_and_its_problems(db, tmp_path):
    accounts(db)
    crisis = open_crisis(db)
    path = tmp_path / "ids.csv"
    path.write_text("tenant,Account ID\nt1,CRM-1\nt2,CRM-6\nt3,CRM-999\n", encoding="utf-8")
    selection = bulk.select_from_csv(db, path)
    assert selection.account_ids == [1, 6] and selection.unknown == ["CRM-999"]
    bulk.apply_selection(db, crisis.id, selection, ImpactLevel.BUSINESS_CRITICAL, by="Ana", now=NOW)
    with pytest.raises(StoreError, match="There is no file"):
        bulk.select_from_csv(db, tmp_path / "missing.csv")
    with pytest.raises(StoreError, match="No account matched, so nothing was marked"):
        bulk.apply_selection(db, crisis.id, bulk.select_by_list(db, "ghost"), ImpactLevel.AFFECTED, by="A", now=NOW)
    with pytest.raises(StoreError, match="Unknown filter field 'product'"):
        bulk.parse_filter(["product=API"])


# --- engineering status and the internal sync ----------------------------------------------------

def test_status_updates_keep_history_carry_fields_over_and_move_the_crisis(db):
    crisis = open_crisis(db)
    post_status(db, crisis.id, summary="502s on writes", by="Eng", now=NOW - timedelta(minutes=30),
                scope="EU writes", eta="about an hour", eta_confidence="medium", workaround="Use the US endpoint")
    latest = post_status(db, crisis.id, summary="Rollback done", by="Eng", now=NOW,
                         status=TechnicalStatus.MONITORING, eta="")
    assert latest.scope == "EU writes" and latest.workaround == "Use the US endpoint" and latest.eta is None
    assert [u.summary for u in status_history(db, crisis.id)] == ["502s on writes", "Rollback done"]
    assert latest_status(db, crisis.id) == latest
    assert get_crisis(db, crisis.id).status is TechnicalStatus.MONITORING
    last_status = entries(db, crisis.id, EntryKind.STATUS)[-1]["text"]
    assert last_status.startswith("Engineering status monitoring: Rollback done")
    with pytest.raises(StoreError, match="needs a summary"):
        post_status(db, crisis.id, summary="  ", by="Eng", now=NOW)


def test_the_latest_status_feeds_every_draft(sample_copy):
    from warroom.compose.context import draft_facts
    from warroom.store.database import open_database

    db = open_database(sample_copy)
    crisis = active_crisis(db)
    post_status(db, crisis.id, summary="Gateway nodes replaced", by="Eng", now=NOW, eta="20 minutes",
                eta_confidence="high")
    facts = draft_facts(db, 1, contact_id=None, now=NOW, zone=UTC, csm={"name": "Ana"})
    assert facts["status"]["summary"] == "Gateway nodes replaced" and facts["status"]["eta_confidence"] == "high"
    db.close()


def test_sync_summary_rolls_up_and_logging_it_restarts_the_timer(db):
    accounts(db)
    crisis = open_crisis(db)
    for account_id in (1, 2, 3):
        set_impact(db, crisis_id=crisis.id, account_id=account_id, level=ImpactLevel.BUSINESS_CRITICAL, by="A",
                   now=NOW - timedelta(minutes=50))
    append_entry(db, crisis_id=crisis.id, account_id=1, kind=EntryKind.CALL, text="Called CTO", author="Ana",
                 at=NOW - timedelta(minutes=40), now=NOW, next_update_due=NOW - timedelta(minutes=10))
    append_entry(db, crisis_id=crisis.id, account_id=2, kind=EntryKind.ESCALATION, text="[b]CEO[/b] escalated",
                 author="Ana", at=NOW - timedelta(minutes=30), now=NOW)
    rollup = crisis_rollup(db, crisis, NOW, UTC)
    critical = rollup.tiers[Tier.CRITICAL]
    # Account 1's promise passed 10 minutes ago; the others' first-contact deadline is now.
    assert (critical.accounts, critical.contacted, critical.overdue) == (3, 1, 1)
    assert critical.arr == 600_000 and critical.arr_at_risk == 100_000
    text = sync_summary(rollup, UTC)
    assert "- Critical: 3 accounts, 1 contacted, 1 overdue, $600k ARR, $100k at risk" in text
    assert "Account 2: [b]CEO[/b] escalated" in text and "Commitments: 0 kept, 0 late, 0 missed, 1 open" in text
    assert next_sync(crisis, last_sync_at(db, crisis.id), NOW) == NOW + timedelta(hours=3)
    record_sync(db, crisis.id, summary=text, by="Ana", now=NOW)
    assert next_sync(crisis, last_sync_at(db, crisis.id), NOW) == NOW + timedelta(hours=4)
    after = crisis_rollup(db, crisis, NOW + timedelta(minutes=1), UTC)
    assert after.since == NOW and after.escalations == []


# --- compensation ------------------------------------------------------------------------------

def test_compensation_by_severity_and_the_credit_authority():
    l1 = suggest(Severity.L1, 73_000, enterprise=True, authority=5000)
    assert (l1.credit_days, l1.credit, l1.needs_approval) == (30, 6000.0, True)
    assert "executive apology call" in l1.sentence(str) and "needs approval" in l1.sentence(str)
    assert suggest(Severity.L1, 73_000, enterprise=False, authority=5000).gestures == ()
    l2 = suggest(Severity.L2, 73_000, enterprise=False, authority=5000)
    assert (l2.credit, l2.needs_approval) == (3000.0, False) and "30 days of priority support" in l2.gestures
    assert suggest(Severity.L3, 365_000, enterprise=False, authority=5000).credit == 7000.0
    l4 = suggest(Severity.L4, 1_000_000, enterprise=True, authority=5000)
    assert l4.credit is None and not l4.needs_approval and "personal note" in l4.sentence(str)


# --- resolution and recovery ---------------------------------------------------------------------

def test_resolve_settles_logs_missed_plans_recovery_and_refuses_twice(db):
    accounts(db)
    crisis = open_crisis(db)
    for account_id, level in ((1, ImpactLevel.BUSINESS_CRITICAL), (2, ImpactLevel.AFFECTED), (4, ImpactLevel.MINIMAL)):
        set_impact(db, crisis_id=crisis.id, account_id=account_id, level=level, by="A", now=NOW - timedelta(minutes=50))
    append_entry(db, crisis_id=crisis.id, account_id=1, kind=EntryKind.CALL, text="x", author="A",
                 at=NOW - timedelta(minutes=40), now=NOW, next_update_due=NOW - timedelta(minutes=5))
    append_entry(db, crisis_id=crisis.id, account_id=2, kind=EntryKind.CALL, text="x", author="A",
                 at=NOW - timedelta(minutes=40), now=NOW, next_update_due=NOW + timedelta(minutes=30))
    done = resolve_crisis(db, crisis.id, NOW, by="Ana")
    assert done.settled == {CommitmentState.MISSED: 1, CommitmentState.CANCELLED: 1}
    assert [r["account_id"] for r in entries(db, crisis.id, EntryKind.COMMITMENT_MISSED)] == [1]
    tasks = [t for t in list_tasks(db, crisis.id) if not t.is_checklist]
    closures = [t for t in tasks if t.title.startswith("Closure message to")]
    assert sorted(t.account_id for t in closures) == [1, 2, 4]
    assert all(t.due_at == NOW + timedelta(hours=48) for t in closures)
    debriefs = [t for t in tasks if t.title.startswith("Debrief with")]
    assert [t.account_id for t in debriefs] == [1] and debriefs[0].due_at == NOW + timedelta(days=14)
    assert {t.phase for t in tasks} == {"48 h", "2 weeks", "30 days", "90 days"}
    assert max(t.due_at for t in tasks) == NOW + timedelta(days=90)
    assert "recovery planned" in entries(db, crisis.id, EntryKind.DECISION)[-1]["text"]
    with pytest.raises(StoreError, match="already resolved"):
        resolve_crisis(db, crisis.id, NOW + timedelta(minutes=1))


def test_a_resolved_crisis_stays_on_screen_until_its_recovery_ends(db):
    accounts(db, 1)
    crisis = open_crisis(db)
    set_impact(db, crisis_id=crisis.id, account_id=1, level=ImpactLevel.AFFECTED, by="A", now=NOW)
    resolve_crisis(db, crisis.id, NOW)
    assert crisis.id in in_recovery(db) and active_crisis(db).id == crisis.id
    for task in list_tasks(db, crisis.id):
        if not task.is_checklist:
            assert task.overdue(NOW + timedelta(days=91))
            tick_task(db, task.id, done=True, by="A", now=NOW)
    assert crises_on_screen(db) == []
    with pytest.raises(StoreError, match="no open crisis"):
        active_crisis(db)


def test_a_resolved_crisis_is_read_only(db):
    accounts(db, 1)
    crisis = open_crisis(db)
    resolve_crisis(db, crisis.id, NOW)
    with pytest.raises(StoreError, match="is resolved"):
        edit_crisis(db, crisis.id, by="A", now=NOW, severity=Severity.L4)
    with pytest.raises(StoreError, match="is resolved"):
        bulk.apply_selection(db, crisis.id, bulk.select_by_list(db, "1"), ImpactLevel.AFFECTED, by="A", now=NOW)


def test_the_old_legal_review_setting_becomes_a_ticked_item(tmp_path):
    """A database from before the checklist keeps its answer after the upgrade."""
    from sqlite_utils import Database

    from warroom.store.database import open_database
    from warroom.store.migrations import migrations

    path = tmp_path / "old.db"
    old = Database(path)
    migrations.apply(old, stop_before="m004_checklist_tasks")
    old.execute("INSERT INTO crises (id, title, kind, severity, started_at, created_at) VALUES "
                "(1, 't', 'security', 'L1', '2026-03-10T14:00:00Z', '2026-03-10T14:00:00Z')")
    old.execute("INSERT INTO settings (key, value) VALUES ('checklist:1:legal_review', 'true')")
    old.conn.commit()
    old.close()
    db = open_database(path)
    assert not legal_review_pending(db, get_crisis(db, 1))
    assert len(list_tasks(db, 1)) == 5
    db.close()
