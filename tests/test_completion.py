"""Shell completion through click's own mechanism, against copies of the sample database:
what each shell is sent, that nothing is ever written, and that failures stay silent."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.shell_completion import split_arg_string
from click.testing import CliRunner

from warroom import locations
from warroom.__main__ import cli
from warroom.commands.completion import ACCOUNTS_SHOWN, complete_account, complete_template
from warroom.store.database import open_database

WARROOM = Path(sys.executable).parent / "warroom"


def complete(words: str, *, shell: str = "bash", group: click.Command = cli, env: dict | None = None,
             token: str | None = None) -> list[str]:
    """What `warroom` answers a shell asking to complete the last word of `words` (a trailing
    space asks for the next word), one string per completion as that shell's script reads it.
    Fish also sends the word being completed as typed (`token`, when it holds a space)."""
    split = split_arg_string(words)
    cword = len(split) - (0 if words.endswith(" ") else 1)
    variables = {"_WARROOM_COMPLETE": f"{shell}_complete", "COMP_WORDS": words, "COMP_CWORD": str(cword)}
    if shell == "fish":  # fish sends the word being completed itself
        variables["COMP_CWORD"] = token or ("" if words.endswith(" ") else words.rsplit(" ", 1)[-1])
    result = CliRunner().invoke(group, env={**variables, **(env or {})}, prog_name="warroom", catch_exceptions=False)
    assert result.exit_code == 0 and not result.stderr, result.output
    answer = result.stdout.removesuffix("\n")
    if not answer:
        return []
    lines = answer.split("\n")
    if shell == "zsh":  # three lines per item: type, value, help
        return [f"{lines[n + 1]}:{lines[n + 2]}" for n in range(0, len(lines), 3)]
    return lines


def draft_shaped_cli() -> click.Group:
    """The real --db option and the real completers, on a command shaped like `warroom draft
    ACCOUNT TEMPLATE` (so the completers are tested through click's whole completion path)."""
    db_option = next(param for param in cli.params if param.name == "db_path")
    draft = click.Command("draft", params=[click.Argument(["account"], shell_complete=complete_account),
                                           click.Argument(["template"], shell_complete=complete_template)])
    return click.Group("warroom", params=[db_option], commands={"draft": draft})


def wal_database(sample_copy: Path) -> Path:
    """The sample as a user's database is: opened by Warroom once (WAL mode), then closed."""
    open_database(sample_copy).close()
    return sample_copy


def snapshot(folder: Path) -> dict[str, str]:
    return {path.name: hashlib.sha256(path.read_bytes()).hexdigest() for path in sorted(folder.iterdir())}


def commands_with_crisis_option(group: click.Group, path: tuple[str, ...] = ()):
    for name, command in group.commands.items():
        if any("--crisis" in getattr(param, "opts", ()) for param in command.params):
            yield (*path, name)
        if isinstance(command, click.Group):
            yield from commands_with_crisis_option(command, (*path, name))


def test_crisis_option_completes_numbers_open_first_with_titles(sample_copy):
    words = f"warroom --db {sample_copy} queue --crisis "
    assert complete(words) == ["plain,2", "plain,1"]
    assert complete(words, shell="zsh") == ["2:EU API gateway outage: 502s on every write",
                                            "1:Credential stuffing on the admin portal (resolved)"]
    assert complete(words, shell="fish") == ["plain,2\tEU API gateway outage: 502s on every write",
                                             "plain,1\tCredential stuffing on the admin portal (resolved)"]
    assert complete(f"warroom --db {sample_copy} queue --crisis 1") == ["plain,1"]


def test_every_crisis_option_is_the_shared_one(sample_copy):
    paths = list(commands_with_crisis_option(cli))
    assert len(paths) >= 10  # queue, log, impact, override, draft, status, sync, tasks, export, affected
    helps = set()
    for path in paths:
        assert complete(f"warroom --db {sample_copy} {' '.join(path)} --crisis ") == ["plain,2", "plain,1"], path
        command = cli
        for name in path:
            command = command.commands[name]
        helps |= {param.help for param in command.params if param.name == "crisis_id"}
    assert helps == {"Crisis number (default: the latest open one, else the latest still in recovery)."}


def test_crisis_arguments_of_edit_and_resolve_complete_too(sample_copy):
    assert complete(f"warroom --db {sample_copy} crisis resolve ") == ["plain,2", "plain,1"]
    assert complete(f"warroom --db {sample_copy} crisis edit 2") == ["plain,2"]


def test_the_database_comes_from_warroom_db_or_the_config_too(sample_copy, tmp_path):
    assert complete("warroom queue --crisis ", env={"WARROOM_DB": str(sample_copy)}) == ["plain,2", "plain,1"]
    config = locations.config_file()
    config.parent.mkdir(parents=True)
    config.write_text(f'db = "{sample_copy}"\n')
    assert complete("warroom queue --crisis ") == ["plain,2", "plain,1"]


def test_account_names_by_prefix_in_any_case_alphabetically(sample_copy):
    found = complete(f"warroom --db {sample_copy} draft atl", shell="zsh", group=draft_shaped_cli())
    names = [item.removesuffix(":_") for item in found]  # `_`: no help
    assert names == sorted(names) and len(names) == 6
    assert all(name.startswith("Atlas ") for name in names)


def test_account_completion_is_limited(sample_copy):
    found = complete(f"warroom --db {sample_copy} draft ", shell="fish", group=draft_shaped_cli())
    assert 0 < len(found) <= ACCOUNTS_SHOWN < 150


def test_bash_gets_names_with_spaces_quoted(sample_copy):
    found = complete(f"warroom --db {sample_copy} draft 'Atlas En", group=draft_shaped_cli())
    assert found == ["plain,'Atlas Energy'"]
    # zsh and fish quote by themselves: they get the name as it is.
    fish = complete(f"warroom --db {sample_copy} draft 'Atlas En", shell="fish", group=draft_shaped_cli(),
                    token="'Atlas En")
    assert fish == ["plain,Atlas Energy"]


def test_names_with_control_characters_are_never_offered(sample_copy):
    found = complete(f"warroom --db {sample_copy} draft ", shell="zsh", group=draft_shaped_cli())
    assert found and not any("Evil" in item or "Null" in item for item in found)
    assert complete(f"warroom --db {sample_copy} draft Evil", group=draft_shaped_cli()) == []


def test_hostile_crisis_titles_are_cleaned_in_the_help(run, sample_copy):
    assert run("--db", str(sample_copy), "crisis", "new", "Evil \x1b]52;c;aGk=\x07\x9b31m title").exit_code == 0
    assert complete(f"warroom --db {sample_copy} status --crisis 3", shell="zsh") == ["3:Evil  title"]


def test_templates_complete_their_keys_with_names_shipped_and_user(sample_copy):
    user = locations.config_dir() / "templates"
    user.mkdir(parents=True)
    (user / "exec-apology.j2").write_text('+++\nname = "Apology"\nsubject = "Sorry"\n+++\nSorry.\n')
    found = complete(f"warroom --db {sample_copy} draft '#1' ex", shell="fish", group=draft_shaped_cli())
    assert found == ["plain,exec-apology\tApology", "plain,executive-update\tExecutive stakeholder update"]


def test_completion_never_writes_to_the_database(sample_copy):
    database = wal_database(sample_copy)
    before = snapshot(database.parent)
    complete(f"warroom --db {database} queue --crisis ")
    complete(f"warroom --db {database} draft A", group=draft_shaped_cli())
    assert snapshot(database.parent) == before  # not a byte, and no -wal or -shm left behind


def test_completion_reads_what_a_running_console_committed(sample_copy):
    database = wal_database(sample_copy)
    writer = open_database(database)  # a console holding the file; its commit sits in the WAL
    try:
        writer.execute("UPDATE crises SET title = 'Renamed while open' WHERE id = 2")
        writer.conn.commit()
        assert complete(f"warroom --db {database} sync --crisis 2", shell="fish") == ["plain,2\tRenamed while open"]
    finally:
        writer.close()


def test_a_missing_database_completes_nothing_and_creates_nothing(tmp_path):
    missing = tmp_path / "nowhere" / "warroom.db"
    assert complete(f"warroom --db {missing} queue --crisis ") == []
    assert complete(f"warroom --db {missing} draft A", group=draft_shaped_cli()) == []
    assert not missing.parent.exists()
    assert complete("warroom queue --crisis ") == []  # the default database does not exist either
    assert not locations.default_database().parent.exists()


def test_a_broken_config_or_a_foreign_file_completes_nothing_quietly(tmp_path):
    config = locations.config_file()
    config.parent.mkdir(parents=True)
    config.write_text("this is not toml [")
    assert complete("warroom queue --crisis ") == []
    foreign = tmp_path / "notes.db"
    foreign.write_text("not a database")
    assert complete(f"warroom --db {foreign} queue --crisis ") == []
    assert foreign.read_text() == "not a database"


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")
def test_bash_sources_the_script_and_fills_compreply(sample_copy):
    script = (
        'eval "$(_WARROOM_COMPLETE=bash_source warroom)"\n'
        f"COMP_WORDS=(warroom --db {sample_copy} export --crisis ''); COMP_CWORD=5\n"
        "_warroom_completion warroom\n"
        'printf "%s\\n" "${COMPREPLY[@]}"\n'
        "complete -p warroom\n"
    )
    env = {**os.environ, "PATH": f"{WARROOM.parent}{os.pathsep}{os.environ['PATH']}"}
    result = subprocess.run(["bash", "--norc", "--noprofile", "-c", script], capture_output=True, text=True,
                            env=env, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == ["2", "1", "complete -o nosort -F _warroom_completion warroom"]


@pytest.mark.parametrize("shell, marker", [("bash", "complete -o nosort -F _warroom_completion warroom"),
                                           ("zsh", "compdef _warroom_completion warroom"),
                                           ("fish", "complete --no-files --command warroom")])
def test_each_shell_gets_its_script(shell, marker):
    result = CliRunner().invoke(cli, env={"_WARROOM_COMPLETE": f"{shell}_source"}, prog_name="warroom")
    assert result.exit_code == 0 and marker in result.stdout


def test_the_real_commands_complete_account_names_and_template_keys(sample_copy):
    assert complete(f"warroom --db {sample_copy} impact 'Atlas En") == ["plain,'Atlas Energy'"]
    assert complete(f"warroom --db {sample_copy} draft '#1' exec") == ["plain,executive-update"]
    logged = complete(f"warroom --db {sample_copy} log Orchid")
    assert logged and all("Orchid" in item for item in logged)
