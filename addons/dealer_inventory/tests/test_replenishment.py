from unittest.mock import patch

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import tagged
from odoo.tools import SQL

from odoo.addons.dealer_base.tools import split_ids
from odoo.addons.dealer_inventory.models.dealer_replenishment import SUGGESTION_CHUNK_SIZE

from .common import DealerInventoryCommon


@tagged("post_install", "-at_install")
class TestReplenishment(DealerInventoryCommon):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        b = cls.item_b
        # 100 delivered 40 days ago, 84 sold over the last 28 days: velocity 3 a day, 16 left
        cls._deliver(cls.dealer, [(b, 100)], days_ago=40)
        cls._report(cls.dealer, "sellout", [(b, 84)], days_ago=1, period=28)
        # item A: stock but nothing sold (zero velocity)
        cls._deliver(cls.dealer, [(cls.item_a, 20)], days_ago=30)
        cls.env["dealer.moq.rule"].create({
            "applies_on": "product", "product_tmpl_id": b.product_tmpl_id.id, "min_qty": 50, "multiple_qty": 12,
        })

    def _suggestion(self, partner, product):
        return self.Replenishment.search([("partner_id", "=", partner.id), ("product_id", "=", product.id)])

    def test_need_rounded_to_moq_and_multiple(self):
        suggestions = self.Replenishment.compute_suggestions(self.dealer)
        self.assertEqual(suggestions.product_id, self.item_b, "zero velocity suggests nothing")
        # need = 3 × (7 + 14 + 7) − 16 − 0 = 68 → multiple of 12 above: 72
        self.assertAlmostEqual(suggestions.velocity, 3.0)
        self.assertAlmostEqual(suggestions.estimated_qty, 16.0)
        self.assertEqual(suggestions.days, 28)
        self.assertAlmostEqual(suggestions.need_qty, 68.0)
        self.assertAlmostEqual(suggestions.suggested_qty, 72.0)
        self.assertEqual(suggestions.date, self.today)

    def test_dealer_parameters_and_transit(self):
        self.dealer.dealer_replenish_lead_days = 14
        # 60 more on their way: need = 3 × 35 − 16 − 60 = 29 → minimum 50 → 60
        order = self.env["sale.order"].create({
            "partner_id": self.dealer.id,
            "order_line": [Command.create({"product_id": self.item_b.id, "product_uom_qty": 60})],
        })
        order.action_confirm()
        suggestion = self.Replenishment.compute_suggestions(self.dealer)
        self.assertAlmostEqual(suggestion.in_transit_qty, 60.0)
        self.assertAlmostEqual(suggestion.need_qty, 29.0)
        self.assertAlmostEqual(suggestion.suggested_qty, 60.0)

    def test_minimum_dominates_and_recompute_replaces(self):
        self.company.dealer_replenish_cover_days = 2
        # need = 3 × 16 − 16 = 32 → minimum 50 → multiple of 12: 60
        first = self.Replenishment.compute_suggestions(self.dealer)
        self.assertAlmostEqual(first.need_qty, 32.0)
        self.assertAlmostEqual(first.suggested_qty, 60.0)
        second = self.Replenishment.compute_suggestions(self.dealer)
        self.assertFalse(first.exists(), "a run replaces the dealer's suggestions")
        self.assertEqual(len(second), 1)

    def test_only_pool_products(self):
        # item C is sold by the dealer but is not in its pool: never suggested
        self._deliver_outside_pool()
        self._report(self.dealer, "sellout", [(self.item_b, 1)], days_ago=0, period=1)
        suggestions = self.Replenishment.compute_suggestions(self.dealer)
        self.assertNotIn(self.item_c, suggestions.product_id)

    def _deliver_outside_pool(self):
        picking = self.env["stock.picking"].create({
            "partner_id": self.dealer.id, "picking_type_id": self.warehouse.out_type_id.id,
            "location_id": self.warehouse.lot_stock_id.id,
            "location_dest_id": self.env.ref("stock.stock_location_customers").id,
            "move_ids": [Command.create({
                "name": "C", "product_id": self.item_c.id, "product_uom_qty": 5,
                "location_id": self.warehouse.lot_stock_id.id,
                "location_dest_id": self.env.ref("stock.stock_location_customers").id,
            })],
        })
        picking.action_confirm()
        picking.move_ids.quantity = 5
        picking.move_ids.picked = True
        picking._action_done()
        self.assertAlmostEqual(self._stock(self.dealer, self.item_c).sell_in_qty, 5.0)

    def test_rules_and_pools_as_the_catalog_says(self):
        """The minimum order rule and the pool of each suggestion are those of dealer_catalog's
        own lookups, though the run works them out per dealer type and per dealer: a type's rule
        beats the general one, a product's rule beats the category's, a deny pool removes."""
        a, b = self.item_a, self.item_b
        wholesale = self.env["dealer.type"].create({"name": "批发", "code": "INV-WHOLESALE"})
        self.other.dealer_type_id = wholesale
        Rule = self.env["dealer.moq.rule"]
        Rule.create({"applies_on": "category", "categ_id": a.categ_id.id, "min_qty": 10, "multiple_qty": 5})
        Rule.create({"applies_on": "category", "categ_id": a.categ_id.id, "type_id": wholesale.id,
                     "min_qty": 30, "multiple_qty": 10})
        for partner in (self.dealer, self.other):
            # quantities the rules accept (item B's own rule: at least 50, by 12)
            self._deliver(partner, [(a, 30), (b, 60)], days_ago=20)
            self._report(partner, "sellout", [(a, 28), (b, 56)], days_ago=0, period=1)  # after setUp's
        suggestions = self.Replenishment.compute_suggestions(self.dealer | self.other)
        Pool = self.env["dealer.product.pool"]
        for partner in (self.dealer, self.other):
            mine = suggestions.filtered(lambda row, partner=partner: row.partner_id == partner)
            allowed = self.env["product.product"].search(
                Pool.allowed_product_domain(partner) + [("id", "in", (a | b).ids)])
            self.assertEqual(mine.product_id, allowed, f"the pool of {partner.name}")
            moq = Rule._get_moq_for(partner, mine.product_id)
            for row in mine:
                self.assertEqual((row.min_qty, row.multiple_qty), moq.get(row.product_id.id, (0.0, 1.0)),
                                 f"the rule of {partner.name} for {row.product_id.name}")
        other_a = suggestions.filtered(lambda row: row.partner_id == self.other and row.product_id == a)
        self.assertEqual((other_a.min_qty, other_a.multiple_qty), (30.0, 10.0), "the type's rule")
        dealer_a = suggestions.filtered(lambda row: row.partner_id == self.dealer and row.product_id == a)
        self.assertEqual((dealer_a.min_qty, dealer_a.multiple_qty), (10.0, 5.0), "the general rule")
        # a deny pool of item B for the wholesale dealers: no more B for the other dealer alone
        Pool.create({"name": "批发不供B", "mode": "deny", "type_ids": [Command.set(wholesale.ids)],
                     "product_tmpl_ids": [Command.set(b.product_tmpl_id.ids)]})
        suggestions = self.Replenishment.compute_suggestions(self.dealer | self.other)
        self.assertEqual(suggestions.filtered(lambda row: row.partner_id == self.other).product_id, a)
        self.assertIn(b, suggestions.filtered(lambda row: row.partner_id == self.dealer).product_id)

    def test_query_count_independent_of_dealers(self):
        for partner in (self.other, self.store):
            self._deliver(partner, [(self.item_b, 60)], days_ago=20)
            self._report(partner, "sellout", [(self.item_b, 57)], days_ago=1, period=10)
        self.env.flush_all()
        with self.assertQueryCount(3):
            self.Replenishment.compute_suggestions(self.dealer)
        self.env.flush_all()
        with self.assertQueryCount(3):
            suggestions = self.Replenishment.compute_suggestions(self.dealer | self.other | self.store)
        self.assertEqual(suggestions.partner_id, self.dealer | self.other | self.store)

    def _three_dealers(self):
        """``dealer``, ``other`` and ``store``, each with suggestions."""
        for partner in (self.other, self.store):
            self._deliver(partner, [(self.item_b, 60)], days_ago=20)
            self._report(partner, "sellout", [(self.item_b, 57)], days_ago=1, period=10)
        return self.dealer | self.other | self.store

    def _suggestion_rows(self, partners):
        """The suggestions of ``partners`` (every column but the id), sorted."""
        self.env.flush_all()
        self.env.cr.execute(SQL(
            """SELECT partner_id, product_id, company_id, date, velocity, estimated_qty, in_transit_qty, days,
                      need_qty, min_qty, multiple_qty, suggested_qty
                 FROM dealer_replenishment WHERE partner_id = ANY(%s) ORDER BY partner_id, product_id, company_id""",
            partners.ids))
        return self.env.cr.fetchall()

    def test_chunks_give_the_all_dealers_run(self):
        """The daily run as jobs: the dealers' chunks, in any order and one of them twice, write
        the suggestions of one run for all of them."""
        dealers = self._three_dealers()
        self.Replenishment.compute_suggestions(dealers)
        expected = self._suggestion_rows(dealers)
        self.assertEqual({row[0] for row in expected}, set(dealers.ids))
        self.env.cr.execute(SQL("UPDATE dealer_replenishment SET suggested_qty = 1 WHERE partner_id = %s",
                                self.other.id))
        self.env.cr.execute(SQL("DELETE FROM dealer_replenishment WHERE partner_id = %s", self.store.id))
        self.Replenishment.invalidate_model()
        chunks = split_ids(dealers.ids, 1)
        for chunk in (chunks[2], chunks[0], chunks[1], chunks[2]):
            self.Replenishment.sudo()._dealer_suggestions_chunk(chunk)
        self.assertEqual(self._suggestion_rows(dealers), expected)

    def test_cron_without_job_queue_runs_all_dealers(self):
        dealers = self._three_dealers()
        self.Replenishment.compute_suggestions(dealers)
        expected = self._suggestion_rows(dealers)
        self.env.cr.execute(SQL("DELETE FROM dealer_replenishment WHERE partner_id = ANY(%s)", dealers.ids))
        self.Replenishment.invalidate_model()
        active = self.env["res.partner"].sudo().search([("is_dealer", "=", True), ("dealer_state", "=", "active"),
                                                 ("is_company", "=", True)])
        self.assertLessEqual(dealers, active)
        Replenishment = type(self.Replenishment)
        with patch.object(Replenishment, "_dealer_queue_chunks", return_value=False) as queue, \
                patch.object(Replenishment, "compute_suggestions", autospec=True,
                             side_effect=Replenishment.compute_suggestions) as compute:
            self.Replenishment._cron_compute_suggestions()
        self.assertEqual(queue.call_args.args,
                         ("_dealer_suggestions_chunk", split_ids(active.ids, SUGGESTION_CHUNK_SIZE)))
        companies = self.env["res.company"].sudo().search([])
        self.assertEqual(compute.call_count, len(companies), "one statement per company for every dealer")
        self.assertEqual(self._suggestion_rows(dealers), expected)
        # with a job queue, the cron leaves the work to the jobs
        self.env.cr.execute(SQL("DELETE FROM dealer_replenishment WHERE partner_id = ANY(%s)", dealers.ids))
        self.Replenishment.invalidate_model()
        with patch.object(Replenishment, "_dealer_queue_chunks", return_value=True):
            self.Replenishment._cron_compute_suggestions()
        self.assertFalse(self._suggestion_rows(dealers))

    def test_create_cart(self):
        suggestions = self.Replenishment.compute_suggestions(self.dealer)
        action = suggestions.action_create_cart()
        order = self.env["sale.order"].browse(action["res_id"])
        self.assertEqual(order.state, "draft")
        self.assertTrue(order.dealer_replenishment)
        self.assertEqual(order.partner_id, self.dealer)
        line = order.order_line.filtered(lambda line: line.product_id == self.item_b)
        self.assertAlmostEqual(line.product_uom_qty, 72.0)
        # again: the same draft order, quantities merged
        suggestions.action_create_cart()
        self.assertAlmostEqual(line.product_uom_qty, 144.0)
        self.assertEqual(len(self.env["sale.order"].search([("dealer_replenishment", "=", True)])), 1)

    def test_create_cart_one_dealer(self):
        self._deliver(self.other, [(self.item_b, 60)], days_ago=20)
        self._report(self.other, "sellout", [(self.item_b, 57)], days_ago=1, period=10)
        suggestions = self.Replenishment.compute_suggestions(self.dealer | self.other)
        with self.assertRaises(UserError):
            suggestions.action_create_cart()
        with self.assertRaises(UserError):
            self.Replenishment.action_create_cart()
