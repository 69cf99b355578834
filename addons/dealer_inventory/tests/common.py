from datetime import timedelta

from odoo import Command, fields
from odoo.tools import SQL, float_compare

from odoo.addons.dealer_base.tests.factory import create_portal_user
from odoo.addons.dealer_inventory.models.dealer_channel_stock import (
    ROLLUP_DIMENSIONS,
    ROLLUP_MEASURES,
    STORED_COLUMNS,
)
from odoo.addons.dealer_order.tests.common import DealerOrderCommon


class DealerInventoryCommon(DealerOrderCommon):
    """DealerOrderCommon (own company, dealers, warehouses, pooled products) plus a delivery
    address of ``dealer``, a product outside every pool, a second dealer with a portal user
    each, and helpers to deliver, return and report at chosen dates."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.today = fields.Date.today()
        cls.company.partner_id.tz = "UTC"
        cls.dealer_address = env["res.partner"].create({
            "name": "甲 仓库收货", "type": "delivery", "parent_id": cls.dealer.id, "state_id": cls.state_e1.id,
        })
        cls.other = cls._create_dealer("测试经销商乙", cls.level_l1, cls.state_e2, parent=cls.branch)
        cls.other._dealer_grant_products(cls.items)
        cls._authorize(cls.other, cls.region_e2)
        cls._authorize(cls.store, cls.region_e1)
        cls.item_c = cls._create_item("未授权商品C", 80.0)
        cls.item_a.default_code = "INV-A"
        cls.item_b.default_code = "INV-B"
        cls.item_b.barcode = "6900000000022"
        cls.item_c.default_code = "INV-C"
        env["stock.quant"]._update_available_quantity(cls.item_c, cls.warehouse.lot_stock_id, 1000.0)
        cls.portal_dealer = create_portal_user(env, cls.dealer, "inv_portal_dealer")
        cls.portal_other = create_portal_user(env, cls.other, "inv_portal_other")
        cls.Report = env["dealer.inventory.report"]
        cls.Stock = env["dealer.channel.stock"]
        cls.Replenishment = env["dealer.replenishment"]

    @classmethod
    def _days_ago(cls, days):
        return cls.today - timedelta(days=days)

    @classmethod
    def _deliver(cls, partner, lines, days_ago=0, qty_done=None, shipping=None):
        """Confirm an order of ``partner`` and validate its delivery (``qty_done``: {product: qty}
        for a partial delivery, the rest left in a backorder), dated ``days_ago``."""
        order = cls.env["sale.order"].create({
            "partner_id": partner.id,
            "partner_shipping_id": (shipping or partner).id,
            "order_line": [Command.create({"product_id": product.id, "product_uom_qty": qty, "price_unit": 10.0,
                                           "tax_id": [Command.clear()]}) for product, qty in lines],
        })
        order.action_confirm()
        picking = order.picking_ids
        for move in picking.move_ids:
            move.quantity = (qty_done or {}).get(move.product_id, move.product_uom_qty)
        picking.move_ids.picked = True
        picking.with_context(cancel_backorder=False)._action_done()
        cls._set_date(picking, days_ago)
        return order, picking

    @classmethod
    def _return(cls, picking, qty, days_ago=0):
        wizard = cls.env["stock.return.picking"].with_context(
            active_id=picking.id, active_model="stock.picking").create({})
        wizard.product_return_moves.quantity = qty
        returned = wizard._create_return()
        returned.move_ids.quantity = qty
        returned.move_ids.picked = True
        returned._action_done()
        cls._set_date(returned, days_ago)
        return returned

    @classmethod
    def _set_date(cls, picking, days_ago):
        moment = fields.Datetime.now() - timedelta(days=days_ago)
        picking.move_ids.filtered(lambda move: move.state == "done").write({"date": moment})
        picking.date_done = moment

    @classmethod
    def _report(cls, partner, report_type, lines, days_ago=0, period=None, done=True):
        """A report of ``partner`` dated ``days_ago`` (``period``: days of a sell-out, ending then)."""
        date = cls._days_ago(days_ago)
        report = cls.Report.create({
            "partner_id": partner.id, "report_type": report_type, "date": date,
            "date_from": date - timedelta(days=(period or 1) - 1) if report_type == "sellout" else False,
            "line_ids": [Command.create({"product_id": product.id, "quantity": qty, **extra})
                         for product, qty, *rest in lines for extra in [rest[0] if rest else {}]],
        })
        if done:
            report.action_done()
        return report

    def _stock(self, partner, product):
        self.env.flush_all()
        self.env.invalidate_all()  # the view's rows keep their ids when its figures change
        return self.Stock.search([("partner_id", "=", partner.id), ("product_id", "=", product.id),
                                  ("company_id", "=", self.company.id)])

    def _stock_rows(self, query):
        columns = SQL(", ").join(SQL.identifier(column) for column in STORED_COLUMNS)
        self.env.cr.execute(SQL("SELECT %s FROM (%s) q ORDER BY id", columns, query))
        return self.env.cr.fetchall()

    def _corrupt_stock(self):
        """Spoil the table as the daily rebuild must mend it: the rows of ``dealer`` gone, the
        figures of ``other``'s wrong, a row of a partner without any fact. Returns that partner."""
        self.env.flush_all()
        self.Stock._dealer_apply_pending()
        stray = self.env["res.partner"].create({"name": "无渠道事实的伙伴"})
        self.env.flush_all()
        cr = self.env.cr
        cr.execute(SQL("DELETE FROM dealer_channel_stock WHERE partner_id = %s", self.dealer.id))
        self.assertTrue(cr.rowcount, "the dealer has rows")
        cr.execute(SQL("UPDATE dealer_channel_stock SET sell_in_qty = sell_in_qty + 100, estimated_qty = -1"
                       " WHERE partner_id = %s", self.other.id))
        self.assertTrue(cr.rowcount, "the other dealer has rows")
        cr.execute(SQL(
            """INSERT INTO dealer_channel_stock (id, partner_id, product_id, company_id, sell_in_qty, expected_qty,
                                                 estimated_qty)
               VALUES (%(id)s, %(partner)s, %(product)s, %(company)s, 5, 5, 5)""",
            id=stray.id * 2147483648 + self.item_c.id * 1024 + self.company.id, partner=stray.id,
            product=self.item_c.id, company=self.company.id))
        self.Stock.invalidate_model()
        return stray

    def _stock_table(self):
        """The table's rows (stored columns), by id."""
        self.env.flush_all()
        return self._stock_rows(SQL("SELECT * FROM dealer_channel_stock"))

    def assertStockMatchesRebuild(self):
        """The maintained table equals a fresh computation of every row from the facts."""
        self.env.flush_all()
        self.Stock._dealer_apply_pending()
        table = self._stock_rows(SQL("SELECT * FROM dealer_channel_stock"))
        fresh = self._stock_rows(self.Stock._dealer_query())
        self.assertEqual([row[0] for row in table], [row[0] for row in fresh], "the same dealers and products")
        for kept, computed in zip(table, fresh, strict=True):
            for column, a, b in zip(STORED_COLUMNS, kept, computed, strict=True):
                if isinstance(a, float) or isinstance(b, float):
                    same = (a is None) == (b is None) and (a is None or float_compare(a, b, precision_digits=6) == 0)
                else:
                    same = a == b
                self.assertTrue(same, f"{column} of row {kept[0]}: table {a!r}, fresh {b!r}")
        self.assertRollupAgrees()
        return table

    # groupings the rollup answers (each of its dimensions at least once)
    ROLLUP_GROUPINGS = (
        ("dealer_region_id", "categ_id"), ("company_id",), ("state_id", "dealer_level_id"),
        ("dealer_parent_id", "difference_flag"), (),
    )

    def _rollup_expected(self, groupby):
        """{group key: [sums of the measures..., row count]} summed in Python from the table's
        rows the user reads (its companies)."""
        names = (*ROLLUP_DIMENSIONS, *ROLLUP_MEASURES)
        self.env.cr.execute(SQL("SELECT %s FROM dealer_channel_stock WHERE id = ANY(%s)",
                                SQL(", ").join(SQL.identifier(name) for name in names), self.Stock.search([]).ids))
        expected = {}
        for row in self.env.cr.fetchall():
            values = dict(zip(names, row, strict=True))
            figures = expected.setdefault(tuple(values[name] or False for name in groupby),
                                          [0.0] * len(ROLLUP_MEASURES) + [0])
            for index, name in enumerate(ROLLUP_MEASURES):
                figures[index] += values[name] or 0.0
            figures[-1] += 1
        if not groupby and not expected:
            expected[()] = [0.0] * len(ROLLUP_MEASURES) + [0]
        return expected

    def _rollup_read(self, groupby, domain=()):
        specs = [f"{name}:sum" for name in ROLLUP_MEASURES] + ["__count"]
        self.assertTrue(self.Stock._rollup_answers(list(domain), list(groupby), specs, (), None))
        return {
            tuple(value.id if hasattr(value, "_name") else value for value in row[:len(groupby)]):
                [value or 0.0 for value in row[len(groupby):]]
            for row in self.Stock._read_group(list(domain), list(groupby), specs)
        }

    def assertRollupAgrees(self):
        """The groupings the rollup answers equal the sums of the table's rows, with keys noted
        and not yet merged, and once merged."""
        for merged in (False, True):
            if merged:
                self.Stock._dealer_rollup_merge()
                self.env.cr.execute(SQL("SELECT count(*) FROM dealer_channel_stock_rollup_dirty"))
                self.assertEqual(self.env.cr.fetchone()[0], 0, "every noted key merged")
            for groupby in self.ROLLUP_GROUPINGS:
                expected = self._rollup_expected(groupby)
                got = self._rollup_read(groupby)
                self.assertEqual(set(got), set(expected), f"the groups of {groupby} (merged: {merged})")
                for key, figures in expected.items():
                    for name, want, have in zip((*ROLLUP_MEASURES, "__count"), figures, got[key], strict=True):
                        self.assertEqual(float_compare(want, have, precision_digits=6), 0,
                                         f"{name} of {groupby} = {key} (merged: {merged}): {have} for {want}")
