from unittest.mock import patch

from odoo import Command, fields
from odoo.exceptions import AccessError
from odoo.tests import tagged

from odoo.addons.dealer_report.models.dealer_sales_analysis import (
    REFRESH_PARAM,
    ROLLUP_MEASURES,
    ROLLUP_TABLE,
)
from odoo.addons.dealer_report.tests.common import DealerReportCommon, utc


@tagged("post_install", "-at_install")
class TestSalesAnalysis(DealerReportCommon):
    """Hand-computed figures (company currency; the EUR order at 2 EUR per unit):

    dealer (East 1, tier A, KA, upline branch):
      2024-03  A 10 × 100 = 1,000;  B 4 × 50 = 200
      2025-03  A 12 × 100 = 1,200 with a 10 % promotion line −120;
               a cancelled order (A 5 × 100) and a quotation do not count
      2025-04  B 2 × 50 = 100 (ordered 2025-03-31 17:00 UTC = 2025-04-01 01:00 in Shanghai)
      company 2: 2025-03  A 1 × 80
    dealer2 (East 2, tier B): 2025-03  B 10 × 50 EUR = 250
    a customer that is not a dealer: 2025-03  A 1 × 100, never in the analysis
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.promotion = cls.env["dealer.promotion"].create({
            "name": "报表九折", "company_id": cls.company.id,
            "date_from": fields.Date.to_date("2025-03-01"),
            "date_to": fields.Date.add(fields.Date.today(), years=1),
            "rule_ids": [Command.create({"benefit_type": "percent", "value": 10.0, "partner_ids": cls.dealer.ids,
                                         "product_ids": cls.item_a.ids})],
        })
        cls.promotion.action_activate()
        cls.o1 = cls._confirmed(cls.dealer, utc(2024, 3, 10, 10), [(cls.item_a, 10, 100.0), (cls.item_b, 4, 50.0)])
        cls.promo_product = cls.env.ref("dealer_promotion.product_product_dealer_promotion")
        A, B = cls.item_a, cls.item_b
        o2 = cls._create_order(partner=cls.dealer, lines=[(A, 12, 100.0)], date_order=utc(2025, 3, 5, 10))
        o2.action_apply_promotions()
        o2.action_confirm()
        o2.date_order = utc(2025, 3, 5, 10)
        cls.o2 = o2
        cls.o3 = cls._confirmed(cls.dealer, utc(2025, 3, 20, 10), [(A, 5, 100.0)])
        cls.o3._action_cancel()
        cls.o4 = cls._confirmed(cls.dealer, utc(2025, 3, 31, 17), [(B, 2, 50.0)])
        cls.o5 = cls._confirmed(cls.dealer2, utc(2025, 3, 15, 10), [(B, 10, 50.0)],
                                pricelist_id=cls.pricelist_eur.id)
        cls.o6 = cls._confirmed(cls.customer, utc(2025, 3, 10, 10), [(A, 1, 100.0)])
        cls.o8 = cls._create_order(partner=cls.dealer, lines=[(A, 7, 100.0)], date_order=utc(2025, 3, 9))

        cls.company2 = cls.setup_other_company(name="报表二公司")["company"]
        cls.env.user.company_ids += cls.company2
        cls._authorize(cls.dealer, cls.region_e1, company_id=cls.company2.id)
        order = cls.env["sale.order"].with_company(cls.company2).create({
            "partner_id": cls.dealer.id, "company_id": cls.company2.id,
            "order_line": [Command.create({"product_id": A.id, "product_uom_qty": 1, "price_unit": 80.0,
                                           "tax_id": [Command.clear()]})],
        })
        order.action_confirm()
        order.date_order = utc(2025, 3, 7, 10)
        cls.o7 = order
        cls.m2403, cls.m2503, cls.m2504 = (fields.Date.to_date(d) for d in ("2024-03-01", "2025-03-01", "2025-04-01"))
        cls.m2603, cls.m2604 = fields.Date.to_date("2026-03-01"), fields.Date.to_date("2026-04-01")

    def _refresh(self, full=True):
        return self.Analysis.refresh(full=full)

    def _age_orders(self):
        """Pretend every order so far was written an hour before the last refresh."""
        self.env.flush_all()
        self.env.cr.execute("UPDATE sale_order SET write_date = write_date - interval '1 hour'")
        self.env.cr.execute("UPDATE res_partner SET write_date = write_date - interval '1 hour'")
        self.env.cr.execute("UPDATE dealer_region SET write_date = write_date - interval '1 hour'")
        self.env.cr.execute("UPDATE product_template SET write_date = write_date - interval '1 hour'")
        self.env.invalidate_all()

    def test_promotion_line_and_order_data(self):
        promo = self.o2.order_line.filtered("dealer_promotion_id")
        self.assertEqual(promo.product_id, self.promo_product)
        self.assertAlmostEqual(promo.price_subtotal, -120.0)
        self.assertEqual(self.o5.currency_id, self.eur)
        self.assertAlmostEqual(self.o5.currency_rate, 2.0)

    def test_full_refresh_figures(self):
        result = self._refresh()
        self.assertTrue(result["full"])
        c1, c2 = self.company, self.company2
        A, B, P = self.item_a, self.item_b, self.promo_product
        d, d2 = self.dealer, self.dealer2
        expected = {
            (d, c1, self.m2403, A): (10, 1000, 0, 0),
            (d, c1, self.m2403, B): (4, 200, 0, 0),
            (d, c1, self.m2503, A): (12, 1200, 10, 1000),
            (d, c1, self.m2503, B): (0, 0, 4, 200),
            (d, c1, self.m2503, P): (1, -120, 0, 0),
            (d, c1, self.m2504, B): (2, 100, 0, 0),
            (d2, c1, self.m2503, B): (10, 250, 0, 0),
            (d, c2, self.m2503, A): (1, 80, 0, 0),
            # a year later: only last year's figures (those months have begun)
            (d, c1, self.m2603, A): (0, 0, 12, 1200),
            (d, c1, self.m2603, P): (0, 0, 1, -120),
            (d, c1, self.m2604, B): (0, 0, 2, 100),
            (d2, c1, self.m2603, B): (0, 0, 10, 250),
            (d, c2, self.m2603, A): (0, 0, 1, 80),
        }
        rows = {key: value for key, value in self._rows().items() if key[0] in d | d2}
        self.assertEqual(rows, expected)
        self.assertFalse(self.Analysis.search_count([("partner_id", "=", self.customer.id)]))
        row = self.Analysis.search([("partner_id", "=", d.id), ("date", "=", self.m2503), ("product_id", "=", A.id),
                                    ("company_id", "=", c1.id)])
        self.assertRecordValues(row, [{
            "dealer_region_id": self.region_e1.id, "dealer_region_root_id": self.region_east.id,
            "dealer_level_id": self.level_l1.id, "dealer_tier_id": self.tier_a.id,
            "dealer_type_id": self.type_ka.id, "dealer_parent_id": self.branch.id,
            "categ_id": A.categ_id.id, "product_tmpl_id": A.product_tmpl_id.id,
            "currency_id": c1.currency_id.id, "amount_growth": 200.0,
        }])

    def test_region_pivot_with_parents(self):
        self._refresh()
        groups = self.Analysis.read_group(
            [("date", "=", self.m2503), ("company_id", "=", self.company.id),
             ("dealer_region_id", "child_of", self.region_east.id)],
            ["amount:sum", "amount_last_year:sum", "qty:sum"], ["dealer_region_id"])
        by_region = {g["dealer_region_id"][0]: (g["amount"], g["amount_last_year"], g["qty"]) for g in groups}
        self.assertEqual(by_region, {self.region_e1.id: (1080.0, 1200.0, 13.0), self.region_e2.id: (250.0, 0.0, 10.0)})
        west = self.Analysis.search_count([("dealer_region_id", "child_of", self.region_west.id)])
        self.assertEqual(west, 0)
        by_quarter = self.Analysis.read_group(
            [("partner_id", "=", self.dealer.id), ("company_id", "=", self.company.id)],
            ["amount:sum"], ["date:quarter"])
        self.assertEqual([(g["date:quarter"], g["amount"]) for g in by_quarter][:3],
                         [("Q1 2024", 1200.0), ("Q1 2025", 1080.0), ("Q2 2025", 100.0)])

    def test_incremental_after_new_confirmation(self):
        self._refresh()
        self._age_orders()
        late = self._confirmed(self.dealer, utc(2024, 3, 12, 10), [(self.item_a, 3, 100.0)])
        self.assertTrue(late)
        # a constant number of queries, whatever the data (this module's own: the bridges'
        # extensions count theirs in their tests)
        with patch.object(type(self.Analysis), "_refresh_extensions", return_value={}), \
                self.assertQueryCount(19):  # 16 before the rollup: its delete, insert and dimensions
            result = self._refresh(full=False)
        self.assertFalse(result["full"])
        # the order's month and the same month a year later
        self.assertEqual(result["keys"], 2)
        rows = self._rows(partner_id=self.dealer.id, company_id=self.company.id, product_id=self.item_a.id)
        key = (self.dealer, self.company, self.m2403, self.item_a)
        self.assertEqual(rows[key], (13, 1300, 0, 0))
        self.assertEqual(rows[(self.dealer, self.company, self.m2503, self.item_a)], (12, 1200, 13, 1300))
        self._assert_equals_orm()

    def test_incremental_after_cancellation(self):
        self._refresh()
        self._age_orders()
        self.o2._action_cancel()
        self._refresh(full=False)
        rows = self._rows(partner_id=self.dealer.id, company_id=self.company.id)
        self.assertEqual(rows[(self.dealer, self.company, self.m2503, self.item_a)], (0, 0, 10, 1000))
        self.assertNotIn((self.dealer, self.company, self.m2503, self.promo_product), rows)
        self.assertNotIn((self.dealer, self.company, self.m2603, self.item_a), rows)
        self.assertIn((self.dealer, self.company, self.m2604, self.item_b), rows, "untouched keys stay")
        self._assert_equals_orm()

    def test_incremental_dimensions_and_new_months(self):
        self._refresh()
        self._age_orders()
        self.dealer.dealer_tier_id = self.tier_b
        # the rows of March 2026 (last year's figures only) are due once March 2026 begins
        self.env.cr.execute("DELETE FROM dealer_sales_analysis WHERE date = %s", [self.m2603])
        self.env["ir.config_parameter"].set_param(REFRESH_PARAM, "2026-02-10 08:00:00")
        result = self._refresh(full=False)
        self.assertFalse(result["full"])
        rows = self._rows(date=self.m2603, company_id=self.company.id)
        self.assertEqual(rows[(self.dealer, self.company, self.m2603, self.item_a)], (0, 0, 12, 1200))
        self.assertEqual(rows[(self.dealer2, self.company, self.m2603, self.item_b)], (0, 0, 10, 250))
        tiers = set(self.Analysis.search([("partner_id", "=", self.dealer.id)]).mapped("dealer_tier_id"))
        self.assertEqual(tiers, {self.tier_b})
        self._assert_rollup_agrees()

    def test_refreshed_at_shown(self):
        self.env["ir.config_parameter"].set_param(REFRESH_PARAM, False)
        action = self.Analysis.action_open_analysis()
        self.assertIn("never refreshed", action["display_name"])
        self._refresh(full=False)  # no previous refresh: a full one
        refreshed_at = self.Analysis._get_refreshed_at()
        self.assertTrue(refreshed_at)
        action = self.Analysis.action_open_analysis()
        self.assertEqual(action["res_model"], "dealer.sales.analysis")
        self.assertIn("refreshed", action["display_name"])
        self.assertNotIn("never", action["display_name"])

    def test_cron_and_trigger(self):
        """A dealer's confirmation asks for a refresh once its transaction has committed: nothing
        is written (and no query run) while confirming, one trigger per transaction after."""
        cron = self.env.ref("dealer_report.ir_cron_dealer_sales_analysis_refresh")
        Trigger = self.env["ir.cron.trigger"]
        triggers = Trigger.search_count([("cron_id", "=", cron.id)])
        self.env.cr.postcommit.clear()
        order = self._confirmed(self.dealer, utc(2025, 5, 1, 10), [(self.item_a, 1, 100.0)])
        self._confirmed(self.dealer2, utc(2025, 5, 1, 10), [(self.item_a, 1, 100.0)])
        self.assertEqual(Trigger.search_count([("cron_id", "=", cron.id)]), triggers, "nothing before the commit")
        self.assertEqual(self._refresh_callbacks(), 1, "one callback for the transaction")
        with self.assertQueryCount(0):
            order._dealer_report_trigger_refresh()
        self.assertEqual(self._refresh_callbacks(), 1)
        # what the commit runs (its own cursor: here the test's transaction)
        self.registry.enter_test_mode(self.env.cr)
        self.addCleanup(self.registry.leave_test_mode)
        self.env.flush_all()
        self.env.cr.postcommit.run()
        self.env.invalidate_all()
        self.assertEqual(Trigger.search_count([("cron_id", "=", cron.id)]), triggers + 1)
        self._confirmed(self.customer, utc(2025, 5, 1, 10), [(self.item_a, 1, 100.0)])
        self.assertEqual(self._refresh_callbacks(), 0, "an order of a customer that is not a dealer asks for nothing")
        cron.method_direct_trigger()
        self.assertTrue(self.Analysis.search_count([("date", "=", fields.Date.to_date("2025-05-01"))]))

    def _refresh_callbacks(self):
        return sum(func.__name__ == "trigger_refresh" for func in self.env.cr.postcommit._funcs)

    def test_trigger_lost_refresh_still_correct(self):
        """Without any trigger (a lost one), the job's next run finds the confirmed order by its
        write date: the incremental refresh stays correct."""
        self._refresh(full=True)
        self._age_orders()
        self.env.cr.postcommit.clear()
        self._confirmed(self.dealer, utc(2025, 6, 3, 10), [(self.item_a, 2, 100.0)])
        self.env.cr.postcommit.clear()
        self.env.ref("dealer_report.ir_cron_dealer_sales_analysis_refresh").method_direct_trigger()
        june = self._rows(partner_id=self.dealer.id, date=fields.Date.to_date("2025-06-01"), product_id=self.item_a.id)
        self.assertEqual(june, {(self.dealer, self.company, fields.Date.to_date("2025-06-01"), self.item_a):
                                (2.0, 200.0, 0.0, 0.0)})
        self._assert_equals_orm()

    def _assert_equals_orm(self):
        """The SQL aggregates equal the ORM's sums over the confirmed dealer order lines."""
        lines = self.env["sale.order.line"].search([
            ("order_id.state", "=", "sale"), ("order_id.partner_id", "in", (self.dealer | self.dealer2).ids),
            ("display_type", "=", False),
        ])
        orm = {}
        for line in lines:
            order = line.order_id
            tz_month = fields.Datetime.context_timestamp(
                line.with_context(tz="Asia/Shanghai"), order.date_order).date().replace(day=1)
            key = (order.partner_id.id, order.company_id.id, tz_month)
            orm[key] = orm.get(key, 0.0) + line.price_subtotal / order.currency_rate
        sql = {}
        for row in self.Analysis.search([("partner_id", "in", (self.dealer | self.dealer2).ids)]):
            key = (row.partner_id.id, row.company_id.id, row.date)
            if row.amount:
                sql[key] = sql.get(key, 0.0) + row.amount
        self.assertEqual(orm.keys(), sql.keys())
        for key, value in orm.items():
            self.assertAlmostEqual(sql[key], value, places=2, msg=key)
        self._assert_rollup_agrees()

    def _assert_rollup_agrees(self):
        """Groupings answered from the dealer × month rollup equal the sums of the analysis' rows."""
        rows = self.Analysis.search([])
        self.assertTrue(rows)
        for groupby in (["dealer_region_id", "date:month"], ["partner_id", "company_id", "date:year"],
                        ["dealer_tier_id"], []):
            expected = {}
            for row in rows:
                key = tuple(
                    row.date.year if spec == "date:year" else row.date if spec == "date:month" else row[spec].id
                    for spec in groupby)
                figures = expected.setdefault(key, [0.0] * len(ROLLUP_MEASURES) + [0])
                for index, name in enumerate(ROLLUP_MEASURES):
                    figures[index] += row[name]
                figures[-1] += 1
            specs = [f"{name}:sum" for name in ROLLUP_MEASURES] + ["__count"]
            self.assertTrue(self.Analysis._rollup_answers([], groupby, specs, (), None))
            got = {}
            for group in self.Analysis._read_group([], groupby, specs):
                key = tuple(
                    value.year if spec == "date:year" else value if spec == "date:month" else value.id
                    for spec, value in zip(groupby, group[:len(groupby)], strict=True))
                got[key] = list(group[len(groupby):])
            self.assertEqual(got.keys(), expected.keys(), groupby)
            for key, figures in expected.items():
                for index, value in enumerate(figures):
                    self.assertAlmostEqual(got[key][index], value, places=2, msg=(groupby, key, index))

    def _spoil_rollup(self, partner, delta):
        """Add ``delta`` to the amounts of ``partner`` in the rollup only (what it answers shows)."""
        self.env.flush_all()
        self.env.cr.execute(f"UPDATE {ROLLUP_TABLE} SET amount = amount + %s WHERE partner_id = %s",
                            [delta, partner.id])

    def test_rollup_answers_dealer_groupings(self):
        """A grouping on the dealer's dimensions reads the rollup (its answer moves when only the
        rollup moves); one that needs the product, a product domain, an average, ``having`` or a
        record rule on the product reads the analysis."""
        self._refresh()
        self._assert_rollup_agrees()
        domain = [("company_id", "=", self.company.id), ("partner_id", "=", self.dealer.id)]

        def total(groupby=(), dom=None, spec="amount:sum"):
            dom = domain if dom is None else dom
            return sum(group[-1] for group in self.Analysis._read_group(dom, list(groupby), [spec]))

        exact = total()
        self.assertAlmostEqual(exact, 1000 + 200 + 1200 - 120 + 100)
        months = len(set(self.Analysis.search(domain).mapped("date")))
        self.assertEqual(months, 5)
        self._spoil_rollup(self.dealer, 1000)
        spoiled = exact + 1000 * months  # one row of the rollup per month of the dealer
        self.assertAlmostEqual(total(), spoiled)
        self.assertAlmostEqual(total(["date:quarter"]), spoiled)
        self.assertAlmostEqual(total(["dealer_region_id", "date:month"]), spoiled)
        public = self.Analysis.read_group(domain, ["amount:sum"], ["date:year"], lazy=False)
        self.assertEqual(sum(group["__count"] for group in public), len(self.Analysis.search(domain)),
                         "the count is the analysis' rows, not the rollup's")
        self.assertAlmostEqual(sum(group["amount"] for group in public), spoiled)
        # what the rollup cannot answer
        self.assertAlmostEqual(total(["product_id"]), exact)
        self.assertAlmostEqual(total(["categ_id", "date:month"]), exact)
        self.assertAlmostEqual(total(dom=domain + [("product_id", "=", self.item_a.id)]),
                               sum(self.Analysis.search(domain + [("product_id", "=", self.item_a.id)]).mapped(
                                   "amount")))
        self.assertAlmostEqual(total(dom=domain + [("id", "!=", 0)]), exact)
        self.assertFalse(self.Analysis._rollup_answers(domain, ["partner_id"], ["amount:avg"], (), None))
        self.assertFalse(self.Analysis._rollup_answers(domain, ["partner_id"], ["amount:sum"],
                                                       [("__count", ">", 1)], None))
        self.assertFalse(self.Analysis._rollup_answers(domain, ["partner_id"], ["id:recordset"], (), None))
        self.assertFalse(self.Analysis._rollup_answers(domain, ["partner_id"], ["amount:sum"], (), "product_id"))
        self.assertTrue(self.Analysis._rollup_answers(domain, ["partner_id"], ["amount:sum"], (),
                                                      "amount:sum desc, partner_id"))
        # a record rule on a column the rollup has not: the analysis answers that user
        user = self.env["res.users"].with_context(no_reset_password=True).create({
            "name": "报表品类专员", "login": "rep_category_user",
            "groups_id": [Command.set(self.env.ref("dealer_base.group_dealer_user").ids)],
            "company_id": self.company.id, "company_ids": [Command.set(self.company.ids)],
        })
        self.assertAlmostEqual(sum(group[-1] for group in self.Analysis.with_user(user)._read_group(
            domain, [], ["amount:sum"])), spoiled)
        self.env["ir.rule"].create({
            "name": "报表: 仅产品行", "model_id": self.env.ref("dealer_report.model_dealer_sales_analysis").id,
            "domain_force": "[('product_id', '!=', False)]",
            "groups": [Command.link(self.env.ref("dealer_base.group_dealer_user").id)],
        })
        self.assertAlmostEqual(sum(group[-1] for group in self.Analysis.with_user(user)._read_group(
            domain, [], ["amount:sum"])), exact)
        # the groups' records come back in the caller's environment
        partner = self.Analysis._read_group(domain, ["partner_id"], ["amount:sum"])[0][0]
        self.assertEqual(partner, self.dealer)
        self.assertNotIn("dealer_sales_analysis_rollup", partner.env.context)

    def test_rollup_follows_incremental_refresh_and_dimensions(self):
        """The rollup is written with the analysis: a new confirmation, a cancellation and a
        dealer's new tier show in it after an incremental refresh, nothing else changes."""
        self._refresh()
        self._age_orders()
        self._confirmed(self.dealer, utc(2025, 3, 12, 10), [(self.item_b, 4, 50.0)])
        self.o5._action_cancel()
        self.dealer.dealer_tier_id = self.tier_b
        self._refresh(full=False)
        self._assert_rollup_agrees()
        tiers = self.Analysis._read_group([("partner_id", "=", self.dealer.id)], ["dealer_tier_id"], ["__count"])
        self.assertEqual([tier for tier, _count in tiers], [self.tier_b])
        self.env.cr.execute(f"SELECT count(*) FROM {ROLLUP_TABLE} WHERE partner_id = %s", [self.dealer2.id])
        self.assertEqual(self.env.cr.fetchone()[0], 0, "dealer2's only order cancelled: its March 2025 and "
                                                         "the March 2026 carrying it are gone")


@tagged("post_install", "-at_install")
class TestSalesAnalysisAccess(DealerReportCommon):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._confirmed(cls.dealer, utc(2025, 3, 10, 10), [(cls.item_a, 2, 100.0)])
        cls.company2 = cls.setup_other_company(name="报表访问二公司")["company"]
        cls.env.user.company_ids += cls.company2
        cls._authorize(cls.dealer, cls.region_e1, company_id=cls.company2.id)
        order = cls.env["sale.order"].with_company(cls.company2).create({
            "partner_id": cls.dealer.id, "company_id": cls.company2.id,
            "order_line": [Command.create({"product_id": cls.item_a.id, "product_uom_qty": 1, "price_unit": 80.0,
                                           "tax_id": [Command.clear()]})],
        })
        order.action_confirm()
        cls.Analysis.refresh(full=True)
        Users = cls.env["res.users"].with_context(no_reset_password=True)
        cls.dealer_user = Users.create({
            "name": "报表渠道专员", "login": "rep_dealer_user",
            "groups_id": [Command.set(cls.env.ref("dealer_base.group_dealer_user").ids)],
            "company_id": cls.company.id, "company_ids": [Command.set(cls.company.ids)],
        })
        cls.portal_user = Users.create({
            "name": "报表门户", "login": "rep_portal", "partner_id": cls.dealer.id,
            "groups_id": [Command.set(cls.env.ref("base.group_portal").ids)],
        })

    def test_dealer_user_sees_own_companies_only(self):
        rows = self.Analysis.with_user(self.dealer_user).search([])
        self.assertTrue(rows)
        self.assertEqual(rows.company_id, self.company)
        all_rows = self.Analysis.search([("partner_id", "=", self.dealer.id)])
        self.assertEqual(all_rows.company_id, self.company | self.company2)

    def test_plain_salesman_and_portal_have_no_access(self):
        """Every analysis: nothing for a salesperson without the dealer groups, nothing for
        portal users (what they would read over /web/dataset/call_kw)."""
        for model in ("dealer.sales.analysis", "dealer.promotion.report", "dealer.credit.exposure",
                      "dealer.review.kpi", "dealer.review.hold.report", "dealer.rebate.report",
                      "dealer.report.export"):
            for user in (self.salesperson, self.portal_user):
                records = self.env[model].with_user(user)
                if user == self.portal_user and model == "dealer.sales.analysis" and records.has_access("read"):
                    # a portal bridge may show a dealer its own figures (its record rule), never others'
                    partners = {row["partner_id"][0] for row in records.search_read([], ["partner_id"])}
                    self.assertLessEqual(partners, {user.commercial_partner_id.id})
                    continue
                with self.subTest(model=model, user=user.login), self.assertRaises(AccessError):
                    records.search_read([], ["id"])

    def test_dealer_user_reads_every_analysis_of_its_companies(self):
        for model in ("dealer.promotion.report", "dealer.credit.exposure", "dealer.review.kpi",
                      "dealer.review.hold.report", "dealer.rebate.report"):
            with self.subTest(model=model):
                rows = self.env[model].with_user(self.dealer_user).search([])
                self.assertLessEqual(rows.company_id, self.company)

    def test_only_managers_refresh(self):
        """refresh() is public (RPC): a dealer user or a portal user cannot start a rebuild."""
        for user in (self.dealer_user, self.portal_user, self.salesperson):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.Analysis.with_user(user).refresh(full=True)
        manager = self.env["res.users"].with_context(no_reset_password=True).create({
            "name": "报表渠道经理", "login": "rep_dealer_manager",
            "groups_id": [Command.set(self.env.ref("dealer_base.group_dealer_manager").ids)],
            "company_id": self.company.id, "company_ids": [Command.set(self.company.ids)],
        })
        self.assertFalse(self.Analysis.with_user(manager).refresh()["full"])

