from collections import defaultdict

from odoo import Command, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from odoo.addons.dealer_base.tools import in_user_language, split_ids

# dealers per job of the daily run when a job queue takes it (:meth:`_dealer_suggestions_chunk`):
# on 964 dealers × 500 products in 2 companies (280,000 suggestions) a job of 200 dealers took
# up to 2.5 s, the jobs together as long as the run for all dealers at once (7–8 s)
SUGGESTION_CHUNK_SIZE = 200


class DealerReplenishment(models.Model):
    """A replenishment suggestion for a dealer and a product (建议补货).

    velocity = sell-out of the last ``window`` days / ``window``;
    need = velocity × (lead + cover + safety days) − estimated stock − in transit;
    suggested = 0 when need ≤ 0, else need raised to the dealer's minimum order quantity and
    rounded up to its order multiple (whole units of the product without a rule); only
    products of the dealer's pool. Computed in one SQL statement for any number of dealers.
    """

    _name = "dealer.replenishment"
    _inherit = ["dealer.job.mixin"]
    _description = "Dealer Replenishment Suggestion"
    _order = "partner_id, suggested_qty desc, id"
    _rec_name = "product_id"
    _check_company_auto = True
    # rows written by the computation alone (``date`` is its day): without the ORM's four log
    # columns, two of them foreign keys checked per row, a run of a million rows is a third faster
    _log_access = False

    partner_id = fields.Many2one("res.partner", string="Dealer", required=True, index=True, readonly=True)
    product_id = fields.Many2one("product.product", required=True, index=True, readonly=True)
    categ_id = fields.Many2one(related="product_id.categ_id", string="Product Category")
    uom_id = fields.Many2one(related="product_id.uom_id", string="Unit")
    company_id = fields.Many2one("res.company", required=True, index=True, readonly=True)
    date = fields.Date(required=True, readonly=True, help="Day of the computation.")
    velocity = fields.Float(string="Daily Sell-out", digits=(16, 3), readonly=True)
    estimated_qty = fields.Float(string="Estimated Stock", digits="Product Unit of Measure", readonly=True)
    in_transit_qty = fields.Float(string="In Transit", digits="Product Unit of Measure", readonly=True)
    days = fields.Integer(string="Days Covered", readonly=True, help="Lead time + cover + safety days.")
    need_qty = fields.Float(string="Need", digits="Product Unit of Measure", readonly=True)
    min_qty = fields.Float(string="Minimum", digits="Product Unit of Measure", readonly=True)
    multiple_qty = fields.Float(string="Multiple", digits="Product Unit of Measure", readonly=True)
    suggested_qty = fields.Float(string="Suggested", digits="Product Unit of Measure", readonly=True)

    @api.depends("product_id")
    def _compute_display_name(self):
        # sudo: the name of the row's product, for whoever may read the row (a portal dealer
        # reads its own rows but not the product model)
        for row in self:
            row.display_name = row.product_id.sudo().display_name

    @api.model
    def _dealer_pools_sql(self, partner_ids, company_id):
        """SELECT ``partner_id, allow_ids, deny_ids``: the active allow and deny pools of
        ``company_id`` (or shared) each of the dealers ``partner_ids`` matches (dealer_catalog's
        eligibility), matched once per dealer and pool rather than per dealer and product."""
        Pool = self.env["dealer.product.pool"]
        Pool.flush_model()
        columns = Pool._dealer_eligibility_partner_columns("rp")
        return SQL(
            """SELECT rp.id AS partner_id,
                      COALESCE(array_agg(p.id) FILTER (WHERE p.mode = 'allow'), '{}') AS allow_ids,
                      COALESCE(array_agg(p.id) FILTER (WHERE p.mode = 'deny'), '{}') AS deny_ids
                 FROM res_partner rp
                 JOIN dealer_product_pool p ON p.active AND (%(allow)s OR %(deny)s)
                WHERE rp.id = ANY(%(partners)s)
             GROUP BY rp.id""",
            partners=list(partner_ids),
            allow=Pool._dealer_pool_match_sql("p", "allow", columns, company_id),
            deny=Pool._dealer_pool_match_sql("p", "deny", columns, company_id),
        )

    @api.model
    def _dealer_suggestion_sql(self, partner_ids, company):
        """SELECT of the suggestions (suggested > 0) of ``partner_ids`` in ``company``.

        One statement for any number of dealers, with what does not depend on the dealer and
        product pair computed once: the pools each dealer matches, and the minimum order rule of
        each dealer type and product (dealer_catalog's order: the product's own rule first, then
        the deepest category, the type's rule before the general one, the company's before the
        shared one, then sequence and id)."""
        Stock = self.env["dealer.channel.stock"]
        days = SQL(
            "(COALESCE(NULLIF(rp.dealer_replenish_lead_days, 0), comp.dealer_replenish_lead_days)"
            " + COALESCE(NULLIF(rp.dealer_replenish_cover_days, 0), comp.dealer_replenish_cover_days)"
            " + COALESCE(NULLIF(rp.dealer_replenish_safety_days, 0), comp.dealer_replenish_safety_days))"
        )
        return SQL(
            """
            WITH pools AS MATERIALIZED (%(pools)s),
            candidates AS MATERIALIZED (
                SELECT s.partner_id, s.product_id, s.company_id, s.estimated_qty, s.in_transit_qty,
                       pt.id AS tmpl_id, pc.parent_path, COALESCE(rp.dealer_type_id, 0) AS type_key,
                       v.velocity, n.days, v.velocity * n.days - s.estimated_qty - s.in_transit_qty AS need_qty
                  FROM dealer_channel_stock s
                  JOIN res_partner rp ON rp.id = s.partner_id
                  JOIN res_company comp ON comp.id = s.company_id
             LEFT JOIN (%(window)s) w ON w.partner_id = s.partner_id AND w.product_id = s.product_id
                                     AND w.company_id = s.company_id
                 CROSS JOIN LATERAL (
                       SELECT COALESCE(w.window_sell_out_qty, 0) / %(window_days)s::float AS velocity) v
                 CROSS JOIN LATERAL (SELECT %(days)s AS days) n
                  JOIN product_product pp ON pp.id = s.product_id AND pp.active
                  JOIN product_template pt ON pt.id = pp.product_tmpl_id AND pt.active AND pt.sale_ok
                  JOIN product_category pc ON pc.id = pt.categ_id
                  JOIN pools dp ON dp.partner_id = s.partner_id
                 WHERE s.partner_id = ANY(%(partners)s) AND s.company_id = %(company)s
                   AND v.velocity * n.days - s.estimated_qty - s.in_transit_qty > 0
                   AND EXISTS (SELECT FROM dealer_product_pool_content_rel ac
                                WHERE ac.product_tmpl_id = pt.id AND ac.pool_id = ANY(dp.allow_ids))
                   AND NOT EXISTS (SELECT FROM dealer_product_pool_content_rel dc
                                    WHERE dc.product_tmpl_id = pt.id AND dc.pool_id = ANY(dp.deny_ids))
            ),
            moq AS MATERIALIZED (
                SELECT k.type_key, k.tmpl_id, m.min_qty, m.multiple_qty
                  FROM (SELECT DISTINCT type_key, tmpl_id, parent_path FROM candidates) k
                 CROSS JOIN LATERAL (
                       SELECT r.min_qty, r.multiple_qty
                         FROM dealer_moq_rule r
                    LEFT JOIN product_category rc ON rc.id = r.categ_id
                        WHERE r.active AND (r.company_id IS NULL OR r.company_id = %(company)s)
                          AND (r.type_id IS NULL OR r.type_id = k.type_key)
                          AND (r.product_tmpl_id = k.tmpl_id
                               OR (r.product_tmpl_id IS NULL AND k.parent_path LIKE rc.parent_path || %(wildcard)s))
                     ORDER BY r.product_tmpl_id IS NULL, length(rc.parent_path) DESC NULLS LAST,
                              r.type_id IS NULL, r.company_id IS NULL, r.sequence, r.id
                        LIMIT 1) m
            )
            SELECT x.partner_id, x.product_id, x.company_id, CURRENT_DATE AS date, x.velocity,
                   x.estimated_qty, x.in_transit_qty, x.days, x.need_qty,
                   COALESCE(moq.min_qty, 0) AS min_qty, COALESCE(moq.multiple_qty, 1) AS multiple_qty,
                   CEIL(GREATEST(x.need_qty, COALESCE(moq.min_qty, 0))
                        / COALESCE(NULLIF(moq.multiple_qty, 0), 1) - 1e-9)
                   * COALESCE(NULLIF(moq.multiple_qty, 0), 1) AS suggested_qty
              FROM candidates x
         LEFT JOIN moq ON moq.type_key = x.type_key AND moq.tmpl_id = x.tmpl_id
            """,
            days=days, partners=list(partner_ids), wildcard="%", company=company.id,
            window=Stock._dealer_window_sql(partner_ids), window_days=Stock._dealer_window_days_sql(),
            pools=self._dealer_pools_sql(partner_ids, company.id),
        )

    @api.model
    def compute_suggestions(self, partners):
        """Replace the suggestions of ``partners`` (their commercial partners) in the current
        company and return the new ones (those with a suggested quantity): the same statements
        whatever the number of dealers."""
        if not isinstance(partners, models.BaseModel):  # ids, e.g. from XML data
            partners = self.env["res.partner"].browse(partners)
        # their dealers in one query, however many (reading them through the ORM takes a
        # query per thousand partners)
        Partner = self.env["res.partner"]
        Partner.flush_model(["commercial_partner_id", "is_dealer"])
        self.env.cr.execute(SQL(
            """SELECT DISTINCT cp.id FROM res_partner p JOIN res_partner cp ON cp.id = p.commercial_partner_id
                WHERE p.id = ANY(%s) AND cp.is_dealer ORDER BY cp.id""", partners.ids))
        dealers = Partner.browse([row[0] for row in self.env.cr.fetchall()])
        company = self.env.company
        self.env["dealer.channel.stock"].sudo()._dealer_apply_pending()
        for model in ("dealer.inventory.report", "dealer.inventory.report.line", "stock.move", "stock.picking",
                      "res.partner", "res.company", "dealer.moq.rule", "product.product", "product.template"):
            self.env[model].flush_model()
        self.env.cr.execute(SQL(
            "DELETE FROM dealer_replenishment WHERE partner_id = ANY(%s) AND company_id = %s",
            dealers.ids, company.id,
        ))
        self.invalidate_model()
        if not dealers:
            return self.browse()
        self.env.cr.execute(SQL(
            """
            INSERT INTO dealer_replenishment (partner_id, product_id, company_id, date, velocity, estimated_qty,
                        in_transit_qty, days, need_qty, min_qty, multiple_qty, suggested_qty)
            SELECT x.* FROM (%(select)s) x
             WHERE x.suggested_qty > 0
         RETURNING id
            """,
            select=self._dealer_suggestion_sql(dealers.ids, company),
        ))
        return self.browse([row[0] for row in self.env.cr.fetchall()])

    @api.model
    @in_user_language
    def _cron_compute_suggestions(self):
        """Every active dealer's suggestions, company by company. With a job queue, one job per
        chunk of ``SUGGESTION_CHUNK_SIZE`` dealers (:meth:`_dealer_suggestions_chunk`); without
        one, every dealer at once here, one statement per company, as before: run by chunks in
        this one transaction it took as long (7.1–7.7 s against 7.1–8.1 s for 964 dealers and
        280,000 suggestions) and held its rows as long, so chunks would only add statements."""
        # sudo: the scheduled run of every dealer's suggestions in every company, whoever the
        # cron's user is (its jobs run with the same rights)
        replenishment = self.sudo()
        dealers = replenishment.env["res.partner"].search([
            ("is_dealer", "=", True), ("dealer_state", "=", "active"), ("is_company", "=", True)])
        if replenishment._dealer_queue_chunks(
                "_dealer_suggestions_chunk", split_ids(dealers.ids, SUGGESTION_CHUNK_SIZE),
                description=self.env._("Replenishment suggestions")):
            return
        replenishment._dealer_suggestions_chunk(dealers.ids)

    @api.model
    def _dealer_suggestions_chunk(self, partner_ids):
        """Chunk method of the daily run: the suggestions of these dealers replaced in every
        company (:meth:`compute_suggestions`: their rows deleted, then written again from the
        channel stock as it stands). Idempotent: run twice, it writes the same suggestions.

        :return: the number of suggestions written
        """
        partners = self.env["res.partner"].browse(partner_ids)
        return sum(len(self.with_company(company).compute_suggestions(partners))
                   for company in self.env["res.company"].search([]))

    def action_recompute(self):
        """Recompute the suggestions of the dealers of the selected rows."""
        partners = self.partner_id
        self.with_company(self.company_id[:1] or self.env.company).compute_suggestions(partners)
        return {"type": "ir.actions.client", "tag": "soft_reload"}

    def action_create_cart(self):
        """Put these suggestions (of one dealer) into its draft cart: a draft order of the
        dealer for replenishment, reused while it stays a draft."""
        dealer = self._dealer_check_one_dealer()
        order = self._dealer_draft_order(dealer)
        self._dealer_fill_order(order)
        return {
            "type": "ir.actions.act_window", "res_model": "sale.order", "res_id": order.id,
            "view_mode": "form", "views": [(False, "form")],
        }

    def _dealer_check_one_dealer(self):
        if not self:
            raise UserError(self.env._("Select the suggestions to order."))
        if len(self.partner_id) != 1 or len(self.company_id) != 1:
            raise UserError(self.env._("Select the suggestions of one dealer (and one company) at a time."))
        return self.partner_id

    def _dealer_quantities(self):
        quantities = defaultdict(float)
        for suggestion in self:
            quantities[suggestion.product_id] += suggestion.suggested_qty
        return quantities

    def _dealer_draft_order(self, dealer):
        Order = self.env["sale.order"].with_company(self.company_id)
        order = Order.search([
            ("partner_id", "=", dealer.id), ("state", "=", "draft"), ("dealer_replenishment", "=", True),
            ("company_id", "=", self.company_id.id),
        ], order="id desc", limit=1)
        if not order:
            order = Order.create({
                "partner_id": dealer.id, "company_id": self.company_id.id, "dealer_replenishment": True,
                "origin": self.env._("Replenishment suggestions"),
            })
        return order

    def _dealer_fill_order(self, order):
        """Add the suggested quantities to ``order`` (merged with its lines of the same products)."""
        existing = {line.product_id: line for line in order.order_line
                    if not line.display_type and line.product_uom == line.product_id.uom_id}
        commands = []
        for product, qty in self._dealer_quantities().items():
            line = existing.get(product)
            if line:
                commands.append(Command.update(line.id, {"product_uom_qty": line.product_uom_qty + qty}))
            else:
                commands.append(Command.create({"product_id": product.id, "product_uom_qty": qty}))
        order.write({"order_line": commands})
        return order
