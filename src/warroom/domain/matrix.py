"""The decision matrix: business impact, relationship risk and strategic value.

Each factor is a sum of named parts, so the console can show why one account sits above
another instead of showing a bare number.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from warroom.domain.accounts import AccountFacts
from warroom.domain.vocabulary import Health


@dataclass(frozen=True, slots=True)
class Factor:
    name: str
    parts: tuple[tuple[str, float], ...]

    @property
    def total(self) -> float:
        return sum(points for _, points in self.parts)


@dataclass(frozen=True, slots=True)
class Matrix:
    business_impact: Factor
    relationship_risk: Factor
    strategic_value: Factor

    @property
    def score(self) -> float:
        return self.business_impact.total + self.relationship_risk.total + self.strategic_value.total

    @property
    def factors(self) -> tuple[Factor, Factor, Factor]:
        return (self.business_impact, self.relationship_risk, self.strategic_value)


def _arr_points(arr: float, portfolio_average_arr: float) -> tuple[str, float] | None:
    if arr <= 0:
        return None
    if portfolio_average_arr <= 0:
        return ("ARR", 1.0)
    ratio = arr / portfolio_average_arr
    points = 4.0 if ratio >= 3 else 3.0 if ratio >= 1.5 else 2.0 if ratio >= 0.75 else 1.0
    return (f"ARR {ratio:.1f}x portfolio average", points)


def business_impact(account: AccountFacts, portfolio_average_arr: float, today: date) -> Factor:
    parts: list[tuple[str, float]] = []
    if arr_part := _arr_points(account.arr, portfolio_average_arr):
        parts.append(arr_part)
    days = account.days_to_renewal(today)
    if days is not None and days <= 90:
        window = 30 if days <= 30 else 60 if days <= 60 else 90
        parts.append((f"renewal within {window} days", {30: 3.0, 60: 2.0, 90: 1.0}[window]))
    if account.expansion_pipeline > 0:
        big = account.arr > 0 and account.expansion_pipeline >= account.arr / 2
        parts.append(("large expansion pipeline" if big else "expansion pipeline", 2.0 if big else 1.0))
    return Factor("business impact", tuple(parts))


def relationship_risk(account: AccountFacts) -> Factor:
    parts: list[tuple[str, float]] = []
    if account.health is Health.RED:
        parts.append(("health red", 3.0))
    elif account.health is Health.YELLOW:
        parts.append(("health yellow", 2.0))
    elif account.health is None:
        parts.append(("health unknown", 1.0))
    if account.champion_strength == "none":
        parts.append(("no champion", 2.0))
    elif account.champion_strength == "weak":
        parts.append(("weak champion", 1.0))
    if account.escalations_last_year >= 3:
        parts.append((f"{account.escalations_last_year} escalations this year", 2.0))
    elif account.escalations_last_year >= 1:
        parts.append((f"{account.escalations_last_year} escalation(s) this year", 1.0))
    if account.sentiment_trend == "down":
        parts.append(("sentiment falling", 2.0))
    return Factor("relationship risk", tuple(parts))


def strategic_value(account: AccountFacts) -> Factor:
    parts: list[tuple[str, float]] = []
    if account.reference:
        parts.append(("reference account", 2.0))
    if account.strategic:
        parts.append(("strategic partner", 2.0))
    if account.high_visibility:
        parts.append(("industry visibility", 1.0))
    if account.growth_potential == "high":
        parts.append(("high growth potential", 2.0))
    elif account.growth_potential == "medium":
        parts.append(("medium growth potential", 1.0))
    return Factor("strategic value", tuple(parts))


def decision_matrix(account: AccountFacts, portfolio_average_arr: float, today: date) -> Matrix:
    """The three factors for one account, each with the parts that make it up."""
    return Matrix(
        business_impact(account, portfolio_average_arr, today),
        relationship_risk(account),
        strategic_value(account),
    )
