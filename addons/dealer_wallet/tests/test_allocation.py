from odoo.tests import BaseCase

from odoo.addons.dealer_wallet.tools import allocate_proportionally, autosplit


class TestAllocation(BaseCase):
    def test_autosplit_greedy_in_policy_order(self):
        allocations, uncovered = autosplit(500000, [("rebate", 50000), ("cash", 100000), ("regular", 200000),
                                                    ("special", 400000)])
        self.assertEqual(allocations, [("rebate", 50000.0), ("cash", 100000.0), ("regular", 200000.0),
                                       ("special", 150000.0)])
        self.assertEqual(uncovered, 0.0)

    def test_autosplit_uncovered_and_skips_empty_sources(self):
        allocations, uncovered = autosplit(100.10, [("a", 0), ("b", -5), ("c", 60.05)])
        self.assertEqual(allocations, [("c", 60.05)])
        self.assertEqual(uncovered, 40.05)

    def test_proportional_exact_to_the_cent(self):
        shares = allocate_proportionally(100.0, [("a", 1.0), ("b", 1.0), ("c", 1.0)])
        self.assertEqual(sum(amount for _key, amount in shares), 3.0,
                         "capped by the weights: never more than what was reserved")
        shares = allocate_proportionally(10.0, [("a", 30.0), ("b", 30.0), ("c", 30.0)])
        self.assertAlmostEqual(sum(amount for _key, amount in shares), 10.0, places=6)
        self.assertEqual(sorted(amount for _key, amount in shares), [3.33, 3.33, 3.34])

    def test_proportional_seed_example_partial(self):
        weights = [("cash", 100000), ("rebate", 50000), ("regular", 200000), ("special", 150000)]
        shares = dict(allocate_proportionally(200000, weights))
        self.assertEqual(shares, {"cash": 40000.0, "rebate": 20000.0, "regular": 80000.0, "special": 60000.0})

    def test_proportional_zero_and_empty(self):
        self.assertEqual(allocate_proportionally(0, [("a", 10)]), [("a", 0.0)])
        self.assertEqual(allocate_proportionally(10, [("a", 0)]), [("a", 0.0)])
        self.assertEqual(allocate_proportionally(10, []), [])
