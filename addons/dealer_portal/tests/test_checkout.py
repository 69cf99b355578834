from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from odoo.addons.dealer_base.tests.factory import create_portal_user

from .common import DealerPortalCommon, DealerPortalHttpCommon

USCC = "91310000MA1FL0ABCD"
SPECIAL = {
    "dealer_fapiao_type": "special",
    "dealer_fapiao_title": "甲经销商有限公司",
    "dealer_fapiao_tax_number": USCC,
    "dealer_fapiao_bank_name": "中国工商银行上海分行",
    "dealer_fapiao_bank_account": "6222021001123456789",
    "dealer_fapiao_address": "上海市浦东新区世纪大道 100 号",
    "dealer_fapiao_phone": "021-12345678",
}


class CheckoutMixin:

    def _address_form(self, **vals):
        return {"name": "新仓库王经理", "phone": "13800000000", "state_id": str(self.state_e1.id),
                "city": "东一市", "street": "新港路 66 号", "zip": "200120", **vals}

    def _delivery_children(self, dealer):
        return self.env["res.partner"].search([("parent_id", "=", dealer.id), ("type", "=", "delivery")])


@tagged("post_install", "-at_install")
class TestCheckout(CheckoutMixin, DealerPortalCommon):
    """Invoice details and new delivery addresses, as the portal dealer's methods."""

    def test_save_invoice_details(self):
        partner = self.portal_user.partner_id.with_user(self.portal_user)
        self.assertEqual(partner._dealer_portal_fapiao_defaults()["dealer_fapiao_title"], self.dealer.name,
                         "the company name by default")
        partner._dealer_portal_save_fapiao({**SPECIAL, "dealer_fapiao_tax_number": " 91310000ma1fl0abcd"})
        self.assertEqual(self.dealer.vat, USCC, "the dealer's tax ID, normalized")
        self.assertEqual(self.dealer.dealer_fapiao_type, "special")
        self.assertFalse(self.portal_user.partner_id.dealer_fapiao_type, "kept on the dealer, not on the contact")
        order = self._create_order()
        self.assertEqual(order.dealer_fapiao_bank_name, SPECIAL["dealer_fapiao_bank_name"],
                         "a new order starts with them")

    def test_refused_invoice_details_write_nothing(self):
        partner = self.portal_user.partner_id.with_user(self.portal_user)
        with self.assertRaises(ValidationError) as caught:
            partner._dealer_portal_save_fapiao({"dealer_fapiao_type": "special", "dealer_fapiao_title": "",
                                                "dealer_fapiao_tax_number": "123"})
        message = str(caught.exception)
        for part in ("invoice title", "123 is not valid", "needs"):
            self.assertIn(part, message, "every reason at once")
        with self.assertRaisesRegex(ValidationError, "invoice type"):
            partner._dealer_portal_save_fapiao({**SPECIAL, "dealer_fapiao_type": "gold"})
        with self.assertRaisesRegex(ValidationError, "at most 200"):
            partner._dealer_portal_save_fapiao({**SPECIAL, "dealer_fapiao_address": "路" * 201})
        self.assertFalse(self.dealer.dealer_fapiao_type)
        self.assertFalse(self.dealer.vat)

    def test_submit_with_invoice_details(self):
        cart = self.env["sale.order"].with_user(self.portal_user)._dealer_portal_cart(create=True)
        cart._dealer_portal_add_products({self.item_a: 10})
        with self.assertRaisesRegex(ValidationError, "needs Invoice Bank"):
            cart._dealer_portal_submit(fapiao={**SPECIAL, "dealer_fapiao_bank_name": ""})
        self.assertTrue(cart.dealer_portal_cart, "still the cart")
        self.assertEqual(cart.dealer_fapiao_type, "ordinary")
        order = cart._dealer_portal_submit(fapiao=SPECIAL)
        self.assertEqual(order.state, "sale")
        self.assertEqual(order.dealer_fapiao_type, "special")
        self.assertEqual(order.dealer_fapiao_tax_number, USCC)
        self.assertFalse(self.dealer.dealer_fapiao_type, "for this order only")
        self._validate_delivery(order)
        invoice = order._create_invoices()
        self.assertEqual(invoice.dealer_fapiao_bank_account, SPECIAL["dealer_fapiao_bank_account"])

    def test_create_delivery_address(self):
        partner = self.portal_user.partner_id.with_user(self.portal_user)
        address = partner._dealer_portal_create_delivery_address(self._address_form())
        self.assertEqual(address.parent_id, self.dealer, "an address of the dealer, not of its contact")
        self.assertEqual((address.type, address.state_id, address.country_id.code, address.zip),
                         ("delivery", self.state_e1, "CN", "200120"))
        addresses = self.env["sale.order"].with_user(self.portal_user)._dealer_portal_delivery_addresses()
        self.assertIn(address, addresses)
        others = self.env["sale.order"].with_user(self.portal_user_b)._dealer_portal_delivery_addresses()
        self.assertNotIn(address, others)

    def test_refused_delivery_addresses(self):
        partner = self.portal_user.partner_id.with_user(self.portal_user)
        belgium = self.env["res.country.state"].create({"name": "Hostile", "code": "HX",
                                                        "country_id": self.env.ref("base.be").id})
        cases = [
            ({"name": ""}, "contact name"),
            ({"name": "王" * 65}, "at most 64"),
            ({"phone": "<script>"}, "phone"),
            ({"state_id": str(belgium.id)}, "province"),
            ({"state_id": "1 OR 1=1"}, "province"),
            ({"street": "路" * 201}, "at most 200"),
            ({"zip": "2001201234567"}, "ZIP"),
        ]
        before = self._delivery_children(self.dealer)
        for vals, message in cases:
            with self.subTest(vals=vals), self.assertRaisesRegex(ValidationError, message):
                partner._dealer_portal_create_delivery_address(self._address_form(**vals))
        self.assertEqual(self._delivery_children(self.dealer), before, "nothing created")


@tagged("post_install", "-at_install")
class TestCheckoutPages(CheckoutMixin, DealerPortalHttpCommon):

    def test_invoice_details_page(self):
        self.dealer.write({**{k: v for k, v in SPECIAL.items() if k != "dealer_fapiao_tax_number"}, "vat": USCC})
        self.authenticate("dp_dealer", "dp_dealer")
        page = self.url_open("/my/invoice-details").text
        self.assertIn(USCC, page)
        self.assertIn("中国工商银行上海分行", page)
        response = self.url_open("/my/invoice-details", data={
            "csrf_token": self._csrf("/my/invoice-details"), **SPECIAL, "dealer_fapiao_type": "ordinary",
            "dealer_fapiao_title": "甲经销商（新）",
        })
        self.assertTrue(response.url.endswith("/my/invoice-details"))
        self.assertIn("saved", response.text)
        self.assertEqual(self.dealer.dealer_fapiao_title, "甲经销商（新）")
        self.assertEqual(self.dealer.dealer_fapiao_type, "ordinary")
        # hostile input: the form again with the reasons, nothing written
        response = self.url_open("/my/invoice-details", data={
            "csrf_token": self._csrf("/my/invoice-details"), **SPECIAL,
            "dealer_fapiao_tax_number": "<b>x</b>", "dealer_fapiao_bank_account": "9" * 5000,
        })
        self.assertEqual(response.status_code, 200)
        self.assertIn("is not valid", response.text)
        self.assertIn("at most 40 characters", response.text)
        self.assertNotIn("<b>x</b>", response.text, "escaped")
        self.assertEqual(self.dealer.dealer_fapiao_type, "ordinary")
        self.assertEqual(self.dealer.vat, USCC)

    def test_another_dealer_cannot_see_nor_change_the_details(self):
        self.dealer.write({**{k: v for k, v in SPECIAL.items() if k != "dealer_fapiao_tax_number"}, "vat": USCC})
        self.authenticate("dp_dealer_b", "dp_dealer_b")
        page = self.url_open("/my/invoice-details").text
        self.assertNotIn(USCC, page)
        self.assertNotIn("中国工商银行上海分行", page)
        self.assertIn(self.dealer_b.name, page, "its own defaults")
        self.url_open("/my/invoice-details", data={
            "csrf_token": self._csrf("/my/invoice-details"), **SPECIAL, "dealer_fapiao_title": "乙",
            "partner_id": self.dealer.id, "id": self.dealer.id,
        })
        self.assertEqual(self.dealer.dealer_fapiao_title, SPECIAL["dealer_fapiao_title"], "dealer A unchanged")
        self.assertEqual(self.dealer_b.dealer_fapiao_title, "乙", "the posted ids are ignored: its own")
        # the record rules guard the data, whatever the route
        partner_model = self.env["res.partner"].with_user(self.portal_user_b)
        with self.assertRaises(AccessError):
            partner_model.browse(self.dealer.id).read(["dealer_fapiao_bank_account"])
        with self.assertRaises(AccessError):
            partner_model.browse(self.dealer_b.id).write({"dealer_fapiao_title": "乙二"})
        order_a = self._create_order()
        with self.assertRaises(AccessError):
            self.env["sale.order"].with_user(self.portal_user_b).browse(order_a.id).read(["dealer_fapiao_tax_number"])

    def test_csrf_and_non_dealers(self):
        self.authenticate("dp_dealer", "dp_dealer")
        with mute_logger("odoo.http"):
            response = self.url_open("/my/invoice-details", data={**SPECIAL})
            self.assertEqual(response.status_code, 400, "no CSRF token, refused")
            response = self.url_open("/my/delivery-addresses/new", data=self._address_form())
            self.assertEqual(response.status_code, 400)
        self.assertFalse(self.dealer.dealer_fapiao_type)
        self.assertFalse(self._delivery_children(self.dealer))
        customer = self.env["res.partner"].create({"name": "Plain portal customer", "email": "plain@example.com"})
        create_portal_user(self.env, customer, "dp_plain", company_id=self.company.id)
        self.authenticate("dp_plain", "dp_plain")
        for url in ("/my/invoice-details", "/my/delivery-addresses", "/my/delivery-addresses/new"):
            with mute_logger("odoo.http"):
                self.assertEqual(self.url_open(url).status_code, 404, url)

    def test_add_address_at_checkout(self):
        self.authenticate("dp_dealer", "dp_dealer")
        self.url_open("/my/cart/add", data={"csrf_token": self._csrf(), "product_id": self.item_a.id, "qty": 10})
        cart = self.env["sale.order"].with_user(self.portal_user)._dealer_portal_cart()
        self.assertIn("/my/delivery-addresses/new?redirect=/my/cart", self.url_open("/my/cart").text)
        response = self.url_open("/my/delivery-addresses/new", data={
            "csrf_token": self._csrf("/my/delivery-addresses/new"), "redirect": "/my/cart",
            **self._address_form(), "parent_id": self.dealer_b.id, "type": "invoice", "company_id": 0,
        })
        self.assertTrue(response.url.endswith("/my/cart"), response.url)
        address = self._delivery_children(self.dealer)
        self.assertEqual(len(address), 1)
        self.assertEqual(address.name, "新仓库王经理")
        self.assertEqual(cart.partner_shipping_id, address, "chosen for the order")
        self.assertFalse(self._delivery_children(self.dealer_b), "the posted parent is ignored")
        self.assertIn("added", response.text)
        # the list shows it; another dealer neither sees nor may use it
        self.assertIn("新港路 66 号", self.url_open("/my/delivery-addresses").text)
        self.authenticate("dp_dealer_b", "dp_dealer_b")
        self.assertNotIn("新港路 66 号", self.url_open("/my/delivery-addresses").text)
        self.url_open("/my/cart/add", data={"csrf_token": self._csrf(), "product_id": self.item_a.id, "qty": 10})
        cart_b = self.env["sale.order"].with_user(self.portal_user_b)._dealer_portal_cart()
        response = self.url_open("/my/cart/submit", data={"csrf_token": self._csrf("/my/cart"),
                                                          "shipping_id": address.id})
        self.assertIn("not one of yours", response.text)
        self.assertTrue(cart_b.dealer_portal_cart)
        self.assertNotEqual(cart_b.partner_shipping_id, address)

    def test_hostile_address_form(self):
        self.authenticate("dp_dealer", "dp_dealer")
        response = self.url_open("/my/delivery-addresses/new", data={
            "csrf_token": self._csrf("/my/delivery-addresses/new"), "redirect": "https://evil.example.com",
            **self._address_form(name="<script>alert(1)</script>", state_id="-1", street="路" * 5000),
        })
        self.assertEqual(response.status_code, 200, "the form again")
        self.assertIn("Choose the province", response.text)
        self.assertIn("at most 200", response.text)
        self.assertNotIn("<script>alert(1)</script>", response.text)
        self.assertNotIn("evil.example.com", response.text)
        self.assertFalse(self._delivery_children(self.dealer))
        response = self.url_open("/my/delivery-addresses/new", data={
            "csrf_token": self._csrf("/my/delivery-addresses/new"), "redirect": "https://evil.example.com",
            **self._address_form(),
        })
        self.assertTrue(response.url.endswith("/my/delivery-addresses"), response.url)

    def test_checkout_invoice_details(self):
        self.authenticate("dp_dealer", "dp_dealer")
        self.url_open("/my/cart/add", data={"csrf_token": self._csrf(), "product_id": self.item_a.id, "qty": 10})
        cart = self.env["sale.order"].with_user(self.portal_user)._dealer_portal_cart()
        page = self.url_open("/my/cart").text
        self.assertIn('name="dealer_fapiao_type"', page)
        self.assertIn(self.dealer.name, page, "the default title")
        # refused: back at the cart with what was typed and why
        response = self.url_open("/my/cart/submit", data={
            "csrf_token": self._csrf("/my/cart"), **SPECIAL, "dealer_fapiao_phone": "",
            "dealer_fapiao_title": "甲经销商华东仓",
        })
        self.assertTrue(response.url.endswith("/my/cart"), response.url)
        self.assertIn("needs Registered Phone", response.text)
        self.assertIn("甲经销商华东仓", response.text, "what the buyer typed is kept")
        self.assertTrue(cart.dealer_portal_cart)
        response = self.url_open("/my/cart/submit", data={
            "csrf_token": self._csrf("/my/cart"), **SPECIAL, "fapiao_save_default": "1",
        })
        self.assertTrue(response.url.endswith(f"/my/orders/{cart.id}"), response.url)
        self.assertEqual(cart.dealer_fapiao_type, "special")
        self.assertIn("o_dealer_order_fapiao", response.text)
        self.assertIn(USCC, response.text)
        self.assertEqual(self.dealer.dealer_fapiao_type, "special", "kept for the next orders, as asked")
        self.assertEqual(self.dealer.vat, USCC)


@tagged("post_install", "-at_install")
class TestCheckoutTour(CheckoutMixin, DealerPortalHttpCommon):

    def test_checkout_journey(self):
        """Cart → add an address → special VAT invoice with its bank details → submit."""
        cart = self.env["sale.order"].with_user(self.portal_user)._dealer_portal_cart(create=True)
        cart._dealer_portal_add_products({self.item_a: 10})
        # every step waits on what the page shows; the timeout only bounds a very slow machine
        self.start_tour("/my/cart", "dealer_portal_checkout_tour", login="dp_dealer", timeout=240)
        order = self.env["sale.order"].search([("client_order_ref", "=", "TOUR-FAPIAO-1")])
        self.assertEqual(order, cart)
        self.assertEqual(order.state, "sale")
        address = order.partner_shipping_id
        self.assertEqual((address.name, address.parent_id, address.type, address.state_id),
                         ("新仓库王经理", self.dealer, "delivery", self.state_e1))
        self.assertEqual(order.dealer_fapiao_type, "special")
        self.assertEqual(order.dealer_fapiao_tax_number, USCC, "normalized")
        self.assertEqual(order.dealer_fapiao_bank_name, "中国工商银行上海分行")
        self.assertEqual(order.dealer_fapiao_phone, "021-12345678")
        self.assertFalse(self.dealer.dealer_fapiao_type, "the dealer's defaults are unchanged")
