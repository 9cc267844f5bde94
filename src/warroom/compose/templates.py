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

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from warroom import locations

AUDIENCES = ("technical", "executive", "operational", "internal")
MAX_TEMPLATE_BYTES = 64 * 1024


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
    """One template file; ValueError with "file, line: message" when it is unusable."""
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise ValueError(f"{path.name}: cannot be read ({error.strerror})") from error
    if len(raw) > MAX_TEMPLATE_BYTES:
        raise ValueError(f"{path.name}: {len(raw):,} bytes; templates are limited to {MAX_TEMPLATE_BYTES:,}")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise ValueError(f"{path.name}: not UTF-8 text") from None
    lines = text.split("\n")
    if not lines or lines[0].strip() != "+++":
        raise ValueError(f"{path.name}, line 1: a template starts with a +++ front matter block")
    try:
        end = next(n for n in range(1, len(lines)) if lines[n].strip() == "+++")
    except StopIteration:
        raise ValueError(f"{path.name}: the front matter is never closed with +++") from None
    try:
        meta = tomllib.loads("\n".join(lines[1:end]))
    except tomllib.TOMLDecodeError as error:
        raise ValueError(f"{path.name}, front matter: {error}") from error
    audience = meta.get("audience", "operational")
    if audience not in AUDIENCES:
        raise ValueError(f"{path.name}, front matter: audience must be one of {', '.join(AUDIENCES)}")
    if not isinstance(meta.get("name"), str) or not isinstance(meta.get("subject"), str):
        raise ValueError(f"{path.name}, front matter: name and subject are required text")
    return MessageTemplate(
        key=path.stem,
        name=meta["name"],
        audience=audience,
        subject=meta["subject"],
        body="\n".join(lines[end + 1:]),
        tiers=tuple(meta.get("tiers", ["critical", "standard", "stable"])),
        creates_commitment=bool(meta.get("creates_commitment", False)),
        path=path,
        source=source,
        body_line=end + 2,
    )


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
