from odoo import Command, fields
from odoo.tests import tagged

from odoo.addons.dealer_base.tests.eligibility import EligibilityCase


@tagged("at_install", "dealer_promotion")
class TestRuleEligibility(EligibilityCase):
    """Promotion rules apply the suite's dealer eligibility rule: in the SQL pre-filter
    (through the condition mask), in the engine and in the ORM."""

    eligibility_model = "dealer.promotion.rule"

    @classmethod
    def _make_record(cls, **dimensions):
        today = fields.Date.today()
        promotion = cls.env["dealer.promotion"].create({
            "name": "测试资格", "date_from": today, "date_to": today,
            "rule_ids": [Command.create({"benefit_type": "percent", "value": 5.0, **dimensions})],
        })
        return promotion.rule_ids

    def test_the_engine_agrees_with_the_mixin(self):
        from ..tools import promotion_engine as engine

        rules = self.env["dealer.promotion.rule"]
        for key, rule in self.records.items():
            core_rule = engine.Rule(id=rule.id, **{
                fname: frozenset(rule[fname].ids)
                for fname in ("tier_ids", "type_ids", "level_ids", "sales_mode_ids", "region_ids", "partner_ids")
            })
            for name in self.PARTNER_NAMES:
                partner = getattr(self, name)
                dealer = engine.Dealer(**vars(rules._dealer_eligibility_profile(partner)))
                with self.subTest(rule=key, dealer=name):
                    self.assertEqual(engine.dealer_mismatch(core_rule, dealer),
                                     rule._dealer_eligibility_mismatch(partner))

    def test_sales_mode_sets_its_bit(self):
        rule = self.records["direct"]
        self.assertEqual(rule.condition_mask, 128)
        self.assertIn(self.mode_direct.display_name, rule.summary)
