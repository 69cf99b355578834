from datetime import timedelta
from unittest.mock import patch

from odoo import Command, fields
from odoo.exceptions import UserError
from odoo.tests import tagged
from odoo.tools import SQL

from odoo.addons.dealer_base.tools import split_ids
from odoo.addons.dealer_inventory.models.dealer_channel_stock import PENDING_KEY, REBUILD_CHUNK_SIZE, ROLLUP_MEASURES
from odoo.addons.mail.tests.common import mail_new_test_user

from .common import DealerInventoryCommon


@tagged("post_install", "-at_install")
class TestChannelStock(DealerInventoryCommon):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        a = cls.item_a
        # 100 ordered to the delivery address, 60 delivered 20 days ago (40 left in a backorder)
        cls.order1, cls.picking1 = cls._deliver(cls.dealer, [(a, 100)], days_ago=20, qty_done={a: 60},
                                                shipping=cls.dealer_address)
        # 10 of them returned 15 days ago; 30 more delivered 5 days ago
        cls.return1 = cls._return(cls.picking1, 10, days_ago=15)
        cls.order2, cls.picking2 = cls._deliver(cls.dealer, [(a, 30)], days_ago=5)
        # sold 25 over days -20..-10, counted 22 on day -10, sold 12 over days -9..-1
        cls.sellout1 = cls._report(cls.dealer, "sellout", [(a, 25)], days_ago=10, period=11)
        cls.count = cls._report(cls.dealer, "stock", [(a, 22)], days_ago=10)
        cls.sellout2 = cls._report(cls.dealer, "sellout", [(a, 12)], days_ago=1, period=9)

    def test_figures(self):
        row = self._stock(self.dealer, self.item_a)
        self.assertEqual(len(row), 1)
        self.assertEqual(row.partner_id, self.dealer, "the delivery address counts for its dealer")
        self.assertAlmostEqual(row.sell_in_qty, 80.0)  # 60 - 10 + 30
        self.assertAlmostEqual(row.sell_out_qty, 37.0)  # 25 + 12
        self.assertAlmostEqual(row.expected_qty, 43.0)
        self.assertAlmostEqual(row.reported_qty, 22.0)
        self.assertEqual(row.reported_date, self._days_ago(10))
        # expected at the count: 60 - 10 - 25 = 25
        self.assertAlmostEqual(row.difference_qty, -3.0)
        self.assertTrue(row.difference_flag, "3 off 25 is beyond the 5 % tolerance")
        # 22 counted + 30 delivered since - 12 sold since
        self.assertAlmostEqual(row.estimated_qty, 40.0)
        self.assertAlmostEqual(row.in_transit_qty, 40.0, msg="the backorder is on its way")
        # 37 sold within the 28 days window
        self.assertAlmostEqual(row.velocity, 37.0 / 28, places=3)
        self.assertAlmostEqual(row.cover_days, 40.0 / (37.0 / 28), places=1)
        self.assertEqual(row.last_sell_out_date, self._days_ago(1))
        self.assertFalse(row.slow_moving)
        self.assertEqual(row.dealer_region_id, self.region_e1)
        self.assertEqual(row.categ_id, self.item_a.categ_id)
        self.assertStockMatchesRebuild()

    def test_tolerance_in_units(self):
        self.company.dealer_inventory_tolerance_type = "units"
        self.company.dealer_inventory_tolerance = 3.0
        self.env.flush_all()
        self.assertFalse(self._stock(self.dealer, self.item_a).difference_flag, "3 units is within 3")

    def test_reversal(self):
        reversal_action = self.sellout2.action_reverse()
        reversal = self.Report.browse(reversal_action["res_id"])
        self.assertEqual(reversal.state, "done")
        self.assertEqual(reversal.reversal_of_id, self.sellout2)
        self.assertEqual(self.sellout2.reversal_id, reversal)
        self.assertEqual(self.sellout2.state, "done", "the reversed report itself is untouched")
        row = self._stock(self.dealer, self.item_a)
        self.assertAlmostEqual(row.sell_out_qty, 25.0)
        self.assertAlmostEqual(row.estimated_qty, 52.0)
        # the period is free again: a corrected report of 10 is accepted
        corrected = self._report(self.dealer, "sellout", [(self.item_a, 10)], days_ago=1, period=9)
        self.assertEqual(corrected.state, "done")
        self.assertAlmostEqual(self._stock(self.dealer, self.item_a).estimated_qty, 42.0)
        self.assertStockMatchesRebuild()

    def test_done_report_is_never_edited(self):
        with self.assertRaises(UserError):
            self.sellout1.date = self._days_ago(12)
        with self.assertRaises(UserError):
            self.sellout1.line_ids.quantity = 1.0
        with self.assertRaises(UserError):
            self.sellout1.unlink()
        self.sellout1.action_reverse()
        with self.assertRaises(UserError):
            self.sellout1.action_reverse()
        with self.assertRaises(UserError):
            self.sellout1.reversal_id.action_reverse()

    def test_stock_card(self):
        card = self.env["dealer.channel.move"].search([
            ("partner_id", "=", self.dealer.id), ("product_id", "=", self.item_a.id)])
        self.assertEqual(card.mapped("kind"), ["sell_in", "return", "sell_out", "count", "sell_in", "sell_out"])
        self.assertEqual(card.mapped("sell_in_qty"), [60.0, -10.0, 0.0, 0.0, 30.0, 0.0])
        self.assertEqual(card.mapped("sell_out_qty"), [0.0, 0.0, 25.0, 0.0, 0.0, 12.0])
        self.assertEqual(card.filtered(lambda move: move.kind == "count").count_qty, 22.0)

    def test_fulfillment_is_sell_out_of_the_fulfilling_dealer(self):
        self._authorize(self.fulfiller_a, self.region_e1)
        order = self._create_order(partner=self.store, flow="fulfillment", lines=[(self.item_a, 10, 100.0)])
        order.action_dealer_submit()
        self.assertEqual(order.fulfillment_dealer_id, self.fulfiller_a)
        self._validate_delivery(order)
        self.env.flush_all()
        fulfiller = self._stock(self.fulfiller_a, self.item_a)
        self.assertAlmostEqual(fulfiller.sell_out_qty, 10.0)
        self.assertAlmostEqual(fulfiller.sell_in_qty, 0.0)
        self.assertAlmostEqual(self._stock(self.store, self.item_a).sell_in_qty, 10.0)
        self.assertStockMatchesRebuild()

    def test_no_count_estimate_is_expected(self):
        _order, _picking = self._deliver(self.other, [(self.item_b, 15)], days_ago=3)
        self._report(self.other, "sellout", [(self.item_b, 4)], days_ago=1, period=2)
        row = self._stock(self.other, self.item_b)
        self.assertAlmostEqual(row.expected_qty, 11.0)
        self.assertAlmostEqual(row.estimated_qty, 11.0)
        self.assertFalse(row.reported_date)
        self.assertFalse(row.difference_flag)

    def test_slow_moving(self):
        self._deliver(self.other, [(self.item_b, 15)], days_ago=90)
        self.assertTrue(self._stock(self.other, self.item_b).slow_moving)
        slow = self.Stock.search([("slow_moving", "=", True), ("partner_id", "in", (self.dealer | self.other).ids)])
        self.assertEqual(slow, self._stock(self.other, self.item_b), "searchable, as of today")
        self.assertEqual(self.Stock.search([("slow_moving", "=", False), ("partner_id", "=", self.dealer.id)]),
                         self._stock(self.dealer, self.item_a))
        # one sold 70 days ago: still slow after 60 days, not after 100
        self._report(self.other, "sellout", [(self.item_b, 1)], days_ago=70)
        self.assertTrue(self._stock(self.other, self.item_b).slow_moving)
        self.company.dealer_inventory_slow_days = 100
        self.env.invalidate_all()
        self.assertFalse(self._stock(self.other, self.item_b).slow_moving, "70 days within 100")
        self.assertFalse(self.Stock.search([("slow_moving", "=", True), ("partner_id", "=", self.other.id)]))

    def test_figures_of_today_are_read_time(self):
        """The window figures depend on today, not on the day the row was last refreshed."""
        row = self._stock(self.dealer, self.item_a)
        self.dealer.dealer_replenish_window_days = 5  # only the 12 sold over days -9..-1 (dated -1)
        self.env.invalidate_all()
        self.assertAlmostEqual(row.window_sell_out_qty, 12.0)
        self.assertAlmostEqual(row.velocity, 12.0 / 5, places=3)
        self.assertAlmostEqual(row.cover_days, 40.0 / (12.0 / 5), places=1)
        self.dealer.dealer_replenish_window_days = 1  # nothing sold today
        self.env.invalidate_all()
        self.assertEqual((row.window_sell_out_qty, row.velocity, row.cover_days), (0.0, 0.0, 0.0))

    def test_each_change_matches_a_rebuild(self):
        """After each kind of fact change, the maintained rows equal a fresh computation."""
        b = self.item_b
        # a partial delivery: 6 of 20 delivered, 14 in transit in the backorder
        order, picking = self._deliver(self.other, [(b, 20)], days_ago=12, qty_done={b: 6})
        row = self._stock(self.other, b)
        self.assertEqual((row.sell_in_qty, row.in_transit_qty), (6.0, 14.0))
        self.assertStockMatchesRebuild()
        # the backorder cancelled: nothing in transit any more
        backorder = order.picking_ids - picking
        backorder.action_cancel()
        self.assertEqual(self._stock(self.other, b).in_transit_qty, 0.0)
        self.assertStockMatchesRebuild()
        # a return of 2
        self._return(picking, 2, days_ago=11)
        self.assertEqual(self._stock(self.other, b).sell_in_qty, 4.0)
        self.assertStockMatchesRebuild()
        # a sell-out of 3, then a count of 2 (expected 1: a difference of 1), then a reversal
        sellout = self._report(self.other, "sellout", [(b, 3)], days_ago=8, period=3)
        self._report(self.other, "stock", [(b, 2)], days_ago=7)
        row = self._stock(self.other, b)
        self.assertEqual((row.sell_out_qty, row.reported_qty, row.difference_qty, row.estimated_qty),
                         (3.0, 2.0, 1.0, 2.0))
        self.assertStockMatchesRebuild()
        sellout.action_reverse()
        row = self._stock(self.other, b)
        self.assertEqual((row.sell_out_qty, row.difference_qty, row.estimated_qty), (0.0, -2.0, 2.0))
        self.assertStockMatchesRebuild()
        # the tolerance in units: a difference of 2 is within 2
        self.company.write({"dealer_inventory_tolerance_type": "units", "dealer_inventory_tolerance": 2.0})
        self.assertFalse(self._stock(self.other, b).difference_flag)
        self.assertStockMatchesRebuild()
        # a move's date changed after it was done (the sell-in is then after the count)
        picking.move_ids.write({"date": fields.Datetime.now() - timedelta(days=1)})
        row = self._stock(self.other, b)
        self.assertEqual((row.difference_qty, row.estimated_qty), (4.0, 8.0))
        self.assertStockMatchesRebuild()
        # the dimensions: the product's category, the dealer's province and level, the regions
        category = self.env["product.category"].create({"name": "另一类"})
        b.categ_id = category
        self.assertEqual(self._stock(self.other, b).categ_id, category)
        self.other.state_id = self.state_e1
        self.assertEqual(self._stock(self.other, b).dealer_region_id, self.region_e1)
        level_l2 = self.env.ref("dealer_base.dealer_level_l2")
        self.other.dealer_level_id = level_l2
        self.assertEqual(self._stock(self.other, b).dealer_level_id, level_l2)
        sub = self.env["dealer.region"].create({
            "name": "子区域", "code": "INV-SUB", "parent_id": self.region_e1.id,
            "state_ids": [Command.set(self.state_e1.ids)]})
        self.assertEqual(self._stock(self.other, b).dealer_region_id, sub, "the deepest region")
        self.assertStockMatchesRebuild()
        # a partner that stops being a dealer: our deliveries are no longer its sell-in (its reports stay)
        self.other.write({"dealer_level_id": False, "dealer_parent_id": False})
        row = self._stock(self.other, b)
        self.assertEqual((row.sell_in_qty, row.reported_qty, row.dealer_level_id.id), (0.0, 2.0, False))
        self.assertStockMatchesRebuild()

    def test_changes_are_applied_before_reads_and_at_commit(self):
        """A change notes the rows to refresh without a query; they are refreshed before the
        table is read, or when the transaction commits."""
        self._deliver(self.other, [(self.item_b, 7)], days_ago=2)
        self.env.flush_all()
        self.assertIn(PENDING_KEY, self.env.cr.precommit.data)
        self.env.cr.precommit.run()  # what a commit runs
        self.assertNotIn(PENDING_KEY, self.env.cr.precommit.data)
        self.env.cr.execute("SELECT sell_in_qty FROM dealer_channel_stock WHERE partner_id = %s AND product_id = %s",
                            (self.other.id, self.item_b.id))
        self.assertEqual(self.env.cr.fetchall(), [(7.0,)])
        self.assertStockMatchesRebuild()

    def test_refresh_by_prepared_statement(self):
        """A refresh of a few dealers is a prepared statement, planned once per connection: the
        same rows as the plain statements, prepared again on a connection that lacks it."""
        self._deliver(self.other, [(self.item_b, 7)], days_ago=2)
        self.env.flush_all()
        self.Stock._dealer_apply_pending()
        cr = self.env.cr
        cr.execute("SELECT name FROM pg_prepared_statements WHERE name LIKE 'dealer_channel_stock_refresh_%%'")
        names = cr.fetchall()
        self.assertEqual(len(names), 1, "prepared by the delivery's refresh")
        table = self.assertStockMatchesRebuild()
        # the rows emptied by hand come back through the prepared statement alone
        cr.execute("DELETE FROM dealer_channel_stock WHERE partner_id = %s", [self.other.id])
        with self.assertQueryCount(1):
            self.Stock._dealer_refresh({self.other.id}, {self.item_a.id, self.item_b.id})
        cr.execute("SELECT count(*) FROM pg_prepared_statements WHERE name = %s", names[0])
        self.assertEqual(cr.fetchone()[0], 1, "not prepared twice")
        # a connection without it (new, or handed over by a pooler): prepared again in the same query
        cr.execute("DEALLOCATE ALL")
        cr.execute("DELETE FROM dealer_channel_stock WHERE partner_id = %s", [self.other.id])
        with self.assertQueryCount(1):
            self.Stock._dealer_refresh({self.other.id}, {self.item_a.id, self.item_b.id})
        self.assertEqual(self.assertStockMatchesRebuild(), table)
        cr.execute("SHOW plan_cache_mode")
        self.assertEqual(cr.fetchone()[0], "auto", "the generic plan is forced for the refresh only")

    def test_rebuild_keeps_the_rows(self):
        table = self.assertStockMatchesRebuild()
        self.assertTrue(table)
        self.Stock._dealer_rebuild()
        self.assertEqual(self._stock_rows(SQL("SELECT * FROM dealer_channel_stock")), table,
                         "same ids, same figures")

    def test_rebuild_by_chunks_is_the_full_rebuild(self):
        """The daily rebuild as jobs: the dealers' chunks, in any order and one of them twice,
        then the last step, write exactly the rows of the full rebuild, and the rollup."""
        self._deliver(self.other, [(self.item_b, 7)], days_ago=2)
        table = self.assertStockMatchesRebuild()
        stray = self._corrupt_stock()
        partner_ids = self.Stock._dealer_rebuild_partner_ids()
        self.assertEqual(partner_ids, sorted(set(partner_ids)))
        with_facts = {row[1] for row in self._stock_rows(self.Stock._dealer_query())}
        self.assertLessEqual(with_facts | {self.dealer.id, self.other.id, stray.id}, set(partner_ids),
                             "every partner with facts or rows")
        chunks = split_ids(partner_ids, 2)
        self.assertGreater(len(chunks), 2)
        self.env.cr.execute("UPDATE dealer_channel_stock_rollup SET sell_in_qty = -1")
        for chunk in [*reversed(chunks), chunks[-1], chunks[0]]:
            self.assertEqual(self.Stock._dealer_rebuild_chunk(chunk), len(chunk))
        self.Stock._dealer_rebuild_finish()
        self.env.cr.execute("SELECT count(*) FROM dealer_channel_stock_rollup_dirty")
        self.assertEqual(self.env.cr.fetchone()[0], 0, "the last step wrote the rollup again")
        self.assertEqual(self.assertStockMatchesRebuild(), table, "same ids, same figures, no stray row")
        # a chunk run again once the rebuild is over changes nothing
        self.Stock._dealer_rebuild_chunk(chunks[0])
        self.assertEqual(self._stock_table(), table)

    def test_cron_without_job_queue_rebuilds_in_one_go(self):
        """No job queue takes the chunks: the cron rebuilds the table itself, set-based (not
        chunk by chunk)."""
        self._deliver(self.other, [(self.item_b, 7)], days_ago=2)
        table = self.assertStockMatchesRebuild()
        self._corrupt_stock()
        partner_ids = self.Stock._dealer_rebuild_partner_ids()
        Stock = type(self.Stock)
        with patch.object(Stock, "_dealer_queue_chunks", return_value=False) as queue, \
                patch.object(Stock, "_dealer_rebuild_chunk", side_effect=AssertionError("not by chunks")):
            self.Stock._cron_dealer_rebuild()
        self.assertEqual(queue.call_args.args, ("_dealer_rebuild_chunk", split_ids(partner_ids, REBUILD_CHUNK_SIZE)))
        self.assertEqual(queue.call_args.kwargs["finish"], "_dealer_rebuild_finish")
        self.assertEqual(self.assertStockMatchesRebuild(), table)

    def test_cron_with_job_queue_leaves_the_work_to_it(self):
        self._deliver(self.other, [(self.item_b, 7)], days_ago=2)
        self.assertStockMatchesRebuild()
        self._corrupt_stock()
        spoiled = self._stock_table()
        with patch.object(type(self.Stock), "_dealer_queue_chunks", return_value=True) as queue:
            self.Stock._cron_dealer_rebuild()
        queue.assert_called_once()
        self.assertEqual(self._stock_table(), spoiled, "the jobs rebuild the table, not the cron")

    def test_rollup_answers_the_pivot(self):
        """The region × category pivot reads the rollup for the keys merged into it and the
        table's rows for the keys noted since; whatever it cannot answer reads the table."""
        cr = self.env.cr
        categ = self.item_a.categ_id
        self.assertStockMatchesRebuild()  # also merges every noted key
        # the rollup answers: a figure changed in the rollup alone shows in the pivot
        cr.execute("UPDATE dealer_channel_stock_rollup SET estimated_qty = estimated_qty + 1000 WHERE categ_id = %s",
                   [categ.id])
        self.assertGreater(cr.rowcount, 0)
        expected = self._rollup_expected(("categ_id",))
        got = self._rollup_read(("categ_id",))
        self.assertAlmostEqual(got[(categ.id,)][ROLLUP_MEASURES.index("estimated_qty")],
                               expected[(categ.id,)][ROLLUP_MEASURES.index("estimated_qty")] + 1000.0)
        # a refresh of the dealer's rows notes their keys (its province): the table answers for
        # them, the rollup still for the others
        before = self._rollup_read(("categ_id", "state_id"))
        self.Stock._dealer_refresh({self.dealer.id}, {self.item_a.id})
        cr.execute("SELECT DISTINCT state_key FROM dealer_channel_stock_rollup_dirty WHERE categ_key = %s",
                   [categ.id])
        self.assertEqual(cr.fetchall(), [(self.dealer.state_id.id,)])
        after = self._rollup_read(("categ_id", "state_id"))
        expected = self._rollup_expected(("categ_id", "state_id"))
        noted = (categ.id, self.dealer.state_id.id)
        self.assertNotEqual(before[noted], expected[noted], "the corrupted rollup answered")
        for have, want in zip(after[noted], expected[noted], strict=True):
            self.assertAlmostEqual(have, want, places=6, msg="the table answers for the noted key")
        for key in set(after) - {noted}:
            self.assertEqual(after[key], before[key], f"the rollup answers for {key}")
        # rows deleted by hand (as a cascade would) are noted too, and the merge writes the truth
        cr.execute("DELETE FROM dealer_channel_stock WHERE partner_id = %s", [self.other.id])
        self.Stock._dealer_refresh(None)
        self.assertStockMatchesRebuild()
        # the full rebuild writes the rollup again and leaves no key noted
        cr.execute("UPDATE dealer_channel_stock_rollup SET sell_in_qty = -1")
        self.Stock._dealer_rebuild()
        cr.execute("SELECT count(*) FROM dealer_channel_stock_rollup_dirty")
        self.assertEqual(cr.fetchone()[0], 0)
        self.assertRollupAgrees()

    def test_rollup_fallbacks(self):
        """A grouping needing a column the rollup lacks reads the table: the dealer, the product,
        an average, a ``having``, an order on another column, and the portal dealer's own rows."""
        self._deliver(self.other, [(self.item_b, 7)], days_ago=2)
        self.assertStockMatchesRebuild()
        specs = ["estimated_qty:sum"]
        answers = self.Stock._rollup_answers
        self.assertTrue(answers([("dealer_region_id", "child_of", self.region_e1.id)], ["categ_id"], specs, (),
                                "categ_id desc"))
        self.assertFalse(answers([], ["partner_id"], specs, (), None))
        self.assertFalse(answers([("product_id", "=", self.item_a.id)], ["categ_id"], specs, (), None))
        self.assertFalse(answers([], ["categ_id"], ["estimated_qty:avg"], (), None))
        self.assertFalse(answers([], ["categ_id"], ["velocity:sum"], (), None))
        self.assertFalse(answers([], ["categ_id"], specs, [("estimated_qty:sum", ">", 0)], None))
        self.assertFalse(answers([], ["categ_id"], specs, (), "partner_id"))
        # the rollup corrupted: what reads the table is not affected
        self.env.cr.execute("UPDATE dealer_channel_stock_rollup SET estimated_qty = estimated_qty + 1000")
        by_dealer = dict(self.Stock._read_group([("partner_id", "in", (self.dealer + self.other).ids)],
                                                ["partner_id"], specs))
        self.assertAlmostEqual(by_dealer[self.other], 7.0)
        portal = self.Stock.with_user(self.portal_other)
        self.assertFalse(portal._rollup_answers([], ["categ_id"], specs, (), None), "the portal rule is per dealer")
        self.assertEqual(portal._read_group([], ["categ_id"], specs), [(self.item_b.categ_id, 7.0)])
        # an internal user under the multi-company rule reads the rollup, of its company only
        user = mail_new_test_user(self.env, login="inv_rollup_user", groups="dealer_base.group_dealer_user",
                                  company_id=self.company.id, company_ids=[Command.set(self.company.ids)])
        internal = self.Stock.with_user(user)
        self.assertTrue(internal._rollup_answers([], ["categ_id"], specs, (), None))
        self.env.cr.execute("UPDATE dealer_channel_stock_rollup SET estimated_qty = estimated_qty - 1000")
        got = dict(internal._read_group([], ["company_id"], specs))
        self.assertEqual(list(got), [self.company])
        self.assertAlmostEqual(got[self.company], self._rollup_expected(("company_id",))[(self.company.id,)][
            ROLLUP_MEASURES.index("estimated_qty")])
        self.assertEqual(internal._read_group([], ["company_id"], ["__count"]),
                         [(self.company, self.Stock.search_count([("company_id", "=", self.company.id)]))])

    def test_rollup_pivot_queries(self):
        self.assertStockMatchesRebuild()
        specs = [f"{name}:sum" for name in ROLLUP_MEASURES] + ["__count"]
        self.Stock._read_group([], ["dealer_region_id", "categ_id"], specs)  # warm the caches
        self.env.invalidate_all()
        # the noted keys (none: all merged), then the rollup
        with self.assertQueryCount(2):
            rows = self.Stock._read_group([], ["dealer_region_id", "categ_id"], specs)
        self.assertTrue(rows)
        # with noted keys: their list, the JIT switched off and back on around the read
        self._deliver(self.other, [(self.item_b, 7)], days_ago=2)
        self.env.flush_all()
        self.Stock._dealer_apply_pending()
        self.env.invalidate_all()
        with self.assertQueryCount(4):
            rows = self.Stock._read_group([], ["dealer_region_id", "categ_id"], specs)
        self.env.cr.execute("SHOW jit")
        self.assertEqual(self.env.cr.fetchone()[0], "on", "the JIT is off for the read only")

    def test_one_dealer_query(self):
        self.Stock.search_read([("partner_id", "=", self.dealer.id)], ["estimated_qty"])  # warm the caches
        self.env.flush_all()
        self.env.invalidate_all()
        with self.assertQueryCount(1):
            rows = self.Stock.search_read([("partner_id", "=", self.dealer.id)], ["estimated_qty"])
        self.assertEqual(len(rows), 1)
