from odoo import fields, models


class DealerRebateSettlementLine(models.Model):
    _inherit = "dealer.rebate.settlement.line"

    kind = fields.Selection(selection_add=[("profit_share", "Profit Share")], ondelete={"profit_share": "set null"})
