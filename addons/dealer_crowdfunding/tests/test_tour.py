from datetime import timedelta

from odoo import Command, fields
from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestCrowdfundingTour(HttpCase):
    """The operator's journey in the browser: open a campaign from the kanban and
    register a dealer's pledge with the wizard; the deposit is reserved."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        company = cls.env.company
        company._dealer_wallet_setup_accounting()
        cls.dealer = cls.env["res.partner"].create({
            "name": "Tour Dealer", "is_company": True, "dealer_state": "active",
            "dealer_level_id": cls.env.ref("dealer_base.dealer_level_l1").id,
        })
        product = cls.env["product.product"].create({
            "name": "Tour Group-buy Product", "type": "service", "list_price": 150.0, "taxes_id": [Command.clear()],
        })
        cls.dealer._dealer_grant_products(product)
        cls.wallet = cls.env["dealer.wallet"]._get_wallet(cls.dealer, "cash", company=company)
        cls.wallet._topup(10000.0)
        cls.campaign = cls.env["dealer.crowdfunding"].create({
            "name": "Tour Campaign", "product_id": product.id, "price_unit": 100.0, "target_qty": 50.0,
            "max_qty": 100.0, "min_pledge_qty": 2.0, "deposit_ratio": 0.3, "company_id": company.id,
            "deadline": fields.Datetime.now() + timedelta(days=5),
        })
        cls.campaign.action_open()

    def test_register_pledge(self):
        self.start_tour("/odoo/action-dealer_crowdfunding.dealer_crowdfunding_action",
                        "dealer_crowdfunding_pledge_tour", login="admin", timeout=180)
        pledge = self.campaign.pledge_ids
        self.assertEqual((pledge.partner_id, pledge.qty, pledge.deposit_amount), (self.dealer, 12.0, 360.0))
        self.assertEqual(self.campaign.pledged_qty, 12.0)
        self.assertEqual(self.wallet.reserved_amount, 360.0)
