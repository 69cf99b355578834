"""Pure helpers of the dealer catalog, no database needed.

They are unit-tested directly (``tests/test_tools.py``).
"""

from odoo.tools.float_utils import float_compare, float_is_zero, float_round


def moq_violation(quantity, min_qty, multiple_qty, precision_rounding=0.001):
    """Which minimum-order rule ``quantity`` breaks.

    :param float quantity: ordered quantity, in the product's unit of measure
    :param float min_qty: minimum order quantity (0 = none)
    :param float multiple_qty: order multiple (0 = none)
    :param float precision_rounding: rounding of the unit of measure
    :return: a set with ``"min"`` and/or ``"multiple"`` (empty when the quantity is fine)
    """
    problems = set()
    if min_qty and float_compare(quantity, min_qty, precision_rounding=precision_rounding) < 0:
        problems.add("min")
    if multiple_qty and not float_is_zero(multiple_qty, precision_rounding=precision_rounding):
        packs = quantity / multiple_qty
        whole = float_round(packs, precision_digits=0, rounding_method="HALF-UP")
        if not float_is_zero((packs - whole) * multiple_qty, precision_rounding=precision_rounding):
            problems.add("multiple")
    return problems


def rules_may_overlap(dims_a, dims_b):
    """Whether two dimension rules can match the same dealer.

    Each rule is a tuple of dimension values (``False`` = any). Two rules can
    match one dealer unless some dimension is set on both to different values.
    """
    return all(not a or not b or a == b for a, b in zip(dims_a, dims_b, strict=True))
