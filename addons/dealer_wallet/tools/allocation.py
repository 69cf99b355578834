"""Pure allocation helpers of the wallet module (no database access).

Amounts are handled in integer minor units (cents for 2 digits) so the results
add up exactly to what was asked, whatever the rounding of the currency.
"""


def _to_units(amount, digits):
    return int(round(amount * 10 ** digits))


def _from_units(units, digits):
    return round(units / 10 ** digits, digits)


def autosplit(total, sources, digits=2):
    """Split ``total`` greedily over ``sources`` taken in order.

    :param float total: amount to cover
    :param list sources: ``[(key, available), ...]`` in the order of the policy
    :param int digits: decimal places of the currency
    :return: ``(allocations, uncovered)`` where allocations is a list of
        ``(key, amount)`` with a positive amount, and uncovered the part of the
        total no source could take.
    """
    remaining = _to_units(total, digits)
    allocations = []
    for key, available in sources:
        if remaining <= 0:
            break
        take = min(remaining, max(_to_units(available, digits), 0))
        if take > 0:
            allocations.append((key, _from_units(take, digits)))
            remaining -= take
    return allocations, _from_units(max(remaining, 0), digits)


def allocate_proportionally(amount, weights, digits=2):
    """Distribute ``amount`` over ``weights`` in proportion, exactly.

    Each share is capped by its weight (you cannot consume more than what was
    reserved on a line). The largest-remainder method makes the shares add up
    to ``min(amount, sum(weights))`` to the last cent.

    :param float amount: amount to distribute (>= 0)
    :param list weights: ``[(key, weight), ...]`` with weight >= 0
    :return: list of ``(key, share)`` in the order of ``weights``
    """
    weight_units = [(key, max(_to_units(weight, digits), 0)) for key, weight in weights]
    total_weight = sum(units for _key, units in weight_units)
    target = min(max(_to_units(amount, digits), 0), total_weight)
    if not total_weight or not target:
        return [(key, 0.0) for key, _units in weight_units]
    shares = []
    for index, (key, units) in enumerate(weight_units):
        exact = units * target
        shares.append([key, exact // total_weight, exact % total_weight, index, units])
    missing = target - sum(share[1] for share in shares)
    # hand out the remaining units to the largest remainders (stable by position)
    for share in sorted(shares, key=lambda s: (-s[2], s[3])):
        if missing <= 0:
            break
        if share[1] < share[4]:
            share[1] += 1
            missing -= 1
    return [(key, _from_units(units, digits)) for key, units, _rem, _idx, _cap in shares]
