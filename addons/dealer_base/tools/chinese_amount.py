"""RMB amounts in Chinese capital numerals (人民币大写金额).

Pure functions, no database: used by the Chinese ``amount_to_text`` of CNY,
statements and any report that prints an amount in words.
"""
from decimal import ROUND_HALF_UP, Decimal

DIGITS = "零壹贰叁肆伍陆柒捌玖"
POSITION_UNITS = ("", "拾", "佰", "仟")
GROUP_UNITS = ("", "万", "亿", "万亿")


def _integer_to_capital(number):
    """Spell a non-negative integer (< 10**16) with 拾佰仟 and 万/亿 groups.

    Zeros between significant digits collapse into one 零; zeros that end a
    group are swallowed by the group unit (10001000 → 壹仟万壹仟).
    """
    text = str(number)
    if len(text) > 4 * len(GROUP_UNITS):
        raise ValueError(f"Amount too large for Chinese capital numerals: {number}")
    result = []
    pending_zero = False
    size = len(text)
    for index, char in enumerate(text):
        position = size - 1 - index
        group, position_in_group = divmod(position, 4)
        digit = int(char)
        if digit:
            if pending_zero and result:
                result.append(DIGITS[0])
            pending_zero = False
            result.append(DIGITS[digit] + POSITION_UNITS[position_in_group])
        else:
            pending_zero = True
        if position_in_group == 0 and group:
            group_digits = text[max(0, index - 3):index + 1]
            if int(group_digits):
                result.append(GROUP_UNITS[group])
                pending_zero = False
    return "".join(result)


def amount_to_chinese_capital(amount):
    """Return ``amount`` (yuan) in the standard RMB capital form.

    >>> amount_to_chinese_capital(12345.67)
    '壹万贰仟叁佰肆拾伍元陆角柒分'
    >>> amount_to_chinese_capital(10000)
    '壹万元整'
    >>> amount_to_chinese_capital(-1010.10)
    '负壹仟零壹拾元壹角整'

    The amount is rounded half-up to the fen. A whole amount ends with 整; an
    amount with jiao but no fen ends with 角整; fen after an empty jiao is
    preceded by 零 (壹仟元零伍分) unless there is no yuan at all (伍分).
    """
    value = Decimal(str(amount)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    if value == 0:
        return "零元整"
    sign = "负" if value < 0 else ""
    value = abs(value)
    cents = int(value * 100)
    yuan, fraction = divmod(cents, 100)
    jiao, fen = divmod(fraction, 10)

    text = sign
    if yuan:
        text += _integer_to_capital(yuan) + "元"
    if not jiao and not fen:
        return text + "整"
    if jiao:
        text += DIGITS[jiao] + "角"
    elif yuan:
        text += DIGITS[0]
    if fen:
        text += DIGITS[fen] + "分"
    else:
        text += "整"
    return text
