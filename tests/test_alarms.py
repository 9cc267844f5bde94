"""When the console rings: passed deadlines, reminders, the internal sync, snoozes."""

from __future__ import annotations

from datetime import timedelta

from warroom.domain.alarms import REMIND_EVERY, Alarms
from warroom.domain.queue_index import QueueIndex
from warroom.store.crises import active_crisis
from warroom.store.database import open_database
from warroom.store.queue import load_queue

from tests.conftest import NOW


def sample_index(sample_copy) -> QueueIndex:
    db = open_database(sample_copy)
    items = load_queue(db, active_crisis(db), NOW)
    db.close()
    return QueueIndex(items)


def test_the_first_look_only_sets_the_clock(sample_copy):
    index = sample_index(sample_copy)
    assert index.overdue(NOW), "the sample has an overdue account"
    assert Alarms().check(NOW, index.passed_between, index.overdue, None) == []


def test_a_deadline_that_passes_rings_once_naming_it_and_a_snoozed_one_stays_quiet(sample_copy):
    index = sample_index(sample_copy)
    upcoming = sorted((i for i in index.ordered if i.deadline and i.deadline.due > NOW), key=lambda i: i.deadline.due)
    first, second = upcoming[0], upcoming[1]
    alarms = Alarms()
    alarms.check(NOW, index.passed_between, index.overdue, None)
    after_first = first.deadline.due + timedelta(seconds=1)
    rings = alarms.check(after_first, index.passed_between, index.overdue, None)
    assert [(r.title, r.severity) for r in rings] == [("Overdue", "error")]
    assert first.account.name[:20] in rings[0].text
    assert alarms.check(after_first + timedelta(seconds=1), index.passed_between, index.overdue, None) == []
    alarms.snoozed_until[second.account.id] = second.deadline.due + timedelta(minutes=30)
    passing = alarms.check(second.deadline.due + timedelta(seconds=1), index.passed_between, index.overdue, None)
    assert all(second.account.name not in ring.text for ring in passing)


def test_a_reminder_every_ten_minutes_while_something_stays_overdue(sample_copy):
    index = sample_index(sample_copy)
    overdue_now = index.overdue(NOW)
    alarms = Alarms(last_look=NOW - timedelta(seconds=1), last_reminder=NOW)
    quiet = lambda earlier, now: []  # noqa: E731 - nothing new passes in this test
    assert alarms.check(NOW + REMIND_EVERY - timedelta(seconds=1), quiet, index.overdue, None) == []
    rings = alarms.check(NOW + REMIND_EVERY, quiet, lambda now: overdue_now, None)
    assert [(r.title, r.severity) for r in rings] == [("Reminder", "warning")] and "Still overdue" in rings[0].text
    for item in overdue_now:
        alarms.snoozed_until[item.account.id] = NOW + timedelta(hours=1)
    assert alarms.check(NOW + 2 * REMIND_EVERY, quiet, lambda now: overdue_now, None) == []


def test_the_internal_sync_rings_once_when_it_falls_due():
    quiet = lambda *args: []  # noqa: E731
    due = NOW + timedelta(minutes=5)
    alarms = Alarms(last_look=NOW, last_reminder=NOW)
    assert alarms.check(due - timedelta(seconds=1), quiet, quiet, due) == []
    rings = alarms.check(due, quiet, quiet, due)
    assert [r.title for r in rings] == ["Sync"] and "press y" in rings[0].text
    assert alarms.check(due + timedelta(seconds=1), quiet, quiet, due) == []
