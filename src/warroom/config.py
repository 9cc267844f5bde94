"""Settings from a TOML file and WARROOM_* environment variables (environment wins).

Strict: an unknown key or a wrong type is an error naming the key, never silently ignored.
"""

from __future__ import annotations

import getpass
import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from datetime import time, tzinfo
from pathlib import Path
from typing import Any

from warroom import locations
from warroom.domain.zones import UserZone, system_zone, zone_named


class ConfigError(Exception):
    """A configuration problem; the message names the key and the file."""


@dataclass(frozen=True)
class Config:
    db: str | None = None
    author: str | None = None
    timezone: str | None = None
    due_soon_minutes: int = 15
    end_of_day: str = "18:00"  # what "eod" means in the quick-entry language (your zone)
    csm_phone: str | None = None  # your direct line, for drafts
    csm_email: str | None = None
    signature: str | None = None  # how drafts are signed (default: your name)
    busy_timeout_ms: int = 5000
    credit_authority: int = 5000  # the largest credit you may offer without approval (whole currency units)
    # The console's theme (shipped or your own, by name). Checked when the console starts, where
    # user themes are loaded: an unknown one is reported once and the default used. Set, it
    # wins over the theme last picked in the palette, and palette picks are not remembered.
    theme: str | None = None
    # Key remapping: binding id -> keys, e.g. {"queue.down" = "j,down,n"}; ids are listed by `?`.
    keys: dict[str, str] = field(default_factory=dict)

    @property
    def author_name(self) -> str:
        if self.author:
            return self.author
        try:
            return getpass.getuser()
        except (KeyError, OSError):
            return "unknown"

    def csm(self) -> dict[str, str | None]:
        """What drafts say about you."""
        return {"name": self.author_name, "phone": self.csm_phone, "email": self.csm_email,
                "signature": self.signature or self.author_name}

    def end_of_day_time(self) -> time:
        hour, _, minute = self.end_of_day.partition(":")
        return time(int(hour), int(minute or 0))

    def user_zone(self) -> UserZone:
        """The user's zone: the configured one, else the system's IANA zone, else UTC with a
        notice (one sentence) that the console and the CLI show once."""
        if self.timezone and (configured := zone_named(self.timezone)):
            return UserZone(configured)
        return system_zone()

    def zone(self) -> tzinfo:
        """The user's zone (see user_zone)."""
        return self.user_zone().zone


def _coerce(name: str, value: object, kind: type, source: str) -> object:
    if kind is dict:
        if not isinstance(value, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in value.items()
        ):
            raise ConfigError(f"[{name}] in {source} must map binding ids to keys, like \"queue.down\" = \"j,down\".")
        return dict(value)
    if kind is int:
        if isinstance(value, str) and value.strip().isdigit():
            return int(value)
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        raise ConfigError(f"{name} in {source} must be a whole number, not {value!r}.")
    if not isinstance(value, str):
        raise ConfigError(f"{name} in {source} must be text, not {value!r}.")
    return value


def load_config(path: Path | None = None, environ: Mapping[str, str] | None = None) -> Config:
    """Read the config file (if any) then apply WARROOM_* variables."""
    env = os.environ if environ is None else environ
    path = path or Path(env.get("WARROOM_CONFIG") or locations.config_file())
    known = {
        item.name: (int if item.type in (int, "int") else dict if "dict" in str(item.type) else str)
        for item in fields(Config)
    }
    values: dict[str, Any] = {}  # each one checked against its field's type by _coerce
    if path.exists():
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
            raise ConfigError(f"{path} is not valid TOML ({error}); fix or remove it.") from error
        for key, value in data.items():
            if key not in known:
                raise ConfigError(
                    f"{path}: unknown setting {key!r}; known settings are {', '.join(sorted(known))}."
                )
            values[key] = _coerce(key, value, known[key], str(path))
    for key, kind in known.items():
        if kind is dict:
            continue  # tables come from the file only
        variable = f"WARROOM_{key.upper()}"
        if variable in env and env[variable] != "":
            values[key] = _coerce(key, env[variable], kind, variable)
    config = Config(**values)
    try:
        config.end_of_day_time()
    except ValueError:
        raise ConfigError(f"end_of_day {config.end_of_day!r} must be a 24-hour time like 18:00.") from None
    if config.timezone and zone_named(config.timezone) is None:
        raise ConfigError(f"timezone {config.timezone!r} is not an IANA zone (like Europe/Paris).")
    return config
