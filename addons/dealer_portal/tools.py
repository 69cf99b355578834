"""Pure helpers of the dealer portal (no database)."""
import math
import re

from odoo.tools.float_utils import float_round

# GB 32100-2015: unified social credit code (统一社会信用代码), 18 characters
CREDIT_CODE_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CREDIT_CODE_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
# mainland mobile numbers, or landlines with an area code (010-12345678, 0571 8888 8888)
PHONE_RE = re.compile(r"^(?:\+?86[ -]?)?(?:1[3-9]\d{9}|0\d{2,3}[ -]?\d{7,8})$")
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def normalize_credit_code(code):
    return (code or "").strip().upper().replace(" ", "")


def credit_code_is_valid(code):
    """True when ``code`` is a well-formed unified social credit code with the right check character."""
    code = normalize_credit_code(code)
    if len(code) != 18 or any(char not in CREDIT_CODE_CHARS for char in code):
        return False
    total = sum(CREDIT_CODE_CHARS.index(char) * weight
                for char, weight in zip(code[:17], CREDIT_CODE_WEIGHTS, strict=True))
    check = (31 - total % 31) % 31
    return code[17] == CREDIT_CODE_CHARS[check]


def phone_is_valid(phone):
    return bool(PHONE_RE.match((phone or "").strip()))


def email_is_valid(email):
    return bool(EMAIL_RE.match((email or "").strip()))


def snap_quantity(quantity, min_qty, multiple_qty, precision_rounding=0.001):
    """The smallest quantity at least ``quantity`` that meets a minimum-order rule: at
    least ``min_qty`` and a whole number of ``multiple_qty`` (0 = no such rule).

    >>> snap_quantity(7, 0, 5)
    10.0
    >>> snap_quantity(4, 6, 6)
    6.0
    """
    qty = max(quantity, min_qty or 0.0)
    if multiple_qty and multiple_qty > precision_rounding / 2:
        packs = qty / multiple_qty
        # a quantity within the unit's rounding of a whole number of packs is that number
        whole = round(packs)
        if abs(packs - whole) * multiple_qty < precision_rounding / 2:
            packs = whole
        qty = math.ceil(packs) * multiple_qty
    return float_round(qty, precision_rounding=precision_rounding)
