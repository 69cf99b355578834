from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..tools import expiry_level
from .stock_lot import EXPIRY_SELECTION


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
