"""Reading the values found in CRM exports: money, dates, health and yes/no flags.

Each parser takes the cell text and returns a clean value, or raises ValueError whose
message says what was wrong (the importer reports it with the line and column).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

from dateutil import parser as dateutil_parser  # type: ignore[import-untyped]  # python-dateutil ships no types

from warroom.domain.vocabulary import Health

CURRENCY_SYMBOLS = {"$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY", "₹": "INR"}
_MULTIPLIERS = {"": 1, "k": 1_000, "m": 1_000_000, "mm": 1_000_000, "b": 1_000_000_000, "bn": 1_000_000_000}
_MONEY = re.compile(
    r"^(?P<cur1>[A-Z]{3})?\s*(?P<sym>[$€£¥₹])?\s*(?P<num>\d[\d,.' ]*|\.\d+)\s*"
    r"(?P<mult>k|m|mm|b|bn)?\s*(?P<sym2>[$€£¥₹])?\s*(?P<cur2>[A-Z]{3})?$",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Money:
    amount: float
    currency: str | None


def _number(digits: str) -> float:
    """`1,200,000.50`, `1.200.000`, `1 200 000`, `950'000` -> a float."""
    digits = digits.replace(" ", "").replace("'", "")
    if "," in digits and "." in digits:
        # The later separator is the decimal one: 1,200.50 or 1.200,50
        if digits.rfind(",") > digits.rfind("."):
            digits = digits.replace(".", "").replace(",", ".")
        else:
            digits = digits.replace(",", "")
    elif "," in digits:
        groups = digits.split(",")
        if len(groups) == 2 and len(groups[1]) != 3:
            digits = digits.replace(",", ".")  # 950,5 is a decimal comma
        else:
            digits = digits.replace(",", "")
    elif digits.count(".") > 1:
        digits = digits.replace(".", "")  # 1.200.000 groups thousands
    if not re.fullmatch(r"\d+(\.\d+)?|\.\d+", digits):
        raise ValueError("its digit grouping is not one I can read")
    return float(digits)


def parse_money(text: str) -> Money | None:
    """`$1,200,000`, `1.2M`, `950k`, `EUR 950,000`, `950 000 €` -> Money; blank -> None."""
    cleaned = text.strip()
    if not cleaned:
        return None
    if cleaned.startswith("-") or cleaned.startswith("(") and cleaned.endswith(")"):
        raise ValueError("a negative amount cannot be an annual revenue")
    match = _MONEY.match(cleaned)
    if match is None:
        raise ValueError("it is not an amount (try 1200000, $1.2M or EUR 950,000)")
    first, second = match["cur1"], match["cur2"]
    if first and second and first.upper() != second.upper():
        raise ValueError("it names two different currencies")
    currency = (first or second or "").upper() or CURRENCY_SYMBOLS.get(match["sym"] or match["sym2"] or "")
    amount = _number(match["num"]) * _MULTIPLIERS[(match["mult"] or "").lower()]
    return Money(round(amount, 2), currency)


_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$")
_NUMERIC_DATE = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})$")


def parse_date(text: str, *, dayfirst: bool = False) -> date | None:
    """ISO (`2026-03-01`), US (`03/01/2026`), day-first with `dayfirst=True` (`01/03/2026`),
    or spelled out (`Mar 1, 2026`); blank -> None."""
    cleaned = text.strip()
    if not cleaned:
        return None
    if match := _ISO_DATE.match(cleaned):
        year, month, day = (int(part) for part in match.groups())
    elif match := _NUMERIC_DATE.match(cleaned):
        first, second, year = (int(part) for part in match.groups())
        if len(match.group(3)) == 2:
            year += 2000
        month, day = (second, first) if dayfirst else (first, second)
    else:
        if not re.search(r"\d{4}", cleaned) or not re.search(r"[A-Za-z]{3}", cleaned):
            raise ValueError("it is not a date (use 2026-03-01, 03/01/2026 or Mar 1, 2026)")
        try:
            parsed: datetime = dateutil_parser.parse(cleaned, dayfirst=dayfirst, default=datetime(2000, 1, 1))
            return parsed.date()
        except (ValueError, OverflowError) as error:
            raise ValueError("it is not a date (use 2026-03-01, 03/01/2026 or Mar 1, 2026)") from error
    try:
        return date(year, month, day)
    except ValueError as error:
        order = "day/month/year" if dayfirst else "month/day/year"
        raise ValueError(f"there is no such day ({order}); pass --dayfirst if days come first") from error


_HEALTH_WORDS = {
    "green": Health.GREEN,
    "g": Health.GREEN,
    "healthy": Health.GREEN,
    "good": Health.GREEN,
    "yellow": Health.YELLOW,
    "y": Health.YELLOW,
    "amber": Health.YELLOW,
    "a": Health.YELLOW,
    "at risk": Health.YELLOW,
    "red": Health.RED,
    "r": Health.RED,
    "poor": Health.RED,
    "critical": Health.RED,
}

# A 0-100 score maps onto colours the way most CS platforms band it by default.
RED_BELOW = 50
GREEN_FROM = 75


@dataclass(frozen=True, slots=True)
class HealthReading:
    health: Health
    score: float | None


def health_from_score(score: float) -> Health:
    if score < RED_BELOW:
        return Health.RED
    return Health.GREEN if score >= GREEN_FROM else Health.YELLOW


def parse_health(text: str) -> HealthReading | None:
    """`red`/`yellow`/`green`, `R`/`Y`/`G`, or a 0-100 score; blank -> None."""
    cleaned = text.strip().casefold()
    if not cleaned:
        return None
    if cleaned in _HEALTH_WORDS:
        return HealthReading(_HEALTH_WORDS[cleaned], None)
    try:
        score = float(cleaned.rstrip("%"))
    except ValueError:
        raise ValueError("it is not a health (red, yellow, green, R/Y/G or a 0-100 score)") from None
    if not 0 <= score <= 100:
        raise ValueError("a health score must be between 0 and 100")
    return HealthReading(health_from_score(score), score)


_TRUE = {"yes", "y", "true", "t", "1", "x", "✓", "on"}
_FALSE = {"no", "n", "false", "f", "0", "", "off", "-"}


def parse_bool(text: str) -> bool:
    """yes/no, true/false, 1/0, x or blank."""
    cleaned = text.strip().casefold()
    if cleaned in _TRUE:
        return True
    if cleaned in _FALSE:
        return False
    raise ValueError("it is not yes or no (use yes/no, true/false, 1/0 or x)")


def parse_count(text: str) -> int:
    cleaned = text.strip()
    if not cleaned:
        return 0
    if not cleaned.isdigit():
        raise ValueError("it is not a whole number")
    return int(cleaned)
