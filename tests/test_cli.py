"""The command line through click's runner: output, exit codes, one-sentence errors."""

import json
from pathlib import Path

DATA = Path(__file__).parent / "data"


def test_help_lists_the_commands(run):
    result = run("--help")
    assert result.exit_code == 0
    for command in ("import", "queue", "log", "crisis", "demo", "impact", "override"):
        assert command in result.output


def test_queue_on_the_sample_groups_tiers_with_counts(run, sample_copy):
    result = run("--db", str(sample_copy), "queue")
    assert result.exit_code == 0, result.output
    assert "EU API gateway outage" in result.output
    for heading in ("CRITICAL (", "STANDARD (", "STABLE ("):
        assert heading in result.output
    assert "NOT AFFECTED" not in result.output
    assert "\x1b" not in result.output and "\x00" not in result.output
    assert "✖" in result.output  # the sample has one overdue promise


def test_queue_all_shows_not_affected(run, sample_copy):
    assert "NOT AFFECTED (" in run("--db", str(sample_copy), "queue", "--all").output


def test_queue_json_has_reasons_factors_and_deadlines(run, sample_copy):
    data = json.loads(run("--db", str(sample_copy), "queue", "--json").output)
    first = data["accounts"][0]
    assert first["tier"] == "critical"
    assert first["reasons"] and {"code", "label", "detail"} <= set(first["reasons"][0])
    factors = [f["name"] for f in first["matrix"]["factors"]]
    assert factors == ["business impact", "relationship risk", "strategic value"]
    states = {a["deadline"]["state"] for a in data["accounts"] if a["deadline"]}
    assert states == {"ok", "due_soon", "overdue"}
    assert data["as_of"] == "2026-03-10T15:00:00Z"


def test_log_appends_durably_and_settles_the_overdue_promise(run, sample_copy):
    data = json.loads(run("--db", str(sample_copy), "queue", "--json").output)
    overdue = next(a for a in data["accounts"] if a["deadline"] and a["deadline"]["state"] == "overdue")
    result = run("--db", str(sample_copy), "log", f"#{overdue['id']}", "call spoke to their CTO")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Logged #") and " call for " in result.output and "late" in result.output
    after = json.loads(run("--db", str(sample_copy), "queue", "--json").output)
    assert all(a["deadline"] is None or a["deadline"]["state"] != "overdue" for a in after["accounts"])


def test_log_json_and_crisis_wide(run, sample_copy):
    result = run("--db", str(sample_copy), "log", "--crisis-wide", "decision: pause EU deploys", "--json")
    recorded = json.loads(result.output)
    assert recorded["kind"] == "decision" and recorded["account"] is None and recorded["text"] == "pause EU deploys"


def test_log_at_a_past_time_with_author(run, sample_copy):
    result = run("--db", str(sample_copy), "log", "--at", "14:50", "--author", "Riley", "#1", "email sent", "--json")
    assert json.loads(result.output)["at"] == "2026-03-10T14:50:00+00:00"


def test_unknown_account_is_one_sentence_and_nonzero(run, sample_copy):
    result = run("--db", str(sample_copy), "log", "No Such Customer", "call hello")
    assert result.exit_code == 1
    assert "No account matches 'No Such Customer'" in result.output
    assert "Traceback" not in result.output


def test_ambiguous_account_lists_candidates(run, sample_copy):
    result = run("--db", str(sample_copy), "log", "Cedar", "call hello")
    assert result.exit_code == 1 and "matches several accounts" in result.output and "#" in result.output


def test_bad_time_is_one_sentence(run, sample_copy):
    result = run("--db", str(sample_copy), "log", "--at", "25:99", "#1", "hello")
    assert result.exit_code == 1 and "not a clock time" in result.output


def test_no_crisis_says_how_to_start_one(run, db_path):
    result = run("--db", str(db_path), "queue")
    assert result.exit_code == 1 and "warroom crisis new" in result.output


def test_not_a_database_is_one_sentence(run, tmp_path):
    path = tmp_path / "x.db"
    path.write_text("hello")
    result = run("--db", str(path), "queue")
    assert result.exit_code == 1 and "not an SQLite file" in result.output
    assert path.read_text() == "hello"


def test_crisis_new_list_resolve(run, db_path):
    assert run("--db", str(db_path), "crisis", "new", "Login outage", "--kind", "outage",
               "--severity", "L1", "--started", "14:30").exit_code == 0
    listed = run("--db", str(db_path), "crisis", "list").output
    assert "Crisis #1: Login outage [Service outage, L1, investigating] started 2026-03-10 14:30 (30m ago)" in listed
    assert "Resolved crisis #1" in run("--db", str(db_path), "crisis", "resolve").output
    again = run("--db", str(db_path), "crisis", "resolve", "1")
    assert again.exit_code == 1 and "already resolved" in again.output


def test_crisis_starting_in_the_future_is_refused(run, db_path):
    result = run("--db", str(db_path), "crisis", "new", "Soon", "--started", "2026-03-10T18:00")
    assert result.exit_code == 1 and "later than now" in result.output


def test_import_impact_override_then_queue(run, db_path):
    imported = run("--db", str(db_path), "import", str(DATA / "gainsight_companies.csv"))
    assert imported.exit_code == 1  # two bad rows were reported
    assert "Imported accounts: 5 rows read, 3 created" in imported.output
    assert "line 4, column 'Renewal Date'" in imported.output
    run("--db", str(db_path), "crisis", "new", "Outage")
    assert run("--db", str(db_path), "impact", "Wayne Enterprises", "affected").exit_code == 0
    assert run("--db", str(db_path), "impact", "Cyberdyne", "minimal").exit_code == 0
    queue = run("--db", str(db_path), "queue").output
    assert "CRITICAL (2 accounts" in queue and "Wayne Enterprises" in queue and "renews 52d" in queue
    overridden = run("--db", str(db_path), "override", "Cyberdyne", "critical", "--reason", "CFO is furious")
    assert overridden.exit_code == 0 and "Logged #" in overridden.output
    assert "override: CFO is furious" in run("--db", str(db_path), "queue").output


def test_import_dry_run_and_strict(run, db_path):
    dry = run("--db", str(db_path), "import", "--dry-run", str(DATA / "gainsight_companies.csv"))
    assert "Dry run, nothing written" in dry.output
    strict = run("--db", str(db_path), "import", "--strict", str(DATA / "gainsight_companies.csv"))
    assert strict.exit_code == 1 and "Nothing written (--strict and 2 bad rows)" in strict.output
    bad_map = run("--db", str(db_path), "import", "--map", "nonsense", str(DATA / "gainsight_companies.csv"))
    assert bad_map.exit_code == 2 and "COLUMN=FIELD" in bad_map.output


def test_warroom_db_environment_variable(run, sample_copy, monkeypatch):
    monkeypatch.setenv("WARROOM_DB", str(sample_copy))
    assert "EU API gateway outage" in run("queue").output


def test_default_database_lives_in_the_user_data_directory(run, tmp_path):
    result = run("crisis", "list")
    assert result.exit_code == 0 and "No crises yet" in result.output
    from warroom import locations

    assert locations.default_database().exists()


def test_demo_copies_and_shifts_without_touching_the_sample(run, tmp_path, clock):
    from datetime import timedelta

    from warroom import locations

    sample = locations.shipped("sample.db")
    before = sample.read_bytes()
    clock.advance(timedelta(days=200, minutes=7))
    target = tmp_path / "demo.db"
    result = run("demo", "--to", str(target), "--print")
    assert result.exit_code == 0, result.output
    assert "started 2026-09-26 15:42 (25m ago)" in result.output  # shifted: began 25 minutes before now
    assert sample.read_bytes() == before
    assert run("demo", "--to", str(target), "--print").exit_code == 0  # a demo copy may be replaced
    precious = tmp_path / "real.db"
    run("--db", str(precious), "crisis", "list")
    refused = run("demo", "--to", str(precious), "--print")
    assert refused.exit_code == 1 and "not a demo copy" in refused.output


def test_queue_fits_an_80_column_terminal(run, sample_copy, monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    output = run("--db", str(sample_copy), "queue").output
    rows = [line for line in output.splitlines()[1:] if line.strip()]
    assert rows and max(len(line) for line in rows) <= 80
    monkeypatch.setenv("COLUMNS", "200")
    wide = run("--db", str(sample_copy), "queue").output
    assert "Dana Whitfield" in wide  # the owner column is back with room for it


def test_console_without_a_terminal_says_what_to_run_instead(run, sample_copy):
    result = run("--db", str(sample_copy))
    assert result.exit_code == 1 and "needs a terminal" in result.output and "warroom queue" in result.output


def test_large_import_through_the_cli_reports_a_summary(run, db_path, tmp_path):
    path = tmp_path / "big.csv"
    path.write_text("Name,ARR\n" + "".join(f"Company {n},{n + 1}k\n" for n in range(6000)))
    result = run("--db", str(db_path), "import", str(path))
    assert result.exit_code == 0
    assert "Imported accounts: 6000 rows read, 6000 created, 0 updated, 0 unchanged, 0 skipped." in result.output


def test_log_with_next_and_to_creates_a_promise_and_names_the_contact(run, sample_copy):
    from warroom.store.database import open_database

    db = open_database(sample_copy)
    contact = next(db.query("SELECT name, timezone FROM contacts WHERE account_id = 3 ORDER BY id LIMIT 1"))
    db.close()
    result = run("--db", str(sample_copy), "log", "#3", f"email sent the ack next 16:30 to {contact['name']}", "--json")
    recorded = json.loads(result.output)
    assert recorded["next_update_due"] == "2026-03-10T16:30:00+00:00" and recorded["contact"] == contact["name"]
    assert recorded["commitment"] is not None and recorded["text"] == "sent the ack"
    plain = run("--db", str(sample_copy), "log", "#3", "call follow-up next tomorrow 9am")
    assert "next update by Wed 09:00 (promise #" in plain.output


def test_log_rejects_an_unknown_contact_and_a_past_time(run, sample_copy):
    unknown = run("--db", str(sample_copy), "log", "#3", "email x next 16:00 to Nobody Atall")
    assert unknown.exit_code == 1 and "No single contact" in unknown.output
    past = run("--db", str(sample_copy), "log", "#3", "email x next 9am")
    assert past.exit_code == 1 and "already passed today" in past.output
