from odoo import api, fields, models, tools
from odoo.tools import SQL

# ids of the view: partner, product and company packed in one integer the web client keeps
# exact (below 2**53 for partner ids below 4 million, product ids below 2 million, 1024 companies)
ID_SQL = "(%(p)s::bigint * 2147483648 + %(q)s::bigint * 1024 + %(c)s::bigint)"


class DealerChannelStock(models.Model):
    """Channel stock per dealer, product and company, as of today (read-only SQL view).

    - sell-in = our done deliveries to the dealer − done returns;
    - sell-out = done sell-out report lines (net of reversals) + done fulfillment deliveries
      that left from the dealer's warehouse;
    - expected = sell-in − sell-out; reported / reported date = the latest done count of the
      product; difference = reported − (sell-in − sell-out up to the count's date);
    - estimated = reported + sell-in after the count − sell-out after it (expected without
      a count); in transit = our confirmed deliveries to the dealer not done yet.
    """

    _name = "dealer.channel.stock"
    _description = "Dealer Channel Stock"
    _auto = False
    _order = "id"
    _rec_name = "product_id"

    partner_id = fields.Many2one("res.partner", string="Dealer", readonly=True)
    product_id = fields.Many2one("product.product", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    categ_id = fields.Many2one("product.category", string="Product Category", readonly=True)
    dealer_level_id = fields.Many2one("dealer.level", string="Level", readonly=True)
    dealer_region_id = fields.Many2one("dealer.region", string="Region", readonly=True)
    dealer_parent_id = fields.Many2one("res.partner", string="Upline", readonly=True)
    state_id = fields.Many2one("res.country.state", string="Province", readonly=True)
    sell_in_qty = fields.Float(string="Sell-in", digits="Product Unit of Measure", readonly=True)
    sell_out_qty = fields.Float(string="Sell-out", digits="Product Unit of Measure", readonly=True)
    expected_qty = fields.Float(string="Expected", digits="Product Unit of Measure", readonly=True)
    reported_qty = fields.Float(string="Reported", digits="Product Unit of Measure", readonly=True)
    reported_date = fields.Date(string="Counted on", readonly=True)
    difference_qty = fields.Float(string="Difference", digits="Product Unit of Measure", readonly=True)
    difference_flag = fields.Boolean(
        string="Difference beyond Tolerance", readonly=True,
        help="The last count differs from the expected quantity by more than the company's tolerance.",
    )
    estimated_qty = fields.Float(string="Estimated", digits="Product Unit of Measure", readonly=True)
    in_transit_qty = fields.Float(string="In Transit", digits="Product Unit of Measure", readonly=True)
    window_sell_out_qty = fields.Float(
        string="Recent Sell-out", digits="Product Unit of Measure", readonly=True,
        help="Sell-out within the dealer's sell-out window.",
    )
    velocity = fields.Float(string="Daily Sell-out", digits=(16, 3), readonly=True)
    cover_days = fields.Float(string="Days of Cover", digits=(16, 1), readonly=True)
    last_sell_out_date = fields.Date(string="Last Sell-out", readonly=True)
    slow_moving = fields.Boolean(
        string="Slow-moving", readonly=True,
        help="Stock left and no sell-out within the company's slow-moving days.",
    )

    @api.depends("product_id")
    def _compute_display_name(self):
        # sudo: the name of the row's product, for whoever may read the row (a portal dealer
        # reads its own rows but not the product model)
        for row in self:
            row.display_name = row.product_id.sudo().display_name

    @api.model
    def _dealer_query(self):
        return SQL(
            """
            WITH counts AS (
                SELECT DISTINCT ON (x.partner_id, x.product_id, x.company_id)
                       x.partner_id, x.product_id, x.company_id, x.date, x.qty
                  FROM (SELECT l.partner_id, l.product_id, l.company_id, l.date, l.report_id, sum(l.quantity) AS qty
                          FROM dealer_inventory_report_line l
                         WHERE l.state = 'done' AND l.report_type = 'stock'
                      GROUP BY l.partner_id, l.product_id, l.company_id, l.date, l.report_id) x
              ORDER BY x.partner_id, x.product_id, x.company_id, x.date DESC, x.report_id DESC
            ), events AS (
                SELECT e.partner_id, e.product_id, e.company_id, e.date, e.sell_in_qty, e.sell_out_qty,
                       0.0 AS transit_qty
                  FROM dealer_channel_move e
                UNION ALL
                -- in transit: our confirmed deliveries to the dealer, not done yet
                SELECT cp.id, m.product_id, m.company_id, NULL::date, 0.0, 0.0, m.product_qty
                  FROM stock_move m
                  JOIN stock_location src ON src.id = m.location_id
                  JOIN stock_location dst ON dst.id = m.location_dest_id
                  JOIN stock_picking p ON p.id = m.picking_id
                  JOIN res_partner addr ON addr.id = p.partner_id
                  JOIN res_partner cp ON cp.id = addr.commercial_partner_id AND cp.is_dealer
                 WHERE m.state IN ('confirmed', 'waiting', 'partially_available', 'assigned')
                   AND dst.usage = 'customer' AND src.usage != 'customer'
            ), keyed AS (
                SELECT rp.id AS partner_id, e.product_id, comp.id AS company_id,
                       sum(e.sell_in_qty) AS sell_in_qty, sum(e.sell_out_qty) AS sell_out_qty,
                       sum(e.sell_in_qty - e.sell_out_qty) FILTER (WHERE e.date <= c.date) AS before_count,
                       sum(e.sell_in_qty - e.sell_out_qty) FILTER (WHERE e.date > c.date) AS after_count,
                       COALESCE(sum(e.sell_out_qty) FILTER (
                           WHERE e.date > CURRENT_DATE - COALESCE(NULLIF(rp.dealer_replenish_window_days, 0),
                                                                  comp.dealer_replenish_window_days)
                       ), 0) AS window_sell_out_qty,
                       max(e.date) FILTER (WHERE e.sell_out_qty > 0) AS last_sell_out_date,
                       max(c.date) AS reported_date, max(c.qty) AS reported_qty,
                       sum(e.transit_qty) AS in_transit_qty
                  FROM events e
                  JOIN res_partner rp ON rp.id = e.partner_id
                  JOIN res_company comp ON comp.id = e.company_id
             LEFT JOIN counts c ON c.partner_id = e.partner_id AND c.product_id = e.product_id
                                AND c.company_id = e.company_id
              GROUP BY rp.id, e.product_id, comp.id
            ), regions AS (
                SELECT DISTINCT ON (s.state_id) s.state_id, r.id AS region_id
                  FROM dealer_region_country_state_rel s
                  JOIN dealer_region r ON r.id = s.region_id
              ORDER BY s.state_id, length(r.parent_path) DESC, r.id
            )
            SELECT %(id)s AS id, k.partner_id, k.product_id, k.company_id, pt.categ_id,
                   rp.dealer_level_id, reg.region_id AS dealer_region_id, rp.dealer_parent_id, rp.state_id,
                   k.sell_in_qty, k.sell_out_qty, k.sell_in_qty - k.sell_out_qty AS expected_qty,
                   k.reported_qty, k.reported_date,
                   k.reported_qty - COALESCE(k.before_count, 0) AS difference_qty,
                   k.reported_qty IS NOT NULL AND CASE
                       WHEN comp.dealer_inventory_tolerance_type = 'units'
                           THEN abs(k.reported_qty - COALESCE(k.before_count, 0)) > comp.dealer_inventory_tolerance
                       ELSE abs(k.reported_qty - COALESCE(k.before_count, 0))
                            > abs(COALESCE(k.before_count, 0)) * comp.dealer_inventory_tolerance / 100.0
                   END AS difference_flag,
                   CASE WHEN k.reported_date IS NULL THEN k.sell_in_qty - k.sell_out_qty
                        ELSE k.reported_qty + COALESCE(k.after_count, 0) END AS estimated_qty,
                   k.in_transit_qty, k.window_sell_out_qty,
                   k.window_sell_out_qty / w.days AS velocity,
                   CASE WHEN k.window_sell_out_qty > 0
                        THEN GREATEST(CASE WHEN k.reported_date IS NULL THEN k.sell_in_qty - k.sell_out_qty
                                           ELSE k.reported_qty + COALESCE(k.after_count, 0) END, 0)
                             / (k.window_sell_out_qty / w.days) END AS cover_days,
                   k.last_sell_out_date,
                   (CASE WHEN k.reported_date IS NULL THEN k.sell_in_qty - k.sell_out_qty
                         ELSE k.reported_qty + COALESCE(k.after_count, 0) END) > 0
                   AND (k.last_sell_out_date IS NULL
                        OR k.last_sell_out_date < CURRENT_DATE - comp.dealer_inventory_slow_days) AS slow_moving
              FROM keyed k
              JOIN res_partner rp ON rp.id = k.partner_id
              JOIN res_company comp ON comp.id = k.company_id
              JOIN product_product pp ON pp.id = k.product_id
              JOIN product_template pt ON pt.id = pp.product_tmpl_id
         LEFT JOIN regions reg ON reg.state_id = rp.state_id
             CROSS JOIN LATERAL (SELECT COALESCE(NULLIF(rp.dealer_replenish_window_days, 0),
                                                 comp.dealer_replenish_window_days)::float AS days) w
            """,
            id=SQL(ID_SQL, p=SQL("k.partner_id"), q=SQL("k.product_id"), c=SQL("k.company_id")),
        )

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(SQL("CREATE OR REPLACE VIEW %s AS (%s)", SQL.identifier(self._table), self._dealer_query()))

    def action_view_stock_card(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("dealer_inventory.dealer_channel_move_action")
        action["domain"] = [("partner_id", "=", self.partner_id.id), ("product_id", "=", self.product_id.id),
                            ("company_id", "=", self.company_id.id)]
        action["display_name"] = self.env._("Stock card: %(dealer)s · %(product)s",
                                            dealer=self.partner_id.display_name,
                                            product=self.product_id.display_name)
        action["context"] = {}
        return action
