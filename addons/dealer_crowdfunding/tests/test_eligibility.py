from datetime import timedelta

from odoo import Command, fields
from odoo.tests import tagged

from odoo.addons.dealer_base.tests.eligibility import EligibilityCase


@tagged("at_install", "dealer_crowdfunding")
class TestCampaignEligibility(EligibilityCase):
    """Crowdfunding campaigns apply the suite's dealer eligibility rule (pledges,
    and the portal record rule through ``eligible_partner_id``)."""

    eligibility_model = "dealer.crowdfunding"

    @classmethod
    def _make_record(cls, **dimensions):
        if "campaign_product" not in cls.__dict__:
            cls.campaign_product = cls.env["product.product"].create({"name": "测试资格拼单商品", "list_price": 100.0})
        return cls.env["dealer.crowdfunding"].create({
            "name": "测试资格拼单", "product_id": cls.campaign_product.id, "price_unit": 100.0,
            "target_qty": 10.0, "max_qty": 20.0, "deadline": fields.Datetime.now() + timedelta(days=7),
            **dimensions,
        })

    def test_portal_rule_shows_the_open_campaigns_a_dealer_is_eligible_for(self):
        self.env["dealer.crowdfunding"].browse(self._record_ids()).write({"state": "open"})
        user = self.env["res.users"].with_context(no_reset_password=True).create({
            "name": "测试江苏买家", "login": "cf_eligibility_js", "partner_id": self.js_b.id,
            "groups_id": [Command.set(self.env.ref("base.group_portal").ids)],
        })
        visible = self.env["dealer.crowdfunding"].with_user(user).search([("id", "in", self._record_ids())])
        self.assertEqual(visible, self.records["open"] | self.records["east"] | self.records["listed"])
