"""Message templates: shipped ones and the user's own (same file name wins), each a Jinja2
body under a TOML front matter between `+++` lines:

    +++
    name = "Initial acknowledgment"
    audience = "operational"          # technical / executive / operational / internal
    subject = "{{ crisis.title }}"    # a template too
    tiers = ["critical", "standard"]
    creates_commitment = true         # copying it promises the next update it names
    +++
    Hello {{ contact.first_name }}, ...
"""

from __future__ import annotations

import json
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from warroom import locations
from warroom.domain.safetext import terminal_safe
from warroom.domain.vocabulary import Tier

AUDIENCES = ("technical", "executive", "operational", "internal")
TIERS = tuple(tier.value for tier in Tier)
DEFAULT_TIERS = ("critical", "standard", "stable")
FRONT_MATTER_KEYS = ("name", "audience", "subject", "tiers", "creates_commitment")
MAX_TEMPLATE_BYTES = 64 * 1024
_SKIPPED = "(the template is skipped until then)"


@dataclass(frozen=True)
class MessageTemplate:
    key: str  # the file name without .j2: what `warroom draft ACCOUNT KEY` takes
    name: str
    audience: str
    subject: str
    body: str
    tiers: tuple[str, ...]
    creates_commitment: bool
    path: Path
    source: str  # "shipped" or "user"
    body_line: int  # the file line the body starts on (for error messages)


@dataclass
class TemplateSet:
    templates: dict[str, MessageTemplate] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)


def read_template(path: Path, source: str) -> MessageTemplate:
    """One template file; ValueError with one sentence naming the file (and the line or front
    matter key) when it is unusable."""
    file = terminal_safe(path.name, limit=80)  # a file name is user data too
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise ValueError(f"{file} cannot be read ({error.strerror}); check the file {_SKIPPED}.") from error
    if len(raw) > MAX_TEMPLATE_BYTES:
        raise ValueError(f"{file} has {len(raw):,} bytes, more than the {MAX_TEMPLATE_BYTES:,} a template may "
                         f"have; shorten it {_SKIPPED}.")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise ValueError(f"{file} is not UTF-8 text; save it as UTF-8 {_SKIPPED}.") from None
    lines = text.split("\n")
    if not lines or lines[0].strip() != "+++":
        raise ValueError(f"{file}, line 1: a template starts with a +++ line that opens its front matter; "
                         f"add it {_SKIPPED}.")
    try:
        end = next(n for n in range(1, len(lines)) if lines[n].strip() == "+++")
    except StopIteration:
        raise ValueError(f"{file}: the front matter is never closed with a +++ line; add one {_SKIPPED}.") from None
    try:
        meta = tomllib.loads("\n".join(lines[1:end]))
    except tomllib.TOMLDecodeError as error:
        raise ValueError(f"{file}, front matter: {error}; fix it {_SKIPPED}.") from error
    _check_front_matter(meta, path.name)
    return MessageTemplate(
        key=path.stem,
        name=meta["name"],
        audience=meta.get("audience", "operational"),
        subject=meta["subject"],
        body="\n".join(lines[end + 1:]),
        tiers=tuple(meta.get("tiers", DEFAULT_TIERS)),
        creates_commitment=meta.get("creates_commitment", False),
        path=path,
        source=source,
        body_line=end + 2,
    )


def _shown(value: object) -> str:
    """A front matter value as the user wrote it (TOML), short and free of control characters."""
    if isinstance(value, bool):
        shown = "true" if value else "false"
    elif isinstance(value, (str, int, float)):
        shown = json.dumps(value)
    elif isinstance(value, list):
        shown = "[" + ", ".join(_shown(item) for item in value[:4]) + (", ...]" if len(value) > 4 else "]")
    elif isinstance(value, dict):
        shown = "a table"
    else:  # a TOML date or time
        shown = str(value)
    return shown if len(shown) <= 60 else shown[:57] + "..."


def _check_front_matter(meta: dict[str, Any], file: str) -> None:
    """ValueError with a sentence naming the file and the key when a value has the wrong type or is
    not one Warroom knows: such a template is skipped (and reported) rather than trusted."""

    def wrong(key: str, expected: str) -> ValueError:
        return ValueError(f"{file}, front matter: {key} must be {expected}, not {_shown(meta[key])}; "
                          f"fix it {_SKIPPED}.")

    for key in meta:
        if key not in FRONT_MATTER_KEYS:
            raise ValueError(f"{file}, front matter: {json.dumps(key)} is not a front matter key (known: "
                             f"{', '.join(FRONT_MATTER_KEYS)}); fix or remove it {_SKIPPED}.")
    for key in ("name", "subject"):
        if key not in meta:
            raise ValueError(f"{file}, front matter: {key} is missing; add it {_SKIPPED}.")
    if not isinstance(meta["name"], str) or not meta["name"].strip():
        raise wrong("name", "text in quotes")
    if not isinstance(meta["subject"], str):
        raise wrong("subject", "text in quotes (a template too)")
    if "audience" in meta and meta["audience"] not in AUDIENCES:
        raise wrong("audience", f"one of {', '.join(json.dumps(a) for a in AUDIENCES)}")
    tiers = meta.get("tiers", [])
    if not isinstance(tiers, list) or not all(isinstance(tier, str) and tier in TIERS for tier in tiers):
        raise wrong("tiers", f"a list of tiers among {', '.join(json.dumps(t) for t in TIERS)}")
    if not isinstance(meta.get("creates_commitment", False), bool):
        raise wrong("creates_commitment", "true or false")


def discover(folders: list[tuple[Path, str]] | None = None) -> TemplateSet:
    """Shipped templates, then the user's (`templates/` in the config directory) over them."""
    if folders is None:
        folders = [(locations.shipped("templates"), "shipped"), (locations.config_dir() / "templates", "user")]
    found = TemplateSet()
    for folder, source in folders:
        if not folder.is_dir():
            continue
        for path in sorted(folder.glob("*.j2")):
            try:
                template = read_template(path, source)
            except ValueError as error:
                found.problems.append(str(error))
                continue
            found.templates[template.key] = template
    return found
