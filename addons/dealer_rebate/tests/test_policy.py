from odoo import Command
from odoo.exceptions import ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import DealerRebateCommon


@tagged("post_install", "-at_install")
class TestPolicyValidation(DealerRebateCommon):
    def _count(self):
        return self.Policy.search_count([]), self.env["dealer.rebate.threshold"].search_count([])

    def test_overlapping_thresholds(self):
        before = self._count()
        with self.assertRaisesMessage(ValidationError, "must not overlap"):
            self._policy(thresholds=((1000.0, 1.0), (1000.0, 2.0)))
        self.assertEqual(self._count(), before, "nothing written")

    def test_non_increasing_thresholds(self):
        with self.assertRaisesMessage(ValidationError, "thresholds must increase"):
            self._policy(thresholds=((0.0, 3.0), (5000.0, 2.0)))
        with self.assertRaisesMessage(ValidationError, "thresholds must increase"):
            self._policy(kind="growth", period="year", thresholds=((10.0, 5.0), (20.0, 1.0)))
        # adding a bad threshold to a valid policy is refused too, and leaves it unchanged
        policy = self._policy(thresholds=((0.0, 1.0), (5000.0, 2.0)))
        with self.assertRaisesMessage(ValidationError, "must not overlap"):
            policy.write({"threshold_ids": [Command.create({"min_amount": 5000.0, "rate": 4.0})]})
        policy.invalidate_recordset()
        self.assertEqual(len(policy.threshold_ids), 2)

    @mute_logger("odoo.sql_db")
    def test_negative_rates_and_minimums(self):
        with self.assertRaisesMessage(ValidationError, "between 0 and 100"):
            self._policy(thresholds=((0.0, -1.0),))
        with self.assertRaisesMessage(ValidationError, "between 0 and 100"):
            self._policy(thresholds=((0.0, 120.0),))
        with self.assertRaisesMessage(ValidationError, "cannot be negative"):
            self._policy(thresholds=((-10.0, 1.0),))

    def test_category_policy_needs_categories(self):
        with self.assertRaisesMessage(ValidationError, "needs at least one product category"):
            self._policy(kind="category")
        policy = self._policy(kind="category", categ_ids=[Command.set(self.categ_office.ids)])
        self.assertEqual(policy._scope_categ_ids() and set(policy._scope_categ_ids()),
                         {self.categ_office.id, self.categ_clock.id}, "sub-categories included")

    def test_period_alignment(self):
        policy = self._policy(period="quarter")
        before = self.Settlement.search_count([])
        for date_from, date_to in (("2025-04-01", "2025-06-29"), ("2025-02-01", "2025-04-30"),
                                   ("2025-04-01", "2025-04-30"), ("2025-04-02", "2025-07-01")):
            with self.assertRaisesMessage(ValidationError, "does not match the quarterly periods"):
                self.Settlement.create({"policy_id": policy.id, "date_from": date_from, "date_to": date_to})
        self.assertEqual(self.Settlement.search_count([]), before)
        policy.date_start = "2025-07-01"
        with self.assertRaisesMessage(ValidationError, "is not valid in the period"):
            self.Settlement.create({"policy_id": policy.id, "date_from": "2025-04-01", "date_to": "2025-06-30"})

    def test_threshold_labels(self):
        policy = self._policy(kind="growth", period="year", thresholds=((0.0, 1.0), (10.0, 2.0)))
        self.assertEqual(policy.threshold_ids.sorted("min_growth").mapped("display_name"),
                         ["≥ 0% → 1%", "≥ 10% → 2%"])
