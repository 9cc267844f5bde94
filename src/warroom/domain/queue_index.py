"""The queue as the console holds it: every item in order, a filter, tier headings, and the
counts the header shows, all cheap enough to recompute on every keystroke and every second.

Counting overdue and due-soon accounts is a binary search over the sorted deadlines, so a
one-second tick costs the same for 50 accounts or 50,000.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left, bisect_right
from math import fsum
from operator import itemgetter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from warroom.domain.queue import QueueItem, matrix_key, urgency_key
from warroom.domain.vocabulary import TIER_RANK, Tier


@dataclass(slots=True)
class Heading:
    """A tier's heading row: its name, how many accounts (after the filter) and their ARR."""

    tier: Tier
    count: int
    arr: float


Row = Heading | QueueItem


@dataclass(frozen=True, slots=True)
class Counts:
    not_contacted: int
    overdue: int
    due_soon: int


_item, _rank, _arr = itemgetter(0), itemgetter(2), itemgetter(3)


def _haystack(item: QueueItem) -> str:
    account = item.account
    parts = (account.name, account.industry or "", account.owner or "", item.triage.short_reasons)
    return "\n".join(parts).casefold()


class QueueIndex:
    """All queue items of one crisis, ordered, with what the header and filter need."""

    def __init__(self, items: Iterable[QueueItem], *, by_matrix: bool = False) -> None:
        self.by_matrix = by_matrix
        self._items: dict[int, QueueItem] = {item.account.id: item for item in items}
        self._rebuild()

    def _rebuild(self) -> None:
        key = matrix_key if self.by_matrix else urgency_key
        self.ordered = sorted(self._items.values(), key=key)
        # (item, search text, tier rank, ARR) in display order: what filtering reads.
        self._entries = [
            (item, _haystack(item), TIER_RANK[item.triage.tier], item.account.arr) for item in self.ordered
        ]
        self._affected_entries = [entry for entry in self._entries if entry[0].triage.tier is not Tier.NOT_AFFECTED]
        self._last_filter: tuple[str, bool, list] = ("", False, [])
        affected = [item for item in self.ordered if item.tier is not Tier.NOT_AFFECTED]
        # Deadlines as two parallel arrays sorted by time (compact: 16 bytes an account).
        dues = sorted((item.deadline.due.timestamp(), item.account.id) for item in affected if item.deadline)
        self._deadlines = array("d", (due for due, _ in dues))
        self._deadline_ids = array("q", (account_id for _, account_id in dues))
        self.not_contacted = sum(1 for item in affected if item.first_contact_at is None)
        self.arr_by_tier = {tier: 0.0 for tier in Tier}
        for item in self.ordered:
            self.arr_by_tier[item.tier] += item.account.arr

    def __len__(self) -> int:
        return len(self._items)

    def get(self, account_id: int) -> QueueItem | None:
        return self._items.get(account_id)

    def set_order(self, by_matrix: bool) -> None:
        if by_matrix != self.by_matrix:
            self.by_matrix = by_matrix
            self._rebuild()

    def replace(self, items: Iterable[QueueItem], removed: Iterable[int] = ()) -> None:
        """Swap in fresh items for some accounts (another session changed them)."""
        for account_id in removed:
            self._items.pop(account_id, None)
        for item in items:
            self._items[item.account.id] = item
        self._rebuild()

    def rows(self, filter_text: str = "", show_not_affected: bool = False) -> list[Row]:
        """Headings and items in display order, keeping only items whose name, industry,
        owner or reasons contain `filter_text` (case-insensitive)."""
        needle = filter_text.strip().casefold()
        pool = self._entries
        last_needle, last_show, last_matches = self._last_filter
        if needle and last_show == show_not_affected and last_needle and needle.startswith(last_needle):
            pool = last_matches  # typing one more letter only narrows the previous result
        elif not show_not_affected:
            pool = self._affected_entries
        matches = [entry for entry in pool if needle in entry[1]] if needle else pool
        self._last_filter = (needle, show_not_affected, matches)
        # Items are sorted by tier first, so each tier is one contiguous run: find the runs
        # with a binary search, and let C loops (map, fsum) do the per-item work.
        rows: list[Row] = []
        for tier in Tier:
            rank = TIER_RANK[tier]
            start = bisect_left(matches, rank, key=_rank)
            end = bisect_right(matches, rank, lo=start, key=_rank)
            if end > start:
                run = matches[start:end]
                rows.append(Heading(tier, end - start, fsum(map(_arr, run))))
                rows.extend(map(_item, run))
        return rows

    def counts(self, now: datetime, due_soon: timedelta) -> Counts:
        moment = now.timestamp()
        overdue = bisect_left(self._deadlines, moment)
        soon = bisect_right(self._deadlines, moment + due_soon.total_seconds()) - overdue
        return Counts(self.not_contacted, overdue, soon)

    def overdue(self, now: datetime) -> list[QueueItem]:
        end = bisect_left(self._deadlines, now.timestamp())
        return [self._items[account_id] for account_id in self._deadline_ids[:end]]

    def passed_between(self, earlier: datetime, now: datetime) -> list[QueueItem]:
        """Items whose deadline passed in [earlier, now): the ones to ring the bell for.

        "Passed" matches the overdue state: a deadline is overdue once now is after it."""
        start = bisect_left(self._deadlines, earlier.timestamp())
        end = bisect_left(self._deadlines, now.timestamp())
        return [self._items[account_id] for account_id in self._deadline_ids[start:end]]
