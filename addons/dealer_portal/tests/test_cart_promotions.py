from odoo import Command
from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import DealerPortalCommon, DealerPortalHttpCommon
from .test_price_display import PriceDisplayMixin


class CartPromotionMixin:
    """A stepped promotion for ``dealer``: 5% from ¥1,000 and 10% from ¥2,000 (untaxed base of
    all products); ``item_a`` costs ¥100 without tax."""

    @classmethod
    def _setup_stepped(cls, dealer=None):
        cls.stepped = cls.env["dealer.promotion"].create({
            "name": "阶梯满减测试", "company_id": cls.company.id,
            "date_from": "2020-01-01", "date_to": "2099-12-31",
            "rule_ids": [Command.create({
                "benefit_type": "percent", "partner_ids": [Command.set((dealer or cls.dealer).ids)],
                "threshold_ids": [Command.create({"min_amount": 1000.0, "value": 5.0}),
                                  Command.create({"min_amount": 2000.0, "value": 10.0})],
            })],
        })
        cls.stepped.action_activate()

    def _cart(self, user=None):
        return self.env["sale.order"].with_user(user or self.portal_user)._dealer_portal_cart(create=True)


@tagged("post_install", "-at_install")
class TestCartPromotionExplanations(CartPromotionMixin, DealerPortalCommon):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_stepped()

    def test_hint_below_the_first_threshold(self):
        cart = self._cart()
        cart._dealer_portal_add_products({self.item_a: 9})
        hints = cart._dealer_portal_threshold_hints()
        # ¥900 of ¥1,000: ¥100 missing, 10% of the threshold (within the default 30%)
        self.assertEqual(len(hints), 1)
        self.assertEqual(hints[0]["promotion"], self.stepped)
        self.assertAlmostEqual(hints[0]["missing"], 100.0)
        self.assertEqual(hints[0]["benefit"], "5% off")
        self.assertEqual(hints[0]["target"], "", "the rule targets every product")
        self.assertFalse(cart.dealer_promotion_result_ids, "the hint writes nothing on the cart")

    def test_no_hint_when_far_from_the_next_threshold(self):
        cart = self._cart()
        cart._dealer_portal_add_products({self.item_a: 10})
        # ¥1,000 reached the first step; the second is ¥1,000 away = 50% of ¥2,000
        self.assertEqual(cart._dealer_portal_threshold_hints(), [])
        self.company.dealer_portal_threshold_hint = 50.0
        hints = cart._dealer_portal_threshold_hints()
        self.assertEqual(len(hints), 1)
        self.assertAlmostEqual(hints[0]["missing"], 1000.0)
        self.assertEqual(hints[0]["benefit"], "10% off")
        self.company.dealer_portal_threshold_hint = 0.0
        self.assertEqual(cart._dealer_portal_threshold_hints(), [], "0 switches the hints off")

    def test_no_hint_above_the_last_threshold(self):
        self.company.dealer_portal_threshold_hint = 100.0
        cart = self._cart()
        cart._dealer_portal_add_products({self.item_a: 25})
        self.assertEqual(cart._dealer_portal_threshold_hints(), [])

    def test_hint_of_a_minimum_amount_with_targeted_products(self):
        other = self.env["dealer.promotion"].create({
            "name": "B满额减", "company_id": self.company.id, "date_from": "2020-01-01", "date_to": "2099-12-31",
            "rule_ids": [Command.create({
                "benefit_type": "fixed", "value": 30.0, "min_amount": 400.0,
                "product_ids": [Command.set(self.item_b.ids)], "partner_ids": [Command.set(self.dealer.ids)],
            })],
        })
        other.action_activate()
        cart = self._cart()
        # 6 × ¥50 = ¥300 of item_b (MOQ 6): ¥100 short of ¥400 = 25%
        cart._dealer_portal_add_products({self.item_b: 6})
        hints = cart._dealer_portal_threshold_hints()
        self.assertEqual([hint["promotion"] for hint in hints], [other],
                         "the stepped promotion's ¥700 to ¥1,000 is too far")
        self.assertAlmostEqual(hints[0]["missing"], 100.0)
        self.assertEqual(hints[0]["target"], self.item_b.display_name)
        self.assertIn("30.00", hints[0]["benefit"])

    def test_details_per_promotion_and_rule(self):
        cart = self._cart()
        cart._dealer_portal_add_products({self.item_a: 12})
        line = cart.order_line
        cart.action_apply_promotions()
        amounts = cart._dealer_portal_amounts()
        details = cart._dealer_portal_promotion_details(amounts)
        self.assertEqual(len(details), 1)
        detail = details[0]
        self.assertEqual(detail["promotion"], self.stepped)
        # 12 × ¥100 = ¥1,200 reaches the ¥1,000 step: 5% = ¥60 off, what the total lost
        self.assertAlmostEqual(detail["discount"], -60.0)
        self.assertAlmostEqual(amounts["discount"], -60.0)
        self.assertEqual(detail["free"], [])
        self.assertEqual(len(detail["rules"]), 1)
        result = detail["rules"][0]
        self.assertAlmostEqual(result.base_amount, 1200.0)
        self.assertIn("60.00", result.computation)
        self.assertEqual(cart._dealer_portal_line_promotions(), {line.id: self.stepped})

    def test_free_goods_are_shown_with_their_promotion(self):
        gift = self.env["dealer.promotion"].create({
            "name": "买十送一测试", "company_id": self.company.id, "date_from": "2020-01-01",
            "date_to": "2099-12-31",
            "rule_ids": [Command.create({
                "benefit_type": "free_product", "buy_qty": 10, "free_qty": 1,
                "product_ids": [Command.set(self.item_a.ids)], "partner_ids": [Command.set(self.dealer.ids)],
            })],
        })
        gift.action_activate()
        cart = self._cart()
        cart._dealer_portal_add_products({self.item_a: 20, self.item_b: 6})
        cart.action_apply_promotions()
        details = {detail["promotion"]: detail for detail in
                   cart._dealer_portal_promotion_details(cart._dealer_portal_amounts())}
        self.assertEqual(set(details), {gift, self.stepped})
        free = details[gift]["free"]
        self.assertEqual(len(free), 1)
        self.assertEqual(free[0][0].product_uom_qty, 2, "1 free for every 10 of 20")
        self.assertAlmostEqual(free[0][1], 200.0, msg="2 × ¥100")
        self.assertEqual(details[gift]["discount"], 0.0)
        # ¥2,300 of goods: 10% = ¥230
        self.assertAlmostEqual(details[self.stepped]["discount"], -230.0)
        by_line = cart._dealer_portal_line_promotions()
        line_a = cart._dealer_portal_product_lines().filtered(lambda line: line.product_id == self.item_a)
        line_b = cart._dealer_portal_product_lines() - line_a
        self.assertEqual(by_line[line_a.id], gift | self.stepped)
        self.assertEqual(by_line[line_b.id], self.stepped, "the gift rule targets item_a only")

    def test_hint_distance_is_a_share(self):
        with self.assertRaises(ValidationError):
            self.company.dealer_portal_threshold_hint = 120.0
        with self.assertRaises(ValidationError):
            self.company.dealer_portal_threshold_hint = -1.0

    def test_hints_query_count(self):
        """The hints cost the engine's evaluation, not a query per line or per rule."""
        cart = self._cart()
        cart._dealer_portal_add_products({self.item_a: 6, self.item_b: 6})  # ¥900 of ¥1,000
        cart._dealer_portal_threshold_hints()
        cart.invalidate_recordset()
        self.env["sale.order.line"].invalidate_model()
        with self.assertQueryCount(7):
            hints = cart._dealer_portal_threshold_hints()
        self.assertEqual(len(hints), 1)


@tagged("post_install", "-at_install")
class TestCartPromotionTaxIncluded(PriceDisplayMixin, CartPromotionMixin, DealerPortalCommon):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_paper()
        cls.company.dealer_portal_price_display = "tax_included"

    def test_missing_amount_in_the_tax_included_convention(self):
        promotion = self.env["dealer.promotion"].create({
            "name": "复印纸满额", "company_id": self.company.id, "date_from": "2020-01-01",
            "date_to": "2099-12-31",
            "rule_ids": [Command.create({
                "benefit_type": "percent", "partner_ids": [Command.set(self.dealer.ids)],
                "threshold_ids": [Command.create({"min_amount": 1300.0, "value": 8.0})],
            })],
        })
        promotion.action_activate()
        cart = self._paper_cart()
        hints = cart._dealer_portal_threshold_hints()
        # untaxed 1,300 / 1.13 = 1,150.44: ¥149.56 short of the untaxed step, × 1.13 = ¥169.0028
        # tax included, rounded up to ¥169.01
        self.assertEqual(len(hints), 1)
        self.assertAlmostEqual(hints[0]["missing"], 169.01)
        self.assertEqual(hints[0]["benefit"], "8% off")


@tagged("post_install", "-at_install")
class TestCartPromotionPages(CartPromotionMixin, DealerPortalHttpCommon):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_stepped()

    def test_cart_page_shows_hint_details_and_line_badges(self):
        cart = self._cart()
        cart._dealer_portal_add_products({self.item_a: 9})
        self.authenticate("dp_dealer", "dp_dealer")
        page = self.url_open("/my/cart").text
        self.assertIn("o_dealer_threshold_hint", page)
        self.assertIn("100.00", page)
        self.assertIn("阶梯满减测试", page)
        self.assertNotIn("o_dealer_promotion_details", page, "nothing applied yet")
        cart._dealer_portal_set_quantity(cart.order_line, 12)
        cart.action_apply_promotions()
        page = self.url_open("/my/cart").text
        self.assertIn("o_dealer_promotion_details", page)
        self.assertIn("o_dealer_line_promotions", page)
        self.assertIn("1,200.00", page, "the rule's base")
        self.assertNotIn("o_dealer_threshold_hint", page, "¥800 short of ¥2,000 is not near")

    def test_order_page_explains_and_other_dealer_sees_nothing(self):
        cart = self._cart()
        cart._dealer_portal_add_products({self.item_a: 12})
        cart._dealer_portal_submit("PROMO-EXPLAIN")
        self.assertEqual(cart.state, "sale")
        self.authenticate("dp_dealer", "dp_dealer")
        page = self.url_open(f"/my/orders/{cart.id}").text
        self.assertIn("o_dealer_promotion_details", page)
        self.assertIn("阶梯满减测试", page)
        # dealer B: not its order, and the promotion (for dealer A only) not in its cart
        self.authenticate("dp_dealer_b", "dp_dealer_b")
        response = self.url_open(f"/my/orders/{cart.id}")
        self.assertFalse(response.url.endswith(f"/my/orders/{cart.id}"), "sent away")
        self.assertNotIn("阶梯满减测试", response.text)
        self.assertNotIn(cart.name, response.text)
        cart_b = self._cart(self.portal_user_b)
        cart_b._dealer_portal_add_products({self.item_a: 9})
        page_b = self.url_open("/my/cart").text
        self.assertIn("测试商品A", page_b)
        self.assertNotIn("阶梯满减测试", page_b)
        self.assertNotIn("o_dealer_threshold_hint", page_b)
