from odoo.tests import tagged

from .common import DealerCrowdfundingCommon


@tagged("post_install", "-at_install")
class TestCrowdfundingFlow(DealerCrowdfundingCommon):
    """The crowdfunding order flow that the module adds to dealer_order's flows."""

    def test_flow_of_every_company(self):
        # the main company's, from the module's data (the test company is another one)
        flow = self.env.ref("dealer_crowdfunding.dealer_order_flow_crowdfunding").sudo()
        self.assertEqual((flow.code, flow.company_id), ("crowdfunding", self.env.ref("base.main_company")))
        company = self.env["res.company"].create({"name": "New Crowdfunding Company"})
        flow = self.env["dealer.order.flow"].search([("company_id", "=", company.id), ("code", "=", "crowdfunding")])
        self.assertEqual(len(flow), 1)
        self.assertIn(flow.name, ("Crowdfunding Order", "众筹订单"))
        self.assertEqual((flow.prefix, flow.deposit_ratio, flow.balance_days), ("CF/", 0.2, 30))
        self.assertTrue(flow.is_deposit_flow, "its form shows the deposit and balance")

    def test_missing_flow_created_on_first_use(self):
        Flow = self.env["dealer.order.flow"]
        Flow.search([("company_id", "=", self.company.id), ("code", "=", "crowdfunding")]).unlink()
        order = self._create_order(partner=self.dealer_b, flow="crowdfunding", lines=[(self.product, 5, 100.0)])
        self.assertTrue(order.name.startswith("CF/"), order.name)
        self.assertTrue(order.dealer_is_deposit_order)
        self.assertAlmostEqual(order.deposit_ratio, 0.2)
        self.assertEqual(len(Flow.search([("company_id", "=", self.company.id), ("code", "=", "crowdfunding")])), 1)

    def test_search_filter(self):
        arch = self.env["sale.order"].get_view(self.env.ref("sale.view_sales_order_filter").id, "search")["arch"]
        self.assertIn('name="flow_crowdfunding"', arch)

    def test_contract_names(self):
        """The SPEC names (presale_*) read the crowdfunding order's deposit, and pay its balance."""
        campaign = self._create_campaign()
        campaign.pledge(self.dealer, 45)
        pledge = campaign.pledge(self.poor, 5)
        campaign.action_close()
        order = pledge.sale_order_id
        self.assertEqual(order.presale_state, "deposit_paid")
        self.assertAlmostEqual(order.presale_deposit_amount, pledge.deposit_amount)
        self.assertAlmostEqual(order.presale_deposit_ratio, 0.2)
        self.assertEqual(order.presale_balance_due_date, order.deposit_balance_due_date)
        self.env["dealer.wallet"]._get_wallet(self.poor, "cash")._topup(1000.0, journal=self.bank_journal)
        order.action_presale_pay_balance()
        self.assertEqual((order.deposit_state, order.presale_state), ("balance_paid", "balance_paid"))
