"""The commitment rules, one by one: kept, late, missed on replacement or resolution."""

from datetime import timedelta

import pytest

from warroom.domain.commitments import settle_by_update, settle_unmet
from warroom.domain.vocabulary import CommitmentState, CrisisKind, EntryKind, Severity
from warroom.store.crises import create_crisis, resolve_crisis
from warroom.store.errors import StoreError
from warroom.store.log import append_entry

from tests.conftest import NOW

START = NOW - timedelta(hours=1)


@pytest.fixture
def crisis(db):
    db.table("accounts").insert({"id": 1, "name": "Acme", "created_at": "x", "updated_at": "x"})
    return create_crisis(db, title="Outage", kind=CrisisKind.OUTAGE, severity=Severity.L1,
                         started_at=START, now=START)


def log(db, crisis, minutes, kind=EntryKind.CALL, next_in=None, account_id=1):
    at = START + timedelta(minutes=minutes)
    return append_entry(db, crisis_id=crisis.id, account_id=account_id, kind=kind, text=f"{kind} at {minutes}",
                        author="t", at=at, now=NOW,
                        next_update_due=at + timedelta(minutes=next_in) if next_in else None)


def states(db):
    return [row["state"] for row in db.query("SELECT state FROM commitments ORDER BY id")]


def test_domain_rules():
    due = START
    assert settle_by_update(due, due) is CommitmentState.KEPT
    assert settle_by_update(due, due + timedelta(seconds=1)) is CommitmentState.LATE
    assert settle_unmet(due, due + timedelta(seconds=1)) is CommitmentState.MISSED
    assert settle_unmet(due, due) is CommitmentState.CANCELLED


def test_next_update_creates_an_open_commitment_linked_to_its_entry(db, crisis):
    result = log(db, crisis, 5, next_in=30)
    row = next(db.query("SELECT * FROM commitments"))
    assert row["state"] == "open" and row["source_entry_id"] == result.entry_id
    assert row["due_at"] == "2026-03-10T14:35:00Z" and row["channel"] == "call"


def test_update_before_due_keeps_it(db, crisis):
    log(db, crisis, 5, next_in=30)
    result = log(db, crisis, 30, kind=EntryKind.EMAIL)
    assert [s.state for s in result.settled] == [CommitmentState.KEPT]
    assert states(db) == ["kept"]
    assert next(db.query("SELECT settled_by_entry_id FROM commitments"))["settled_by_entry_id"] == result.entry_id


def test_update_after_due_marks_it_late(db, crisis):
    log(db, crisis, 5, next_in=30)
    log(db, crisis, 40, kind=EntryKind.CALL)
    assert states(db) == ["late"]


def test_internal_entries_do_not_settle_a_promise(db, crisis):
    log(db, crisis, 5, next_in=30)
    for kind in (EntryKind.NOTE, EntryKind.DECISION, EntryKind.ESCALATION, EntryKind.STATUS):
        log(db, crisis, 10, kind=kind)
    assert states(db) == ["open"]


def test_replacing_a_passed_promise_with_nothing_logged_misses_it(db, crisis):
    log(db, crisis, 5, next_in=10)
    log(db, crisis, 20, kind=EntryKind.NOTE, next_in=30)
    assert states(db) == ["missed", "open"]


def test_replacing_a_promise_not_yet_due_cancels_it(db, crisis):
    log(db, crisis, 5, next_in=60)
    log(db, crisis, 10, kind=EntryKind.NOTE, next_in=30)
    assert states(db) == ["cancelled", "open"]


def test_update_with_a_new_promise_keeps_the_old_and_opens_the_new(db, crisis):
    log(db, crisis, 5, next_in=30)
    log(db, crisis, 20, kind=EntryKind.CALL, next_in=30)
    assert states(db) == ["kept", "open"]


def test_resolution_misses_passed_promises_and_cancels_future_ones(db, crisis):
    db.table("accounts").insert({"id": 2, "name": "Beta", "created_at": "x", "updated_at": "x"})
    log(db, crisis, 5, next_in=10)            # due at +15 min, passed at NOW (+60)
    log(db, crisis, 50, next_in=30, account_id=2)  # due at +80, not yet due
    resolve_crisis(db, crisis.id, NOW)
    assert states(db) == ["missed", "cancelled"]


def test_a_back_dated_entry_does_not_settle_a_later_promise(db, crisis):
    log(db, crisis, 30, next_in=20)
    log(db, crisis, 10, kind=EntryKind.CALL)
    assert states(db) == ["open"]


def test_settlements_are_logged_as_automatic_entries(db, crisis):
    log(db, crisis, 5, next_in=10)
    log(db, crisis, 30, kind=EntryKind.CALL)
    kinds = [row["kind"] for row in db.query("SELECT kind FROM log_entries WHERE account_id IS NOT NULL ORDER BY id")]
    assert kinds == ["call", "call", "commitment_late"]


def test_first_customer_contact_is_recorded_once(db, crisis):
    log(db, crisis, 10, kind=EntryKind.NOTE)
    assert list(db.query("SELECT first_contact_at FROM impacts")) == []
    log(db, crisis, 20, kind=EntryKind.EMAIL)
    log(db, crisis, 30, kind=EntryKind.CALL)
    log(db, crisis, 15, kind=EntryKind.CALL)  # back-dated, earlier: becomes the first contact
    assert next(db.query("SELECT first_contact_at FROM impacts"))["first_contact_at"] == "2026-03-10T14:15:00Z"


def test_a_promise_before_the_entry_is_refused(db, crisis):
    with pytest.raises(StoreError, match="after the entry"):
        append_entry(db, crisis_id=crisis.id, account_id=1, kind=EntryKind.CALL, text="x", author="t",
                     at=NOW, now=NOW, next_update_due=NOW - timedelta(minutes=1))
    assert list(db.query("SELECT id FROM log_entries WHERE account_id IS NOT NULL")) == []


def test_an_entry_in_the_future_is_refused(db, crisis):
    with pytest.raises(StoreError, match="future"):
        append_entry(db, crisis_id=crisis.id, account_id=1, kind=EntryKind.CALL, text="x", author="t",
                     at=NOW + timedelta(minutes=1), now=NOW)


def test_amending_points_at_the_old_entry_and_keeps_both(db, crisis):
    first = log(db, crisis, 5, kind=EntryKind.NOTE)
    append_entry(db, crisis_id=crisis.id, account_id=1, kind=EntryKind.NOTE, text="correction", author="t",
                 at=NOW, now=NOW, amends_id=first.entry_id)
    rows = list(db.query("SELECT id, text, amends_id FROM log_entries WHERE account_id IS NOT NULL ORDER BY id"))
    assert rows[0]["text"] == "note at 5" and rows[1]["amends_id"] == rows[0]["id"]
    with pytest.raises(StoreError, match="no entry #999"):
        append_entry(db, crisis_id=crisis.id, account_id=1, kind=EntryKind.NOTE, text="x", author="t",
                     at=NOW, now=NOW, amends_id=999)


def test_resolving_twice_is_one_clear_sentence(db, crisis):
    resolve_crisis(db, crisis.id, NOW)
    with pytest.raises(StoreError, match="already resolved"):
        resolve_crisis(db, crisis.id, NOW)
