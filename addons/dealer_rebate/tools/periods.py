"""Rebate periods: calendar months, quarters and years (no database needed)."""
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

PERIOD_MONTHS = {"month": 1, "quarter": 3, "year": 12}


def period_bounds(day, period):
    """First and last day of the ``period`` (month / quarter / year) containing ``day``."""
    months = PERIOD_MONTHS[period]
    first_month = (day.month - 1) // months * months + 1
    start = date(day.year, first_month, 1)
    end = start + relativedelta(months=months) - timedelta(days=1)
    return start, end


def is_aligned(date_from, date_to, period):
    """True when [date_from, date_to] is exactly one period of the given kind."""
    if not date_from or not date_to:
        return False
    return period_bounds(date_from, period) == (date_from, date_to)


def previous_year_period(date_from, date_to, period):
    """The same period one year earlier (29 February safe)."""
    start = date_from - relativedelta(years=1)
    return period_bounds(start, period)


def last_closed_period(today, period):
    """The last period that ended before ``today``."""
    current_start, _current_end = period_bounds(today, period)
    return period_bounds(current_start - timedelta(days=1), period)


def period_label(date_from, period):
    """Short, language-neutral label: 2026-03, 2026-Q1, 2026."""
    if period == "month":
        return "%d-%02d" % (date_from.year, date_from.month)
    if period == "quarter":
        return "%d-Q%d" % (date_from.year, (date_from.month - 1) // 3 + 1)
    return "%d" % date_from.year
