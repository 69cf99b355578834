import io
import re

import openpyxl

from odoo.tests import tagged

from .common import DealerPortalHttpCommon


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
        for bad in ("", "?date_from=2020-01-01", "?date_from=2021-01-01&date_to=2020-01-01",
                    "?date_from=2000-01-01&date_to=2099-12-31", "?date_from=yesterday&date_to=today"):
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
