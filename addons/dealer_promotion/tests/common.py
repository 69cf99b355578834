from odoo import Command, fields
from odoo.tests import TransactionCase

from odoo.addons.dealer_base.tests.factory import create_dealer


class DealerPromotionCommon(TransactionCase):
    """Dealers, products, taxes and a region of their own, independent of demo data."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        env = cls.env
        # promotions of the demo data must not apply to the fixtures' orders
        env["dealer.promotion"].search([]).active = False
        # nor the catalog rules of the demo data (pools, dealer prices, MOQ)
        for model in ("dealer.product.pool", "dealer.pricelist.rule", "dealer.moq.rule"):
            env[model].search([]).active = False
        cls.company = env.company
        cls.currency = cls.company.currency_id
        cls.today = fields.Date.context_today(env.user)

        cls.tier_a = env["dealer.tier"].create({"name": "Promo Tier A", "code": "PT-A"})
        cls.tier_b = env["dealer.tier"].create({"name": "Promo Tier B", "code": "PT-B"})
        cls.type_outlet = env["dealer.type"].create({"name": "Promo Outlet", "code": "pt-outlet"})
        cls.level_l1 = env.ref("dealer_base.dealer_level_l1")
        cls.level_store = env.ref("dealer_base.dealer_level_store")

        country = env.ref("base.cn")
        State = env["res.country.state"]
        cls.state_east = State.create({"name": "Promo East Province", "code": "PTE", "country_id": country.id})
        cls.state_south = State.create({"name": "Promo South Province", "code": "PTS", "country_id": country.id})
        Region = env["dealer.region"]
        cls.region_east = Region.create({"name": "Promo East", "code": "PT-EAST"})
        cls.region_east_sub = Region.create({
            "name": "Promo East Sub", "code": "PT-EAST-1", "parent_id": cls.region_east.id,
            "state_ids": [Command.set(cls.state_east.ids)],
        })
        cls.region_south = Region.create({
            "name": "Promo South", "code": "PT-SOUTH", "state_ids": [Command.set(cls.state_south.ids)],
        })

        cls.dealer_east = cls._create_dealer("Promo Dealer East", cls.state_east, cls.region_east)
        cls.dealer_south = cls._create_dealer("Promo Dealer South", cls.state_south, cls.region_south,
                                              tier=cls.tier_b)

        cls.tax_13 = env["account.tax"].create({
            "name": "Promo VAT 13%", "amount": 13.0, "amount_type": "percent", "type_tax_use": "sale",
            "price_include_override": "tax_excluded", "company_id": cls.company.id,
        })
        cls.tax_9 = env["account.tax"].create({
            "name": "Promo VAT 9%", "amount": 9.0, "amount_type": "percent", "type_tax_use": "sale",
            "price_include_override": "tax_excluded", "company_id": cls.company.id,
        })
        cls.categ_office = env["product.category"].create({"name": "Promo Office"})
        cls.categ_paper = env["product.category"].create({"name": "Promo Paper", "parent_id": cls.categ_office.id})
        cls.pen = cls._create_product("Promo Pen", 10.0, cls.categ_office, cls.tax_13)
        cls.notebook = cls._create_product("Promo Notebook", 20.0, cls.categ_paper, cls.tax_9)
        cls.ink = cls._create_product("Promo Ink", 5.0, cls.categ_office, cls.tax_13)
        env["dealer.product.pool"].create({
            "name": "Promo Pool", "mode": "allow", "categ_ids": [Command.set(cls.categ_office.ids)],
        })
        cls.pricelist = env["product.pricelist"].create({
            "name": "Promo Dealer Prices", "currency_id": cls.currency.id, "company_id": cls.company.id,
        })

    @classmethod
    def _create_dealer(cls, name, state, region, tier=None, **vals):
        dealer = create_dealer(cls.env, name, level=cls.level_l1, state=state, tier=tier or cls.tier_a, **{
            "dealer_type_id": cls.type_outlet.id, **vals,
        })
        cls.env["dealer.authorization"].create({"partner_id": dealer.id, "region_id": region.id})
        return dealer

    @classmethod
    def _create_product(cls, name, price, categ, tax):
        return cls.env["product.product"].create({
            "name": name, "type": "consu", "list_price": price, "categ_id": categ.id,
            "taxes_id": [Command.set(tax.ids)],
        })

    @classmethod
    def _create_promotion(cls, rules, activate=True, **vals):
        """``rules``: list of dicts of rule values (thresholds as [(min_amount, value)])."""
        rule_commands = []
        for rule in rules:
            rule = dict(rule)
            thresholds = rule.pop("thresholds", [])
            if thresholds:
                rule["threshold_ids"] = [Command.create({"min_amount": m, "value": v}) for m, v in thresholds]
            rule_commands.append(Command.create(rule))
        promotion = cls.env["dealer.promotion"].create({
            "name": vals.pop("name", "Test Promotion"),
            "date_from": cls.today,
            "date_to": cls.today,
            "company_id": cls.company.id,
            "rule_ids": rule_commands,
            **vals,
        })
        if activate:
            promotion.action_activate()
        return promotion

    @classmethod
    def _create_order(cls, dealer, lines, **vals):
        """``lines``: list of (product, qty, price_unit)."""
        return cls.env["sale.order"].create({
            "partner_id": dealer.id,
            "company_id": cls.company.id,
            "pricelist_id": cls.pricelist.id,
            "order_line": [
                Command.create({"product_id": product.id, "product_uom_qty": qty, "price_unit": price})
                for product, qty, price in lines
            ],
            **vals,
        })

    def promotion_lines(self, order, kind=None):
        lines = order.order_line.filtered("dealer_promotion_id")
        return lines.filtered(lambda line: line.dealer_promotion_kind == kind) if kind else lines
