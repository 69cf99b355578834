import io
import re
import shutil
import subprocess
from contextlib import contextmanager
from unittest.mock import patch
from urllib.parse import quote

import openpyxl

from odoo.tests import tagged

from .common import DealerPortalHttpCommon

BAD_PERIODS = ("", "?date_from=2020-01-01", "?date_from=2021-01-01&date_to=2020-01-01",
               "?date_from=2000-01-01&date_to=2099-12-31", "?date_from=yesterday&date_to=today")


@tagged("post_install", "-at_install")
class TestDealerWalletPages(DealerPortalHttpCommon):

    def test_wallets_and_ledger(self):
        self.authenticate("dp_dealer", "dp_dealer")
        page = self.url_open("/my/wallets")
        self.assertEqual(page.status_code, 200)
        self.assertIn(f'href="/my/wallets/{self.cash.id}"', page.text)
        self.assertNotIn(f'href="/my/wallets/{self.cash_b.id}"', page.text)
        ledger = self.url_open(f"/my/wallets/{self.cash.id}")
        self.assertEqual(ledger.status_code, 200)
        self.assertEqual(len(re.findall("o_dealer_wallet_transaction", ledger.text)), 1, "the top-up")
        self.assertIn("/my/wallets/statement.xlsx?date_from=", ledger.text)
        # another dealer's wallet
        self.assertEqual(self.url_open(f"/my/wallets/{self.cash_b.id}").status_code, 404)
        self.assertEqual(self.url_open("/my/wallets/999999").status_code, 404)
        statement = self.url_open("/my/wallets/statement.xlsx?date_from=2020-01-01&date_to=2029-12-31")
        self.assertEqual(statement.status_code, 200)
        self.assertIn("spreadsheetml", statement.headers["Content-Type"])
        self.assertEqual(statement.content[:2], b"PK", "an XLSX file")
        # the dealer's own statement only: the route takes no partner
        workbook = openpyxl.load_workbook(io.BytesIO(statement.content), read_only=True)
        text = " ".join(str(cell) for row in workbook.active.iter_rows(values_only=True) for cell in row if cell)
        self.assertIn(self.dealer.name, text)
        self.assertNotIn(self.dealer_b.name, text)
        for bad in BAD_PERIODS:
            self.assertEqual(self.url_open(f"/my/wallets/statement.xlsx{bad}").status_code, 400, bad)
        # the backend route is for internal users
        backend = self.url_open(
            f"/dealer_wallet/statement/xlsx?partner_id={self.dealer.id}&date_from=2020-01-01&date_to=2029-12-31")
        self.assertEqual(backend.status_code, 404)

    def test_ledger_date_filter_and_paging(self):
        for index in range(35):
            self.cash._topup(10.0 + index, journal=self.bank_journal, memo=f"top-up {index}")
        self.authenticate("dp_dealer", "dp_dealer")
        first = self.url_open(f"/my/wallets/{self.cash.id}")
        self.assertEqual(len(re.findall("o_dealer_wallet_transaction", first.text)), 30)
        second = self.url_open(f"/my/wallets/{self.cash.id}/page/2")
        self.assertEqual(len(re.findall("o_dealer_wallet_transaction", second.text)), 6)
        none = self.url_open(f"/my/wallets/{self.cash.id}?date_from=2000-01-01&date_to=2000-12-31")
        self.assertIn("No movement in this period", none.text)
        self.assertNotIn('name="period_error"', none.text)

    def test_ledger_bad_period_is_said_not_ignored(self):
        self.authenticate("dp_dealer", "dp_dealer")
        url = f"/my/wallets/{self.cash.id}"
        reasons = {
            "?date_from=abc": "is not a date",
            "?date_from=2024-02-30&date_to=2024-03-31": "is not a date",
            "?date_to=10000-01-01": "is not a date",
            "?date_from=2024-03-01&date_to=2024-02-01": "ends before it starts",
            "?date_from=1950-01-01&date_to=2099-12-31": "at most ten years",
        }
        for query, reason in reasons.items():
            page = self.url_open(url + query)
            self.assertEqual(page.status_code, 200, query)
            self.assertIn('name="period_error"', page.text, query)
            self.assertIn(reason, page.text, query)
            # the filter is not applied: the top-up is listed, and the form is emptied
            self.assertEqual(len(re.findall("o_dealer_wallet_transaction", page.text)), 1, query)
            self.assertNotRegex(page.text, r'name="date_(from|to)"[^>]*value="[^"]', query)
        page = self.url_open(f"{url}/page/abc")
        self.assertEqual(page.status_code, 404, "a page that is not a number is not a route")


@tagged("post_install", "-at_install")
class TestDealerWalletStatementPdf(DealerPortalHttpCommon):
    """Statement download from the wallet page: the dealer's own statement as PDF."""

    @contextmanager
    def _wkhtmltopdf(self):
        """Real PDFs from the route: Odoo renders a report's HTML instead in tests. wkhtmltopdf
        gets a report URL where nothing listens, so it does not wait for this test server (busy
        with the request that runs it) to send the styles: the PDF is made without them."""
        if self.env["ir.actions.report"].get_wkhtmltopdf_state() == "install":
            self.skipTest("wkhtmltopdf is not installed")
        Report = self.registry["ir.actions.report"]
        pre_render = Report._pre_render_qweb_pdf

        def pre_render_pdf(report, *args, **kwargs):
            return pre_render(report.with_context(force_report_rendering=True), *args, **kwargs)

        self.env["ir.config_parameter"].set_param("report.url", "http://127.0.0.1:9")
        with patch.object(Report, "_pre_render_qweb_pdf", pre_render_pdf):
            yield

    def _pdf_text(self, pdf):
        """The text of a PDF (``pdftotext``, poppler-utils), without blanks; None without it."""
        if not shutil.which("pdftotext"):
            return None
        result = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True, timeout=60)
        return re.sub(r"\s+", "", result.stdout.decode())

    def test_statement_pdf_of_the_dealer(self):
        self.authenticate("dp_dealer", "dp_dealer")
        page = self.url_open("/my/wallets")
        self.assertRegex(page.text, r'<button[^>]*formaction="/my/wallets/statement.pdf"', "beside the Excel one")
        ledger = self.url_open(f"/my/wallets/{self.cash.id}")
        self.assertIn("/my/wallets/statement.pdf?date_from=", ledger.text)
        with self._wkhtmltopdf():
            response = self.url_open("/my/wallets/statement.pdf?date_from=2020-01-01&date_to=2029-12-31")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.headers["Content-Type"], "application/pdf")
        self.assertEqual(response.content[:5], b"%PDF-")
        self.assertIn("filename*=UTF-8''" + quote(f"Statement - {self.dealer.name} - 2020-01-01_2029-12-31.pdf"),
                      response.headers["Content-Disposition"])
        # the dealer's own statement only: the route takes no partner
        text = self._pdf_text(response.content)
        if text is not None:
            self.assertIn(self.dealer.name, text)
            self.assertIn("100,000.00", text)
            self.assertNotIn(self.dealer_b.name, text)
        # what the PDF is made of, rendered as the dealer's portal user: its wallets and
        # movements, the letterhead of the company, no other dealer's
        html = self.env["ir.actions.report"].with_user(self.portal_user).with_company(self.company)._render_qweb_html(
            "dealer_wallet.report_dealer_statement", self.dealer.ids,
            data={"date_from": "2020-01-01", "date_to": "2029-12-31", "statement_company_id": self.company.id},
        )[0].decode()
        self.assertIn(self.dealer.name, html)
        self.assertIn(self.cash.transaction_ids[0].name, html)
        self.assertIn('name="statement_letterhead"', html)
        self.assertIn(self.company.name, html)
        self.assertNotIn(self.dealer_b.name, html)
        self.assertNotIn(self.cash_b.transaction_ids[0].name, html)

    def test_statement_pdf_bad_period_and_others(self):
        self.authenticate("dp_dealer", "dp_dealer")
        for bad in BAD_PERIODS:
            self.assertEqual(self.url_open(f"/my/wallets/statement.pdf{bad}").status_code, 400, bad)
        customer = self.env["res.partner"].create({"name": "Retail customer"})
        self._create_portal_user(customer, "dp_retail")
        self.authenticate("dp_retail", "dp_retail")
        response = self.url_open("/my/wallets/statement.pdf?date_from=2020-01-01&date_to=2029-12-31")
        self.assertEqual(response.status_code, 404, "a portal user who is no dealer")
        self.authenticate(None, None)
        response = self.url_open("/my/wallets/statement.pdf?date_from=2020-01-01&date_to=2029-12-31",
                                 allow_redirects=False)
        self.assertIn(response.status_code, (302, 303), "to the login")
