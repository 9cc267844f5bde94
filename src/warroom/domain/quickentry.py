"""The quick-entry language shared by the console and `warroom log`.

`[kind] text` for now: a leading kind word (optionally followed by a colon) sets the kind,
anything else is a note. The time grammar (`next 2pm`, `to <contact>`) extends this parser.
"""

from __future__ import annotations

from dataclasses import dataclass

from warroom.domain.vocabulary import TYPED_KINDS, EntryKind

MAX_ENTRY_LENGTH = 100_000


class ParseError(ValueError):
    """An entry that cannot be understood; the message is shown to the user as is."""


@dataclass(frozen=True, slots=True)
class ParsedEntry:
    kind: EntryKind
    text: str


def parse_entry(line: str) -> ParsedEntry:
    """Split a typed line into its kind and its text.

    Raises ParseError when nothing is left to record.
    """
    if len(line) > MAX_ENTRY_LENGTH:
        raise ParseError(
            f"The entry is {len(line):,} characters long; the limit is {MAX_ENTRY_LENGTH:,}."
        )
    stripped = line.strip()
    head, _, rest = stripped.partition(" ")
    word = head.rstrip(":").casefold()
    if word in TYPED_KINDS and (rest.strip() or head.endswith(":")):
        kind, text = EntryKind(word), rest.strip()
    else:
        kind, text = EntryKind.NOTE, stripped
    if not text:
        raise ParseError("The entry is empty: type what happened after the kind word.")
    return ParsedEntry(kind, text)
