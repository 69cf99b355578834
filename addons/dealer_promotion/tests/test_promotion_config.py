from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import DealerPromotionCommon


@tagged("post_install", "-at_install", "dealer_promotion")
class TestPromotionConfig(DealerPromotionCommon):

    @mute_logger("odoo.sql_db")
    def test_bad_input(self):
        cases = {
            "negative value": [{"value": -5}],
            "percent over 100": [{"value": 120}],
            "negative minimum": [{"value": 5, "min_amount": -1}],
            "free qty without buy qty": [{"benefit_type": "free_product", "free_qty": 1}],
            "thresholds not increasing": [{"thresholds": [(100000, 15), (200000, 10)]}],
            "same threshold twice": [{"thresholds": [(100000, 10), (100000, 15)]}],
            "threshold over 100%": [{"thresholds": [(100000, 10), (200000, 150)]}],
            "negative threshold": [{"benefit_type": "fixed", "thresholds": [(-5, 10)]}],
            "thresholds on free goods": [{"benefit_type": "free_product", "buy_qty": 1, "free_qty": 1,
                                          "thresholds": [(100, 1)]}],
        }
        count = self.env["dealer.promotion"].search_count([])
        for label, rules in cases.items():
            with self.subTest(label), self.assertRaises(ValidationError):
                self._create_promotion(rules, activate=False)
        with self.assertRaises(ValidationError):
            self._create_promotion([{"value": 5}], activate=False, date_to=self.today - timedelta(days=1))
        with self.assertRaises(ValidationError):
            self._create_promotion([{"value": 5}], activate=False, budget=-100)
        self.assertEqual(self.env["dealer.promotion"].search_count([]), count, "nothing half-written")
        # the same on an existing rule
        promotion = self._create_promotion([{"value": 5}], activate=False)
        with self.assertRaises(ValidationError):
            promotion.rule_ids.value = 101
        self.assertEqual(promotion.rule_ids.value, 5)

    def test_workflow_guards(self):
        empty = self.env["dealer.promotion"].create({"name": "Empty", "date_from": self.today, "date_to": self.today})
        with self.assertRaisesRegex(UserError, "no rule"):
            empty.action_activate()
        incomplete = self._create_promotion([{"benefit_type": "free_product"}], activate=False)
        with self.assertRaisesRegex(UserError, "buy quantity"):
            incomplete.action_activate()
        past = self._create_promotion([{"value": 5}], activate=False, date_from=self.today - timedelta(days=9),
                                      date_to=self.today - timedelta(days=1))
        with self.assertRaisesRegex(UserError, "ended on"):
            past.action_activate()
        promotion = self._create_promotion([{"value": 5}])
        self.assertEqual(promotion.state, "active")
        with self.assertRaises(UserError):
            promotion.action_activate()
        promotion.action_pause()
        with self.assertRaises(UserError):
            promotion.action_pause()
        promotion.action_activate()
        promotion.action_end()
        with self.assertRaises(UserError):
            promotion.action_pause()
        with self.assertRaises(UserError):
            promotion.action_activate()
        template = self._create_promotion([{"value": 5}], activate=False, is_template=True)
        with self.assertRaisesRegex(UserError, "template"):
            template.action_activate()

    def test_rules_frozen_once_used_new_version(self):
        promotion = self._create_promotion([{"value": 10}], max_discount_per_dealer=150, code="SPRING")
        # without usage, an active promotion's rules may still be corrected
        promotion.rule_ids.value = 10
        order = self._create_order(self.dealer_east, [(self.pen, 100, 10.0)])
        order.action_confirm()
        self.assertAlmostEqual(order.promotion_discount_amount, 100.0)
        with self.assertRaisesRegex(UserError, "new version"):
            promotion.rule_ids.value = 20
        with self.assertRaisesRegex(UserError, "new version"):
            promotion.rule_ids.unlink()
        with self.assertRaisesRegex(UserError, "new version"):
            promotion.write({"rule_ids": [Command.create({"value": 1})]})
        with self.assertRaises(UserError):
            promotion.action_reset_draft()
        with self.assertRaises(UserError):
            promotion.unlink()
        # caps and budget of a running promotion can still change
        promotion.max_discount_per_order = 1000
        action = promotion.action_new_version()
        version = self.env["dealer.promotion"].browse(action["res_id"])
        self.assertEqual((version.state, version.previous_version_id, version.code), ("draft", promotion, "SPRING-v2"))
        version.rule_ids.value = 20
        version.action_activate()
        self.assertEqual(promotion.state, "ended")
        # the versions share the per-dealer allowance: 150 - 100 used = 50 left
        self.assertAlmostEqual(version.budget_used, 100.0)
        second = self._create_order(self.dealer_east, [(self.pen, 100, 10.0)])
        second.action_apply_promotions()
        self.assertAlmostEqual(second.promotion_discount_amount, 50.0)
        self.assertEqual(second.dealer_promotion_result_ids.promotion_id, version)

    def test_templates_and_copy_last_year(self):
        last_year = self._create_promotion(
            [{"thresholds": [(100000, 10), (200000, 15)], "categ_ids": [Command.set(self.categ_paper.ids)]}],
            name="Double 11", date_from=self.today - relativedelta(years=1),
            date_to=self.today - relativedelta(years=1) + timedelta(days=10), activate=False, budget=5000,
        )
        wizard = self.env["dealer.promotion.copy"].create({"promotion_id": last_year.id})
        self.assertEqual(wizard.date_from, self.today)
        self.assertEqual(wizard.date_to, self.today + timedelta(days=10))
        new = self.env["dealer.promotion"].browse(wizard.action_copy()["res_id"])
        self.assertEqual((new.name, new.state, new.template_id, new.budget), ("Double 11", "draft", last_year, 5000))
        self.assertEqual((new.date_from, new.date_to), (self.today, self.today + timedelta(days=10)))
        self.assertNotEqual(new.rule_ids, last_year.rule_ids)
        self.assertEqual(new.rule_ids.threshold_ids.mapped("value"), [10, 15])
        self.assertEqual(new.rule_ids.categ_ids, self.categ_paper)
        self.assertNotEqual(new.code, last_year.code)
        new.action_activate()
        # a template: copied as a promotion starting today, never applied itself
        template = self._create_promotion([{"value": 8}], name="Stock-up", activate=False, is_template=True,
                                          date_from=self.today - timedelta(days=400),
                                          date_to=self.today - timedelta(days=390))
        wizard = self.env["dealer.promotion.copy"].create({"promotion_id": template.id})
        self.assertEqual(wizard.date_from, self.today)
        promotion = self.env["dealer.promotion"].browse(wizard.action_copy()["res_id"])
        self.assertFalse(promotion.is_template)
        self.assertEqual(promotion.date_to, self.today + timedelta(days=10))
        with self.assertRaises(ValidationError):
            template.state = "active"
