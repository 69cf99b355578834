from collections import defaultdict

from odoo import Command, api, fields, models
from odoo.exceptions import UserError
from odoo.osv import expression
from odoo.tools import SQL

from odoo.addons.dealer_base.models.dealer_eligibility_mixin import PARTNER_COLUMNS

# Partner fields that decide the dealer's pricelist.
PRICING_FIELDS = {
    "dealer_tier_id",
    "dealer_type_id",
    "dealer_sales_mode_id",
    "dealer_level_id",
    "dealer_pricelist_manual",
    "company_id",
}


class ResPartner(models.Model):
    _inherit = "res.partner"

    dealer_pricelist_manual = fields.Boolean(
        string="Manual Pricelist",
        tracking=True,
        help="Keep the pricelist set by hand on this dealer: the dealer pricelist rules do not change it.",
    )
    dealer_product_pool_ids = fields.Many2many(
        "dealer.product.pool",
        compute="_compute_dealer_product_pool_ids",
        search="_search_dealer_product_pool_ids",
        string="Product Pools",
        help="The active product pools (allow and deny) that apply to this dealer.",
    )
    dealer_catalog_product_count = fields.Integer(
        compute="_compute_dealer_catalog_product_count", string="Catalog",
        help="Number of products this dealer may order.",
    )

    @api.depends_context("company")
    def _compute_dealer_product_pool_ids(self):
        dealers = self.filtered(lambda p: p.id and p.commercial_partner_id.is_dealer)
        signatures = dealers._dealer_pool_signatures() if dealers else {}
        for partner in self:
            allow_ids, deny_ids = signatures.get(partner.id, ((), ()))
            partner.dealer_product_pool_ids = [Command.set([*allow_ids, *deny_ids])]

    def _search_dealer_product_pool_ids(self, operator, value):
        """Dealers a pool applies to, as one SQL subquery (no id list, whatever the network size)."""
        if operator not in ("in", "="):
            raise UserError(self.env._("Unsupported search on product pools: %(op)s", op=operator))
        pool_ids = value if isinstance(value, list | tuple) else [value]
        pool_ids = [pid for pid in pool_ids if isinstance(pid, int)]
        if not pool_ids:
            return expression.FALSE_DOMAIN
        Pool = self.env["dealer.product.pool"]
        Pool.flush_model()
        return [("id", "in", SQL(
            """
            (SELECT rp.id
               FROM res_partner rp
               JOIN dealer_product_pool p ON p.id IN %(pools)s AND %(match)s
              WHERE rp.is_dealer)
            """,
            pools=tuple(pool_ids),
            match=Pool._dealer_eligibility_sql("p", Pool._dealer_eligibility_partner_columns("rp")),
        ))]

    def _compute_dealer_catalog_product_count(self):
        """Count the authorized products of the dealers in batch.

        Dealers that match exactly the same pools share one count query; the
        pool matching of all the dealers is one query.
        """
        dealers = self.filtered(lambda p: p.id and p.is_dealer)
        counts = {}
        if dealers:
            signatures = dealers._dealer_pool_signatures()
            by_signature = defaultdict(list)
            for partner in dealers:
                by_signature[signatures.get(partner.id, ((), ()))].append(partner)
            Product = self.env["product.product"]
            for (allow_ids, _deny_ids), partners in by_signature.items():
                count = Product.search_count(partners[0]._dealer_allowed_product_domain()) if allow_ids else 0
                for partner in partners:
                    counts[partner.id] = count
        for partner in self:
            partner.dealer_catalog_product_count = counts.get(partner.id, 0)

    # ------------------------------------------------------------------
    # CRUD: keep the dealer pricelist in sync
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        partners = super().create(vals_list)
        dealers = partners.filtered("is_dealer")
        if dealers:
            self.env["dealer.pricelist.rule"]._sync_dealer_pricelists([("id", "in", dealers.ids)])
        return partners

    def write(self, vals):
        manual_dealers = self.browse()
        if "property_product_pricelist" in vals and "dealer_pricelist_manual" not in vals:
            # A pricelist chosen by hand on a dealer must survive the next rule sync.
            manual_dealers = self.filtered(lambda p: p.is_dealer and not p.dealer_pricelist_manual)
        res = super().write(vals)
        if manual_dealers:
            manual_dealers.write({"dealer_pricelist_manual": True})
        if PRICING_FIELDS & vals.keys():
            dealers = self.filtered("is_dealer")
            if dealers:
                self.env["dealer.pricelist.rule"]._sync_dealer_pricelists([("id", "in", dealers.ids)])
        return res

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_view_dealer_catalog(self):
        """Products this dealer may order, with its price and MOQ."""
        self.ensure_one()
        dealer = self.commercial_partner_id
        action = self.env["ir.actions.act_window"]._for_xml_id("dealer_catalog.product_product_dealer_catalog_action")
        action["domain"] = [("dealer_catalog_partner_id", "=", dealer.id)]
        action["context"] = {
            "dealer_catalog_partner_id": dealer.id,
            "pricelist": dealer.property_product_pricelist.id,
            "partner_id": dealer.id,
            "create": False,
        }
        action["display_name"] = self.env._("Catalog of %(dealer)s", dealer=dealer.display_name)
        return action

    # ------------------------------------------------------------------
    # Business helpers (hooks for the portal, order review...)
    # ------------------------------------------------------------------
    def _dealer_allowed_product_domain(self):
        """Domain on product.product of the products this dealer may order."""
        self.ensure_one()
        return self.env["dealer.product.pool"].allowed_product_domain(self.commercial_partner_id)

    def _dealer_allowed_products(self, products=None):
        """The products this dealer may order (among ``products`` when given), in one query."""
        self.ensure_one()
        domain = self._dealer_allowed_product_domain()
        if products is not None:
            if not products:
                return products
            domain = [("id", "in", products.ids), *domain]
        return self.env["product.product"].with_context(active_test=products is None).search(domain)

    def _dealer_grant_products(self, products):
        """An allow pool naming these dealers and products (see dealer_base)."""
        res = super()._dealer_grant_products(products)
        if not isinstance(products, models.BaseModel):  # ids, from XML demo data
            products = self.env["product.product"].browse(products)
        dealers = self.commercial_partner_id.filtered("is_dealer")
        if dealers and products:
            self.env["dealer.product.pool"].create({
                "name": self.env._("Granted products"),
                "mode": "allow",
                "partner_ids": [Command.set(dealers.ids)],
                "product_tmpl_ids": [Command.set(products.product_tmpl_id.ids)],
                "company_id": False,
            })
        return res

    def _dealer_unauthorized_catalog_products(self, products):
        """The products of ``products`` that are in none of this dealer's pools (or in a deny pool)."""
        self.ensure_one()
        return products - self._dealer_allowed_products(products)

    def _dealer_pool_signatures(self):
        """``{partner id: (allow pool ids, deny pool ids)}`` of the active pools matching each dealer.

        One query for all the partners of ``self`` (current company's pools).
        """
        if not self:
            return {}
        Pool = self.env["dealer.product.pool"]
        Pool.flush_model()
        self.flush_model([col for col in PARTNER_COLUMNS.values() if col != "id"] + ["is_dealer"])
        values = Pool._dealer_eligibility_partner_columns("rp")
        self.env.cr.execute(SQL(
            """
            SELECT rp.id, p.mode, array_agg(p.id ORDER BY p.id)
              FROM res_partner rp
              JOIN dealer_product_pool p
                ON p.active AND (p.company_id IS NULL OR p.company_id = %(company)s) AND %(match)s
             WHERE rp.id IN %(ids)s
          GROUP BY rp.id, p.mode
            """,
            company=self.env.company.id,
            match=Pool._dealer_eligibility_sql("p", values),
            ids=tuple(self.commercial_partner_id.ids),
        ))
        pools = defaultdict(dict)
        for partner_id, mode, pool_ids in self.env.cr.fetchall():
            pools[partner_id][mode] = tuple(pool_ids)
        return {
            partner.id: (
                pools[partner.commercial_partner_id.id].get("allow", ()),
                pools[partner.commercial_partner_id.id].get("deny", ()),
            )
            for partner in self
        }

    def _dealer_get_prices(self, products, quantity=1.0, date=None):
        """``{product id: unit price}`` of ``products`` for this dealer, in one pricelist call.

        Prices come from the dealer's pricelist (of the current company), in
        the pricelist's currency and the products' units of measure.
        """
        self.ensure_one()
        pricelist = self.commercial_partner_id.property_product_pricelist
        if not products:
            return {}
        if not pricelist:
            return {product.id: product.lst_price for product in products}
        return pricelist._get_products_price(products, quantity, date=date or fields.Date.context_today(self))
