from odoo.tests import tagged

from .common import DealerPortalHttpCommon


@tagged("post_install", "-at_install")
class TestPortalFixture(DealerPortalHttpCommon):
    def test_fixture_portal_users(self):
        self.assertEqual(self.portal_user.commercial_partner_id, self.dealer)
        self.assertEqual(self.portal_user_b.commercial_partner_id, self.dealer_b)
        self.authenticate("dp_dealer", "dp_dealer")
        response = self.url_open("/my/home")
        self.assertEqual(response.status_code, 200)
        self.assertIn("dp_dealer", self.portal_user.login)
