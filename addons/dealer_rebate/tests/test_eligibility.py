from odoo import Command
from odoo.tests import tagged
from odoo.tools import SQL

from odoo.addons.dealer_base.tests.eligibility import EligibilityCase


@tagged("at_install", "dealer_rebate")
class TestPolicyEligibility(EligibilityCase):
    """Rebate policies apply the suite's dealer eligibility rule (their base queries
    filter the dealers with ``_dealer_scope_sql``)."""

    eligibility_model = "dealer.rebate.policy"

    @classmethod
    def _make_record(cls, **dimensions):
        return cls.env["dealer.rebate.policy"].create({
            "name": "测试资格返利", "kind": "volume", "period": "quarter",
            "threshold_ids": [Command.create({"min_amount": 0.0, "rate": 1.0})], **dimensions,
        })

    def test_scope_of_the_base_queries_is_the_rule(self):
        self.env["res.partner"].flush_model()
        for key, policy in self.records.items():
            self.env.cr.execute(SQL(
                "SELECT dealer.id FROM res_partner dealer WHERE %s",
                policy._dealer_scope_sql("dealer", self.js_b | self.sc_store),
            ))
            wanted = set(self._expected(key).ids) & set((self.js_b | self.sc_store).ids)
            with self.subTest(policy=key):
                self.assertEqual({row[0] for row in self.env.cr.fetchall()}, wanted)

