from odoo.addons.dealer_base.tests.coexistence import PlainOdooUsersCase, PlainPortalCase


class TestPlainOdooUsers(PlainOdooUsersCase):
    """Odoo's standard users on ordinary documents with dealer_portal_inventory installed."""


class TestPlainPortal(PlainPortalCase):
    """A portal customer that is not a dealer with dealer_portal_inventory installed."""

    def test_no_inventory_pages(self):
        self.authenticate("plain_portal_http", "plain_portal_http")
        for path in ("/my/inventory", "/my/inventory/report", "/my/inventory/expiry", "/my/inventory/replenishment"):
            with self.subTest(path=path):
                self.assertEqual(self.url_open(path).status_code, 404)
        self.assertNotIn('href="/my/inventory', self.url_open("/my/home").text)
