from datetime import timedelta

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from .common import DealerPromotionCommon


@tagged("post_install", "-at_install", "dealer_promotion")
class TestPromotionOrder(DealerPromotionCommon):

    def test_apply_discount_lines_per_tax_group(self):
        promotion = self._create_promotion([{"benefit_type": "percent", "value": 10}])
        order = self._create_order(self.dealer_east, [(self.pen, 100, 10.0), (self.notebook, 50, 20.0)])
        untaxed_before, tax_before = order.amount_untaxed, order.amount_tax
        order.action_apply_promotions()
        discount_lines = self.promotion_lines(order, "discount")
        self.assertEqual(len(discount_lines), 2, "one discount line per tax set")
        by_tax = {line.tax_id: line for line in discount_lines}
        self.assertAlmostEqual(by_tax[self.tax_13].price_subtotal, -100.0)
        self.assertAlmostEqual(by_tax[self.tax_9].price_subtotal, -100.0)
        self.assertEqual(discount_lines.dealer_promotion_id, promotion)
        self.assertEqual(discount_lines.product_id, self.env.ref("dealer_promotion.product_product_dealer_promotion"))
        self.assertAlmostEqual(order.amount_untaxed, untaxed_before - 200.0)
        # taxes of the discount follow the discounted lines: 13% of 100 and 9% of 100 less
        self.assertAlmostEqual(order.amount_tax, tax_before - 13.0 - 9.0)
        self.assertAlmostEqual(order.promotion_discount_amount, 200.0)
        self.assertFalse(order.dealer_promotion_outdated)
        # the explanation says what matched, the base and the value
        result = order.dealer_promotion_result_ids
        self.assertEqual(len(result), 1)
        self.assertEqual((result.base_amount, result.discount_amount), (2000.0, 200.0))
        self.assertIn("10%", result.computation)
        self.assertIn("all products", result.matched)

    def test_price_included_taxes(self):
        tax_incl = self.env["account.tax"].create({
            "name": "Promo VAT 13% incl.", "amount": 13.0, "type_tax_use": "sale",
            "price_include_override": "tax_included", "company_id": self.company.id,
        })
        self.pen.taxes_id = tax_incl
        self._create_promotion([{"value": 10}])
        order = self._create_order(self.dealer_east, [(self.pen, 100, 11.3)])
        self.assertAlmostEqual(order.amount_untaxed, 1000.0)
        order.action_apply_promotions()
        line = self.promotion_lines(order, "discount")
        self.assertEqual(line.tax_id, tax_incl)
        self.assertAlmostEqual(line.price_subtotal, -100.0, places=2)
        self.assertAlmostEqual(order.amount_total, 1130.0 - 113.0, places=2)

    def test_free_goods_lines(self):
        promotion = self._create_promotion([
            {"benefit_type": "free_product", "product_ids": [Command.set(self.pen.ids)], "buy_qty": 10, "free_qty": 1},
            {"benefit_type": "free_product", "product_ids": [Command.set(self.notebook.ids)], "buy_qty": 5,
             "free_qty": 2, "free_product_id": self.ink.id},
        ])
        order = self._create_order(self.dealer_east, [(self.pen, 25, 8.0), (self.notebook, 10, 20.0)])
        total_before = order.amount_total
        order.action_apply_promotions()
        free = self.promotion_lines(order, "free")
        by_product = {line.product_id: line for line in free}
        self.assertEqual(by_product[self.pen].product_uom_qty, 2)
        self.assertEqual(by_product[self.pen].price_unit, 8.0, "valued at the dealer's price on the order")
        self.assertEqual(by_product[self.pen].discount, 100.0)
        self.assertEqual(by_product[self.ink].product_uom_qty, 4)
        self.assertEqual(by_product[self.ink].price_unit, 5.0, "not on the order: valued by the pricelist")
        self.assertEqual(free.dealer_promotion_id, promotion)
        self.assertAlmostEqual(order.amount_total, total_before, msg="free goods cost nothing")
        self.assertAlmostEqual(order.promotion_discount_amount, 2 * 8.0 + 4 * 5.0)
        self.assertFalse(self.promotion_lines(order, "discount"))

    def test_idempotent(self):
        self._create_promotion([{"value": 10}, {"benefit_type": "free_product", "buy_qty": 10, "free_qty": 1}])
        order = self._create_order(self.dealer_east, [(self.pen, 100, 10.0), (self.notebook, 50, 20.0)])
        order.action_apply_promotions()
        lines = self.promotion_lines(order)
        snapshot = sorted(
            (line.product_id.id, line.product_uom_qty, line.price_unit, line.tax_id.ids) for line in lines
        )
        total = order.amount_total
        order.action_apply_promotions()
        order.action_apply_promotions()
        self.assertEqual(self.promotion_lines(order), lines, "unchanged lines are kept")
        self.assertEqual(
            sorted((line.product_id.id, line.product_uom_qty, line.price_unit, line.tax_id.ids)
                   for line in self.promotion_lines(order)),
            snapshot,
        )
        self.assertAlmostEqual(order.amount_total, total)
        self.assertEqual(len(order.dealer_promotion_result_ids), 2)

    def test_outdated_and_recomputed(self):
        self._create_promotion([{"value": 10}])
        order = self._create_order(self.dealer_east, [(self.pen, 100, 10.0)])
        self.assertTrue(order.dealer_promotion_outdated)
        order.action_apply_promotions()
        self.assertFalse(order.dealer_promotion_outdated)
        order.order_line.filtered(lambda line: not line.dealer_promotion_id).product_uom_qty = 200
        self.assertTrue(order.dealer_promotion_outdated)
        self.assertAlmostEqual(order.promotion_discount_amount, 100.0, msg="not recomputed in an onchange")
        order.action_apply_promotions()
        self.assertAlmostEqual(order.promotion_discount_amount, 200.0)
        # a new line, then confirmation: recomputed before being frozen
        order.write({"order_line": [Command.create({"product_id": self.notebook.id, "product_uom_qty": 10,
                                                    "price_unit": 20.0})]})
        self.assertTrue(order.dealer_promotion_outdated)
        order.action_confirm()
        self.assertAlmostEqual(order.promotion_discount_amount, 220.0)
        self.assertEqual(order.dealer_promotion_usage_ids.amount, 220.0)
        with self.assertRaises(UserError):
            order.action_apply_promotions()

    def test_discount_lines_analytic_distribution(self):
        """Discount lines get the distribution sale would give each new line (the
        distribution models of the promotion product and the dealer), computed once."""
        plan = self.env["account.analytic.plan"].create({"name": "Promo Channel Plan"})
        account = self.env["account.analytic.account"].create({
            "name": "Promo Channel East", "plan_id": plan.id, "company_id": False,
        })
        promo_product = self.env.ref("dealer_promotion.product_product_dealer_promotion")
        self.env["account.analytic.distribution.model"].create({
            "product_id": promo_product.id, "partner_id": self.dealer_east.id,
            "analytic_distribution": {str(account.id): 100},
        })
        self._create_promotion([{"benefit_type": "percent", "value": 10}])
        order = self._create_order(self.dealer_east, [(self.pen, 100, 10.0), (self.notebook, 50, 20.0)])
        order.action_apply_promotions()
        discount_lines = self.promotion_lines(order, "discount")
        self.assertEqual(len(discount_lines), 2)
        self.assertEqual(discount_lines.mapped("analytic_distribution"), [{str(account.id): 100}] * 2)
        # product lines keep their own (no model matches them)
        product_lines = order.order_line.filtered(lambda line: not line.dealer_promotion_id)
        self.assertEqual(product_lines.mapped("analytic_distribution"), [False, False])
        # another dealer: no distribution model matches its discount lines
        other = self._create_order(self.dealer_south, [(self.pen, 100, 10.0)])
        other.action_apply_promotions()
        south_lines = self.promotion_lines(other, "discount")
        self.assertTrue(south_lines)
        self.assertEqual(south_lines.mapped("analytic_distribution"), [False] * len(south_lines))

    def test_no_promotion_no_line(self):
        self._create_promotion([{"value": 10, "min_amount": 5000}])
        order = self._create_order(self.dealer_east, [(self.pen, 100, 10.0)])
        order.action_apply_promotions()
        self.assertFalse(self.promotion_lines(order))
        self.assertEqual(order.promotion_discount_amount, 0.0)
        # the order grows: the promotion now applies; shrinks again: its lines go away
        order.order_line.product_uom_qty = 600
        order.action_apply_promotions()
        self.assertEqual(len(self.promotion_lines(order)), 1)
        order.order_line.filtered(lambda line: not line.dealer_promotion_id).product_uom_qty = 10
        order.action_apply_promotions()
        self.assertFalse(self.promotion_lines(order))
        self.assertFalse(order.dealer_promotion_result_ids)

    def test_non_dealer_orders_untouched(self):
        self._create_promotion([{"value": 10}])
        customer = self.env["res.partner"].create({"name": "Promo Retail Customer"})
        order = self._create_order(customer, [(self.pen, 100, 10.0)])
        order.action_apply_promotions()
        order.action_confirm()
        self.assertFalse(self.promotion_lines(order))
        self.assertFalse(order.dealer_promotion_usage_ids)

    def test_dealer_dimensions(self):
        self._create_promotion([{"value": 3, "region_ids": [Command.set(self.region_east.ids)]}], name="East")
        self._create_promotion([{"value": 5, "tier_ids": [Command.set(self.tier_b.ids)]}], name="Tier B")
        self._create_promotion([{"value": 7, "partner_ids": [Command.set(self.dealer_east.ids)]}], name="Named")
        self._create_promotion([{"value": 2, "level_ids": [Command.set(self.level_store.ids)]}], name="Stores")
        east = self._create_order(self.dealer_east, [(self.pen, 100, 10.0)])
        south = self._create_order(self.dealer_south, [(self.pen, 100, 10.0)])
        (east | south).action_apply_promotions()
        # east is in a sub-region of "Promo East": 3% + named 7%
        self.assertEqual(set(east.dealer_promotion_result_ids.promotion_id.mapped("name")), {"East", "Named"})
        self.assertAlmostEqual(east.promotion_discount_amount, 100.0)
        self.assertEqual(south.dealer_promotion_result_ids.promotion_id.mapped("name"), ["Tier B"])

    def test_first_order_only(self):
        self._create_promotion([{"benefit_type": "fixed", "value": 50, "first_order_only": True}])
        first = self._create_order(self.dealer_east, [(self.pen, 100, 10.0)])
        second = self._create_order(self.dealer_east, [(self.pen, 100, 10.0)])
        first.action_confirm()
        self.assertAlmostEqual(first.promotion_discount_amount, 50.0)
        second.action_apply_promotions()
        self.assertEqual(second.promotion_discount_amount, 0.0)
        # the first order is cancelled: the dealer has no confirmed order any more
        first._action_cancel()
        second.action_apply_promotions()
        self.assertAlmostEqual(second.promotion_discount_amount, 50.0)

    def test_caps_across_orders_and_cancellation(self):
        promotion = self._create_promotion([{"value": 10}], max_discount_per_dealer=150, max_discount_per_order=120)
        first = self._create_order(self.dealer_east, [(self.pen, 200, 10.0)])  # 200 -> 120 per order
        first.action_confirm()
        self.assertAlmostEqual(first.promotion_discount_amount, 120.0)
        self.assertIn("per-order", first.dealer_promotion_result_ids.cap_note)
        second = self._create_order(self.dealer_east, [(self.pen, 100, 10.0)])  # 100 -> 30 left
        second.action_confirm()
        self.assertAlmostEqual(second.promotion_discount_amount, 30.0)
        third = self._create_order(self.dealer_east, [(self.pen, 100, 10.0)])
        third.action_apply_promotions()
        self.assertEqual(third.promotion_discount_amount, 0.0, "allowance used up")
        # another dealer is not affected by the first one's allowance
        other = self._create_order(self.dealer_south, [(self.pen, 100, 10.0)])
        other.action_apply_promotions()
        self.assertAlmostEqual(other.promotion_discount_amount, 100.0)
        self.assertEqual(promotion.usage_count, 2)
        self.assertAlmostEqual(promotion.usage_amount, 150.0)
        self.assertAlmostEqual(promotion.budget_used, 150.0)
        # cancelling gives the allowance back
        second._action_cancel()
        self.assertFalse(second.dealer_promotion_usage_ids)
        self.assertAlmostEqual(promotion.budget_used, 120.0)
        third.action_apply_promotions()
        self.assertAlmostEqual(third.promotion_discount_amount, 30.0)

    def test_shared_budget_between_dealers(self):
        promotion = self._create_promotion([{"value": 10}], budget=250)
        east = self._create_order(self.dealer_east, [(self.pen, 200, 10.0)])
        south = self._create_order(self.dealer_south, [(self.pen, 200, 10.0)])
        (east | south).action_apply_promotions()
        self.assertEqual((east.promotion_discount_amount, south.promotion_discount_amount), (200.0, 200.0))
        east.action_confirm()
        self.assertAlmostEqual(promotion.budget_remaining, 50.0)
        # south was computed before east took the budget: confirmation refuses, with the reason
        with self.assertRaisesRegex(UserError, "budget left"):
            south.action_confirm()
        south.action_apply_promotions()
        self.assertAlmostEqual(south.promotion_discount_amount, 50.0)
        self.assertIn("budget", south.dealer_promotion_result_ids.cap_note)
        south.action_confirm()
        self.assertAlmostEqual(promotion.budget_remaining, 0.0)
        self.assertEqual(promotion.usage_dealer_count, 2)

    def test_exclusive(self):
        self._create_promotion([{"value": 5}], name="Stackable A", priority=1)
        self._create_promotion([{"value": 2}], name="Stackable B", priority=2)
        order = self._create_order(self.dealer_east, [(self.pen, 100, 10.0)])
        order.action_apply_promotions()
        self.assertAlmostEqual(order.promotion_discount_amount, 70.0)
        self.assertEqual(self.promotion_lines(order).dealer_promotion_id.mapped("name"), ["Stackable A", "Stackable B"])
        exclusive = self._create_promotion([{"value": 4}], name="Exclusive", priority=5, exclusive=True)
        order.action_apply_promotions()
        self.assertEqual(self.promotion_lines(order).dealer_promotion_id, exclusive)
        self.assertAlmostEqual(order.promotion_discount_amount, 40.0)

    def test_dates_states_company(self):
        promotion = self._create_promotion([{"value": 10}])
        order = self._create_order(self.dealer_east, [(self.pen, 100, 10.0)])
        order.action_apply_promotions()
        self.assertAlmostEqual(order.promotion_discount_amount, 100.0)
        promotion.action_pause()
        order.action_apply_promotions()
        self.assertEqual(order.promotion_discount_amount, 0.0, "paused")
        promotion.action_activate()
        promotion.write({"date_from": self.today + timedelta(days=1), "date_to": self.today + timedelta(days=5)})
        order.action_apply_promotions()
        self.assertEqual(order.promotion_discount_amount, 0.0, "not started on the order date")
        order.date_order = order.date_order + timedelta(days=2)
        order.action_apply_promotions()
        self.assertAlmostEqual(order.promotion_discount_amount, 100.0, msg="the order date counts")
        promotion.action_end()
        order.action_apply_promotions()
        self.assertEqual(order.promotion_discount_amount, 0.0, "ended")
        # drafts and templates never apply
        self._create_promotion([{"value": 10}], activate=False)
        self._create_promotion([{"value": 10}], activate=False, is_template=True)
        order.action_apply_promotions()
        self.assertEqual(order.promotion_discount_amount, 0.0)

    def test_multi_company_isolation(self):
        other_company = self.env["res.company"].create({"name": "Promo Other Co", "currency_id": self.currency.id})
        self.env.user.company_ids |= other_company
        self._create_promotion([{"value": 10}], company_id=other_company.id)
        order = self._create_order(self.dealer_east, [(self.pen, 100, 10.0)])
        order.action_apply_promotions()
        self.assertEqual(order.promotion_discount_amount, 0.0, "another company's promotion never applies")

    def test_confirmation_refused_when_promotion_stopped(self):
        promotion = self._create_promotion([{"value": 10}])
        order = self._create_order(self.dealer_east, [(self.pen, 100, 10.0)])
        order.action_apply_promotions()
        promotion.action_end()
        with self.assertRaisesRegex(UserError, "no longer applies"):
            order.action_confirm()
        self.assertEqual(order.state, "draft")
        self.assertFalse(order.dealer_promotion_usage_ids, "nothing half-written")

    def test_preview_does_not_change_the_order(self):
        promotion = self._create_promotion([{"value": 10, "tier_ids": [Command.set(self.tier_b.ids)]}])
        order = self._create_order(self.dealer_east, [(self.pen, 100, 10.0)])
        action = order.action_preview_promotions()
        wizard = self.env["dealer.promotion.preview"].browse(action["res_id"])
        self.assertFalse(wizard.line_ids, "the tier B promotion is not a candidate for this dealer")
        wizard.promotion_id = promotion
        wizard.action_refresh()
        self.assertEqual(len(wizard.line_ids), 1)
        self.assertFalse(wizard.line_ids.applies)
        self.assertEqual(wizard.line_ids.status, "Dealer tier not targeted")
        self.assertFalse(self.promotion_lines(order))
        self.assertTrue(order.dealer_promotion_outdated)

    def test_copy_order_drops_promotion_lines(self):
        self._create_promotion([{"value": 10}])
        order = self._create_order(self.dealer_east, [(self.pen, 100, 10.0)])
        order.action_apply_promotions()
        copy = order.copy()
        self.assertFalse(self.promotion_lines(copy))
        self.assertTrue(copy.dealer_promotion_outdated)
        self.assertEqual(len(copy.order_line), 1)

    def test_seed_promotion_on_orders(self):
        """The seed's promotion through the ORM, with the 30,000 allowance over two orders."""
        seed = self._create_promotion([
            {"thresholds": [(100000, 10), (200000, 15)]},
            {"benefit_type": "fixed", "value": 5000, "first_order_only": True},
            {"value": 3, "region_ids": [Command.set(self.region_east.ids)]},
            {"benefit_type": "free_product", "product_ids": [Command.set(self.ink.ids)], "buy_qty": 1, "free_qty": 1},
        ], max_discount_per_dealer=30000)
        first = self._create_order(self.dealer_east, [(self.pen, 12000, 10.0), (self.ink, 10, 5.0)])
        first.action_confirm()
        # 10% of 120,050 + 5,000 + 3% of 120,050 + 10 free inks (50)
        self.assertAlmostEqual(first.promotion_discount_amount, 12005.0 + 5000.0 + 3601.5 + 50.0)
        self.assertEqual(len(first.dealer_promotion_result_ids), 4)
        second = self._create_order(self.dealer_east, [(self.pen, 25000, 10.0)])
        second.action_confirm()
        # 15% + 3% of 250,000 = 45,000, cut to what is left of 30,000
        self.assertAlmostEqual(second.promotion_discount_amount, 30000.0 - first.promotion_discount_amount)
        self.assertAlmostEqual(sum(seed.usage_ids.mapped("amount")), 30000.0)

    def test_promotion_line_edited_by_hand_is_restored(self):
        self._create_promotion([{"value": 10}])
        order = self._create_order(self.dealer_east, [(self.pen, 100, 10.0)])
        order.action_apply_promotions()
        self.promotion_lines(order).unlink()
        self.assertTrue(order.dealer_promotion_outdated)
        order.action_confirm()
        self.assertAlmostEqual(self.promotion_lines(order).price_subtotal, -100.0)
        self.assertAlmostEqual(order.dealer_promotion_usage_ids.amount, 100.0)

    def test_operator_form(self):
        """An operator fills a promotion in the form, as in the backend."""
        with Form(self.env["dealer.promotion"]) as form:
            form.name = "Form promotion"
            form.max_discount_per_dealer = 500
            with form.rule_ids.new() as rule:
                rule.benefit_type = "percent"
                with rule.threshold_ids.new() as threshold:
                    threshold.min_amount = 500
                    threshold.value = 5
                with rule.threshold_ids.new() as threshold:
                    threshold.min_amount = 1000
                    threshold.value = 8
                rule.region_ids.add(self.region_east)
            with form.rule_ids.new() as rule:
                rule.benefit_type = "free_product"
                rule.buy_qty = 10
                rule.free_qty = 1
                rule.product_ids.add(self.pen)
        promotion = form.record
        self.assertIn("8% from", promotion.rule_ids[0].summary)
        promotion.action_activate()
        order = self._create_order(self.dealer_east, [(self.pen, 120, 10.0)])
        order.action_apply_promotions()
        # 8% of 1,200 + 12 free pens at 10
        self.assertAlmostEqual(order.promotion_discount_amount, 96.0 + 120.0)
        with Form(order.dealer_promotion_result_ids[0]) as result_form:
            self.assertEqual(result_form.base_amount, 1200.0)

    def test_customer_no_longer_a_dealer_loses_promotions(self):
        self._create_promotion([{"value": 10}])
        order = self._create_order(self.dealer_east, [(self.pen, 100, 10.0)])
        order.action_apply_promotions()
        self.assertTrue(self.promotion_lines(order))
        retail = self.env["res.partner"].create({"name": "Promo Walk-in Customer"})
        order.partner_id = retail
        self.assertTrue(order.dealer_promotion_outdated)
        order.action_confirm()
        self.assertFalse(self.promotion_lines(order))
        self.assertFalse(order.dealer_promotion_result_ids)
        self.assertFalse(order.dealer_promotion_usage_ids)

    def test_cap_cuts_money_then_whole_free_units(self):
        self._create_promotion([
            {"value": 10},
            {"benefit_type": "free_product", "product_ids": [Command.set(self.pen.ids)], "buy_qty": 10, "free_qty": 1},
        ], max_discount_per_order=125)
        order = self._create_order(self.dealer_east, [(self.pen, 100, 10.0)])
        order.action_apply_promotions()
        # 100 money + 10 free pens (100) = 200, cut to 125: money 25, the 10 pens stay
        self.assertAlmostEqual(self.promotion_lines(order, "discount").price_subtotal, -25.0)
        self.assertEqual(self.promotion_lines(order, "free").product_uom_qty, 10)
        order.action_confirm()
        # the cap is lowered (caps may change on a running promotion); the same order again
        self.env["dealer.promotion"].search([("name", "=", "Test Promotion")]).max_discount_per_order = 75
        other = self._create_order(self.dealer_east, [(self.pen, 100, 10.0)])
        other.action_apply_promotions()
        # 200 cut to 75: the money goes first (to 0), then whole pens: 7 pens (70) fit, not 8
        self.assertFalse(self.promotion_lines(other, "discount"))
        self.assertEqual(self.promotion_lines(other, "free").product_uom_qty, 7)
        self.assertAlmostEqual(other.promotion_discount_amount, 70.0)
