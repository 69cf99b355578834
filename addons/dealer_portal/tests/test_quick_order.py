from odoo.exceptions import UserError
from odoo.tests import tagged

from odoo.addons.dealer_base.tests.factory import xlsx_file

from .common import DealerPortalCommon


@tagged("post_install", "-at_install")
class TestDealerQuickOrder(DealerPortalCommon):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.item_b.barcode = "6901234567892"
        cls.SaleOrder = cls.env["sale.order"].with_user(cls.portal_user)

    def _cart(self):
        return self.SaleOrder._dealer_portal_cart(create=True)

    def _xlsx(self, rows):
        return xlsx_file(rows)

    def _quantities(self, cart):
        return {line.product_id: line.product_uom_qty for line in cart._dealer_portal_product_lines()}

    def test_csv_with_chinese_headers_and_merged_rows(self):
        content = "商品编码,数量\nDP-A,3\nDP-B,6\nDP-A,2\n".encode("utf-8-sig")
        rows = self.SaleOrder._dealer_portal_parse_quick_order(content, "订单.csv")
        self.assertEqual(rows, [(2, "default_code", "DP-A", "3"), (3, "default_code", "DP-B", "6"),
                                (4, "default_code", "DP-A", "2")])
        cart = self._cart()
        errors, hints = cart._dealer_portal_quick_order(rows)
        self.assertEqual((errors, hints), ([], []))
        self.assertEqual(self._quantities(cart), {self.item_a: 5, self.item_b: 6})

    def test_xlsx_with_barcodes(self):
        content = self._xlsx([["barcode", "qty"], ["6901234567892", 12], [None, None]])
        rows = self.SaleOrder._dealer_portal_parse_quick_order(content, "order.XLSX")
        errors, _hints = self._cart()._dealer_portal_quick_order(rows)
        self.assertFalse(errors)
        self.assertEqual(self._quantities(self._cart()), {self.item_b: 12})

    def test_row_errors_add_nothing(self):
        cart = self._cart()
        cart._dealer_portal_add_products({self.item_a: 1})
        content = self._xlsx([
            ["code", "qty"], ["DP-A", 2], ["DP-C", 1], ["NOPE", 1], ["DP-B", "six"], ["DP-B", -6], ["", 3],
        ])
        rows = self.SaleOrder._dealer_portal_parse_quick_order(content, "order.xlsx")
        errors, hints = cart._dealer_portal_quick_order(rows)
        self.assertEqual([(number, value) for number, value, _reason in errors],
                         [(3, "DP-C"), (4, "NOPE"), (5, "DP-B"), (6, "DP-B"), (7, "")])
        # another dealer's code and a code that does not exist read the same
        self.assertEqual(errors[0][2], "Not available to you.")
        self.assertEqual(errors[1][2], errors[0][2])
        self.assertIn("not a number", errors[2][2])
        self.assertEqual(hints, [])
        self.assertEqual(self._quantities(cart), {self.item_a: 1}, "nothing of the file was added")

    def test_bad_files(self):
        with self.assertRaisesRegex(UserError, "CSV or an Excel"):
            self.SaleOrder._dealer_portal_parse_quick_order(b"x", "order.pdf")
        with self.assertRaisesRegex(UserError, "could not be read"):
            self.SaleOrder._dealer_portal_parse_quick_order(b"not a zip", "order.xlsx")
        with self.assertRaisesRegex(UserError, "could not be read"):
            self.SaleOrder._dealer_portal_parse_quick_order(b"code,qty\n\x00\x01bad", "order.csv")
        with self.assertRaisesRegex(UserError, "first row must name the columns"):
            self.SaleOrder._dealer_portal_parse_quick_order(b"DP-A,3\n", "order.csv")
        with self.assertRaisesRegex(UserError, "empty"):
            self.SaleOrder._dealer_portal_parse_quick_order(b"\n\n", "order.csv")
