"""Themes: the shipped TOML files plus the user's own, as Textual Theme objects, and which
one the console starts with.

A broken file never stops the console: it is skipped and reported in one sentence, and the
default theme is used.
"""

from __future__ import annotations

import json
import shutil
import tomllib
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path

from textual.theme import Theme

from warroom import locations
from warroom.domain.safetext import terminal_safe

DEFAULT_THEME = "warroom-dark"

# Every colour the widgets use by name; a theme may override any of them.
SEMANTIC_DEFAULTS = {
    "tier-critical": "#F25C54",
    "tier-standard": "#F5A623",
    "tier-stable": "#5CC689",
    "tier-not-affected": "#6B7685",
    "countdown-ok": "#A9B4C2",
    "countdown-due-soon": "#F5A623",
    "countdown-overdue": "#FF4D4D",
}


@dataclass
class ThemeSet:
    themes: list[Theme] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def read_theme(path: Path) -> Theme:
    """One theme file as a Theme; ValueError with a sentence when it is unusable."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise ValueError(f"theme file {path.name} could not be read ({error})") from error
    if not isinstance(data.get("name"), str) or not data["name"].strip():
        raise ValueError(f"theme file {path.name} has no name")
    if not isinstance(data.get("primary"), str):
        raise ValueError(f"theme file {path.name} has no primary colour")
    variables = data.get("variables", {})
    if not isinstance(variables, dict) or not all(isinstance(v, str) for v in variables.values()):
        raise ValueError(f"theme file {path.name}: [variables] must map names to colours")
    try:
        theme = Theme(**data)
        # Colours are parsed lazily by Textual; parse them now so a typo fails here, once.
        from textual.color import Color

        for value in [theme.primary, theme.secondary, theme.accent, theme.warning, theme.error,
                      theme.success, theme.foreground, theme.background, theme.surface, theme.panel,
                      *variables.values()]:
            if value is not None:
                Color.parse(value)
    except Exception as error:  # a user file can fail in any way: report it, never crash
        raise ValueError(f"theme file {path.name} is not a valid theme ({error})") from error
    return theme


def load_themes(folders: list[Path] | None = None) -> ThemeSet:
    """Shipped themes first, then the user's (a user theme with the same name wins)."""
    if folders is None:
        folders = [locations.shipped("themes"), locations.user_themes_dir()]
    found = ThemeSet()
    by_name: dict[str, Theme] = {}
    for folder in folders:
        if not folder.is_dir():
            continue
        for path in sorted(folder.glob("*.toml")):
            try:
                theme = read_theme(path)
            except ValueError as error:
                found.problems.append(f"{error}; using the default theme instead.")
                continue
            by_name[theme.name] = theme
    found.themes = list(by_name.values())
    return found


@dataclass(frozen=True)
class ThemeChoice:
    """The theme the console starts with, and whether a pick in the palette is remembered."""

    name: str | None  # None only when even the default theme is missing: Textual's own stays
    remembered: bool  # False when config.toml sets the theme: it would win again next time
    notice: str | None = None  # one sentence when the wanted theme is not installed


def choose_theme(available: Collection[str], configured: str | None) -> ThemeChoice:
    """config.toml's `theme` when set, else the one last picked in the palette, else the
    default. One that is not installed (a typo, a user theme removed or broken) is reported
    once and the default used; the configured name is only known to be good here, once the
    user's themes are loaded."""
    wanted: str | None = configured or saved_theme()
    where = "set in config.toml" if configured else "picked last time"
    notice = None
    if wanted and wanted not in available:
        notice = f"The theme {terminal_safe(wanted, limit=60)!r} {where} is not installed; using {DEFAULT_THEME}."
        wanted = None
    name = wanted or DEFAULT_THEME
    return ThemeChoice(name if name in available else None, remembered=not configured, notice=notice)


def _state_path() -> Path:
    """state.json in the state directory, moved there once from the data directory where
    earlier versions kept it (if the move fails it is read where it is, and tried again)."""
    path, legacy = locations.state_file(), locations.legacy_state_file()
    if legacy != path and legacy.is_file() and not path.exists():
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            shutil.move(legacy, path)
        except OSError:
            return legacy
    return path


def _read_state(path: Path) -> dict[str, object]:
    try:
        state = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return state if isinstance(state, dict) else {}


def saved_theme() -> str | None:
    """The theme last picked in the palette, if any."""
    theme = _read_state(_state_path()).get("theme")
    return theme if isinstance(theme, str) else None


def save_theme(name: str) -> None:
    """Remember the theme picked in the palette (the rest of the state file is kept)."""
    path = _state_path()
    state = _read_state(path)
    state["theme"] = name
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(".tmp")
    temporary.write_text(json.dumps(state), encoding="utf-8")
    temporary.replace(path)
