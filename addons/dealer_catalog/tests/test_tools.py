from odoo.tests import BaseCase, tagged

from ..tools import moq_violation, rules_may_overlap


@tagged("post_install", "-at_install")
class TestCatalogTools(BaseCase):
    def test_moq_violation(self):
        self.assertEqual(moq_violation(10, 10, 5), set())
        self.assertEqual(moq_violation(15, 10, 5), set())
        self.assertEqual(moq_violation(9, 10, 1), {"min"})
        self.assertEqual(moq_violation(12, 10, 5), {"multiple"})
        self.assertEqual(moq_violation(3, 10, 5), {"min", "multiple"})
        # no rule parts
        self.assertEqual(moq_violation(3, 0, 0), set())
        # float noise does not break a multiple
        self.assertEqual(moq_violation(0.1 + 0.2, 0.3, 0.1, precision_rounding=0.01), set())
        self.assertEqual(moq_violation(2.5, 1, 0.5, precision_rounding=0.01), set())
        self.assertEqual(moq_violation(2.4, 1, 0.5, precision_rounding=0.01), {"multiple"})

    def test_rules_may_overlap(self):
        self.assertTrue(rules_may_overlap((1, False, False), (False, 2, False)))
        self.assertTrue(rules_may_overlap((1, 2, False), (1, False, 3)))
        self.assertTrue(rules_may_overlap((False, False, False), (1, 2, 3)))
        self.assertFalse(rules_may_overlap((1, 2, False), (1, 3, False)))
