import base64
import json
from datetime import datetime, time, timedelta
from unittest.mock import patch

from dateutil.relativedelta import relativedelta

from odoo import Command, fields
from odoo.exceptions import AccessError
from odoo.tests import tagged

from odoo.addons.dealer_inventory.tests.common import DealerInventoryCommon
from odoo.addons.dealer_report.models.dealer_sales_analysis import REFRESH_PARAM

FIELDS = ("sell_in_qty", "sell_in_amount", "sell_in_amount_last_year", "delivered_qty", "sell_out_qty",
          "sell_out_qty_last_year", "stock_qty")


@tagged("post_install", "-at_install")
class TestChannelAnalysis(DealerInventoryCommon):
    """Dealer 甲, product A, at ¥10 a unit (M0 is this month, M13 thirteen months ago):

    - M13 (the 15th): ordered and delivered 50;
    - M12 (the 15th): sold out 20;
    - M1: ordered and delivered 100 (the 15th), 10 of them returned (the 16th); sold out 40 (the
      5th, reversed) and 30 (the 20th);
    - M0 (today): sold out 25; a stock count of lot L1 15 units expiring in 10 days (red) and lot
      L2 5 units in 400 days (ok); an older count (M1) of 99 units expiring in 5 days.
    - Dealer 乙 (another region): a count of 7 units expiring in 50 days (yellow), B ordered and
      delivered 8 in M1.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Analysis = cls.env["dealer.channel.analysis"]
        cls.SalesAnalysis = cls.env["dealer.sales.analysis"]
        cls.m0 = cls.today.replace(day=1)
        cls.m1 = cls.m0 - relativedelta(months=1)
        cls.m12 = cls.m0 - relativedelta(months=12)
        cls.m13 = cls.m0 - relativedelta(months=13)
        _order, picking13 = cls._deliver_on(cls.dealer, [(cls.item_a, 50)], cls.m13 + timedelta(days=14))
        cls._report(cls.dealer, "sellout", [(cls.item_a, 20)], days_ago=cls._ago(cls.m12 + timedelta(days=14)))
        _order, picking1 = cls._deliver_on(cls.dealer, [(cls.item_a, 100)], cls.m1 + timedelta(days=14))
        cls._return(picking1, 10, days_ago=cls._ago(cls.m1 + timedelta(days=15)))
        reversed_report = cls._report(cls.dealer, "sellout", [(cls.item_a, 40)],
                                      days_ago=cls._ago(cls.m1 + timedelta(days=4)))
        reversed_report.action_reverse()
        cls._report(cls.dealer, "sellout", [(cls.item_a, 30)], days_ago=cls._ago(cls.m1 + timedelta(days=19)))
        cls.today_sell_out = cls._report(cls.dealer, "sellout", [(cls.item_a, 25)], days_ago=0)
        cls._report(cls.dealer, "stock", [
            (cls.item_a, 99, {"lot_name": "L0", "expiration_date": cls.today + timedelta(days=5)}),
        ], days_ago=cls._ago(cls.m1 + timedelta(days=20)))
        cls._report(cls.dealer, "stock", [
            (cls.item_a, 15, {"lot_name": "L1", "expiration_date": cls.today + timedelta(days=10)}),
            (cls.item_a, 5, {"lot_name": "L2", "expiration_date": cls.today + timedelta(days=400)}),
        ], days_ago=0)
        cls._deliver_on(cls.other, [(cls.item_b, 8)], cls.m1 + timedelta(days=14))
        cls._report(cls.other, "stock", [
            (cls.item_b, 7, {"lot_name": "Y1", "expiration_date": cls.today + timedelta(days=50)}),
        ], days_ago=0)
        cls.SalesAnalysis.refresh(full=True)

    @classmethod
    def _ago(cls, day):
        return (cls.today - day).days

    @classmethod
    def _deliver_on(cls, partner, lines, day):
        order, picking = cls._deliver(partner, lines, days_ago=cls._ago(day))
        order.date_order = datetime.combine(day, time(10))
        return order, picking

    def _rows(self, partner=None, product=None):
        """{month: (sell_in_qty, sell_in_amount, sell_in_amount_last_year, delivered, sell_out,
        sell_out_last_year, stock)} of dealer 甲's product A (or the given ones)."""
        self.env.invalidate_all()
        rows = self.Analysis.search([("partner_id", "=", (partner or self.dealer).id),
                                     ("product_id", "=", (product or self.item_a).id)])
        return {row.date: tuple(row[name] for name in FIELDS) for row in rows}

    def _expected(self):
        expected = {
            self.m13: (50, 500, 0, 50, 0, 0, 50),
            self.m12: (0, 0, 0, 0, 20, 0, 30),
            self.m1: (100, 1000, 500, 90, 30, 0, 90),
            self.m0: (0, 0, 0, 0, 25, 20, 65),
        }
        month = self.m12 + relativedelta(months=1)
        while month < self.m1:
            expected[month] = (0, 0, 0, 0, 0, 0, 30)
            month += relativedelta(months=1)
        return expected

    def _age(self):
        """Pretend every fact so far was written an hour before the last refresh."""
        self.env.flush_all()
        for table in ("sale_order", "stock_picking", "dealer_inventory_report", "res_partner", "dealer_region",
                      "product_template"):
            self.env.cr.execute(f"UPDATE {table} SET write_date = write_date - interval '1 hour'")  # noqa: S608
        self.env.invalidate_all()

    def _all_rows(self):
        self.env.invalidate_all()
        fields_ = ["sell_in_qty", "sell_in_amount", "sell_in_amount_last_year", "delivered_qty", "sell_out_qty",
                   "sell_out_qty_last_year", "stock_qty"]
        return {(row["partner_id"][0], row["product_id"][0], row["date"]): tuple(row[name] for name in fields_)
                for row in self.Analysis.search_read([], ["partner_id", "product_id", "date", *fields_])}

    def test_full_rebuild_figures(self):
        self.assertEqual(self._rows(), self._expected())
        # dealer 乙: B delivered 8 in M1, its stock carried into M0
        self.assertEqual(self._rows(self.other, self.item_b), {
            self.m1: (8, 80, 0, 8, 0, 0, 8),
            self.m0: (0, 0, 0, 0, 0, 0, 8),
        })
        row = self.Analysis.search([("partner_id", "=", self.dealer.id), ("date", "=", self.m1)])
        self.assertEqual((row.dealer_region_id, row.dealer_level_id, row.categ_id, row.currency_id),
                         (self.region_e1, self.dealer.dealer_level_id, self.item_a.categ_id,
                          self.company.currency_id))

    def test_equals_orm_sums(self):
        """Sell-in equals the sales analysis, delivered and sell-out the stock card's sums."""
        moves = self.env["dealer.channel.move"].search([("partner_id", "=", self.dealer.id),
                                                        ("product_id", "=", self.item_a.id)])
        rows = self.Analysis.search([("partner_id", "=", self.dealer.id), ("product_id", "=", self.item_a.id)])
        self.assertAlmostEqual(sum(rows.mapped("delivered_qty")), sum(moves.mapped("sell_in_qty")))
        self.assertAlmostEqual(sum(rows.mapped("sell_out_qty")), sum(moves.mapped("sell_out_qty")))
        sales = self.SalesAnalysis.search([("partner_id", "=", self.dealer.id), ("product_id", "=", self.item_a.id)])
        self.assertAlmostEqual(sum(rows.mapped("sell_in_amount")), sum(sales.mapped("amount")))
        current = rows.filtered(lambda row: row.date == self.m0)
        stock = self._stock(self.dealer, self.item_a)
        self.assertAlmostEqual(current.stock_qty, stock.expected_qty)

    def test_region_pivot(self):
        groups = self.Analysis.read_group(
            [("date", "=", self.m0)], ["sell_out_qty:sum", "stock_qty:sum"], ["dealer_region_id"])
        figures = {group["dealer_region_id"][0]: (group["sell_out_qty"], group["stock_qty"]) for group in groups}
        self.assertEqual(figures, {self.region_e1.id: (25, 65), self.region_e2.id: (0, 8)})

    def test_incremental_after_new_report(self):
        self._age()
        other_before = self._rows(self.other, self.item_b)
        self.today_sell_out.action_reverse()
        self.env.flush_all()
        with self.assertQueryCount(19):  # constant (no sales analysis keys here; the rollup's dimensions)
            result = self.SalesAnalysis.refresh()
        self.assertFalse(result["full"])
        self.assertEqual(result["channel_rows"], 1, "only the changed month of the dealer is written again")
        expected = self._expected()
        expected[self.m0] = (0, 0, 0, 0, 0, 20, 90)
        self.assertEqual(self._rows(), expected)
        self.assertEqual(self._rows(self.other, self.item_b), other_before)
        # the same as a full rebuild
        self.SalesAnalysis.refresh(full=True)
        self.assertEqual(self._rows(), expected)

    def test_incremental_untouched_dealers_kept(self):
        self._age()
        self.assertEqual(self.SalesAnalysis.refresh()["channel_rows"], 0, "nothing changed, nothing rebuilt")
        self.assertEqual(self._rows(), self._expected())

    def test_incremental_after_delivery_and_new_month(self):
        self._age()
        self._deliver_on(self.other, [(self.item_b, 4)], self.today)
        self.SalesAnalysis.refresh()
        self.assertEqual(self._rows(self.other, self.item_b)[self.m0], (4, 40, 0, 4, 0, 0, 12))
        # a month began since the last refresh: everything is rebuilt (the stock rolls into it)
        self._age()
        self.env["ir.config_parameter"].set_param(
            REFRESH_PARAM, fields.Datetime.to_string(datetime.combine(self.m1, time(12))))
        result = self.SalesAnalysis.refresh()
        self.assertGreater(result["channel_rows"], len(self._expected()))
        self.assertEqual(self._rows(), self._expected())

    def test_incremental_equals_full_rebuild(self):
        """The incremental refresh reads the touched dealers' sell-in from their first changed month
        only: the same rows as a full rebuild, for a new order of a product with earlier sell-in
        and a delivery of a product with an earlier stock."""
        self._age()
        order = self.env["sale.order"].create({
            "partner_id": self.dealer.id,
            "order_line": [Command.create({"product_id": self.item_a.id, "product_uom_qty": 10, "price_unit": 10.0,
                                           "tax_id": [Command.clear()]})],
        })
        order.action_confirm()
        self._deliver_on(self.other, [(self.item_b, 4)], self.today)
        result = self.SalesAnalysis.refresh()
        self.assertFalse(result["full"])
        incremental = self._all_rows()
        self.assertEqual(incremental[(self.dealer.id, self.item_a.id, self.m0)][:2], (10, 100),
                         "this month's sell-in of the new order")
        self.SalesAnalysis.refresh(full=True)
        self.assertEqual(self._all_rows(), incremental, "the incremental refresh equals a full rebuild")

    def test_rebuild_by_chunks_equals_full_rebuild(self):
        """The full rebuild as jobs: each chunk of dealers writes their channel analysis rows with
        their sell-in (in any order, a chunk twice), the last step nothing more: the rows of the
        one-statement rebuild."""
        full = self._all_rows()
        self.assertIn((self.other.id, self.item_b.id, self.m0), full)
        partner_ids = self.SalesAnalysis._rebuild_partner_ids()
        self.assertIn(self.dealer.id, partner_ids)
        self.assertIn(self.other.id, partner_ids)
        self.env.cr.execute("UPDATE dealer_channel_analysis SET stock_qty = stock_qty + 1")
        self.env.cr.execute("DELETE FROM dealer_channel_analysis WHERE partner_id = %s", [self.other.id])
        others = [partner_id for partner_id in partner_ids if partner_id not in (self.dealer.id, self.other.id)]
        chunks = [[self.other.id], others, [self.dealer.id]] if others else [[self.other.id], [self.dealer.id]]
        for chunk in chunks:
            result = self.SalesAnalysis._rebuild_chunk(chunk)
            self.assertIn("channel_rows", result)
        self.assertEqual(self.SalesAnalysis._rebuild_chunk([self.dealer.id])["channel_rows"],
                         len([key for key in full if key[0] == self.dealer.id]), "every row of the dealer")
        with patch.object(type(self.Analysis), "_rebuild", side_effect=AssertionError("rebuilt by the chunks")):
            self.assertNotIn("channel_rows", self.SalesAnalysis._rebuild_finish())
        self.assertEqual(self._all_rows(), full)

    def test_near_expiry_stock(self):
        NearExpiry = self.env["dealer.near.expiry.stock"]
        rows = NearExpiry.search([])
        figures = {(row.partner_id, row.lot_name): (row.quantity, row.expiry_level) for row in rows
                   if row.partner_id in self.dealer | self.other}
        # only the latest count of each dealer and product; lot L2 has no warning
        self.assertEqual(figures, {(self.dealer, "L1"): (15, "red"), (self.other, "Y1"): (7, "yellow")})
        groups = NearExpiry.read_group([("dealer_region_id", "child_of", self.region_e2.id)],
                                       ["quantity:sum"], [])
        self.assertEqual(groups[0]["quantity"], 7)

    def test_dashboard_has_near_expiry_kpi(self):
        dashboard = self.env.ref("dealer_report.spreadsheet_dashboard_dealer_channel")
        data = json.loads(base64.b64decode(dashboard.spreadsheet_binary_data))
        pivot = data["pivots"]["dealer_report_inventory_near_expiry"]
        self.assertEqual((pivot["model"], pivot["measures"][0]["fieldName"]), ("dealer.near.expiry.stock", "quantity"))
        cells = next(sheet for sheet in data["sheets"] if sheet["name"] == "Data")["cells"]
        kpi = next(key for key, cell in cells.items() if cell["content"] == '=_t("Near-Expiry Stock")')
        value_cell = "B" + kpi[1:]
        self.assertIn("dealer_report_inventory_near_expiry", cells[value_cell]["content"])
        # its number format, where o-spreadsheet reads it (the sheet's formats, not the cell)
        formats = next(sheet for sheet in data["sheets"] if sheet["name"] == "Data")["formats"]
        self.assertEqual(data["formats"][str(formats[value_cell])], "#,##0")
        figures = data["sheets"][0]["figures"]
        self.assertIn(f"Data!{value_cell}", [figure["data"].get("keyValue") for figure in figures])
        self.assertEqual(len({figure["id"] for figure in figures}), len(figures))
        # six scorecards side by side, none overlapping, within the row's width
        row = sorted((figure for figure in figures if figure["y"] == 10), key=lambda figure: figure["x"])
        self.assertEqual(len(row), 6)
        self.assertTrue(all(left["x"] + left["width"] < right["x"] for left, right in zip(row, row[1:], strict=False)))
        self.assertLessEqual(row[-1]["x"] + row[-1]["width"], 1060)
        # without the bridge (its uninstall), the dashboard's own data again
        self.env["spreadsheet.dashboard"]._dealer_channel_dashboard_update(include_inventory=False)
        data = json.loads(base64.b64decode(dashboard.spreadsheet_binary_data))
        self.assertNotIn("dealer_report_inventory_near_expiry", data["pivots"])

    def test_access(self):
        Users = self.env["res.users"].with_context(no_reset_password=True)
        dealer_user = Users.create({
            "name": "进销存报表专员", "login": "rep_inv_dealer_user",
            "groups_id": [Command.set(self.env.ref("dealer_base.group_dealer_user").ids)],
            "company_id": self.company.id, "company_ids": [Command.set(self.company.ids)],
        })
        self.assertEqual(self.Analysis.with_user(dealer_user).search_count([("partner_id", "=", self.dealer.id)]),
                         len(self._expected()))
        self.assertEqual(self.env["dealer.near.expiry.stock"].with_user(dealer_user).search_count(
            [("partner_id", "in", (self.dealer | self.other).ids)]), 2)
        salesman = Users.create({
            "name": "进销存普通销售", "login": "rep_inv_salesman",
            "groups_id": [Command.set(self.env.ref("sales_team.group_sale_salesman").ids)],
        })
        for user in (salesman, self.portal_dealer):
            for model in ("dealer.channel.analysis", "dealer.near.expiry.stock"):
                with self.subTest(user=user.login, model=model), self.assertRaises(AccessError):
                    self.env[model].with_user(user).search([])
        # a Dealer User of another company sees none of these rows
        company2 = self.setup_other_company(name="进销存二公司")["company"]
        dealer_user.write({"company_ids": [Command.set(company2.ids)], "company_id": company2.id})
        self.assertEqual(self.Analysis.with_user(dealer_user).search_count([]), 0)
        self.assertEqual(self.env["dealer.near.expiry.stock"].with_user(dealer_user).search_count([]), 0)
