from odoo.tests import BaseCase

from ..tools import expiry_level, round_up_to_moq


class TestTools(BaseCase):

    def test_expiry_level_boundaries(self):
        cases = [
            (None, "ok"), (-5, "expired"), (0, "expired"), (1, "red"), (30, "red"), (31, "yellow"),
            (60, "yellow"), (61, "blue"), (90, "blue"), (91, "ok"), (365, "ok"),
        ]
        for days_left, level in cases:
            with self.subTest(days_left=days_left):
                self.assertEqual(expiry_level(days_left, 30, 60, 90), level)

    def test_expiry_level_equal_thresholds(self):
        self.assertEqual(expiry_level(10, 10, 10, 10), "red")
        self.assertEqual(expiry_level(11, 10, 10, 10), "ok")
        self.assertEqual(expiry_level(1, 0, 0, 0), "ok")

    def test_round_up_to_moq(self):
        self.assertEqual(round_up_to_moq(0, 50, 12), 0.0)
        self.assertEqual(round_up_to_moq(-3, 50, 12), 0.0)
        self.assertEqual(round_up_to_moq(68, 50, 12), 72.0)
        self.assertEqual(round_up_to_moq(10, 50, 12), 60.0)
        self.assertEqual(round_up_to_moq(72, 50, 12), 72.0)
        self.assertEqual(round_up_to_moq(3.2, 0, 0), 3.2)
        self.assertEqual(round_up_to_moq(3.2, 0, 1), 4.0)
