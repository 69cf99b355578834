import sys

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import DealerPortalHttpCommon


@tagged("post_install", "-at_install")
class TestHostileQuantitiesAndParameters(DealerPortalHttpCommon):
    """Quantities that are not numbers, endless or absurd, and ids or page numbers that
    are not numbers: a clear message or a 404, never a traceback, nothing written."""

    def _cart(self):
        return self.env["sale.order"].with_user(self.portal_user)._dealer_portal_cart(create=True)

    def test_cart_quantities_are_bounded(self):
        cart = self._cart()
        cart._dealer_portal_add_products({self.item_a: 1})
        lines_before = cart.order_line.read(["product_id", "product_uom_qty"])
        rounding = self.item_a.uom_id.rounding
        for qty, message in ((float("nan"), "must be positive"), (float("inf"), "must be positive"),
                             (-float("inf"), "must be positive|cannot be negative"), (1e12, "at most 100000"),
                             (1e300, "at most 100000"), (1e308, "at most 100000"),
                             (sys.float_info.max, "at most 100000"),
                             (-sys.float_info.max, "must be positive|cannot be negative"),
                             (sys.float_info.min, "must be positive"), (100000.01, "at most 100000"),
                             (1 + rounding / 10, "finer than the unit")):
            with self.subTest(qty=qty), self.assertRaisesRegex(UserError, message):
                cart._dealer_portal_add_products({self.item_a: qty})
            with self.subTest(qty=qty, where="update"), self.assertRaisesRegex(UserError, message):
                cart._dealer_portal_set_quantity(cart.order_line, qty)
        self.assertEqual(cart.order_line.read(["product_id", "product_uom_qty"]), lines_before, "nothing written")
        cart._dealer_portal_add_products({self.item_a: 99999})
        self.assertEqual(cart.order_line.product_uom_qty, 100000, "the maximum itself is accepted")

    def test_maximum_is_a_company_setting(self):
        self.company.dealer_portal_max_qty = 50
        with self.assertRaisesRegex(UserError, "at most 50"):
            self._cart()._dealer_portal_add_products({self.item_a: 51})
        rows = [(1, "default_code", "DP-A", "1000000000000")]
        errors, _hints = self._cart()._dealer_portal_quick_order(rows)
        self.assertEqual([(number, value) for number, value, _reason in errors], [(1, "DP-A")])
        self.assertIn("at most 50", errors[0][2])

    def test_routes_refuse_parameters_that_are_not_numbers(self):
        self.authenticate("dp_dealer", "dp_dealer")
        for url in ("/my/catalog?page=abc", "/my/catalog?page=-3", "/my/catalog?page=99999999999999999999",
                    "/my/downline?page=abc", "/my/downline?page=1e9"):
            with self.subTest(url=url):
                self.assertEqual(self.url_open(url).status_code, 200)
        self.assertEqual(self.url_open("/my/catalog?category=abc").status_code, 404)
        token = self._csrf()
        for data in ({"product_id": "abc", "qty": "1"}, {"product_id": "99999999999999", "qty": "1"}):
            with self.subTest(data=data):
                response = self.url_open("/my/cart/add", data={"csrf_token": token, **data})
                self.assertEqual(response.status_code, 404)
        response = self.url_open("/my/cart/add", data={"csrf_token": token, "product_id": self.item_a.id,
                                                       "qty": "nan"})
        self.assertEqual(response.status_code, 200)
        self.assertIn("Write the quantity as a number", response.text)
        response = self.url_open("/my/cart/add", data={"csrf_token": token, "product_id": self.item_a.id})
        self.assertIn("the quantity must be positive", response.text, "no quantity is no quantity")
        self._cart()._dealer_portal_add_products({self.item_a: 1})
        for line_id in ("abc", "-1", "1e3", ""):
            with self.subTest(line_id=line_id):
                response = self.url_open("/my/cart/update", data={"csrf_token": token, "line_id": line_id,
                                                                  "qty": "5"})
                self.assertEqual(response.status_code, 200)
                self.assertIn("This line is not in your cart.", response.text)
        response = self.url_open("/my/cart/update", data={"csrf_token": token, "line_id": self._cart().order_line.id,
                                                          "qty": "inf"})
        self.assertIn("Write the quantity as a number", response.text)
        response = self.url_open("/my/cart/update", data={"csrf_token": token, "line_id": self._cart().order_line.id,
                                                          "qty": ""})
        self.assertIn("Write the quantity as a number", response.text, "an emptied field removes nothing")
        self.assertEqual(self._cart().order_line.product_uom_qty, 1, "nothing written by the refused posts")
