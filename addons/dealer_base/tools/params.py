"""Parameters of forms and URLs (ids, pages, dates, periods) read as hostile input.

Routes of the suite take their parameters as text from anyone logged in; these functions
turn that text into values within sane bounds or say what is wrong, so that no route
answers a typing error (or an attack) with a traceback.
"""
import datetime
import re
import unicodedata

from .messages import CodedError, _lt

MAX_ID = 2**31 - 1  # PostgreSQL integer
MAX_PAGE = 10000  # beyond it a listing is not browsed page by page (and offsets stay small)
MIN_YEAR, MAX_YEAR = 1900, 2999  # dates outside are typing errors, not periods of a ledger
MAX_PERIOD_DAYS = 3660  # ten years
MAX_NUMBER_LENGTH = 32
# a decimal number as people write it: digits, an optional decimal point, thousands separators
# (1,000.5); not Python's other forms (1e5, 1_000, inf, nan, 0x10)
_DECIMAL = re.compile(r"[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d*)?|[+-]?\.\d+")


MESSAGES = {
    "bad_start": _lt("The start date %(value)s is not a date (write it as 2024-03-31)."),
    "bad_end": _lt("The end date %(value)s is not a date (write it as 2024-03-31)."),
    "missing": _lt("Give a period: a start and an end date."),
    "reversed": _lt("The period ends before it starts: give the start date first."),
    "too_long": _lt("A period is at most ten years long."),
}


class ParamError(CodedError):
    """A parameter that is not what the route takes (``code``: a key of :data:`MESSAGES`)."""

    MESSAGES = MESSAGES


def parse_id(value):
    """``value`` of a form or URL as a record id (a positive 32-bit integer), else ``None``."""
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        return None
    return number if 0 < number <= MAX_ID else None


def parse_page(value):
    """A page number of a listing: 1 when missing or not a number, at most ``MAX_PAGE``."""
    return min(parse_id(value) or 1, MAX_PAGE)


def parse_quantity(value):
    """``value`` of a form, URL or uploaded cell as a finite number, else ``None``.

    Full-width digits (from a Chinese input method) are read as digits; the number must be
    written as a decimal (``12``, ``12.5``, ``1,000``): exponents, ``inf``, ``nan``, underscores
    and anything longer than ``MAX_NUMBER_LENGTH`` characters are not quantities.
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        number = float(value)
        return number if number == number and abs(number) != float("inf") else None
    if not isinstance(value, str):
        return None
    text = unicodedata.normalize("NFKC", value).strip()
    if not text or len(text) > MAX_NUMBER_LENGTH or not _DECIMAL.fullmatch(text):
        return None
    return float(text.replace(",", ""))


def parse_date(value):
    """``value`` of a form or URL (``YYYY-MM-DD``) as a date, ``None`` when empty.

    :raise ValueError: text that is not a date, an impossible date (2024-02-30), a year outside
        ``MIN_YEAR``..``MAX_YEAR``
    """
    text = str(value or "").strip()
    if not text:
        return None
    if len(text) != 10:
        raise ValueError(text)
    date = datetime.datetime.strptime(text, "%Y-%m-%d").date()
    if not MIN_YEAR <= date.year <= MAX_YEAR:
        raise ValueError(text)
    return date


def parse_period(date_from, date_to, required=False, max_days=MAX_PERIOD_DAYS):
    """``(start, end)`` of a period given as text; either is ``None`` when empty, unless ``required``.

    :raise ParamError: a bound that is not a date, a missing bound (``required``), an end before
        the start, or a period of more than ``max_days`` days
    """
    try:
        start = parse_date(date_from)
    except ValueError:
        raise ParamError("bad_start", value=str(date_from)[:40]) from None
    try:
        end = parse_date(date_to)
    except ValueError:
        raise ParamError("bad_end", value=str(date_to)[:40]) from None
    if required and not (start and end):
        raise ParamError("missing")
    if start and end:
        if start > end:
            raise ParamError("reversed")
        if (end - start).days > max_days:
            raise ParamError("too_long")
    return start, end
