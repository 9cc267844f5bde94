"""What we know about a customer account, independent of any crisis."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from warroom.domain.vocabulary import Health

# Industries whose customers work under audits or regulators (matched case-insensitively as
# words, so "Financial Services" and "Healthcare Providers" count but "Hospitality" does not).
COMPLIANCE_INDUSTRIES = (
    "government",
    "public sector",
    "federal",
    "healthcare",
    "health care",
    "hospital",
    "hospitals",
    "pharma",
    "pharmaceuticals",
    "financial",
    "finance",
    "banking",
    "bank",
    "insurance",
)


_COMPLIANCE_PATTERN = re.compile(
    r"\b(" + "|".join(re.escape(word) for word in COMPLIANCE_INDUSTRIES) + r")\b", re.IGNORECASE
)


@lru_cache(maxsize=1024)
def is_compliance_industry(industry: str) -> bool:
    return _COMPLIANCE_PATTERN.search(industry) is not None


# Not frozen: a queue load builds 50,000 of these and frozen construction is ~10x slower.
@dataclass(slots=True)
class AccountFacts:
    """The account columns that triage and the decision matrix read (treat as read-only)."""

    id: int
    name: str
    arr: float = 0.0
    industry: str | None = None
    owner: str | None = None
    renewal_date: date | None = None
    health: Health | None = None
    executive_escalation: bool = False
    compliance_sensitive: bool = False
    strategic: bool = False
    high_visibility: bool = False
    reference: bool = False
    expansion_pipeline: float = 0.0
    champion_strength: str | None = None  # strong / medium / weak / none
    escalations_last_year: int = 0
    sentiment_trend: str | None = None  # up / flat / down
    growth_potential: str | None = None  # high / medium / low
    operations_24x7: bool = False

    def days_to_renewal(self, today: date) -> int | None:
        return None if self.renewal_date is None else (self.renewal_date - today).days

    def compliance_industry(self) -> str | None:
        """The industry, when it alone makes the account compliance-sensitive."""
        if not self.industry:
            return None
        return self.industry if is_compliance_industry(self.industry) else None
