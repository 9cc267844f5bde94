"""`--json` on the read commands (status, tasks, sync, templates list): plain data with
ISO 8601 times, the same facts as the text, and no raw control character on the terminal."""

from __future__ import annotations

import json
from datetime import datetime, timedelta

from warroom import locations
from warroom.compose.templates import discover
from warroom.domain.safetext import CONTROL_CHARACTER

from tests.conftest import NOW

HOSTILE = "Rollback \x1b]52;c;aGk=\x07done \x9b31m\u202e"


def read_json(result) -> object:
    assert result.exit_code == 0, result.output
    assert not CONTROL_CHARACTER.search(result.stdout.replace("\n", "")), "a raw control character reached stdout"
    return json.loads(result.stdout)


def instant(text: str) -> datetime:
    parsed = datetime.fromisoformat(text)
    assert parsed.utcoffset() is not None, f"{text} has no offset"
    return parsed


def test_status_json_is_the_history_oldest_first(run, sample_copy):
    data = read_json(run("--db", str(sample_copy), "status", "--json"))
    assert data["crisis"]["id"] == 2 and data["crisis"]["title"].startswith("EU API gateway outage")
    history = data["status_history"]
    text_lines = run("--db", str(sample_copy), "status").output.strip().splitlines()
    assert len(history) == len(text_lines) == 2
    assert [item["status"] for item in history] == ["investigating", "identified"]
    assert [instant(item["at"]) for item in history] == sorted(instant(item["at"]) for item in history)
    assert set(history[0]) == {"id", "at", "status", "summary", "scope", "eta", "eta_confidence", "workaround",
                               "author"}
    assert history[1]["eta"] == "about 60 minutes" and history[1]["eta_confidence"] == "medium"


def test_status_json_keeps_hostile_text_exact_and_escaped(run, sample_copy):
    posted = read_json(run("--db", str(sample_copy), "status", HOSTILE, "--status", "monitoring", "--json"))
    assert posted["crisis"] == 2 and posted["summary"] == HOSTILE and posted["status"] == "monitoring"
    assert instant(posted["at"]) == NOW
    history = read_json(run("--db", str(sample_copy), "status", "--json"))["status_history"]
    assert history[-1] == {key: value for key, value in posted.items() if key != "crisis"}


def test_status_json_of_a_crisis_without_updates_is_an_empty_list(run, sample_copy):
    run("--db", str(sample_copy), "crisis", "new", "Quiet one")
    data = read_json(run("--db", str(sample_copy), "status", "--json", "--crisis", "3"))
    assert data["crisis"]["title"] == "Quiet one" and data["status_history"] == []


def test_tasks_json_marks_overdue_and_done(run, sample_copy):
    data = read_json(run("--db", str(sample_copy), "tasks", "--crisis", "1", "--json"))
    assert data["crisis"]["id"] == 1 and instant(data["as_of"]) == NOW
    tasks = data["tasks"]
    assert tasks[0]["phase"] == "checklist" and tasks[0]["done_by"] == "Dana Whitfield"
    for task in tasks:
        due = instant(task["due_at"]) if task["due_at"] else None
        assert task["overdue"] == (task["done_at"] is None and due is not None and due < NOW)
    assert any(task["overdue"] for task in tasks) and any(task["done_at"] for task in tasks)
    open_task = next(task for task in tasks if task["done_at"] is None)
    assert run("--db", str(sample_copy), "tasks", "--crisis", "1", "done", str(open_task["id"])).exit_code == 0
    again = read_json(run("--db", str(sample_copy), "tasks", "--crisis", "1", "--json"))["tasks"]
    ticked = next(task for task in again if task["id"] == open_task["id"])
    assert instant(ticked["done_at"]) == NOW and ticked["done_by"] == "Tester" and not ticked["overdue"]


def test_tasks_json_with_a_tick_is_refused(run, sample_copy):
    result = run("--db", str(sample_copy), "tasks", "--json", "done", "47")
    assert result.exit_code == 2 and "--json lists the tasks" in result.output
    assert read_json(run("--db", str(sample_copy), "tasks", "--json"))["tasks"][0]["done_at"] is None


def test_sync_json_holds_the_rollups_the_summary_prints(run, sample_copy):
    data = read_json(run("--db", str(sample_copy), "sync", "--json"))
    queue = read_json(run("--db", str(sample_copy), "queue", "--json"))
    for tier in ("critical", "standard", "stable"):
        members = [a for a in queue["accounts"] if a["tier"] == tier]
        part = data["tiers"][tier]
        assert part["accounts"] == len(members)
        assert part["arr"] == sum(a["arr"] for a in members)
        assert part["contacted"] == sum(1 for a in members if a["first_contact_at"])
        assert part["not_contacted"] == part["accounts"] - part["contacted"]
    assert data["total"]["accounts"] == sum(part["accounts"] for part in data["tiers"].values())
    assert data["commitments"] == {"open": 27, "kept": 3, "late": 0, "missed": 0, "cancelled": 0}
    assert [e["account"] for e in data["escalations"]] == ["Copper Bank", "Cedar Media"]
    assert data["since"] is None and data["logged_entry"] is None
    assert data["status"].startswith("identified: A bad TLS certificate rotation")
    assert data["summary"] == run("--db", str(sample_copy), "sync").stdout
    started = instant(data["crisis"]["started_at"])
    assert instant(data["next_sync_due"]) == started + timedelta(minutes=240)


def test_sync_json_with_log_moves_the_next_sync(run, sample_copy):
    logged = read_json(run("--db", str(sample_copy), "sync", "--log", "--json"))
    assert isinstance(logged["logged_entry"], int)
    assert instant(logged["next_sync_due"]) == NOW + timedelta(minutes=240)
    after = read_json(run("--db", str(sample_copy), "sync", "--json"))
    assert instant(after["since"]) == NOW and after["escalations"] == [] and after["decisions"] == []


def test_templates_list_json_lists_every_template_with_its_file(run):
    user = locations.config_dir() / "templates"
    user.mkdir(parents=True)
    (user / "apology.j2").write_text('+++\nname = "Sorry \\u001b[2J\\u009b"\nsubject = "Sorry"\n+++\nSorry.\n')
    data = read_json(run("templates", "list", "--json"))
    assert [item["key"] for item in data] == list(discover().templates)
    apology = next(item for item in data if item["key"] == "apology")
    assert apology["name"] == "Sorry \x1b[2J\x9b" and apology["source"] == "user"
    assert apology["path"] == str(user / "apology.j2") and apology["tiers"] == ["critical", "standard", "stable"]
    shipped = next(item for item in data if item["key"] == "initial-acknowledgment")
    assert shipped["source"] == "shipped" and shipped["creates_commitment"] is True
    text = run("templates", "list").output
    assert "apology" in text and "\x1b" not in text and "\x9b" not in text
