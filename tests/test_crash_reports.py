"""The unforeseen: an error nobody caught exits non-zero and leaves a report a user can send."""

from __future__ import annotations

import os
import stat

import pytest
from click.testing import CliRunner

from warroom import __version__, locations
from warroom.__main__ import cli

from tests.test_app import build, loaded


class Unforeseen(RuntimeError):
    pass


def reports_in(folder):
    return sorted(folder.glob("crash-*.txt")) if folder.exists() else []


async def test_an_uncaught_error_in_the_console_exits_1_with_a_private_report(sample_copy, tmp_path):
    app = build(sample_copy)
    with pytest.raises(Unforeseen):  # Pilot hands the app's exception back to the test
        async with app.run_test(size=(120, 36)) as pilot:
            screen = await loaded(app, pilot)

            def broken() -> None:
                raise Unforeseen("a path nobody tested")

            screen.action_help = broken
            await pilot.press("question_mark")
            await pilot.pause()
    assert app.return_code == 1
    report = app.crash_report
    assert report is not None and report.exists()
    text = report.read_text()
    assert f"Warroom {__version__}" in text and "Unforeseen: a path nobody tested" in text and "Traceback" in text
    assert stat.S_IMODE(os.stat(report).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(report.parent).st_mode) == 0o700


def test_an_uncaught_error_in_a_command_is_one_sentence_exit_1_and_a_report(db_path):
    @cli.command("explode-for-test")
    def explode() -> None:
        raise Unforeseen("boom")

    try:
        result = CliRunner().invoke(cli, ["--db", str(db_path), "explode-for-test"])
    finally:
        cli.commands.pop("explode-for-test")
    assert result.exit_code == 1
    assert "Warroom stopped on an unexpected error (Unforeseen)" in result.output
    assert "Traceback" not in result.output
    path = result.output.split("a crash report is at ")[1].split(":")[0]
    assert "Unforeseen: boom" in open(path).read()


def test_user_errors_stay_sentences_without_a_report(tmp_path):
    result = CliRunner().invoke(cli, ["--db", str(tmp_path / "missing" / "x.db"), "queue"])
    assert result.exit_code == 1 and "does not exist" in result.output
    assert isinstance(result.exception, SystemExit)
    assert not reports_in(locations.data_dir() / "crashes")


async def test_an_unforeseen_error_while_writing_keeps_the_words_and_the_console(sample_copy):
    app = build(sample_copy)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await loaded(app, pilot)

        def broken(write):
            raise Unforeseen("the writer broke")

        screen.writer.run = broken
        await pilot.press("l", *"call nothing is lost", "enter")
        await loaded(app, pilot)
        entry = screen.query_one("#quick-entry")
        assert entry.has_class("-open") and entry.line.value == "call nothing is lost"
        said = str(entry.query_one("#entry-preview").render())
        assert "Nothing was recorded" in said and "crash report is at" in said
        assert reports_in(locations.data_dir() / "crashes")
        await pilot.press("escape", "j")
        assert app.return_code is None and screen.is_mounted


def test_a_reader_that_goes_away_is_not_a_crash(sample_copy, tmp_path):
    import subprocess
    import sys

    from warroom.store.database import open_database

    db = open_database(sample_copy)
    with db.atomic():  # enough entries that the export outgrows the pipe's buffer
        db.execute("INSERT INTO log_entries (crisis_id, account_id, kind, text, author, at, recorded_at) "
                   "SELECT crisis_id, account_id, kind, text || ' (copy)', author, at, recorded_at FROM log_entries "
                   "CROSS JOIN (SELECT 1 FROM accounts LIMIT 20)")
    db.close()
    env = {**os.environ, "XDG_DATA_HOME": str(tmp_path / "data")}
    process = subprocess.Popen([sys.executable, "-m", "warroom", "--db", str(sample_copy), "export", "--format", "csv"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    assert process.stdout.readline()  # like `| head -1`: one line, then the pipe closes
    process.stdout.close()
    _, errors = process.communicate(timeout=60)
    assert process.returncode == 0, errors
    assert b"unexpected error" not in errors and not reports_in(tmp_path / "data" / "warroom" / "crashes")
