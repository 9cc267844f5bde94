"""Exports and saved drafts hold customer content: 0600 files in 0700 folders whatever the
umask, written whole or not at all, and two drafts never share a name."""

from __future__ import annotations

import os
import stat
from datetime import UTC, datetime
from pathlib import Path

import pytest

from warroom import locations
from warroom.compose.clipboard import copy_text
from warroom.private_files import private_folder, private_writer

SAME_SECOND = datetime(2026, 3, 10, 15, 0, 7, tzinfo=UTC)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture(params=[0o022, 0o000], ids=["umask-022", "umask-000"])
def umask(request):
    """A permissive umask must not widen what Warroom writes."""
    previous = os.umask(request.param)
    yield request.param
    os.umask(previous)


def test_the_cli_export_file_is_private_and_the_users_folder_is_left_alone(run, db_path, tmp_path, umask):
    db = ["--db", str(db_path)]
    assert run(*db, "crisis", "new", "EU API outage").exit_code == 0
    folder = tmp_path / "chosen"
    folder.mkdir(mode=0o755)
    target = folder / "postmortem.md"
    target.write_text("an older export")
    target.chmod(0o644)
    for fmt in ("md", "csv", "json"):
        result = run(*db, "export", "--format", fmt, "-o", str(target))
        assert result.exit_code == 0, result.output
        assert mode(target) == 0o600 and "Crisis opened" in target.read_text()
    assert mode(folder) == 0o755  # the user chose this folder: not Warroom's to change
    assert sorted(path.name for path in folder.iterdir()) == ["postmortem.md"]  # no partial left


def test_an_export_that_cannot_be_written_is_one_sentence(run, db_path, tmp_path):
    db = ["--db", str(db_path)]
    run(*db, "crisis", "new", "EU API outage")
    result = run(*db, "export", "-o", str(tmp_path / ("x" * 300 + ".md")))  # longer than a file name may be
    assert result.exit_code == 1 and "Could not write" in result.output and "Traceback" not in result.output
    assert [path.name for path in tmp_path.iterdir() if ".partial" in path.name] == []


async def test_the_console_export_is_private_and_never_overwrites_one_of_the_same_minute(umask, sample_copy):
    from tests.test_app import build, loaded

    app = build(sample_copy)
    async with app.run_test(size=(120, 36)) as pilot:
        await loaded(app, pilot)
        for _ in range(2):  # two exports in the same (frozen) minute
            await pilot.press("X")
            await loaded(app, pilot)
    folder = locations.exports_dir()
    files = sorted(folder.glob("crisis-*.md"))
    assert [f.name.endswith(("-1500.md", "-1500-2.md")) for f in files] == [True, True]
    assert mode(folder) == 0o700 and all(mode(f) == 0o600 for f in files)
    assert all(f.read_text().startswith("# ") for f in files)


def test_an_existing_wide_folder_is_tightened_when_ours_and_left_when_not(tmp_path, monkeypatch):
    ours = tmp_path / "ours"
    ours.mkdir()
    ours.chmod(0o755)
    assert mode(private_folder(ours)) == 0o700
    theirs = tmp_path / "theirs"
    theirs.mkdir()
    theirs.chmod(0o777)
    owner = theirs.stat().st_uid
    monkeypatch.setattr(os, "geteuid", lambda: owner + 1)  # as if another user owned it
    assert mode(private_folder(theirs)) == 0o777
    with private_writer(theirs / "draft.txt") as out:
        out.write("still private")
    assert mode(theirs / "draft.txt") == 0o600


def test_a_failed_write_leaves_the_old_file_and_no_partial(tmp_path):
    target = tmp_path / "export.md"
    target.write_text("the previous export")
    with pytest.raises(RuntimeError), private_writer(target) as out:
        out.write("half of it")
        raise RuntimeError("the database went away")
    assert target.read_text() == "the previous export" and list(tmp_path.iterdir()) == [target]


def test_two_drafts_in_the_same_second_both_exist_and_are_private(umask):
    drafts = locations.drafts_dir()
    saved = [copy_text(text, label="Acme Health", now=SAME_SECOND, drafts_dir=drafts,
                       system=lambda text: (False, "no tool")).saved_to
             for text in ("first draft", "second draft", "third draft")]
    assert [path.name for path in saved] == ["20260310-150007-Acme-Health.txt", "20260310-150007-Acme-Health-2.txt",
                                             "20260310-150007-Acme-Health-3.txt"]
    assert [path.read_text() for path in saved] == ["first draft", "second draft", "third draft"]
    assert {mode(path) for path in saved} == {0o600} and mode(drafts) == 0o700
    assert sorted(drafts.iterdir()) == sorted(saved)


def test_drafts_saved_through_the_cli_are_private(run, db_path, monkeypatch, umask):
    import pyperclip

    def no_clipboard(text):
        raise pyperclip.PyperclipException("no clipboard tool")

    monkeypatch.setattr(pyperclip, "copy", no_clipboard)
    db = ["--db", str(db_path)]
    run(*db, "crisis", "new", "EU API outage")
    for _ in range(2):
        assert "the draft is saved in" in run(*db, "sync", "--copy").output
    drafts = locations.drafts_dir()
    assert mode(drafts) == 0o700 and len(list(drafts.iterdir())) == 2
    assert {mode(path) for path in drafts.iterdir()} == {0o600}
