from odoo import fields
from odoo.tests import tagged

from .common import DealerRebateCommon

Q2 = ("2025-04-01", "2025-06-30")


@tagged("post_install", "-at_install")
class TestRebatePerformance(DealerRebateCommon):
    """The base of all dealers is a few grouped queries: the query count of a
    computation does not grow with the number of dealers."""

    def _make_dealers(self, count, prefix):
        dealers = self.env["res.partner"].create([{
            "name": "%s %s" % (prefix, index), "is_company": True, "dealer_level_id": self.level_l1.id,
            "dealer_state": "active",
        } for index in range(count)])
        for dealer in dealers:
            self._invoice(dealer, "2025-05-01", [(self.clock, 10, 100.0), (self.paper, 10, 10.0)])
            self._invoice(dealer, "2024-05-01", [(self.clock, 5, 100.0)])
        return dealers

    def _compute_queries(self, policy, expected):
        self.env.flush_all()
        self.env.invalidate_all()
        with self.assertQueryCount(expected):
            values = policy._compute_rebates(fields.Date.to_date(Q2[0]), fields.Date.to_date(Q2[1]))
        return values

    def test_query_count_flat_in_dealers(self):
        for kind, expected in (("volume", 9), ("growth", 9), ("category", 11)):
            with self.subTest(kind=kind):
                vals = {"categ_ids": [(6, 0, self.categ_office.ids)]} if kind == "category" else {}
                policy = self._policy(kind=kind, thresholds=((0.0, 1.0),), **vals)
                self._make_dealers(2, "%s few" % kind)
                self._compute_queries(policy, 100)  # warm the caches (registry, rules)
                few = self._compute_queries(policy, expected)
                self._make_dealers(20, "%s many" % kind)
                many = self._compute_queries(policy, expected)
                self.assertGreater(len(many), len(few))

    def test_compute_settlement_query_count(self):
        policy = self._policy(thresholds=((0.0, 1.0),))
        dealers = self._make_dealers(5, "batch few")
        settlement = self.Settlement.create({"policy_id": policy.id, "date_from": Q2[0], "date_to": Q2[1]})
        settlement.action_compute()  # warm the caches
        for expected_lines in (5, 25):
            self.env.flush_all()
            self.env.invalidate_all()
            with self.assertQueryCount(55):
                settlement.action_compute()
                self.env.flush_all()
            self.assertEqual(settlement.line_count, expected_lines)
            dealers |= self._make_dealers(20, "batch many")
