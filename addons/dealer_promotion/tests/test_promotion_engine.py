"""Unit tests of the pure engine (no database): one test per SPEC semantic rule."""
from odoo.tests import BaseCase, tagged

from ..tools import promotion_engine as engine
from ..tools.promotion_engine import Dealer, Line, Promotion, Rule, Threshold

EAST, SOUTH = 501, 502
TIER_A, TIER_B = 11, 12
PEN, BOOK, INK = 1001, 1002, 1003
CATEG_OFFICE, CATEG_PAPER = 71, 72


def lines(*specs):
    """specs: (product, qty, subtotal[, tax_key])."""
    result = []
    for index, spec in enumerate(specs, 1):
        product, qty, subtotal = spec[:3]
        tax_key = spec[3] if len(spec) > 3 else (1,)
        categs = frozenset({CATEG_OFFICE, CATEG_PAPER}) if product == BOOK else frozenset({CATEG_OFFICE})
        result.append(Line(key=index, product_id=product, qty=qty, subtotal=subtotal,
                           categ_ids=categs, tax_key=tax_key))
    return result


DEALER = Dealer(partner_id=7, tier_id=TIER_A, type_id=21, level_id=31, region_ids=frozenset({EAST}))


@tagged("post_install", "-at_install", "dealer_promotion")
class TestPromotionEngine(BaseCase):

    def evaluate(self, promotions, order_lines, dealer=DEALER, prices=None):
        return engine.evaluate(dealer, order_lines, promotions, prices or {}, 0.01)

    # Semantics 1: base = untaxed subtotal of the targeted lines; conditions must all hold
    def test_01_base_and_conditions(self):
        order = lines((PEN, 10, 1000.0), (BOOK, 5, 500.0), (INK, 2, 200.0))
        on_book = Promotion(id=1, rules=(Rule(id=1, categ_ids=frozenset({CATEG_PAPER}), value=10),))
        on_all = Promotion(id=2, rules=(Rule(id=2, value=10),))
        on_pen = Promotion(id=3, rules=(Rule(id=3, product_ids=frozenset({PEN}), value=10),))
        evaluation = self.evaluate([on_book, on_all, on_pen], order)
        bases = {r.promotion.id: r.rules[0].base for r in evaluation.results}
        self.assertEqual(bases, {1: 500.0, 2: 1700.0, 3: 1000.0})
        self.assertAlmostEqual(evaluation.total, 50.0 + 170.0 + 100.0)
        # every condition must hold: tier, region, partner, first order, min amount, min qty
        failing = {
            engine.REASON_TIER: Rule(id=10, tier_ids=frozenset({TIER_B}), value=5),
            engine.REASON_REGION: Rule(id=11, region_ids=frozenset({SOUTH}), value=5),
            engine.REASON_PARTNER: Rule(id=12, partner_ids=frozenset({8}), value=5),
            engine.REASON_MIN_AMOUNT: Rule(id=13, min_amount=1700.01, value=5),
            engine.REASON_MIN_QTY: Rule(id=14, product_ids=frozenset({PEN}), min_qty=11, value=5),
            engine.REASON_NO_LINES: Rule(id=15, product_ids=frozenset({9999}), value=5),
        }
        for reason, rule in failing.items():
            result = self.evaluate([Promotion(id=20, rules=(rule,))], order).results[0]
            self.assertFalse(result.applies, reason)
            self.assertEqual(result.rules[0].reason, reason)
        regular = Dealer(partner_id=7, has_confirmed_order=True)
        first = Promotion(id=21, rules=(Rule(id=16, first_order_only=True, benefit_type=engine.FIXED, value=50),))
        self.assertFalse(self.evaluate([first], order, dealer=regular).applied)
        self.assertEqual(self.evaluate([first], order).total, 50.0)
        # all conditions met at once
        rule = Rule(id=17, tier_ids=frozenset({TIER_A}), region_ids=frozenset({EAST, SOUTH}),
                    partner_ids=frozenset({7}),
                    min_amount=1700, min_qty=17, value=1)
        self.assertEqual(self.evaluate([Promotion(id=22, rules=(rule,))], order).total, 17.0)

    # Semantics 2: highest threshold reached gives the value; none reached -> no apply
    def test_02_thresholds(self):
        rule = Rule(id=1, thresholds=(Threshold(100000, 10), Threshold(200000, 15)))
        promotion = Promotion(id=1, rules=(rule,))
        below = self.evaluate([promotion], lines((PEN, 1, 99999.99)))
        self.assertFalse(below.applied)
        self.assertEqual(below.results[0].rules[0].reason, engine.REASON_THRESHOLD)
        first = self.evaluate([promotion], lines((PEN, 1, 100000.0))).results[0].rules[0]
        self.assertEqual((first.value, first.money), (10, 10000.0))
        second = self.evaluate([promotion], lines((PEN, 1, 250000.0))).results[0].rules[0]
        self.assertEqual((second.value, second.money), (15, 37500.0))
        self.assertEqual(second.threshold.min_amount, 200000)

    # Semantics 3: percent, fixed, free products valued at the dealer's unit price
    def test_03_benefit_types(self):
        order = lines((PEN, 7, 700.0), (BOOK, 3, 450.0))
        percent = Promotion(id=1, rules=(Rule(id=1, value=12.5),))
        fixed = Promotion(id=2, rules=(Rule(id=2, benefit_type=engine.FIXED, value=80),))
        bogo = Promotion(id=3, rules=(Rule(id=3, benefit_type=engine.FREE_PRODUCT, buy_qty=2, free_qty=1),))
        gift = Promotion(id=4, rules=(Rule(id=4, benefit_type=engine.FREE_PRODUCT, product_ids=frozenset({PEN}),
                                           buy_qty=3, free_qty=2, free_product_id=INK),))
        evaluation = self.evaluate([percent, fixed, bogo, gift], order, prices={INK: 25.0})
        by_id = {r.promotion.id: r for r in evaluation.results}
        self.assertAlmostEqual(by_id[1].money, 143.75)
        self.assertAlmostEqual(by_id[2].money, 80.0)
        goods = {(g.product_id, g.qty, g.unit_price) for g in by_id[3].rules[0].free_applied}
        # 7 pens: 3 free at 100; 3 books: 1 free at 150
        self.assertEqual(goods, {(PEN, 3, 100.0), (BOOK, 1, 150.0)})
        self.assertAlmostEqual(by_id[3].free_value, 450.0)
        # 7 pens -> 2 packs of 3 -> 4 inks at the dealer's price of ink
        self.assertEqual([(g.product_id, g.qty) for g in by_id[4].rules[0].free_applied], [(INK, 4)])
        self.assertAlmostEqual(by_id[4].benefit, 100.0)
        # not enough bought
        few = self.evaluate([bogo], lines((PEN, 1, 100.0))).results[0]
        self.assertEqual(few.rules[0].reason, engine.REASON_BUY_QTY)
        # a fixed amount never exceeds its base
        self.assertAlmostEqual(self.evaluate([fixed], lines((PEN, 1, 50.0))).total, 50.0)

    # Semantics 4: applying rules add up, each on its own base (no compounding)
    def test_04_rules_add_up(self):
        order = lines((PEN, 10, 1000.0), (BOOK, 10, 2000.0))
        promotion = Promotion(id=1, rules=(
            Rule(id=1, value=10),
            Rule(id=2, product_ids=frozenset({BOOK}), value=5),
            Rule(id=3, benefit_type=engine.FIXED, value=100),
            Rule(id=4, tier_ids=frozenset({TIER_B}), value=50),  # does not apply
        ))
        result = self.evaluate([promotion], order).results[0]
        self.assertEqual([r.applies for r in result.rules], [True, True, True, False])
        # 10% of 3000 + 5% of 2000 + 100 -- not 5% of (3000 - 300)
        self.assertAlmostEqual(result.money, 300.0 + 100.0 + 100.0)

    # Semantics 5: caps per order, per dealer (minus earlier usage), budget; money first, then whole units
    def test_05_caps(self):
        order = lines((PEN, 10, 1000.0))
        rules = (Rule(id=1, value=20), Rule(id=2, benefit_type=engine.FREE_PRODUCT, buy_qty=2, free_qty=1))
        # money 200 + 5 free pens at 100 = 700
        free_pens = lambda result: sum(g.qty for r in result.rules for g in r.free_applied)  # noqa: E731
        uncapped = self.evaluate([Promotion(id=1, rules=rules)], order).results[0]
        self.assertAlmostEqual(uncapped.benefit, 700.0)
        # per order 600: the money is cut first (200 -> 100), the free units stay
        capped = self.evaluate([Promotion(id=1, rules=rules, max_discount_per_order=600)], order).results[0]
        self.assertEqual((capped.money, free_pens(capped), capped.cap), (100.0, 5, engine.CAP_ORDER))
        self.assertAlmostEqual(capped.benefit, 600.0)
        # per dealer 1000 minus 550 used = 450: money to zero, then whole units (450 -> 4 units = 400)
        dealer_cap = Promotion(id=1, rules=rules, max_discount_per_dealer=1000, dealer_used=550)
        capped = self.evaluate([dealer_cap], order).results[0]
        self.assertEqual((capped.money, free_pens(capped), capped.cap), (0.0, 4, engine.CAP_DEALER))
        self.assertAlmostEqual(capped.benefit, 400.0)
        # budget left 150 beats the per-order cap of 600
        budget = Promotion(id=1, rules=rules, max_discount_per_order=600, budget=10000, budget_used=9850)
        capped = self.evaluate([budget], order).results[0]
        self.assertEqual((capped.money, free_pens(capped), capped.cap), (0.0, 1, engine.CAP_BUDGET))
        # allowance used up: the promotion does not apply at all
        spent = Promotion(id=1, rules=rules, max_discount_per_dealer=500, dealer_used=500)
        result = self.evaluate([spent], order).results[0]
        self.assertFalse(result.applies)
        self.assertEqual(result.reason, engine.REASON_CAPPED_OUT)

    def test_05b_cap_split_between_rules(self):
        order = lines((PEN, 10, 1000.0, (1,)), (BOOK, 10, 3000.0, (2,)))
        promotion = Promotion(id=1, max_discount_per_order=100, rules=(
            Rule(id=1, value=10), Rule(id=2, product_ids=frozenset({BOOK}), value=10),
        ))
        result = self.evaluate([promotion], order).results[0]
        # 400 + 300 = 700 cut to 100, shared in proportion, split by tax group, exact to the cent
        self.assertAlmostEqual(result.money, 100.0)
        self.assertAlmostEqual(sum(r.money_applied for r in result.rules), 100.0)
        self.assertAlmostEqual(result.rules[0].money_applied, 57.14)
        by_tax = result.rules[0].money_by_tax
        self.assertEqual(set(by_tax), {(1,), (2,)})
        self.assertAlmostEqual(sum(by_tax.values()), 57.14)
        self.assertAlmostEqual(by_tax[(1,)], 14.29)

    # Semantics 6: stacking in priority order; exclusivity
    def test_06_stacking_and_exclusivity(self):
        order = lines((PEN, 10, 1000.0))
        low = Promotion(id=1, priority=5, rules=(Rule(id=1, value=1),))
        high = Promotion(id=2, priority=1, rules=(Rule(id=2, value=2),))
        evaluation = self.evaluate([low, high], order)
        self.assertEqual([r.promotion.id for r in evaluation.applied], [2, 1])
        self.assertAlmostEqual(evaluation.total, 30.0)
        # an exclusive one applies alone
        exclusive = Promotion(id=3, priority=9, exclusive=True, rules=(Rule(id=3, value=3),))
        evaluation = self.evaluate([low, high, exclusive], order)
        self.assertEqual([r.promotion.id for r in evaluation.applied], [3])
        left_out = [r for r in evaluation.results if r.reason == engine.REASON_EXCLUSIVE]
        self.assertEqual({r.promotion.id for r in left_out}, {1, 2})
        self.assertTrue(all(r.excluded_by == 3 for r in left_out))
        # among exclusives: lowest priority wins, then the largest benefit
        other = Promotion(id=4, priority=9, exclusive=True, rules=(Rule(id=4, value=4),))
        first = Promotion(id=5, priority=8, exclusive=True, rules=(Rule(id=5, value=0.5),))
        self.assertEqual([r.promotion.id for r in self.evaluate([exclusive, other], order).applied], [4])
        self.assertEqual([r.promotion.id for r in self.evaluate([exclusive, other, first], order).applied], [5])
        # an exclusive promotion that does not apply leaves the others alone
        idle = Promotion(id=6, priority=0, exclusive=True, rules=(Rule(id=6, tier_ids=frozenset({TIER_B}), value=50),))
        self.assertEqual([r.promotion.id for r in self.evaluate([low, idle], order).applied], [1])

    def test_06b_stacked_promotions_never_exceed_the_order(self):
        """Each fixed amount is within its own base, but stacked they cannot take a
        tax set below zero: the promotion applied last is cut, then left out."""
        order = lines((PEN, 10, 1000.0, (1,)), (BOOK, 5, 300.0, (2,)))
        percent = Promotion(id=1, priority=1, rules=(Rule(id=1, value=10),))
        first_order = Promotion(id=2, priority=2, rules=(Rule(id=2, benefit_type=engine.FIXED, value=1250),))
        evaluation = self.evaluate([percent, first_order], order)
        self.assertAlmostEqual(evaluation.total, 1300.0, msg="never more than the order's 1,300")
        cut = evaluation.results[1]
        self.assertEqual((cut.cap, cut.cap_limit, cut.benefit_before_caps), (engine.CAP_ORDER_BASE, 1170.0, 1250.0))
        self.assertEqual(cut.rules[0].money_by_tax, {(1,): 900.0, (2,): 270.0})
        self.assertEqual(evaluation.results[0].money, 130.0, "the first promotion is served in full")
        # nothing left for a third one: it no longer applies
        third = Promotion(id=3, priority=3, rules=(Rule(id=3, benefit_type=engine.FIXED, value=10),))
        evaluation = self.evaluate([percent, first_order, third], order)
        self.assertEqual([r.promotion.id for r in evaluation.applied], [1, 2])
        self.assertEqual(evaluation.results[2].reason, engine.REASON_CAPPED_OUT)
        # one tax set is full, the other still has room
        on_pen = Promotion(id=4, priority=1, rules=(Rule(id=4, product_ids=frozenset({PEN}), benefit_type=engine.FIXED,
                                                         value=1000),))
        on_book = Promotion(id=5, priority=2, rules=(Rule(id=5, benefit_type=engine.FIXED, value=100),))
        evaluation = self.evaluate([on_pen, on_book], order)
        self.assertEqual(evaluation.results[1].rules[0].money_by_tax, {(2,): 23.08})
        self.assertAlmostEqual(evaluation.total, 1023.08)

    def test_seed_example(self):
        """The seed: 10% from 100,000, 15% from 200,000, first order -5,000,
        East +3%, buy-one-get-one on a listed product, at most 30,000 per dealer."""
        seed = Promotion(id=1, max_discount_per_dealer=30000, rules=(
            Rule(id=1, thresholds=(Threshold(100000, 10), Threshold(200000, 15))),
            Rule(id=2, first_order_only=True, benefit_type=engine.FIXED, value=5000),
            Rule(id=3, region_ids=frozenset({EAST}), value=3),
            Rule(id=4, product_ids=frozenset({INK}), benefit_type=engine.FREE_PRODUCT, buy_qty=1, free_qty=1),
        ))
        order = lines((PEN, 1000, 120000.0), (INK, 10, 500.0))
        result = self.evaluate([seed], order).results[0]
        # 10% of 120,500 + 5,000 + 3% of 120,500 + 10 inks at 50 = 12,050 + 5,000 + 3,615 + 500
        self.assertEqual([r.applies for r in result.rules], [True, True, True, True])
        self.assertAlmostEqual(result.benefit, 21165.0)
        # a dealer in the south, 250,000 of pens, not its first order: 15% = 37,500 -> cut to 30,000
        south = Dealer(partner_id=9, region_ids=frozenset({SOUTH}), has_confirmed_order=True)
        result = self.evaluate([seed], lines((PEN, 2000, 250000.0)), dealer=south).results[0]
        self.assertEqual((result.money, result.cap), (30000.0, engine.CAP_DEALER))

    def test_split_amount_is_exact(self):
        shares = engine.split_amount(100.0, {"a": 1, "b": 1, "c": 1}, 0.01)
        self.assertAlmostEqual(sum(shares.values()), 100.0)
        self.assertEqual(shares["a"], 33.33)
        self.assertAlmostEqual(shares["c"], 33.34)
