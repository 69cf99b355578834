from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import DealerPromotionCommon


@tagged("post_install", "-at_install", "dealer_promotion")
class TestPromotionAccess(DealerPromotionCommon):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.promotion = cls._create_promotion([{"value": 10}])
        cls.private = cls._create_promotion(
            [{"value": 20, "partner_ids": [Command.set(cls.dealer_south.ids)]}], name="South only",
        )
        cls.order_east = cls._create_order(cls.dealer_east, [(cls.pen, 100, 10.0)])
        cls.order_south = cls._create_order(cls.dealer_south, [(cls.pen, 100, 10.0)])
        (cls.order_east | cls.order_south).action_confirm()
        contact_east = cls.env["res.partner"].create({"name": "East Buyer", "parent_id": cls.dealer_east.id})
        cls.portal_east = new_test_user(cls.env, login="promo_portal_east", groups="base.group_portal",
                                        partner_id=contact_east.id)
        # in the time zone of the fixtures' "today" (promotion days are the user's days, as in Odoo)
        cls.salesman = new_test_user(cls.env, login="promo_salesman", groups="sales_team.group_sale_salesman",
                                     tz=cls.env.user.tz)
        cls.manager = new_test_user(cls.env, login="promo_manager", tz=cls.env.user.tz,
                                    groups="sales_team.group_sale_salesman,dealer_base.group_dealer_manager")

    def test_portal_sees_own_benefits_only(self):
        Usage = self.env["dealer.promotion.usage"].with_user(self.portal_east)
        usages = Usage.search([])
        self.assertEqual(usages.partner_id, self.dealer_east)
        south_usage = self.order_south.dealer_promotion_usage_ids
        self.assertTrue(south_usage)
        with self.assertRaises(AccessError):
            south_usage.with_user(self.portal_east).read(["amount"])
        Result = self.env["dealer.promotion.result"].with_user(self.portal_east)
        self.assertEqual(Result.search([]).order_id, self.order_east)
        with self.assertRaises(AccessError):
            self.order_south.dealer_promotion_result_ids.with_user(self.portal_east).read(["benefit"])
        # the promotion that applied is named on the dealer's own order, nothing more
        self.assertEqual(
            Result.search([]).read(["promotion_id"])[0]["promotion_id"],
            (self.promotion.id, self.promotion.display_name),
        )

    def test_portal_reads_no_promotion_terms(self):
        """Tiers, regions, values, thresholds and budgets are the brand's: a portal dealer
        reads none of them, not even of the promotions that apply to it."""
        for model, records in (("dealer.promotion", self.promotion | self.private),
                               ("dealer.promotion.rule", (self.promotion | self.private).rule_ids),
                               ("dealer.promotion.threshold", self.env["dealer.promotion.threshold"].search([]))):
            Model = self.env[model].with_user(self.portal_east)
            with self.subTest(model=model), self.assertRaises(AccessError):
                Model.search([])
            with self.subTest(model=model), self.assertRaises(AccessError):
                records.with_user(self.portal_east).read(["id"])
        with self.assertRaises(AccessError):
            self.promotion.with_user(self.portal_east).write({"budget": 1})

    def test_explanation_names_no_other_dealer(self):
        shared = self._create_promotion(
            [{"value": 7, "partner_ids": [Command.set((self.dealer_east | self.dealer_south).ids)]}],
            name="East and South",
        )
        order = self._create_order(self.dealer_east, [(self.pen, 10, 10.0)])
        order.action_apply_promotions()
        result = order.dealer_promotion_result_ids.filtered(lambda r: r.promotion_id == shared)
        self.assertIn(self.dealer_east.name, result.matched)
        self.assertNotIn(self.dealer_south.name, result.matched)

    def test_salesman_reads_and_applies_manager_configures(self):
        promotion = self.promotion.with_user(self.salesman)
        self.assertEqual(promotion.name, "Test Promotion")
        with self.assertRaises(AccessError):
            promotion.write({"budget": 1})
        with self.assertRaises(AccessError):
            self.env["dealer.promotion"].with_user(self.salesman).create({"name": "x"})
        with self.assertRaises(AccessError):
            self.order_east.dealer_promotion_usage_ids.with_user(self.salesman).unlink()
        # a salesman applies promotions, confirms and cancels orders: usage is kept by the engine
        order = self._create_order(self.dealer_east, [(self.pen, 50, 10.0)], user_id=self.salesman.id)
        order = order.with_user(self.salesman)
        order.action_apply_promotions()
        order.action_confirm()
        self.assertAlmostEqual(order.dealer_promotion_usage_ids.amount, 50.0)
        order._action_cancel()
        self.assertFalse(order.sudo().dealer_promotion_usage_ids)
        # a dealer manager configures promotions
        new = self.env["dealer.promotion"].with_user(self.manager).create({
            "name": "Manager's", "rule_ids": [Command.create({"value": 5})],
        })
        new.action_activate()
        self.assertEqual(new.state, "active")

    def test_multi_company_rules(self):
        other_company = self.env["res.company"].create({"name": "Promo Other Co 2"})
        other = self._create_promotion([{"value": 10}], company_id=other_company.id)
        self.assertNotIn(other, self.env["dealer.promotion"].with_user(self.manager).search([]))
