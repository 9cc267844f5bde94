"""The quick-entry language shared by the console and `warroom log`:

    [kind] text [next <time>] [to <contact>]     (or "@account" anywhere, in the console)

- kind: call, email, meeting, chat, escalation, timeline, decision, status, note (default),
  optionally followed by a colon ("decision: pause EU deploys").
- next [update] [at|by] <time>: the next committed update. Times are read by `warroom.domain.times`.
  A "next" that is not followed by something time-like stays text ("next steps: RCA");
  one that is, must parse. Write "\\next" to keep the word literally.
- to <contact>: who it was with. After a "next" clause it is always a contact; at the end of
  a line without one ("spoke to Jane") it is a contact only if the account has one by that
  name, and the words stay in the text.

The parser only splits the line; resolving the account, the contact and the time (which
needs the contact's zone for "their time") is the caller's, with the functions here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from warroom.domain.vocabulary import TYPED_KINDS, EntryKind

MAX_ENTRY_LENGTH = 100_000
MAX_CONTACT_WORDS = 4


class ParseError(ValueError):
    """An entry that cannot be understood; the message is shown to the user as is."""


@dataclass(frozen=True, slots=True)
class ParsedEntry:
    kind: EntryKind
    text: str
    next_phrase: str | None = None  # the time words after "next", as typed
    contact_phrase: str | None = None  # the words after a trailing "to"
    contact_in_text: bool = False  # True when "to <contact>" also stays in the text
    account_ref: str | None = None  # "@name" in the line, without the "@"


# "next 2pm", "next update 2pm", "next update at 2pm", "next update by 2pm".
_NEXT = re.compile(r"(?<![\\\w])next\s+(?:update\s+)?(?:(?:at|by)\s+)?", re.IGNORECASE)
_ESCAPED_NEXT = re.compile(r"\\(next)\b", re.IGNORECASE)
_TO_TAIL = re.compile(r"\s+to\s+(?P<contact>\S(?:.*\S)?)\s*$", re.IGNORECASE)
_ACCOUNT_REF = re.compile(r'(?:^|\s)@(?:"(?P<quoted>[^"]+)"|(?P<word>\S+))')
# What a time phrase can start with; a "next" followed by anything else is plain text.
_TIME_START = re.compile(r"^(?:\d|\+|in\s+\d|today\b|tomorrow\b|tonight\b|noon\b|midnight\b|eod\b)", re.IGNORECASE)


def _split_kind(line: str) -> tuple[EntryKind, str]:
    head, _, rest = line.partition(" ")
    word = head.rstrip(":").casefold()
    if word in TYPED_KINDS and (rest.strip() or head.endswith(":")):
        return EntryKind(word), rest.strip()
    return EntryKind.NOTE, line


def _take_account(text: str) -> tuple[str | None, str]:
    match = _ACCOUNT_REF.search(text)
    if match is None:
        return None, text
    reference = match["quoted"] or match["word"]
    remaining = (text[: match.start()] + " " + text[match.end():]).strip()
    return reference, re.sub(r"\s{2,}", " ", remaining)


def _take_next(text: str) -> tuple[str | None, str | None, str]:
    """(time phrase, contact phrase, text before "next") from the last time-like "next"."""
    for match in reversed(list(_NEXT.finditer(text))):
        tail = text[match.end():].strip()
        if not _TIME_START.match(tail):
            continue
        contact = None
        to_match = _TO_TAIL.search(" " + tail)
        if to_match is not None:
            contact = to_match["contact"]
            tail = (" " + tail)[: to_match.start()].strip()
        return tail, contact, text[: match.start()].rstrip(" ,;")
    return None, None, text


def parse_entry(line: str) -> ParsedEntry:
    """Split a typed line into kind, text, next-update phrase, contact and account reference.

    Raises ParseError (and nothing else) when nothing is left to record.
    """
    if len(line) > MAX_ENTRY_LENGTH:
        raise ParseError(
            f"The entry is {len(line):,} characters long; the limit is {MAX_ENTRY_LENGTH:,}."
        )
    account_ref, stripped = _take_account(line.strip())
    kind, rest = _split_kind(stripped)
    next_phrase, contact, text = _take_next(rest)
    contact_in_text = False
    if next_phrase is None:
        to_match = _TO_TAIL.search(text)
        if to_match is not None and len(to_match["contact"].split()) <= MAX_CONTACT_WORDS:
            contact, contact_in_text = to_match["contact"], True
    text = _ESCAPED_NEXT.sub(r"\1", text).strip()
    if not text:
        raise ParseError("The entry is empty: type what happened after the kind word.")
    return ParsedEntry(kind, text, next_phrase, contact, contact_in_text, account_ref)
