"""Rows of a CRM export that the CSV reading could bend: quotes, cell counts, huge cells,
repeated columns and ids, separators. Each bad row is reported; the good rows still land."""

import csv

import pytest

from warroom.store.database import open_database
from warroom.store.errors import StoreError
from warroom.store.importer import MAX_CELL, import_csv

from tests.conftest import NOW

HEADER = "Gsid,Name,ARR,Notes\n"


def good_rows(first: int, count: int) -> str:
    return "".join(f"1P{n:05d},Company {n},{n}k,plain note\n" for n in range(first, first + count))


def accounts(db):
    return {row["name"]: row for row in db.query("SELECT * FROM accounts")}


def write(tmp_path, text: str, name: str = "export.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8", newline="")
    return path


def test_doubled_quotes_after_the_first_8_kb_stay_in_one_cell(db, tmp_path):
    plain = good_rows(1, 300)
    assert len(plain) > 8192 and '"' not in plain
    quoted = '1P99999,"Acme, Inc","$1,200,000","CEO said ""we will churn, unless fixed"""\n'
    report = import_csv(db, write(tmp_path, HEADER + plain + quoted + good_rows(301, 2)), now=NOW)
    assert report.problems == [] and report.created == 303
    acme = accounts(db)["Acme, Inc"]
    assert acme["notes"] == 'CEO said "we will churn, unless fixed"'
    assert acme["arr"] == 1_200_000 and acme["external_id"] == "1P99999"


def test_an_unclosed_quote_mid_file_is_one_bad_row_and_the_next_rows_land(db, tmp_path):
    broken = '1P00004,"Broken Co,4k,never closed\n'  # line 5
    text = HEADER + good_rows(1, 3) + broken + good_rows(5, 5)
    report = import_csv(db, write(tmp_path, text), now=NOW)
    [problem] = report.problems
    assert problem.line == 5 and problem.reason.startswith("unclosed quote")
    assert "end of the file" in problem.reason and problem.value == broken.rstrip("\n")
    names = set(accounts(db))
    assert names == {f"Company {n}" for n in (1, 2, 3, 5, 6, 7, 8, 9)}
    assert (report.rows, report.created, report.skipped) == (9, 8, 1)


def test_a_stray_quote_closed_by_a_later_quoted_cell_swallows_nothing(db, tmp_path):
    stray = '1P00003,"Stray Co,3k,note\n'  # line 4; its quote pairs with the one opening line 7's ARR
    later = '1P00006,Later Co,"$6,000",note\n'
    text = HEADER + good_rows(1, 2) + stray + good_rows(4, 2) + later + good_rows(7, 1)
    report = import_csv(db, write(tmp_path, text), now=NOW)
    [problem] = report.problems
    assert problem.line == 4 and problem.reason.startswith("unclosed quote") and "line 7" in problem.reason
    rows = accounts(db)
    assert set(rows) == {"Company 1", "Company 2", "Company 4", "Company 5", "Later Co", "Company 7"}
    assert rows["Later Co"]["arr"] == 6000


def test_rows_with_too_many_or_too_few_cells_are_bad_and_not_shifted(db, tmp_path):
    text = HEADER + good_rows(1, 1) + "1P00002,Acme, Inc,2k,note\n" + "1P00003,Short Co\n" + good_rows(4, 1)
    report = import_csv(db, write(tmp_path, text), now=NOW)
    found = [(problem.line, problem.column, problem.reason) for problem in report.problems]
    assert found == [(3, "", "5 cells where the header has 4"), (4, "", "2 cells where the header has 4")]
    assert set(accounts(db)) == {"Company 1", "Company 4"}


def test_a_5_mb_cell_is_one_bad_row_and_the_rest_land(db, tmp_path):
    limit_before = csv.field_size_limit()
    huge = '"' + ("x" * 999 + "\n") * 5000 + '"'  # 5 MB over 5,000 lines, read whole
    text = HEADER + good_rows(1, 1) + f"1P00002,Huge Co,2k,{huge}\n" + good_rows(3, 2)
    report = import_csv(db, write(tmp_path, text), now=NOW)
    [problem] = report.problems
    assert (problem.line, problem.column) == (3, "Notes")
    assert "5,000,000 characters" in problem.reason and f"{MAX_CELL:,}" in problem.reason
    assert len(problem.value) < 1000
    assert set(accounts(db)) == {"Company 1", "Company 3", "Company 4"}
    assert csv.field_size_limit() == limit_before


def test_two_columns_of_one_name_read_as_a_field_stop_the_import(db, tmp_path):
    text = "Gsid,Name,ARR,name\n1P00001,Acme,1k,Acme Holdings\n"
    with pytest.raises(StoreError, match=r"Columns 2 and 4 are both named 'Name'.*rename or delete"):
        import_csv(db, write(tmp_path, text), now=NOW)
    assert accounts(db) == {}


def test_repeated_columns_that_are_not_read_are_noted_and_the_rows_land(db, tmp_path):
    text = "Name,Created By,ARR,Created By,Company\nAcme,ann,1k,bob,Acme Group\n"
    report = import_csv(db, write(tmp_path, text), now=NOW)
    assert "Columns 2 and 4 are both named 'Created By'; neither is read." in report.notes
    assert any(note.startswith("Column 'Company' is not read: 'Name' is read as name") for note in report.notes)
    assert accounts(db)["Acme"]["arr"] == 1000 and report.problems == []


def test_a_repeated_crm_id_is_a_bad_row_naming_the_first_line(db, tmp_path):
    text = HEADER + good_rows(1, 2) + "1P00001,Impostor,9k,note\n" + "1p00001,Other Case,5k,note\n"
    report = import_csv(db, write(tmp_path, text), now=NOW)
    [problem] = report.problems
    assert (problem.line, problem.column, problem.value) == (4, "Gsid", "1P00001")
    assert "same id as line 2" in problem.reason
    rows = accounts(db)
    assert set(rows) == {"Company 1", "Company 2", "Other Case"}  # CRM ids are case-sensitive
    assert rows["Company 1"]["arr"] == 1000


@pytest.mark.parametrize("separator", [";", "\t", "|"])
def test_semicolon_tab_and_pipe_separated_exports(db, tmp_path, separator):
    lines = [["Gsid", "Name", "ARR", "Notes"],
             ["1P1", "Acme, Inc", "1.200.000,00", 'said "hi"; then | left'],
             ["1P2", "Beta", "950 000", "second"]]
    with (tmp_path / "export.csv").open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle, delimiter=separator).writerows(lines)
    report = import_csv(db, tmp_path / "export.csv", now=NOW)
    assert report.problems == [] and report.created == 2
    rows = accounts(db)
    assert rows["Acme, Inc"]["arr"] == 1_200_000 and rows["Acme, Inc"]["notes"] == 'said "hi"; then | left'
    assert rows["Beta"]["arr"] == 950_000


def test_the_cli_reports_each_bad_row_lands_the_rest_and_exits_1(run, db_path, tmp_path):
    text = (HEADER + good_rows(1, 1)
            + '1P00002,"Open Co,2k,note\n'  # line 3
            + "1P00003,Too, Many,3k,note\n"  # line 4
            + f"1P00004,Huge Co,4k,{'y' * (5 * 1024 * 1024)}\n"  # line 5
            + "1P00001,Again,1k,note\n"  # line 6
            + '1P00007,"Quote Co","7k","CEO said ""we will churn, unless fixed"""\n')
    result = run("--db", str(db_path), "import", str(write(tmp_path, text)))
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    skipped = [line for line in result.output.splitlines() if line.startswith("Skipped")]
    assert [line.split(":")[0] for line in skipped] == [
        "Skipped line 3", "Skipped line 4", "Skipped line 5, column 'Notes'", "Skipped line 6, column 'Gsid'"]
    assert "unclosed quote" in skipped[0] and "5 cells where the header has 4" in skipped[1]
    assert "the limit is 65,536" in skipped[2] and "same id as line 2" in skipped[3]
    assert "Imported accounts: 6 rows read, 2 created, 0 updated, 0 unchanged, 4 skipped." in result.output
    db = open_database(db_path)
    assert accounts(db)["Quote Co"]["notes"] == 'CEO said "we will churn, unless fixed"'
    db.close()


def test_the_cli_refuses_two_name_columns_in_one_sentence(run, db_path, tmp_path):
    result = run("--db", str(db_path), "import", str(write(tmp_path, "Name,ARR,Name\nAcme,1k,Acme Ltd\n")))
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "Columns 1 and 3 are both named 'Name'" in result.output
    db = open_database(db_path)
    assert accounts(db) == {}
    db.close()


def test_blank_lines_are_skipped_and_lines_are_counted_as_in_the_file(db, tmp_path):
    text = "\n\r\n" + HEADER + good_rows(1, 1) + "\n,,,\n" + '1P00005,"Two\nLines",5k,note\n' + "1P00006,Bad,lots,n\n"
    report = import_csv(db, write(tmp_path, text), now=NOW)
    [problem] = report.problems
    assert (problem.line, problem.column, problem.value) == (9, "ARR", "lots")
    assert accounts(db)["Two\nLines"]["external_id"] == "1P00005" and report.rows == 3
