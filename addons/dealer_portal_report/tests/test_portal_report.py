import re
from datetime import datetime, time

from dateutil.relativedelta import relativedelta

from odoo import Command, fields
from odoo.tests import tagged

from odoo.addons.dealer_base.tests.factory import create_portal_user
from odoo.addons.dealer_portal.tests.common import DealerPortalHttpCommon


class DealerPortalReportCommon(DealerPortalHttpCommon):
    """Dealer A bought this month 10 × A at 100 (category of A) and 6 × B at 50 (category
    测试饮料), and in the same month a year ago 5 × A at 100: this year 1,300 against 500
    (+160 %), A's category 1,000 against 500 (+100 %), 测试饮料 300 against nothing.
    Dealer B bought 7 × A at 100 (700) this month.

    Rebates, this quarter: "测试季度返利" (volume, every dealer; 1,000 → 2 %, 2,000 → 3 %),
    A invoiced 1,300 (2 %, 26 so far, 700 more to reach 3 %); B invoiced nothing (1,000 to
    reach 2 %). "测试乙专属返利" is for dealer B only."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        today = fields.Date.context_today(env.user)
        cls.this_month = datetime.combine(today.replace(day=1), time(4))
        cls.drinks = env["product.category"].create({"name": "测试饮料"})
        cls.item_b.categ_id = cls.drinks
        cls._confirm(cls.dealer, cls.this_month, [(cls.item_a, 10, 100.0), (cls.item_b, 6, 50.0)])
        cls._confirm(cls.dealer, cls.this_month - relativedelta(years=1), [(cls.item_a, 5, 100.0)])
        cls._confirm(cls.dealer_b, cls.this_month, [(cls.item_a, 7, 100.0)])
        env["dealer.sales.analysis"].refresh(full=True)
        Policy = env["dealer.rebate.policy"]
        cls.policy = Policy.create({
            "name": "测试季度返利", "kind": "volume", "period": "quarter", "company_id": cls.company.id,
            "threshold_ids": [Command.create({"min_amount": 1000.0, "rate": 2.0}),
                              Command.create({"min_amount": 2000.0, "rate": 3.0})],
        })
        cls.policy_b = Policy.create({
            "name": "测试乙专属返利", "kind": "volume", "period": "quarter", "company_id": cls.company.id,
            "partner_ids": [Command.set(cls.dealer_b.ids)],
            "threshold_ids": [Command.create({"min_amount": 500.0, "rate": 1.0})],
        })
        invoice = env["account.move"].create({
            "move_type": "out_invoice", "partner_id": cls.dealer.id, "invoice_date": today,
            "company_id": cls.company.id,
            "invoice_line_ids": [Command.create({"product_id": cls.item_a.id, "quantity": 13, "price_unit": 100.0,
                                                 "tax_ids": [Command.clear()]})],
        })
        invoice.action_post()
        env["dealer.rebate.accrual"]._refresh(cls.policy | cls.policy_b)

    @classmethod
    def _confirm(cls, partner, when, lines):
        order = cls._create_order(partner=partner, lines=lines, date_order=when)
        order.action_confirm()
        order.date_order = when
        return order


@tagged("post_install", "-at_install")
class TestPortalReport(DealerPortalReportCommon):

    @staticmethod
    def _text(html):
        """The words of a page, tags removed, spaces collapsed."""
        return " ".join(re.sub(r"<[^>]+>", " ", html).replace("&nbsp;", " ").replace("\xa0", " ").split())

    def test_my_purchases(self):
        self.authenticate("dp_dealer", "dp_dealer")
        page = self.url_open("/my/purchases")
        self.assertEqual(page.status_code, 200)
        text = page.text
        month = self.this_month.strftime("%Y-%m")
        self.assertIn(month, text)
        self.assertIn("1,300.00", text)
        self.assertIn("500.00", text)
        self.assertIn("+160.0%", text, "this year against last year")
        self.assertIn("+100.0%", text, "A's category against last year")
        self.assertIn("测试饮料", text)
        self.assertNotIn("700.00", text, "dealer B's purchases are not shown")

    def test_another_dealer_cannot_see_my_figures(self):
        self.authenticate("dp_dealer_b", "dp_dealer_b")
        text = self.url_open("/my/purchases").text
        self.assertIn("700.00", text)
        self.assertNotIn("1,300.00", text)
        # what dealer B reads over JSON-RPC is what the record rules allow: its own rows only
        rows = self.make_jsonrpc_request("/web/dataset/call_kw/dealer.sales.analysis/search_read", {
            "model": "dealer.sales.analysis", "method": "search_read", "args": [[], ["partner_id", "amount"]],
            "kwargs": {},
        })
        self.assertEqual({row["partner_id"][0] for row in rows}, {self.dealer_b.id})
        self.assertEqual(sum(row["amount"] for row in rows), 700.0)
        row_a = self.env["dealer.sales.analysis"].search([("partner_id", "=", self.dealer.id)], limit=1)
        with self.assertRaises(Exception) as error:
            self.make_jsonrpc_request("/web/dataset/call_kw/dealer.sales.analysis/read", {
                "model": "dealer.sales.analysis", "method": "read", "args": [row_a.ids, ["amount"]], "kwargs": {},
            })
        self.assertIn("AccessError", str(error.exception))
        rebates = self.url_open("/my/rebates").text
        self.assertNotIn("1,300.00", rebates)

    def test_my_rebates(self):
        self.authenticate("dp_dealer", "dp_dealer")
        text = self.url_open("/my/rebates").text
        self.assertIn("测试季度返利", text)
        self.assertNotIn("测试乙专属返利", text, "a policy of another dealer")
        self.assertIn("1,300.00", text, "base so far")
        self.assertIn("26.00", text, "2 % of 1,300 so far")
        self.assertRegex(self._text(text), r"Buy \D*700\.00\D* more to reach the 3% rebate tier")
        # dealer B: no accrual yet for the common policy, its own policy too
        self.authenticate("dp_dealer_b", "dp_dealer_b")
        text = self.url_open("/my/rebates").text
        self.assertIn("测试乙专属返利", text)
        self.assertRegex(self._text(text), r"Buy \D*1,000\.00\D* more to reach the 2% rebate tier")
        self.assertRegex(self._text(text), r"Buy \D*500\.00\D* more to reach the 1% rebate tier")

    def test_mall_offers_the_pages(self):
        self.authenticate("dp_dealer", "dp_dealer")
        home = self.url_open("/my/home").text
        self.assertIn('href="/my/purchases"', home)
        self.assertIn('href="/my/rebates"', home)
        self.assertIn('name="dealer_nav_report"', self.url_open("/my/catalog").text)
        counters = self.make_jsonrpc_request("/my/counters", {"counters": ["dealer_rebate_progress_count"]})
        self.assertEqual(counters["dealer_rebate_progress_count"], 1)

    def test_bad_year_and_strangers(self):
        self.authenticate("dp_dealer", "dp_dealer")
        this_year = str(self.this_month.year)
        for year in ("abc", "1900", "99999999999", "-1", ""):
            with self.subTest(year=year):
                page = self.url_open(f"/my/purchases?year={year}")
                self.assertEqual(page.status_code, 200)
                self.assertIn(f"My purchases {this_year}", page.text)
        last_year = self.url_open(f"/my/purchases?year={self.this_month.year - 1}").text
        self.assertIn("500.00", last_year)
        self.assertNotIn("1,300.00", last_year)
        customer = self.env["res.partner"].create({"name": "报表普通门户客户", "email": "plain_rep@example.com"})
        create_portal_user(self.env, customer, "plain_rep_portal")
        self.authenticate("plain_rep_portal", "plain_rep_portal")
        for url in ("/my/purchases", "/my/rebates"):
            with self.subTest(url=url):
                self.assertEqual(self.url_open(url).status_code, 404)


@tagged("post_install", "-at_install")
class TestPortalReportPhoneTour(DealerPortalReportCommon):
    browser_size = "390x844"

    def test_phone_tour(self):
        self.start_tour("/my/purchases", "dealer_portal_report_tour", login="dp_dealer", timeout=240)
