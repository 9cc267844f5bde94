"""Importing Salesforce, HubSpot and Gainsight exports, with bad rows, through the store."""

from pathlib import Path

import pytest

from warroom.store.changes import latest_seq
from warroom.store.errors import StoreError
from warroom.store.importer import import_csv

from tests.conftest import NOW

DATA = Path(__file__).parent / "data"


def accounts(db):
    return {row["name"]: row for row in db.query("SELECT * FROM accounts")}


def test_salesforce_annual_revenue_is_never_arr(db):
    report = import_csv(db, DATA / "salesforce_accounts.csv", now=NOW)
    rows = accounts(db)
    assert rows["Acme Health"]["arr"] == 0
    assert rows["Acme Health"]["customer_revenue"] == 12_000_000
    assert rows["Acme Health"]["external_id"] == "0015g00000AbCdE"
    assert rows["Acme Health"]["owner"] == "Dana Whitfield"
    assert rows["Acme Health"]["country"] == "United States"
    assert rows["[bold]Umbrella[/] Corp"]["customer_revenue"] == 2_500_000
    assert any("AnnualRevenue" in note and "--map" in note for note in report.notes)


def test_bad_rows_are_reported_with_line_column_value_and_reason_and_the_rest_lands(db):
    report = import_csv(db, DATA / "salesforce_accounts.csv", now=NOW)
    assert (report.created, report.skipped) == (3, 1)
    [problem] = report.problems
    assert (problem.line, problem.column, problem.value) == (4, "AnnualRevenue", "lots")
    assert "not an amount" in problem.reason
    assert "Initech" not in accounts(db)


def test_strict_writes_nothing_when_a_row_is_bad(db):
    report = import_csv(db, DATA / "salesforce_accounts.csv", now=NOW, strict=True)
    assert not report.landed and report.problems
    assert accounts(db) == {}


def test_dry_run_counts_but_writes_nothing(db):
    before = latest_seq(db)
    report = import_csv(db, DATA / "gainsight_companies.csv", now=NOW, dry_run=True)
    assert report.created == 3 and report.skipped == 2 and not report.landed
    assert accounts(db) == {} and latest_seq(db) == before


def test_map_option_reads_a_column_as_a_field(db):
    import_csv(db, DATA / "salesforce_accounts.csv", now=NOW, overrides={"AnnualRevenue": "arr"})
    assert accounts(db)["Acme Health"]["arr"] == 12_000_000


def test_unknown_map_target_is_one_sentence(db):
    with pytest.raises(StoreError, match="no field 'revenue'"):
        import_csv(db, DATA / "salesforce_accounts.csv", now=NOW, overrides={"AnnualRevenue": "revenue"})


def test_hubspot_companies_with_an_unknown_zone(db):
    report = import_csv(db, DATA / "hubspot_companies.csv", now=NOW)
    rows = accounts(db)
    assert rows["Hooli"]["external_id"] == "9001" and rows["Hooli"]["domain"] == "hooli.example"
    assert rows["Hooli"]["timezone"] == "America/Los_Angeles" and rows["Hooli"]["owner"] == "Jonas Berg"
    assert rows["Stark Industries"]["customer_revenue"] == 1_200_000_000
    [problem] = report.problems
    assert problem.line == 3 and problem.column == "Time Zone" and "IANA" in problem.reason


def test_gainsight_arr_mrr_health_and_renewal_dates(db):
    report = import_csv(db, DATA / "gainsight_companies.csv", now=NOW)
    rows = accounts(db)
    assert rows["Wayne Enterprises"]["arr"] == 1_500_000
    assert rows["Wayne Enterprises"]["health"] == "green" and rows["Wayne Enterprises"]["health_score"] == 82
    assert rows["Wayne Enterprises"]["renewal_date"] == "2026-05-01"
    assert rows["Cyberdyne"]["arr"] == 120_000  # 12 x MRR
    assert rows["Cyberdyne"]["health"] == "yellow"
    assert rows["Cyberdyne"]["renewal_date"] == "2026-04-15"
    assert rows["Oscorp"]["renewal_date"] == "2026-09-30" and rows["Oscorp"]["health"] == "red"
    lines = sorted((p.line, p.column) for p in report.problems)
    assert lines == [(4, "Renewal Date"), (5, "Current Score")]  # 31/12 needs --dayfirst; score 140


def test_dayfirst_reads_day_month_year(db):
    import_csv(db, DATA / "gainsight_companies.csv", now=NOW, dayfirst=True)
    rows = accounts(db)
    assert rows["Tyrell"]["renewal_date"] == "2026-12-31"
    assert "Cyberdyne" not in rows  # 04/15/2026 read day-first has no month 15: reported, skipped


def test_importing_the_same_file_twice_changes_nothing(db):
    first = import_csv(db, DATA / "gainsight_companies.csv", now=NOW)
    seq = latest_seq(db)
    snapshot = accounts(db)
    second = import_csv(db, DATA / "gainsight_companies.csv", now=NOW)
    assert (first.created, second.created, second.updated, second.unchanged) == (3, 0, 0, 3)
    assert accounts(db) == snapshot
    assert latest_seq(db) == seq


def test_a_changed_value_updates_only_that_account(db, tmp_path):
    import_csv(db, DATA / "gainsight_companies.csv", now=NOW)
    changed = tmp_path / "changed.csv"
    changed.write_text((DATA / "gainsight_companies.csv").read_text().replace('"$1,500,000"', "$2M"))
    report = import_csv(db, changed, now=NOW)
    assert (report.created, report.updated, report.unchanged) == (0, 1, 2)
    assert accounts(db)["Wayne Enterprises"]["arr"] == 2_000_000


def test_rows_without_an_id_upsert_on_the_name(db, tmp_path):
    path = tmp_path / "plain.csv"
    path.write_text("Name,ARR\nAcme,100k\n")
    import_csv(db, path, now=NOW)
    path.write_text("Name,ARR\nACME,150k\n")
    report = import_csv(db, path, now=NOW)
    assert report.updated == 1 and len(accounts(db)) == 1


def test_contacts_attach_to_accounts_and_get_roles_from_titles(db):
    import_csv(db, DATA / "gainsight_companies.csv", now=NOW)
    report = import_csv(db, DATA / "contacts.csv", now=NOW)
    assert report.kind == "contacts" and report.created == 3
    contacts = {row["name"]: row for row in db.query("SELECT * FROM contacts")}
    assert contacts["Lucius Fox"]["role"] == "technical"
    assert contacts["Bruce Wayne"]["role"] == "executive"
    assert contacts["Miles Dyson"]["role"] == "operational"
    assert contacts["Lucius Fox"]["timezone"] == "America/New_York"
    [problem] = report.problems
    assert problem.line == 5 and "import the accounts first" in problem.reason
    again = import_csv(db, DATA / "contacts.csv", now=NOW)
    assert (again.created, again.updated) == (0, 0)


def test_file_problems_are_one_sentence(db, tmp_path):
    with pytest.raises(StoreError, match="Cannot read"):
        import_csv(db, tmp_path / "missing.csv", now=NOW)
    latin = tmp_path / "latin.csv"
    latin.write_bytes("Name\nCaf\xe9\n".encode("latin-1"))
    with pytest.raises(StoreError, match="not UTF-8"):
        import_csv(db, latin, now=NOW)
    empty = tmp_path / "empty.csv"
    empty.write_text("")
    with pytest.raises(StoreError, match="empty"):
        import_csv(db, empty, now=NOW)
    no_names = tmp_path / "nonames.csv"
    no_names.write_text("Foo,Bar\n1,2\n")
    with pytest.raises(StoreError, match="--map COLUMN=name"):
        import_csv(db, no_names, now=NOW)


def test_hostile_cells_are_stored_exactly(db, tmp_path):
    path = tmp_path / "hostile.csv"
    name = "[@click=app.quit]Evil\x1b]52;c;aGk=\x07 Co \u202eRTL"
    path.write_text(f'Name,Notes\n"{name}","[/]"\n', encoding="utf-8")
    import_csv(db, path, now=NOW)
    row = next(iter(accounts(db).values()))
    assert row["name"] == name and row["notes"] == "[/]"


def test_semicolon_separated_exports_are_read(db, tmp_path):
    path = tmp_path / "semi.csv"
    path.write_text("Name;ARR;Renewal Date\nAcme;1.200.000,00;2026-06-01\nBeta;950 000;2026-07-01\n")
    import_csv(db, path, now=NOW)
    assert accounts(db)["Acme"]["arr"] == 1_200_000


def test_progress_is_reported_for_large_files(db, tmp_path):
    path = tmp_path / "big.csv"
    path.write_text("Name,ARR\n" + "".join(f"Company {n},{n}k\n" for n in range(2500)))
    calls = []
    import_csv(db, path, now=NOW, progress=lambda done, total: calls.append((done, total)))
    assert calls[0] == (0, 2500) and calls[-1] == (2500, 2500)
    assert [done for done, _ in calls] == sorted(done for done, _ in calls) and len(calls) >= 3
