"""Rebate arithmetic: threshold selection, tiered and progressive rates, growth.

Pure functions (no database) shared by the settlements and the accruals.

Thresholds are ``(minimum, rate)`` pairs, ``rate`` in percent. ``minimum`` is an
amount for the volume, category and freight kinds and a growth percentage for
the growth kind. A threshold is *reached* when the value is greater than or
equal to its minimum.

Modes:

* ``tiered``: the highest reached threshold's rate applies to the whole base
  (10,000 at 3 % when the 3 % tier starts at 8,000 gives 300).
* ``progressive``: each slice of the base between two thresholds earns the rate
  of the lower threshold, like income-tax brackets (thresholds 0 → 1 %,
  5,000 → 2 %, 8,000 → 3 % on 10,000 give 50 + 60 + 60 = 170).

Growth (the increase over the same period one year earlier):

* the base is ``current - previous``; nothing is earned without an increase;
* the growth percentage ``increase / previous × 100`` selects the threshold;
  in progressive mode the growth minimums become amounts of increase
  (``previous × minimum / 100``) and each slice of the increase earns its rate;
* previous period without sales (zero or negative): the growth percentage is
  undefined. The dealer earns a growth rebate only if the policy has a threshold
  with a minimum growth of 0 %: that threshold's rate then applies to the whole
  increase (= the new sales). Without such a threshold nothing is earned.
"""
from collections import namedtuple

RebateResult = namedtuple(
    "RebateResult", "base rate amount threshold_index growth reason slices",
)
# reason: "reached", "below" (no threshold reached), "no_sales", "no_growth",
# "new_sales" (growth on a previous period without sales), "growth_undefined"

KINDS_ON_AMOUNT = ("volume", "category", "freight")


def _sorted(thresholds):
    return sorted(((float(minimum), float(rate)) for minimum, rate in thresholds), key=lambda t: t[0])


def select_threshold(thresholds, value):
    """Index (in ascending order of minimum) of the highest threshold whose
    minimum is ≤ ``value``; None when none is reached."""
    index = None
    for position, (minimum, _rate) in enumerate(_sorted(thresholds)):
        if value >= minimum:
            index = position
        else:
            break
    return index


def progressive_amount(base, brackets):
    """Amount of ``base`` cut in slices by ``brackets`` (ascending ``(lower bound,
    rate)``), each slice at its rate. Returns ``(amount, slices)`` where slices are
    ``(lower, upper or None, slice amount of base, rate, rebate)``."""
    amount = 0.0
    slices = []
    for position, (lower, rate) in enumerate(brackets):
        upper = brackets[position + 1][0] if position + 1 < len(brackets) else None
        if base <= lower:
            break
        top = base if upper is None else min(base, upper)
        part = top - lower
        rebate = part * rate / 100.0
        amount += rebate
        slices.append((lower, upper, part, rate, rebate))
    return amount, slices


def growth_percent(current, previous):
    """Growth in percent over ``previous``; None when previous has no sales."""
    if previous <= 0:
        return None
    return (current - previous) / previous * 100.0


def _effective_rate(amount, base):
    return amount / base * 100.0 if base else 0.0


def compute_rebate(kind, mode, thresholds, current, previous=0.0, in_full=False):
    """Rebate of one dealer.

    :param kind: volume / category / freight / growth (or a kind settled from documents)
    :param mode: tiered / progressive
    :param thresholds: iterable of ``(minimum, rate)``
    :param current: the period's base (net sales, delivered sales, documents' amounts)
    :param previous: growth only: the same period's net sales one year earlier
    :param in_full: the base is paid in full (kinds settled from documents, e.g. profit
        shares): no thresholds
    :return: RebateResult (rate = effective rate in percent)
    """
    ordered = _sorted(thresholds)
    if in_full:
        return RebateResult(current, 100.0, current, None, None, "reached" if current > 0 else "no_sales", [])
    if kind in KINDS_ON_AMOUNT:
        base = current
        if base <= 0:
            return RebateResult(base, 0.0, 0.0, None, None, "no_sales", [])
        index = select_threshold(ordered, base)
        if index is None:
            return RebateResult(base, 0.0, 0.0, None, None, "below", [])
        if mode == "progressive":
            amount, slices = progressive_amount(base, ordered)
            return RebateResult(base, _effective_rate(amount, base), amount, index, None, "reached", slices)
        rate = ordered[index][1]
        return RebateResult(base, rate, base * rate / 100.0, index, None, "reached", [])
    if kind != "growth":
        raise ValueError("unknown rebate kind %r" % kind)
    increase = current - previous
    growth = growth_percent(current, previous)
    if current <= 0 and previous <= 0:
        return RebateResult(increase, 0.0, 0.0, None, None, "no_sales", [])
    if increase <= 0:
        return RebateResult(increase, 0.0, 0.0, None, growth, "no_growth", [])
    if growth is None:
        zero = [position for position, (minimum, _rate) in enumerate(ordered) if minimum == 0]
        if not zero:
            return RebateResult(increase, 0.0, 0.0, None, None, "growth_undefined", [])
        rate = ordered[zero[0]][1]
        return RebateResult(increase, rate, increase * rate / 100.0, zero[0], None, "new_sales", [])
    index = select_threshold(ordered, growth)
    if index is None:
        return RebateResult(increase, 0.0, 0.0, None, growth, "below", [])
    if mode == "progressive":
        brackets = [(previous * minimum / 100.0, rate) for minimum, rate in ordered]
        amount, slices = progressive_amount(increase, brackets)
        return RebateResult(increase, _effective_rate(amount, increase), amount, index, growth, "reached", slices)
    rate = ordered[index][1]
    return RebateResult(increase, rate, increase * rate / 100.0, index, growth, "reached", [])
