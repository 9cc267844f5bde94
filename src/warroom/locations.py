"""Where things live: the default database, user config and state, and the files shipped with Warroom."""

from __future__ import annotations

from pathlib import Path

import platformdirs

APP_NAME = "warroom"
_PACKAGE_DIR = Path(__file__).resolve().parent
# In a source checkout (editable install) the shipped files sit at the repository root;
# in a wheel they are copied into the package.
_SOURCE_ROOT = _PACKAGE_DIR.parent.parent


def data_dir() -> Path:
    return platformdirs.user_data_path(APP_NAME)


def config_dir() -> Path:
    return platformdirs.user_config_path(APP_NAME)


def default_database() -> Path:
    return data_dir() / "warroom.db"


def demo_database() -> Path:
    return data_dir() / "demo.db"


def exports_dir() -> Path:
    """Where the console writes post-mortem exports (create it with private_files.private_folder)."""
    return data_dir() / "exports"


def drafts_dir() -> Path:
    """Where drafts are saved when the clipboard cannot be checked (private, like exports)."""
    return data_dir() / "drafts"


def config_file() -> Path:
    return config_dir() / "config.toml"


def shipped(name: str) -> Path:
    """A file or folder shipped with Warroom: `sample.db`, `themes`, `templates`."""
    for base in (_PACKAGE_DIR, _SOURCE_ROOT):
        candidate = base / name
        if candidate.exists():
            return candidate
    raise FileNotFoundError(f"Warroom's {name} is missing from this installation; reinstall Warroom.")


def state_dir() -> Path:
    """Per-user state (XDG_STATE_HOME on Linux): what Warroom remembers, not what you configure."""
    return platformdirs.user_state_path(APP_NAME)


def state_file() -> Path:
    """Per-user choices the console remembers (the theme), kept apart from the shared database."""
    return state_dir() / "state.json"


def legacy_state_file() -> Path:
    """Where earlier versions kept state.json (the data directory); theming moves it once."""
    return data_dir() / "state.json"


def user_themes_dir() -> Path:
    return config_dir() / "themes"
