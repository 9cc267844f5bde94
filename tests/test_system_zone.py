"""The system's time zone is found as a named IANA zone, so daylight-saving changes are honoured;
when it cannot be found, UTC is used and the user is told once."""

from __future__ import annotations

import importlib.resources
import time
import zoneinfo
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from warroom.config import Config
from warroom.domain.quickentry import ParseError
from warroom.domain.times import resolve_time
from warroom.domain.zones import system_zone

PARIS = ZoneInfo("Europe/Paris")
# The clocks go forward in Paris in the night of 28 to 29 March 2026 (02:00 -> 03:00).
BEFORE_THE_CHANGE = datetime(2026, 3, 28, 12, 0, tzinfo=PARIS)


@pytest.fixture
def system_tz(monkeypatch):
    """Sets TZ for this process (as the user's shell would) and for the C library."""

    def set_tz(value: str | None) -> None:
        if value is None:
            monkeypatch.delenv("TZ", raising=False)
        else:
            monkeypatch.setenv("TZ", value)
        time.tzset()

    return set_tz


def paris_tzif() -> bytes:
    """The compiled Europe/Paris zone, from the tzdata package or the system's zoneinfo."""
    try:
        return importlib.resources.files("tzdata.zoneinfo").joinpath("Europe/Paris").read_bytes()
    except ModuleNotFoundError:
        for folder in zoneinfo.TZPATH:
            if (Path(folder) / "Europe" / "Paris").is_file():
                return (Path(folder) / "Europe" / "Paris").read_bytes()
    pytest.skip("no compiled zone data on this machine")


def fake_root(tmp_path: Path) -> Path:
    (tmp_path / "etc").mkdir()
    return tmp_path


@pytest.mark.parametrize("value", ["Europe/Paris", ":Europe/Paris", "/usr/share/zoneinfo/Europe/Paris",
                                   ":/usr/share/zoneinfo/Europe/Paris"])
def test_tz_names_the_iana_zone(system_tz, value):
    system_tz(value)
    found = Config().user_zone()
    assert found.zone is PARIS and found.notice is None


def test_tz_may_be_the_path_of_any_zoneinfo_file(tmp_path):
    compiled = tmp_path / "paris.tzif"
    compiled.write_bytes(paris_tzif())
    zone = system_zone({"TZ": str(compiled)}).zone
    assert datetime(2026, 1, 15, 12, tzinfo=zone).utcoffset().total_seconds() == 3600
    assert datetime(2026, 7, 15, 12, tzinfo=zone).utcoffset().total_seconds() == 7200


def test_without_tz_etc_timezone_then_the_localtime_link_then_its_content(tmp_path):
    root = fake_root(tmp_path)
    (root / "etc" / "localtime").symlink_to("../usr/share/zoneinfo/America/New_York")
    assert system_zone({}, root=root).zone is ZoneInfo("America/New_York")
    (root / "etc" / "timezone").write_text("Asia/Tokyo\n")
    assert system_zone({}, root=root).zone is ZoneInfo("Asia/Tokyo")
    (root / "etc" / "timezone").unlink()
    (root / "etc" / "localtime").unlink()
    (root / "etc" / "localtime").write_bytes(paris_tzif())  # a copy, as some images have
    found = system_zone({}, root=root)
    assert found.notice is None
    assert datetime(2026, 7, 15, 12, tzinfo=found.zone).utcoffset().total_seconds() == 7200


def test_the_configured_zone_wins_over_the_system(system_tz):
    system_tz("Europe/Paris")
    assert Config(timezone="Asia/Tokyo").user_zone().zone is ZoneInfo("Asia/Tokyo")


@pytest.mark.parametrize(("now", "expected"), [
    (BEFORE_THE_CHANGE, datetime(2026, 3, 29, 7, 0, tzinfo=UTC)),  # clocks forward: UTC+1 -> UTC+2
    (datetime(2026, 10, 24, 12, 0, tzinfo=PARIS), datetime(2026, 10, 25, 8, 0, tzinfo=UTC)),  # and back
])
def test_tomorrow_9am_across_a_dst_change_is_9am_local(system_tz, now, expected):
    # A fixed offset taken today would be right for one of the two changes only.
    system_tz("Europe/Paris")
    due, _ = resolve_time("tomorrow 9am", now, Config().zone())
    assert due == expected and due.astimezone(PARIS).hour == 9


def test_a_time_the_clocks_skip_is_refused(system_tz):
    system_tz("Europe/Paris")
    with pytest.raises(ParseError, match=r"02:30 does not exist on 2026-03-29 \(the clocks skip it there\)"):
        resolve_time("tomorrow 2:30am", BEFORE_THE_CHANGE, Config().zone())


@pytest.mark.parametrize("garbage", ["Mars/Olympus", "../../etc/passwd", "x" * 300, "\x1b[31mred",
                                     "/nowhere/at/all"])
def test_an_unknown_tz_falls_back_to_utc_with_one_sentence(system_tz, garbage):
    system_tz(garbage)
    found = Config().user_zone()
    assert found.zone is UTC
    assert found.notice.startswith("TZ ") and "times are in UTC" in found.notice
    assert "Europe/Paris" in found.notice and "\x1b" not in found.notice and len(found.notice) < 250


def test_nothing_found_falls_back_to_utc_with_one_sentence(tmp_path):
    root = fake_root(tmp_path)
    (root / "etc" / "timezone").write_text("not a zone\n")
    found = system_zone({}, root=root)
    assert found.zone is UTC and "could not be found" in found.notice


def test_an_empty_tz_is_utc_as_for_the_c_library():
    assert system_zone({"TZ": ""}).zone is UTC and system_zone({"TZ": ""}).notice is None


async def test_the_console_and_the_cli_say_once_that_they_fell_back_to_utc(sample_copy, monkeypatch):
    from click.testing import CliRunner

    from warroom.__main__ import cli
    from warroom.config import Config

    from tests.test_app import build, loaded

    monkeypatch.setenv("TZ", "Not/AZone")
    app = build(sample_copy, config=Config(author="Tester"))
    async with app.run_test(size=(120, 36)) as pilot:
        await loaded(app, pilot)
        notices = [str(n.message) for n in app._notifications if "UTC" in str(n.message)]
        assert len(notices) == 1 and app.zone.utcoffset(None).total_seconds() == 0
    result = CliRunner().invoke(cli, ["--db", str(sample_copy), "queue", "--json"])
    assert result.exit_code == 0
    assert "UTC" in result.stderr and result.stdout.lstrip().startswith("{")
