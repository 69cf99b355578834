import io

import openpyxl
from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import DealerWalletCommon


@tagged("post_install", "-at_install")
class TestStatement(DealerWalletCommon):
    def test_statement_data(self):
        today = fields.Date.today()
        yesterday = today - relativedelta(days=1)
        self.cash._debit(30000.0, kind="deposit", idempotency_key="st-1", date=today)
        data = self.Wallet._get_statement_data(self.dealer, today, today)
        cash = next(w for w in data["wallets"] if w["wallet_type"] == "cash")
        self.assertEqual(cash["opening"], 0.0)
        self.assertEqual([line["balance"] for line in cash["lines"]], [100000.0, 70000.0])
        self.assertEqual((cash["total_in"], cash["total_out"], cash["closing"]), (100000.0, 30000.0, 70000.0))
        self.assertEqual(data["funds_closing"], 120000.0)
        # a later period opens with the closing balance
        tomorrow = today + relativedelta(days=1)
        later = self.Wallet._get_statement_data(self.dealer, tomorrow, tomorrow)
        cash_later = next(w for w in later["wallets"] if w["wallet_type"] == "cash")
        self.assertEqual((cash_later["opening"], cash_later["closing"], cash_later["lines"]), (70000.0, 70000.0, []))
        earlier = self.Wallet._get_statement_data(self.dealer, yesterday, yesterday)
        self.assertEqual(earlier["funds_closing"], 0.0)

    def test_statement_position_today_is_the_wallets_page(self):
        """A statement reaching today tells what orders can take today, the figures of the cart
        and the wallets page (reservations of confirmed orders deducted), beside the closing
        balance; a statement of a past period tells the closing balance only."""
        order = self._create_order(qty=2, price=5000.0, payments=[(self.cash, None, 10000.0)])
        order.action_confirm()
        self.assertEqual(self.cash.reserved_amount, 10000.0)
        today = fields.Date.context_today(self.Wallet)
        data = self.Wallet._get_statement_data(self.dealer, today - relativedelta(days=30), today)
        cash = next(w for w in data["wallets"] if w["wallet_type"] == "cash")
        figures = self.cash._dealer_figures()[self.cash.id]
        self.assertEqual(cash["position"], figures)
        self.assertEqual(figures["available"], cash["closing"] - 10000.0)
        rows = dict(self.Wallet._statement_position_rows(cash))
        self.assertEqual(rows["Reserved for orders"], 10000.0)
        self.assertEqual(rows["Available today"], figures["available"])
        funds = [w for w in data["wallets"] if w["wallet_type"] in ("cash", "rebate")]
        self.assertEqual(data["funds_closing"], sum(w["closing"] for w in funds))
        self.assertEqual(data["available_now"], data["funds_closing"] - 10000.0)
        credit = next(w for w in data["wallets"] if w["wallet_type"] == "credit")
        self.assertIn("Credit limit", dict(self.Wallet._statement_position_rows(credit)))
        # the PDF says both figures
        html = self.env["ir.actions.report"]._render_qweb_html(
            "dealer_wallet.report_dealer_statement", self.dealer.ids,
            data={"date_from": str(today - relativedelta(days=30)), "date_to": str(today)},
        )[0].decode()
        self.assertIn("Available today for orders", html)
        self.assertIn("Reserved for orders", html)
        # a past period: its closing balance, no position
        past = self.Wallet._get_statement_data(self.dealer, today - relativedelta(days=60),
                                               today - relativedelta(days=31))
        self.assertIsNone(past["available_now"])
        self.assertFalse(any("position" in w for w in past["wallets"]))
        self.assertFalse(self.Wallet._statement_position_rows(past["wallets"][0]))

    def test_statement_in_rmb_capitals(self):
        cny = self.env.ref("base.CNY")
        self.assertEqual(self.Wallet._statement_amount_in_words(cny, 150000.0), "壹拾伍万元整")
        self.assertEqual(self.Wallet._statement_amount_in_words(cny, 12345.67), "壹万贰仟叁佰肆拾伍元陆角柒分")
        usd = self.env.ref("base.USD")
        self.assertEqual(self.Wallet._statement_amount_in_words(usd, 10.0), usd.amount_to_text(10.0))

    def test_statement_xlsx(self):
        content = self.Wallet._get_statement_xlsx(self.dealer, fields.Date.today(), fields.Date.today())
        workbook = openpyxl.load_workbook(io.BytesIO(content))
        values = [cell for row in workbook.active.iter_rows(values_only=True) for cell in row if cell is not None]
        self.assertIn(self.dealer.name, values)
        self.assertIn(100000.0, values)

    def test_statement_pdf_report(self):
        self.company.external_report_layout_id = self.env.ref("web.external_layout_standard")
        wizard = self.env["dealer.wallet.statement.wizard"].create({"partner_id": self.dealer.id})
        action = wizard.action_print_pdf()
        self.assertEqual(action["report_name"], "dealer_wallet.report_dealer_statement")
        html, _type = self.env["ir.actions.report"]._render_qweb_html(
            "dealer_wallet.report_dealer_statement", self.dealer.ids, data=action["data"],
        )
        html = html.decode()
        self.assertIn("Statement of Account", html)
        # the letterhead is in the page (wkhtmltopdf without patched Qt prints no layout header)
        self.assertIn('name="statement_letterhead"', html)
        self.assertIn(self.company.name, html)
        self.assertIn("100,000.00", html)
        # a top-up's memo is its origin: said once on its line
        self.assertEqual(html.count("bank transfer"), 1)
        xlsx_action = wizard.action_print_xlsx()
        self.assertIn("/dealer_wallet/statement/xlsx?partner_id=%s" % self.dealer.id, xlsx_action["url"])

    def test_statement_wizard_period_bounds(self):
        Wizard = self.env["dealer.wallet.statement.wizard"]
        count = Wizard.search_count([])
        day = fields.Date.today()
        with self.assertRaisesRegex(UserError, "ends before it starts"), self.env.cr.savepoint():
            Wizard.create({"partner_id": self.dealer.id, "date_from": day, "date_to": day - relativedelta(days=1)})
        with self.assertRaisesRegex(UserError, "at most ten years"), self.env.cr.savepoint():
            Wizard.create({"partner_id": self.dealer.id, "date_from": day - relativedelta(years=11), "date_to": day})
        self.assertEqual(Wizard.search_count([]), count, "nothing written")
        Wizard.create({"partner_id": self.dealer.id, "date_from": day - relativedelta(years=9), "date_to": day})
