from odoo import Command
from odoo.tests import TransactionCase

from odoo.addons.dealer_base.tests.factory import create_dealer


class DealerBaseCommon(TransactionCase):
    """A small dealer network, independent of demo data.

    dealer_base's tests run at install (``at_install``): they exercise this
    module alone, before the suite's later modules (product pools, wallets...)
    add their own confirmation checks through ``_dealer_confirmation_errors``.

    Regions: East (Zhejiang, Jiangsu) and South (Guangdong), each with one
    sub-region per province. Network: branch → l1 (Zhejiang) → l2 → store.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        env = cls.env
        # Independent of demo data: other authorizations (e.g. demo exclusive
        # rights on provinces) would collide with the fixtures' exclusive ones.
        env["dealer.authorization"].search([]).active = False
        cls.level_branch = env.ref("dealer_base.dealer_level_branch")
        cls.level_l1 = env.ref("dealer_base.dealer_level_l1")
        cls.level_l2 = env.ref("dealer_base.dealer_level_l2")
        cls.level_store = env.ref("dealer_base.dealer_level_store")
        cls.tier_a = env["dealer.tier"].create({"name": "Test A", "code": "T-A"})
        cls.type_outlet = env["dealer.type"].create({"name": "Test Outlet", "code": "t-outlet"})
        cls.mode_dist = env["dealer.sales.mode"].create({"name": "Test Distribution", "code": "t-dist"})

        cls.china = env.ref("base.cn")
        cls.zhejiang = env.ref("base.state_cn_ZJ")
        cls.jiangsu = env.ref("base.state_cn_JS")
        cls.guangdong = env.ref("base.state_cn_GD")
        Region = env["dealer.region"]
        cls.region_east = Region.create({"name": "Test East", "code": "T-EAST"})
        cls.region_zj = Region.create({
            "name": "Test Zhejiang", "code": "T-ZJ", "parent_id": cls.region_east.id,
            "state_ids": [Command.set(cls.zhejiang.ids)],
        })
        cls.region_js = Region.create({
            "name": "Test Jiangsu", "code": "T-JS", "parent_id": cls.region_east.id,
            "state_ids": [Command.set(cls.jiangsu.ids)],
        })
        cls.region_south = Region.create({"name": "Test South", "code": "T-SOUTH"})
        cls.region_gd = Region.create({
            "name": "Test Guangdong", "code": "T-GD", "parent_id": cls.region_south.id,
            "state_ids": [Command.set(cls.guangdong.ids)],
        })

        cls.branch = cls._create_dealer("Test Branch East", cls.level_branch, cls.zhejiang)
        cls.l1 = cls._create_dealer("Test L1 Hangzhou", cls.level_l1, cls.zhejiang, parent=cls.branch)
        cls.l2 = cls._create_dealer("Test L2 Ningbo", cls.level_l2, cls.zhejiang, parent=cls.l1)
        cls.store = cls._create_dealer("Test Store Wenzhou", cls.level_store, cls.zhejiang, parent=cls.l2)

        cls.categ_office = env["product.category"].create({"name": "Test Office"})
        cls.categ_clock = env["product.category"].create({"name": "Test Clocks", "parent_id": cls.categ_office.id})
        cls.categ_food = env["product.category"].create({"name": "Test Food"})
        cls.product_clock = env["product.product"].create({
            "name": "Test Time Clock", "type": "consu", "categ_id": cls.categ_clock.id, "list_price": 300.0,
        })
        cls.product_snack = env["product.product"].create({
            "name": "Test Snack", "type": "consu", "categ_id": cls.categ_food.id, "list_price": 10.0,
        })
        cls.product_service = env["product.product"].create({
            "name": "Test Installation", "type": "service", "categ_id": cls.categ_food.id, "list_price": 50.0,
        })

    @classmethod
    def _create_dealer(cls, name, level, state, parent=None, **vals):
        return create_dealer(cls.env, name, level=level, state=state, parent=parent, tier=cls.tier_a, **{
            "dealer_type_id": cls.type_outlet.id, "dealer_sales_mode_id": cls.mode_dist.id, **vals,
        })

    @classmethod
    def _authorize(cls, dealer, region, **vals):
        return cls.env["dealer.authorization"].create({
            "partner_id": dealer.id, "region_id": region.id, **vals,
        })

    def _order(self, partner, products, shipping=None):
        return self.env["sale.order"].create({
            "partner_id": partner.id,
            "partner_shipping_id": (shipping or partner).id,
            "order_line": [Command.create({"product_id": p.id, "product_uom_qty": 1}) for p in products],
        })
