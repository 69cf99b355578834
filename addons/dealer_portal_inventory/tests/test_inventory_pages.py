import io

from odoo.tests import JsonRpcException, tagged
from odoo.tools import mute_logger

from .common import DealerPortalInventoryCommon


@tagged("post_install", "-at_install")
class TestInventoryPages(DealerPortalInventoryCommon):

    def _post_report(self, data=None, files=None):
        token = self._csrf("/my/inventory/report")
        values = {"csrf_token": token, "report_type": "sellout", "date": self.today.isoformat(),
                  "date_from": self.today.replace(day=1).isoformat(), **(data or {})}
        return self.url_open("/my/inventory/report", data=values, files=files)

    def test_report_by_form_and_see_stock(self):
        self.authenticate("dp_dealer", "dp_dealer")
        page = self._post_report({"code_0": "DP-A", "qty_0": "12"})
        self.assertEqual(page.status_code, 200)
        report = self.env["dealer.inventory.report"].search([("partner_id", "=", self.dealer.id)])
        self.assertEqual((report.source, report.state, report.line_ids.quantity), ("portal", "done", 12.0))
        self.assertIn("recorded", page.text)
        self.assertIn("测试商品A", page.text)
        row = self.env["dealer.channel.stock"].search([("partner_id", "=", self.dealer.id)])
        self.assertEqual(row.estimated_qty, 18.0)
        self.assertIn("o_dealer_estimated\">18", page.text.replace(" ", ""))
        self.assertNotIn("B-LOT-9", self.url_open("/my/inventory/expiry").text, "another dealer's lot")

    def test_upload_gbk_and_bad_rows(self):
        self.authenticate("dp_dealer", "dp_dealer")
        before = self.env["dealer.inventory.report"].search_count([])
        bad = "商品编码,数量\nDP-A,5\nDP-C,1\nNOPE,2\nDP-A,-1\n".encode("gbk")
        page = self._post_report(files={"upload": ("sellout.csv", io.BytesIO(bad), "text/csv")})
        self.assertEqual(self.env["dealer.inventory.report"].search_count([]), before, "nothing written")
        for text in ("Row 3: DP-C is not one of your products", "Row 4: unknown product NOPE", "Row 5: "):
            self.assertIn(text, page.text)
        good = "商品编码,数量\nDP-A,5\nDP-B,2\n".encode("gbk")
        self._post_report(files={"upload": ("sellout.csv", io.BytesIO(good), "text/csv")})
        report = self.env["dealer.inventory.report"].search([("partner_id", "=", self.dealer.id)])
        self.assertEqual(sorted(report.line_ids.mapped("quantity")), [2.0, 5.0])

    def test_expiry_page_shows_own_lots(self):
        self.authenticate("dp_dealer_b", "dp_dealer_b")
        page = self.url_open("/my/inventory/expiry")
        self.assertIn("B-LOT-9", page.text)
        self.assertIn("o_dealer_expiry_red", page.text)
        stock = self.url_open("/my/inventory")
        self.assertIn("测试商品A", stock.text)

    def test_another_dealer_never_sees_or_reports(self):
        self.authenticate("dp_dealer", "dp_dealer")
        stock = self.url_open("/my/inventory").text
        self.assertNotIn(">40<", stock.replace(" ", ""), "dealer B's count is not on dealer A's page")
        # over RPC: dealer B's rows stay out of reach
        rows = self.make_jsonrpc_request("/web/dataset/call_kw", {
            "model": "dealer.channel.stock", "method": "search_read", "args": [[], ["partner_id"]], "kwargs": {},
        })
        self.assertEqual({row["partner_id"][0] for row in rows}, {self.dealer.id})
        with self.assertRaises(JsonRpcException), mute_logger("odoo.http"):
            self.make_jsonrpc_request("/web/dataset/call_kw", {
                "model": "dealer.inventory.report", "method": "create",
                "args": [{"partner_id": self.dealer_b.id, "report_type": "stock", "source": "rpc"}], "kwargs": {},
            })
        self.assertFalse(self.env["dealer.inventory.report"].search([("partner_id", "=", self.dealer_b.id),
                                                                     ("source", "=", "rpc")]))
        # dealer B's suggestions cannot be put into dealer A's cart
        self._report_sold(self.dealer_b, 39)
        suggestion_b = self.env["dealer.replenishment"].compute_suggestions(self.dealer_b)
        self.assertTrue(suggestion_b)
        token = self._csrf("/my/inventory/replenishment")
        self.url_open("/my/inventory/replenishment/cart", data={"csrf_token": token,
                                                               "suggestion_ids": str(suggestion_b.id)})
        cart = self.env["sale.order"].search([("dealer_portal_user_id", "=", self.portal_user.id)])
        self.assertFalse(cart.order_line, "nothing of dealer B's suggestions is added")

    def test_suggestions_to_cart(self):
        self._report_sold(self.dealer, 20)
        self.authenticate("dp_dealer", "dp_dealer")
        token = self._csrf("/my/inventory/replenishment")
        self.url_open("/my/inventory/replenishment/refresh", data={"csrf_token": token})
        suggestion = self.env["dealer.replenishment"].search([("partner_id", "=", self.dealer.id)])
        # velocity 20 / 28, need 20 − 10 left = 10
        self.assertEqual((suggestion.product_id, suggestion.suggested_qty), (self.item_a, 10.0))
        page = self.url_open("/my/inventory/replenishment/cart", data={"csrf_token": token,
                                                                      "suggestion_ids": str(suggestion.id)})
        cart = self.env["sale.order"].search([("dealer_portal_user_id", "=", self.portal_user.id),
                                              ("dealer_portal_cart", "=", True)])
        self.assertEqual((cart.order_line.product_id, cart.order_line.product_uom_qty), (self.item_a, 10.0))
        self.assertIn("added to your cart", page.text)

    def _report_sold(self, dealer, qty):
        report = self.env["dealer.inventory.report"].create({
            "partner_id": dealer.id, "report_type": "sellout", "date": self.today, "date_from": self.today,
            "line_ids": [(0, 0, {"product_id": self.item_a.id, "quantity": qty})],
        })
        report.action_done()
        self.env.flush_all()  # the HTTP requests of the test read the database
        return report


@tagged("post_install", "-at_install")
class TestDownlinePages(DealerPortalInventoryCommon):
    """An upline reports for its store on the portal when the company allows it; nobody else does."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.portal_upline = cls._create_portal_user(cls.fulfiller_a, "dp_upline")
        cls.Report = cls.env["dealer.inventory.report"]

    def _post(self, partner):
        token = self._csrf("/my/inventory/report")
        return self.url_open("/my/inventory/report", data={
            "csrf_token": token, "report_type": "stock", "date": self.today.isoformat(),
            "report_partner_id": str(partner.id), "code_0": "DP-A", "qty_0": "4"})

    def test_upline_reports_for_its_store(self):
        self.authenticate("dp_upline", "dp_upline")
        self.assertNotIn("report_partner_id", self.url_open("/my/inventory/report").text, "setting off: no choice")
        before = self.Report.search_count([])
        page = self._post(self.store)
        self.assertIn("You can only report for your own company", page.text)
        self.assertEqual(self.Report.search_count([]), before, "nothing written")
        self.company.dealer_inventory_downline_reports = True
        form = self.url_open("/my/inventory/report").text
        self.assertIn("report_partner_id", form)
        self.assertIn(self.store.name, form)
        self._post(self.store)
        report = self.Report.search([("partner_id", "=", self.store.id)])
        self.assertEqual((report.source, report.line_ids.quantity), ("portal", 4.0))
        # over RPC the upline reads the report of its store, and only its own and its downline's
        rows = self.make_jsonrpc_request("/web/dataset/call_kw", {
            "model": "dealer.inventory.report", "method": "search_read", "args": [[], ["partner_id"]],
            "kwargs": {}})
        self.assertEqual({row["partner_id"][0] for row in rows}, {self.store.id})

    def test_another_dealer_cannot_report_for_the_store(self):
        self.company.dealer_inventory_downline_reports = True
        self.authenticate("dp_dealer", "dp_dealer")
        self.assertNotIn(self.store.name, self.url_open("/my/inventory/report").text)
        before = self.Report.search_count([])
        for partner in (self.store, self.dealer_b):
            page = self._post(partner)
            self.assertIn("You can only report for your own company", page.text)
        self.assertEqual(self.Report.search_count([]), before, "nothing written")
        rows = self.make_jsonrpc_request("/web/dataset/call_kw", {
            "model": "dealer.inventory.report", "method": "search_read", "args": [[], ["partner_id"]],
            "kwargs": {}})
        self.assertFalse({row["partner_id"][0] for row in rows} - {self.dealer.id})
