from odoo.tests import tagged

from odoo.addons.dealer_base.tests.eligibility import EligibilityCase


@tagged("at_install", "dealer_wallet")
class TestCreditEvaluationEligibility(EligibilityCase):
    """Credit evaluations choose their dealers with the suite's dealer eligibility rule."""

    eligibility_model = "dealer.credit.evaluation"

    @classmethod
    def _make_record(cls, **dimensions):
        return cls.env["dealer.credit.evaluation"].create(dimensions)

    def test_evaluated_dealers_are_the_eligible_active_companies(self):
        self.customer.dealer_state = "active"  # not a dealer: never evaluated
        for key, evaluation in self.records.items():
            with self.subTest(evaluation=key):
                self.assertEqual(evaluation._get_partners() & self.partners, self._expected(key))
        self.js_b.dealer_state = "suspended"
        self.assertNotIn(self.js_b, self.records["east"]._get_partners(), "only active dealers unless listed")
        self.assertIn(self.js_b, self.records["listed"]._get_partners(), "a listed dealer is evaluated")
