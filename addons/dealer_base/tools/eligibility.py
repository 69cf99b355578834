"""Which dealers a record (pool, promotion rule, campaign, rebate policy...) is for.

The one rule of the suite, pure Python (no database), so that engines that work
on plain data (the promotion engine) apply exactly what the
``dealer.eligibility.mixin`` applies in the ORM and in SQL:

1. A dealer dimension left empty does not restrict.
2. A dimension that is set restricts: the dealer's tier, type, level or sales
   mode must be one of those listed; its province must lie in one of the
   regions (sub-regions included; a dealer without a province is outside every
   region); the dealer itself must be one of the listed dealers.
3. Every dimension that is set must hold (AND). The list of dealers is one
   dimension among the others: it narrows, it never adds dealers that the other
   dimensions leave out. For an exception, make a second record.
4. Only dealers are eligible (the commercial partner's ``is_dealer``). The
   dealer's status (onboarding, active, suspended) is not part of the rule: each
   feature decides what a suspended dealer may do.
"""
from dataclasses import dataclass

# (mismatch code, field of the eligibility mixin, attribute of DealerProfile), in check order
DIMENSIONS = (
    ("tier", "tier_ids", "tier_id"),
    ("type", "type_ids", "type_id"),
    ("level", "level_ids", "level_id"),
    ("sales_mode", "sales_mode_ids", "sales_mode_id"),
    ("region", "region_ids", "region_ids"),
    ("partner", "partner_ids", "partner_id"),
)
NOT_DEALER = "not_dealer"


@dataclass(frozen=True)
class DealerProfile:
    """A dealer's dimensions (ids, 0 when unset).

    ``region_ids`` are the regions that contain the dealer's province (the
    regions listing it and all their parents), so that a rule listing a parent
    region matches.
    """

    partner_id: int
    tier_id: int = 0
    type_id: int = 0
    level_id: int = 0
    sales_mode_id: int = 0
    region_ids: frozenset = frozenset()
    is_dealer: bool = True


@dataclass(frozen=True)
class Scope:
    """The dealer dimensions of a record, as sets of ids (empty = any)."""

    tier_ids: frozenset = frozenset()
    type_ids: frozenset = frozenset()
    level_ids: frozenset = frozenset()
    sales_mode_ids: frozenset = frozenset()
    region_ids: frozenset = frozenset()
    partner_ids: frozenset = frozenset()


def mismatch(scope, dealer):
    """The code of the first dimension ``dealer`` fails (``NOT_DEALER``, a code
    of ``DIMENSIONS``), or ``""`` when the dealer is eligible.

    :param scope: any object with the ``*_ids`` attributes of :class:`Scope`
        (frozensets of ids)
    :param dealer: any object with the attributes of :class:`DealerProfile`
    """
    if not getattr(dealer, "is_dealer", True):
        return NOT_DEALER
    for code, scope_attr, dealer_attr in DIMENSIONS:
        allowed = getattr(scope, scope_attr)
        if not allowed:
            continue
        value = getattr(dealer, dealer_attr)
        if isinstance(value, frozenset | set):
            if not allowed & value:
                return code
        elif value not in allowed:
            return code
    return ""


def is_eligible(scope, dealer):
    return not mismatch(scope, dealer)
