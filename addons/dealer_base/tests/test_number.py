from odoo.tests import TransactionCase, tagged

from odoo.addons.dealer_base.tools import format_qty


@tagged("at_install", "dealer_base")
class TestFormatQty(TransactionCase):
    """The suite's one quantity formatter (messages, portal form values, rates)."""

    def test_quantities_as_written(self):
        self.assertEqual(format_qty(12.0, 1.0), "12")
        self.assertEqual(format_qty(2.5, 0.01), "2.5")
        self.assertEqual(format_qty(0.3333, 0.01), "0.33")
        self.assertEqual(format_qty(100, 0.001), "100")
        self.assertEqual(format_qty(-3.0), "-3")
        self.assertEqual(format_qty(None), "0")
        self.assertEqual(format_qty(-0.0001, 0.001), "0", "no negative zero")

    def test_large_numbers_never_in_exponent_form(self):
        # '%g' printed 1234567.0 as 1.23457e+06
        self.assertEqual(format_qty(1234567.0), "1234567")
        self.assertEqual(format_qty(12345678.9, 0.1), "12345678.9")
        self.assertEqual(format_qty(1e9, 1.0), "1000000000")
        self.assertEqual(format_qty(0.00001, 0.0001), "0")
        self.assertEqual(format_qty(12.5, 0.0001), "12.5", "rates")
