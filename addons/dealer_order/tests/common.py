from odoo import Command, fields

from odoo.addons.account.tests.common import AccountTestInvoicingCommon

from odoo.addons.dealer_base.tests.factory import create_dealer


class DealerOrderCommon(AccountTestInvoicingCommon):
    """Own company (AccountTestInvoicingCommon), no demo data used.

    Provinces P-East-1 / P-East-2 (region East ⊃ East-1, East-2) and P-West (West);
    dealers: a branch, two L1 dealers with their own warehouses (fulfillment), a
    store below L1 A; the regular dealer ``dealer`` authorized for P-East-1 with a
    funded cash wallet; storable products with stock in the company's warehouse.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        env.user.groups_id += env.ref("dealer_base.group_dealer_manager") + env.ref("stock.group_stock_manager")
        cls.company = env.company
        cls.company._dealer_wallet_setup_accounting()
        cls.company._dealer_order_setup_accounting()
        cls.currency = cls.company.currency_id
        cls.bank_journal = cls.company_data["default_journal_bank"]
        cls.warehouse = env["stock.warehouse"].search([("company_id", "=", cls.company.id)], limit=1)
        cls.reviewer = cls.env.user
        cls.company.dealer_order_reviewer_id = cls.reviewer
        cls.salesperson = env["res.users"].create({
            "name": "Dealer Salesperson", "login": "dealer_order_salesperson",
            "groups_id": [Command.set(env.ref("sales_team.group_sale_salesman").ids)],
            "company_id": cls.company.id, "company_ids": [Command.set(cls.company.ids)],
        })

        country = env.ref("base.cn")
        State = env["res.country.state"]
        cls.state_e1 = State.create({"name": "P-East-1", "code": "TE1", "country_id": country.id})
        cls.state_e2 = State.create({"name": "P-East-2", "code": "TE2", "country_id": country.id})
        cls.state_w = State.create({"name": "P-West", "code": "TW1", "country_id": country.id})
        Region = env["dealer.region"]
        cls.region_east = Region.create({"name": "T East", "code": "TO-EAST"})
        cls.region_e1 = Region.create({"name": "T East 1", "code": "TO-E1", "parent_id": cls.region_east.id,
                                       "state_ids": [Command.set(cls.state_e1.ids)]})
        cls.region_e2 = Region.create({"name": "T East 2", "code": "TO-E2", "parent_id": cls.region_east.id,
                                       "state_ids": [Command.set(cls.state_e2.ids)]})
        cls.region_west = Region.create({"name": "T West", "code": "TO-WEST",
                                         "state_ids": [Command.set(cls.state_w.ids)]})

        cls.level_branch = env.ref("dealer_base.dealer_level_branch")
        cls.level_l1 = env.ref("dealer_base.dealer_level_l1")
        cls.level_store = env.ref("dealer_base.dealer_level_store")
        cls.branch = cls._create_dealer("测试分公司", cls.level_branch, cls.state_e1)
        cls.dealer = cls._create_dealer("测试经销商甲", cls.level_l1, cls.state_e1, parent=cls.branch,
                                        user_id=cls.salesperson.id)
        cls.wh_a = env["stock.warehouse"].create({"name": "仓库A", "code": "TWA", "company_id": cls.company.id})
        cls.wh_b = env["stock.warehouse"].create({"name": "仓库B", "code": "TWB", "company_id": cls.company.id})
        cls.fulfiller_a = cls._create_dealer("履约经销商A", cls.level_l1, cls.state_e1, parent=cls.branch,
                                             dealer_warehouse_id=cls.wh_a.id, dealer_fulfillment_share=10.0)
        cls.fulfiller_b = cls._create_dealer("履约经销商B", cls.level_l1, cls.state_e2, parent=cls.branch,
                                             dealer_warehouse_id=cls.wh_b.id, dealer_fulfillment_share=8.0)
        cls.store = cls._create_dealer("测试门店", cls.level_store, cls.state_e1, parent=cls.fulfiller_a)
        cls._authorize(cls.dealer, cls.region_e1)

        cls.item_a = cls._create_item("测试商品A", 100.0)
        cls.item_b = cls._create_item("测试商品B", 50.0)
        cls.items = cls.item_a | cls.item_b
        (cls.dealer | cls.store | cls.fulfiller_a | cls.fulfiller_b)._dealer_grant_products(cls.items)
        for warehouse in (cls.warehouse, cls.wh_a, cls.wh_b):
            for product in cls.items:
                env["stock.quant"]._update_available_quantity(product, warehouse.lot_stock_id, 1000.0)

        Wallet = env["dealer.wallet"]
        cls.cash = Wallet._get_wallet(cls.dealer, "cash")
        cls.cash._topup(100000.0, journal=cls.bank_journal, memo="bank transfer")
        cls.store_cash = Wallet._get_wallet(cls.store, "cash")
        cls.store_cash._topup(50000.0, journal=cls.bank_journal, memo="bank transfer")
        cls.Rule = env["dealer.review.rule"]
        cls.rules = {rule.code: rule for rule in cls.Rule.search([("company_id", "in", (cls.company.id, False))])}

    @classmethod
    def _create_dealer(cls, name, level, state, parent=None, **vals):
        return create_dealer(cls.env, name, level=level, state=state, parent=parent, **vals)

    @classmethod
    def _authorize(cls, partner, region, exclusive=False, **vals):
        return cls.env["dealer.authorization"].create({
            "partner_id": partner.id, "region_id": region.id, "exclusive": exclusive,
            "company_id": cls.company.id, "date_from": fields.Date.subtract(fields.Date.today(), days=1), **vals,
        })

    @classmethod
    def _create_item(cls, name, price):
        return cls.env["product.product"].create({
            "name": name, "type": "consu", "is_storable": True, "list_price": price,
            "invoice_policy": "delivery", "taxes_id": [Command.clear()],
        })

    @classmethod
    def _create_order(cls, partner=None, lines=None, flow="regular", **vals):
        lines = lines or [(cls.item_a, 10, 100.0)]
        return cls.env["sale.order"].create({
            "partner_id": (partner or cls.dealer).id,
            "dealer_flow": flow,
            "order_line": [Command.create({
                "product_id": product.id, "product_uom_qty": qty, "price_unit": price, "tax_id": [Command.clear()],
            }) for product, qty, price in lines],
            **vals,
        })

    def _free_qty(self, product, warehouse):
        return product.with_context(warehouse_id=warehouse.id).free_qty

    def _validate_delivery(self, order):
        picking = order.picking_ids.filtered(lambda p: p.picking_type_code == "outgoing" and p.state != "done")
        picking.move_ids.quantity = 0
        for move in picking.move_ids:
            move.quantity = move.product_uom_qty
        picking.move_ids.picked = True
        picking._action_done()
        return picking

    def _review_activities(self, order):
        return order.activity_ids.filtered(
            lambda act: act.activity_type_id == self.env.ref("dealer_order.mail_activity_type_dealer_review"))
