"""What each kind of crisis asks of CS, as a tickable checklist (DOMAIN.md, in our words).

The keys are stable (they are stored); the titles are what the console shows.
"""

from __future__ import annotations

from dataclasses import dataclass

from warroom.domain.vocabulary import CrisisKind

LEGAL_REVIEW = "legal_review"


@dataclass(frozen=True, slots=True)
class ChecklistItem:
    key: str
    title: str


CHECKLISTS: dict[CrisisKind, tuple[ChecklistItem, ...]] = {
    CrisisKind.SECURITY: (
        ChecklistItem(LEGAL_REVIEW, "Legal reviews every customer message before it goes out: arranged"),
        ChecklistItem("preserve_evidence", "Forensic evidence preserved before anything is changed"),
        ChecklistItem("notification_deadlines", "Notification deadlines set by compliance rules known and dated"),
        ChecklistItem("data_accessed", "Accounts whose data was accessed marked (they become Critical)"),
        ChecklistItem("chain_of_custody", "Chain of custody: every communication logged here"),
    ),
    CrisisKind.OUTAGE: (
        ChecklistItem("tell_first", "Customers told before they find out for themselves"),
        ChecklistItem("incomplete_information", "First messages sent without waiting for the root cause"),
        ChecklistItem("sla_credits", "Contracts with automatic SLA credits identified"),
        ChecklistItem("operations_24x7", "24x7-operations customers handled apart from business-hours ones"),
    ),
    CrisisKind.PRODUCT_BUG: (
        ChecklistItem("only_affected", "Only affected accounts told, each with its specific impact"),
        ChecklistItem("workarounds", "Workarounds given at once"),
        ChecklistItem("change_windows", "Fix scheduled around customers' change windows"),
    ),
    CrisisKind.MERGER: (
        ChecklistItem("reach_first", "Customers reached before they hear it elsewhere"),
        ChecklistItem("continuity", "Contract continuity and roadmap addressed"),
        ChecklistItem("executives", "Executives engaged with strategic accounts"),
    ),
    CrisisKind.LEADERSHIP_CHANGE: (
        ChecklistItem("introduce", "New leaders introduced quickly"),
        ChecklistItem("continuity", "Continuity stressed in every message"),
    ),
    CrisisKind.OTHER: (
        ChecklistItem("source_of_truth", "One source of truth agreed with the owning team"),
        ChecklistItem("affected_marked", "Affected accounts marked, with their impact"),
    ),
}


def checklist_for(kind: CrisisKind) -> tuple[ChecklistItem, ...]:
    return CHECKLISTS[kind]
