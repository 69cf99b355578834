from odoo import fields, models

from odoo.addons.dealer_base.tools import set_column_defaults


class ResCompany(models.Model):
    _inherit = "res.company"

    dealer_expiry_red_days = fields.Integer(
        string="Expiry Red (days)", default=30,
        help="Lots expiring within this many days are red, unless their product category sets its own.",
    )
    dealer_expiry_yellow_days = fields.Integer(string="Expiry Yellow (days)", default=60)
    dealer_expiry_blue_days = fields.Integer(string="Expiry Blue (days)", default=90)
    dealer_replenish_window_days = fields.Integer(
        string="Sell-out Window (days)", default=28,
        help="The daily sell-out velocity of a dealer is its sell-out of the last so many days divided by them.",
    )
    dealer_replenish_lead_days = fields.Integer(
        string="Replenishment Lead Time (days)", default=7,
        help="Days between an order of a dealer and the goods on its shelves.",
    )
    dealer_replenish_cover_days = fields.Integer(
        string="Replenishment Cover (days)", default=14, help="Days of sell-out an order should cover.",
    )
    dealer_replenish_safety_days = fields.Integer(
        string="Safety Stock (days)", default=7, help="Days of sell-out kept as safety stock.",
    )
    dealer_inventory_tolerance_type = fields.Selection(
        [("percent", "Percent of the expected quantity"), ("units", "Units")],
        string="Count Tolerance Type", default="percent", required=True,
    )
    dealer_inventory_tolerance = fields.Float(
        string="Count Tolerance", default=5.0,
        help="A stock count differing from the expected quantity by more than this is flagged.",
    )
    dealer_inventory_downline_reports = fields.Boolean(
        string="Dealers Report for their Downline",
        help="A dealer may report the sell-out and stock counts of the dealers and stores below it.",
    )
    dealer_inventory_slow_days = fields.Integer(
        string="Slow-moving after (days)", default=60,
        help="Channel stock without any sell-out for this many days is flagged slow-moving.",
    )

    _sql_constraints = [
        ("dealer_expiry_days_order",
         "CHECK(dealer_expiry_red_days >= 0 AND dealer_expiry_yellow_days >= dealer_expiry_red_days"
         " AND dealer_expiry_blue_days >= dealer_expiry_yellow_days)",
         "The expiry thresholds must be positive and in the order red ≤ yellow ≤ blue."),
        ("dealer_replenish_days_positive",
         "CHECK(dealer_replenish_window_days > 0 AND dealer_replenish_lead_days >= 0"
         " AND dealer_replenish_cover_days >= 0 AND dealer_replenish_safety_days >= 0)",
         "The sell-out window must be positive and the replenishment days not negative."),
    ]

    def write(self, vals):
        result = super().write(vals)
        if {"dealer_inventory_tolerance_type", "dealer_inventory_tolerance"} & set(vals):
            self.env["dealer.channel.stock"].sudo()._dealer_refresh_flags(self.ids)
        return result

    def init(self):
        super().init()
        # a company inserted by a module loaded before this one still gets a tolerance type
        set_column_defaults(self, ["dealer_inventory_tolerance_type"])
