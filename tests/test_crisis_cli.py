"""A whole crisis run through the command line, then exported: the export is checked line by
line against what was logged, and the Markdown export is a committed snapshot."""

from __future__ import annotations

import csv
import io
import json
from datetime import timedelta

import pytest
from syrupy.extensions.single_file import SingleFileSnapshotExtension, WriteMode

from warroom.store.database import open_database


class MarkdownSnapshot(SingleFileSnapshotExtension):
    _file_extension = "md"
    _write_mode = WriteMode.TEXT


@pytest.fixture
def crisis_db(run, db_path, clock):
    """Three accounts, then a short outage from first alert to resolution."""
    db_path.parent.mkdir(exist_ok=True)
    accounts = db_path.parent / "accounts.csv"
    accounts.write_text(
        "Account Name,Account ID,ARR,Industry,Segment,Renewal Date,Health\n"
        "Acme Health,A-1,240000,Healthcare,Enterprise,2026-04-20,green\n"
        "Bolt Retail,A-2,60000,Retail,SMB,2027-01-01,green\n"
        "=HYPERLINK(\"x\") [b]Corp[/b],A-3,30000,Retail,SMB,2027-06-01,green\n", encoding="utf-8")
    db = ["--db", str(db_path)]
    assert run(*db, "import", str(accounts)).exit_code == 0
    clock.advance(timedelta(minutes=-60))  # 14:00 London
    assert run(*db, "crisis", "new", "EU API outage", "--kind", "outage", "--severity", "L1",
               "--updates-every", "30").exit_code == 0
    clock.advance(timedelta(minutes=5))
    result = run(*db, "affected", "affected", "--accounts", "A-1, A-2, A-3, A-404", "--yes")
    assert "3 accounts will be marked affected. 1 not found (left out): 'A-404'." in result.output
    run(*db, "status", "Writes fail in the EU", "--scope", "EU writes", "--eta", "an hour", "--confidence", "low")
    clock.advance(timedelta(minutes=10))
    run(*db, "log", "Acme Health", "call spoke to their CTO next 14:45")
    run(*db, "log", "Bolt Retail", "email sent the acknowledgment next 15:30")
    clock.advance(timedelta(minutes=5))
    run(*db, "log", "A-3", "escalation their CEO wrote to ours")
    run(*db, "log", "--crisis-wide", "decision pause EU deploys")
    clock.advance(timedelta(minutes=40))  # 15:00: Acme's 14:45 promise has passed unmet
    run(*db, "status", "Rollback done", "--status", "monitoring")
    run(*db, "sync", "--log")
    run(*db, "tasks", "done", "SLA credits")
    clock.advance(timedelta(minutes=10))
    result = run(*db, "crisis", "resolve")
    assert "Open promises settled: 1 missed, 1 cancelled." in result.output
    return db_path


def test_resolving_twice_is_one_sentence(run, crisis_db):
    result = run("--db", str(crisis_db), "crisis", "resolve", "1")
    assert result.exit_code == 1 and "already resolved" in result.output and "Traceback" not in result.output


def test_the_csv_export_is_every_logged_entry_line_by_line(run, crisis_db):
    result = run("--db", str(crisis_db), "export", "--format", "csv", "--tz", "UTC")
    assert result.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(result.output)))
    db = open_database(crisis_db)
    logged = list(db.query(
        "SELECT e.id, e.at, e.kind, e.text, e.author, a.name FROM log_entries e LEFT JOIN accounts a "
        "ON a.id = e.account_id WHERE e.crisis_id = 1 ORDER BY e.at, e.id"))
    db.close()
    assert len(rows) == len(logged) >= 12
    for row, entry in zip(rows, logged, strict=True):
        assert int(row["entry"]) == entry["id"] and row["kind"] == entry["kind"]
        assert row["at"] == entry["at"].replace("Z", "+00:00")
        assert row["author"] == entry["author"]
        name = entry["name"] or ""
        assert row["account"] == ("'" + name if name.startswith("=") else name)  # never a formula
        if entry["kind"] != "sync":
            assert row["text"] == entry["text"]
    texts = [row["text"] for row in rows]
    assert "spoke to their CTO" in texts and "pause EU deploys" in texts
    kinds = [row["kind"] for row in rows]
    assert kinds.count("commitment_missed") == 1 and "task" in kinds and "sync" in kinds
    assert rows[0]["text"].startswith("Crisis opened") and rows[-1]["text"].startswith("Crisis resolved")


def test_the_json_export_is_documented_and_complete(run, crisis_db):
    data = json.loads(run("--db", str(crisis_db), "export", "--format", "json").output)
    assert data["format"] == "warroom-export/1" and data["crisis"]["resolved_at"]
    assert [c["outcome"] for c in data["commitments"]] == ["missed", "cancelled"]
    assert {f["account"]: f["outcome"] for f in data["first_contacts"]} == {
        "Acme Health": "met", "Bolt Retail": "met", '=HYPERLINK("x") [b]Corp[/b]': "never"}
    assert [s["status"] for s in data["status_history"]] == ["investigating", "monitoring"]
    assert data["status_history"][1]["scope"] == "EU writes"  # carried over
    assert len(data["entries"]) == sum(1 for _ in data["entries"]) and data["tiers"]["critical"]["accounts"] == 1


def test_the_markdown_export_snapshot(run, crisis_db, snapshot, tmp_path):
    target = tmp_path / "out" / "postmortem.md"
    target.parent.mkdir()
    result = run("--db", str(crisis_db), "export", "--format", "md", "-o", str(target))
    assert result.exit_code == 0 and not target.with_name("postmortem.md.partial").exists()
    text = target.read_text(encoding="utf-8")
    assert "\\[b\\]Corp\\[/b\\]" in text  # user text cannot become Markdown
    assert text == snapshot(extension_class=MarkdownSnapshot)


def test_export_refusals_are_sentences(run, crisis_db, tmp_path):
    db = ["--db", str(crisis_db)]
    assert "is not an IANA zone" in run(*db, "export", "--tz", "Mars/Olympus").output
    assert "There is no folder" in run(*db, "export", "-o", str(tmp_path / "nope" / "x.md")).output
    assert "There is no crisis 9" in run(*db, "export", "--crisis", "9").output


def test_crisis_new_and_edit_from_the_command_line(run, db_path):
    db = ["--db", str(db_path)]
    result = run(*db, "crisis", "new", "Bad", "--updates-every", "-5")
    assert result.exit_code == 1 and "Customer updates: -5 minutes is not a cadence" in result.output
    assert run(*db, "crisis", "new", "Breach", "--kind", "security", "--started", "13:30").exit_code == 0
    result = run(*db, "crisis", "edit", "--severity", "L1", "--sync-every", "60")
    assert "severity L2 → L1" in result.output and "internal syncs 240 → 60 min" in result.output
    assert "unchanged" in run(*db, "crisis", "edit", "--severity", "L1").output
    listing = run(*db, "tasks").output
    assert "[ ]" in listing and "Legal reviews every customer message" in listing
    assert "Done: Legal reviews" in run(*db, "tasks", "done", "legal").output
    assert "[x]" in run(*db, "tasks").output


def test_affected_preview_changes_nothing_and_status_history(run, db_path, tmp_path):
    db = ["--db", str(db_path)]
    db_path.parent.mkdir(exist_ok=True)
    run(*db, "crisis", "new", "Outage")
    database = open_database(db_path)
    database.table("accounts").insert_all([{"id": 1, "name": "A", "industry": "Banking", "created_at": "x",
                                            "updated_at": "x"}])
    database.close()
    result = run(*db, "affected", "business_critical", "--where", "industry=banking")
    assert "1 account will be marked business critical." in result.output and "run again with --yes" in result.output
    assert "Choose the accounts one way" in run(*db, "affected", "affected").output
    assert "No status updates" in run(*db, "status").output
    run(*db, "status", "Investigating 502s", "--eta", "soon-ish")
    assert "investigating: Investigating 502s; ETA soon-ish" in run(*db, "status").output


def test_export_reports_progress_and_streams(crisis_db, monkeypatch):
    from datetime import UTC

    from warroom import export as exporting
    from warroom.store.crises import get_crisis

    monkeypatch.setattr(exporting, "PROGRESS_EVERY", 5)
    db = open_database(crisis_db)
    seen = []
    out = io.StringIO()
    count = exporting.export(db, get_crisis(db, 1), out, fmt="json", now=get_crisis(db, 1).resolved_at, zone=UTC,
                             progress=lambda done, total: seen.append((done, total)))
    db.close()
    assert seen == [(0, 12), (5, 12), (10, 12), (12, 12)] and count == 12
    assert json.loads(out.getvalue())["entries"][0]["at"].endswith("+00:00")
