"""The theme the console starts with (config.toml's `theme`, else the one last picked) and the
per-user state file in the XDG state directory, moved there once from the data directory."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from warroom import locations
from warroom.config import ConfigError, load_config
from warroom.theming import DEFAULT_THEME, choose_theme, save_theme, saved_theme

INSTALLED = {"warroom-dark", "warroom-light", "textual-dark"}


def write_config(text: str):
    path = locations.config_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def test_theme_is_a_setting_of_config_toml_and_of_the_environment():
    assert load_config().theme is None
    write_config('theme = "my own theme"\n')
    assert load_config().theme == "my own theme"  # any name: user themes are only known at start-up
    assert load_config(environ={"WARROOM_THEME": "warroom-light"}).theme == "warroom-light"
    write_config("theme = 3\n")
    with pytest.raises(ConfigError, match="theme"):
        load_config()


def test_the_state_lives_in_the_state_directory():
    assert locations.state_file() == Path(os.environ["XDG_STATE_HOME"]) / "warroom" / "state.json"
    save_theme("warroom-light")
    assert json.loads(locations.state_file().read_text()) == {"theme": "warroom-light"}
    assert not locations.legacy_state_file().exists()


def test_the_old_state_file_is_moved_once():
    legacy = locations.legacy_state_file()
    legacy.parent.mkdir(parents=True)
    legacy.write_text(json.dumps({"theme": "warroom-light", "composer": {"last": "x"}}))
    assert saved_theme() == "warroom-light"
    assert not legacy.exists()
    assert json.loads(locations.state_file().read_text()) == {"theme": "warroom-light", "composer": {"last": "x"}}
    legacy.write_text(json.dumps({"theme": "textual-dark"}))  # an older Warroom ran since: the new file wins
    assert saved_theme() == "warroom-light" and legacy.exists()


def test_a_damaged_state_file_is_no_saved_theme():
    path = locations.state_file()
    path.parent.mkdir(parents=True)
    path.write_text("[1, 2")
    assert saved_theme() is None
    path.write_text('["warroom-light"]')
    assert saved_theme() is None
    save_theme("warroom-light")
    assert saved_theme() == "warroom-light"


def test_saving_the_theme_keeps_the_rest_of_the_state():
    path = locations.state_file()
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps({"theme": "warroom-light", "composer": {"last": "x"}}))
    save_theme("textual-dark")
    assert json.loads(path.read_text()) == {"theme": "textual-dark", "composer": {"last": "x"}}


def test_without_config_the_last_pick_is_used_and_picks_are_remembered():
    assert choose_theme(INSTALLED, None) == choose_theme(INSTALLED, "")
    first = choose_theme(INSTALLED, None)
    assert (first.name, first.remembered, first.notice) == (DEFAULT_THEME, True, None)
    save_theme("warroom-light")
    assert choose_theme(INSTALLED, None).name == "warroom-light"


def test_the_config_theme_wins_over_the_last_pick_and_picks_are_not_remembered():
    save_theme("warroom-light")
    chosen = choose_theme(INSTALLED, "textual-dark")
    assert (chosen.name, chosen.remembered, chosen.notice) == ("textual-dark", False, None)


def test_an_unknown_theme_is_reported_once_and_the_default_used():
    configured = choose_theme(INSTALLED, "solarised\x1b[2J")
    assert configured.name == DEFAULT_THEME and not configured.remembered
    assert configured.notice == f"The theme 'solarised' set in config.toml is not installed; using {DEFAULT_THEME}."
    save_theme("deleted-theme")
    saved = choose_theme(INSTALLED, None)
    assert saved.name == DEFAULT_THEME and saved.remembered
    assert saved.notice == f"The theme 'deleted-theme' picked last time is not installed; using {DEFAULT_THEME}."
    assert choose_theme({"textual-dark"}, None).name is None  # not even the default: Textual's own stays
