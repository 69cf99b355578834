
from odoo.tests import tagged

from .common import DealerPortalCommon, DealerPortalHttpCommon


class WalletFiguresMixin:

    @classmethod
    def _setup_credit_over_limit(cls):
        """Credit of ``dealer``: limit ¥10,000, ¥8,000 reserved by an order, then the limit lowered
        to ¥5,000: ¥3,000 over the limit."""
        cls.credit = cls.env["dealer.wallet"]._get_wallet(cls.dealer, "credit")
        cls.credit.credit_limit = 10000.0
        cls.credit._reserve(8000.0, origin="测试预留")
        cls.credit.credit_limit = 5000.0


@tagged("post_install", "-at_install")
class TestDealerWalletFigures(WalletFiguresMixin, DealerPortalCommon):

    def test_cash_available_is_balance_minus_reserved(self):
        self.cash._reserve(1500.0, origin="测试预留")
        figures = self.cash._dealer_portal_figures()[self.cash.id]
        self.assertAlmostEqual(figures["balance"], 100000.0)
        self.assertAlmostEqual(figures["reserved"], 1500.0)
        self.assertAlmostEqual(figures["available"], 98500.0)
        self.assertEqual(figures["over_limit"], 0.0)

    def test_credit_over_the_limit_is_said_not_negative(self):
        self._setup_credit_over_limit()
        figures = self.credit._dealer_portal_figures()[self.credit.id]
        self.assertAlmostEqual(self.credit.available_amount, -3000.0, msg="the wallet's own figure")
        self.assertEqual(figures["available"], 0.0, "nothing left to spend")
        self.assertAlmostEqual(figures["over_limit"], 3000.0)
        self.assertAlmostEqual(figures["credit_limit"], 5000.0)
        self.assertAlmostEqual(figures["reserved"], 8000.0)

    def test_credit_available_is_what_the_payment_split_takes(self):
        self.credit = self.env["dealer.wallet"]._get_wallet(self.dealer, "credit")
        self.credit.credit_limit = 10000.0
        self.credit._reserve(2500.0, origin="测试预留")
        figures = self.credit._dealer_portal_figures()[self.credit.id]
        self.assertAlmostEqual(figures["available"], 7500.0)
        self.assertAlmostEqual(figures["available"], self.credit._get_bucket_available())
        self.assertEqual(figures["over_limit"], 0.0)


@tagged("post_install", "-at_install")
class TestDealerWalletFiguresPages(WalletFiguresMixin, DealerPortalHttpCommon):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_credit_over_limit()
        cls.cash._reserve(1500.0, origin="测试预留")

    def test_same_figures_in_cart_wallets_and_ledger(self):
        cart = self.env["sale.order"].with_user(self.portal_user)._dealer_portal_cart(create=True)
        cart._dealer_portal_add_products({self.item_a: 1})
        self.authenticate("dp_dealer", "dp_dealer")
        wallets_page = self.url_open("/my/wallets").text
        cart_page = self.url_open("/my/cart").text
        cash_ledger = self.url_open(f"/my/wallets/{self.cash.id}").text
        credit_ledger = self.url_open(f"/my/wallets/{self.credit.id}").text
        for page in (wallets_page, cart_page, cash_ledger):
            self.assertIn("98,500.00", page, "cash: ¥100,000 − ¥1,500 reserved")
        for page in (wallets_page, cart_page, credit_ledger):
            self.assertIn("o_dealer_over_limit", page)
            self.assertIn("3,000.00", page, "over the limit by ¥3,000")
            self.assertNotIn("-3,000.00", page)
            self.assertNotIn("−3,000.00", page)
        # dealer B sees its own wallets only, in the cart too
        self.authenticate("dp_dealer_b", "dp_dealer_b")
        cart_b = self.env["sale.order"].with_user(self.portal_user_b)._dealer_portal_cart(create=True)
        cart_b._dealer_portal_add_products({self.item_a: 1})
        page_b = self.url_open("/my/cart").text
        self.assertIn("20,000.00", page_b)
        self.assertNotIn("98,500.00", page_b)
        self.assertNotIn("o_dealer_over_limit", page_b)
        self.assertEqual(self.url_open(f"/my/wallets/{self.credit.id}").status_code, 404)
