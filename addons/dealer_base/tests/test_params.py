import datetime

from odoo.tests import TransactionCase, tagged

from odoo.addons.dealer_base.tools import ParamError, parse_date, parse_id, parse_page, parse_period, parse_quantity
from odoo.addons.dealer_base.tools.params import MAX_PAGE


@tagged("at_install", "-post_install")
class TestParams(TransactionCase):
    """Form and URL parameters read as hostile input: a value within bounds, or a reason."""

    def test_ids(self):
        self.assertEqual(parse_id("42"), 42)
        self.assertEqual(parse_id(" 7 "), 7)
        self.assertEqual(parse_id(2**31 - 1), 2**31 - 1)
        for bad in (None, "", "abc", "1.5", "0", "-3", str(2**31), "1e3", "４２x", [1]):
            self.assertIsNone(parse_id(bad), bad)

    def test_pages(self):
        self.assertEqual(parse_page("3"), 3)
        self.assertEqual(parse_page("abc"), 1)
        self.assertEqual(parse_page(None), 1)
        self.assertEqual(parse_page("-2"), 1)
        self.assertEqual(parse_page(str(10**9)), MAX_PAGE)

    def test_quantities(self):
        cases = {"12": 12.0, " 12.5 ": 12.5, "1,000": 1000.0, "1,000.5": 1000.5, "１２": 12.0, ".5": 0.5,
                 "5.": 5.0, "-3": -3.0, "0": 0.0, 7: 7.0, 2.5: 2.5}
        for value, number in cases.items():
            self.assertEqual(parse_quantity(value), number, value)
        for bad in ("1e5", "1E+5", "1_000", "inf", "-Infinity", "nan", "NaN", "0x10", "", " ", "abc", "1,00",
                    "1" * 40, "1.2.3", None, True, [1], float("nan"), float("inf")):
            self.assertIsNone(parse_quantity(bad), bad)

    def test_dates(self):
        self.assertEqual(parse_date("2024-02-29"), datetime.date(2024, 2, 29))
        self.assertEqual(parse_date(" 2024-03-31 "), datetime.date(2024, 3, 31))
        self.assertIsNone(parse_date(""))
        self.assertIsNone(parse_date(None))
        for bad in ("abc", "2024-02-30", "2023-02-29", "10000-01-01", "1899-12-31", "3000-01-01",
                    "2024-1-5", "2024-01-01T00:00", "2024/01/01", "today"):
            with self.assertRaises(ValueError, msg=bad):
                parse_date(bad)

    def test_periods(self):
        day = datetime.date
        self.assertEqual(parse_period("2024-01-01", "2024-12-31"), (day(2024, 1, 1), day(2024, 12, 31)))
        self.assertEqual(parse_period("", "2024-12-31"), (None, day(2024, 12, 31)))
        self.assertEqual(parse_period(None, None), (None, None))
        self.assertEqual(parse_period("2024-05-05", "2024-05-05"), (day(2024, 5, 5), day(2024, 5, 5)))
        cases = {
            ("abc", "2024-01-01"): "bad_start",
            ("2024-01-01", "2024-02-30"): "bad_end",
            ("2024-01-01", "10000-01-01"): "bad_end",
            ("2024-02-01", "2024-01-31"): "reversed",
            ("2000-01-01", "2099-12-31"): "too_long",
        }
        for (start, end), code in cases.items():
            with self.assertRaises(ParamError) as caught:
                parse_period(start, end)
            self.assertEqual(caught.exception.code, code, (start, end))
        with self.assertRaises(ParamError) as caught:
            parse_period("2024-01-01", "", required=True)
        self.assertEqual(caught.exception.code, "missing")

    def test_messages_name_the_value_and_are_translated(self):
        with self.assertRaises(ParamError) as caught:
            parse_period("2024-13-01" + "x" * 500, None)
        error = caught.exception
        self.assertIn("2024-13-01", str(error))
        self.assertLess(len(str(error)), 200, "the echoed value is cut short")
        self.env["res.lang"]._activate_lang("zh_CN")
        text = error.translated(self.env(context={"lang": "zh_CN"}))
        self.assertIn("2024-13-01", text)
