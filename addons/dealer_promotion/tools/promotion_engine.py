"""Pure arithmetic of dealer promotions.

This module knows nothing about the ORM: the caller describes the dealer, the
order lines and the candidate promotions with the small immutable dataclasses
below and gets back what every rule and promotion gives.  It implements the
"Semantics" of the dealer_promotion SPEC:

1. A rule's *base* is the untaxed subtotal, before any promotion, of the lines
   it targets (its products / categories; all product lines if none).  Dealer
   conditions, ``first_order_only``, ``min_amount`` and ``min_qty`` must hold.
2. With thresholds, the highest threshold whose ``min_amount`` <= base gives
   the value; none reached: the rule does not apply.
3. ``percent``: base x value %; ``fixed``: value; ``free_product``: for every
   ``buy_qty`` bought, ``free_qty`` free units valued at the dealer's price.
4. The applying rules of a promotion add up, each on its own base.
5. Caps: per order, then per dealer (minus earlier usage), then remaining
   budget.  Money is cut first; free units (whole units) only once the money
   is zero.
6. Applying promotions stack in priority order, unless one of them is
   exclusive: then only the exclusive one with the lowest priority (then the
   largest benefit) applies, alone.
7. (candidate selection: done by the caller, which only passes active
   promotions of the order's company valid on the order date.)

A fixed amount is never larger than the base it is granted on, so that a rule
can never make its own lines negative; and the promotions stacked on an order
never discount a tax set of it below zero (those applied last are cut first).
"""

import math
from dataclasses import dataclass, field

from odoo.tools.float_utils import float_compare, float_is_zero, float_round

from odoo.addons.dealer_base.tools import eligibility

PERCENT = "percent"
FIXED = "fixed"
FREE_PRODUCT = "free_product"

# Reasons why a rule does not apply (codes, translated by the caller).
REASON_TIER = "tier"
REASON_TYPE = "type"
REASON_LEVEL = "level"
REASON_SALES_MODE = "sales_mode"
REASON_REGION = "region"
REASON_PARTNER = "partner"
REASON_FIRST_ORDER = "first_order"
REASON_NO_LINES = "no_lines"
REASON_MIN_AMOUNT = "min_amount"
REASON_MIN_QTY = "min_qty"
REASON_THRESHOLD = "threshold"
REASON_BUY_QTY = "buy_qty"
REASON_ZERO = "zero"

# Reasons why a promotion with applying rules gives nothing / is left out.
CAP_ORDER = "order"
CAP_DEALER = "dealer"
CAP_BUDGET = "budget"
CAP_ORDER_BASE = "order_base"
REASON_NO_RULE = "no_rule"
REASON_CAPPED_OUT = "capped_out"
REASON_EXCLUSIVE = "exclusive"


@dataclass(frozen=True)
class Dealer(eligibility.DealerProfile):
    """The dealer's dimensions (the suite's ``DealerProfile``) and its order history."""

    has_confirmed_order: bool = False


@dataclass(frozen=True)
class Line:
    """A product line of the order, before any promotion."""

    key: int
    product_id: int
    qty: float
    subtotal: float
    categ_ids: frozenset = frozenset()  # the product's category and all its parents
    tax_key: tuple = ()


@dataclass(frozen=True)
class Threshold:
    min_amount: float
    value: float


@dataclass(frozen=True)
class Rule(eligibility.Scope):
    """A promotion rule: its dealer conditions (the suite's eligibility ``Scope``) and the rest."""

    id: int = 0
    sequence: int = 10
    product_ids: frozenset = frozenset()
    categ_ids: frozenset = frozenset()
    first_order_only: bool = False
    min_amount: float = 0.0
    min_qty: float = 0.0
    benefit_type: str = PERCENT
    value: float = 0.0
    thresholds: tuple = ()
    buy_qty: float = 0.0
    free_qty: float = 0.0
    free_product_id: int = 0


@dataclass(frozen=True)
class Promotion:
    id: int
    rules: tuple = ()
    priority: int = 10
    exclusive: bool = False
    max_discount_per_order: float = 0.0
    max_discount_per_dealer: float = 0.0
    budget: float = 0.0
    dealer_used: float = 0.0  # benefit already granted to this dealer by confirmed orders
    budget_used: float = 0.0  # benefit already granted to everybody by confirmed orders


@dataclass
class FreeGoods:
    product_id: int
    qty: int
    unit_price: float

    def value(self, rounding):
        return float_round(self.qty * self.unit_price, precision_rounding=rounding)


@dataclass
class RuleResult:
    rule: Rule
    applies: bool = False
    reason: str = ""
    base: float = 0.0
    base_qty: float = 0.0
    value: float = 0.0  # the percentage or amount used (threshold value when thresholds)
    threshold: Threshold = None
    money: float = 0.0  # money discount before caps
    money_applied: float = 0.0  # money discount after caps
    free: list = field(default_factory=list)  # FreeGoods before caps
    free_applied: list = field(default_factory=list)  # FreeGoods after caps
    money_by_tax: dict = field(default_factory=dict)  # tax_key -> money after caps
    base_by_tax: dict = field(default_factory=dict)  # tax_key -> base

    def free_value(self, rounding, applied=True):
        goods = self.free_applied if applied else self.free
        return sum(goods_line.value(rounding) for goods_line in goods)


@dataclass
class PromotionResult:
    promotion: Promotion
    rules: list = field(default_factory=list)  # RuleResult for every rule, applying or not
    money: float = 0.0  # after caps
    free_value: float = 0.0  # after caps
    benefit_before_caps: float = 0.0
    cap: str = ""  # CAP_* that cut the benefit
    cap_limit: float = 0.0
    applies: bool = False
    reason: str = ""  # REASON_NO_RULE / REASON_CAPPED_OUT / REASON_EXCLUSIVE
    excluded_by: int = 0  # id of the exclusive promotion that won

    @property
    def benefit(self):
        return self.money + self.free_value

    @property
    def applied_rules(self):
        return [result for result in self.rules if result.applies]


@dataclass
class Evaluation:
    results: list  # PromotionResult of every candidate, in priority order
    rounding: float

    @property
    def applied(self):
        return [result for result in self.results if result.applies]

    @property
    def total(self):
        return float_round(sum(result.benefit for result in self.applied), precision_rounding=self.rounding)


# ----------------------------------------------------------------------
# Rules
# ----------------------------------------------------------------------
def dealer_mismatch(rule, dealer):
    """Reason code when the dealer does not meet the rule's dealer conditions: the
    suite's eligibility rule (``dealer_base.tools.eligibility``), then the first order."""
    reason = eligibility.mismatch(rule, dealer)
    if reason:
        return reason
    if rule.first_order_only and dealer.has_confirmed_order:
        return REASON_FIRST_ORDER
    return ""


def targeted_lines(rule, lines):
    """The lines a rule is computed on: its products or categories, else all."""
    if not rule.product_ids and not rule.categ_ids:
        return list(lines)
    return [
        line for line in lines
        if line.product_id in rule.product_ids or (rule.categ_ids & line.categ_ids)
    ]


def threshold_reached(thresholds, base, rounding):
    """The highest threshold whose minimum is reached by ``base`` (or None)."""
    best = None
    for threshold in thresholds:
        if float_compare(threshold.min_amount, base, precision_rounding=rounding) <= 0 and (
            best is None or threshold.min_amount > best.min_amount
        ):
            best = threshold
    return best


def free_units(bought_qty, buy_qty, free_qty):
    """Free units earned for ``bought_qty``: ``free_qty`` for every ``buy_qty``."""
    if buy_qty <= 0 or free_qty <= 0:
        return 0
    # the epsilon absorbs float noise (2.9999999 packs bought are 3 packs)
    return int(math.floor(bought_qty / buy_qty + 1e-9) * free_qty + 1e-9)


def unit_prices(lines):
    """Dealer unit price per product on the order (weighted over its lines)."""
    amounts, qties = {}, {}
    for line in lines:
        amounts[line.product_id] = amounts.get(line.product_id, 0.0) + line.subtotal
        qties[line.product_id] = qties.get(line.product_id, 0.0) + line.qty
    return {pid: amounts[pid] / qties[pid] for pid in amounts if qties[pid] > 0}


def evaluate_rule(rule, dealer, lines, prices, rounding):
    """What ``rule`` gives on ``lines`` for ``dealer`` (before promotion caps)."""
    result = RuleResult(rule=rule)
    reason = dealer_mismatch(rule, dealer)
    if reason:
        result.reason = reason
        return result
    targets = [line for line in targeted_lines(rule, lines) if line.qty > 0]
    if not targets:
        result.reason = REASON_NO_LINES
        return result
    result.base = float_round(sum(line.subtotal for line in targets), precision_rounding=rounding)
    result.base_qty = sum(line.qty for line in targets)
    for line in targets:
        result.base_by_tax[line.tax_key] = result.base_by_tax.get(line.tax_key, 0.0) + line.subtotal
    if float_compare(result.base, rule.min_amount, precision_rounding=rounding) < 0:
        result.reason = REASON_MIN_AMOUNT
        return result
    if result.base_qty + 1e-9 < rule.min_qty:
        result.reason = REASON_MIN_QTY
        return result
    value = rule.value
    if rule.thresholds:
        result.threshold = threshold_reached(rule.thresholds, result.base, rounding)
        if result.threshold is None:
            result.reason = REASON_THRESHOLD
            return result
        value = result.threshold.value
    result.value = value
    if rule.benefit_type == PERCENT:
        result.money = float_round(result.base * value / 100.0, precision_rounding=rounding)
    elif rule.benefit_type == FIXED:
        result.money = float_round(min(value, result.base), precision_rounding=rounding)
    elif rule.benefit_type == FREE_PRODUCT:
        if rule.free_product_id:
            units = free_units(result.base_qty, rule.buy_qty, rule.free_qty)
            if units:
                result.free.append(FreeGoods(rule.free_product_id, units, prices.get(rule.free_product_id, 0.0)))
        else:
            bought = {}
            for line in targets:
                bought[line.product_id] = bought.get(line.product_id, 0.0) + line.qty
            for product_id, qty in bought.items():
                units = free_units(qty, rule.buy_qty, rule.free_qty)
                if units:
                    result.free.append(FreeGoods(product_id, units, prices.get(product_id, 0.0)))
        if not result.free:
            result.reason = REASON_BUY_QTY
            return result
    if float_is_zero(result.money, precision_rounding=rounding) and not result.free:
        result.reason = REASON_ZERO
        return result
    result.applies = True
    result.money_applied = result.money
    result.free_applied = [FreeGoods(g.product_id, g.qty, g.unit_price) for g in result.free]
    return result


# ----------------------------------------------------------------------
# Promotions
# ----------------------------------------------------------------------
def cap_limit(promotion):
    """(cap code, remaining allowance) of the most restrictive cap, or ("", None)."""
    caps = []
    if promotion.max_discount_per_order > 0:
        caps.append((CAP_ORDER, promotion.max_discount_per_order))
    if promotion.max_discount_per_dealer > 0:
        caps.append((CAP_DEALER, promotion.max_discount_per_dealer - promotion.dealer_used))
    if promotion.budget > 0:
        caps.append((CAP_BUDGET, promotion.budget - promotion.budget_used))
    if not caps:
        return "", None
    # min() keeps the first of equal limits: order, then dealer, then budget
    code, limit = min(caps, key=lambda cap: cap[1])
    return code, max(limit, 0.0)


def split_amount(amount, weights, rounding):
    """Split ``amount`` along ``weights`` (dict key -> weight), rounded, summing exactly."""
    keys = list(weights)
    total = sum(weights.values())
    if not keys:
        return {}
    if float_is_zero(total, precision_rounding=rounding):
        return {key: (amount if index == len(keys) - 1 else 0.0) for index, key in enumerate(keys)}
    shares, allotted = {}, 0.0
    for key in keys[:-1]:
        shares[key] = float_round(amount * weights[key] / total, precision_rounding=rounding)
        allotted += shares[key]
    shares[keys[-1]] = float_round(amount - allotted, precision_rounding=rounding)
    return shares


def _apply_caps(result, rounding):
    promotion = result.promotion
    applied = result.applied_rules
    money = float_round(sum(r.money for r in applied), precision_rounding=rounding)
    free_value = float_round(sum(r.free_value(rounding, applied=False) for r in applied), precision_rounding=rounding)
    result.benefit_before_caps = float_round(money + free_value, precision_rounding=rounding)
    code, limit = cap_limit(promotion)
    excess = 0.0
    if limit is not None:
        excess = float_round(result.benefit_before_caps - limit, precision_rounding=rounding)
    if excess > 0:
        result.cap, result.cap_limit = code, limit
        # 1. money first
        money_cut = min(excess, money)
        new_money = float_round(money - money_cut, precision_rounding=rounding)
        excess = float_round(excess - money_cut, precision_rounding=rounding)
        shares = split_amount(new_money, {r.rule.id: r.money for r in applied}, rounding)
        for rule_result in applied:
            rule_result.money_applied = shares.get(rule_result.rule.id, 0.0)
        money = new_money
        # 2. then whole free units, cheapest first (cuts as little value as possible)
        if excess > 0:
            goods = sorted(
                (g for r in applied for g in r.free_applied if g.unit_price > 0),
                key=lambda g: g.unit_price,
            )
            for goods_line in goods:
                while excess > 0 and goods_line.qty > 0:
                    goods_line.qty -= 1
                    excess = float_round(excess - goods_line.unit_price, precision_rounding=rounding)
            for rule_result in applied:
                rule_result.free_applied = [g for g in rule_result.free_applied if g.qty > 0]
        free_value = float_round(sum(r.free_value(rounding) for r in applied), precision_rounding=rounding)
    result.money = money
    result.free_value = free_value
    for rule_result in applied:
        rule_result.money_by_tax = split_amount(rule_result.money_applied, rule_result.base_by_tax, rounding)
        if float_is_zero(rule_result.money_applied, precision_rounding=rounding) and not rule_result.free_applied:
            rule_result.money_by_tax = {}


def evaluate_promotion(promotion, dealer, lines, prices, rounding=0.01):
    """PromotionResult of one promotion (rules summed, caps applied)."""
    result = PromotionResult(promotion=promotion)
    for rule in sorted(promotion.rules, key=lambda r: (r.sequence, r.id)):
        result.rules.append(evaluate_rule(rule, dealer, lines, prices, rounding))
    if not result.applied_rules:
        result.reason = REASON_NO_RULE
        return result
    _apply_caps(result, rounding)
    has_units = any(r.free_applied for r in result.applied_rules)
    if float_compare(result.benefit, 0.0, precision_rounding=rounding) <= 0 and not has_units:
        result.reason = REASON_CAPPED_OUT
        return result
    result.applies = True
    return result


def evaluate(dealer, lines, promotions, prices=None, rounding=0.01):
    """Evaluate candidate ``promotions`` on an order and resolve stacking.

    :param dealer: Dealer
    :param lines: iterable of Line (product lines only, before promotions)
    :param promotions: iterable of Promotion (already selected by company,
        state and dates)
    :param prices: dict product id -> dealer unit price, for free products
        that are not on the order (prices of ordered products come from the
        lines themselves)
    :param rounding: currency rounding
    :return: Evaluation
    """
    lines = list(lines)
    all_prices = dict(prices or {})
    all_prices.update(unit_prices(lines))
    results = [
        evaluate_promotion(promotion, dealer, lines, all_prices, rounding)
        for promotion in sorted(promotions, key=lambda p: (p.priority, p.id))
    ]
    exclusives = [result for result in results if result.applies and result.promotion.exclusive]
    if exclusives:
        winner = min(exclusives, key=lambda r: (r.promotion.priority, -r.benefit, r.promotion.id))
        for result in results:
            if result.applies and result is not winner:
                result.applies = False
                result.reason = REASON_EXCLUSIVE
                result.excluded_by = winner.promotion.id
    _cap_to_order_base([result for result in results if result.applies], lines, rounding)
    return Evaluation(results=results, rounding=rounding)


def _cap_to_order_base(applied, lines, rounding):
    """Stacked promotions never take a tax set of the order below zero.

    Each rule's money is already at most its own base, but several promotions
    (or rules with overlapping targets) can add up to more than the lines they
    discount. The promotions are served in stacking (priority) order: the ones
    applied last are cut first, tax set by tax set.
    """
    room = {}
    for line in lines:
        room[line.tax_key] = room.get(line.tax_key, 0.0) + line.subtotal
    for result in applied:
        cut = False
        for rule_result in result.applied_rules:
            for key, money in list(rule_result.money_by_tax.items()):
                allowed = max(float_round(room.get(key, 0.0), precision_rounding=rounding), 0.0)
                if float_compare(money, allowed, precision_rounding=rounding) > 0:
                    rule_result.money_by_tax[key] = allowed
                    cut = True
                room[key] = room.get(key, 0.0) - rule_result.money_by_tax[key]
            if cut:
                rule_result.money_by_tax = {
                    key: money for key, money in rule_result.money_by_tax.items()
                    if not float_is_zero(money, precision_rounding=rounding)
                }
                rule_result.money_applied = float_round(
                    sum(rule_result.money_by_tax.values()), precision_rounding=rounding)
        if not cut:
            continue
        result.money = float_round(sum(r.money_applied for r in result.applied_rules), precision_rounding=rounding)
        result.cap, result.cap_limit = CAP_ORDER_BASE, result.benefit
        if float_compare(result.benefit, 0.0, precision_rounding=rounding) <= 0 and not any(
            r.free_applied for r in result.applied_rules
        ):
            result.applies = False
            result.reason = REASON_CAPPED_OUT
