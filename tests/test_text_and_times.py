"""Hostile text made terminal-safe, the entry kind parser, typed times, and the config."""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from warroom.config import ConfigError, load_config
from warroom.domain.quickentry import MAX_ENTRY_LENGTH, ParseError, parse_entry
from warroom.domain.safetext import terminal_safe
from warroom.domain.times import parse_instant
from warroom.domain.vocabulary import EntryKind

NOW = datetime(2026, 3, 10, 15, 0, tzinfo=UTC)
LONDON = ZoneInfo("Europe/London")


@pytest.mark.parametrize("text, safe", [
    ("Evil\x1b[31m Corp\x1b[0m", "Evil Corp"),
    ("copy\x1b]52;c;aGVsbG8=\x07me", "copyme"),
    ("link \x1b]8;;http://x\x1b\\here", "link here"),
    ("Null\x00Byte", "NullByte"),
    ("bell\x07 and \x9b31mC1", "bell and C1"),
    ("[bold]kept[/] literally", "[bold]kept[/] literally"),
    ("شركة الشرق", "شركة الشرق"),
    ("flip\u202eme", "flipme"),
    ("two\nlines\tand tab", "two lines and tab"),
])
def test_terminal_safe(text, safe):
    assert terminal_safe(text) == safe


def test_terminal_safe_limits_length():
    assert terminal_safe("x" * 10_000, limit=20) == "x" * 19 + "…"


@given(st.text())
def test_terminal_safe_never_leaves_a_control_character(text):
    cleaned = terminal_safe(text)
    assert not any(ord(ch) < 32 or 0x7F <= ord(ch) <= 0x9F for ch in cleaned)


@pytest.mark.parametrize("line, kind, text", [
    ("call spoke to CTO", EntryKind.CALL, "spoke to CTO"),
    ("decision: pause EU deploys", EntryKind.DECISION, "pause EU deploys"),
    ("Email sent the ack", EntryKind.EMAIL, "sent the ack"),
    ("customer is calm", EntryKind.NOTE, "customer is calm"),
    ("call", EntryKind.NOTE, "call"),
    ("draft_copied sneaky", EntryKind.NOTE, "draft_copied sneaky"),
])
def test_parse_entry_kinds(line, kind, text):
    parsed = parse_entry(line)
    assert (parsed.kind, parsed.text) == (kind, text)


@pytest.mark.parametrize("line", ["", "   ", "decision:"])
def test_parse_entry_refuses_empty(line):
    with pytest.raises(ParseError, match="empty"):
        parse_entry(line)


def test_parse_entry_refuses_huge_input():
    with pytest.raises(ParseError, match="limit"):
        parse_entry("x" * (MAX_ENTRY_LENGTH + 1))


@given(st.text(max_size=500))
def test_parse_entry_raises_only_parse_error(line):
    try:
        parsed = parse_entry(line)
    except ParseError:
        return
    assert parsed.text and parsed.text in line


def test_parse_instant_clock_and_iso():
    assert parse_instant("14:30", NOW, LONDON) == datetime(2026, 3, 10, 14, 30, tzinfo=UTC)
    assert parse_instant("2026-03-10T09:00-05:00", NOW, LONDON) == datetime(2026, 3, 10, 14, 0, tzinfo=UTC)
    assert parse_instant("2026-07-01T09:00", NOW, LONDON) == datetime(2026, 7, 1, 8, 0, tzinfo=UTC)


def test_parse_instant_refuses_a_time_the_clocks_skip():
    with pytest.raises(ParseError, match="does not exist"):
        parse_instant("2026-03-29T01:30", NOW, LONDON)


@pytest.mark.parametrize("text", ["24:00", "tomorrowish", "12:60"])
def test_parse_instant_errors(text):
    with pytest.raises(ParseError):
        parse_instant(text, NOW, LONDON)


def test_config_file_and_environment(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text('author = "Dana"\ndue_soon_minutes = 20\n')
    config = load_config(path, environ={"WARROOM_DUE_SOON_MINUTES": "10"})
    assert config.author == "Dana" and config.due_soon_minutes == 10


def test_config_is_strict(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text('autor = "typo"\n')
    with pytest.raises(ConfigError, match="unknown setting 'autor'"):
        load_config(path, environ={})
    path.write_text("due_soon_minutes = 'soon'\n")
    with pytest.raises(ConfigError, match="whole number"):
        load_config(path, environ={})
    path.write_text("timezone = 'Mars/Base'\n")
    with pytest.raises(ConfigError, match="IANA"):
        load_config(path, environ={})
    path.write_text("this is [not toml")
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_config(path, environ={})


def test_config_error_reaches_the_cli_as_one_sentence(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from warroom.__main__ import cli

    path = tmp_path / "config.toml"
    path.write_text("colour = 'red'\n")
    monkeypatch.setenv("WARROOM_CONFIG", str(path))
    result = CliRunner().invoke(cli, ["crisis", "list"])
    assert result.exit_code == 1 and "unknown setting 'colour'" in result.output
