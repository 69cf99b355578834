from odoo.tests import HttpCase, tagged

from odoo.addons.dealer_base.tests.factory import create_portal_user

from .common import DealerWalletCommon


@tagged("post_install", "-at_install")
class TestStatementRoute(DealerWalletCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        contact = cls.env["res.partner"].create({"name": "甲 财务", "parent_id": cls.dealer.id})
        contact_b = cls.env["res.partner"].create({"name": "乙 财务", "parent_id": cls.dealer_b.id})
        create_portal_user(cls.env, contact, "stmt_portal_a")
        create_portal_user(cls.env, contact_b, "stmt_portal_b")

    def _url(self, partner):
        today = self.cash.transaction_ids[:1].date
        return "/dealer_wallet/statement/xlsx?partner_id=%s&date_from=%s&date_to=%s" % (partner.id, today, today)

    def test_internal_user_downloads_a_dealers_statement(self):
        self.authenticate("admin", "admin")
        response = self.url_open(self._url(self.dealer))
        self.assertEqual(response.status_code, 200)
        self.assertIn("spreadsheetml", response.headers["Content-Type"])
        self.assertEqual(response.content[:2], b"PK")

    def test_portal_users_use_the_portal_route(self):
        # the dealer's own statement and another dealer's alike: the portal serves dealers
        for login in ("stmt_portal_a", "stmt_portal_b"):
            self.authenticate(login, login)
            self.assertEqual(self.url_open(self._url(self.dealer)).status_code, 404, login)

    def test_anonymous_redirected_to_login(self):
        response = self.url_open(self._url(self.dealer), allow_redirects=False)
        self.assertIn(response.status_code, (302, 303))

    def test_bad_parameters_answer_400_or_404(self):
        self.authenticate("admin", "admin")
        day = self.cash.transaction_ids[:1].date
        base = "/dealer_wallet/statement/xlsx"
        for query in ("", f"?partner_id={self.dealer.id}", f"?partner_id={self.dealer.id}&date_from=abc&date_to={day}",
                      f"?partner_id={self.dealer.id}&date_from=2024-02-30&date_to=2024-03-01",
                      f"?partner_id={self.dealer.id}&date_from=2024-03-01&date_to=10000-01-01",
                      f"?partner_id={self.dealer.id}&date_from=2024-03-01&date_to=2024-02-01"):
            self.assertEqual(self.url_open(base + query).status_code, 400, query)
        for partner in ("abc", "-1", "999999999", "1e9"):
            response = self.url_open(f"{base}?partner_id={partner}&date_from={day}&date_to={day}")
            self.assertEqual(response.status_code, 404, partner)
        # a company that is not the user's is ignored, a company id that is not a number too
        response = self.url_open(f"{self._url(self.dealer)}&statement_company_id=abc")
        self.assertEqual(response.status_code, 200)
