from odoo import Command
from odoo.tests import tagged

from .common import DealerPortalHttpCommon


@tagged("post_install", "-at_install")
class TestDealerPortalTours(DealerPortalHttpCommon):

    def test_order_journey(self):
        """Catalog → search → add → cart → promotions → submit → approved order page."""
        promotion = self.env["dealer.promotion"].create({
            "name": "Tour promotion", "company_id": self.company.id,
            "date_from": "2020-01-01", "date_to": "2099-12-31",
            "rule_ids": [Command.create({"benefit_type": "percent", "value": 5,
                                         "partner_ids": [Command.set(self.dealer.ids)]})],
        })
        promotion.action_activate()
        # 10% from ¥1,200: the cart of ¥1,000 is ¥200 short of it (within the 30% hint distance)
        threshold = self.env["dealer.promotion"].create({
            "name": "Tour threshold", "company_id": self.company.id,
            "date_from": "2020-01-01", "date_to": "2099-12-31",
            "rule_ids": [Command.create({
                "benefit_type": "percent", "partner_ids": [Command.set(self.dealer.ids)],
                "threshold_ids": [Command.create({"min_amount": 1200.0, "value": 10.0})],
            })],
        })
        threshold.action_activate()
        # every step waits on what the page shows; the timeout only bounds a very slow machine
        self.start_tour("/my/catalog", "dealer_portal_order_tour", login="dp_dealer", timeout=240)
        order = self.env["sale.order"].search([("client_order_ref", "=", "TOUR-PO-1")])
        self.assertEqual(order.partner_id, self.dealer)
        self.assertEqual(order.state, "sale")
        self.assertEqual(order.dealer_review_state, "approved")
        self.assertAlmostEqual(order.promotion_discount_amount, 50.0)
        self.assertEqual(order.amount_total, 950.0)
        self.assertEqual(sum(order.dealer_payment_ids.mapped("amount")), 950.0)


@tagged("post_install", "-at_install")
class TestDealerPortalPhoneTours(DealerPortalHttpCommon):
    """The ordering journey on a phone screen (390x844, touch)."""

    browser_size = "390x844"
    touch_enabled = True

    def test_order_journey_on_a_phone(self):
        self.start_tour("/my/catalog?search=DP-A", "dealer_portal_phone_tour", login="dp_dealer", timeout=240)
        order = self.env["sale.order"].search([("client_order_ref", "=", "TOUR-PHONE-1")])
        self.assertEqual(order.partner_id, self.dealer)
        self.assertEqual(order.state, "sale")
        self.assertEqual(order.amount_total, 1000.0)
