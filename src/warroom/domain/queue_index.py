"""The queue as the console holds it: every item in order, a filter, tier headings, and the
counts the header shows, all cheap enough to recompute on every keystroke and every second.

Counting overdue and due-soon accounts is a binary search over the sorted deadlines, so a
one-second tick costs the same for 50 accounts or 50,000. A change to a few accounts (a log
entry here or in another session) moves only their entries: each is found by binary search on
its old sort key and inserted at its new one, in the order, the deadlines, the filter's matches
and the counts alike, so it costs microseconds where sorting 50,000 accounts again costs
hundreds of milliseconds.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from math import fsum
from operator import itemgetter
from typing import overload

from warroom.domain.queue import QueueItem, SortKey, matrix_key, urgency_key
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


# (item, search text, tier rank, ARR): what ordering, filtering and headings read.
Entry = tuple[QueueItem, str, int, float]
_item, _rank, _arr = itemgetter(0), itemgetter(2), itemgetter(3)
_NOT_AFFECTED_RANK = TIER_RANK[Tier.NOT_AFFECTED]
_TIER_OF_RANK = {rank: tier for tier, rank in TIER_RANK.items()}


def _entry(item: QueueItem, reasons_text: dict[int, str]) -> Entry:
    account, decided = item.account, item.triage
    # Triage outcomes are shared objects: join each one's reason labels once, not per account.
    reasons = reasons_text.get(id(decided))
    if reasons is None:
        reasons = reasons_text[id(decided)] = decided.short_reasons
    haystack = "\n".join((account.name, account.industry or "", account.owner or "", reasons)).casefold()
    return item, haystack, TIER_RANK[decided.tier], account.arr


def _sums_change(old: Entry | None, new: Entry | None) -> bool:
    """Whether replacing `old` by `new` changes a tier's ARR (not when only its deadline,
    contact or reasons moved: the same tier and the same ARR)."""
    return old is None or new is None or old[2:] != new[2:]


def _deadline_at(item: QueueItem) -> float | None:
    """When the item's deadline falls, for the counts and alarms (affected accounts only)."""
    if item.deadline is None or item.triage.tier is Tier.NOT_AFFECTED:
        return None
    return item.deadline.due.timestamp()


def _not_contacted(item: QueueItem) -> bool:
    return item.first_contact_at is None and item.triage.tier is not Tier.NOT_AFFECTED


class QueueIndex:
    """All queue items of one crisis, ordered, with what the header and filter need."""

    def __init__(self, items: Iterable[QueueItem], *, by_matrix: bool = False) -> None:
        self.by_matrix = by_matrix
        self._items: dict[int, QueueItem] = {item.account.id: item for item in items}
        self._rebuild()

    def _rebuild(self) -> None:
        self._key: SortKey = matrix_key if self.by_matrix else urgency_key
        reasons_text: dict[int, str] = {}
        self._entries: list[Entry] = [
            _entry(item, reasons_text) for item in sorted(self._items.values(), key=self._key)
        ]
        # Deadlines as two parallel arrays sorted by (time, account id): 16 bytes an account.
        dues = sorted((due, item.account.id) for item in self._items.values()
                      if (due := _deadline_at(item)) is not None)
        self._deadlines = array("d", (due for due, _ in dues))
        self._deadline_ids = array("q", (account_id for _, account_id in dues))
        self.not_contacted = sum(1 for item in self._items.values() if _not_contacted(item))
        self._arr_by_tier: dict[Tier, float] = {}
        self._stale_arr: set[Tier] = set(Tier)
        self._shown: QueueRows | None = None  # the rows last asked for, kept current by replace()

    def __len__(self) -> int:
        return len(self._items)

    def get(self, account_id: int) -> QueueItem | None:
        return self._items.get(account_id)

    @property
    def ordered(self) -> list[QueueItem]:
        """Every item in display order (a new list)."""
        return list(map(_item, self._entries))

    @property
    def arr_by_tier(self) -> dict[Tier, float]:
        """ARR per tier over every item; a tier is summed again only after it changed."""
        for tier in self._stale_arr:
            start, end = _run(self._entries, TIER_RANK[tier])
            self._arr_by_tier[tier] = fsum(map(_arr, self._entries[start:end]))
        self._stale_arr.clear()
        return dict(self._arr_by_tier)

    def set_order(self, by_matrix: bool) -> None:
        if by_matrix != self.by_matrix:
            self.by_matrix = by_matrix
            self._rebuild()

    def replace(self, items: Iterable[QueueItem], removed: Iterable[int] = ()) -> None:
        """Swap in fresh items for some accounts (another session changed them) and drop the
        `removed` ones; only these accounts move, everything else stays where it is."""
        for account_id in removed:
            old = self._items.pop(account_id, None)
            if old is not None:
                self._swap(old, None)
        for item in items:
            old = self._items.get(item.account.id)
            self._items[item.account.id] = item
            self._swap(old, item)

    def _swap(self, old: QueueItem | None, new: QueueItem | None) -> None:
        old_entry = self._withdraw(old) if old is not None else None
        new_entry = self._enter(new) if new is not None else None
        if _sums_change(old_entry, new_entry):
            self._stale_arr.update(_TIER_OF_RANK[entry[2]] for entry in (old_entry, new_entry) if entry)
        if self._shown is not None:
            self._shown.swap(old_entry, new_entry)

    def _withdraw(self, item: QueueItem) -> Entry:
        entry = self._entries.pop(_position(self._entries, item, self._key))
        assert entry[0] is item, "the index lost its order"
        due = _deadline_at(item)
        if due is not None:
            position = self._deadline_position(due, item.account.id)
            del self._deadlines[position]
            del self._deadline_ids[position]
        self.not_contacted -= _not_contacted(item)
        return entry

    def _enter(self, item: QueueItem) -> Entry:
        entry = _entry(item, {})
        self._entries.insert(_position(self._entries, item, self._key), entry)
        due = _deadline_at(item)
        if due is not None:
            position = self._deadline_position(due, item.account.id)
            self._deadlines.insert(position, due)
            self._deadline_ids.insert(position, item.account.id)
        self.not_contacted += _not_contacted(item)
        return entry

    def _deadline_position(self, due: float, account_id: int) -> int:
        """Where (due, account id) sits in the deadline arrays: bisect the time, then the id
        among the accounts due at that instant (a tier's first contacts all share one)."""
        start = bisect_left(self._deadlines, due)
        end = bisect_right(self._deadlines, due, lo=start)
        return bisect_left(self._deadline_ids, account_id, start, end)

    def rows(self, filter_text: str = "", show_not_affected: bool = False) -> QueueRows:
        """Headings and items in display order, keeping only items whose name, industry,
        owner or reasons contain `filter_text` (case-insensitive).

        The result is live: it follows later `replace` calls until rows are asked for with
        another filter, so a view can keep it and repaint what changed."""
        needle = filter_text.strip().casefold()
        shown = self._shown
        if shown is not None and shown.needle == needle and shown.show_not_affected == show_not_affected:
            return shown
        if not needle:  # the index's own list: replace() moves entries in it directly
            self._shown = QueueRows(self._entries, self._key, self.get, show_not_affected=show_not_affected)
            return self._shown
        if shown is not None and shown.needle and shown.show_not_affected == show_not_affected \
                and needle.startswith(shown.needle):
            pool: Sequence[Entry] = shown.entries  # one more letter only narrows the last result
        elif show_not_affected:
            pool = self._entries
        else:
            pool = self._entries[:_run(self._entries, _NOT_AFFECTED_RANK)[0]]
        matches = [entry for entry in pool if needle in entry[1]]
        self._shown = QueueRows(matches, self._key, self.get, needle, show_not_affected, own_entries=True)
        return self._shown

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


def _position(entries: Sequence[Entry], item: QueueItem, key: SortKey) -> int:
    """Where `item` is (or belongs) among entries ordered by `key` (keys are unique: they
    end with the account id)."""
    return bisect_left(entries, key(item), key=lambda entry: key(entry[0]))


def _run(entries: Sequence[Entry], rank: int) -> tuple[int, int]:
    """Where a tier's entries start and end (items are sorted by tier first)."""
    start = bisect_left(entries, rank, key=_rank)
    return start, bisect_right(entries, rank, lo=start, key=_rank)


class QueueRows(Sequence[Row]):
    """The rows of one filter, as a view over its matching entries: a heading before each
    tier's run, computed from the run's bounds, so nothing as long as the queue is built when
    a few accounts change. Positions and headings follow the index's `replace` calls."""

    def __init__(self, entries: list[Entry], key: SortKey = urgency_key,
                 lookup: Callable[[int], QueueItem | None] = lambda account_id: None, needle: str = "",
                 show_not_affected: bool = False, *, own_entries: bool = False) -> None:
        self.entries = entries
        self._key, self._lookup = key, lookup
        self.needle = needle
        self.show_not_affected = show_not_affected
        self._own_entries = own_entries  # a filtered list to patch, not the index's own
        self._runs: list[tuple[int, int, int, Tier]] | None = None  # (first row, start, end, tier)
        self._arr: dict[Tier, float] = {}

    @classmethod
    def empty(cls) -> QueueRows:
        return cls([])

    # --- kept current by the index ----------------------------------------------------------

    def _matches(self, entry: Entry | None) -> bool:
        return entry is not None and (self.show_not_affected or entry[2] != _NOT_AFFECTED_RANK) \
            and self.needle in entry[1]

    def swap(self, old: Entry | None, new: Entry | None) -> None:
        """One account's entry changed in the index: follow it."""
        old = old if self._matches(old) else None
        new = new if self._matches(new) else None
        if old is None and new is None:
            return
        self._runs = None  # bounds are found again (eight binary searches) when next read
        if _sums_change(old, new):
            for entry in (old, new):
                if entry is not None:
                    self._arr.pop(_TIER_OF_RANK[entry[2]], None)
        if self._own_entries:
            if old is not None:
                del self.entries[_position(self.entries, old[0], self._key)]
            if new is not None:
                self.entries.insert(_position(self.entries, new[0], self._key), new)

    # --- reading ----------------------------------------------------------------------------

    def _bounds(self) -> list[tuple[int, int, int, Tier]]:
        if self._runs is None:
            runs, first_row = [], 0
            for tier in Tier:
                if tier is Tier.NOT_AFFECTED and not self.show_not_affected:
                    continue
                start, end = _run(self.entries, TIER_RANK[tier])
                if end > start:
                    runs.append((first_row, start, end, tier))
                    first_row += 1 + end - start
            self._runs = runs
        return self._runs

    def __len__(self) -> int:
        runs = self._bounds()
        if not runs:
            return 0
        first_row, start, end, _ = runs[-1]
        return first_row + 1 + end - start

    @overload
    def __getitem__(self, position: int) -> Row: ...

    @overload
    def __getitem__(self, position: slice) -> list[Row]: ...

    def __getitem__(self, position: int | slice) -> Row | list[Row]:
        if isinstance(position, slice):
            return self._slice(*position.indices(len(self)))
        if position < 0:
            position += len(self)
        for first_row, start, end, tier in reversed(self._bounds()):
            if position > first_row:
                if position - first_row > end - start:
                    break
                return self.entries[start + position - first_row - 1][0]
            if position == first_row:
                return self._heading(tier, start, end)
        raise IndexError(position)

    def _slice(self, start: int, stop: int, step: int) -> list[Row]:
        if step != 1:
            return [self[row] for row in range(start, stop, step)]
        rows: list[Row] = []  # a screenful: whole runs of items are sliced at C speed
        for first_row, run_start, run_end, tier in self._bounds():
            last_row = first_row + run_end - run_start
            if first_row >= stop or last_row < start:
                continue
            if start <= first_row:
                rows.append(self._heading(tier, run_start, run_end))
            skip = run_start - first_row - 1  # row r shows entry r + skip
            rows.extend(map(_item, self.entries[max(start, first_row + 1) + skip:min(stop, last_row + 1) + skip]))
        return rows

    def __iter__(self) -> Iterator[Row]:
        for _, start, end, tier in self._bounds():
            yield self._heading(tier, start, end)
            yield from map(_item, self.entries[start:end])

    def _heading(self, tier: Tier, start: int, end: int) -> Heading:
        arr = self._arr.get(tier)
        if arr is None:  # summed once, and again only after the tier gained, lost or changed ARR
            arr = self._arr[tier] = fsum(map(_arr, self.entries[start:end]))
        return Heading(tier, end - start, arr)

    def heading_position(self, tier: Tier) -> int | None:
        """The row of a tier's heading (None when the tier has no rows)."""
        return next((first_row for first_row, _, _, shown in self._bounds() if shown is tier), None)

    def position_of(self, account_id: int) -> int | None:
        """The row showing an account, found by binary search (None when it is not shown)."""
        item = self._lookup(account_id)
        if item is None:
            return None
        position = _position(self.entries, item, self._key)
        if position == len(self.entries) or self.entries[position][0] is not item:
            return None
        for first_row, start, end, _ in self._bounds():
            if start <= position < end:
                return first_row + 1 + position - start
        return None
