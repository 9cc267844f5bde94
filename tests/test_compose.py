"""Templates: discovery, sandboxed and bounded rendering, missing facts marked, the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from warroom.compose.checking import check_all
from warroom.compose.rendering import TemplateFailed, render
from warroom.compose.templates import discover, read_template
from warroom.config import Config
from warroom.store.database import open_database

FACTS = {"account": {"name": "Acme"}, "contact": {"first_name": "Jane", "name": "Jane Doe"},
         "crisis": {"title": "Outage"}, "csm": {"signature": "Dana"}}


def template_file(tmp_path: Path, body: str, subject: str = "About {{ crisis.title }}", name: str = "t") -> Path:
    path = tmp_path / f"{name}.j2"
    path.write_text(f'+++\nname = "Test"\naudience = "operational"\nsubject = "{subject}"\n+++\n{body}')
    return path


def test_every_shipped_template_renders_for_every_sample_account_and_contact(sample_copy):
    db = open_database(sample_copy)
    problems, renders = check_all(db, Config(author="Dana Whitfield", timezone="Europe/London",
                                             csm_phone="+44 20 7946 0000", csm_email="dana@example.com"))
    assert renders >= 150 * 2 * 8
    assert problems == []


def test_shipped_set_has_every_kind_of_message():
    keys = set(discover().templates)
    assert {"initial-acknowledgment", "technical-update", "executive-update", "resolution-notice",
            "recovery-meeting", "declining-request", "internal-escalation", "internal-sync-summary"} <= keys
    assert {t.audience for t in discover().templates.values()} == {"technical", "executive", "operational",
                                                                   "internal"}


def test_missing_facts_are_marked_and_listed(tmp_path):
    draft = render(read_template(template_file(tmp_path, "Call me on {{ csm.phone }}, {{ contact.first_name }}.\n"),
                                 "user"), FACTS)
    assert draft.body == "Call me on ⟦missing: csm.phone⟧, Jane.\n"  # trailing newline kept, no HTML escaping
    assert draft.missing == ["csm.phone"] and draft.subject == "About Outage"


def test_plain_text_is_not_html_escaped(tmp_path):
    facts = dict(FACTS, account={"name": "Smith & Sons <Ltd>"})
    assert render(read_template(template_file(tmp_path, "{{ account.name }}"), "user"), facts).body == \
        "Smith & Sons <Ltd>"


@pytest.mark.parametrize("body", [
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ account.__class__ }}",
    "{{ cycler.__init__.__globals__ }}",
])
def test_sandbox_refuses_reaching_into_python(tmp_path, body):
    with pytest.raises(TemplateFailed, match="not allowed"):
        render(read_template(template_file(tmp_path, body), "user"), FACTS)


@pytest.mark.parametrize("body, message", [
    ("{{ 'x' * 100000000 }}", "not allowed"),
    ("{% for i in range(100000) %}0123456789{% endfor %}", "grew past"),
    ("{{ 9 ** 999999 }}", "not allowed"),
])
def test_output_bombs_are_cut_off_with_a_message(tmp_path, body, message):
    with pytest.raises(TemplateFailed, match=message):
        render(read_template(template_file(tmp_path, body), "user"), FACTS)


def test_syntax_errors_name_the_file_and_line(tmp_path):
    path = template_file(tmp_path, "line one\nline two {% if %}\n", name="broken")
    with pytest.raises(TemplateFailed, match=r"broken.j2, line 7"):
        render(read_template(path, "user"), FACTS)


def test_bad_front_matter_is_a_problem_not_a_crash(tmp_path):
    (tmp_path / "nofront.j2").write_text("Hello")
    (tmp_path / "badaudience.j2").write_text('+++\nname = "x"\nsubject = "y"\naudience = "everyone"\n+++\nHi')
    found = discover([(tmp_path, "user")])
    assert found.templates == {} and len(found.problems) == 2
    assert any("front matter" in problem for problem in found.problems)


def test_user_templates_override_shipped_ones_by_file_name(tmp_path):
    from warroom import locations

    template_file(tmp_path, "Mine", name="initial-acknowledgment")
    found = discover([(locations.shipped("templates"), "shipped"), (tmp_path, "user")])
    assert found.templates["initial-acknowledgment"].source == "user"
    assert found.templates["technical-update"].source == "shipped"


def test_draft_cli(run, sample_copy):
    result = run("--db", str(sample_copy), "draft", "#5", "technical-update", "--json")
    draft = json.loads(result.output)
    assert draft["subject"].startswith("Update on EU API gateway outage")
    assert "Retry writes against the US endpoint." in draft["body"]
    assert draft["missing"] == []
    acknowledgment = json.loads(run("--db", str(sample_copy), "draft", "#5", "initial-acknowledgment", "--json").output)
    assert acknowledgment["missing"] == ["csm.email", "csm.phone"]  # not configured in the test
    assert "⟦missing: csm.phone⟧" in acknowledgment["body"]
    unknown = run("--db", str(sample_copy), "draft", "#5", "no-such-template")
    assert unknown.exit_code == 1 and "There is no template 'no-such-template'" in unknown.output


def test_templates_list_cli(run):
    result = run("templates", "list")
    assert "initial-acknowledgment" in result.output and "shipped" in result.output


def test_draft_copy_cli_logs_it_and_saves_a_file_without_a_clipboard(run, sample_copy, monkeypatch):
    monkeypatch.delenv("DISPLAY", raising=False)
    result = run("--db", str(sample_copy), "draft", "#5", "technical-update", "--copy")
    assert result.exit_code == 0
    assert "the draft is saved in" in result.output and "Logged as a draft copied" in result.output
    db = open_database(sample_copy)
    entry = next(db.query("SELECT id, text FROM log_entries WHERE kind = 'draft_copied'"))
    assert entry["text"].startswith("Technical stakeholder update for ")
    assert next(db.query("SELECT state FROM commitments WHERE source_entry_id = ?", [entry["id"]]))["state"] == "open"


def test_draft_copy_asks_the_consoles_questions_and_refuses_without_yes(run, sample_copy, monkeypatch):
    monkeypatch.delenv("DISPLAY", raising=False)
    copy = ("--db", str(sample_copy), "draft", "#5", "initial-acknowledgment", "--copy")
    # The acknowledgment misses csm.phone and csm.email here: the console would ask first.
    refused = run(*copy)
    assert refused.exit_code == 1
    assert "2 places are still marked ⟦…⟧" in refused.output and "add --yes" in refused.output
    copied = "SELECT COUNT(*) FROM log_entries WHERE kind = 'draft_copied'"
    db = open_database(sample_copy)
    assert db.execute(copied).fetchone()[0] == 0
    accepted = run(*copy, "--yes")
    assert accepted.exit_code == 0 and "Logged as a draft copied" in accepted.output
    assert db.execute(copied).fetchone()[0] == 1


def test_draft_copy_in_a_security_crisis_waits_for_legal(run, sample_copy, monkeypatch):
    monkeypatch.delenv("DISPLAY", raising=False)
    opened = run("--db", str(sample_copy), "crisis", "new", "Credential leak", "--kind", "security",
                 "--severity", "L1")
    assert opened.exit_code == 0, opened.output
    crisis = opened.output.split("#")[1].split()[0].rstrip(":.,")
    assert run("--db", str(sample_copy), "impact", "#5", "affected", "--crisis", crisis).exit_code == 0
    refused = run("--db", str(sample_copy), "draft", "#5", "technical-update", "--copy", "--crisis", crisis)
    assert refused.exit_code == 1 and "Legal has not reviewed" in refused.output
