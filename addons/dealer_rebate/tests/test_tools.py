from datetime import date

from odoo.tests import BaseCase, tagged

from ..tools import (
    compute_rebate,
    growth_percent,
    is_aligned,
    last_closed_period,
    period_bounds,
    period_label,
    previous_year_period,
    progressive_amount,
    select_threshold,
)

THRESHOLDS = [(0.0, 1.0), (5000.0, 2.0), (8000.0, 3.0)]


@tagged("post_install", "-at_install")
class TestPeriods(BaseCase):
    def test_period_bounds(self):
        self.assertEqual(period_bounds(date(2026, 2, 14), "month"), (date(2026, 2, 1), date(2026, 2, 28)))
        self.assertEqual(period_bounds(date(2024, 2, 14), "month"), (date(2024, 2, 1), date(2024, 2, 29)))
        self.assertEqual(period_bounds(date(2026, 5, 31), "quarter"), (date(2026, 4, 1), date(2026, 6, 30)))
        self.assertEqual(period_bounds(date(2026, 12, 31), "quarter"), (date(2026, 10, 1), date(2026, 12, 31)))
        self.assertEqual(period_bounds(date(2026, 7, 1), "year"), (date(2026, 1, 1), date(2026, 12, 31)))

    def test_alignment(self):
        self.assertTrue(is_aligned(date(2026, 4, 1), date(2026, 6, 30), "quarter"))
        self.assertFalse(is_aligned(date(2026, 4, 1), date(2026, 6, 29), "quarter"))
        self.assertFalse(is_aligned(date(2026, 2, 1), date(2026, 4, 30), "quarter"), "spans two quarters")
        self.assertFalse(is_aligned(date(2026, 4, 1), date(2026, 4, 30), "quarter"), "a month is not a quarter")
        self.assertTrue(is_aligned(date(2026, 4, 1), date(2026, 4, 30), "month"))
        self.assertFalse(is_aligned(date(2026, 1, 1), date(2027, 12, 31), "year"))
        self.assertFalse(is_aligned(None, date(2026, 4, 30), "month"))

    def test_previous_year_and_closed_period(self):
        self.assertEqual(previous_year_period(date(2026, 4, 1), date(2026, 6, 30), "quarter"),
                         (date(2025, 4, 1), date(2025, 6, 30)))
        self.assertEqual(previous_year_period(date(2025, 2, 1), date(2025, 2, 28), "month"),
                         (date(2024, 2, 1), date(2024, 2, 29)), "leap February of the year before")
        self.assertEqual(last_closed_period(date(2026, 1, 15), "quarter"), (date(2025, 10, 1), date(2025, 12, 31)))
        self.assertEqual(last_closed_period(date(2026, 3, 1), "month"), (date(2026, 2, 1), date(2026, 2, 28)))
        self.assertEqual(last_closed_period(date(2026, 6, 30), "year"), (date(2025, 1, 1), date(2025, 12, 31)))
        self.assertEqual(period_label(date(2026, 4, 1), "quarter"), "2026-Q2")
        self.assertEqual(period_label(date(2026, 4, 1), "month"), "2026-04")
        self.assertEqual(period_label(date(2026, 1, 1), "year"), "2026")


@tagged("post_install", "-at_install")
class TestRates(BaseCase):
    def test_select_threshold(self):
        self.assertIsNone(select_threshold([(1000.0, 1.0)], 999.99))
        self.assertEqual(select_threshold([(1000.0, 1.0)], 1000.0), 0, "reached at exactly the minimum")
        self.assertEqual(select_threshold(THRESHOLDS, 7999.0), 1)
        self.assertEqual(select_threshold(list(reversed(THRESHOLDS)), 9000.0), 2, "order of input irrelevant")

    def test_tiered_volume(self):
        result = compute_rebate("volume", "tiered", THRESHOLDS, 10000.0)
        self.assertEqual((result.rate, result.amount, result.reason), (3.0, 300.0, "reached"))
        result = compute_rebate("volume", "tiered", THRESHOLDS, 6000.0)
        self.assertEqual(result.amount, 120.0)  # 6,000 × 2 %
        result = compute_rebate("volume", "tiered", [(5000.0, 2.0)], 4999.0)
        self.assertEqual((result.amount, result.reason), (0.0, "below"))
        result = compute_rebate("category", "tiered", THRESHOLDS, -500.0)
        self.assertEqual((result.amount, result.reason), (0.0, "no_sales"), "more credit notes than invoices")

    def test_progressive_volume(self):
        # 5,000 × 1 % + 3,000 × 2 % + 2,000 × 3 % = 50 + 60 + 60
        result = compute_rebate("volume", "progressive", THRESHOLDS, 10000.0)
        self.assertAlmostEqual(result.amount, 170.0)
        self.assertAlmostEqual(result.rate, 1.7)
        self.assertEqual(len(result.slices), 3)
        amount, slices = progressive_amount(6000.0, THRESHOLDS)
        self.assertAlmostEqual(amount, 70.0)  # 50 + 1,000 × 2 %
        self.assertEqual(slices[-1], (5000.0, 8000.0, 1000.0, 2.0, 20.0))
        # the slice below the first threshold earns nothing
        amount, _slices = progressive_amount(10000.0, [(5000.0, 2.0)])
        self.assertAlmostEqual(amount, 100.0)

    def test_freight(self):
        result = compute_rebate("freight", "tiered", [(0.0, 1.5)], 38400.0)
        self.assertAlmostEqual(result.amount, 576.0)

    def test_growth(self):
        growth = [(10.0, 2.0), (20.0, 3.0)]
        self.assertIsNone(growth_percent(100.0, 0.0))
        self.assertAlmostEqual(growth_percent(130.0, 100.0), 30.0)
        # 130,000 vs 100,000: +30 % → 3 % of the 30,000 increase
        result = compute_rebate("growth", "tiered", growth, 130000.0, 100000.0)
        self.assertEqual((result.base, result.rate, result.amount, result.growth), (30000.0, 3.0, 900.0, 30.0))
        # progressive: 10,000–20,000 of increase at 2 %, 20,000–30,000 at 3 %
        result = compute_rebate("growth", "progressive", growth, 130000.0, 100000.0)
        self.assertAlmostEqual(result.amount, 500.0)
        # +5 %: below the first threshold
        result = compute_rebate("growth", "tiered", growth, 105000.0, 100000.0)
        self.assertEqual((result.amount, result.reason), (0.0, "below"))
        # decline
        result = compute_rebate("growth", "tiered", growth, 90000.0, 100000.0)
        self.assertEqual((result.base, result.amount, result.reason), (-10000.0, 0.0, "no_growth"))

    def test_growth_zero_previous_year(self):
        # undefined growth without a 0 % threshold: nothing
        result = compute_rebate("growth", "tiered", [(10.0, 2.0), (20.0, 3.0)], 50000.0, 0.0)
        self.assertEqual((result.amount, result.reason, result.growth), (0.0, "growth_undefined", None))
        # with a 0 % threshold: its rate on all the new sales, not the highest rate
        for mode in ("tiered", "progressive"):
            result = compute_rebate("growth", mode, [(0.0, 1.0), (20.0, 3.0)], 50000.0, 0.0)
            self.assertEqual((result.base, result.rate, result.amount, result.reason),
                             (50000.0, 1.0, 500.0, "new_sales"), mode)
        # no sales in either year
        result = compute_rebate("growth", "tiered", [(0.0, 1.0)], 0.0, 0.0)
        self.assertEqual((result.amount, result.reason), (0.0, "no_sales"))

    def test_base_paid_in_full(self):
        # kinds settled from documents (profit shares): the whole base, thresholds ignored
        result = compute_rebate("profit_share", "tiered", [(100.0, 5.0)], 1234.5, in_full=True)
        self.assertEqual((result.base, result.rate, result.amount, result.reason), (1234.5, 100.0, 1234.5, "reached"))
        result = compute_rebate("profit_share", "tiered", [], 0.0, in_full=True)
        self.assertEqual((result.amount, result.reason), (0.0, "no_sales"))
        with self.assertRaises(ValueError):
            compute_rebate("unknown", "tiered", [], 1.0)
