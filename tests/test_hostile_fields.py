"""Hostile text in the console's editable fields, the command palette and `--json`: the
fields hold it cleaned of control characters (newlines and tabs kept in bodies), stored text
is left as it was, the palette shows `[/` literally, and JSON escapes what it carries."""

from __future__ import annotations

import json
from contextlib import asynccontextmanager
from datetime import timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st
from textual.command import CommandList, CommandPalette
from textual.content import Content

from warroom.domain.safetext import CONTROL_CHARACTER, terminal_safe
from warroom.domain.vocabulary import CrisisKind, Severity
from warroom.json_output import json_text
from warroom.screens.composer import ComposerScreen
from warroom.screens.form import FormScreen
from warroom.screens.sync_view import SyncView
from warroom.store.crises import create_crisis, get_crisis
from warroom.store.database import open_database
from warroom.store.status import post_status

from tests.conftest import NOW
from tests.test_app import build, loaded, pressed
from tests.test_hostile_display import hostile_db

NAME = "Acme\x1b]52;c;ZXZpbA==\x07 \u202eCorp\x9b2J"
TITLE = "Outage\x1b]0;pwned\x07 [/ \x1bP1$q\x1b\\\x1bc\x1b[>c\u2028second line"
SCOPE = "EU\x1b_Gkitty\x1b\\ \x9d0;title\x9c region\x00"


def controls(text: str, *, body: bool = False) -> list[str]:
    """The control characters `text` holds (newlines and tabs allowed in a body)."""
    return [c for c in CONTROL_CHARACTER.findall(text) if not (body and c in "\n\t")]


@pytest.mark.parametrize("text, single, body", [
    ("a\x1bP1$q\x1b\\b", "ab", "ab"),  # DCS with its payload
    ("a\x1b_Gdata\x1b\\b", "ab", "ab"),  # APC
    ("a\x1b^pm\x1b\\b \x1bXsos\x1b\\c", "ab c", "ab c"),  # PM, SOS
    ("reset\x1bc me", "reset me", "reset me"),  # RIS
    ("ask\x1b[>c \x1b#8\x1b(0done", "ask done", "ask done"),  # a query, DECALN, a character set
    ("osc\x9d0;title\x9c and \x90dcs\x9c C1", "osc and  C1", "osc and  C1"),  # 8-bit introducers
    ("clip\x1b]52;c;eA==\x9cboard", "clipboard", "clipboard"),  # OSC ended by the 8-bit ST
    ("one\r\ntwo\rthree\u2028four", "one two three four", "one\ntwo\nthree\nfour"),
    ("tab\there\nnext", "tab here next", "tab\there\nnext"),
    ("\u200fmark\u061c \u2067isolate\u2069", "mark isolate", "mark isolate"),
])
def test_one_sanitiser_for_lines_and_bodies(text, single, body):
    assert terminal_safe(text) == single
    assert terminal_safe(text, single_line=False) == body


@given(st.text())
def test_a_body_keeps_only_newlines_and_tabs_and_cleaning_twice_changes_nothing(text):
    body = terminal_safe(text, single_line=False)
    assert controls(body, body=True) == []
    assert terminal_safe(body, single_line=False) == body


@given(st.text())
def test_json_text_escapes_every_control_and_reads_back_the_same(text):
    written = json_text({"name": text, "list": [text]})
    assert [c for c in CONTROL_CHARACTER.findall(written) if c != "\n"] == []
    assert json.loads(written) == {"name": text, "list": [text]}


def test_json_text_keeps_letters_readable():
    assert json_text("שלום Café \u202e\x9b\x1b", indent=None) == '"שלום Café \\u202e\\u009b\\u001b"'


@pytest.fixture
def hostile_copy(tmp_path):
    """One account and contact named NAME, a crisis titled TITLE whose status scope is SCOPE."""
    path = tmp_path / "fields.db"
    hostile_db(path, corpus=[NAME])
    db = open_database(path)
    db.table("crises").update(1, {"title": TITLE})
    post_status(db, 1, summary="Rolled back", by="t", now=NOW, scope=SCOPE, eta="1h\x1b[2J", workaround="none")
    db.close()
    return path


@asynccontextmanager
async def console(path):
    """The console on `path`, loaded, at the wall size."""
    app = build(path)
    async with app.run_test(size=(160, 48)) as pilot:
        await loaded(app, pilot)
        yield pilot


async def test_the_composer_holds_the_draft_cleaned_and_still_rerenders(hostile_copy):
    async with console(hostile_copy) as pilot:
        composer = await pressed(pilot, "c")
        assert isinstance(composer, ComposerScreen)
        subject, body = composer.subject_field.value, composer.body_field.text
        assert controls(subject) == [] and controls(body, body=True) == []
        assert subject.endswith(f"{terminal_safe(TITLE)} - what it means for Acme Corp")
        assert "right now: Outage [/ \nsecond line." in body  # the line separator: a newline in a body
        composer.query_one("#draft-next").value = "in 3h"  # a new time re-renders: not a hand edit
        await pressed(pilot)
        assert "edited by hand" not in str(composer.query_one("#draft-missing").render())
        composer.body_field.insert("P.S. \x1b]0;typed\x07pasted\u202e")
        assert controls(composer.body_field.text, body=True) == [] and "P.S. pasted" in composer.body_field.text


async def test_the_sync_summary_is_cleaned_and_an_empty_one_is_a_sentence(hostile_copy):
    async with console(hostile_copy) as pilot:
        app = pilot.app
        sync = await pressed(pilot, "y")
        assert isinstance(sync, SyncView)
        text = sync.summary.text
        assert controls(text, body=True) == [] and "Outage [/ \nsecond line" in text and "EU  region" in text
        sync.summary.text = ""
        assert await pressed(pilot, "ctrl+l") is sync and app.is_running
        assert "The sync summary is empty" in str(sync.query_one("#sync-hint").render())
        assert app.db.execute("SELECT COUNT(*) FROM log_entries WHERE kind = 'sync'").fetchone()[0] == 0
        assert await pressed(pilot, "escape") is app.main


async def test_forms_show_cleaned_values_and_an_untouched_field_keeps_the_stored_text(hostile_copy):
    async with console(hostile_copy) as pilot:
        app = pilot.app
        status = await pressed(pilot, "S")
        assert isinstance(status, FormScreen) and status.query_one("#field-scope").value == "EU  region"
        form = await pressed(pilot, "escape", "E")
        assert isinstance(form, FormScreen)
        assert form.query_one("#field-title").value == terminal_safe(TITLE) == "Outage [/  second line"
        form.query_one("#field-severity").value = "L2"
        await pressed(pilot, "ctrl+s")
        crisis = get_crisis(app.db, 1)
        assert crisis.severity is Severity.L2 and crisis.title == TITLE  # only what was changed


async def test_the_palette_lists_titles_holding_half_a_tag(hostile_copy):
    db = open_database(hostile_copy)
    titles = ["Broken [/oops", "[/]", "x" * 55 + "[link=https://evil.example]y[/link]", "back\\[b]slash"]
    for n, title in enumerate(titles, start=1):
        create_crisis(db, title=title, kind=CrisisKind.OUTAGE, severity=Severity.L3,
                      started_at=NOW - timedelta(hours=3, minutes=n), now=NOW)
    db.close()
    async with console(hostile_copy) as pilot:
        app = pilot.app
        assert isinstance(await pressed(pilot, "ctrl+p"), CommandPalette)  # every title parsed, listed
        palette = await pressed(pilot, *"switch to")  # and searched
        await pilot.pause(0.3)
        shown = [Content.from_markup(option.prompt).plain.split("\n")[0]
                 for option in palette.query_one(CommandList).options]
        assert "crisis: switch to #2 Broken [/oops" in shown and "crisis: switch to #3 [/]" in shown
        assert f"crisis: switch to #4 {'x' * 55}[lin…" in shown and "crisis: switch to #5 back\\[b]slash" in shown
        assert "crisis: switch to #1 Outage [/  second line" in shown
        assert await pressed(pilot, "escape") is app.main and app.is_running


def test_json_of_the_queue_and_the_crisis_list_escapes_controls(hostile_copy, run):
    for args in (("queue", "--json"), ("crisis", "list", "--json")):
        output = run("--db", str(hostile_copy), *args).output
        assert controls(output, body=True) == [] and "\\u001b]0;pwned" in output
    printed = run("--db", str(hostile_copy), "queue", "--json").output
    assert "Acme\\u001b]52;c;ZXZpbA==\\u0007 \\u202eCorp\\u009b2J" in printed
    queue = json.loads(printed)
    assert queue["crisis"]["title"] == TITLE and queue["accounts"][0]["name"] == NAME
    listed = json.loads(run("--db", str(hostile_copy), "crisis", "list", "--json").output)
    assert [crisis["title"] for crisis in listed] == [TITLE]
