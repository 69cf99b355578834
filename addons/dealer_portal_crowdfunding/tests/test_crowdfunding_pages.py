from datetime import timedelta

from odoo import fields
from odoo.tests import tagged

from odoo.addons.dealer_portal.tests.common import DealerPortalHttpCommon


@tagged("post_install", "-at_install")
class TestDealerCrowdfundingPages(DealerPortalHttpCommon):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.campaign = cls.env["dealer.crowdfunding"].create({
            "name": "测试门户拼单", "product_id": cls.item_a.id, "price_unit": 90.0,
            "target_qty": 50.0, "max_qty": 100.0, "min_pledge_qty": 5.0, "deposit_ratio": 0.2,
            "balance_due_days": 5, "deadline": fields.Datetime.now() + timedelta(days=7),
            "warehouse_id": cls.warehouse.id, "company_id": cls.company.id,
            "partner_ids": [(6, 0, cls.dealer.ids)],  # only dealer A is eligible
        })
        cls.campaign.action_open()

    def test_pledge_and_cancel(self):
        self.authenticate("dp_dealer", "dp_dealer")
        listing = self.url_open("/my/crowdfunding")
        self.assertIn("测试门户拼单", listing.text)
        url = f"/my/crowdfunding/{self.campaign.id}"
        token = self._csrf(url)
        too_small = self.url_open(f"{url}/pledge", data={"csrf_token": token, "qty": 2})
        self.assertFalse(self.campaign.pledge_ids, "a pledge below the minimum is refused")
        self.assertIn("alert-danger", too_small.text)
        page = self.url_open(f"{url}/pledge", data={"csrf_token": token, "qty": 10})
        pledge = self.campaign.pledge_ids
        self.assertEqual((pledge.partner_id, pledge.qty, pledge.deposit_amount), (self.dealer, 10.0, 180.0))
        self.assertIn("deposit reserved", page.text)
        self.assertEqual(self.cash.reserved_amount, 180.0)
        self.url_open(f"/my/crowdfunding/pledge/{pledge.id}/cancel", data={"csrf_token": token})
        self.assertEqual(pledge.state, "cancelled")
        self.assertEqual(self.cash.reserved_amount, 0.0)

    def test_mall_offers_the_campaigns(self):
        self.authenticate("dp_dealer", "dp_dealer")
        home = self.url_open("/my/home")
        self.assertIn('href="/my/crowdfunding"', home.text, "home page entry")
        catalog = self.url_open("/my/catalog")
        self.assertIn('name="dealer_nav_crowdfunding"', catalog.text, "navigation entry")
        counters = self.make_jsonrpc_request("/my/counters", {"counters": ["dealer_campaign_count"]})
        self.assertEqual(counters["dealer_campaign_count"], 1)

    def test_other_dealer_cannot_see_or_pledge(self):
        pledge = self.campaign.with_user(self.portal_user).portal_pledge(10)
        self.authenticate("dp_dealer_b", "dp_dealer_b")
        self.assertNotIn("测试门户拼单", self.url_open("/my/crowdfunding").text, "dealer B is not eligible")
        self.assertEqual(self.url_open(f"/my/crowdfunding/{self.campaign.id}").status_code, 404)
        token = self._csrf()
        response = self.url_open(f"/my/crowdfunding/{self.campaign.id}/pledge", data={"csrf_token": token, "qty": 10})
        self.assertEqual(response.status_code, 404)
        response = self.url_open(f"/my/crowdfunding/pledge/{pledge.id}/cancel", data={"csrf_token": token})
        self.assertEqual(response.status_code, 404)
        self.assertEqual(pledge.state, "pledged")
        self.assertEqual(len(self.campaign.pledge_ids), 1)
