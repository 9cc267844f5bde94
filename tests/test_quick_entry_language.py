"""The quick-entry language: kinds, next <time>, to <contact>, @account, escapes, and the time
phrases across zones and daylight-saving changes. Only ParseError ever comes out."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from warroom.domain.contacts import ContactRef, match_contact
from warroom.domain.quickentry import ParseError, parse_entry
from warroom.domain.times import resolve_time
from warroom.domain.vocabulary import EntryKind

NOW = datetime(2026, 3, 10, 15, 0, tzinfo=UTC)
LONDON = ZoneInfo("Europe/London")
NEW_YORK = ZoneInfo("America/New_York")
ZONES = ["Europe/London", "America/New_York", "Australia/Sydney", "Asia/Kolkata", "America/Sao_Paulo",
         "Pacific/Chatham", "Europe/Berlin"]


@pytest.mark.parametrize("line, kind, text, next_phrase, contact", [
    ("call spoke to CTO next 14:00", EntryKind.CALL, "spoke to CTO", "14:00", None),
    ("email sent ack next 2pm to Jane Doe", EntryKind.EMAIL, "sent ack", "2pm", "Jane Doe"),
    ("call next steps: send RCA", EntryKind.CALL, "next steps: send RCA", None, None),
    ("note they said \\next week is fine", EntryKind.NOTE, "they said next week is fine", None, None),
    ("decision: pause EU deploys", EntryKind.DECISION, "pause EU deploys", None, None),
    ("chat sync next tomorrow 9am their time to Lena", EntryKind.CHAT, "sync", "tomorrow 9am their time", "Lena"),
    ("meeting war room, next update in 45m", EntryKind.MEETING, "war room", "in 45m", None),
    ("call called, spoke to CTO, next update 2pm", EntryKind.CALL, "called, spoke to CTO", "2pm", None),
    ("email sent next update by 16:00", EntryKind.EMAIL, "sent", "16:00", None),
    ("timeline shared ETA next +90m", EntryKind.TIMELINE, "shared ETA", "+90m", None),
])
def test_lines(line, kind, text, next_phrase, contact):
    parsed = parse_entry(line)
    assert (parsed.kind, parsed.text, parsed.next_phrase, parsed.contact_phrase) == (kind, text, next_phrase, contact)


def test_trailing_to_without_next_keeps_the_words():
    parsed = parse_entry("call spoke to Jane")
    assert parsed.text == "spoke to Jane" and parsed.contact_phrase == "Jane" and parsed.contact_in_text


def test_account_reference_anywhere():
    parsed = parse_entry('@"Acme Health" call left a voicemail next in 30m')
    assert parsed.account_ref == "Acme Health" and parsed.kind is EntryKind.CALL and parsed.text == "left a voicemail"
    assert parse_entry("email @Globex sent").account_ref == "Globex"


@given(st.text(max_size=300))
def test_parser_raises_only_parse_error(line):
    try:
        parsed = parse_entry(line)
    except ParseError:
        return
    assert parsed.text.strip()


def test_huge_input_is_refused_in_a_sentence():
    with pytest.raises(ParseError, match="limit"):
        parse_entry("call " + "x" * 200_000)


@pytest.mark.parametrize("phrase, expected", [
    ("16:00", datetime(2026, 3, 10, 16, 0, tzinfo=UTC)),
    ("5pm", datetime(2026, 3, 10, 17, 0, tzinfo=UTC)),
    ("5:30 pm", datetime(2026, 3, 10, 17, 30, tzinfo=UTC)),
    ("eod", datetime(2026, 3, 10, 18, 0, tzinfo=UTC)),
    ("in 45m", datetime(2026, 3, 10, 15, 45, tzinfo=UTC)),
    ("in 2h", datetime(2026, 3, 10, 17, 0, tzinfo=UTC)),
    ("in 1h30m", datetime(2026, 3, 10, 16, 30, tzinfo=UTC)),
    ("+90m", datetime(2026, 3, 10, 16, 30, tzinfo=UTC)),
    ("tomorrow 9am", datetime(2026, 3, 11, 9, 0, tzinfo=UTC)),
    ("tomorrow noon", datetime(2026, 3, 11, 12, 0, tzinfo=UTC)),
    ("midnight", datetime(2026, 3, 11, 0, 0, tzinfo=UTC)),
])
def test_time_phrases(phrase, expected):
    assert resolve_time(phrase, NOW, LONDON)[0] == expected


def test_their_time_uses_the_contacts_zone():
    due, theirs = resolve_time("1pm their time", NOW, LONDON, NEW_YORK)  # NOW is 11:00 in New York
    assert theirs and due == datetime(2026, 3, 10, 17, 0, tzinfo=UTC)
    with pytest.raises(ParseError, match="needs a contact"):
        resolve_time("11am their time", NOW, LONDON, None)


def test_configurable_end_of_day():
    assert resolve_time("eod", NOW, LONDON, end_of_day=time(17, 30))[0] == datetime(2026, 3, 10, 17, 30, tzinfo=UTC)


@pytest.mark.parametrize("phrase, message", [
    ("2pm", "already passed today; say 'tomorrow 2pm'"),
    ("25:00", "not a time of day"),
    ("3", "ambiguous"),
    ("13pm", "1 to 12"),
    ("next week", "not a time I know"),
    ("in 90 days", "not a time I know"),
    ("in 2000h", "more than 60 days"),
])
def test_time_errors_are_sentences(phrase, message):
    with pytest.raises(ParseError, match=message):
        resolve_time(phrase, NOW, LONDON)


def test_a_time_skipped_by_daylight_saving_is_refused():
    before_gap = datetime(2026, 3, 29, 0, 30, tzinfo=LONDON)  # 01:00-02:00 does not exist that night
    with pytest.raises(ParseError, match="does not exist"):
        resolve_time("1:30am", before_gap, LONDON)


@given(st.text(max_size=60))
def test_time_resolution_raises_only_parse_error(phrase):
    try:
        due, _ = resolve_time(phrase, NOW, LONDON, NEW_YORK)
    except ParseError:
        return
    assert due > NOW


@given(zone=st.sampled_from(ZONES),
       local=st.datetimes(min_value=datetime(2025, 1, 1), max_value=datetime(2027, 12, 30)),
       hour=st.integers(0, 23), minute=st.integers(0, 59))
def test_tomorrow_hh_mm_is_that_wall_time_in_every_zone(zone, local, hour, minute):
    tz = ZoneInfo(zone)
    now = local.replace(tzinfo=tz)
    try:
        due, _ = resolve_time(f"tomorrow {hour}:{minute:02d}", now, tz)
    except ParseError as error:
        assert "does not exist" in str(error) or "past" in str(error)
        return
    shown = due.astimezone(tz)
    assert (shown.hour, shown.minute) == (hour, minute)
    assert shown.date() == now.date() + timedelta(days=1)


def test_contact_matching():
    contacts = [ContactRef(1, "Jane Doe", "executive", "CEO", "America/New_York"),
                ContactRef(2, "Jan Berg", "technical", "CTO", None),
                ContactRef(3, "Jane Smith", "operational", None, None)]
    assert match_contact("jane doe", contacts).id == 1
    assert match_contact("Jan", contacts).id == 2
    assert match_contact("CTO", contacts).id == 2
    assert match_contact("Jane", contacts) is None  # two Janes: ambiguous
    assert match_contact("nobody", contacts) is None
