from freezegun import freeze_time

from odoo.tests import tagged

from .common import DealerRebateCommon


@tagged("post_install", "-at_install")
class TestAccrual(DealerRebateCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._invoice(cls.dealer_a, "2025-05-10", [(cls.shredder, 25, 200.0)])   # Q2: 5,000
        cls._invoice(cls.dealer_a, "2025-07-10", [(cls.clock, 20, 100.0)])      # Q3: 2,000
        cls._invoice(cls.dealer_b, "2025-08-10", [(cls.clock, 40, 100.0)])      # Q3: 4,000
        cls.policy = cls._policy(thresholds=((3000.0, 1.0), (10000.0, 2.0)))

    def _accruals(self):
        return self.env["dealer.rebate.accrual"].search([("policy_id", "=", self.policy.id)])

    def test_open_periods(self):
        Accrual = self.env["dealer.rebate.accrual"]
        with freeze_time("2025-08-20"):
            Accrual._refresh(self.policy)
        accruals = self._accruals()
        closed = accruals.filtered(lambda a: a.period_state == "closed")
        current = accruals.filtered(lambda a: a.period_state == "open")
        self.assertEqual((closed.period_label, closed.partner_id, closed.amount), ("2025-Q2", self.dealer_a, 50.0))
        a_q3 = current.filtered(lambda a: a.partner_id == self.dealer_a)
        b_q3 = current.filtered(lambda a: a.partner_id == self.dealer_b)
        # below the first threshold: nothing accrued yet, 1,000 missing to earn 1 %
        self.assertEqual((a_q3.base_amount, a_q3.amount, a_q3.gap_amount, a_q3.next_rate), (2000.0, 0.0, 1000.0, 1.0))
        self.assertEqual((b_q3.amount, b_q3.gap_amount, b_q3.next_rate), (40.0, 6000.0, 2.0))
        # once Q2 is settled it leaves the accruals; refreshing replaces, never duplicates
        self._settle(self.policy, "2025-04-01", "2025-06-30", confirm=True)
        with freeze_time("2025-08-20"):
            Accrual._refresh(self.policy)
            Accrual._refresh(self.policy)
        self.assertEqual(set(self._accruals().mapped("period_label")), {"2025-Q3"})
        self.assertEqual(len(self._accruals()), 2)

    def test_refresh_action_by_dealer_user(self):
        user = self.env["res.users"].create({
            "name": "返利专员", "login": "rebate_user_accrual",
            "groups_id": [(6, 0, [self.env.ref("dealer_base.group_dealer_user").id])],
        })
        with freeze_time("2025-08-20"):
            self.env["dealer.rebate.accrual"].with_user(user).action_refresh()
        # a Dealer User without write access on the table rebuilds the same figures
        self.assertEqual(
            sorted((a.period_label, a.partner_id.id, a.amount) for a in self._accruals()),
            [("2025-Q2", self.dealer_a.id, 50.0), ("2025-Q3", self.dealer_a.id, 0.0),
             ("2025-Q3", self.dealer_b.id, 40.0)],
        )
