import logging

from odoo import api, fields, models
from odoo.tools import SQL
from odoo.tools.sql import create_index, create_unique_index

from odoo.addons.dealer_report.tools.sql import REGION_BY_STATE

_logger = logging.getLogger(__name__)


class DealerChannelAnalysis(models.Model):
    """Sell-in, sell-out and channel stock side by side: one row per month × dealer × product ×
    company, for every month from the first fact of the key to the current month.

    - sell-in: the channel sales analysis' ordered quantity and untaxed amount (and last year's);
    - delivered: our done deliveries to the dealer, returns from it negative (the stock card);
    - sell-out: the dealer's done sell-out reports (reversals negative) and the fulfillment
      deliveries from its warehouse (returns to it negative), with the same month a year before;
    - stock: the book stock at the end of the month, all deliveries minus all sell-out up to then.

    Built set-based by :meth:`_rebuild` with each refresh of ``dealer.sales.analysis`` (the whole
    table, or the dealers touched since the last refresh). A cache: no foreign keys, like the
    sales analysis.
    """

    _name = "dealer.channel.analysis"
    _description = "Dealer Sell-in, Sell-out and Stock"
    _order = "date desc, partner_id, product_id"
    _rec_name = "date"
    _log_access = False
    _auto = False

    date = fields.Date(string="Month", readonly=True, required=True, help="First day of the month.")
    partner_id = fields.Many2one("res.partner", string="Dealer", readonly=True, required=True)
    dealer_region_id = fields.Many2one("dealer.region", string="Region", readonly=True)
    dealer_region_root_id = fields.Many2one("dealer.region", string="Top Region", readonly=True)
    dealer_level_id = fields.Many2one("dealer.level", string="Level", readonly=True)
    dealer_tier_id = fields.Many2one("dealer.tier", string="Tier", readonly=True)
    dealer_type_id = fields.Many2one("dealer.type", string="Type", readonly=True)
    dealer_parent_id = fields.Many2one("res.partner", string="Upline", readonly=True)
    product_id = fields.Many2one("product.product", readonly=True)
    product_tmpl_id = fields.Many2one("product.template", string="Product Template", readonly=True)
    categ_id = fields.Many2one("product.category", string="Product Category", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True, required=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    sell_in_qty = fields.Float(string="Sell-in Quantity", readonly=True, digits="Product Unit of Measure",
                               help="Ordered in confirmed orders of the month.")
    sell_in_amount = fields.Monetary(string="Sell-in", readonly=True, help="Untaxed, in the company's currency.")
    sell_in_amount_last_year = fields.Monetary(string="Sell-in Last Year", readonly=True)
    delivered_qty = fields.Float(string="Delivered", readonly=True, digits="Product Unit of Measure",
                                 help="Our done deliveries to the dealer in the month, returns deducted.")
    sell_out_qty = fields.Float(string="Sell-out", readonly=True, digits="Product Unit of Measure",
                                help="Reported sell-out and fulfillment deliveries of the month, net of reversals "
                                     "and returns.")
    sell_out_qty_last_year = fields.Float(string="Sell-out Last Year", readonly=True,
                                          digits="Product Unit of Measure")
    stock_qty = fields.Float(string="Channel Stock", readonly=True, digits="Product Unit of Measure",
                             aggregator="sum",
                             help="Book stock at the end of the month: everything delivered minus everything "
                                  "sold out up to then. Sum it over dealers and products for one month only.")

    def init(self):
        cr = self.env.cr
        cr.execute(SQL("""
            CREATE TABLE IF NOT EXISTS dealer_channel_analysis (
                id serial PRIMARY KEY,
                date date NOT NULL,
                partner_id integer NOT NULL,
                company_id integer NOT NULL,
                product_id integer NOT NULL,
                product_tmpl_id integer,
                categ_id integer,
                currency_id integer,
                dealer_region_id integer,
                dealer_region_root_id integer,
                dealer_level_id integer,
                dealer_tier_id integer,
                dealer_type_id integer,
                dealer_parent_id integer,
                sell_in_qty numeric,
                sell_in_amount numeric,
                sell_in_amount_last_year numeric,
                delivered_qty numeric,
                sell_out_qty numeric,
                sell_out_qty_last_year numeric,
                stock_qty numeric
            )
        """))
        create_unique_index(cr, "dealer_channel_analysis_key_uniq", self._table,
                            ["company_id", "partner_id", "date", "product_id"])
        create_index(cr, "dealer_channel_analysis_date_idx", self._table, ["date"])
        create_index(cr, "dealer_channel_analysis_partner_date_idx", self._table, ["partner_id", "date"])
        create_index(cr, "dealer_channel_analysis_region_date_idx", self._table, ["dealer_region_id", "date"])
        create_index(cr, "dealer_channel_analysis_product_date_idx", self._table, ["product_id", "date"])

    @api.model
    def _partners_table(self):
        """Create (or empty) the temporary table ``dealer_channel_analysis_partners`` of the
        dealers a partial rebuild writes, from their first changed month."""
        cr = self.env.cr
        cr.execute(SQL("""
            CREATE TEMPORARY TABLE IF NOT EXISTS dealer_channel_analysis_partners (
                partner_id integer, from_month date
            ) ON COMMIT DROP
        """))
        cr.execute(SQL("TRUNCATE dealer_channel_analysis_partners"))

    @api.model
    def _scope_partners(self, partner_ids):
        """Fill ``dealer_channel_analysis_partners`` with these dealers, every month of theirs."""
        cr = self.env.cr
        self._partners_table()
        cr.execute(SQL("""
            INSERT INTO dealer_channel_analysis_partners (partner_id, from_month)
            SELECT DISTINCT unnest(%s::integer[]), '-infinity'::date
        """, list(partner_ids)))
        count = cr.rowcount
        cr.execute(SQL("ANALYZE dealer_channel_analysis_partners"))
        return count

    @api.model
    def _touched_partners(self, since):
        """Fill the temporary table ``dealer_channel_analysis_partners`` with the dealers whose
        facts or dimensions changed since ``since`` and, per dealer, the first month whose rows
        change (a fact changes its month and, through the stock and last year's figures, the
        months after it; a dealer's dimensions change every row); return their number."""
        cr = self.env.cr
        self._partners_table()
        month = self.env["dealer.sales.analysis"]._month_sql()
        cr.execute(SQL("""
            INSERT INTO dealer_channel_analysis_partners (partner_id, from_month)
            SELECT partner_id, MIN(from_month) FROM (
                SELECT customer.commercial_partner_id AS partner_id, %(month)s AS from_month
                  FROM sale_order s
                  JOIN res_partner customer ON customer.id = s.partner_id
                  JOIN res_company company ON company.id = s.company_id
                  JOIN res_partner company_partner ON company_partner.id = company.partner_id
                 WHERE s.write_date >= %(since)s
                 UNION ALL
                -- transfers to the dealer, or from its warehouse for a fulfillment order (a day
                -- earlier than the move's UTC date: at least its month in the company's time zone)
                SELECT dealer.partner_id, date_trunc('month', m.date - interval '1 day')::date
                  FROM stock_picking p
                  JOIN stock_move m ON m.picking_id = p.id
                  JOIN res_partner addr ON addr.id = p.partner_id
             LEFT JOIN sale_order s ON s.id = p.sale_id
                  CROSS JOIN LATERAL (VALUES (addr.commercial_partner_id), (s.fulfillment_dealer_id)) dealer(partner_id)
                 WHERE p.write_date >= %(since)s
                 UNION ALL
                SELECT r.partner_id, date_trunc('month', LEAST(r.date_from, r.date))::date
                  FROM dealer_inventory_report r WHERE r.write_date >= %(since)s
                 UNION ALL
                SELECT dealer.id, '-infinity'::date FROM res_partner dealer
                 WHERE dealer.write_date >= %(since)s AND dealer.dealer_level_id IS NOT NULL
            ) facts
             WHERE partner_id IS NOT NULL
          GROUP BY partner_id
        """, since=since, month=month))
        count = cr.rowcount
        cr.execute(SQL("ANALYZE dealer_channel_analysis_partners"))
        return count

    @api.model
    def _rebuild(self, since=None, partner_ids=None):
        """Rebuild every row (``since`` and ``partner_ids`` are None), every row of the dealers
        ``partner_ids`` (a chunk of the full rebuild as jobs) or, for the dealers touched since
        ``since``, their rows from the first month that changed (all their stock movements are
        read: the stock is a running sum; their sell-in from that month on; only the changed
        months are written).

        :return: the number of rows written
        """
        cr = self.env.cr
        if since is None and partner_ids is None:
            cr.execute(SQL("DELETE FROM dealer_channel_analysis"))
            scope = SQL("TRUE")
            sell_in_scope = SQL("TRUE")
            target = SQL("TRUE")
        else:
            if partner_ids is not None:
                self._scope_partners(partner_ids)
            elif not self._touched_partners(since):
                return 0
            cr.execute(SQL("""
                DELETE FROM dealer_channel_analysis a USING dealer_channel_analysis_partners t
                 WHERE a.partner_id = t.partner_id AND a.date >= t.from_month
            """))
            scope = SQL("partner_id IN (SELECT partner_id FROM dealer_channel_analysis_partners)")
            # the sell-in carries nothing from month to month (last year's figures are in its own
            # rows): only the months written again are read, not the touched dealers' history
            sell_in_scope = SQL("""
                EXISTS (SELECT 1 FROM dealer_channel_analysis_partners t
                         WHERE t.partner_id = dealer_sales_analysis.partner_id
                           AND dealer_sales_analysis.date >= t.from_month)
            """)
            target = SQL("""
                EXISTS (SELECT 1 FROM dealer_channel_analysis_partners t
                         WHERE t.partner_id = f.partner_id AND f.month >= t.from_month)
            """)
        if since is not None:
            # a product moved to another category: the rows of the other dealers too
            cr.execute(SQL("""
                UPDATE dealer_channel_analysis a SET categ_id = template.categ_id
                  FROM product_template template
                 WHERE a.product_tmpl_id = template.id AND template.write_date >= %s
                   AND a.categ_id IS DISTINCT FROM template.categ_id
            """, since))
        cr.execute(SQL("""
            WITH sell_in AS (
                SELECT company_id, partner_id, product_id, date AS month,
                       qty, amount, amount_last_year
                  FROM dealer_sales_analysis
                 WHERE %(sell_in_scope)s
            ), moves AS (
                SELECT company_id, partner_id, product_id, date_trunc('month', date)::date AS month,
                       SUM(sell_in_qty) AS delivered_qty, SUM(sell_out_qty) AS sell_out_qty
                  FROM dealer_channel_move
                 WHERE kind != 'count' AND %(scope)s
              GROUP BY 1, 2, 3, 4
            ), keys AS (
                SELECT company_id, partner_id, product_id, MIN(month) AS first_month, MAX(month) AS last_month
                  FROM (SELECT company_id, partner_id, product_id, month FROM sell_in
                         UNION ALL
                        SELECT company_id, partner_id, product_id, month FROM moves) facts
              GROUP BY 1, 2, 3
            ), months AS (
                -- one series for all keys (one per key would make the planner expect 1,000
                -- months a key and join the facts by merging on the key alone)
                SELECT g.month::date AS month
                  FROM (SELECT MIN(first_month) AS first_month,
                               GREATEST(MAX(last_month), date_trunc('month', CURRENT_DATE)::date) AS last_month
                          FROM keys) bounds
            CROSS JOIN LATERAL generate_series(bounds.first_month, bounds.last_month, interval '1 month') g(month)
            ), grid AS (
                SELECT k.company_id, k.partner_id, k.product_id, m.month
                  FROM keys k
                  JOIN months m
                    ON m.month >= k.first_month
                   AND m.month <= GREATEST(k.last_month, date_trunc('month', CURRENT_DATE)::date)
            ), filled AS (
                SELECT grid.company_id, grid.partner_id, grid.product_id, grid.month,
                       COALESCE(si.qty, 0) AS sell_in_qty, COALESCE(si.amount, 0) AS sell_in_amount,
                       COALESCE(si.amount_last_year, 0) AS sell_in_amount_last_year,
                       COALESCE(mv.delivered_qty, 0) AS delivered_qty, COALESCE(mv.sell_out_qty, 0) AS sell_out_qty,
                       LAG(COALESCE(mv.sell_out_qty, 0), 12, 0) OVER w AS sell_out_qty_last_year,
                       SUM(COALESCE(mv.delivered_qty, 0) - COALESCE(mv.sell_out_qty, 0)) OVER w AS stock_qty
                  FROM grid
             LEFT JOIN sell_in si ON si.company_id = grid.company_id AND si.partner_id = grid.partner_id
                                 AND si.product_id = grid.product_id AND si.month = grid.month
             LEFT JOIN moves mv ON mv.company_id = grid.company_id AND mv.partner_id = grid.partner_id
                               AND mv.product_id = grid.product_id AND mv.month = grid.month
                WINDOW w AS (PARTITION BY grid.company_id, grid.partner_id, grid.product_id ORDER BY grid.month)
            )
            INSERT INTO dealer_channel_analysis (
                date, partner_id, company_id, product_id, product_tmpl_id, categ_id, currency_id,
                dealer_region_id, dealer_region_root_id, dealer_level_id, dealer_tier_id, dealer_type_id,
                dealer_parent_id, sell_in_qty, sell_in_amount, sell_in_amount_last_year, delivered_qty,
                sell_out_qty, sell_out_qty_last_year, stock_qty)
            SELECT f.month, f.partner_id, f.company_id, f.product_id, product.product_tmpl_id, template.categ_id,
                   company.currency_id, region.region_id, region.root_id, dealer.dealer_level_id,
                   dealer.dealer_tier_id, dealer.dealer_type_id, dealer.dealer_parent_id,
                   f.sell_in_qty, f.sell_in_amount, f.sell_in_amount_last_year, f.delivered_qty,
                   f.sell_out_qty, f.sell_out_qty_last_year, f.stock_qty
              FROM filled f
              JOIN res_partner dealer ON dealer.id = f.partner_id
              JOIN res_company company ON company.id = f.company_id
              JOIN product_product product ON product.id = f.product_id
              JOIN product_template template ON template.id = product.product_tmpl_id
         LEFT JOIN (%(regions)s) region ON region.state_id = dealer.state_id
             WHERE (f.sell_in_qty != 0 OR f.sell_in_amount != 0 OR f.sell_in_amount_last_year != 0
                    OR f.delivered_qty != 0 OR f.sell_out_qty != 0 OR f.sell_out_qty_last_year != 0
                    OR f.stock_qty != 0)
               AND %(target)s
        """, scope=scope, sell_in_scope=sell_in_scope, target=target, regions=SQL(REGION_BY_STATE)))
        rows = cr.rowcount
        self.invalidate_model()
        _logger.info("dealer channel analysis rebuilt (%s): %s rows",
                     "dealers" if partner_ids is not None else "full" if since is None else "incremental", rows)
        return rows
