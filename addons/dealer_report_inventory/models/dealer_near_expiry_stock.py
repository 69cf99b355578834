from odoo import fields, models
from odoo.tools import SQL

from odoo.addons.dealer_inventory.models.stock_lot import EXPIRY_SELECTION, WARNING_LEVELS
from odoo.addons.dealer_report.tools.sql import REGION_BY_STATE


class DealerNearExpiryStock(models.Model):
    """The dealers' near-expiry stock: the lines with an expiry warning (expired, red, yellow,
    blue) of each dealer's latest done stock count of a product. A read-only SQL view."""

    _name = "dealer.near.expiry.stock"
    _inherit = "dealer.report.view.mixin"
    _description = "Dealer Near-Expiry Stock"
    _auto = False
    _order = "expiration_date, partner_id, product_id"
    _rec_name = "product_id"

    partner_id = fields.Many2one("res.partner", string="Dealer", readonly=True)
    dealer_region_id = fields.Many2one("dealer.region", string="Region", readonly=True)
    dealer_region_root_id = fields.Many2one("dealer.region", string="Top Region", readonly=True)
    dealer_level_id = fields.Many2one("dealer.level", string="Level", readonly=True)
    dealer_parent_id = fields.Many2one("res.partner", string="Upline", readonly=True)
    product_id = fields.Many2one("product.product", readonly=True)
    categ_id = fields.Many2one("product.category", string="Product Category", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    report_id = fields.Many2one("dealer.inventory.report", string="Stock Count", readonly=True)
    date = fields.Date(string="Counted on", readonly=True)
    lot_name = fields.Char(string="Lot", readonly=True)
    expiration_date = fields.Date(readonly=True)
    expiry_level = fields.Selection(EXPIRY_SELECTION, string="Expiry Warning", readonly=True)
    expiry_days_left = fields.Integer(string="Days Left", readonly=True)
    quantity = fields.Float(digits="Product Unit of Measure", readonly=True)

    def _query(self):
        return SQL(
            """
            WITH latest AS (
                SELECT DISTINCT ON (l.company_id, l.partner_id, l.product_id)
                       l.company_id, l.partner_id, l.product_id, l.report_id
                  FROM dealer_inventory_report_line l
                 WHERE l.state = 'done' AND l.report_type = 'stock'
              ORDER BY l.company_id, l.partner_id, l.product_id, l.date DESC, l.report_id DESC
            )
            SELECT l.id, l.partner_id, region.region_id AS dealer_region_id, region.root_id AS dealer_region_root_id,
                   dealer.dealer_level_id, dealer.dealer_parent_id, l.product_id, l.categ_id, l.company_id,
                   l.report_id, l.date, l.lot_name, l.expiration_date, l.expiry_level, l.expiry_days_left,
                   l.quantity
              FROM latest
              JOIN dealer_inventory_report_line l
                ON l.report_id = latest.report_id AND l.product_id = latest.product_id
              JOIN res_partner dealer ON dealer.id = l.partner_id
         LEFT JOIN (%(regions)s) region ON region.state_id = dealer.state_id
             WHERE l.expiry_level IN %(levels)s AND l.quantity > 0
            """,
            regions=SQL(REGION_BY_STATE), levels=WARNING_LEVELS,
        )
