from odoo import Command
from odoo.tests import tagged

from .common import DealerPortalCommon, DealerPortalHttpCommon


class PriceDisplayMixin:
    """Paper at ¥26.00 with a tax-included 13% VAT (the l10n_cn way), 50 of it in the cart."""

    @classmethod
    def _setup_paper(cls):
        env = cls.env
        cls.vat_incl = env["account.tax"].create({
            "name": "VAT 13% incl.", "amount": 13.0, "amount_type": "percent", "type_tax_use": "sale",
            "price_include_override": "tax_included", "company_id": cls.company.id,
        })
        cls.paper = cls._create_item("测试复印纸", 26.0)
        cls.paper.write({"default_code": "DP-P", "taxes_id": [Command.set(cls.vat_incl.ids)]})
        cls.dealer._dealer_grant_products(cls.paper)
        env["stock.quant"]._update_available_quantity(cls.paper, cls.warehouse.lot_stock_id, 1000.0)

    def _paper_cart(self, qty=50):
        cart = self.env["sale.order"].with_user(self.portal_user)._dealer_portal_cart(create=True)
        cart._dealer_portal_add_products({self.paper: qty})
        return cart


@tagged("post_install", "-at_install")
class TestDealerPriceDisplay(PriceDisplayMixin, DealerPortalCommon):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_paper()

    def test_default_is_tax_included_for_cny(self):
        company = self.env["res.company"].create({"name": "人民币公司", "currency_id": self.env.ref("base.CNY").id})
        self.assertEqual(company.with_company(company)._default_dealer_portal_price_display(), "tax_included")
        usd = self.env["res.company"].with_company(self.env["res.company"].create({
            "name": "Dollar Co", "currency_id": self.env.ref("base.USD").id}))
        self.assertEqual(usd._default_dealer_portal_price_display(), "tax_excluded")

    def test_tax_included_convention(self):
        self.company.dealer_portal_price_display = "tax_included"
        cart = self._paper_cart()
        line = cart.order_line
        # 50 × ¥26.00 tax included: ¥1,300.00, of which tax 1,300 − 1,300 / 1.13 = ¥149.56
        self.assertAlmostEqual(line._dealer_portal_unit_price(True), 26.0)
        self.assertAlmostEqual(line._dealer_portal_amount(True), 1300.0)
        amounts = cart._dealer_portal_amounts()
        self.assertTrue(amounts["tax_included"])
        self.assertAlmostEqual(amounts["goods"], 1300.0)
        self.assertAlmostEqual(amounts["tax"], 149.56)
        self.assertAlmostEqual(amounts["total"], 1300.0)
        self.assertAlmostEqual(amounts["goods"] + amounts["discount"], amounts["total"])
        prices = self.paper._dealer_portal_display_prices(self.dealer, {self.paper.id: 26.0})
        self.assertAlmostEqual(prices[self.paper.id], 26.0, msg="the catalog shows the cart's unit price")

    def test_tax_excluded_convention(self):
        self.company.dealer_portal_price_display = "tax_excluded"
        cart = self._paper_cart()
        line = cart.order_line
        # 26 / 1.13 = 23.01 per unit, 1,300 / 1.13 = 1,150.44 for the line
        self.assertAlmostEqual(line._dealer_portal_unit_price(False), 23.01, places=2)
        self.assertAlmostEqual(line._dealer_portal_amount(False), 1150.44)
        amounts = cart._dealer_portal_amounts()
        self.assertAlmostEqual(amounts["goods"], 1150.44)
        self.assertAlmostEqual(amounts["goods"] + amounts["discount"], amounts["untaxed"])
        prices = self.paper._dealer_portal_display_prices(self.dealer, {self.paper.id: 26.0})
        self.assertAlmostEqual(prices[self.paper.id], 23.01, places=2)

    def test_promotion_summary_is_the_real_change_of_the_total(self):
        """10% off plus 2 free paper for every 10: the discount is the change of the total, the free
        goods are listed with their value and are not counted in the discount."""
        self.company.dealer_portal_price_display = "tax_included"
        promotion = self.env["dealer.promotion"].create({
            "name": "满赠促销", "company_id": self.company.id, "date_from": "2020-01-01", "date_to": "2099-12-31",
            "rule_ids": [
                Command.create({"benefit_type": "percent", "value": 10, "partner_ids": [Command.set(self.dealer.ids)]}),
                Command.create({"benefit_type": "free_product", "buy_qty": 10, "free_qty": 2,
                                "free_product_id": self.paper.id, "partner_ids": [Command.set(self.dealer.ids)]}),
            ],
        })
        promotion.action_activate()
        cart = self._paper_cart()
        before = cart.amount_total
        cart.action_apply_promotions()
        amounts = cart._dealer_portal_amounts()
        self.assertAlmostEqual(before, 1300.0)
        self.assertAlmostEqual(amounts["goods"], 1300.0)
        self.assertAlmostEqual(amounts["discount"], cart.amount_total - before,
                               msg="the discount shown is what the total lost")
        self.assertAlmostEqual(amounts["discount"], -130.0)
        self.assertAlmostEqual(amounts["total"], 1170.0)
        self.assertEqual(len(amounts["free"]), 1)
        free_line, value = amounts["free"][0]
        self.assertEqual(free_line.product_uom_qty, 10, "2 free for every 10 of 50")
        self.assertAlmostEqual(value, 260.0, msg="10 × ¥26.00, tax included")
        self.assertGreater(cart.promotion_discount_amount, -amounts["discount"],
                           "the promotion benefit counts the free goods; the summary's discount does not")


@tagged("post_install", "-at_install")
class TestDealerPriceDisplayPages(PriceDisplayMixin, DealerPortalHttpCommon):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_paper()

    def test_catalog_cart_and_order_page_agree(self):
        self.company.dealer_portal_price_display = "tax_included"
        cart = self._paper_cart()
        self.authenticate("dp_dealer", "dp_dealer")
        catalog = self.url_open("/my/catalog?search=DP-P").text
        self.assertIn("26.00", catalog)
        page = self.url_open("/my/cart").text
        self.assertIn("1,300.00", page, "the line subtotal tax included, as the unit price")
        self.assertNotIn("1,150.44", page, "no tax-excluded subtotal beside a tax-included unit price")
        self.assertIn("149.56", page, "the tax once")
        self.assertEqual(page.count("149.56"), 1)
        self.url_open("/my/cart/submit", data={"csrf_token": self._csrf("/my/cart")})
        order_page = self.url_open(f"/my/orders/{cart.id}").text
        self.assertIn("1,300.00", order_page)
        self.assertNotIn("1,150.44", order_page)
