from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL

# Pool fields that define the content of the pool.
POOL_CONTENT_FIELDS = ["product_tmpl_ids", "categ_ids", "front_category_ids"]


class DealerProductPool(models.Model):
    """A set of products that a set of dealers may (or may not) order (商品池).

    A dealer may order product P iff some active *allow* pool matching the
    dealer contains P and no active *deny* pool matching the dealer contains P.
    A pool matches the dealers of its dimensions (``dealer.eligibility.mixin``).

    The products of a pool come from explicit products, back categories
    (children included) and front categories (children included). They are
    flattened into ``content_tmpl_ids`` (an indexed pool↔template table kept
    up to date when pools, products or categories change) so that the
    authorization check of a dealer is one SQL subquery, whatever the number of
    pools and products.
    """

    _name = "dealer.product.pool"
    _description = "Dealer Product Pool"
    _inherit = ["mail.thread", "dealer.eligibility.mixin"]
    _order = "sequence, id"
    _check_company_auto = True

    name = fields.Char(required=True, tracking=True, translate=True)
    sequence = fields.Integer(default=10)
    mode = fields.Selection(
        [("allow", "Allow"), ("deny", "Deny")],
        required=True,
        default="allow",
        tracking=True,
        help="Allow: the matching dealers may order these products.\n"
        "Deny: the matching dealers may not order these products, whatever the allow pools say.",
    )
    active = fields.Boolean(default=True, tracking=True)
    company_id = fields.Many2one(
        "res.company",
        index=True,
        default=lambda self: self.env.company,
        tracking=True,
        help="Orders of this company use the pool. Leave empty to use it in every company.",
    )
    description = fields.Text(translate=True)
    # dealer dimensions: dealer.eligibility.mixin (the pool's own relation tables)
    tier_ids = fields.Many2many(relation="dealer_product_pool_tier_rel", column1="pool_id", column2="tier_id")
    type_ids = fields.Many2many(relation="dealer_product_pool_type_rel", column1="pool_id", column2="type_id")
    sales_mode_ids = fields.Many2many(
        relation="dealer_product_pool_sales_mode_rel", column1="pool_id", column2="sales_mode_id",
    )
    level_ids = fields.Many2many(relation="dealer_product_pool_level_rel", column1="pool_id", column2="level_id")
    region_ids = fields.Many2many(relation="dealer_product_pool_region_rel", column1="pool_id", column2="region_id")
    partner_ids = fields.Many2many(
        relation="dealer_product_pool_partner_rel", column1="pool_id", column2="partner_id",
    )
    # Content
    product_tmpl_ids = fields.Many2many(
        "product.template", "dealer_product_pool_product_tmpl_rel", "pool_id", "product_tmpl_id",
        string="Products", check_company=True,
    )
    categ_ids = fields.Many2many(
        "product.category", "dealer_product_pool_categ_rel", "pool_id", "categ_id",
        string="Back Categories", help="Every product of these categories and of their sub-categories.",
    )
    front_category_ids = fields.Many2many(
        "dealer.front.category", "dealer_product_pool_front_category_rel", "pool_id", "front_category_id",
        string="Front Categories", check_company=True,
        help="Every product of these front categories and of their sub-categories.",
    )
    content_tmpl_ids = fields.Many2many(
        "product.template", "dealer_product_pool_content_rel", "pool_id", "product_tmpl_id",
        string="All Products", readonly=True, copy=False,
        help="The products of the pool: explicit products plus the products of its back and front categories.",
    )
    product_count = fields.Integer(compute="_compute_counts", string="# Products")
    dealer_count = fields.Integer(compute="_compute_counts", string="# Dealers")

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------
    def _compute_counts(self):
        pools = self.filtered("id")
        product_counts = {}
        dealer_counts = {}
        if pools:
            self.flush_model()
            self.env.cr.execute(SQL(
                "SELECT pool_id, count(*) FROM dealer_product_pool_content_rel WHERE pool_id IN %s GROUP BY pool_id",
                tuple(pools.ids),
            ))
            product_counts = dict(self.env.cr.fetchall())
            self.env["res.partner"].flush_model()
            self.env.cr.execute(SQL(
                """
                SELECT p.id, count(rp.id)
                  FROM dealer_product_pool p
                  JOIN res_partner rp ON rp.is_dealer AND rp.active AND %(match)s
                 WHERE p.id IN %(ids)s
              GROUP BY p.id
                """,
                match=self._dealer_eligibility_sql("p", self._dealer_eligibility_partner_columns("rp")),
                ids=tuple(pools.ids),
            ))
            dealer_counts = dict(self.env.cr.fetchall())
        for pool in self:
            pool.product_count = product_counts.get(pool.id, 0)
            pool.dealer_count = dealer_counts.get(pool.id, 0)

    # ------------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------------
    @api.constrains("name", "mode", *POOL_CONTENT_FIELDS)
    def _check_content(self):
        for pool in self:
            if not (pool.product_tmpl_ids or pool.categ_ids or pool.front_category_ids):
                raise ValidationError(self.env._(
                    "Product pool %(pool)s selects no product: add products, back categories or front categories.",
                    pool=pool.display_name,
                ))

    @api.constrains("partner_ids")
    def _check_partners(self):
        for pool in self:
            not_dealers = pool.partner_ids.filtered(lambda p: not p.is_dealer)
            if not_dealers:
                raise ValidationError(self.env._(
                    "Product pool %(pool)s lists partners that are not dealers: %(partners)s.",
                    pool=pool.display_name, partners=", ".join(not_dealers.mapped("display_name")),
                ))

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        pools = super().create(vals_list)
        pools._refresh_content(pools=pools)
        return pools

    def write(self, vals):
        res = super().write(vals)
        if any(fname in vals for fname in POOL_CONTENT_FIELDS):
            self._refresh_content(pools=self)
        return res

    def copy_data(self, default=None):
        vals_list = super().copy_data(default=default)
        if not default or "name" not in default:
            for pool, vals in zip(self, vals_list, strict=True):
                vals["name"] = self.env._("%(name)s (copy)", name=pool.name)
        return vals_list

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_view_products(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "dealer_catalog.product_template_category_mapping_action"
        )
        action["domain"] = [("id", "in", self.content_tmpl_ids.ids)]
        action["display_name"] = self.env._("Products of %(pool)s", pool=self.display_name)
        action["context"] = {}
        return action

    def action_view_dealers(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("dealer_base.res_partner_dealer_action")
        action["domain"] = [("dealer_product_pool_ids", "in", self.ids)]
        action["display_name"] = self.env._("Dealers of %(pool)s", pool=self.display_name)
        return action

    # ------------------------------------------------------------------
    # Content (flattened pool → product templates relation)
    # ------------------------------------------------------------------
    @api.model
    def _refresh_content(self, pools=None, templates=None):
        """Rebuild the flattened content of ``pools`` for ``templates``.

        Either argument left to ``None`` means "all". Two statements
        (DELETE + INSERT ... SELECT) whatever the number of pools or products.
        """
        if pools is not None and not pools:
            return
        if templates is not None and not templates:
            return
        self.env["product.template"].flush_model(["categ_id", "dealer_front_category_ids"])
        self.env["product.category"].flush_model(["parent_path"])
        self.env["dealer.front.category"].flush_model(["parent_path", "product_tmpl_ids"])
        self.flush_model(POOL_CONTENT_FIELDS)
        pool_filter = SQL("x.pool_id IN %s", tuple(pools.ids)) if pools is not None else SQL("TRUE")
        tmpl_filter = SQL("x.product_tmpl_id IN %s", tuple(templates.ids)) if templates is not None else SQL("TRUE")
        self.env.cr.execute(SQL(
            "DELETE FROM dealer_product_pool_content_rel x WHERE %s AND %s", pool_filter, tmpl_filter
        ))
        self.env.cr.execute(SQL(
            """
            INSERT INTO dealer_product_pool_content_rel (pool_id, product_tmpl_id)
            SELECT DISTINCT x.pool_id, x.product_tmpl_id
              FROM (
                    SELECT r.pool_id, r.product_tmpl_id
                      FROM dealer_product_pool_product_tmpl_rel r
                 UNION ALL
                    SELECT r.pool_id, t.id
                      FROM dealer_product_pool_categ_rel r
                      JOIN product_category c ON c.id = r.categ_id
                      JOIN product_category sub ON sub.parent_path LIKE c.parent_path || %(wildcard)s
                      JOIN product_template t ON t.categ_id = sub.id
                 UNION ALL
                    SELECT r.pool_id, ft.product_tmpl_id
                      FROM dealer_product_pool_front_category_rel r
                      JOIN dealer_front_category f ON f.id = r.front_category_id
                      JOIN dealer_front_category sub ON sub.parent_path LIKE f.parent_path || %(wildcard)s
                      JOIN dealer_front_category_product_tmpl_rel ft ON ft.front_category_id = sub.id
                   ) x
             WHERE %(pool_filter)s AND %(tmpl_filter)s
               ON CONFLICT DO NOTHING
            """,
            wildcard="%", pool_filter=pool_filter, tmpl_filter=tmpl_filter,
        ))
        self.invalidate_model(["content_tmpl_ids"])

    @api.model
    def _refresh_front_category_pools(self):
        """Refresh the pools that select products through front categories."""
        pools = self.with_context(active_test=False).search([("front_category_ids", "!=", False)])
        self._refresh_content(pools=pools)

    # ------------------------------------------------------------------
    # Dealer matching and authorization
    # ------------------------------------------------------------------
    @api.model
    def _dealer_pool_match_sql(self, alias, mode, partner, company_id):
        """SQL condition: the pool row ``alias`` is active, of ``mode`` (``allow`` / ``deny``),
        of company ``company_id`` (or shared) and matches the dealer ``partner``: the values of
        one dealer (``_dealer_eligibility_partner_values``) or the columns of a partner row
        (``_dealer_eligibility_partner_columns``, for any number of dealers in one statement)."""
        return SQL(
            "%(p)s.active AND %(p)s.mode = %(mode)s"
            " AND (%(p)s.company_id IS NULL OR %(p)s.company_id = %(company)s) AND %(match)s",
            p=SQL.identifier(alias), mode=mode, company=company_id,
            match=self._dealer_eligibility_sql(alias, partner),
        )

    @api.model
    def _allowed_template_sql(self, partner):
        """SQL subquery of the ids of the product templates ``partner`` may order.

        Pools are for dealers: a partner that is not a dealer matches none.
        """
        if not partner.commercial_partner_id.is_dealer:
            return SQL("(SELECT id FROM product_template WHERE FALSE)")
        values = self._dealer_eligibility_partner_values(partner)
        self.flush_model()
        company_id = self.env.company.id

        # allowed minus denied, written as a semi-join with NOT EXISTS rather than EXCEPT:
        # the planner can then probe the content index for each candidate product
        # (few rows, e.g. a text search) or hash it (many rows), instead of rescanning
        # the whole set operation per row when it underestimates a filter
        return SQL(
            """
            (SELECT c.product_tmpl_id
               FROM dealer_product_pool_content_rel c
               JOIN dealer_product_pool p ON p.id = c.pool_id
              WHERE %(allow)s
                AND NOT EXISTS (
                    SELECT 1
                      FROM dealer_product_pool_content_rel dc
                      JOIN dealer_product_pool dp ON dp.id = dc.pool_id
                     WHERE dc.product_tmpl_id = c.product_tmpl_id AND %(deny)s))
            """,
            allow=self._dealer_pool_match_sql("p", "allow", values, company_id),
            deny=self._dealer_pool_match_sql("dp", "deny", values, company_id),
        )

    @api.model
    def allowed_product_domain(self, partner):
        """Domain on ``product.product`` of the products ``partner`` may order.

        The domain holds one SQL subquery over the indexed pool content, so a
        search with it is one query whatever the number of pools: the
        dealer's dimensions are matched against the pools inside the query.
        The pools of the current company (``self.env.company``) apply.
        """
        return [("product_tmpl_id", "in", self._allowed_template_sql(partner))]

    @api.model
    def allowed_template_domain(self, partner):
        """Same as :meth:`allowed_product_domain`, on ``product.template``."""
        return [("id", "in", self._allowed_template_sql(partner))]
