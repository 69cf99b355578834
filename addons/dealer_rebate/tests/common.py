from odoo import Command, fields

from odoo.addons.account.tests.common import AccountTestInvoicingCommon

from odoo.addons.dealer_base.tests.factory import create_dealer


class DealerRebateCommon(AccountTestInvoicingCommon):
    """Dealers in two provinces and tiers, two product categories (one with a
    sub-category), and helpers to post invoices and credit notes at given dates."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        cls.env.user.groups_id += cls.env.ref("dealer_base.group_dealer_manager")
        cls.company._dealer_wallet_setup_accounting()
        cls.accounting = cls.company._dealer_wallet_accounting()
        cls.currency = cls.company.currency_id
        cls.level_l1 = cls.env.ref("dealer_base.dealer_level_l1")
        cls.level_store = cls.env.ref("dealer_base.dealer_level_store")
        cls.tier_a = cls.env["dealer.tier"].create({"name": "返利A级", "code": "RBT_A"})
        cls.tier_b = cls.env["dealer.tier"].create({"name": "返利B级", "code": "RBT_B"})
        cls.zj = cls.env.ref("base.state_cn_ZJ")
        cls.gd = cls.env.ref("base.state_cn_GD")
        cls.region_east = cls.env["dealer.region"].create({
            "name": "返利华东", "code": "RBT_EAST", "state_ids": [Command.set(cls.zj.ids)],
        })
        cls.dealer_a = cls._create_dealer("杭州甲商贸", tier=cls.tier_a, state=cls.zj)
        cls.dealer_b = cls._create_dealer("宁波乙商贸", tier=cls.tier_b, state=cls.zj)
        cls.dealer_c = cls._create_dealer("广州丙商贸", tier=cls.tier_a, state=cls.gd)
        cls.contact_a = cls.env["res.partner"].create({"name": "甲采购员", "parent_id": cls.dealer_a.id})
        cls.customer = cls.env["res.partner"].create({"name": "Not a dealer", "is_company": True})
        Category = cls.env["product.category"]
        cls.categ_office = Category.create({"name": "办公设备"})
        cls.categ_clock = Category.create({"name": "考勤机", "parent_id": cls.categ_office.id})
        cls.categ_paper = Category.create({"name": "纸品"})
        cls.clock = cls._make_product("考勤机", cls.categ_clock, 100.0)
        cls.shredder = cls._make_product("碎纸机", cls.categ_office, 200.0)
        cls.paper = cls._make_product("复印纸", cls.categ_paper, 10.0)
        # other modules of the suite may restrict what dealers order (product pools)
        (cls.dealer_a | cls.dealer_b | cls.dealer_c)._dealer_grant_products(cls.clock | cls.shredder | cls.paper)
        cls.tax = cls.company_data["default_tax_sale"]
        cls.Policy = cls.env["dealer.rebate.policy"]
        cls.Settlement = cls.env["dealer.rebate.settlement"]
        cls.Wallet = cls.env["dealer.wallet"]

    @classmethod
    def _create_dealer(cls, name, tier=None, state=None, level=None):
        return create_dealer(cls.env, name, level=level or cls.level_l1, state=state, tier=tier,
                             country_id=cls.env.ref("base.cn").id)

    @classmethod
    def _make_product(cls, name, categ, price):
        return cls.env["product.product"].create({
            "name": name, "categ_id": categ.id, "type": "consu", "list_price": price,
            "invoice_policy": "delivery", "taxes_id": [Command.clear()],
        })

    @classmethod
    def _invoice(cls, partner, date, lines, refund=False, post=True, taxed=False):
        """Post a customer invoice (or credit note) of ``lines`` [(product, qty, price)]."""
        move = cls.env["account.move"].create({
            "move_type": "out_refund" if refund else "out_invoice",
            "partner_id": partner.id,
            "invoice_date": fields.Date.to_date(date),
            "invoice_line_ids": [Command.create({
                "product_id": product.id, "quantity": qty, "price_unit": price,
                "tax_ids": [Command.set(cls.tax.ids)] if taxed else [Command.clear()],
            }) for product, qty, price in lines],
        })
        if post:
            move.action_post()
        return move

    @classmethod
    def _policy(cls, kind="volume", period="quarter", thresholds=((0.0, 1.0),), **vals):
        key = "min_growth" if kind == "growth" else "min_amount"
        return cls.env["dealer.rebate.policy"].create({
            "name": "%s %s" % (kind, period),
            "kind": kind,
            "period": period,
            "threshold_ids": [Command.create({key: minimum, "rate": rate}) for minimum, rate in thresholds],
            **vals,
        })

    def _settle(self, policy, date_from, date_to, confirm=False):
        settlement = self.Settlement.create({
            "policy_id": policy.id,
            "date_from": fields.Date.to_date(date_from),
            "date_to": fields.Date.to_date(date_to),
        })
        settlement.action_compute()
        if confirm:
            settlement.action_confirm()
        return settlement

    def assertRaisesMessage(self, exception, pattern):
        """assertRaises (which rolls back to a savepoint: nothing half-written stays)
        plus a check of the message."""
        return _RaisesMessage(self, exception, pattern)

    def _line(self, settlement, partner):
        return settlement.line_ids.filtered(lambda line: line.partner_id == partner)

    def _gl_balance(self, account, partner):
        lines = self.env["account.move.line"].search([
            ("account_id", "=", account.id), ("partner_id", "=", partner.id), ("parent_state", "=", "posted"),
        ])
        return -sum(lines.mapped("balance"))


class _RaisesMessage:
    def __init__(self, case, exception, pattern):
        self.case, self.pattern = case, pattern
        self.manager = case.assertRaises(exception)

    def __enter__(self):
        self.context = self.manager.__enter__()
        return self.context

    def __exit__(self, exc_type, exc_value, traceback):
        result = self.manager.__exit__(exc_type, exc_value, traceback)
        self.case.assertRegex(str(self.context.exception), self.pattern)
        return result
