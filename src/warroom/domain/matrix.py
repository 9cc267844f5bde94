"""The decision matrix: business impact, relationship risk and strategic value.

Each factor is a sum of named parts, so the console can show why one account sits above
another instead of showing a bare number. The parts are shared constants: a queue load
scores 50,000 accounts and must not build 50,000 sets of strings.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from warroom.domain.accounts import AccountFacts
from warroom.domain.vocabulary import Health

Part = tuple[str, float]

ARR_BANDS: tuple[tuple[float, Part], ...] = (
    (3.0, ("ARR 3x the portfolio average or more", 4.0)),
    (1.5, ("ARR 1.5-3x the portfolio average", 3.0)),
    (0.75, ("ARR near the portfolio average", 2.0)),
    (0.0, ("ARR below the portfolio average", 1.0)),
)
ARR_UNKNOWN_AVERAGE: Part = ("ARR", 1.0)
RENEWAL_30: Part = ("renewal within 30 days", 3.0)
RENEWAL_60: Part = ("renewal within 60 days", 2.0)
RENEWAL_90: Part = ("renewal within 90 days", 1.0)
LARGE_EXPANSION: Part = ("expansion pipeline of half their ARR or more", 2.0)
EXPANSION: Part = ("expansion pipeline", 1.0)
HEALTH_PARTS: dict[Health | None, Part] = {
    Health.RED: ("health red", 3.0),
    Health.YELLOW: ("health yellow", 2.0),
    None: ("health unknown", 1.0),
}
CHAMPION_PARTS: dict[str | None, Part] = {"none": ("no champion", 2.0), "weak": ("weak champion", 1.0)}
MANY_ESCALATIONS: Part = ("3 or more escalations this year", 2.0)
SOME_ESCALATIONS: Part = ("1-2 escalations this year", 1.0)
FALLING_SENTIMENT: Part = ("sentiment falling", 2.0)
REFERENCE: Part = ("reference account", 2.0)
STRATEGIC: Part = ("strategic partner", 2.0)
VISIBILITY: Part = ("industry visibility", 1.0)
GROWTH_PARTS: dict[str | None, Part] = {
    "high": ("high growth potential", 2.0),
    "medium": ("medium growth potential", 1.0),
}


@dataclass(slots=True)
class Factor:
    name: str
    parts: tuple[Part, ...]
    total: float


@dataclass(slots=True)
class Matrix:
    business_impact: Factor
    relationship_risk: Factor
    strategic_value: Factor
    score: float

    @property
    def factors(self) -> tuple[Factor, Factor, Factor]:
        return (self.business_impact, self.relationship_risk, self.strategic_value)


def _total(parts: list[Part]) -> float:
    total = 0.0
    for _, points in parts:
        total += points
    return total


def business_impact(account: AccountFacts, portfolio_average_arr: float, today: date) -> list[Part]:
    parts: list[Part] = []
    if account.arr > 0:
        if portfolio_average_arr <= 0:
            parts.append(ARR_UNKNOWN_AVERAGE)
        else:
            ratio = account.arr / portfolio_average_arr
            for floor, part in ARR_BANDS:
                if ratio >= floor:
                    parts.append(part)
                    break
    if account.renewal_date is not None:
        days = (account.renewal_date - today).days
        if days <= 30:
            parts.append(RENEWAL_30)
        elif days <= 60:
            parts.append(RENEWAL_60)
        elif days <= 90:
            parts.append(RENEWAL_90)
    if account.expansion_pipeline > 0:
        large = account.arr > 0 and account.expansion_pipeline >= account.arr / 2
        parts.append(LARGE_EXPANSION if large else EXPANSION)
    return parts


def relationship_risk(account: AccountFacts) -> list[Part]:
    parts: list[Part] = []
    if account.health is not Health.GREEN:
        parts.append(HEALTH_PARTS[account.health])
    if account.champion_strength in CHAMPION_PARTS:
        parts.append(CHAMPION_PARTS[account.champion_strength])
    if account.escalations_last_year >= 3:
        parts.append(MANY_ESCALATIONS)
    elif account.escalations_last_year >= 1:
        parts.append(SOME_ESCALATIONS)
    if account.sentiment_trend == "down":
        parts.append(FALLING_SENTIMENT)
    return parts


def strategic_value(account: AccountFacts) -> list[Part]:
    parts: list[Part] = []
    if account.reference:
        parts.append(REFERENCE)
    if account.strategic:
        parts.append(STRATEGIC)
    if account.high_visibility:
        parts.append(VISIBILITY)
    if account.growth_potential in GROWTH_PARTS:
        parts.append(GROWTH_PARTS[account.growth_potential])
    return parts


def decision_matrix(account: AccountFacts, portfolio_average_arr: float, today: date) -> Matrix:
    """The three factors for one account, each with the parts that make it up."""
    business = business_impact(account, portfolio_average_arr, today)
    relationship = relationship_risk(account)
    strategic = strategic_value(account)
    factors = (
        Factor("business impact", tuple(business), _total(business)),
        Factor("relationship risk", tuple(relationship), _total(relationship)),
        Factor("strategic value", tuple(strategic), _total(strategic)),
    )
    return Matrix(*factors, score=sum(factor.total for factor in factors))


def matrix_score(account: AccountFacts, portfolio_average_arr: float, today: date) -> float:
    """decision_matrix(...).score from the same parts, without building the explanation
    (the queue scores every account but explains only the ones on screen)."""
    return (
        _total(business_impact(account, portfolio_average_arr, today))
        + _total(relationship_risk(account))
        + _total(strategic_value(account))
    )
