"""Money, dates, health and flags as CRMs write them, by example and by property."""

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from warroom.domain.crm_values import parse_bool, parse_date, parse_health, parse_money
from warroom.domain.vocabulary import Health


@pytest.mark.parametrize("text, amount, currency", [
    ("$1,200,000", 1_200_000, "USD"), ("1.2M", 1_200_000, None), ("950k", 950_000, None),
    ("EUR 950,000", 950_000, "EUR"), ("950 000 €", 950_000, "EUR"), ("£75,000.50", 75_000.5, "GBP"),
    ("1.200.000,50", 1_200_000.5, None), ("1200000", 1_200_000, None), ("2.5 bn", 2_500_000_000, None),
    ("USD 40k", 40_000, "USD"),
])
def test_money_examples(text, amount, currency):
    money = parse_money(text)
    assert money.amount == amount and money.currency == currency


@pytest.mark.parametrize("text", ["lots", "-5000", "(5000)", "$", "12 apples", "EUR 5 USD"])
def test_money_rejects_with_a_reason(text):
    with pytest.raises(ValueError) as caught:
        parse_money(text)
    assert str(caught.value)


def test_blank_money_is_none():
    assert parse_money("  ") is None


@given(st.integers(min_value=0, max_value=10**12))
def test_money_round_trips_common_formats(n):
    assert parse_money(f"${n:,}").amount == n
    assert parse_money(f"{n}").amount == n
    assert parse_money(f"EUR {n:,}").amount == n


@given(st.integers(min_value=1, max_value=99_999))
def test_money_suffixes(n):
    assert parse_money(f"{n}k").amount == n * 1000
    assert parse_money(f"{n / 10}M").amount == pytest.approx(n * 100_000)


@given(st.text(max_size=40))
def test_money_never_raises_anything_but_value_error(text):
    try:
        parse_money(text)
    except ValueError:
        pass


@given(st.dates(min_value=date(1950, 1, 1), max_value=date(2099, 12, 31)))
def test_dates_in_iso_us_and_day_first_forms(day):
    assert parse_date(day.isoformat()) == day
    assert parse_date(f"{day.month:02d}/{day.day:02d}/{day.year}") == day
    assert parse_date(f"{day.day:02d}/{day.month:02d}/{day.year}", dayfirst=True) == day
    assert parse_date(day.strftime("%b %d, %Y")) == day


@given(st.text(max_size=30))
def test_dates_never_raise_anything_but_value_error(text):
    try:
        parse_date(text)
    except ValueError:
        pass


def test_impossible_date_suggests_dayfirst():
    with pytest.raises(ValueError, match="--dayfirst"):
        parse_date("31/12/2026")


def test_date_without_a_year_is_refused():
    with pytest.raises(ValueError):
        parse_date("March")


@pytest.mark.parametrize("text, health, score", [
    ("green", Health.GREEN, None), ("G", Health.GREEN, None), ("Yellow", Health.YELLOW, None),
    ("amber", Health.YELLOW, None), ("r", Health.RED, None), ("82", Health.GREEN, 82.0),
    ("61", Health.YELLOW, 61.0), ("12", Health.RED, 12.0), ("75%", Health.GREEN, 75.0),
])
def test_health_examples(text, health, score):
    reading = parse_health(text)
    assert reading.health is health and reading.score == score


@given(st.floats(min_value=0, max_value=100, allow_nan=False))
def test_health_scores_band_monotonically(score):
    reading = parse_health(f"{score}")
    expected = Health.RED if score < 50 else Health.GREEN if score >= 75 else Health.YELLOW
    assert reading.health is expected


@pytest.mark.parametrize("text", ["140", "-1", "purple"])
def test_health_rejects(text):
    with pytest.raises(ValueError):
        parse_health(text)


@pytest.mark.parametrize("text, value", [("yes", True), ("TRUE", True), ("1", True), ("x", True), ("no", False),
                                         ("false", False), ("0", False), ("", False)])
def test_booleans(text, value):
    assert parse_bool(text) is value


@given(st.text(max_size=10))
def test_booleans_never_raise_anything_but_value_error(text):
    try:
        parse_bool(text)
    except ValueError:
        pass
