from odoo import api, fields, models, tools
from odoo.tools import SQL

MOVE_KINDS = [
    ("sell_in", "Sell-in"),
    ("return", "Return"),
    ("sell_out", "Sell-out"),
    ("sell_out_reversal", "Sell-out Reversal"),
    ("fulfillment", "Fulfillment Delivery"),
    ("fulfillment_return", "Fulfillment Return"),
    ("count", "Stock Count"),
]


class DealerChannelMove(models.Model):
    """The stock card of the dealers: every fact that changes a dealer's channel stock, in date
    order. A read-only SQL view over done stock moves and done inventory reports.

    - sell-in: our done deliveries to the dealer (its commercial partner and its addresses),
      returns from it negative;
    - sell-out: done sell-out report lines (reversals negative) and the done fulfillment
      deliveries that left from the dealer's warehouse (returns to it negative);
    - counts: the lines of done stock counts (``count_qty``; they change no balance).
    """

    _name = "dealer.channel.move"
    _description = "Dealer Stock Card"
    _auto = False
    _order = "date, sequence, id"
    _rec_name = "reference"

    partner_id = fields.Many2one("res.partner", string="Dealer", readonly=True)
    product_id = fields.Many2one("product.product", readonly=True)
    categ_id = fields.Many2one("product.category", string="Product Category", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    date = fields.Date(readonly=True)
    sequence = fields.Integer(readonly=True)
    kind = fields.Selection(MOVE_KINDS, readonly=True)
    reference = fields.Char(readonly=True)
    sell_in_qty = fields.Float(string="Sell-in", digits="Product Unit of Measure", readonly=True)
    sell_out_qty = fields.Float(string="Sell-out", digits="Product Unit of Measure", readonly=True)
    count_qty = fields.Float(string="Counted", digits="Product Unit of Measure", readonly=True)
    lot_name = fields.Char(string="Lot", readonly=True)
    move_id = fields.Many2one("stock.move", readonly=True)
    picking_id = fields.Many2one("stock.picking", string="Transfer", readonly=True)
    report_id = fields.Many2one("dealer.inventory.report", readonly=True)
    customer_id = fields.Many2one("res.partner", string="Sold to", readonly=True)

    @api.model
    def _dealer_move_qty_sql(self):
        """Done quantity of stock move ``m`` in its product's unit (``mu``/``pu``: the move's and
        the product's units)."""
        return SQL("(m.quantity / NULLIF(mu.factor, 0) * pu.factor)")

    @api.model
    def _dealer_local_date_sql(self, column):
        """The date of ``column`` (a UTC timestamp) in the company's time zone (``ctz``)."""
        return SQL("(%s AT TIME ZONE 'UTC' AT TIME ZONE COALESCE(ctz.tz, 'UTC'))::date", column)

    @api.model
    def _dealer_query(self):
        """SELECT of the view, a hook for extensions (union more facts)."""
        qty = self._dealer_move_qty_sql()
        move_date = self._dealer_local_date_sql(SQL("m.date"))
        move_joins = SQL(
            """
              JOIN stock_location src ON src.id = m.location_id
              JOIN stock_location dst ON dst.id = m.location_dest_id
              JOIN uom_uom mu ON mu.id = m.product_uom
              JOIN product_product pp ON pp.id = m.product_id
              JOIN product_template pt ON pt.id = pp.product_tmpl_id
              JOIN uom_uom pu ON pu.id = pt.uom_id
              JOIN res_company comp ON comp.id = m.company_id
              JOIN res_partner ctz ON ctz.id = comp.partner_id
            """
        )
        return SQL(
            """
            -- sell-in: our done deliveries to the dealer, returns from it
            SELECT m.id * 8 AS id, cp.id AS partner_id, m.product_id, pt.categ_id, m.company_id,
                   %(move_date)s AS date, 10 AS sequence,
                   CASE WHEN dst.usage = 'customer' THEN 'sell_in' ELSE 'return' END AS kind,
                   COALESCE(p.name, m.reference) AS reference,
                   CASE WHEN dst.usage = 'customer' THEN %(qty)s ELSE -%(qty)s END AS sell_in_qty,
                   0.0 AS sell_out_qty, 0.0 AS count_qty, NULL AS lot_name,
                   m.id AS move_id, m.picking_id, NULL::integer AS report_id, NULL::integer AS customer_id
              FROM stock_move m
              JOIN stock_picking p ON p.id = m.picking_id
              JOIN res_partner addr ON addr.id = p.partner_id
              JOIN res_partner cp ON cp.id = addr.commercial_partner_id AND cp.is_dealer
              %(move_joins)s
             WHERE m.state = 'done' AND ((dst.usage = 'customer') != (src.usage = 'customer'))
            UNION ALL
            -- sell-out: done fulfillment deliveries leaving the dealer's warehouse, returns to it
            SELECT m.id * 8 + 1, d.id, m.product_id, pt.categ_id, m.company_id,
                   %(move_date)s, 20,
                   CASE WHEN dst.usage = 'customer' THEN 'fulfillment' ELSE 'fulfillment_return' END,
                   COALESCE(p.name, m.reference),
                   0.0, CASE WHEN dst.usage = 'customer' THEN %(qty)s ELSE -%(qty)s END, 0.0, NULL,
                   m.id, m.picking_id, NULL::integer, so.partner_id
              FROM stock_move m
              JOIN stock_picking p ON p.id = m.picking_id
              JOIN sale_order so ON so.id = p.sale_id AND so.fulfillment_dealer_id IS NOT NULL
              JOIN res_partner d ON d.id = so.fulfillment_dealer_id AND d.dealer_warehouse_id IS NOT NULL
              %(move_joins)s
             WHERE m.state = 'done'
               AND ((dst.usage = 'customer' AND src.usage != 'customer' AND src.warehouse_id = d.dealer_warehouse_id)
                 OR (src.usage = 'customer' AND dst.usage != 'customer' AND dst.warehouse_id = d.dealer_warehouse_id))
            UNION ALL
            -- sell-out and stock counts reported by the dealer
            SELECT l.id * 8 + CASE WHEN r.report_type = 'stock' THEN 3 ELSE 2 END, l.partner_id, l.product_id,
                   l.categ_id, l.company_id, l.date, CASE WHEN r.report_type = 'stock' THEN 90 ELSE 30 END,
                   CASE WHEN r.report_type = 'stock' THEN 'count'
                        WHEN r.reversal_of_id IS NOT NULL THEN 'sell_out_reversal' ELSE 'sell_out' END,
                   r.name, 0.0,
                   CASE WHEN r.report_type = 'stock' THEN 0.0
                        WHEN r.reversal_of_id IS NOT NULL THEN -l.quantity ELSE l.quantity END,
                   CASE WHEN r.report_type = 'stock' THEN l.quantity ELSE 0.0 END,
                   l.lot_name, NULL::integer, NULL::integer, r.id, l.customer_id
              FROM dealer_inventory_report_line l
              JOIN dealer_inventory_report r ON r.id = l.report_id
             WHERE l.state = 'done'
            """,
            move_date=move_date, qty=qty, move_joins=move_joins,
        )

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(SQL("CREATE OR REPLACE VIEW %s AS (%s)", SQL.identifier(self._table), self._dealer_query()))

    def action_open_document(self):
        self.ensure_one()
        record = self.picking_id or self.report_id
        return {
            "type": "ir.actions.act_window", "res_model": record._name, "res_id": record.id,
            "view_mode": "form", "views": [(False, "form")],
        }
