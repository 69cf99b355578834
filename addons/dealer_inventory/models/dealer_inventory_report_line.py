from odoo import api, fields, models
from odoo.tools import SQL
from odoo.exceptions import UserError, ValidationError

from ..tools import expiry_level
from .stock_lot import EXPIRY_SELECTION, WARNING_LEVELS


class DealerInventoryReportLine(models.Model):
    _name = "dealer.inventory.report.line"
    _description = "Dealer Inventory Report Line"
    _order = "report_id, id"
    _check_company_auto = True

    report_id = fields.Many2one("dealer.inventory.report", required=True, index=True, ondelete="cascade")
    partner_id = fields.Many2one(related="report_id.partner_id", store=True, index=True, string="Dealer")
    company_id = fields.Many2one(related="report_id.company_id", store=True, index=True)
    report_type = fields.Selection(related="report_id.report_type", store=True)
    date = fields.Date(related="report_id.date", store=True, index=True)
    state = fields.Selection(related="report_id.state", store=True, index=True)
    product_id = fields.Many2one(
        "product.product", required=True, index=True, check_company=True, domain="[('type', '=', 'consu')]",
    )
    categ_id = fields.Many2one(related="product_id.categ_id", store=True, string="Product Category")
    uom_id = fields.Many2one(related="product_id.uom_id", string="Unit")
    quantity = fields.Float(required=True, digits="Product Unit of Measure", default=0.0)
    lot_name = fields.Char(string="Lot")
    expiration_date = fields.Date()
    customer_id = fields.Many2one(
        "res.partner", string="Sold to", index="btree_not_null",
        help="Sell-out: the downline store or customer the dealer sold to (optional).",
    )
    expiry_level = fields.Selection(
        EXPIRY_SELECTION, compute="_compute_expiry_level", store=True, index="btree_not_null",
        help="Level by the days left before the expiration date (updated every day).",
    )
    expiry_days_left = fields.Integer(string="Days Left", compute="_compute_expiry_level", store=True)
    expiry_notified_level = fields.Selection(
        EXPIRY_SELECTION, string="Warned Level", readonly=True, copy=False,
        help="The level an activity was last raised for this dealer's lot: one activity per lot and level change.",
    )

    _sql_constraints = [
        ("quantity_not_negative", "CHECK(quantity >= 0)", "A reported quantity cannot be negative."),
    ]

    @api.depends("expiration_date", "product_id.categ_id")
    def _compute_expiry_level(self):
        today = fields.Date.context_today(self)
        categories = self.product_id.categ_id
        thresholds = self.env["product.category"]._dealer_expiry_thresholds(categories) if categories else {}
        for line in self:
            if not line.expiration_date:
                line.expiry_level = False
                line.expiry_days_left = 0
                continue
            days_left = (line.expiration_date - today).days
            red, yellow, blue = thresholds.get(line.product_id.categ_id.id, (30, 60, 90))
            line.expiry_days_left = days_left
            line.expiry_level = expiry_level(days_left, red, yellow, blue)

    @api.constrains("quantity")
    def _check_quantity(self):
        for line in self:
            if line.quantity < 0 or line.quantity > 1e9:
                raise ValidationError(self.env._(
                    "%(product)s: the quantity must be between 0 and 1,000,000,000.",
                    product=line.product_id.display_name))

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        lines._check_report_draft()
        return lines

    def write(self, vals):
        if set(vals) - {"expiry_notified_level"}:  # the warned level is the daily job's bookkeeping
            self._check_report_draft()
        res = super().write(vals)
        if "report_id" in vals:
            self._check_report_draft()
        return res

    def unlink(self):
        self._check_report_draft()
        return super().unlink()

    def _check_report_draft(self):
        # a reversal is created with its lines, in draft, then validated
        if any(line.report_id.state != "draft" for line in self):
            raise UserError(self.env._("The lines of a validated or cancelled report cannot be changed."))

    @api.model
    def _dealer_refresh_expiry_levels(self):
        """Recompute the levels of the lines with an expiration date (days left move every day)."""
        lines = self.search([("expiration_date", "!=", False), ("state", "=", "done")])
        self.env.add_to_compute(self._fields["expiry_level"], lines)
        self.env.add_to_compute(self._fields["expiry_days_left"], lines)
        lines.flush_recordset(["expiry_level", "expiry_days_left"])
        return lines

    @api.model
    def _dealer_raise_expiry_activities(self):
        """One activity per lot a dealer reported (dealer, product and lot name, as of its latest
        done count, with stock left) whose level changed into a warning since the last activity
        raised for that lot: on the count's report, for the dealer's salesperson."""
        self.flush_model()
        self.env.cr.execute(SQL(
            """
            WITH latest AS (
                SELECT DISTINCT ON (l.partner_id, l.company_id, l.product_id, l.lot_name)
                       l.id, l.partner_id, l.company_id, l.product_id, l.lot_name, l.expiry_level, l.quantity
                  FROM dealer_inventory_report_line l
                 WHERE l.state = 'done' AND l.report_type = 'stock' AND l.lot_name IS NOT NULL
                   AND l.expiration_date IS NOT NULL
              ORDER BY l.partner_id, l.company_id, l.product_id, l.lot_name, l.date DESC, l.id DESC
            )
            SELECT x.id
              FROM latest x
             WHERE x.quantity > 0 AND x.expiry_level IN %(levels)s
               AND x.expiry_level IS DISTINCT FROM (
                   SELECT w.expiry_notified_level FROM dealer_inventory_report_line w
                    WHERE w.partner_id = x.partner_id AND w.company_id = x.company_id
                      AND w.product_id = x.product_id AND w.lot_name = x.lot_name
                      AND w.expiry_notified_level IS NOT NULL
                 ORDER BY w.date DESC, w.id DESC LIMIT 1)
            """,
            levels=WARNING_LEVELS,
        ))
        # sudo: the daily job warns about the lots of every dealer and company
        lines = self.sudo().browse([row[0] for row in self.env.cr.fetchall()])
        activity_type = self.env.ref("dealer_inventory.mail_activity_type_dealer_expiry_report")
        labels = dict(EXPIRY_SELECTION)
        admin = self.env.ref("base.user_admin", raise_if_not_found=False)
        for line in lines:
            user = line.partner_id.user_id or line.product_id.responsible_id or admin or self.env.user
            line.report_id.activity_schedule(
                activity_type_id=activity_type.id,
                summary=self.env._("%(dealer)s: lot %(lot)s of %(product)s: %(level)s (%(days)s days left)",
                                   dealer=line.partner_id.display_name, lot=line.lot_name,
                                   product=line.product_id.display_name, level=labels[line.expiry_level],
                                   days=line.expiry_days_left),
                user_id=user.id,
            )
            line.expiry_notified_level = line.expiry_level
        return lines
