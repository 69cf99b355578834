import base64
from datetime import timedelta

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from odoo.addons.dealer_base.tests.factory import xlsx_file

from .common import DealerInventoryCommon


@tagged("post_install", "-at_install")
class TestInventoryImport(DealerInventoryCommon):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Import = cls.env["dealer.inventory.import"]
        cls.downline_store = cls._create_dealer("甲的门店", cls.level_store, cls.state_e1, parent=cls.dealer,
                                                dealer_code="MD001")

    def _wizard(self, content, filename, report_type="sellout", partner=None, days_ago=0, period=7):
        date = self._days_ago(days_ago)
        return self.Import.create({
            "partner_id": (partner or self.dealer).id, "report_type": report_type, "date": date,
            "date_from": date - timedelta(days=period - 1) if report_type == "sellout" else False,
            "file": base64.b64encode(content), "filename": filename,
        })

    def _counts(self):
        return (self.Report.search_count([]), self.env["dealer.inventory.report.line"].search_count([]))

    def test_gbk_csv_sellout(self):
        expiry = (self.today + timedelta(days=45)).isoformat()
        text = f"商品编码,数量,批次,到期日期,客户编码\nINV-A,12,B2601,{expiry},MD001\nINV-A,3,B2602,,\n"
        action = self._wizard(text.encode("gbk"), "销量.csv").action_import()
        report = self.Report.browse(action["res_id"])
        self.assertEqual(report.state, "done")
        self.assertEqual(report.source, "import")
        self.assertEqual(len(report.line_ids), 2)
        first = report.line_ids.sorted("quantity")[-1]
        self.assertEqual((first.product_id, first.quantity, first.lot_name, first.customer_id),
                         (self.item_a, 12.0, "B2601", self.downline_store))
        self.assertEqual(first.expiry_level, "yellow")
        self.assertAlmostEqual(self._stock(self.dealer, self.item_a).sell_out_qty, 15.0)

    def test_utf8_bom_csv_and_xlsx_stock(self):
        content = "\ufeffbarcode;quantity\n6900000000022;7\n".encode()
        report = self.Report.browse(self._wizard(content, "count.csv", "stock").action_import()["res_id"])
        self.assertEqual((report.line_ids.product_id, report.line_ids.quantity), (self.item_b, 7.0))
        book = xlsx_file([["code", "qty", "lot"], ["INV-A", 4, "X1"], ["INV-B", 2.5, None]])
        report = self.Report.browse(self._wizard(book, "count.xlsx", "stock", days_ago=1).action_import()["res_id"])
        self.assertEqual(sorted(report.line_ids.mapped("quantity")), [2.5, 4.0])

    def test_bad_rows_are_all_listed_and_nothing_written(self):
        future = (self.today + timedelta(days=3)).isoformat()
        text = (
            "商品编码,数量,日期,客户编码\n"
            "NOPE,1,,\n"          # 2 unknown product
            "INV-C,1,,\n"         # 3 not the dealer's
            "INV-A,-4,,\n"        # 4 negative
            f"INV-A,1,{future},\n"  # 5 future date
            "INV-B,abc,,\n"       # 6 not a number
            "INV-B,2,,\n"         # 7 fine
            "INV-B,3,,\n"         # 8 duplicate of 7
            "INV-A,1,,XX9\n"      # 9 unknown customer
        )
        before = self._counts()
        with self.assertRaises(UserError) as caught:
            self._wizard(text.encode("gbk"), "bad.csv").action_import()
        message = str(caught.exception)
        for row, words in [(2, "unknown product NOPE"), (3, "INV-C is not one of your products"),
                           (4, "negative"), (5, "in the future"), (6, "not a number"),
                           (8, "duplicate of row 7"), (9, "unknown customer XX9")]:
            self.assertIn(f"Row {row}: ", message)
            self.assertIn(words, message)
        self.assertNotIn("Row 7:", message)
        self.assertEqual(self._counts(), before)

    def test_overlapping_period(self):
        self._report(self.dealer, "sellout", [(self.item_a, 5)], days_ago=3, period=5)
        before = self._counts()
        with self.assertRaises(UserError) as caught:
            self._wizard(b"code,qty\nINV-A,1\n", "a.csv", days_ago=0, period=4).action_import()
        self.assertIn("overlaps", str(caught.exception))
        self.assertEqual(self._counts(), before)

    def test_missing_columns_and_empty(self):
        with self.assertRaises(UserError):
            self._wizard(b"name,price\nA,1\n", "a.csv").action_import()
        with self.assertRaises(UserError):
            self._wizard(b"code,qty\n", "a.csv").action_import()
        with self.assertRaises(UserError):
            self._wizard(b"\x00\x01garbage", "a.xlsx").action_import()

    def test_portal_reports_only_for_itself(self):
        Import = self.Import.with_user(self.portal_dealer)
        report = Import._dealer_import_rows([["code", "qty"], ["INV-A", "2"]], self.dealer, "stock",
                                            self.today, False, source="portal")
        self.assertEqual(report.source, "portal")
        with self.assertRaises(AccessError):
            Import._dealer_import_rows([["code", "qty"], ["INV-A", "2"]], self.other, "stock",
                                       self.today, False, source="portal")

    def test_ten_thousand_rows(self):
        products = self.env["product.product"].create([
            {"name": f"批量商品{index}", "default_code": f"BULK{index:05d}", "is_storable": True}
            for index in range(200)])
        self.dealer._dealer_grant_products(products)
        rows = ["code,qty,lot"] + [f"BULK{index % 200:05d},{index % 7},L{index // 200}" for index in range(10000)]
        report = self.Report.browse(self._wizard("\n".join(rows).encode(), "big.csv").action_import()["res_id"])
        self.assertEqual(len(report.line_ids), 10000)
        self.assertAlmostEqual(report.total_qty, sum(index % 7 for index in range(10000)))
