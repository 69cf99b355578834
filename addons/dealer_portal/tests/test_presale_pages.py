from odoo.tests import tagged

from .common import DealerPortalHttpCommon


@tagged("post_install", "-at_install")
class TestDealerPresalePages(DealerPortalHttpCommon):

    def test_presale_pay_balance(self):
        order = self._create_order(flow="presale", lines=[(self.item_a, 100, 100.0)])
        order.action_dealer_submit()
        self.assertEqual(order.deposit_state, "deposit_paid")
        self.authenticate("dp_dealer_b", "dp_dealer_b")
        self.assertNotIn(order.name, self.url_open("/my/presale").text)
        token = self._csrf()
        self.assertEqual(self.url_open(f"/my/orders/{order.id}/pay-balance", data={"csrf_token": token}).status_code,
                         404)
        self.assertEqual(order.deposit_state, "deposit_paid")
        self.authenticate("dp_dealer", "dp_dealer")
        page = self.url_open("/my/presale")
        self.assertIn(order.name, page.text)
        self.assertIn("Pay balance", page.text)
        token = self._csrf()
        page = self.url_open(f"/my/orders/{order.id}/pay-balance", data={"csrf_token": token})
        self.assertEqual(order.deposit_state, "balance_paid")
        self.assertIn("is paid from your wallets", page.text)
