from odoo.tools.float_utils import float_repr, float_round


def format_qty(quantity, precision_rounding=0.001):
    """A quantity (or a rate) as people write it, for messages and form values.

    ``12.0`` → ``"12"``, ``2.5`` → ``"2.5"``, ``1234567.0`` → ``"1234567"`` (never an
    exponent, no thousands separator, so the text is also a valid ``<input type=number>``
    value), rounded to ``precision_rounding`` (a unit of measure's rounding).
    """
    digits = max(0, len(f"{precision_rounding:.10f}".rstrip("0").split(".")[1]))
    text = float_repr(float_round(quantity or 0.0, precision_rounding=precision_rounding), digits)
    text = text.rstrip("0").rstrip(".") if "." in text else text
    return "0" if text in ("-0", "") else text
