from contextlib import contextmanager

from odoo import Command

from odoo.addons.dealer_base.tests.common import DealerBaseCommon


class DealerCatalogCommon(DealerBaseCommon):
    """Dealers of several tiers / types / modes, a product tree and front categories.

    Built on the dealer_base fixture (network branch → l1 → l2 → store, all
    tier A / outlet / distribution in Zhejiang). Existing pools and rules
    (e.g. demo data) are archived so that the tests only see their own.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        for model in ("dealer.product.pool", "dealer.pricelist.rule", "dealer.moq.rule"):
            env[model].search([]).active = False

        cls.tier_ka = env["dealer.tier"].create({"name": "Test KA", "code": "T-KA"})
        cls.tier_c = env["dealer.tier"].create({"name": "Test C", "code": "T-C"})
        cls.type_ka_store = env["dealer.type"].create({"name": "Test KA Store", "code": "t-ka-store"})
        cls.type_wholesale = env["dealer.type"].create({"name": "Test Wholesale", "code": "t-wholesale"})
        cls.type_retail = env["dealer.type"].create({"name": "Test Retail", "code": "t-retail"})
        cls.mode_direct = env["dealer.sales.mode"].create({"name": "Test Direct", "code": "t-direct"})

        # dealers of the base fixture: tier A, outlet, distribution
        cls.ka_store = cls._create_dealer(
            "Test KA Store Hangzhou", cls.level_store, cls.zhejiang,
            dealer_tier_id=cls.tier_ka.id, dealer_type_id=cls.type_ka_store.id,
        )
        cls.wholesale_store = cls._create_dealer(
            "Test Wholesale Yiwu", cls.level_store, cls.zhejiang,
            dealer_tier_id=cls.tier_c.id, dealer_type_id=cls.type_wholesale.id,
            dealer_sales_mode_id=cls.mode_direct.id,
        )
        cls.retail_store = cls._create_dealer(
            "Test Retail Shaoxing", cls.level_store, cls.zhejiang,
            dealer_type_id=cls.type_retail.id,
        )
        for dealer in (cls.store, cls.ka_store, cls.wholesale_store, cls.retail_store, cls.l1):
            cls._authorize(dealer, cls.region_zj)
        cls.customer = env["res.partner"].create({
            "name": "Test Walk-in Customer", "country_id": cls.china.id, "state_id": cls.zhejiang.id,
        })

        # back categories: Stationery > Pens, Equipment
        Category = env["product.category"]
        cls.categ_stationery = Category.create({"name": "Test Stationery"})
        cls.categ_pens = Category.create({"name": "Test Pens", "parent_id": cls.categ_stationery.id})
        cls.categ_equipment = Category.create({"name": "Test Equipment"})
        Product = env["product.product"]

        def product(name, categ, price):
            return Product.create({"name": name, "type": "consu", "categ_id": categ.id, "list_price": price})

        cls.pen = product("Test Gel Pen", cls.categ_pens, 18.0)
        cls.notebook = product("Test Notebook", cls.categ_stationery, 6.5)
        cls.clock = product("Test Time Clock", cls.categ_equipment, 400.0)
        cls.printer = product("Test Mistake Printer", cls.categ_equipment, 260.0)
        cls.shredder = product("Test Shredder", cls.categ_equipment, 700.0)
        cls.all_products = cls.pen | cls.notebook | cls.clock | cls.printer | cls.shredder

        # front categories: School > Top Student (clock, printer, notebook); Office Set (clock, shredder)
        Front = env["dealer.front.category"]
        cls.front_school = Front.create({"name": "Test Back to School"})
        cls.front_top_student = Front.create({
            "name": "Test Top Student", "parent_id": cls.front_school.id,
            "product_tmpl_ids": [Command.set((cls.clock | cls.printer | cls.notebook).product_tmpl_id.ids)],
        })
        cls.front_office_set = Front.create({
            "name": "Test Office Set",
            "product_tmpl_ids": [Command.set((cls.clock | cls.shredder).product_tmpl_id.ids)],
        })

        # pricelists: outlet = list - 30%, KA = outlet - 5%
        Pricelist = env["product.pricelist"]
        cls.pl_outlet = Pricelist.create({
            "name": "Test Outlet Price",
            "item_ids": [Command.create({
                "applied_on": "3_global", "compute_price": "formula", "base": "list_price", "price_discount": 30,
            })],
        })
        cls.pl_ka = Pricelist.create({
            "name": "Test KA Price",
            "item_ids": [Command.create({
                "applied_on": "3_global", "compute_price": "formula", "base": "pricelist",
                "base_pricelist_id": cls.pl_outlet.id, "price_discount": 5,
            })],
        })
        cls.pl_wholesale = Pricelist.create({
            "name": "Test Wholesale Price",
            "item_ids": [Command.create({
                "applied_on": "3_global", "compute_price": "formula", "base": "list_price", "price_discount": 35,
            })],
        })

    @classmethod
    def _pool(cls, name, mode="allow", **vals):
        values = {"name": name, "mode": mode}
        for key, records in vals.items():
            values[key] = [Command.set(records.ids)] if hasattr(records, "ids") else records
        return cls.env["dealer.product.pool"].create(values)

    @contextmanager
    def assertRaisesRegex(self, exception, regex):
        """Like unittest's, but in a savepoint (as Odoo's ``assertRaises``) so nothing half-written stays."""
        with self.assertRaises(exception) as catcher:
            yield catcher
        self.assertRegex(str(catcher.exception), regex)

    def _allowed(self, dealer, products=None):
        """The fixture products ``dealer`` may order."""
        return dealer._dealer_allowed_products(self.all_products if products is None else products)

    def _order_lines(self, partner, lines):
        """Draft order of ``partner`` with ``lines`` = [(product, qty[, uom])]."""
        return self.env["sale.order"].create({
            "partner_id": partner.id,
            "order_line": [
                Command.create({
                    "product_id": line[0].id,
                    "product_uom_qty": line[1],
                    **({"product_uom": line[2].id} if len(line) > 2 else {}),
                })
                for line in lines
            ],
        })
