from datetime import timedelta

from odoo import Command, fields

from odoo.addons.dealer_order.tests.common import DealerOrderCommon


class DealerCrowdfundingCommon(DealerOrderCommon):
    """The dealer_order fixture (own company, regions, dealers, storable goods in
    stock, funded cash wallets) plus a taxed campaign product, two more pledgers
    (one with little money) and a draft campaign builder."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.tax = cls.company_data["default_tax_sale"]
        cls.product = env["product.product"].create({
            "name": "众筹考勤机", "type": "consu", "is_storable": True, "list_price": 200.0,
            "invoice_policy": "delivery", "taxes_id": [Command.set(cls.tax.ids)],
        })
        env["stock.quant"]._update_available_quantity(cls.product, cls.warehouse.lot_stock_id, 1000.0)
        cls.dealer_b = cls._create_dealer("测试经销商乙", cls.level_l1, cls.state_e1, parent=cls.branch)
        cls.poor = cls._create_dealer("资金不足门店", cls.level_store, cls.state_e1, parent=cls.dealer)
        for partner in (cls.dealer_b, cls.store, cls.poor):
            cls._authorize(partner, cls.region_e1)
        (cls.dealer | cls.dealer_b | cls.store | cls.poor)._dealer_grant_products(cls.product)
        Wallet = env["dealer.wallet"]
        cls.cash_b = Wallet._get_wallet(cls.dealer_b, "cash")
        cls.cash_b._topup(80000.0, journal=cls.bank_journal, memo="bank transfer")
        cls.poor_cash = Wallet._get_wallet(cls.poor, "cash")
        cls.poor_cash._topup(500.0, journal=cls.bank_journal, memo="bank transfer")
        cls.Campaign = env["dealer.crowdfunding"]
        cls.Pledge = env["dealer.crowdfunding.pledge"]

    @classmethod
    def _create_campaign(cls, open_it=True, **vals):
        campaign = cls.Campaign.create({
            "name": "测试拼单",
            "product_id": cls.product.id,
            "price_unit": 100.0,
            "target_qty": 50.0,
            "max_qty": 100.0,
            "min_pledge_qty": 5.0,
            "deposit_ratio": 0.2,
            "balance_due_days": 5,
            "deadline": fields.Datetime.now() + timedelta(days=7),
            "warehouse_id": cls.warehouse.id,
            "company_id": cls.company.id,
            **vals,
        })
        if open_it:
            campaign.action_open()
        return campaign

    def _state(self, wallet):
        wallet.invalidate_recordset()
        return wallet.balance, wallet.reserved_amount
