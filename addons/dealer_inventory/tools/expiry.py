"""Pure helpers of the channel inventory, no database needed (``tests/test_tools.py``)."""

import math

EXPIRY_LEVELS = ("expired", "red", "yellow", "blue", "ok")


def expiry_level(days_left, red, yellow, blue):
    """The warning level of a lot with ``days_left`` days before its expiration date.

    ``days_left`` ≤ 0 is ``expired``; then ≤ ``red`` is ``red``, ≤ ``yellow`` is ``yellow``,
    ≤ ``blue`` is ``blue``, anything later ``ok``. ``None`` (no expiration date) is ``ok``.
    """
    if days_left is None:
        return "ok"
    if days_left <= 0:
        return "expired"
    if days_left <= red:
        return "red"
    if days_left <= yellow:
        return "yellow"
    if days_left <= blue:
        return "blue"
    return "ok"


def round_up_to_moq(need, min_qty, multiple_qty):
    """The suggested quantity for a ``need``: 0 when the need is not positive, else the need
    raised to ``min_qty`` and then rounded up to a multiple of ``multiple_qty`` (0 = none)."""
    if need <= 0:
        return 0.0
    qty = max(need, min_qty or 0.0)
    if multiple_qty and multiple_qty > 0:
        # a hair of tolerance so that 12.000000001 packs do not become 13
        qty = math.ceil(qty / multiple_qty - 1e-9) * multiple_qty
    return float(qty)
