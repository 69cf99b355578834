from odoo import api, fields, models
from odoo.tools import SQL

from odoo.addons.dealer_base.tools import in_user_language

from ..tools import expiry_level

EXPIRY_SELECTION = [
    ("expired", "Expired"),
    ("red", "Red"),
    ("yellow", "Yellow"),
    ("blue", "Blue"),
    ("ok", "OK"),
]
# levels that raise an activity when a lot enters them
WARNING_LEVELS = ("expired", "red", "yellow", "blue")


class StockLot(models.Model):
    _inherit = "stock.lot"

    dealer_expiry_level = fields.Selection(
        EXPIRY_SELECTION, string="Expiry Warning", compute="_compute_dealer_expiry_level", store=True,
        index="btree_not_null",
        help="Level by the days left before the expiration date and the thresholds of the product category; "
        "brought up to date every day.",
    )
    dealer_expiry_days_left = fields.Integer(
        string="Days Left", compute="_compute_dealer_expiry_level", store=True,
        help="Days between today and the expiration date (as of the last daily update).",
    )
    dealer_expiry_notified_level = fields.Selection(
        EXPIRY_SELECTION, string="Warned Level", readonly=True, copy=False,
        help="The level an activity was last raised for: one activity per lot and level change.",
    )

    @api.depends("expiration_date", "product_id.categ_id")
    def _compute_dealer_expiry_level(self):
        today = fields.Date.context_today(self)
        categories = self.product_id.categ_id
        thresholds = self.env["product.category"]._dealer_expiry_thresholds(categories) if categories else {}
        for lot in self:
            if not lot.expiration_date:
                lot.dealer_expiry_level = False
                lot.dealer_expiry_days_left = 0
                continue
            days_left = (fields.Date.context_today(lot, lot.expiration_date) - today).days
            red, yellow, blue = thresholds.get(lot.product_id.categ_id.id, (30, 60, 90))
            lot.dealer_expiry_days_left = days_left
            lot.dealer_expiry_level = expiry_level(days_left, red, yellow, blue)

    @api.model
    @in_user_language
    def _cron_dealer_expiry(self):
        """Bring the expiry levels up to date (lots and reported lines), then raise one activity
        per lot (of our warehouses, and reported by the dealers) whose level changed into a
        warning since the last one."""
        lots = self.search([("expiration_date", "!=", False)])
        self.env.add_to_compute(self._fields["dealer_expiry_level"], lots)
        self.env.add_to_compute(self._fields["dealer_expiry_days_left"], lots)
        lots.flush_recordset(["dealer_expiry_level", "dealer_expiry_days_left"])
        Line = self.env["dealer.inventory.report.line"]
        Line._dealer_refresh_expiry_levels()
        self._dealer_raise_expiry_activities()
        Line._dealer_raise_expiry_activities()

    @api.model
    def _dealer_raise_expiry_activities(self):
        self.flush_model()
        self.env["stock.quant"].flush_model(["lot_id", "quantity", "location_id"])
        self.env.cr.execute(SQL(
            """
            SELECT l.id
              FROM stock_lot l
             WHERE l.dealer_expiry_level IN %(levels)s
               AND l.dealer_expiry_level IS DISTINCT FROM l.dealer_expiry_notified_level
               AND EXISTS (SELECT 1 FROM stock_quant q JOIN stock_location loc ON loc.id = q.location_id
                            WHERE q.lot_id = l.id AND loc.usage = 'internal' AND q.quantity > 0)
            """,
            levels=WARNING_LEVELS,
        ))
        lots = self.browse([row[0] for row in self.env.cr.fetchall()])
        activity_type = self.env.ref("dealer_inventory.mail_activity_type_dealer_expiry")
        labels = dict(EXPIRY_SELECTION)
        for lot in lots:
            user = lot.product_id.responsible_id or self.env.ref("base.user_admin", raise_if_not_found=False)
            lot.activity_schedule(
                activity_type_id=activity_type.id,
                summary=self.env._("Lot %(lot)s of %(product)s: %(level)s (%(days)s days left)",
                                   lot=lot.name, product=lot.product_id.display_name,
                                   level=labels[lot.dealer_expiry_level], days=lot.dealer_expiry_days_left),
                user_id=(user or self.env.user).id,
            )
            lot.dealer_expiry_notified_level = lot.dealer_expiry_level
        return lots
