from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError


class DealerPromotionCopy(models.TransientModel):
    """Copy a template or an earlier promotion (e.g. last year's) with its dates shifted."""

    _name = "dealer.promotion.copy"
    _description = "Copy a Promotion with New Dates"

    promotion_id = fields.Many2one("dealer.promotion", required=True, string="Copy From")
    name = fields.Char(string="New Name", compute="_compute_from_promotion", store=True, readonly=False, required=True,
                       precompute=True)
    date_from = fields.Date(
        string="New Start Date", compute="_compute_from_promotion", store=True, readonly=False, required=True,
        precompute=True,
        help="Defaults to one year after the original (\"copy last year's\"); for templates, today.",
    )
    date_to = fields.Date(string="New End Date", compute="_compute_date_to")
    shift_days = fields.Integer(string="Shift (days)", compute="_compute_date_to")
    as_template = fields.Boolean(string="Create a Template", help="Create a template instead of a promotion.")

    @api.depends("promotion_id")
    def _compute_from_promotion(self):
        today = fields.Date.context_today(self)
        for wizard in self:
            promotion = wizard.promotion_id
            if not promotion:
                continue
            wizard.name = promotion.name
            if promotion.is_template:
                wizard.date_from = today
            else:
                wizard.date_from = promotion.date_from + relativedelta(years=1)

    @api.depends("date_from", "promotion_id")
    def _compute_date_to(self):
        for wizard in self:
            promotion = wizard.promotion_id
            if promotion and wizard.date_from:
                shift = wizard.date_from - promotion.date_from
                wizard.shift_days = shift.days
                wizard.date_to = promotion.date_to + shift
            else:
                wizard.shift_days = 0
                wizard.date_to = False

    def action_copy(self):
        self.ensure_one()
        if not self.date_from:
            raise UserError(self.env._("Set the start date of the new promotion."))
        new = self.promotion_id._copy_shifted(self.date_from, name=self.name, as_template=self.as_template)
        return {
            "type": "ir.actions.act_window",
            "res_model": "dealer.promotion",
            "res_id": new.id,
            "view_mode": "form",
        }
