"""User templates are untrusted code: loops, output and memory are bounded before the work is
done, every refusal is one sentence naming the file, and a bad front matter is a problem sentence,
not a crash. Through the renderer, the CLI and the console's composer, on the real sample."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import threading
import tracemalloc
from pathlib import Path

import pytest
from jinja2 import ChainableUndefined, Environment

from warroom import locations
from warroom.compose.context import draft_facts
from warroom.compose.rendering import TemplateFailed, render
from warroom.compose.templates import discover, read_template
from warroom.config import Config
from warroom.store.database import open_database

from tests.conftest import NOW
from tests.test_app import build, loaded

FACTS = {"account": {"name": "Acme"}, "contact": {"first_name": "Jane"}, "crisis": {"title": "Outage"}}
FOREVER = "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}"
PEAK_BYTES = 64 * 1024 * 1024  # the bombs below reached 0.8-1.5 GB before they were bounded
LOOPS = r"loops too long \(more than 1,000,000 steps\); simplify it\.|took more than 2 seconds"
TOO_BIG = r"which is not allowed \(the limit is [\d,]+\); (make it shorter|use a smaller number)\."

BOMBS = [
    ("{% for i in range(10**9) %}{% endfor %}", r"asks for a range of 1,000,000,000 numbers"),
    (FOREVER, LOOPS),
    ("{% for i in range(100000) %}{% for j in range(100000) if j < 0 %}{% endfor %}{% endfor %}", LOOPS),
    ("{% macro f(n) %}{% if n < 40 %}{{ f(n + 1) }}{{ f(n + 1) }}{% endif %}{% endmacro %}{{ f(0) }}", LOOPS),
    ("{% macro f(n) %}{{ f(n + 1) }}{% endmacro %}{{ f(0) }}", r"more than 50 deep; simplify it\."),
    ("{% block b %}{{ self.b() }}{{ self.b() }}{% endblock %}", r"more than 50 deep"),
    ("{{ '%1000000000d' % 1 }}", TOO_BIG),
    ("{{ '%.*f' % (1000000000, 1.5) }}", TOO_BIG),
    ('{{ "{:>1000000000}".format(1) }}', TOO_BIG),
    ('{{ "{:{}}".format(1, 10**9) }}', TOO_BIG),
    ('{{ "{0}{0}{0}".format("x" * 50000) }}', TOO_BIG),
    ('{{ "x".ljust(10**9) }}', TOO_BIG),
    ('{{ "x".zfill(10**9) }}', TOO_BIG),
    ('{{ ("\t" * 1000).expandtabs(1000) }}', TOO_BIG),
    ('{{ ("a" * 1000).replace("", "b" * 1000) }}', TOO_BIG),
    ("{{ (1).to_bytes(10**9, 'big') }}", TOO_BIG),
    ("{{ 'x'|center(10**9) }}", TOO_BIG),
    ("{{ 'x'|center(100000000) }}", TOO_BIG),  # a constant: not folded at compile time either
    ("{{ 'x'|indent(10**9) }}", TOO_BIG),
    ("{{ ('a\n' * 50000)|indent(100) }}", TOO_BIG),
    ("{{ ('a ' * 5000)|wordwrap(1, wrapstring='-' * 10000) }}", TOO_BIG),
    ("{{ range(100000)|join('x' * 10000) }}", TOO_BIG),
    ("{{ range(100000)|map('string')|join('x' * 10000) }}", f"{TOO_BIG}|{LOOPS}"),  # 100,000 filter calls
    ("{{ ('x' * 10000).join(range(100000)|map('string')) }}", f"{TOO_BIG}|{LOOPS}"),
    ("{{ range(10)|batch(10**9, 'x')|list }}", TOO_BIG),
    ("{{ range(10)|slice(10**9)|list }}", TOO_BIG),
    ("{{ 'x' * 10**9 }}", TOO_BIG),
    ("{{ [1] * 10**9 }}", TOO_BIG),
    ("{{ 9 ** 999999 }}", r"would compute a number of about 1,204,118 digits"),
    ("{% set ns = namespace(n=10**60) %}{% for i in range(40) %}{% set ns.n = ns.n * ns.n %}{% endfor %}",
     r"would compute a number"),
    ("{% set ns = namespace(s='ab') %}{% for i in range(60) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}", TOO_BIG),
    ("{% set ns = namespace(s='ab') %}{% for i in range(60) %}{% set ns.s = ns.s + ns.s %}{% endfor %}", TOO_BIG),
    ("{% set a = ['x' * 9000] * 10 %}{% set b = [a, a, a, a, a, a, a, a, a, a] %}{{ [b, b, b, b, b] }}", TOO_BIG),
    ("{% set a = ['x' * 9000] * 10 %}{% set b = [a, a, a, a, a, a, a, a, a, a] %}{{ [b, b, b]|string }}", TOO_BIG),
    ("{% set ns = namespace(l=[1]) %}{% for i in range(40) %}{{ ns.l.extend(ns.l) }}{% endfor %}",
     r"uses something not allowed in a template"),
    ("{% set ns = namespace(l=[]) %}{% for i in range(100000) %}{% set ns.l = [ns.l, ('x' * 90000)[1:]] %}"
     "{% endfor %}", r"builds more than 2,000,000 characters"),
    ("{% set ns = namespace(l=[]) %}{% for i in range(100000) %}{% set ns.l = [ns.l, i, i, i, i, i, i, i, i] %}"
     "{% endfor %}", LOOPS),
    ("{% set x %}{% for i in range(100000) %}{{ loop.cycle('x' * 10000, 'y') }}{% endfor %}{% endset %}",
     r"builds more than 2,000,000 characters"),
    ("{% macro m() %}{% for i in range(100000) %}" + "x" * 1000 + "{% endfor %}{% endmacro %}{% set y = m() %}",
     r"builds more than 2,000,000 characters"),
    ("{% set a = range(30000)|list %}{% set b = range(30000)|list %}"
     "{% for i in range(100000) %}{% if a == b %}{% endif %}{% endfor %}", LOOPS),
    ("{{ lipsum(10**9) }}", r"'lipsum' is undefined; check the names it uses\."),
    ("{% for i in range(100000) %}0123456789{% endfor %}", r"grew past 50,000 characters of output"),
]


def template_file(folder: Path, body: str, name: str = "bomb", front: str = "") -> Path:
    path = folder / f"{name}.j2"
    path.write_text(f'+++\nname = "A template"\nsubject = "About {{{{ crisis.title }}}}"\n{front}+++\n{body}\n')
    return path


def draft_body(path: Path) -> str:
    return render(read_template(path, "user"), FACTS).body


@pytest.mark.parametrize("body, sentence", BOMBS, ids=[f"bomb{n}" for n in range(len(BOMBS))])
def test_each_bomb_ends_in_one_sentence_naming_the_file_without_building_it(tmp_path, body, sentence):
    template = read_template(template_file(tmp_path, body), "user")
    tracemalloc.start()
    try:
        with pytest.raises(TemplateFailed) as failure:
            render(template, FACTS)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    message = str(failure.value)
    assert message.startswith(f"{tmp_path.name}/bomb.j2 ")
    assert len(message.splitlines()) == 1 and message.endswith(".")
    assert re.search(sentence, message), message
    assert peak < PEAK_BYTES, f"{peak / 1e6:.0f} MB"


def test_a_bomb_in_the_subject_says_so(tmp_path):
    path = tmp_path / "subject.j2"
    path.write_text('+++\nname = "A"\nsubject = "{{ \'x\' * 10**9 }}"\n+++\nbody\n')
    with pytest.raises(TemplateFailed, match=r"^.+/subject\.j2 \(subject\) would build a text"):
        render(read_template(path, "user"), FACTS)


def test_ordinary_template_code_still_works(tmp_path):
    body = ("{% for i in range(3) %}{{ i }},{% endfor %} {{ [1, 2]|join('-') }} {{ 'a b'|title }} "
            "{{ '{:,}'.format(1500000) }} {{ '%05.1f' % 3.14159 }} {{ 'abc'[1:] }} {{ 'a' ~ 1 }} "
            "{% macro m(x) %}<{{ x }}>{% endmacro %}{{ m(contact.first_name) }} {{ 'x' * 3 }} {{ 2 ** 10 }} "
            "{% set ns = namespace(n=0) %}{% for e in [1, 2, 3] if e > 1 %}{% set ns.n = ns.n + e %}{% endfor %}"
            "{{ ns.n }} {{ account.name|center(8) }}|{{ 'a\nb'|indent(2) }}")
    assert draft_body(template_file(tmp_path, body)) == \
        "0,1,2, 1-2 A B 1,500,000 003.1 bc a1 <Jane> xxx 1024 5   Acme  |a\n  b\n"


def test_the_shipped_templates_render_as_plain_jinja2_renders_them(sample_copy):
    """The bounds change nothing for the shipped templates: same subject and body, character for
    character, as an unbounded Jinja2 environment (every fact present, so no markers)."""
    plain = Environment(autoescape=False, keep_trailing_newline=True, undefined=ChainableUndefined)
    plain.globals["fill"] = lambda what: f"⟦fill in: {what}⟧"
    config = Config(author="Dana Whitfield", timezone="Europe/London", csm_phone="+44 20 7946 0000",
                    csm_email="dana@example.com")
    templates = [t for t in discover().templates.values() if t.source == "shipped"]
    db = open_database(sample_copy)
    compared = 0
    for account in db.query("SELECT id FROM accounts ORDER BY id LIMIT 12"):
        for contact in db.query("SELECT id FROM contacts WHERE account_id = ?", [account["id"]]):
            facts = draft_facts(db, account["id"], contact_id=contact["id"], now=NOW,
                                zone=config.zone(), csm=config.csm())
            for template in templates:
                draft = render(template, facts)
                assert draft.subject == " ".join(plain.from_string(template.subject).render(facts).split())
                assert draft.body == plain.from_string(template.body).render(facts).lstrip("\n")
                compared += 1
    db.close()
    assert compared >= 12 * 8


@pytest.mark.parametrize("line, key", [
    ("tiers = 7", "tiers"),
    ('tiers = "critical"', "tiers"),
    ('tiers = ["urgent"]', "tiers"),
    ("audience = 3", "audience"),
    ('creates_commitment = "yes"', "creates_commitment"),
    ("creates_committment = true", '"creates_committment"'),
])
def test_a_wrong_front_matter_value_is_a_problem_sentence_and_the_template_is_skipped(tmp_path, line, key):
    template_file(tmp_path, "Hello", name="mine", front=f"{line}\n")
    template_file(tmp_path, "Hello", name="fine")
    found = discover([(tmp_path, "user")])
    assert list(found.templates) == ["fine"]
    [problem] = found.problems
    assert problem.startswith(f"mine.j2, front matter: {key} ")
    assert problem.endswith("(the template is skipped until then).") and len(problem.splitlines()) == 1


def test_tiers_seven_names_the_file_the_key_and_the_value(tmp_path):
    template_file(tmp_path, "Hello", name="mine", front="tiers = 7\n")
    assert discover([(tmp_path, "user")]).problems == [
        'mine.j2, front matter: tiers must be a list of tiers among "critical", "standard", "stable", '
        '"not_affected", not 7; fix it (the template is skipped until then).']


def user_templates():
    folder = locations.config_dir() / "templates"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def test_draft_cli_stops_a_template_that_loops_forever(run, sample_copy):
    template_file(user_templates(), FOREVER, name="forever")
    threads = set(threading.enumerate())
    result = run("--db", str(sample_copy), "draft", "#5", "forever")
    assert result.exit_code == 1
    assert "templates/forever.j2 loops too long (more than 1,000,000 steps); simplify it." in result.output \
        or "templates/forever.j2 took more than 2 seconds to render; simplify it." in result.output
    assert set(threading.enumerate()) == threads


def test_templates_check_cli_reports_the_runaway_once_and_the_bad_front_matter(run):
    folder = user_templates()
    template_file(folder, FOREVER, name="forever")
    template_file(folder, "Hello", name="sevens", front="tiers = 7\n")
    threads = set(threading.enumerate())
    result = run("templates", "check", "--limit", "3")
    assert result.exit_code == 1
    assert result.output.count("templates/forever.j2 ") == 1
    assert "sevens.j2, front matter: tiers must be a list of tiers" in result.output
    assert "Traceback" not in result.output
    assert set(threading.enumerate()) == threads


def test_templates_check_as_a_process_exits_with_the_sentence(tmp_path):
    template_file(user_templates(), FOREVER, name="forever")
    done = subprocess.run([sys.executable, "-m", "warroom", "templates", "check", "--limit", "1"],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 1
    assert "templates/forever.j2 " in done.stderr and "simplify it." in done.stderr
    assert "Traceback" not in done.stderr


def test_draft_json_cli_still_works_beside_a_runaway_user_template(run, sample_copy):
    template_file(user_templates(), FOREVER, name="forever")
    result = run("--db", str(sample_copy), "draft", "#5", "technical-update", "--json")
    assert json.loads(result.output)["subject"].startswith("Update on EU API gateway outage")


async def test_the_composer_reports_a_runaway_template_and_leaves_no_thread_behind(sample_copy):
    folder = user_templates()
    for key in ("initial-acknowledgment", "executive-update", "technical-update"):  # whichever `c` suggests
        template_file(folder, FOREVER, name=key)
    app = build(sample_copy)
    notes = []
    async with app.run_test(size=(160, 48)) as pilot:
        screen = await loaded(app, pilot)
        app.notify = lambda message, **kw: notes.append(message)
        threads = set(threading.enumerate())
        for _ in range(2):  # each `c` used to leave a thread burning a core
            await pilot.press("c")
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert app.screen is screen
        for thread in set(threading.enumerate()) - threads:
            thread.join(timeout=10)
        assert not [thread for thread in threading.enumerate() if thread not in threads and thread.is_alive()]
    assert len(notes) == 2
    assert all(note.startswith("templates/") and "simplify it." in note for note in notes), notes

