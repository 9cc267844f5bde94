"""First-contact deadlines per tier, promised updates, countdown states, and DST safety."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from warroom.domain.deadlines import (
    Cadence,
    CountdownState,
    DeadlineKind,
    countdown_state,
    first_contact_due,
    format_countdown,
    next_deadline,
    remaining,
)
from warroom.domain.vocabulary import Tier

START = datetime(2026, 3, 10, 14, 0, tzinfo=UTC)
ZONES = ["America/New_York", "Europe/London", "Europe/Berlin", "Australia/Sydney", "Asia/Kolkata",
         "America/Sao_Paulo", "Pacific/Chatham"]


@pytest.mark.parametrize("tier, minutes", [(Tier.CRITICAL, 60), (Tier.STANDARD, 120), (Tier.STABLE, 240)])
def test_first_contact_due_per_tier(tier, minutes):
    assert first_contact_due(START, tier, Cadence()) == START + timedelta(minutes=minutes)


def test_not_affected_has_no_first_contact_deadline():
    assert first_contact_due(START, Tier.NOT_AFFECTED, Cadence()) is None
    assert next_deadline(Tier.NOT_AFFECTED, None, None, [START]) is None


def test_cadence_is_configurable_per_crisis():
    fast = Cadence(first_contact={Tier.CRITICAL: timedelta(minutes=30), Tier.STANDARD: timedelta(hours=1),
                                  Tier.STABLE: timedelta(hours=2)})
    assert first_contact_due(START, Tier.CRITICAL, fast) == START + timedelta(minutes=30)


def test_uncontacted_account_waits_on_first_contact():
    deadline = next_deadline(Tier.CRITICAL, first_contact_due(START, Tier.CRITICAL, Cadence()), None)
    assert deadline.kind is DeadlineKind.FIRST_CONTACT and deadline.due == START + timedelta(hours=1)


def test_contacted_account_waits_on_its_earliest_promise():
    promises = [START + timedelta(minutes=90), START + timedelta(minutes=45)]
    first_due = first_contact_due(START, Tier.CRITICAL, Cadence())
    deadline = next_deadline(Tier.CRITICAL, first_due, START + timedelta(minutes=5), promises)
    assert deadline.kind is DeadlineKind.NEXT_UPDATE and deadline.due == START + timedelta(minutes=45)


def test_promise_earlier_than_first_contact_deadline_wins():
    promise = START + timedelta(minutes=20)
    deadline = next_deadline(Tier.STABLE, first_contact_due(START, Tier.STABLE, Cadence()), None, [promise])
    assert deadline.kind is DeadlineKind.NEXT_UPDATE and deadline.due == promise


def test_states_ok_due_soon_overdue():
    due = START + timedelta(hours=1)
    assert countdown_state(due, due - timedelta(minutes=16)) is CountdownState.OK
    assert countdown_state(due, due - timedelta(minutes=15)) is CountdownState.DUE_SOON
    assert countdown_state(due, due) is CountdownState.DUE_SOON
    assert countdown_state(due, due + timedelta(seconds=1)) is CountdownState.OVERDUE
    assert countdown_state(due, due - timedelta(minutes=25), due_soon=timedelta(minutes=30)) is CountdownState.DUE_SOON


def test_states_differ_without_colour():
    symbols = {state.symbol for state in CountdownState}
    words = {state.word for state in CountdownState}
    assert len(symbols) == 3 and len(words) == 3


def test_naive_instants_are_refused():
    with pytest.raises(ValueError):
        remaining(datetime(2026, 3, 10, 15, 0), START)


@pytest.mark.parametrize("seconds, text", [(0, "0m"), (59, "0m"), (60, "1m"), (3599, "59m"), (3600, "1h00m"),
                                          (3900, "1h05m"), (90000, "1d01h"), (-1, "-1m"), (-61, "-2m"),
                                          (-3600, "-1h00m")])
def test_format_countdown(seconds, text):
    assert format_countdown(timedelta(seconds=seconds)) == text


@given(
    zone=st.sampled_from(ZONES),
    local=st.datetimes(min_value=datetime(2025, 1, 1), max_value=datetime(2027, 12, 31)),
    window=st.integers(min_value=1, max_value=600),
    elapsed=st.integers(min_value=0, max_value=1200),
)
@example(zone="Europe/London", local=datetime(2026, 3, 29, 0, 30), window=60, elapsed=45)
@example(zone="Europe/London", local=datetime(2026, 10, 25, 0, 45), window=120, elapsed=60)
@example(zone="America/New_York", local=datetime(2026, 3, 8, 1, 30), window=60, elapsed=30)
@example(zone="Australia/Sydney", local=datetime(2026, 4, 5, 2, 15), window=90, elapsed=10)
def test_countdown_is_dst_safe_in_every_zone(zone, local, window, elapsed):
    """A crisis started at any local time (DST transitions included) has its first-contact
    deadline exactly `window` real minutes later, and the countdown after `elapsed` real
    minutes is exactly window - elapsed, whatever the wall clocks did meanwhile."""
    started = local.replace(tzinfo=ZoneInfo(zone))
    cadence = Cadence(first_contact={Tier.CRITICAL: timedelta(minutes=window), Tier.STANDARD: timedelta(hours=2),
                                     Tier.STABLE: timedelta(hours=4)})
    due = first_contact_due(started, Tier.CRITICAL, cadence)
    assert due.timestamp() - started.timestamp() == window * 60
    now = (started.astimezone(UTC) + timedelta(minutes=elapsed)).astimezone(ZoneInfo(zone))
    assert remaining(due, now) == timedelta(minutes=window - elapsed)
    expected = CountdownState.OVERDUE if elapsed > window else (
        CountdownState.DUE_SOON if window - elapsed <= 15 else CountdownState.OK)
    assert countdown_state(due, now) is expected


def test_countdown_across_a_spring_forward_night():
    """Europe/London skips 01:00-02:00 on 2026-03-29: 00:30 to 02:30 local is one real hour."""
    london = ZoneInfo("Europe/London")
    started = datetime(2026, 3, 29, 0, 30, tzinfo=london)
    due = first_contact_due(started, Tier.CRITICAL, Cadence())
    assert due.astimezone(london).strftime("%H:%M") == "02:30"
    assert remaining(due, datetime(2026, 3, 29, 2, 0, tzinfo=london)) == timedelta(minutes=30)
